// What changed (issue 19, item 3): two analyses of one consultation (documents added; themes merged or split by
// construction) and of two consultations (two halves of the sample survey), through the pure stage and `harvest compare`.
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Synthesis, Theme } from '../../src/model/index.ts';
import { compareSyntheses, type Comparison } from '../../src/pipeline/compare.ts';
import { COMPARE_CSV_COLUMNS, renderComparisonCsv, renderComparisonMarkdown } from '../../src/export/comparison.ts';
import { writeReportFiles } from '../../src/export/files.ts';
import { analysePaths, removeTempDirs, runMain, SAMPLE, tempDir } from './helpers.ts';

/** Every non-Other theme of paired scopes is in exactly one change, on its side. */
function expectEveryThemeOnce(c: Comparison, before: Synthesis, after: Synthesis): void {
  const paired = new Set(c.scopes.map((s) => s.label));
  const count = (ids: string[]): Map<string, number> => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
  const seenBefore = count(c.changes.flatMap((ch) => ch.before.map((s) => s.themeId)));
  const seenAfter = count(c.changes.flatMap((ch) => ch.after.map((s) => s.themeId)));
  for (const scope of after.scopes.filter((s) => paired.has(s.label))) for (const t of scope.themes.filter((x) => !x.isOther)) expect(seenAfter.get(t.id), `after ${t.label}`).to.equal(1);
  const beforeIds = new Set(before.scopes.flatMap((s) => s.themes.filter((t) => !t.isOther).map((t) => t.id)));
  for (const [id, n] of seenBefore) {
    expect(beforeIds.has(id)).to.equal(true);
    expect(n, id).to.equal(1);
  }
}

/** The synthesis with two themes of one scope joined into the first (ids, sizes and shares added up). */
function withMerged(s: Synthesis, scopeIndex: number, a: number, b: number): Synthesis {
  const copy = structuredClone(s);
  const scope = copy.scopes[scopeIndex]!;
  const themes = scope.themes.filter((t) => !t.isOther);
  const [x, y] = [themes[a]!, themes[b]!];
  const joined: Theme = { ...x, id: `${x.id}-joined`, label: `${x.label} and more`, segmentIds: [...x.segmentIds, ...y.segmentIds], size: x.size + y.size, share: x.share + y.share };
  scope.themes = scope.themes.filter((t) => t !== x && t !== y).concat(joined);
  return copy;
}

