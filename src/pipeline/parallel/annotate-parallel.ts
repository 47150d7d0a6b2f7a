// Annotate (and tag) with worker threads, synchronously: threads take batches from a shared counter, the caller blocks until all are in.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Annotation, CategoryModel, Codebook, Coding, SentenceCues, StakeholderGazetteer } from '../../model/index.ts';
import { annotateTexts, type AnnotateContext } from '../annotate/index.ts';
import { createTagger, type TagResources } from '../tag/index.ts';
import { newSharedCounter, takeBatchesAsHelper, waitForHelpers } from './shared-counter.ts';
import { giveBackWorkers, takeWorkers } from './worker-pool.ts';

/** Segments per batch a thread takes at a time (small enough to balance, large enough to be cheap). */
const BATCH = 128;
/** Give up on a worker that has posted nothing for this long and annotate its batches here. */
const STALL_MS = 60_000;

/** Tagging each text right after annotating it, in the same thread: each text's section, and the codebook and gazetteer. */
export interface TagAlong extends TagResources {
  sections: (string | null)[];
}

/** An annotate job for a pipeline worker: the texts, the context as plain arrays and the shared counters. */
export interface AnnotateJob {
  kind: 'annotate';
  texts: string[];
  stopwords: Record<string, string[]>;
  knownPeople: string[];
  ordinaryNameWords: string[];
  namesOnly?: boolean;
  tagAlong?: TagAlong;
  /** The shared counter (see shared-counter.ts). */
  control: SharedArrayBuffer;
  batch: number;
}

/** One batch's result, posted by a worker. */
export interface AnnotateBatchResult {
  start: number;
  annotations?: Annotation[];
  codings?: Coding[];
  error?: string;
}

/**
 * Annotate texts start..end (and tag them when `tag` is given): what each thread does with a batch.
 * `memo` holds the texts this thread has annotated.
 */
export function annotateBatch(
  texts: readonly string[],
  start: number,
  end: number,
  context: AnnotateContext,
  memo: Map<string, Annotation>,
  tag?: { sections: readonly (string | null)[]; tagger: ReturnType<typeof createTagger> },
): { annotations: Annotation[]; codings?: Coding[] } {
  const annotations = annotateTexts(texts.slice(start, end), context, memo);
  if (!tag) return { annotations };
  return { annotations, codings: annotations.map((a, i) => tag.tagger({ text: texts[start + i]!, section: tag.sections[start + i] ?? null }, a)) };
}

/**
 * Annotate `texts` with `workers` threads plus this one, and tag each text right after it when `tagAlong` is
 * given (so tagging is shared by the threads too). Blocks until done. Each text's annotation and coding are
 * computed by the same pure functions wherever they run, so the result equals the single-thread one;
 * batches a worker fails on (or never delivers) are done here.
 */
export function annotateInParallel(texts: readonly string[], context: AnnotateContext, workers: number, tagAlong?: TagAlong): { annotations: Annotation[]; codings: Coding[] | null } {
  const n = texts.length;
  const results: (Annotation | undefined)[] = new Array(n);
  const codings: (Coding | undefined)[] | null = tagAlong ? new Array(n) : null;
  const control = newSharedCounter();
  const ctrl = new Int32Array(control);
  const stopwords = Object.fromEntries(Object.entries(context.stopwords).map(([lang, set]) => [lang, [...set]]));
  const threads = takeWorkers(workers);
  let data: AnnotateJob | null = null;
  for (const { port } of threads) {
    data ??= { kind: 'annotate', texts: [...texts], stopwords, knownPeople: [...context.knownPeople], ordinaryNameWords: [...(context.ordinaryNameWords ?? [])], namesOnly: context.namesOnly, tagAlong, control, batch: BATCH };
    port.postMessage(data);
  }
  data = null;

  const memo = new Map<string, Annotation>();
  const tag = tagAlong ? { sections: tagAlong.sections, tagger: createTagger(tagAlong) } : undefined;
  const keep = (start: number, batch: { annotations?: Annotation[]; codings?: Coding[] }): void => {
    batch.annotations?.forEach((a, i) => { results[start + i] = a; });
    if (codings) batch.codings?.forEach((c, i) => { codings[start + i] = c; });
  };
  for (;;) {
    const start = Atomics.add(ctrl, 0, BATCH);
    if (start >= n) break;
    keep(start, annotateBatch(texts, start, Math.min(n, start + BATCH), context, memo, tag));
  }

  // Every batch is taken; wait for the ones in progress in the workers.
  let clean = waitForHelpers(control, STALL_MS);
  for (const { port } of threads) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const r = m.message as AnnotateBatchResult;
      if (r.error) clean = false;
      keep(r.start, r);
    }
  }
  // Workers that finished cleanly wait for the next job (the themes stage); others are stopped.
  giveBackWorkers(threads, clean);
  // Anything a worker failed on or never delivered.
  for (let i = 0; i < n; i++) {
    if (results[i] === undefined || (codings && codings[i] === undefined)) keep(i, annotateBatch(texts, i, i + 1, context, memo, tag));
  }
  return { annotations: results as Annotation[], codings: codings as Coding[] | null };
}

/**
 * The worker side of an annotate job: take batches from the shared counter until none is left, posting each
 * batch's annotations (and codings) on `port`. Runs in a pipeline worker (pipeline-worker-main.ts).
 */
export function runAnnotateJob(job: AnnotateJob, port: MessagePort): void {
  const context: AnnotateContext = {
    stopwords: Object.fromEntries(Object.entries(job.stopwords).map(([lang, words]) => [lang, new Set(words)])),
    knownPeople: job.knownPeople,
    ordinaryNameWords: job.ordinaryNameWords,
    namesOnly: job.namesOnly,
  };
  const tag = job.tagAlong ? { sections: job.tagAlong.sections, tagger: createTagger(job.tagAlong) } : undefined;
  const memo = new Map<string, Annotation>();
  const n = job.texts.length;
  takeBatchesAsHelper(job.control, n, job.batch, (start) => {
    let result: AnnotateBatchResult;
    try {
      result = { start, ...annotateBatch(job.texts, start, Math.min(n, start + job.batch), context, memo, tag) };
    } catch (err) {
      result = { start, error: String(err) };
    }
    port.postMessage(result);
  });
}
