// Annotate (and tag) with worker threads, synchronously: threads take batches from a shared counter, the caller blocks until all are in.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Annotation, Codebook, Coding, StakeholderGazetteer } from '../model/index.ts';
import { annotateTexts, type AnnotateContext } from './annotate.ts';
import { createTagger } from './tag.ts';

/** Segments per batch a thread takes at a time (small enough to balance, large enough to be cheap). */
const BATCH = 128;
/** Give up on a worker that has posted nothing for this long and annotate its batches here. */
const STALL_MS = 60_000;

/** Tagging each text right after annotating it, in the same thread: each text's section, and the codebook and gazetteer. */
export interface TagAlong {
  sections: (string | null)[];
  codebook: Codebook;
  gazetteer: StakeholderGazetteer;
}

/** What a worker gets: the texts, the context as plain arrays, the shared counters and its result port. */
export interface AnnotateWorkerData {
  texts: string[];
  stopwords: Record<string, string[]>;
  knownPeople: string[];
  namesOnly?: boolean;
  tagAlong?: TagAlong;
  /** Int32Array over it: [0] next text to take, [1] batches in progress, [2] batches posted. */
  control: SharedArrayBuffer;
  batch: number;
  port: MessagePort;
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
  const control = new SharedArrayBuffer(12);
  const ctrl = new Int32Array(control);
  const stopwords = Object.fromEntries(Object.entries(context.stopwords).map(([lang, set]) => [lang, [...set]]));
  const threads: { worker: Worker; port: MessagePort }[] = [];
  for (let w = 0; w < workers; w++) {
    try {
      const { port1, port2 } = new MessageChannel();
      const data: AnnotateWorkerData = { texts: [...texts], stopwords, knownPeople: [...context.knownPeople], namesOnly: context.namesOnly, tagAlong, control, batch: BATCH, port: port2 };
      const worker = new Worker(new URL('./annotate-worker.js', import.meta.url), { workerData: data, transferList: [port2] });
      worker.on('error', () => {}); // a failed worker's batches are done here (below)
      worker.unref();
      threads.push({ worker, port: port1 });
    } catch {
      break; // no worker threads here: this thread does all the work
    }
  }

  const memo = new Map<string, Annotation>();
  const tag = tagAlong ? { sections: tagAlong.sections, tagger: createTagger(tagAlong.codebook, tagAlong.gazetteer) } : undefined;
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
  let posted = Atomics.load(ctrl, 2);
  let lastProgress = Date.now();
  for (let busy = Atomics.load(ctrl, 1); busy > 0; busy = Atomics.load(ctrl, 1)) {
    Atomics.wait(ctrl, 1, busy, 500);
    const now = Atomics.load(ctrl, 2);
    if (now !== posted) {
      posted = now;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      break;
    }
  }
  for (const { worker, port } of threads) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const r = m.message as AnnotateBatchResult;
      keep(r.start, r);
    }
    port.close();
    void worker.terminate();
  }
  // Anything a worker failed on or never delivered.
  for (let i = 0; i < n; i++) {
    if (results[i] === undefined || (codings && codings[i] === undefined)) keep(i, annotateBatch(texts, i, i + 1, context, memo, tag));
  }
  return { annotations: results as Annotation[], codings: codings as Coding[] | null };
}
