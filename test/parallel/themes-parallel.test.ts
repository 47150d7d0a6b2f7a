// Theming scopes in worker threads gives exactly the single-thread synthesis, and the workers really take scopes.
import { once } from 'node:events';
import { MessageChannel, Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { generateSurvey } from '../../bench/generate.ts';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import type { AnalysedSegment, IngestedDocument } from '../../src/model/index.ts';
import { analyseDocuments } from '../../src/pipeline/index.ts';
import { findThemesOfScopes, themeSegment, type ThemesJobResult, type ThemesJobs } from '../../src/pipeline/parallel/themes-parallel.ts';
import { findThemes } from '../../src/pipeline/themes.ts';

describe('themes in parallel', function () {
  this.timeout(300_000);
  let resources: Resources;
  let docs: IngestedDocument[];
  let single: ReturnType<typeof analyseDocuments>;
  /** The themes stage's progress in the single-thread analysis. */
  const themesProgress: number[] = [];
  before(async () => {
    resources = await loadResources();
    // Two survey questions of about 150 answers each and three breakout notes: several scopes of unequal size (the
    // worker counts are given, so no size threshold applies; more answers only cost time in the three analyses).
    const g = generateSurvey(300, 11);
    docs = [];
    for (const [name, text] of [['survey.csv', g.csv], ...Object.entries(g.notes)] as [string, string][]) {
      docs.push(await ingestFile(name, new TextEncoder().encode(text)));
    }
    single = analyseDocuments(docs, resources, { seed: 7, workers: 0, onProgress: (stage, fraction) => stage === 'themes' && themesProgress.push(fraction) });
  });

  it('moves the progress bar within a scope (each k tried), forward only, between 50% and 90%', () => {
    const scopes = single.synthesis.scopes.length;
    // A mark per scope done, and steps between them: more values than scopes, never going back.
    expect(themesProgress.length).to.be.greaterThan(3 * scopes);
    expect(themesProgress).to.deep.equal([...themesProgress].sort((a, b) => a - b));
    expect(themesProgress[0]).to.be.at.least(0.5);
    expect(themesProgress.at(-1)).to.equal(0.9);
    const marks = new Set(Array.from({ length: scopes + 1 }, (_, d) => 0.5 + (0.4 * d) / scopes));
    expect(themesProgress.filter((f) => !marks.has(f)).length).to.be.greaterThan(2 * scopes);
  });

  it('gives a byte-identical synthesis with one and with two worker threads', () => {
    expect(single.synthesis.scopes.length).to.be.greaterThanOrEqual(4);
    expect(single.synthesis.scopes.filter((s) => s.kind === 'question')).to.have.length(2);
    const expected = JSON.stringify(single.synthesis);
    for (const workers of [1, 2]) {
      const parallel = analyseDocuments(docs, resources, { seed: 7, workers });
      expect(JSON.stringify(parallel.synthesis), `${workers} worker(s)`).to.equal(expected);
    }
  });

  it('has the workers theme scopes (none redone here), each result equal to findThemes in this thread', () => {
    const byScope = new Map<string, AnalysedSegment[]>();
    for (const s of single.synthesis.segments) {
      const scope = single.synthesis.scopes.find((sc) => sc.themes.some((t) => t.id === s.themeId))!.id;
      if (!byScope.has(scope)) byScope.set(scope, []);
      byScope.get(scope)!.push(s);
    }
    const scopes = [...byScope.values()];
    const options = { seed: 3, stopwords: resources.stopwords, genericWords: resources.genericWords };
    // This thread themes the largest scope and leaves the others to the worker (workersTakeRest), however busy the
    // machine and however long the worker takes to load its modules.
    const stats = { byWorkers: -1, redone: -1 };
    const seen: number[] = [];
    // Steps are reported for this thread's scope; the callback is not sent to the worker (it could not be copied:
    // the worker would then theme nothing).
    let steps = 0;
    const parallel = findThemesOfScopes(scopes, options, { workers: 1, workersTakeRest: true, stats, onScope: (i) => seen.push(i), onStep: () => steps++ });
    expect(stats).to.deep.equal({ byWorkers: scopes.length - 1, redone: 0 });
    expect([...seen].sort((a, b) => a - b)).to.deep.equal(scopes.map((_, i) => i));
    expect(parallel).to.deep.equal(scopes.map((s) => findThemes(s, options)));
    const largest = scopes.reduce((best, s, i) => (s.length > scopes[best]!.length ? i : best), 0);
    expect(steps).to.be.at.least(parallel[largest]!.tried.length + 2);
  });

  it('themes a segment from the fields a worker gets as it themes the whole segment', () => {
    const scope = single.synthesis.segments.filter((s) => s.kind === 'answer' && s.section === single.synthesis.scopes.find((sc) => sc.kind === 'question')!.label);
    const options = { seed: 5, stopwords: resources.stopwords, genericWords: resources.genericWords };
    const slim = scope.map((s) => themeSegment(s, options)) as unknown as AnalysedSegment[];
    // The default terms read neither tokens nor bigrams: a worker does not get them.
    expect(slim.every((s) => s.annotation.tokens.length === 0 && s.annotation.bigrams.length === 0)).to.equal(true);
    const withBigrams = { ...options, vectorise: { terms: 'stems+bigrams' as const } };
    expect(scope.map((s) => themeSegment(s, withBigrams)).some((s) => s.annotation.bigrams.length > 0)).to.equal(true);
    expect(findThemes(slim, options)).to.deep.equal(findThemes(scope, options));
  });

  it('themes here what a worker fails on: options a worker cannot receive', () => {
    const scopes = [single.synthesis.segments.slice(0, 300), single.synthesis.segments.slice(300, 600)];
    // A function cannot be copied to a worker thread; the scope is themed in this thread instead.
    const options = { seed: 3, stopwords: resources.stopwords, genericWords: resources.genericWords, cluster: { onRound: () => {} } as object };
    const stats = { byWorkers: -1, redone: -1 };
    const out = findThemesOfScopes(scopes, options, { workers: 1, stats });
    expect(stats.byWorkers).to.equal(0);
    expect(out).to.deep.equal(scopes.map((s) => findThemes(s, options)));
  });

  it('asks for noun phrases on demand in a worker as in this thread (answers of a large input)', async () => {
    // As annotate leaves them in a large input: English answers without noun phrases.
    const bare = (list: AnalysedSegment[]): AnalysedSegment[] => list.map((s) => (s.kind === 'answer' && s.annotation.language === 'en' ? { ...s, annotation: { ...s.annotation, nounPhrases: [] } } : s));
    const questions = single.synthesis.scopes.filter((sc) => sc.kind === 'question').map((sc) => bare(single.synthesis.segments.filter((s) => s.kind === 'answer' && s.section === sc.label)));
    const options = { seed: 3, stopwords: resources.stopwords, genericWords: resources.genericWords, phrasesOnDemand: true };
    // A pipeline worker itself, given every scope (none kept for this thread): it loads compromise and asks it.
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('../../src/pipeline/parallel/pipeline-worker.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
    const control = new SharedArrayBuffer(16);
    const jobs: ThemesJobs = { kind: 'themes', scopes: questions.map((q) => q.map((seg) => themeSegment(seg, options))), options, control, slot: 3 };
    port1.postMessage(jobs);
    const results: ThemesJobResult[] = [];
    while (results.length < questions.length) results.push(((await once(port1, 'message')) as [ThemesJobResult])[0]);
    port1.close();
    await worker.terminate();
    const out = results.sort((a, b) => a.job - b.job).map((r) => {
      expect(r.error).to.equal(undefined);
      return r.result!;
    });
    expect(out).to.deep.equal(questions.map((q) => findThemes(q, options)));
    // Without them and not asked, the labels lose the noun phrases: some differ.
    const without = questions.map((s) => findThemes(s, { ...options, phrasesOnDemand: false }));
    const labels = (r: typeof out): string[] => r.flatMap((x) => x.themes.map((t) => t.label));
    expect(labels(without)).to.not.deep.equal(labels(out));
  });
});
