// A consultation's analysis: the codebook it uses, its jobs (queued here or in PostgreSQL), and the current
// synthesis (the machine's, with the facilitator's edits applied, cached until the consultation changes).
import { parseCodebook } from '../corpus.ts';
import { AppError } from '../errors.ts';
import type { Codebook, DocumentInfo, Synthesis } from '../model/index.ts';
import type { Resources } from '../model/resources.ts';
import type { Analysis } from '../pipeline/index.ts';
import { applyEdits, type EditOutcome } from '../pipeline/edits/index.ts';
import type { Store } from '../store/store.ts';
import type { AnalysisHead, ConsultationHead, StoredAnalysis, ThemeEdit } from '../store/schema.ts';
import { withSegments } from '../store/store.ts';
import { changeConsultation, loadHead, notFound } from './consultation-state.ts';
import { inProcessQueue, type AnalysisQueue, type AnalysisRunner, type Job, type JobQueue, type JobSpec, type WorkerInput } from './jobs.ts';
import type { PgJobQueue } from './pg-jobs.ts';
import { actorName, OPEN_MODE, type Acting } from './acting.ts';

/** The synthesis with the facilitator's edits applied, and what happened to each edit. */
export interface CurrentSynthesis {
  synthesis: Synthesis;
  documents: DocumentInfo[];
  outcomes: EditOutcome[];
  edits: ThemeEdit[];
  runAt: string;
}

const DEFAULT_SEED = 42;

export class Analyses {
  private readonly cache = new Map<string, { key: string; value: CurrentSynthesis }>();
  /** Told the id of each consultation whose new analysis this process has just saved (the live plenary's projector). */
  private readonly analysedListeners: ((id: string) => void)[] = [];
  /** Where analyses are queued: the database queue when there is one, else the in-process `jobs`. */
  private readonly queue: AnalysisQueue;

  constructor(
    private readonly store: Store,
    private readonly resources: Resources,
    jobs: JobQueue,
    runner: AnalysisRunner,
    dbJobs?: PgJobQueue,
  ) {
    // With a database queue (PostgreSQL) whichever Harvest process is free runs a job; else `jobs` runs it here.
    dbJobs?.setHandler(async (spec, onProgress, lease) => {
      const analysis = await runner(await this.input(spec), onProgress);
      // Fenced: a process that lost the job (its lease lapsed during a long pause) leaves the save to the one that took it.
      if (!(await lease.held())) throw new AppError('CONFLICT', 'Another Harvest process took this analysis over; its result is the one saved.');
      await this.save(spec, analysis);
    });
    this.queue = dbJobs ?? inProcessQueue(jobs, (spec) => this.input(spec), (spec, analysis) => this.save(spec, analysis));
  }

  /** The codebook in force: the consultation's own, or the corpus default. */
  async codebookOf(id: string): Promise<{ codebook: Codebook; custom: boolean }> {
    const data = await loadHead(this.store, id);
    return data.codebook ? { codebook: data.codebook, custom: true } : { codebook: this.resources.codebook, custom: false };
  }

  /** Replace the consultation's codebook (validated like a codebook file), or with null go back to the default. */
  async setCodebook(id: string, raw: unknown | null, acting: Acting): Promise<Codebook> {
    const codebook = raw === null ? null : parseCodebook(raw, 'codebook');
    await changeConsultation(this.store, id, acting, (d) => {
      d.codebook = codebook;
      d.history.push({ at: new Date().toISOString(), by: 'human', author: actorName(acting), what: codebook ? 'edited the codebook' : 'went back to the default codebook' });
      return d;
    });
    return codebook ?? this.resources.codebook;
  }

  private resourcesFor(data: ConsultationHead): Resources {
    return data.codebook ? { ...this.resources, codebook: data.codebook, codebookName: `${data.consultation.name} codebook` } : this.resources;
  }

  /** Start (or join the running) analysis of a consultation; refused when it has no documents. */
  async start(id: string, options: { seed?: number; k?: number | null } = {}): Promise<Job> {
    const data = await loadHead(this.store, id);
    if (data.documents.length === 0) throw new AppError('NO_CONTENT', 'Upload at least one file before analysing.');
    const seed = options.seed ?? data.analysis?.seed ?? DEFAULT_SEED;
    const k = options.k ?? null;
    // The queue joins a queued or running analysis of the consultation. The job saves its result later, whatever
    // changed meanwhile: it is not a change based on the caller's version.
    return this.queue.enqueue({ consultationId: id, seed, k });
  }

  /** What the engine needs to analyse the consultation as it is now. */
  private async input({ consultationId, seed, k }: JobSpec): Promise<WorkerInput> {
    const current = await loadHead(this.store, consultationId);
    return { docs: current.documents.map((d) => d.ingested), resources: this.resourcesFor(current), seed, k, mappings: current.documents.map((d) => d.mapping) };
  }

