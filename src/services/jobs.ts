// Analysis jobs: queued, run in worker threads (a few at a time) with progress 0..1, then done or failed.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Resources } from '../corpus.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import type { IngestedDocument } from '../model/index.ts';
import { analyseDocuments, type Analysis } from '../pipeline/index.ts';
import { AtomicJsonFile } from '../atomic-json-file.ts';
import type { SurveyChoice } from '../store/schema.ts';

/** What a queued analysis is: data only, so any process can run it. */
export interface JobSpec {
  consultationId: string;
  seed: number;
  k: number | null;
}

/** The analysis jobs as the service uses them, whether they run in this process (inProcessQueue) or any process of a PostgreSQL installation (PgJobQueue). */
export interface AnalysisQueue {
  /** Queue an analysis, or return the consultation's queued or running one. */
  enqueue(spec: JobSpec): Promise<Job>;
  lookup(id: string): Promise<Job | undefined>;
  /** The consultation's most recent job. */
  latestFor(consultationId: string): Promise<Job | undefined>;
}
import { PART_RECEIVED, workerRunner, type AnalysisRunner, type WorkerInput } from './analysis-threads.ts';

export type { AnalysisRunner, WorkerInput, WorkerMessage } from './analysis-threads.ts';
export { PART_RECEIVED };


export interface Job {
  id: string;
  consultationId: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  stage: string;
  error?: { code: string; message: string };
  createdAt: string;
  finishedAt?: string;
}

/** Run the analysis in an analysis thread (kept warm for the next one: see analysis-threads.ts). */
export { workerRunner };

/** Analyse a consultation's documents, each survey segmented with its own columns when the facilitator set them. Pure: no I/O. */
export function analyseInput(input: WorkerInput, onProgress?: (stage: string, fraction: number) => void): Analysis {
  return analyseDocuments(input.docs, input.resources, { seed: input.seed, k: input.k ?? undefined, onProgress, surveyPerDocument: input.mappings });
}

/** Run the analysis in this thread (blocks the event loop while it runs: for tests and scripts only). */
export const inlineRunner: AnalysisRunner = async (input, onProgress) => analyseInput(input, onProgress);

/** What a job queued or running when its process stopped says (no other process can take it over). */
export const SERVER_STOPPED = 'The server stopped during the analysis (it was restarted or it crashed), so the analysis did not finish; start it again.';

const journalSchema = z.object({
  jobs: z
    .array(
      z.object({
        id: z.string().max(100),
        consultationId: z.string().max(300),
        state: z.enum(['queued', 'running', 'done', 'failed']),
        progress: z.number(),
        stage: z.string().max(200),
        error: z.object({ code: z.string().max(100), message: z.string().max(5000) }).optional(),
        createdAt: z.string().max(100),
        finishedAt: z.string().max(100).optional(),
      }),
    )
    .max(10_000),
});

/** Finished jobs the journal keeps (the newest). */
const JOURNAL_JOBS = 500;

/**
 * Keeps jobs in memory; at most `concurrency` run at once, the rest wait in order. Opened with `recover`, it also
 * keeps a journal of their states in a file, so a job its process was running when it stopped is found again.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private journal: AtomicJsonFile<z.infer<typeof journalSchema>> | null = null;
  private saving: Promise<void> = Promise.resolve();

  /**
   * A queue journalled in `file` (the data folder's jobs.json). Jobs the journal lists as queued or running
   * belonged to a process that is gone (one process uses a data folder): they are marked failed with
   * SERVER_STOPPED, so the facilitator sees what happened instead of a job that vanished.
   */
  static async recover(file: string, runner: AnalysisRunner = workerRunner, concurrency = 2): Promise<JobQueue> {
    const queue = new JobQueue(runner, concurrency);
    const journal = new AtomicJsonFile(file, journalSchema);
    // A damaged journal only loses the list of past jobs: the server starts anyway.
    const saved = await journal.read().catch(() => null);
    const now = new Date().toISOString();
    for (const job of saved?.jobs ?? []) {
      if (job.state === 'queued' || job.state === 'running') {
        Object.assign(job, { state: 'failed', stage: 'failed', error: { code: 'INTERNAL', message: SERVER_STOPPED }, finishedAt: now });
      }
      queue.jobs.set(job.id, job);
    }
    queue.journal = journal;
    await queue.save();
    return queue;
  }

  /** Write the jobs' states to the journal (one write at a time, in order); a failed write is tried again at the next change. */
  private save(): Promise<void> {
    const journal = this.journal;
    if (!journal) return Promise.resolve();
    this.saving = this.saving.then(() => journal.write({ jobs: [...this.jobs.values()].slice(-JOURNAL_JOBS) }).catch(() => undefined));
    return this.saving;
  }

  constructor(
    private readonly runner: AnalysisRunner = workerRunner,
    private readonly concurrency = 2,
  ) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** The consultation's job that is queued or running, if any. */
  active(consultationId: string): Job | undefined {
    return [...this.jobs.values()].find((j) => j.consultationId === consultationId && (j.state === 'queued' || j.state === 'running'));
  }

  /** The consultation's most recent job. */
  latest(consultationId: string): Job | undefined {
    return [...this.jobs.values()].filter((j) => j.consultationId === consultationId).at(-1);
  }

  /**
   * Queue an analysis. `prepare` builds the input when the job starts; `onDone` saves the result
   * (a failure there fails the job). Returns the job at once.
   */
  submit(consultationId: string, prepare: () => Promise<WorkerInput>, onDone: (analysis: Analysis) => Promise<void>): Job {
    const job: Job = { id: `j-${randomBytes(6).toString('hex')}`, consultationId, state: 'queued', progress: 0, stage: 'queued', createdAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    void this.save();
    const start = async (): Promise<void> => {
      this.running++;
      job.state = 'running';
      job.stage = 'starting';
      void this.save();
      try {
        const input = await prepare();
        const analysis = await this.runner(input, (stage, fraction) => {
          job.stage = stage;
          // Saving comes after the engine's 1.0, so the engine's progress is scaled to 0..0.97.
          job.progress = Math.max(job.progress, Math.min(0.97, fraction * 0.97));
        });
        job.stage = 'saving';
        await onDone(analysis);
        job.state = 'done';
        job.stage = 'done';
        job.progress = 1;
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', err instanceof Error ? err.message : String(err));
        job.state = 'failed';
        job.stage = 'failed';
        job.error = { code: e.code, message: e.message };
      } finally {
        job.finishedAt = new Date().toISOString();
        this.running--;
        void this.save();
        this.waiting.shift()?.();
      }
    };
    if (this.running < this.concurrency) void start();
    else this.waiting.push(() => void start());
    return job;
  }

  /** Resolves when the journal writes of every change so far are done, jobs still running or not (for tests). */
  journalWritten(): Promise<void> {
    return this.saving;
  }

  /** Resolves when no job is queued or running and the journal is written (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
    await this.journalWritten();
  }
}

/** A JobQueue as an AnalysisQueue: `prepare` reads the consultation when the job starts, `save` keeps the result. */
export function inProcessQueue(jobs: JobQueue, prepare: (spec: JobSpec) => Promise<WorkerInput>, save: (spec: JobSpec, analysis: Analysis) => Promise<void>): AnalysisQueue {
  return {
    enqueue: async (spec) => jobs.active(spec.consultationId) ?? jobs.submit(spec.consultationId, () => prepare(spec), (analysis) => save(spec, analysis)),
    lookup: async (id) => jobs.get(id),
    latestFor: async (consultationId) => jobs.latest(consultationId),
  };
}
