// Quality floor in CI: theme the labelled development sets (small subsets) and the labelled notes; fail when quality drops.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { readLabelledSet } from '../../src/eval/data.ts';
import { agreement, atSubLevel, prepareSet, scoreSet, themeSet } from '../../src/eval/runner.ts';
import { developmentSets } from '../../src/eval/suite.ts';
import { scoreTagging } from '../../src/eval/tagging.ts';
import { ROOT } from './helpers.ts';

const EVAL_DIR = process.env.HARVEST_EVAL_DIR ?? path.resolve(ROOT, '../shared/eval');

/**
 * The development sets live outside the repository (../shared/eval, or HARVEST_EVAL_DIR); where they
 * are missing those checks are skipped and only the tagging floor runs.
 * Subsets (stratified, deterministic) and floors a little under what the engine scores on them
 * (docs/quality.md has the full run). Floors are on NMI with the engine choosing k, ARI between two
 * seeds, and macro-F1 of category tagging.
 */
const FLOORS = [
  // Measured 2026-11-23 (second session): themefinder 0.970 / 1.000, IBM 0.322 / 1.000, StackOverflow 0.680 / 1.000.
  { set: 'themefinder', maxPerGroup: 240, nmi: 0.9, seedAri: 0.95 },
  { set: 'IBM ArgKP', maxGroups: 12, nmi: 0.29, seedAri: 0.95 },
  { set: 'StackOverflow', maxPerGroup: 500, nmi: 0.64, seedAri: 0.95 },
];

describe('evaluation floor (subset of npm run eval)', function () {
  this.timeout(120_000);
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  it('tags the labelled notes with macro-F1 of at least 0.85', () => {
    const r = scoreTagging(path.join(ROOT, 'test/fixtures/labelled-notes.csv'), resources);
    expect(r.items).to.equal(94);
    expect(r.macroF1, r.errors.map((e) => `${e.id} ${e.expected}->${e.got}`).join('; ')).to.be.at.least(0.85);
  });

  // Measured 2026-12-05 (session 7, 250 answers per question): themes 0.300 against categories, sub-themes 0.479 against
  // tags, ARI between seeds 1.000 at both levels. Floors above the references (0.148 categories, 0.321 tags, ../shared/eval/README.md).
  it('Global Dialogues: themes NMI >= 0.26 against categories, sub-themes NMI >= 0.42 against tags, ARI between seeds >= 0.9 at both levels', function () {
    const spec = developmentSets(EVAL_DIR).find((s) => s.name.startsWith('Global Dialogues'))!;
    if (!existsSync(spec.path)) this.skip();
    const set = prepareSet(readLabelledSet({ ...spec, maxPerGroup: 250 }), resources);
    const subs = [set.items.map((): string | null => null), set.items.map((): string | null => null)];
    const run = themeSet(set, resources, { seed: 42, subOut: subs[0] });
    const other = themeSet(set, resources, { seed: 7, subOut: subs[1] });
    const themes = scoreSet(set, run);
    const subthemes = scoreSet(atSubLevel(set)!, subs[0]!);
    expect(themes.nmi, `themes NMI ${themes.nmi.toFixed(3)}`).to.be.at.least(0.26);
    expect(subthemes.nmi, `sub-themes NMI ${subthemes.nmi.toFixed(3)}`).to.be.at.least(0.42);
    expect(agreement(set, run, other)).to.be.at.least(0.9);
    expect(agreement(set, subs[0]!, subs[1]!)).to.be.at.least(0.9);
  });

  for (const floor of FLOORS) {
    it(`${floor.set}: NMI >= ${floor.nmi} choosing k itself, ARI between seeds >= ${floor.seedAri}`, function () {
      const spec = developmentSets(EVAL_DIR).find((s) => s.name.startsWith(floor.set))!;
      if (!existsSync(spec.path)) this.skip();
      const set = prepareSet(readLabelledSet({ ...spec, maxPerGroup: floor.maxPerGroup, maxGroups: floor.maxGroups }), resources);
      const run = themeSet(set, resources, { seed: 42 });
      const score = scoreSet(set, run);
      expect(score.nmi, `NMI ${score.nmi.toFixed(3)}`).to.be.at.least(floor.nmi);
      const other = themeSet(set, resources, { seed: 7 });
      const stability = agreement(set, run, other);
      expect(stability, `ARI between seeds ${stability.toFixed(3)}`).to.be.at.least(floor.seedAri);
    });
  }
});
