// Run the engine on a consultation's documents, honouring each survey file's own column mapping. Pure: no I/O.
import type { AnalysedSegment, DocumentInfo, FileError, IngestedDocument, Segment } from '../model/index.ts';
import { synthesis as synthesisSchema } from '../model/index.ts';
import type { Resources } from '../corpus.ts';
import { toAppError } from '../errors.ts';
import { analyseDocuments, HARVEST_VERSION, type Analysis } from '../pipeline/index.ts';
import { segmentDocument } from '../pipeline/segment.ts';
import { annotateSegments } from '../pipeline/annotate.ts';
import { tagSegments } from '../pipeline/tag.ts';
import { synthesise } from '../pipeline/synthesise.ts';
import { verifySynthesis } from '../pipeline/verify.ts';
import type { SurveyChoice } from '../store/schema.ts';

export interface RunOptions {
  seed: number;
  k?: number;
  /** One entry per document: the facilitator's survey columns, or null to detect them. */
  mappings: (SurveyChoice | null)[];
  onProgress?: (stage: string, fraction: number) => void;
}

/**
 * Analyse documents into a verified synthesis. Without per-file column choices this is exactly
 * `analyseDocuments`; with them, the same stages run in the same order, each survey segmented with
 * its own columns (the engine's options apply one mapping to every file).
 */
export function runAnalysis(docs: readonly IngestedDocument[], resources: Resources, options: RunOptions): Analysis {
  if (options.mappings.every((m) => m === null)) {
    return analyseDocuments(docs, resources, { seed: options.seed, k: options.k, onProgress: options.onProgress });
  }
  const progress = options.onProgress ?? (() => {});
  const errors: FileError[] = [];
  const documents: DocumentInfo[] = [];
  const segments: Segment[] = [];
  progress('segment', 0.05);
  docs.forEach((doc, i) => {
    try {
      const choice = options.mappings[i] ?? {};
      const { info, segments: docSegments } = segmentDocument(doc, `d${i + 1}`, { ...choice, nonAnswers: resources.nonAnswers });
      documents.push(info);
      segments.push(...docSegments);
    } catch (err) {
      const e = toAppError(err, 'MALFORMED_FILE', doc.name);
      errors.push({ file: doc.name, code: e.code, message: e.message });
    }
  });
  progress('annotate', 0.15);
  const knownPeople = documents.flatMap((d) => d.attendees.map((a) => a.name));
  const annotations = annotateSegments(segments, resources, { knownPeople });
  progress('tag', 0.45);
  const codings = tagSegments(segments, annotations, resources.codebook, resources.gazetteer);
  const analysed: AnalysedSegment[] = segments.map((s, i) => ({ ...s, annotation: annotations[i]!, coding: codings[i]!, themeId: null }));
  progress('themes', 0.5);
  const result = synthesise(analysed, documents, errors, resources.codebook, resources.gazetteer, {
    seed: options.seed,
    k: options.k,
    codebookName: resources.codebookName,
    stopwords: resources.stopwords,
    genericWords: resources.genericWords,
    version: HARVEST_VERSION,
    onScope: (done, total) => progress('themes', 0.5 + (0.4 * done) / total),
  });
  progress('verify', 0.92);
  const parsed = synthesisSchema.parse(result);
  verifySynthesis(parsed, documents);
  progress('done', 1);
  return { synthesis: parsed, documents };
}
