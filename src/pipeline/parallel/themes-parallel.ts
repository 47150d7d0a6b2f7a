// Theme scopes with worker threads, synchronously: the largest scope here, the others taken from a shared counter by whichever thread is free.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { AnalysedSegment } from '../../model/index.ts';
import { findThemes, termsRead, type ScopeThemes, type ThemeOptions } from '../themes.ts';
import { defaultWorkerCount, giveBackWorkers, idleWorkerCount, takeWorkers } from './worker-pool.ts';

/**
 * What findThemes reads of a segment: its text and these annotation fields, of its personal data only where it names
 * people (labels leave them out: see without-people.ts). A worker gets only these (not the provenance, attributes,
 * coding, entities, e-mails or phone numbers), which keeps the copy small.
 */
export type ThemeSegment = { text: string; annotation: Pick<AnalysedSegment['annotation'], 'language' | 'tokens' | 'stems' | 'bigrams' | 'nounPhrases' | 'pii'> };

/** findThemes on segments that have the fields it reads (see ThemeSegment). */
function themesOf(segments: readonly ThemeSegment[], options: ThemeOptions): ScopeThemes {
  return findThemes(segments as unknown as readonly AnalysedSegment[], options);
}

/**
 * The fields of a segment findThemes reads (see ThemeSegment); with `options`, tokens and bigrams are left
 * empty unless its term choice reads them (the default reads neither), which keeps a worker's copy small.
 */
export function themeSegment(s: ThemeSegment, options?: ThemeOptions): ThemeSegment {
  const a = s.annotation;
  const read = options ? termsRead(options) : { tokens: true, bigrams: true };
  const people = a.pii.some((p) => p.kind !== 'person') ? a.pii.filter((p) => p.kind === 'person') : a.pii;
  return { text: s.text, annotation: { language: a.language, tokens: read.tokens ? a.tokens : [], stems: a.stems, bigrams: read.bigrams ? a.bigrams : [], nounPhrases: a.nounPhrases, pii: people } };
}

/**
 * Below this many segments in all the scopes but the largest, starting a worker costs more than it saves: only
 * workers already started and idle take scopes (a small analysis's helper, see compromise-reader.ts).
 */
const PARALLEL_MIN_SEGMENTS = 2000;
/** A worker that has shown no progress for this long (plus the time its scope should take) is given up on. */
const STALL_MS = 60_000;
/** Time per segment assumed for that when this thread has themed nothing to measure it by (measured: about 0.1 ms). */
const FALLBACK_MS_PER_SEGMENT = 0.5;

/** A themes job for a pipeline worker: the scopes and the shared counters. `scopes[0]` is null: the calling thread's job. */
export interface ThemesJobs {
  kind: 'themes';
  scopes: (ThemeSegment[] | null)[];
  options: ThemeOptions;
  /** Int32Array over it: [0] next job to take, [1] jobs in progress, [2] jobs posted, [3 + w] worker w's current job (-1: none). */
  control: SharedArrayBuffer;
  slot: number;
}

/** One job's result, posted by a worker. */
export interface ThemesJobResult {
  job: number;
  result?: ScopeThemes;
  error?: string;
}

export interface ParallelThemesOptions {
  /** Worker threads (default: one less than the CPUs, at most 3, none when the scopes are small). 0: this thread only. */
  workers?: number;
  /** Called in this thread as each scope's themes become known here (index into `scopes`), in no set order. */
  onScope?: (index: number, themes: ScopeThemes) => void;
  /** Called between the steps of a scope themed in this thread (see ThemeOptions.onStep), with the scope's index. */
  onStep?: (index: number) => void;
  /** Work for this thread while it waits for the workers' last scopes (called once; also when there are no workers). */
  whileWaiting?: () => void;
  /**
   * This thread themes only the largest scope and waits for the workers to take all the others (it takes what they
   * leave after STALL_MS): which thread themes what is then known, not a matter of timing. For tests.
   */
  workersTakeRest?: boolean;
  /** Filled in, when given: how many scopes the workers themed, and how many had to be redone here. */
  stats?: { byWorkers: number; redone: number };
}

/**
 * findThemes for every scope, with `workers` threads besides this one; blocks until all are done.
 * findThemes is pure and deterministic, and a worker runs it on the same fields, so the result equals
 * the single-thread one. A scope a worker fails on (or never delivers) is themed here.
 */
