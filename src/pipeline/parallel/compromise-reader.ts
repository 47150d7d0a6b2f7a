// A helper thread for a small analysis: a pipeline worker started first thing (the CLI starts it before it loads the
// rest of Harvest), it loads the stages and compromise while this thread does the same and reads the files, then
// reads English texts with compromise beside this thread (whichever thread is free takes the next text), then joins
// the worker pool for the themes stage. Each text's reading is the same wherever it is made, so the annotations do
// not depend on it.
import { availableParallelism, loadavg } from 'node:os';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { readWithCompromise, rememberTagged, type CompromiseReading, type TaggedTerms } from '../annotate/compromise.ts';
import { newSharedCounter, takeBatchesAsHelper, waitForHelpers } from './shared-counter.ts';
import { giveBackWorkers, stopWorker, takeWorkers, type PipelineWorker } from './worker-pool.ts';

/** A read job for the helper: texts and the shared counter (see shared-counter.ts). */
export interface CompromiseJob {
  kind: 'compromise';
  texts: string[];
  control: SharedArrayBuffer;
}

/** Texts' tags for the helper to keep (see shareTags). */
export interface TaggedJob {
  kind: 'tagged';
  texts: string[];
  terms: TaggedTerms[];
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
  // A warm worker the pool holds (a server's or a test process's earlier analysis), else a new one; none when no
  // worker thread can start here (this thread then reads every text).
  helper = takeWorkers(1)[0] ?? null;
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

/** Texts read by this thread and the helper (see readShared), with this thread's other work to do meanwhile. */
export type SharedReader = (texts: readonly string[], meanwhile?: () => void) => CompromiseReading[];

/**
 * compromise's readings shared with the helper thread, when one is running (null: none). `meanwhile`: work this
 * thread does first while the helper starts on the texts (see readShared).
 */
export function sharedCompromiseReader(): SharedReader | null {
  return helper && !helper.dead ? (texts, meanwhile) => readShared(texts, false, meanwhile) : null;
}

/**
 * Read texts here and in the helper thread, each text taken by whichever thread is free; blocks until all are read.
 * `meanwhile`, when given, runs here once the helper has the texts, before this thread takes any (when the helper
 * is used at all): the readings are the same, whichever thread made them.
 * `helperOnly` (for tests): this thread takes none and waits for the helper, so which thread reads what is known.
 */
export function readShared(texts: readonly string[], helperOnly = false, meanwhile?: () => void): CompromiseReading[] {
  const h = helper;
  if (!h || h.dead || (texts.length < MIN_TEXTS && !helperOnly)) return texts.map((t) => readWithCompromise(t, true, true));
  const n = texts.length;
  const readings: (CompromiseReading | undefined)[] = new Array(n);
  const control = newSharedCounter();
  const ctrl = new Int32Array(control);
  h.port.postMessage({ kind: 'compromise', texts: [...texts], control } satisfies CompromiseJob);
  // This thread's other work first (tagging's reading of the texts): the helper reads meanwhile.
  meanwhile?.();
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
  const byHelper = readings.map((r) => r !== undefined);
  const all = readings.map((r, i) => r ?? readWithCompromise(texts[i]!, true, true));
  if (clean) shareTags(h, texts, all, byHelper);
  return all;
}

/**
 * The tags of the texts this thread read, given to the helper to keep (it keeps those it read itself): in the
 * themes stage it labels scopes whose members' tags the label grammar looks up (see rememberTagged).
 */
function shareTags(h: PipelineWorker, texts: readonly string[], readings: readonly CompromiseReading[], byHelper: readonly boolean[]): void {
  const job: TaggedJob = { kind: 'tagged', texts: [], terms: [] };
  readings.forEach((r, i) => {
    if (!byHelper[i] && r.terms) {
      job.texts.push(texts[i]!);
      job.terms.push(r.terms);
    }
  });
  if (job.texts.length && !h.dead) h.port.postMessage(job);
}

/** The helper's side of a tagged job: keep the texts' tags. */
export function runTaggedJob(job: TaggedJob): void {
  job.texts.forEach((text, i) => rememberTagged(text, job.terms[i]!));
}

/** The helper's side of a read job: read texts one at a time from the job's shared counter, posting each reading. */
export function runCompromiseJob(job: CompromiseJob, port: MessagePort): void {
  takeBatchesAsHelper(job.control, job.texts.length, 1, (index) => {
    let result: CompromiseResult;
    try {
      const reading = readWithCompromise(job.texts[index]!, true, true);
      // Kept here too: this thread may label the text's theme (the calling thread keeps it when it gets the reading).
      if (reading.terms) rememberTagged(job.texts[index]!, reading.terms);
      result = { index, reading };
    } catch (err) {
      result = { index, error: String(err) };
    }
    port.postMessage(result);
  });
}
