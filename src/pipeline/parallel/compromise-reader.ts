// A helper thread for a small analysis: a pipeline worker started first thing (the CLI starts it before it loads the
// rest of Harvest), it loads the stages and compromise while this thread does the same and reads the files, then
// reads English texts with compromise beside this thread (whichever thread is free takes the next text), then joins
// the worker pool for the themes stage. Each text's reading is the same wherever it is made, so the annotations do
// not depend on it.
import { availableParallelism, loadavg } from 'node:os';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { readWithCompromise, type CompromiseReading } from '../annotate/compromise.ts';
import type { ReadEnglish } from '../annotate/index.ts';
import { newSharedCounter, takeBatchesAsHelper, waitForHelpers } from './shared-counter.ts';
import { giveBackWorkers, startWorker, stopWorker, type PipelineWorker } from './worker-pool.ts';

/** A read job for the helper: texts and the shared counter (see shared-counter.ts). */
export interface CompromiseJob {
  kind: 'compromise';
  texts: string[];
  control: SharedArrayBuffer;
}

/** One text's reading, posted by the helper. */
export interface CompromiseResult {
  index: number;
  reading?: CompromiseReading;
  error?: string;
}

let helper: PipelineWorker | null = null;

/** Fewer texts than this are read here: a helper would save less than its messages cost. */
const MIN_TEXTS = 8;
/** Give up on a helper that has posted nothing for this long and read its texts here. */
const STALL_MS = 60_000;

/** Harvest runs from its TypeScript sources (tsx), not from the compiled dist/. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * Start the helper thread (once; not on a single CPU, where it could only slow this thread down). Until
 * stopCompromiseReader, annotation in this thread shares compromise's work with it (sharedCompromiseReader).
 * Not from the TypeScript sources unless `evenFromSources` (tests): there a new thread transpiles every module
 * again, which takes longer than a small analysis. Nor when the machine is already busy (a load average of one
 * process per CPU or more: the helper's second loading of the stages then competes with the work instead of
 * running beside it, as measured in docs/performance.md).
 */
export function startCompromiseReader(evenFromSources = false): void {
  if (helper || availableParallelism() < 2 || (FROM_SOURCES && !evenFromSources)) return;
  if (!evenFromSources && loadavg()[0] >= availableParallelism()) return;
  helper = startWorker(); // null: no worker threads here, this thread reads every text
}

/** The helper, once annotation is done, waits in the worker pool for the themes stage (see themes-parallel.ts). */
export function lendCompromiseReaderToPool(): void {
  if (helper && !helper.dead) giveBackWorkers([helper], true);
  helper = null;
}

/** Stop the helper thread (an analysis that started it stops it when it ends). */
export function stopCompromiseReader(): void {
  if (helper) stopWorker(helper);
  helper = null;
}

/** compromise's readings shared with the helper thread, when one is running (null: none). */
export function sharedCompromiseReader(): ReadEnglish | null {
  return helper && !helper.dead ? (texts) => readShared(texts) : null;
}

/**
 * Read texts here and in the helper thread, each text taken by whichever thread is free; blocks until all are read.
 * `helperOnly` (for tests): this thread takes none and waits for the helper, so which thread reads what is known.
 */
export function readShared(texts: readonly string[], helperOnly = false): CompromiseReading[] {
  const h = helper;
  if (!h || h.dead || (texts.length < MIN_TEXTS && !helperOnly)) return texts.map((t) => readWithCompromise(t, true, true));
  const n = texts.length;
  const readings: (CompromiseReading | undefined)[] = new Array(n);
  const control = newSharedCounter();
  const ctrl = new Int32Array(control);
  h.port.postMessage({ kind: 'compromise', texts: [...texts], control } satisfies CompromiseJob);
  if (!helperOnly) for (let i = Atomics.add(ctrl, 0, 1); i < n; i = Atomics.add(ctrl, 0, 1)) readings[i] = readWithCompromise(texts[i]!, true, true);
  else for (const giveUp = Date.now() + STALL_MS; Atomics.load(ctrl, 0) < n && Date.now() < giveUp; ) Atomics.wait(ctrl, 0, Atomics.load(ctrl, 0), 50);
  let clean = waitForHelpers(control, STALL_MS);
  for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
    const r = m.message as CompromiseResult;
    if (r.error !== undefined) clean = false;
    else readings[r.index] = r.reading;
  }
  // A helper that failed or stalled is stopped, so no late message of it reaches the next job.
  if (!clean) stopCompromiseReader();
  return readings.map((r, i) => r ?? readWithCompromise(texts[i]!, true, true));
}

/** The helper's side of a read job: read texts one at a time from the job's shared counter, posting each reading. */
export function runCompromiseJob(job: CompromiseJob, port: MessagePort): void {
  takeBatchesAsHelper(job.control, job.texts.length, 1, (index) => {
    let result: CompromiseResult;
    try {
      result = { index, reading: readWithCompromise(job.texts[index]!, true, true) };
    } catch (err) {
      result = { index, error: String(err) };
    }
    port.postMessage(result);
  });
}