describe('what changed: harvest compare', function () {
  this.timeout(240_000);
  let full: Synthesis;
  let part: Synthesis;
  before(async () => {
    full = (await analysePaths([SAMPLE])).synthesis;
    // Two of the sample's documents: the analysis verify.test.ts makes, kept (test/kept-analyses.ts) for whichever comes second.
    part = (await analysePaths(['breakout-a-obstacles.md', 'survey-responses.csv'].map((f) => path.join(SAMPLE, f)))).synthesis;
  });
  after(removeTempDirs);

  it('documents added: themes paired by the answers they share, each theme in one change, moved segments really moved', () => {
    const c = compareSyntheses(part, full);
    expect(c.basis).to.equal('same answers');
    expect(c.scopesOnlyAfter).to.include('What support does your organisation need?');
    expectEveryThemeOnce(c, part, full);
    // The survey's three questions are read from the same answers: most of their themes continue.
    const survey = c.changes.filter((ch) => ch.scopeLabel.startsWith('What are the main barriers'));
    expect(survey.filter((ch) => ['steady', 'grown', 'shrunk'].includes(ch.kind)).length).to.be.greaterThan(survey.length / 2);
    // A moved segment was in a theme before and is in a theme not paired with it now.
    const themeOf = (s: Synthesis, id: string): Theme | undefined => s.scopes.flatMap((sc) => sc.themes).find((t) => t.segmentIds.includes(id));
    for (const m of c.moved) {
      const now = themeOf(full, m.segmentId)!;
      expect(now.isOther ? null : now.label).to.equal(m.to);
      const pairedWith = c.changes.filter((ch) => ch.after.some((s) => s.themeId === now.id)).flatMap((ch) => ch.before.map((s) => s.label));
      expect(pairedWith).to.not.include(m.from);
    }
    // Comparing an analysis with itself: every theme steady, nothing moved.
    const same = compareSyntheses(full, full);
    expect(same.changes.every((ch) => ch.kind === 'steady')).to.equal(true);
    expect(same.moved).to.deep.equal([]);
  });

  it('two themes joined by construction are a merge, and the other way round a split; the Markdown and CSV say so', () => {
    const scopeIndex = full.scopes.findIndex((s) => s.themes.filter((t) => !t.isOther).length >= 4 && s.kind === 'question');
    const themes = full.scopes[scopeIndex]!.themes.filter((t) => !t.isOther);
    const merged = withMerged(full, scopeIndex, 1, 2);
    const c = compareSyntheses(full, merged);
    const merge = c.changes.find((ch) => ch.kind === 'merged')!;
    expect(merge.before.map((s) => s.label).sort()).to.deep.equal([themes[1]!.label, themes[2]!.label].sort());
    expect(merge.after[0]!.label).to.equal(`${themes[1]!.label} and more`);
    expect(merge.sharedSegments).to.equal(themes[1]!.size + themes[2]!.size);
    expect(c.changes.filter((ch) => ch.kind !== 'steady')).to.have.length(1);
    const split = compareSyntheses(merged, full).changes.find((ch) => ch.kind === 'split')!;
    expect(split.after.map((s) => s.label).sort()).to.deep.equal([themes[1]!.label, themes[2]!.label].sort());

    const md = renderComparisonMarkdown(c, { before: 'first run', after: 'edited' });
    expect(md).to.contain('# What changed: first run → edited');
    expect(md).to.contain(`**Merged.** “${themes[1]!.label}” (${themes[1]!.size}, `);
    const rows = parse(renderComparisonCsv(c)) as string[][];
    expect(rows[0]).to.deep.equal([...COMPARE_CSV_COLUMNS]);
    const row = rows.find((r) => r[1] === 'merged')!;
    expect(row[2]!.split(' | ').sort()).to.deep.equal([themes[1]!.label, themes[2]!.label].sort());
    expect(Number(row[8])).to.equal(themes[1]!.size + themes[2]!.size);
  });

  it('two consultations (two halves of the survey): themes paired by their words, nothing moves', async () => {
    const csv = (await readFile(path.join(SAMPLE, 'survey-responses.csv'), 'utf8')).replace(/\r\n/g, '\n');
    const header = csv.slice(0, csv.indexOf('\n'));
    // Whole records (answers hold quoted line breaks): split where a new record starts with its id.
    const records = csv.slice(header.length + 1).split(/\n(?=R\d{3},)/);
    const dir = await tempDir('harvest-compare-');
    const halves = [0, 1].map((h) => path.join(dir, `round-${h + 1}.csv`));
    await writeFile(halves[0]!, [header, ...records.filter((_, i) => i % 2 === 0)].join('\n'));
    await writeFile(halves[1]!, [header, ...records.filter((_, i) => i % 2 === 1)].join('\n'));
    const [one, two] = await Promise.all(halves.map(async (f) => (await analysePaths([f])).synthesis));
    const c = compareSyntheses(one!, two!);
    expect(c.basis).to.equal('other answers');
    expect(c.scopes).to.have.length(3);
    expect(c.moved).to.deep.equal([]);
    expectEveryThemeOnce(c, one!, two!);
    const paired = c.changes.filter((ch) => ch.before.length === 1 && ch.after.length === 1);
    expect(paired.length).to.be.greaterThan(0);
    for (const ch of paired) expect(ch.wordSimilarity).to.be.at.least(0.35);
    expect(c.changes.some((ch) => ch.kind === 'merged' || ch.kind === 'split')).to.equal(false);

    // The same answers under another file name are another consultation's: every theme finds its twin by its words.
    const renamed = path.join(dir, 'round-1-again.csv');
    await writeFile(renamed, await readFile(halves[0]!, 'utf8'));
    const again = (await analysePaths([renamed])).synthesis;
    const twins = compareSyntheses(one!, again);
    expect(twins.basis).to.equal('other answers');
    expect(twins.changes.length).to.be.greaterThan(5);
    for (const ch of twins.changes) {
      expect(ch.kind, JSON.stringify(ch)).to.equal('steady');
      expect(ch.before[0]!.label).to.equal(ch.after[0]!.label);
      expect(ch.wordSimilarity).to.be.closeTo(1, 1e-9);
    }
  });

  it('harvest compare writes the four files from two output folders; a file that is not a synthesis is refused naming it', async () => {
    const [a, b, out] = await Promise.all([tempDir('harvest-cmp-a-'), tempDir('harvest-cmp-b-'), tempDir('harvest-cmp-out-')]);
    await writeReportFiles(a, part);
    await writeReportFiles(b, full);
    const r = await runMain(['compare', a, path.join(b, 'synthesis.json'), '--out', out, '--before-name', 'Round 1', '--after-name', 'Round 2']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Compared Round 1 with Round 2 \(same answers\): /);
    const md = await readFile(path.join(out, 'compare.md'), 'utf8');
    expect(md).to.contain('# What changed: Round 1 → Round 2');
    const json = JSON.parse(await readFile(path.join(out, 'compare.json'), 'utf8')) as Comparison & { before: string };
    expect(json.before).to.equal('Round 1');
    expect(json.changes.length).to.equal(compareSyntheses(part, full).changes.length);
    const moved = parse(await readFile(path.join(out, 'compare-moved.csv'), 'utf8')) as string[][];
    expect(moved.length - 1).to.equal(json.moved.length);

    const bad = path.join(out, 'not-a-synthesis.json');
    await writeFile(bad, JSON.stringify({ tool: 'harvest', scopes: 'none' }));
    const refused = await runMain(['compare', bad, b, '--out', out]);
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.contain('not-a-synthesis.json: not a Harvest synthesis:');
    expect((await runMain(['compare', a, '--out', out])).status).to.equal(2);
  });
});
