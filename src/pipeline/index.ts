// The pipeline in one place: segment -> annotate -> tag -> themes (vectorise, cluster, label) -> synthesise -> verify.
import type { AnalysedSegment, CampaignCounting, DocumentInfo, FileError, IngestedDocument, Segment, Synthesis } from '../model/index.ts';
import { synthesis as synthesisSchema } from '../model/index.ts';
import type { Resources } from '../model/resources.ts';
import { toAppError } from '../errors.ts';
import { segmentDocument, type SegmentOptions } from './segment/index.ts';
import { answerPhrasesLeftToLabels } from './annotate/index.ts';
import { annotateAndTagSegments } from './parallel/annotate-segments.ts';
import { withLocalActors } from './tag/local-actors.ts';
import { synthesise } from './synthesise.ts';
import { verifySynthesis } from './verify.ts';
import { CAMPAIGN_STEP, findCampaigns } from './campaigns/index.ts';
import { gatherPeople } from '../privacy/redact.ts';
import { prestartWorkers } from './parallel/worker-pool.ts';
import { lendCompromiseReaderToPool, stopCompromiseReader } from './parallel/compromise-reader.ts';

import { HARVEST_VERSION } from '../version.ts';

export { HARVEST_VERSION };

/**
 * From about this many segments (survey records, or 200 characters of notes each) the annotate stage works in
 * worker threads: they are started before segmenting, so they are ready when it begins.
 */
const PRESTART_MIN_SEGMENTS = 3000;

/** A rough count of the segments documents will give, before segmenting them. */
function roughSegmentCount(docs: readonly IngestedDocument[]): number {
  return docs.reduce((n, d) => n + (d.kind === 'survey' ? d.records.length : d.text.length / 200), 0);
}

export interface AnalysisOptions {
  seed: number;
  k?: number;
  /** Survey column choices (id, text, question and attribute columns) for every survey. */
  survey?: Omit<SegmentOptions, 'nonAnswers' | 'vocabulary'>;
  /** Per-document choices by position in `docs` (null: use `survey`); they override `survey` for that file. */
  surveyPerDocument?: readonly (Omit<SegmentOptions, 'nonAnswers' | 'vocabulary'> | null)[];
  /**
   * Worker threads for the annotate and themes stages (default: each stage's own choice, by the CPUs and the
   * size of the input; 0: this thread only). The result is the same either way.
   */
  workers?: number;
  /**
   * From how many segments (roughly counted before segmenting) the worker threads are started ahead (default
   * 3,000). Lower only to exercise the start-ahead path on a small input (the tests); the result is the same.
   */
  prestartFrom?: number;
  /** How campaigns (answers pasted from one template) count in theme counts: each answer (default) or once per theme. */
  campaigns?: CampaignCounting;
  /** Progress: a stage name and a fraction 0..1 of the whole run. */
  onProgress?: (stage: string, fraction: number) => void;
}

export interface Analysis {
  synthesis: Synthesis;
  /** Documents with their full text/records, for quote checks and exports. */
  documents: DocumentInfo[];
}

/**
 * Analyse ingested documents into a verified synthesis. Documents that fail to segment (e.g. a named
 * column is missing) are reported in `errors` and the rest are analysed. Pure: no I/O.
 */
export function analyseDocuments(
  docs: readonly IngestedDocument[],
  resources: Resources,
  options: AnalysisOptions,
  ingestErrors: readonly FileError[] = [],
): Analysis {
  // The worker threads load their modules (about a second on a busy machine) while this thread segments.
  if (options.workers !== 0 && roughSegmentCount(docs) >= (options.prestartFrom ?? PRESTART_MIN_SEGMENTS)) {
    // compromise's helper thread (a small input's, when the caller started it) would only stand beside them.
    stopCompromiseReader();
    prestartWorkers(options.workers);
  }
  // The pool's workers stay started for the next analysis (see worker-pool.ts: how many, and for how long idle).
  try {
    return analyse(docs, resources, options, ingestErrors);
  } finally {
    stopCompromiseReader();
  }
}

/** Annotation progress (15% to 45%), passed on at most every 200 ms so a huge file's progress bar moves without flooding. */
function annotateProgress(progress: (stage: string, fraction: number) => void): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    progress('annotate', 0.15 + (0.3 * done) / Math.max(1, total));
  };
}

function analyse(docs: readonly IngestedDocument[], resources: Resources, options: AnalysisOptions, ingestErrors: readonly FileError[]): Analysis {
  const progress = options.onProgress ?? (() => {});
  const errors: FileError[] = [...ingestErrors];
  const documents: DocumentInfo[] = [];
  const segments: Segment[] = [];
  progress('segment', 0.05);
  docs.forEach((doc, i) => {
    try {
      const choice = { ...options.survey, ...(options.surveyPerDocument?.[i] ?? {}) };
      const { info, segments: docSegments } = segmentDocument(doc, `d${i + 1}`, { ...choice, nonAnswers: resources.nonAnswers, nonAnswerFillers: resources.nonAnswerFillers, vocabulary: resources.notesVocabulary });
      documents.push(info);
      // One at a time: a survey of several hundred thousand answers is too many arguments for one push.
      for (const s of docSegments) segments.push(s);
    } catch (err) {
      const e = toAppError(err, 'MALFORMED_FILE', doc.name);
      errors.push({ file: doc.name, code: e.code, message: e.message });
    }
  });
  progress('annotate', 0.15);
  // Everyone the consultation names (attendees, people fields, role lines, signatures, e-mail addresses), for personal data.
  const people = gatherPeople(documents, segments);
  // Each thread tags the segments it has just annotated (the same codings as tagSegments after annotateSegments).
  const tagged = annotateAndTagSegments(segments, resources, { knownPeople: people.names, ordinaryNameWords: people.ordinaryWords, workers: options.workers, onProgress: annotateProgress(progress) });
  const annotations = tagged.annotations;
  // The acronyms and people a document defines for itself ("Civil Society Organisations (CSOs)", "Svetlana (ANOFM)") type its lines too.
  const codings = withLocalActors(segments, tagged.codings, documents, resources.gazetteer);
  progress('tag', 0.45);
  // compromise's helper thread (when the caller started one) takes scopes of the themes stage now.
  lendCompromiseReaderToPool();
  const analysed: AnalysedSegment[] = segments.map((s, i) => ({ ...s, annotation: annotations[i]!, coding: codings[i]!, themeId: null }));
  progress('themes', 0.5);
  const result = synthesise(analysed, documents, errors, resources.codebook, resources.gazetteer, {
    seed: options.seed,
    k: options.k,
    codebookName: resources.codebookName,
    stopwords: resources.stopwords,
    genericWords: resources.genericWords,
    ...(resources.wordVectors ? { wordVectors: resources.wordVectors } : {}),
    phrasesOnDemand: answerPhrasesLeftToLabels(segments.length),
    version: HARVEST_VERSION,
    workers: options.workers,
    onThemesProgress: (fraction) => progress('themes', 0.5 + 0.4 * fraction),
  });
  progress('campaigns', 0.9);
  result.campaigns = findCampaigns(result.segments, { seed: options.seed, counting: options.campaigns });
  result.method.steps.push(CAMPAIGN_STEP);
  progress('verify', 0.92);
  const parsed = synthesisSchema.parse(result);
  progress('verify', 0.96);
  verifySynthesis(parsed, documents);
  progress('done', 1);
  return { synthesis: parsed, documents };
}