  private async save({ consultationId: id, seed, k }: JobSpec, analysis: Analysis): Promise<void> {
    const runAt = new Date().toISOString();
    // The analysis is the machine's work, saved whenever it ends: no version of the request that started it to check.
    await changeConsultation(this.store, id, OPEN_MODE, (d) => {
      // The analysis replaced is kept (one only), with the corrections it had, for "What changed since the last analysis".
      if (d.analysis) d.previous = { ...d.analysis, edits: d.edits, replacedAt: runAt };
      d.analysis = { runAt, seed, k, synthesis: analysis.synthesis, documents: analysis.documents };
      d.history.push({ at: runAt, by: 'machine', author: 'harvest', what: `analysed ${analysis.documents.length} documents: ${analysis.synthesis.segments.length} segments in ${analysis.synthesis.scopes.length} scopes (seed ${seed})` });
      return d;
    });
    this.cache.delete(id);
    for (const listener of this.analysedListeners) listener(id);
  }

  /** Call `listener` with the consultation id each time an analysis run in this process is saved. */
  onAnalysed(listener: (id: string) => void): void {
    this.analysedListeners.push(listener);
  }

  /** An analysis job by id; NOT_FOUND when there is none. */
  async findJob(jobId: string): Promise<Job> {
    const job = await this.queue.lookup(jobId);
    if (!job) throw notFound('Job');
    return job;
  }

  /** The consultation's most recent analysis job, or null. */
  async latestJob(id: string): Promise<Job | null> {
    return (await this.queue.latestFor(id)) ?? null;
  }

  /** The synthesis with every edit applied (cached until the consultation changes); NOT_FOUND before the first analysis. */
  async current(id: string): Promise<CurrentSynthesis> {
    for (;;) {
      const data = await loadHead(this.store, id);
      if (!data.analysis) throw new AppError('NOT_FOUND', 'This consultation has not been analysed yet.');
      const key = `${data.consultation.updatedAt}|${data.analysis.runAt}|${data.edits.length}`;
      const hit = this.cache.get(id);
      if (hit && hit.key === key) return hit.value;
      const analysis = await this.withSegmentsOf(id, data.analysis);
      if (!analysis) continue;
      const value = this.withEdits(data, analysis, data.edits);
      this.cache.set(id, { key, value });
      return value;
    }
  }

  /** The machine's analysis as stored, before any correction; NOT_FOUND before the first analysis. */
  async machine(id: string): Promise<CurrentSynthesis> {
    for (;;) {
      const data = await loadHead(this.store, id);
      if (!data.analysis) throw new AppError('NOT_FOUND', 'This consultation has not been analysed yet.');
      const analysis = await this.withSegmentsOf(id, data.analysis);
      if (analysis) return this.withEdits(data, analysis, []);
    }
  }

  /** The analysis the current one replaced, with the corrections it had then; NOT_FOUND when there is none. */
  async previous(id: string): Promise<CurrentSynthesis> {
    for (;;) {
      const data = await loadHead(this.store, id);
      if (!data.previous) throw new AppError('NOT_FOUND', 'This consultation has been analysed once only: analyse it again (after new uploads, a new codebook or corrections) to see what changed.');
      const { edits, replacedAt: _replaced, ...header } = data.previous;
      const analysis = await this.withSegmentsOf(id, header);
      if (analysis) return this.withEdits(data, analysis, edits);
    }
  }

  /** The current synthesis with its edits and `edit` after them (a trial: nothing is saved). */
  async trial(id: string, edit: ThemeEdit): Promise<CurrentSynthesis> {
    for (;;) {
      const data = await loadHead(this.store, id);
      if (!data.analysis) throw new AppError('NOT_FOUND', 'This consultation has not been analysed yet.');
      const analysis = await this.withSegmentsOf(id, data.analysis);
      if (analysis) return this.withEdits(data, analysis, [...data.edits, edit]);
    }
  }

  /** The analysis with its segments (read when first needed); null when it was replaced meanwhile (read the head again). */
  private async withSegmentsOf(id: string, analysis: AnalysisHead): Promise<StoredAnalysis | null> {
    const segments = await this.store.segments(id, analysis.runAt);
    return segments && withSegments(analysis, segments);
  }

  /** A stored synthesis of the consultation with `edits` applied (not cached: a trial of a new edit uses it too). */
  private withEdits(data: ConsultationHead, analysis: StoredAnalysis, edits: ThemeEdit[]): CurrentSynthesis {
    // Without edits the synthesis is the machine's as stored (applyEdits would copy 100,000 segments to change nothing).
    if (edits.length === 0) return { synthesis: analysis.synthesis, documents: analysis.documents, outcomes: [], edits, runAt: analysis.runAt };
    const res = this.resourcesFor(data);
    const result = applyEdits(analysis.synthesis, edits, { seed: analysis.seed, stopwords: res.stopwords, genericWords: res.genericWords, ...(res.wordVectors ? { wordVectors: res.wordVectors } : {}), gazetteer: res.gazetteer });
    return { synthesis: result.synthesis, documents: analysis.documents, outcomes: result.outcomes, edits, runAt: analysis.runAt };
  }

  /** Drop the cached synthesis of a consultation (it was deleted). */
  forget(id: string): void {
    this.cache.delete(id);
  }
}
