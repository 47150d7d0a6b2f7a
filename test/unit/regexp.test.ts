// The stakeholder map's word-start rule, shared by the analysis, the recount after edits and the filtered report.
import { expect } from 'chai';
import { mentionsAsWordStart } from '../../src/model/regexp.ts';

describe('mentionsAsWordStart', () => {
  it('finds a term at the start of a word, not inside one', () => {
    expect(mentionsAsWordStart('the ngos and the ministry', 'ngo')).to.equal(true);
    expect(mentionsAsWordStart('ngo staff', 'ngo')).to.equal(true);
    expect(mentionsAsWordStart('a mongo database', 'ngo')).to.equal(false);
    expect(mentionsAsWordStart('(un women) said', 'un women')).to.equal(true);
  });

  it('reads a term with pattern characters as plain text', () => {
    expect(mentionsAsWordStart('the c++ club and the ict (it) office', 'c++')).to.equal(true);
    expect(mentionsAsWordStart('the ict (it) office', 'ict (it)')).to.equal(true);
    expect(mentionsAsWordStart('the cc club', 'c++')).to.equal(false);
  });
});
