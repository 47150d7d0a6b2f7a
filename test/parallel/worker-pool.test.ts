// The pipeline's worker threads: started ahead, reused from the annotate stage to the themes stage and by the next
// analysis, stopped once this thread's event loop has been idle long enough.
import { expect } from 'chai';
import { generateSurvey } from '../../bench/generate.ts';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import type { IngestedDocument } from '../../src/model/index.ts';
import { annotateInParallel, resourcesKey } from '../../src/pipeline/parallel/annotate-parallel.ts';
import { annotateTexts } from '../../src/pipeline/annotate/index.ts';
import { analyseDocuments } from '../../src/pipeline/index.ts';
import { findThemesOfScopes } from '../../src/pipeline/parallel/themes-parallel.ts';
import { findThemes } from '../../src/pipeline/themes.ts';
import { giveBackWorkers, IDLE_MS, idleThreadIds, idleTimeSinceUsed, idleWorkerCount, KEEP_MAX, prestartWorkers, stopWorkersIdleFor, takeWorkers } from '../../src/pipeline/parallel/worker-pool.ts';

// Small enough to analyse in a few seconds: the analysis test lowers the start-ahead threshold to it.
const SURVEY_SIZE = 600;

describe('pipeline worker pool', function () {
  this.timeout(300_000);
  let resources: Resources;
  let survey: IngestedDocument;
  before(async () => {
    resources = await loadResources();
    const g = generateSurvey(SURVEY_SIZE, 13);
    survey = await ingestFile('survey.csv', new TextEncoder().encode(g.csv));
    // Warm workers an earlier file of this process left idle: set aside (the first tests count the pool's workers),
    // then handed back for the analysis test. No stop after each test: the last leaves the workers warm for the next file.
    aside = takeWorkers(idleWorkerCount());
  });
  let aside: ReturnType<typeof takeWorkers> = [];

  it('keeps at most KEEP_MAX idle workers, and stops them once the event loop has been idle IDLE_MS since the pool was used', () => {
    const started = takeWorkers(KEEP_MAX + 1);
    giveBackWorkers(started, true);
    expect(idleWorkerCount()).to.equal(KEEP_MAX);
    expect(started.filter((w) => w.dead)).to.have.length(1);
    // Busy time in this thread is not idle time, however long it lasts.
    const before = idleTimeSinceUsed();
    for (const end = performance.now() + 50; performance.now() < end; );
    expect(idleTimeSinceUsed()).to.equal(before);
    stopWorkersIdleFor(IDLE_MS - 1);
    expect(idleWorkerCount()).to.equal(KEEP_MAX);
    stopWorkersIdleFor(IDLE_MS);
    expect(idleWorkerCount()).to.equal(0);
    expect(idleTimeSinceUsed()).to.equal(0);
  });

  it('hands out a prestarted worker, and takes back only workers that finished cleanly', () => {
    prestartWorkers(2);
    expect(idleWorkerCount()).to.equal(2);
    const [first] = takeWorkers(1);
    expect(idleWorkerCount()).to.equal(1);
    giveBackWorkers([first!], true);
    expect(idleWorkerCount()).to.equal(2);
    const again = takeWorkers(2);
    expect(again.includes(first!)).to.equal(true);
    giveBackWorkers(again, false);
    expect(idleWorkerCount()).to.equal(0);
    expect(again.every((w) => w.dead)).to.equal(true);
  });

  it('reuses one worker for an annotate job and then a themes job, with the single-thread results', () => {
    const texts = (survey.kind === 'survey' ? survey.records : []).slice(0, 300).map((r) => r.cells.join(' ').slice(0, 300));
    const context = { stopwords: resources.stopwords, knownPeople: [] };
    prestartWorkers(1);
    const [worker] = takeWorkers(1);
    giveBackWorkers([worker!], true);
    const { annotations } = annotateInParallel(texts, context, 1);
    expect(annotations).to.deep.equal(annotateTexts(texts, context));
    expect(idleWorkerCount()).to.equal(1);
    const analysed = annotations.map((annotation, i) => ({ text: texts[i]!, annotation }));
    const scopes = [analysed.slice(0, 180), analysed.slice(180)];
    const options = { seed: 4, stopwords: resources.stopwords, genericWords: resources.genericWords };
    const stats = { byWorkers: 0, redone: 0 };
    const out = findThemesOfScopes(scopes, options, { workers: 1, workersTakeRest: true, stats });
    expect(stats).to.deep.equal({ byWorkers: 1, redone: 0 });
    expect(out).to.deep.equal(scopes.map((s) => findThemes(s as never, options)));
    const [same] = takeWorkers(1);
    expect(same === worker).to.equal(true);
    expect(same!.dead).to.equal(false);
    giveBackWorkers([same!], true);
  });

  it("keeps an analysis's worker warm: the next job starts no thread, sends no resources again and gives the single-thread result", () => {
    // (The previous test's worker, and any set aside, warm: the analysis takes one of them.)
    giveBackWorkers(aside, true);
    const warm = idleThreadIds();
    // Started ahead (prestartWorkers) as a survey of 3,000 records or more is by default.
    const result = analyseDocuments([survey], resources, { seed: 1, workers: 1, prestartFrom: SURVEY_SIZE });
    expect(result.synthesis.segments.length).to.be.greaterThan(SURVEY_SIZE - 50);
    const kept = idleThreadIds();
    expect(kept).to.have.members(warm);
    // The worker it used holds the analysis's resources (stop words, tag resources): a job with the same ones does
    // not send them. Handed back first, it is the one the next job takes.
    const tag = { codebook: resources.codebook, gazetteer: resources.gazetteer, sentenceCues: resources.sentenceCues, categoryModel: resources.categoryModel, wordVectors: resources.wordVectors, stopwords: resources.stopwords };
    const key = resourcesKey(resources.stopwords, tag);
    const all = takeWorkers(kept.length);
    const used = all.find((w) => w.holds === key);
    expect(used, 'a worker holding the analysis resources').to.not.equal(undefined);
    giveBackWorkers([used!, ...all.filter((w) => w !== used)], true);
    const texts = (survey.kind === 'survey' ? survey.records : []).slice(0, 200).map((r) => r.cells.join(' ').slice(0, 300));
    const context = { stopwords: resources.stopwords, knownPeople: [] };
    const sections = texts.map(() => null);
    const here = annotateInParallel(texts, context, 0, { sections, ...tag });
    expect(annotateInParallel(texts, context, 1, { sections, ...tag })).to.deep.equal(here);
    expect(here.codings!.some((c) => c.category !== 'other')).to.equal(true);
    expect(idleThreadIds()).to.have.members(kept);
    expect(used!.holds).to.equal(key);
  });

});
