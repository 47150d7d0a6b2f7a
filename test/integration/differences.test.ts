// Who said it differently (issue 19, item 2): the tests on 2x2 tables against reference values, and on a survey whose
// groups differ by construction: the difference is found, the balanced attribute gives no claim, every count recomputes.
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { benjaminiHochberg, chiSquare2x2, chiSquareSurvival1, findDifferences, fisherExact } from '../../src/pipeline/differences.ts';
import { DIFFERENCES_CSV_COLUMNS, howOften, qText } from '../../src/report/differences-view.ts';
import { renderDifferencesCsv } from '../../src/export/csv.ts';
import { buildReportView } from '../../src/report/view-model.ts';
import { renderMarkdownView } from '../../src/export/markdown.ts';
import type { Synthesis } from '../../src/model/index.ts';
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
  let synthesis: Synthesis;
  before(async () => {
    // 40 government and 40 civil-society answers: government 32 of 40 about budgets, civil society 32 of 40 about
    // harassment; the country alternates, so it is balanced.
    ({ synthesis } = await analysePaths([path.join(ROOT, 'test/fixtures/differences/org-type-survey.csv')]));
  });

  it('finds that one group names a theme more often, not the balanced attribute, with counts that recompute', async () => {
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

  it('a multi-choice question: who ticked an option against who answered without ticking it, overlapping options each tested', () => {
    // As if each respondent had also ticked boxes: every government answer "Public budgets", every civil-society
    // answer "Online safety", and every fourth answer of both "Training" too (respondents in two groups at once).
    const question = 'Which areas does your work cover?';
    const segments = synthesis.segments.map((s, i) => {
      const own = s.attributes.org_type === 'Government' ? ['Public budgets'] : ['Online safety'];
      return { ...s, choices: { [question]: i % 4 === 0 ? [...own, 'Training'] : own } };
    });
    const ticking = { ...synthesis, segments };
    const { differences } = findDifferences(ticking);
    const claims = differences.filter((d) => d.attribute === question);
    expect(claims.length).to.be.greaterThan(0);
    const byId = new Map(segments.map((s) => [s.id, s]));
    for (const d of claims) {
      expect(d.ticked).to.equal(true);
      // "Public budgets" and "Online safety" are each tested: the two-group shortcut does not apply to overlapping options.
      const scope = ticking.scopes.find((sc) => sc.id === d.scopeId)!;
      const theme = scope.themes.find((t) => t.id === d.themeId)!;
      const inScope = scope.themes.flatMap((t) => t.segmentIds.map((id) => byId.get(id)!));
      const group = inScope.filter((s) => s.choices[question]!.includes(d.group));
      expect(d.groupSegments).to.equal(group.length);
      expect(d.groupInTheme).to.equal(group.filter((s) => theme.segmentIds.includes(s.id)).length);
      expect(d.restSegments).to.equal(inScope.length - group.length);
      expect(d.pairs).to.deep.equal([]);
    }
    expect(new Set(claims.map((d) => d.group))).to.include.members(['Public budgets', 'Online safety']);
    // The report says it as a ticked option.
    const md = renderMarkdownView(buildReportView(ticking));
    expect(md).to.match(/Where “(?:Public budgets|Online safety)” was ticked in which areas does your work cover\?, “/);
  });
});

describe('differences: group by group, and as CSV', function () {
  this.timeout(180_000);
  it('a claim on an attribute of three groups names the groups it differs from one by one; differences.csv holds every figure', async () => {
    // The two-group fixture plus 40 "Academia" answers that take the fixture's answers in turn from both groups, so
    // academia is in between: government differs from civil society by far, from academia by less.
    const file = path.join(ROOT, 'test/fixtures/differences/org-type-survey.csv');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const rows = lines.slice(1);
    const government = rows.filter((r) => r.split(',')[1] === 'Government');
    const civil = rows.filter((r) => r.split(',')[1] === 'Civil society');
    const academia = Array.from({ length: 40 }, (_, i) => {
      const source = (i % 2 === 0 ? government : civil)[i]!;
      const [, , country, ...text] = source.split(',');
      return [`a${i + 1}`, 'Academia', country, ...text].join(',');
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-diff-'));
    try {
      const three = path.join(dir, 'three-groups.csv');
      await writeFile(three, [lines[0], ...rows, ...academia].join('\n') + '\n');
      const { synthesis } = await analysePaths([three]);
      const { differences } = findDifferences(synthesis);
      const withPairs = differences.filter((d) => d.pairs.length > 0);
      expect(withPairs.length, JSON.stringify(differences.map((d) => [d.group, d.groupShare, d.restShare]))).to.be.greaterThan(0);
      const byId = new Map(synthesis.segments.map((seg) => [seg.id, seg]));
      for (const d of withPairs) {
        const scope = synthesis.scopes.find((sc) => sc.id === d.scopeId)!;
        const theme = scope.themes.find((t) => t.id === d.themeId)!;
        const inScope = scope.themes.flatMap((t) => t.segmentIds.map((id) => byId.get(id)!));
        for (const pair of d.pairs) {
          expect(pair.other).to.not.equal(d.group);
          expect(pair.pAdjusted).to.be.below(0.05).and.at.least(pair.p);
          // The same direction as the claim, and counts that recompute from the stored segments.
          expect(d.groupShare > d.restShare).to.equal(d.groupShare > pair.otherShare);
          const other = inScope.filter((seg) => seg.attributes.org_type === pair.other);
          expect(pair.otherSegments).to.equal(other.length);
          expect(pair.otherInTheme).to.equal(other.filter((seg) => theme.segmentIds.includes(seg.id)).length);
        }
      }
      // Government and civil society are the far ends: a claim about one of them names the other one by one.
      const ends = withPairs.filter((d) => d.group === 'Government' || d.group === 'Civil society');
      expect(ends.some((d) => d.pairs.some((pair) => pair.other === (d.group === 'Government' ? 'Civil society' : 'Government')))).to.equal(true);
      const md = renderMarkdownView(buildReportView(synthesis));
      expect(md).to.match(/Group by group, (?:more|less) often than “(?:Government|Civil society|Academia)” \(\d+% of \d+ answers, q [<=] [\d.]+\)/);

      // The CSV: a row per claim against everyone else, then one per group it differs from; numbers as computed.
      const csv = parse(renderDifferencesCsv(synthesis)) as string[][];
      expect(csv[0]).to.deep.equal([...DIFFERENCES_CSV_COLUMNS]);
      const expectedRows = differences.reduce((n, d) => n + 1 + d.pairs.length, 0);
      expect(csv.length - 1).to.equal(expectedRows);
      const first = differences[0]!;
      const cells = csv[1]!;
      const at = (name: string): string => cells[DIFFERENCES_CSV_COLUMNS.indexOf(name)]!;
      expect(at('compared_with')).to.equal('everyone else');
      expect(at('group')).to.equal(first.group);
      expect(Number(at('group_in_theme'))).to.equal(first.groupInTheme);
      expect(Number(at('compared_total'))).to.equal(first.restSegments);
      expect(Number(at('q'))).to.equal(first.pAdjusted);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
