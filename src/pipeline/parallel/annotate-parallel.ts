// Annotate (and tag) with worker threads, synchronously: threads take batches from a shared counter, the caller blocks until all are in.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Annotation, CategoryModel, Codebook, Coding, SentenceCues, StakeholderGazetteer } from '../../model/index.ts';
import { annotateTexts, type AnnotateContext } from '../annotate/index.ts';
import { createTagger, type TagResources } from '../tag/index.ts';
import { newSharedCounter, takeBatchesAsHelper, waitForHelpers } from './shared-counter.ts';
import { giveBackWorkers, takeWorkers, type PipelineWorker } from './worker-pool.ts';

/** Segments per batch a thread takes at a time (small enough to balance, large enough to be cheap). */
const BATCH = 128;
/** Give up on a worker that has posted nothing for this long and annotate its batches here. */
const STALL_MS = 60_000;

/** Tagging each text right after annotating it, in the same thread: each text's section, and the codebook and gazetteer. */
export interface TagAlong extends TagResources {
  sections: (string | null)[];
}

/**
 * What an annotate job reads besides its texts, sent to a worker once (see resourcesKey): the stop words as plain
 * arrays, and the tag resources (category model, word vectors, codebook: a structured clone of 0.3-0.7 s).
 */
export interface HeldResources {
  stopwords: Record<string, string[]>;
  tag?: TagResources;
}

/** An annotate job for a pipeline worker: the texts, the context as plain arrays and the shared counters. */
export interface AnnotateJob {
  kind: 'annotate';
  texts: string[];
  /** Which resources the job reads (see resourcesKey); `resources` comes with it only when the worker does not hold them yet. */
  resourcesKey: string;
  resources?: HeldResources;
  knownPeople: string[];
  ordinaryNameWords: string[];
  namesOnly?: boolean;
  /** Each text's section, when the texts are tagged too. */
  sections?: (string | null)[];
  /** The shared counter (see shared-counter.ts). */
  control: SharedArrayBuffer;
  batch: number;
}

/** Each resources object's number in this thread, for a worker to tell which it holds. */
const resourceIds = new WeakMap<object, number>();
let lastResourceId = 0;

/** The key of a job's resources: the number of each object it reads (the same objects, the same key). */
export function resourcesKey(stopwords: object, tag?: TagResources): string {
  const parts = [stopwords, tag?.codebook, tag?.gazetteer, tag?.sentenceCues, tag?.categoryModel, tag?.wordVectors, tag?.stopwords];
  return parts
    .map((o) => {
      if (!o) return 0;
      let id = resourceIds.get(o);
      if (id === undefined) resourceIds.set(o, (id = ++lastResourceId));
      return id;
    })
    .join(',');
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
  const threads = takeWorkers(workers);
  postAnnotateJobs(threads, texts, context, control, tagAlong);

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
 * The annotate job for the workers, and the resources it reads. The tag resources are every field of `tagAlong` but
 * the sections (which travel with the job): a worker tags with exactly what this thread tags with. (The stop words
 * once stayed behind, so a worker read a BCMS answer without the glossary's English stems, and its confidence
 * depended on which thread took its batch.)
 */
export function annotateJobFor(texts: readonly string[], context: AnnotateContext, control: SharedArrayBuffer, tagAlong?: TagAlong): { job: AnnotateJob; resources: () => HeldResources } {
  let tag: TagResources | undefined;
  if (tagAlong) {
    const { sections: _sections, ...resources } = tagAlong;
    tag = resources;
  }
  const job: AnnotateJob = {
    kind: 'annotate',
    texts: [...texts],
    resourcesKey: resourcesKey(context.stopwords, tag),
    knownPeople: [...context.knownPeople],
    ordinaryNameWords: [...(context.ordinaryNameWords ?? [])],
    namesOnly: context.namesOnly,
    sections: tagAlong?.sections,
    control,
    batch: BATCH,
  };
  return { job, resources: () => ({ stopwords: Object.fromEntries(Object.entries(context.stopwords).map(([lang, set]) => [lang, [...set]])), tag }) };
}

/** Post the annotate job to each worker, with the resources to those that do not hold them yet. */
function postAnnotateJobs(threads: readonly PipelineWorker[], texts: readonly string[], context: AnnotateContext, control: SharedArrayBuffer, tagAlong?: TagAlong): void {
  if (!threads.length) return;
  const { job, resources } = annotateJobFor(texts, context, control, tagAlong);
  let sent: HeldResources | undefined;
  for (const w of threads) {
    if (w.holds === job.resourcesKey) w.port.postMessage(job);
    else {
      sent ??= resources();
      w.port.postMessage({ ...job, resources: sent });
      w.holds = job.resourcesKey;
    }
  }
}

/** The resources this worker holds (see HeldResources), the stop words as sets again. */
let held: { key: string; stopwords: Record<string, ReadonlySet<string>>; tag?: TagResources } | null = null;

/**
 * The worker side of an annotate job: take batches from the shared counter until none is left, posting each
 * batch's annotations (and codings) on `port`. Runs in a pipeline worker (pipeline-worker-main.ts).
 */
export function runAnnotateJob(job: AnnotateJob, port: MessagePort): void {
  if (job.resources) {
    const { stopwords, tag } = job.resources;
    held = { key: job.resourcesKey, stopwords: Object.fromEntries(Object.entries(stopwords).map(([lang, words]) => [lang, new Set(words)])), tag };
  }
  // (A worker that missed its resources reports every batch failed: the caller annotates them and stops it.)
  const have = held?.key === job.resourcesKey ? held : null;
  const context: AnnotateContext = { stopwords: have?.stopwords ?? {}, knownPeople: job.knownPeople, ordinaryNameWords: job.ordinaryNameWords, namesOnly: job.namesOnly };
  const tag = job.sections && have?.tag ? { sections: job.sections, tagger: createTagger(have.tag) } : undefined;
  const missing = !have || (job.sections !== undefined && !have.tag);
  const memo = new Map<string, Annotation>();
  const n = job.texts.length;
  takeBatchesAsHelper(job.control, n, job.batch, (start) => {
    let result: AnnotateBatchResult;
    try {
      if (missing) throw new Error(`resources ${job.resourcesKey} were never sent to this worker`);
      result = { start, ...annotateBatch(job.texts, start, Math.min(n, start + job.batch), context, memo, tag) };
    } catch (err) {
      result = { start, error: String(err) };
    }
    port.postMessage(result);
  });
}
