// Tests for phrasing: summary sentences read grammatically whatever the theme label (acronyms, plurals, a/an, one or many).
import { expect } from 'chai';
import { categoryLeadLine, coherenceWords, count, indefiniteArticle, isAre, joinWrappedLines, list, ofTotal, oneVoiceLine, otherLine, questionLeadLine, quoted, withArticle } from '../../src/pipeline/phrasing.ts';

describe('phrasing: labels in sentences', () => {
  // label -> how the executive summary line for a notes category reads.
  const leads: [string, string][] = [
    ['STEM', 'Interventions: the leading theme was “STEM” (25 of 119 points, 21%).'],
    ['ICT skills', 'Interventions: the leading theme was “ICT skills” (25 of 119 points, 21%).'],
    ['Group', 'Interventions: the leading theme was “Group” (25 of 119 points, 21%).'],
    ['Girls', 'Interventions: the leading theme was “Girls” (25 of 119 points, 21%).'],
    ['Cost of devices and data', 'Interventions: the leading theme was “Cost of devices and data” (25 of 119 points, 21%).'],
    ['UN Women', 'Interventions: the leading theme was “UN Women” (25 of 119 points, 21%).'],
    ['eGovernment', 'Interventions: the leading theme was “eGovernment” (25 of 119 points, 21%).'],
    ['"Quoted" label', 'Interventions: the leading theme was “"Quoted" label” (25 of 119 points, 21%).'],
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

describe('phrasing: the sentence builders over a table of counts and labels', () => {
  // [part, total, plural unit] -> "part of total unit(s)": one or many by the whole.
  const ofTotals: [number, number, string, string][] = [
    [1, 1, 'points', '1 of 1 point'],
    [1, 2, 'points', '1 of 2 points'],
    [0, 1, 'answers', '0 of 1 answer'],
    [8, 9, 'points', '8 of 9 points'],
    [1, 1, 'documents', '1 of 1 document'],
  ];
  for (const [part, total, unit, expected] of ofTotals) {
    it(`ofTotal(${part}, ${total}, ${unit}) -> ${expected}`, () => expect(ofTotal(part, total, unit)).to.equal(expected));
  }

  // count(n, unit): never "1 points", "1 documents".
  const counts: [number, string, string][] = [
    [0, 'point', '0 points'], [1, 'point', '1 point'], [2, 'point', '2 points'],
    [1, 'document', '1 document'], [21, 'document', '21 documents'], [1, 'sub-theme', '1 sub-theme'],
    [1, 'capacity gap', '1 capacity gap'], [3, 'opportunity', '3 opportunities'],
  ];
  for (const [n, unit, expected] of counts) {
    it(`count(${n}, ${unit}) -> ${expected}`, () => expect(n === 3 ? count(n, unit, 'opportunities') : count(n, unit)).to.equal(expected));
  }

  // label, total -> the lead line: acronyms and lowercase-first labels kept as written; the unit follows the total.
  const leadTable: [string, number, number, string][] = [
    ['STEM', 1, 1, 'Interventions: the leading theme was “STEM” (1 of 1 point, 100%).'],
    ['iCT profile', 2, 3, 'Interventions: the leading theme was “iCT profile” (2 of 3 points, 67%).'],
    ['eGovernment', 5, 10, 'Interventions: the leading theme was “eGovernment” (5 of 10 points, 50%).'],
  ];
  for (const [label, size, total, expected] of leadTable) {
    it(`lead line for "${label}" with ${size} of ${total}`, () => expect(categoryLeadLine('Interventions', label, size, total, 'points')).to.equal(expected));
  }

  // the Other line: one or many, answers or points (was "1 answers ... are listed").
  const otherTable: [number, string, string][] = [
    [1, 'answers', '1 answer did not fit a theme and is listed under Other.'],
    [1, 'points', '1 point did not fit a theme and is listed under Other.'],
    [4, 'answers', '4 answers did not fit a theme and are listed under Other.'],
  ];
  for (const [size, unit, expected] of otherTable) {
    it(`Other line for ${size} ${unit}`, () => expect(otherLine(size, unit)).to.equal(expected));
  }

  it('one voice: "8 of 9 points from group C"', () => {
    expect(oneVoiceLine(8, 9, 'points', 'group C')).to.equal('8 of 9 points from group C');
    expect(oneVoiceLine(1, 1, 'answers', 'survey.csv')).to.equal('1 of 1 answer from survey.csv');
  });

  // coherence -> words; the number goes in a tooltip.
  const coherences: [number, string][] = [
    [0.9, 'a tight theme'], [0.55, 'a tight theme'], [0.5, 'a fairly tight theme'], [0.45, 'a fairly tight theme'],
    [0.44, 'a loose theme: check it'], [0, 'a loose theme: check it'],
  ];
  for (const [c, words] of coherences) {
    it(`coherence ${c} reads "${words}"`, () => expect(coherenceWords(c)).to.equal(words));
  }

  // a quote spanning wrapped source lines reads as one paragraph; list items and paragraphs keep their breaks.
  const quotes: [string, string][] = [
    ['Use local radio for a campaign\n  with role models.', 'Use local radio for a campaign with role models.'],
    ['skills trainings fail when women go home\nto a phone without data.', 'skills trainings fail when women go home to a phone without data.'],
    ['Hard to choose one:\n- device vouchers\n- core funding', 'Hard to choose one:\n- device vouchers\n- core funding'],
    ['Two things:\n1. A social tariff\n2. Hubs', 'Two things:\n1. A social tariff\n2. Hubs'],
    ['First paragraph\nwrapped.\n\nSecond one.', 'First paragraph wrapped.\n\nSecond one.'],
    ['One line.', 'One line.'],
    ['Childcare, mostly.\nThe evening classes.', 'Childcare, mostly.\nThe evening classes.'],
    ['Stop at 5 p.m.\nevery day', 'Stop at 5 p.m. every day'],
  ];
  for (const [text, expected] of quotes) {
    it(`joinWrappedLines(${JSON.stringify(text)})`, () => expect(joinWrappedLines(text)).to.equal(expected));
  }
});
