// The server's analysis threads: each runs one analysis at a time, so a long analysis never blocks the server, and
// waits warm for the next one (a new thread loads Harvest and compromise and JIT-warms again: seconds of CPU for an
// analysis that then takes one or two). Each thread gets the resources once: a job sends only the parts it does not
// hold yet (the category model and word vectors are a structured clone of about half a second).
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.ts';
import { IdleLimit } from '../idle-limit.ts';
import type { IngestedDocument } from '../model/index.ts';
import type { Resources } from '../model/resources.ts';
import type { SurveyChoice } from '../store/schema.ts';
import type { Analysis } from '../pipeline/index.ts';
import { workerEntry } from '../worker-entry.ts';

/** What an analysis needs, passed to the thread by structured clone (the resources in parts, see ResourceParts). */
export interface WorkerInput {
  docs: IngestedDocument[];
  resources: Resources;
  seed: number;
  k: number | null;
  mappings: (SurveyChoice | null)[];
}

export type WorkerMessage =
  | { type: 'progress'; stage: string; fraction: number }
  /** Part of the result: a batch of the synthesis's segments, or of one document's records (sent before 'done'). */
  | { type: 'segments'; segments: Analysis['synthesis']['segments'] }
  | { type: 'records'; document: number; records: NonNullable<Analysis['documents'][number]['records']> }
  /** The result; its segments and records are those sent in parts before, when there were parts. */
  | { type: 'done'; analysis: Analysis; parts?: boolean }
  | { type: 'failed'; code: ErrorCode; message: string };

/** Runs one analysis; reports progress; resolves with the analysis or rejects with an AppError. */
export type AnalysisRunner = (input: WorkerInput, onProgress: (stage: string, fraction: number) => void) => Promise<Analysis>;

/** The thread's answer to each part: the next may come (so parts are read one at a time, between other work). */
export const PART_RECEIVED = 'part received';

/** Each resources part's number (see ResourceParts): the same object, the same number. */
export type ResourceParts = Record<string, { id: number; value?: unknown }>;

/** A job for an analysis thread: the input without its resources, and the resources' parts. */
export interface AnalyseMessage {
  type: 'analyse';
  input: Omit<WorkerInput, 'resources'>;
  resources: ResourceParts;
}

/** What the thread posts last for a job: how much heap it holds then (see KEEP_HEAP_BYTES). */
export interface JobEnd {
  type: 'end';
  heapUsed: number;
}

/**
 * Idle threads are stopped once the server's event loop has been idle this long since one was last used (see
 * idle-limit.ts: not wall time, so a loaded machine does not stop a thread the next analysis would take).
 */
const IDLE_MS = 30_000;
/** At most this many idle threads are kept (the job queue's default concurrency). */
const KEEP_MAX = 2;
/** A thread holding more than this after an analysis (a very large one's) is stopped rather than kept. */
const KEEP_HEAP_BYTES = 768 * 2 ** 20;

interface AnalysisThread {
  worker: Worker;
  /** The number of each resources part the thread holds. */
  holds: Map<string, number>;
}

const WORKER_URL = workerEntry(import.meta.url, 'analysis-worker');
let idle: AnalysisThread[] = [];
const idleLimit = new IdleLimit(IDLE_MS, () => stopIdleAnalysisThreads());

/** Stop every idle analysis thread (when they have been idle long enough; tests). */
export function stopIdleAnalysisThreads(): void {
  for (const t of idle) void t.worker.terminate();
  idle = [];
  idleLimit.used(false);
}

/** The thread ids of the idle analysis threads (for tests: which thread the next analysis runs in). */
export function idleAnalysisThreadIds(): number[] {
  return idle.map((t) => t.worker.threadId);
}

const partIds = new WeakMap<object, number>();
let lastPartId = 0;

/** The resources as parts: an object part's value only when `holds` does not have its number (then it does). */
export function resourceParts(resources: Resources, holds: Map<string, number>): ResourceParts {
  const parts: ResourceParts = Object.create(null) as ResourceParts;
  for (const [name, value] of Object.entries(resources) as [string, unknown][]) {
    if (value === null || typeof value !== 'object') {
      parts[name] = { id: 0, value };
      continue;
    }
    let id = partIds.get(value);
    if (id === undefined) partIds.set(value, (id = ++lastPartId));
    parts[name] = holds.get(name) === id ? { id } : { id, value };
    holds.set(name, id);
  }
  return parts;
}

