// Tests for phrasing: summary sentences read grammatically whatever the theme label (acronyms, plurals, a/an, one or many).
import { expect } from 'chai';
import { categoryLeadLine, count, indefiniteArticle, isAre, list, questionLeadLine, quoted, withArticle } from '../../src/pipeline/phrasing.ts';

describe('phrasing: labels in sentences', () => {
  // label -> how the executive summary line for a notes category reads.
  const leads: [string, string][] = [
    ['STEM', 'Interventions: “STEM” came up most (25 of 119 points, 21%).'],
    ['ICT skills', 'Interventions: “ICT skills” came up most (25 of 119 points, 21%).'],
    ['Group', 'Interventions: “Group” came up most (25 of 119 points, 21%).'],
    ['Girls', 'Interventions: “Girls” came up most (25 of 119 points, 21%).'],
    ['Cost of devices and data', 'Interventions: “Cost of devices and data” came up most (25 of 119 points, 21%).'],
    ['UN Women', 'Interventions: “UN Women” came up most (25 of 119 points, 21%).'],
    ['eGovernment', 'Interventions: “eGovernment” came up most (25 of 119 points, 21%).'],
    ['"Quoted" label', 'Interventions: “"Quoted" label” came up most (25 of 119 points, 21%).'],
  ];
  for (const [label, expected] of leads) {
    it(`keeps "${label}" as written, quoted as a name`, () => {
      expect(categoryLeadLine('Interventions', label, 25, 119, 'points')).to.equal(expected);
    });
  }

  it('never lower-cases an acronym ("sTEM") in the question line', () => {
    const line = questionLeadLine('What helps?', 'STEM clubs', 3, 4, 'answers');
    expect(line).to.equal('"What helps?": the leading theme was “STEM clubs” (3 of 4 answers, 75%).');
    expect(line).to.not.match(/sTEM/);
  });

  it('quotes a label once even when it already has quotes', () => {
    expect(quoted('“Cost”')).to.equal('“Cost”');
  });

  // word -> its indefinite article.
  const articles: [string, 'a' | 'an'][] = [
    ['action', 'an'], ['issue', 'an'], ['opportunity', 'an'], ['outcome', 'an'], ['intervention', 'an'],
    ['barrier', 'a'], ['capacity gap', 'a'], ['stakeholder', 'a'], ['user', 'a'], ['university', 'a'],
    ['European network', 'a'], ['one-off grant', 'a'], ['hour', 'an'], ['honest answer', 'an'], ['house', 'a'],
    ['NGO', 'an'], ['ICT centre', 'an'], ['SMS', 'an'], ['UN agency', 'a'], ['STEM club', 'a'], ['CSO', 'a'], ['', 'a'],
  ];
  for (const [word, article] of articles) {
    it(`writes "${article} ${word}"`, () => {
      expect(indefiniteArticle(word)).to.equal(article);
    });
  }

  it('puts the article before the phrase', () => {
    expect(withArticle('action point')).to.equal('an action point');
    expect(withArticle('barrier point')).to.equal('a barrier point');
  });

  const counts: [number, string, string | undefined, string][] = [
    [0, 'theme', undefined, '0 themes'], [1, 'theme', undefined, '1 theme'], [2, 'theme', undefined, '2 themes'],
    [1, 'minority view', undefined, '1 minority view'], [4, 'minority view', undefined, '4 minority views'],
    [1, 'activity', 'activities', '1 activity'], [3, 'activity', 'activities', '3 activities'],
  ];
  for (const [n, one, many, expected] of counts) {
    it(`counts ${expected}`, () => {
      expect(count(n, one, many)).to.equal(expected);
    });
  }

  it('agrees the verb with one or many, and lists with "and"', () => {
    expect(`${count(1, 'minority view')} ${isAre(1)} listed`).to.equal('1 minority view is listed');
    expect(`${count(3, 'minority view')} ${isAre(3)} listed`).to.equal('3 minority views are listed');
    expect(list([])).to.equal('');
    expect(list(['cost'])).to.equal('cost');
    expect(list(['cost', 'signal'])).to.equal('cost and signal');
    expect(list(['cost', 'signal', 'STEM'])).to.equal('cost, signal and STEM');
  });
});