export function findThemesOfScopes(scopes: readonly (readonly ThemeSegment[])[], options: ThemeOptions, parallel: ParallelThemesOptions = {}): ScopeThemes[] {
  const n = scopes.length;
  const results: (ScopeThemes | undefined)[] = new Array(n);
  // The step callback goes with this thread's own scopes only; the workers get `options` as given.
  const onStep = parallel.onStep;
  const here = (i: number): ThemeOptions => (onStep ? { ...options, onStep: () => onStep(i) } : options);
  const done = (i: number, r: ScopeThemes): void => {
    results[i] = r;
    parallel.onScope?.(i, r);
  };
  // Largest first, so the last scopes taken are the short ones; this thread takes the largest at once.
  const order = scopes.map((_, i) => i).sort((a, b) => scopes[b]!.length - scopes[a]!.length || a - b);
  const rest = order.slice(1).reduce((a, i) => a + scopes[i]!.length, 0);
  const defaultWorkers = rest >= PARALLEL_MIN_SEGMENTS ? defaultWorkerCount() : idleWorkerCount();
  const workers = Math.min(parallel.workers ?? defaultWorkers, Math.max(0, n - 1));
  if (workers === 0) {
    scopes.forEach((s, i) => done(i, themesOf(s, here(i))));
    parallel.whileWaiting?.();
    return results as ScopeThemes[];
  }

  const control = new SharedArrayBuffer(4 * (3 + workers));
  const ctrl = new Int32Array(control);
  ctrl[0] = 1; // job 0 (the largest scope) is this thread's
  for (let w = 0; w < workers; w++) ctrl[3 + w] = -1;
  const threads = takeWorkers(workers);
  let data: (ThemeSegment[] | null)[] | null = null;
  for (const [w, { port }] of threads.entries()) {
    try {
      data ??= order.map((i, j) => (j === 0 ? null : scopes[i]!.map((seg) => themeSegment(seg, options))));
      const jobs: ThemesJobs = { kind: 'themes', scopes: data, options, control, slot: 3 + w };
      port.postMessage(jobs);
    } catch {
      break; // options that cannot be copied to a worker: this thread does all the work
    }
  }
  data = null;
  let clean = true;

  const byWorkers = new Set<number>();
  const collect = (): void => {
    for (const { port } of threads) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const r = m.message as ThemesJobResult;
        if (r.error) clean = false;
        if (r.result && results[order[r.job]!] === undefined) {
          byWorkers.add(r.job);
          done(order[r.job]!, r.result);
        }
      }
    }
  };
  // This thread's time per segment, to tell a worker that is slow from one that is gone.
  let msPerSegment = 0;
  const themeHere = (j: number): void => {
    const t0 = performance.now();
    const r = themesOf(scopes[order[j]!]!, here(order[j]!));
    msPerSegment = Math.max(msPerSegment, (performance.now() - t0) / Math.max(1, scopes[order[j]!]!.length));
    done(order[j]!, r);
  };
  try {
    themeHere(0);
    const asked = performance.now();
    while (parallel.workersTakeRest && Atomics.load(ctrl, 0) < n && performance.now() - asked < STALL_MS) {
      Atomics.wait(ctrl, 1, Atomics.load(ctrl, 1), 50);
      collect();
    }
    for (;;) {
      collect();
      const j = Atomics.add(ctrl, 0, 1);
      if (j >= n) break;
      themeHere(j);
    }

    // Every job is taken: this thread's other work, then wait for the ones in progress in the workers.
    collect();
    parallel.whileWaiting?.();
    let posted = Atomics.load(ctrl, 2);
    let lastProgress = performance.now();
    for (let busy = Atomics.load(ctrl, 1); busy > 0; busy = Atomics.load(ctrl, 1)) {
      Atomics.wait(ctrl, 1, busy, 200);
      collect();
      const now = Atomics.load(ctrl, 2);
      if (now !== posted) {
        posted = now;
        lastProgress = performance.now();
        continue;
      }
      let expected = 0;
      for (let w = 0; w < workers; w++) {
        const job = Atomics.load(ctrl, 3 + w);
        if (job >= 0) expected = Math.max(expected, 3 * (msPerSegment || FALLBACK_MS_PER_SEGMENT) * scopes[order[job]!]!.length);
      }
      if (performance.now() - lastProgress > STALL_MS + expected) {
        clean = false;
        break;
      }
    }
    collect();
  } catch (err) {
    clean = false;
    throw err;
  } finally {
    // Workers that finished cleanly wait for the next job; others are stopped.
    giveBackWorkers(threads, clean);
  }
  // Anything a worker failed on or never delivered.
  let redone = 0;
  for (let j = 0; j < n; j++) {
    if (results[order[j]!] === undefined) {
      redone++;
      done(order[j]!, themesOf(scopes[order[j]!]!, here(order[j]!)));
    }
  }
  if (parallel.stats) {
    parallel.stats.byWorkers = byWorkers.size;
    parallel.stats.redone = redone;
  }
  return results as ScopeThemes[];
}

/**
 * The worker side of a themes job: take scopes from the shared counter until none is left, posting each
 * scope's themes on `port`. Runs in a pipeline worker (pipeline-worker-main.ts).
 */
export function runThemesJob(job: ThemesJobs, port: MessagePort): void {
  const ctrl = new Int32Array(job.control);
  const n = job.scopes.length;
  for (;;) {
    // Count the job as in progress before taking it, so the caller never misses one.
    Atomics.add(ctrl, 1, 1);
    const j = Atomics.add(ctrl, 0, 1);
    if (j >= n) {
      Atomics.sub(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
      break;
    }
    Atomics.store(ctrl, job.slot, j);
    let result: ThemesJobResult;
    try {
      // findThemes reads only the fields a ThemeSegment has (see themeSegment).
      result = { job: j, result: themesOf(job.scopes[j]!, job.options) };
    } catch (err) {
      result = { job: j, error: String(err) };
    }
    port.postMessage(result);
    Atomics.store(ctrl, job.slot, -1);
    Atomics.add(ctrl, 2, 1);
    Atomics.sub(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
