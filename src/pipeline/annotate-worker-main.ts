// Annotation worker thread: takes batches of texts from the shared counter and posts their annotations (and codings) back.
import { workerData } from 'node:worker_threads';
import type { Annotation } from '../model/index.ts';
import type { AnnotateContext } from './annotate.ts';
import { annotateBatch, type AnnotateBatchResult, type AnnotateWorkerData } from './annotate-parallel.ts';
import { createTagger } from './tag.ts';

const data = workerData as AnnotateWorkerData;
const ctrl = new Int32Array(data.control);
const context: AnnotateContext = {
  stopwords: Object.fromEntries(Object.entries(data.stopwords).map(([lang, words]) => [lang, new Set(words)])),
  knownPeople: data.knownPeople,
  namesOnly: data.namesOnly,
};
const tag = data.tagAlong ? { sections: data.tagAlong.sections, tagger: createTagger(data.tagAlong.codebook, data.tagAlong.gazetteer) } : undefined;
const memo = new Map<string, Annotation>();
const n = data.texts.length;
for (;;) {
  // Count this batch as in progress before taking it, so the caller never misses one.
  Atomics.add(ctrl, 1, 1);
  const start = Atomics.add(ctrl, 0, data.batch);
  if (start >= n) {
    Atomics.sub(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
    break;
  }
  let result: AnnotateBatchResult;
  try {
    result = { start, ...annotateBatch(data.texts, start, Math.min(n, start + data.batch), context, memo, tag) };
  } catch (err) {
    result = { start, error: String(err) };
  }
  data.port.postMessage(result);
  Atomics.add(ctrl, 2, 1);
  Atomics.sub(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
data.port.close();
