// The text labelling reads (src/pipeline/without-people.ts): people's names and a chat message's header cut out.
import { expect } from 'chai';
import { withoutPeople } from '../../src/pipeline/without-people.ts';

describe('labelling text without the people it names', () => {
  it('cuts each person span and a chat header, and keeps the rest verbatim', () => {
    const text = '10:12:58 From Faith Wambui to Everyone: +1 to Grace, women farmers get no SMS alerts';
    const pii = [
      { kind: 'person' as const, start: 14, end: 26, text: 'Faith Wambui' },
      { kind: 'person' as const, start: 46, end: 51, text: 'Grace' },
      { kind: 'email' as const, start: 0, end: 0, text: '' },
    ];
    const out = withoutPeople(text, pii);
    expect(out).to.not.match(/Faith|Wambui|Grace|Everyone|From/);
    expect(out).to.include('women farmers get no SMS alerts');
  });

  it('leaves a text that names no one as it is, except a chat header', () => {
    expect(withoutPeople('The bus stops at eight.', [])).to.equal('The bus stops at eight.');
    expect(withoutPeople('From Secretariat to Everyone: slides follow', [])).to.not.include('Everyone');
  });
});
