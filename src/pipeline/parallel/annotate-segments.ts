// The serial-or-threads choice for annotation: annotate (and tag) segments in this thread, or share them with worker threads.
import type { Annotation, CategoryModel, Codebook, Coding, Segment, SentenceCues, StakeholderGazetteer } from '../../model/index.ts';
import { annotateTexts, answerPhrasesLeftToLabels, distinct, readTogether, shareCodingStrings, shareWords, type AnnotateContext } from '../annotate/index.ts';
import { createTagger, tagSegments, type TagResources } from '../tag/index.ts';
import { annotateInParallel } from './annotate-parallel.ts';
import { sharedCompromiseReader, type SharedReader } from './compromise-reader.ts';
import { defaultWorkerCount } from './worker-pool.ts';

/** Below this many segments, starting worker threads costs more than it saves. */
const PARALLEL_MIN_SEGMENTS = 3000;

export interface AnnotateOptions {
  /** Everyone the consultation names (see gatherPeople), looked for as personal data. */
  knownPeople?: string[];
  /** Name words that are also ordinary words in the consultation (see gatherPeople). */
  ordinaryNameWords?: string[];
  /**
   * Up to this many segments (default 5,000) compromise reads every English text in full. Above it, notes
   * still are, but survey answers get no noun phrases (compromise's costliest part: the label stage finds the
   * few it needs, see `answerPhrasesLeftToLabels`), and people, organisations and places only from the sentences
   * that may name someone by a name of two or more words (see mayNameSomeone).
   */
  fullEntitiesMax?: number;
  /**
   * Worker threads to share the work with (default: one less than the CPUs, at most 3, and none
   * below 3000 segments). 0 annotates in this thread only. The result is the same either way.
   */
  workers?: number;
  /** Called as segments annotated in this thread get done (done, total), so a long run shows it moves. */
  onProgress?: (done: number, total: number) => void;
}

/** Segments annotated in this thread between two progress reports. */
const PROGRESS_CHUNK = 250;


/** Annotate (and tag, when `tagWith` is given) the segments at `indices`, in worker threads when there are any. */
function annotateSome(
  segments: readonly Segment[],
  indices: readonly number[],
  context: AnnotateContext,
  workers: number,
  tagWith: TagResources | null,
  onProgress?: (done: number) => void,
): { annotations: Annotation[]; codings: Coding[] | null } {
  const texts = indices.map((i) => segments[i]!.text);
  if (workers > 0 && texts.length > 1) {
    const sections = tagWith ? indices.map((i) => segments[i]!.section ?? null) : [];
    const done = annotateInParallel(texts, context, workers, tagWith ? { sections, ...tagWith } : undefined);
    return { annotations: shareWords(done.annotations), codings: done.codings && shareCodingStrings(done.codings) };
  }
  // compromise's work shared with its helper thread, when the caller started one (see compromise-reader.ts).
  const shared = sharedCompromiseReader();
  if (shared) return annotateWithHelper(segments, indices, context, shared, tagWith, onProgress);
  if (!onProgress) {
    const annotations = annotateTexts(texts, context, new Map());
    return { annotations, codings: tagWith ? tagSegments(indices.map((i) => segments[i]!), annotations, tagWith) : null };
  }
  // In chunks with one memo and one tagger: the same annotations and codings as in one call, with a report after each chunk.
  const memo = new Map<string, Annotation>();
  const tag = tagWith && createTagger(tagWith);
  const annotations: Annotation[] = [];
  const codings: Coding[] | null = tag ? [] : null;
  for (let from = 0; from < texts.length; from += PROGRESS_CHUNK) {
    const chunk = annotateTexts(texts.slice(from, from + PROGRESS_CHUNK), context, memo);
    chunk.forEach((a, k) => {
      annotations.push(a);
      if (tag) codings!.push(tag(segments[indices[from + k]!]!, a));
    });
    onProgress(Math.min(texts.length, from + PROGRESS_CHUNK));
  }
  return { annotations, codings };
}

/** Segments per chunk with the helper thread: small, so that it waits little at the first chunk and after the last. */
const HELPER_CHUNK = 100;

/**
 * annotateSome with compromise's helper thread: in chunks, one memo and one tagger (the same annotations and codings
 * as in one call). While the helper reads chunk k's English texts, this thread reads chunk k's texts for tagging
 * (what needs no annotation), finishes and codes chunk k-1, and reads chunk k+1 first (language, tokens), so the
 * helper has chunk k+1 as soon as chunk k is read; then it joins the reading of chunk k.
 */
