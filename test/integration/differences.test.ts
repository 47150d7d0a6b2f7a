// Who said it differently (issue 19, item 2): the tests on 2x2 tables against reference values, and on a survey whose
// groups differ by construction: the difference is found, the balanced attribute gives no claim, every count recomputes.
import { expect } from 'chai';
import path from 'node:path';
import { benjaminiHochberg, chiSquare2x2, chiSquareSurvival1, findDifferences, fisherExact } from '../../src/pipeline/differences.ts';
import { howOften, qText } from '../../src/report/differences-view.ts';
import { buildReportView } from '../../src/report/view-model.ts';
import { renderMarkdownView } from '../../src/report/markdown.ts';
import { analysePaths, ROOT } from './helpers.ts';

describe('differences: the tests', () => {
  it('Fisher’s exact test (two-sided) matches SciPy’s values', () => {
    // scipy.stats.fisher_exact(...)[1]
    expect(fisherExact(3, 1, 1, 3)).to.be.closeTo(0.48571428571428565, 1e-12);
    expect(fisherExact(10, 2, 3, 15)).to.be.closeTo(0.0005367241191434357, 1e-12);
    expect(fisherExact(0, 20, 12, 8)).to.be.closeTo(4.5095150768120733e-5, 1e-12);
    expect(fisherExact(5, 5, 5, 5)).to.equal(1);
  });

  it('the chi-square test matches SciPy’s values (no continuity correction)', () => {
    // scipy.stats.chi2.sf(x, 1) and chi2_contingency(table, correction=False)[1]
    expect(chiSquareSurvival1(3.841458820694124)).to.be.closeTo(0.05, 1e-7);
    expect(chiSquareSurvival1(20) / 7.744216431044088e-6).to.be.closeTo(1, 1e-6);
    expect(chiSquare2x2(120, 380, 60, 440) / 7.866606982436414e-7).to.be.closeTo(1, 1e-6);
  });

  it('the Benjamini-Hochberg correction steps up and keeps the order', () => {
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((want, i) => expect(adjusted[i]).to.be.closeTo(want, 1e-12));
    expect(benjaminiHochberg([])).to.deep.equal([]);
    expect(benjaminiHochberg([0.9, 0.8])).to.deep.equal([0.9, 0.9]);
  });
});

describe('differences: the sentences', () => {
  it('say how often in words and the q-value as a facilitator reads it', () => {
    const others = 'the other answers';
    const table: [number, string][] = [
      [2, 'came up twice as often as in the other answers'],
      [2.1, 'came up twice as often as in the other answers'],
      [3, 'came up three times as often as in the other answers'],
      [1.6, 'came up 1.6 times as often as in the other answers'],
      [0.5, 'came up half as often as in the other answers'],
      [0.33, 'came up a third as often as in the other answers'],
      [0.25, 'came up a quarter as often as in the other answers'],
      [0.7, 'came up 70% as often as in the other answers'],
      [0, 'did not come up, though it did in the other answers'],
      [Infinity, 'came up only there, never in the other answers'],
    ];
    for (const [ratio, want] of table) expect(howOften(ratio, others), String(ratio)).to.equal(want);
    expect([0.0004, 0.0042, 0.031].map(qText)).to.deep.equal(['q < 0.001', 'q = 0.004', 'q = 0.03']);
  });
});

describe('differences: on a survey whose groups differ', function () {
  this.timeout(180_000);
  it('finds that one group names a theme more often, not the balanced attribute, with counts that recompute', async () => {
    // 40 government and 40 civil-society answers: government 32 of 40 about budgets, civil society 32 of 40 about
    // harassment; the country alternates, so it is balanced.
    const file = path.join(ROOT, 'test/fixtures/differences/org-type-survey.csv');
    const { synthesis } = await analysePaths([file]);
    const { differences, tests } = findDifferences(synthesis);
    expect(tests).to.be.greaterThan(0);
    expect(differences.length).to.be.greaterThan(0);
    expect(differences.every((d) => d.attribute === 'org_type'), JSON.stringify(differences.map((d) => d.attribute))).to.equal(true);
    const byId = new Map(synthesis.segments.map((s) => [s.id, s]));
    for (const d of differences) {
      expect(d.pAdjusted).to.be.below(0.05);
      expect(d.pAdjusted).to.be.at.least(d.p);
      // Every number recomputes from the stored segments.
      const scope = synthesis.scopes.find((sc) => sc.id === d.scopeId)!;
      const theme = scope.themes.find((t) => t.id === d.themeId)!;
      const inScope = scope.themes.flatMap((t) => t.segmentIds.map((id) => byId.get(id)!));
      const group = inScope.filter((s) => s.attributes.org_type === d.group);
      expect(d.groupSegments).to.equal(group.length);
      expect(d.groupInTheme).to.equal(group.filter((s) => theme.segmentIds.includes(s.id)).length);
      expect(d.restSegments).to.equal(inScope.length - group.length);
      expect(d.groupShare).to.equal(d.groupInTheme / d.groupSegments);
    }
    // The report says it in words, with the same counts.
    const md = renderMarkdownView(buildReportView(synthesis));
    const section = md.slice(md.indexOf('## Who said it differently'), md.indexOf('## Minority views'));
    expect(section).to.contain(`${tests} comparisons`);
    for (const d of differences.slice(0, 20)) expect(section).to.contain(`of ${d.groupSegments} answers against`);
    expect(section).to.match(/Where org type is “Civil society”, “[^”]+” (?:came up (?:[\d.]+ times|twice|three times|four times|half|a third|a quarter|\d+%) as often as|came up only there, never|did not come up, though it did) in the other answers/);
    // The budget theme is raised far more by government (the first group of the two tested, alphabetically "Civil society").
    const strongest = differences[0]!;
    const theme = synthesis.scopes.flatMap((sc) => sc.themes).find((t) => t.id === strongest.themeId)!;
    const texts = theme.segmentIds.map((id) => byId.get(id)!.text.toLowerCase());
    const aboutBudget = texts.filter((t) => t.includes('budget')).length / texts.length;
    if (aboutBudget > 0.5) expect(strongest.groupShare).to.be.below(strongest.restShare);
    else expect(strongest.groupShare).to.be.above(strongest.restShare);
  });
});