/** The thread's side: the resources from a job's parts, with the parts it holds (kept in `held`). */
export function resourcesFromParts(parts: ResourceParts, held: Map<string, { id: number; value: unknown }>): Resources {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(parts)) {
    if (part.id === 0) out[name] = part.value;
    else if ('value' in part) {
      held.set(name, { id: part.id, value: part.value });
      out[name] = part.value;
    } else {
      const have = held.get(name);
      if (have?.id !== part.id) throw new AppError('INTERNAL', `the analysis thread does not hold the resources' ${name}`);
      out[name] = have.value;
    }
  }
  return out as unknown as Resources;
}

/** The heap this thread holds, for the job's end (see KEEP_HEAP_BYTES). */
export function jobEnd(): JobEnd {
  return { type: 'end', heapUsed: getHeapStatistics().used_heap_size };
}

/** A new analysis thread. An idle one that fails or exits leaves the pool (and its error never reaches the process). */
function newThread(): AnalysisThread {
  const t: AnalysisThread = { worker: new Worker(WORKER_URL), holds: new Map<string, number>() };
  const gone = (): void => {
    idle = idle.filter((x) => x !== t);
  };
  t.worker.on('error', gone);
  t.worker.on('exit', gone);
  return t;
}

/** An idle thread, or a new one. */
function takeThread(): AnalysisThread {
  const t = idle.pop() ?? newThread();
  idleLimit.used(idle.length > 0);
  t.worker.ref();
  return t;
}

/** A thread whose job ended cleanly waits for the next (unless too many wait, or it holds too much memory). */
function giveBack(t: AnalysisThread, heapUsed: number): void {
  if (idle.length < KEEP_MAX && heapUsed <= KEEP_HEAP_BYTES) {
    t.worker.unref();
    idle.push(t);
  } else void t.worker.terminate();
  idleLimit.used(idle.length > 0);
}

/** Run the analysis in an analysis thread, so a long analysis never blocks the server. */
export const workerRunner: AnalysisRunner = (input, onProgress) =>
  new Promise<Analysis>((resolve, reject) => {
    const thread = takeThread();
    const { worker } = thread;
    let settled = false;
    let outcome: (() => void) | null = null;
    const stop = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const finish = (fn: () => void, keep: JobEnd | null): void => {
      if (settled) return;
      settled = true;
      stop();
      if (keep) giveBack(thread, keep.heapUsed);
      else void worker.terminate();
      fn();
    };
    // A large result comes in parts, each acknowledged: reading one huge message would hold the server's event
    // loop for seconds (100,000 segments); parts are read one at a time, with requests answered in between.
    const segments: Analysis['synthesis']['segments'] = [];
    const records = new Map<number, NonNullable<Analysis['documents'][number]['records']>>();
    const onMessage = (m: WorkerMessage | JobEnd): void => {
      if (m.type === 'progress') onProgress(m.stage, m.fraction);
      else if (m.type === 'segments' || m.type === 'records') {
        if (m.type === 'segments') for (const seg of m.segments) segments.push(seg);
        else {
          const list = records.get(m.document) ?? [];
          for (const r of m.records) list.push(r);
          records.set(m.document, list);
        }
        // Acknowledged on the next turn of the event loop, after what waits there (requests) has run.
        setImmediate(() => worker.postMessage(PART_RECEIVED));
      } else if (m.type === 'done') {
        const analysis = m.parts
          ? {
              synthesis: { ...m.analysis.synthesis, segments },
              documents: m.analysis.documents.map((d, i) => (records.has(i) ? { ...d, records: records.get(i)! } : d)),
            }
          : m.analysis;
        outcome = () => resolve(analysis);
      } else if (m.type === 'failed') outcome = () => reject(new AppError(m.code, m.message));
      // The job's last message: the thread is free again.
      else if (m.type === 'end' && outcome) finish(outcome, m);
    };
    const onError = (err: Error): void => finish(() => reject(new AppError('INTERNAL', `the analysis stopped: ${err.message}`, { cause: err })), null);
    const onExit = (code: number): void => finish(() => reject(new AppError('INTERNAL', `the analysis stopped (exit code ${code})`)), null);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const { resources, ...rest } = input;
    try {
      worker.postMessage({ type: 'analyse', input: rest, resources: resourceParts(resources, thread.holds) } satisfies AnalyseMessage);
    } catch (err) {
      finish(() => reject(err), null); // an input that cannot be copied to a thread
    }
  });
