// The label figures npm run eval prints (src/eval/labels.ts): a label occurs verbatim in a member, point by point.
import { expect } from 'chai';
import { labelFigures, type LabelledTheme } from '../../src/eval/labels.ts';
import { stemmerFor } from '../../src/pipeline/text.ts';

describe('eval: label figures', () => {
  const stopwords = new Set(['the', 'a', 'of', 'and', 'is', 'no', 'our', 'too', 'for', 'in']);
  const stem = stemmerFor('en');
  const figures = (label: string, members: string[]): number => {
    const theme: LabelledTheme = { label, members, truth: members.map(() => 'x'), scope: 's' };
    return labelFigures([theme], new Map([['s', members]]), stopwords, stem).verbatim;
  };
  const members = ['The roof of our school is too small', 'no money for panels', 'money is the problem'];

  it('counts a label verbatim when a member writes it, case and spacing aside', () => {
    expect(figures('Roof of our school', members)).to.equal(1);
    expect(figures('School roof', members)).to.equal(0);
  });

  it('counts a label of two points verbatim only when each point is written by a member', () => {
    expect(figures('Roof; money', members)).to.equal(1);
    expect(figures('Roof; grants', members)).to.equal(0);
  });
});