function annotateWithHelper(
  segments: readonly Segment[],
  indices: readonly number[],
  context: AnnotateContext,
  shared: SharedReader,
  tagWith: TagResources | null,
  onProgress?: (done: number) => void,
): { annotations: Annotation[]; codings: Coding[] | null } {
  const texts = indices.map((i) => segments[i]!.text);
  const memo = new Map<string, Annotation>();
  const tag = tagWith && createTagger(tagWith);
  const annotations: Annotation[] = [];
  const codings: Coding[] | null = tag ? [] : null;
  const chunkAt = (from: number): string[] => texts.slice(from, from + HELPER_CHUNK);
  let pending = readTogether(chunkAt(0), context, memo);
  // The previous chunk's last steps (finish, code, report), run once.
  let previous: (() => void) | null = null;
  for (let from = 0; from < texts.length; from += HELPER_CHUNK) {
    const current = pending;
    const chunkTexts = chunkAt(from);
    const next = from + HELPER_CHUNK < texts.length ? from + HELPER_CHUNK : -1;
    const last = previous;
    let ran = false;
    const meanwhile = (): void => {
      if (ran) return;
      ran = true;
      if (tag) for (const t of chunkTexts) tag.prepare(t);
      last?.();
      if (next >= 0) pending = readTogether(chunkAt(next), context, memo);
    };
    const readings = shared(current.inFull, meanwhile);
    meanwhile(); // (when the helper was not asked: too few texts, or it stopped)
    previous = () => {
      current.finish(readings).forEach((a, k) => {
        annotations.push(a);
        if (tag) codings!.push(tag(segments[indices[from + k]!]!, a));
      });
      onProgress?.(Math.min(texts.length, from + HELPER_CHUNK));
    };
  }
  previous?.();
  return { annotations, codings };
}

function annotateAll(
  segments: readonly Segment[],
  resources: { stopwords: Record<string, ReadonlySet<string>> },
  options: AnnotateOptions,
  tagWith: TagResources | null,
): { annotations: Annotation[]; codings: Coding[] | null } {
  const knownPeople = distinct((options.knownPeople ?? []).map((n) => n.trim()).filter((n) => /\p{L}{2}/u.test(n)));
  const context: AnnotateContext = { stopwords: resources.stopwords, knownPeople, ordinaryNameWords: options.ordinaryNameWords ?? [] };
  const workers = options.workers ?? (segments.length >= PARALLEL_MIN_SEGMENTS ? defaultWorkerCount() : 0);
  const report = options.onProgress && ((done: number, before = 0): void => options.onProgress!(before + done, segments.length));
  if (!answerPhrasesLeftToLabels(segments.length, options.fullEntitiesMax)) return annotateSome(segments, segments.map((_, i) => i), context, workers, tagWith, report);

  // A large input: answers get names only, notes the full reading.
  const answers: number[] = [];
  const notes: number[] = [];
  segments.forEach((s, i) => (s.kind === 'answer' ? answers : notes).push(i));
  const annotations: Annotation[] = new Array(segments.length);
  const codings: Coding[] | null = tagWith ? new Array(segments.length) : null;
  for (const [indices, ctx, threads] of [[answers, { ...context, namesOnly: true }, workers], [notes, context, 0]] as const) {
    const before = indices === notes ? answers.length : 0;
    const done = annotateSome(segments, indices, ctx, threads, tagWith, report && ((n: number) => report(n, before)));
    indices.forEach((i, p) => {
      annotations[i] = done.annotations[p]!;
      if (codings) codings[i] = done.codings![p]!;
    });
  }
  return { annotations, codings };
}

/**
 * Annotate segments (same order as given): language, content tokens, stems, bigrams, noun phrases,
 * people/organisations/places, sentiment and personal data. Pure and deterministic; compromise and
 * sentiment run for English only, once per distinct text. Large inputs are shared with worker threads
 * (synchronously: this call blocks until all are done); the result does not depend on how it was split.
 */
export function annotateSegments(
  segments: readonly Segment[],
  resources: { stopwords: Record<string, ReadonlySet<string>> },
  options: AnnotateOptions = {},
): Annotation[] {
  return annotateAll(segments, resources, options, null).annotations;
}

/**
 * annotateSegments, then tagSegments, with the same result; in a large input each thread tags the segments it
 * has just annotated, so tagging is shared by the threads as well.
 */
export function annotateAndTagSegments(
  segments: readonly Segment[],
  resources: { stopwords: Record<string, ReadonlySet<string>> } & TagResources,
  options: AnnotateOptions = {},
): { annotations: Annotation[]; codings: Coding[] } {
  const done = annotateAll(segments, resources, options, {
    codebook: resources.codebook,
    gazetteer: resources.gazetteer,
    sentenceCues: resources.sentenceCues,
    categoryModel: resources.categoryModel,
    wordVectors: resources.wordVectors,
    stopwords: resources.stopwords,
  });
  return { annotations: done.annotations, codings: done.codings! };
}
