// Run the engine on a consultation's documents, honouring each survey file's own column mapping. Pure: no I/O.
import type { IngestedDocument } from '../model/index.ts';
import type { Resources } from '../corpus.ts';
import { analyseDocuments, type Analysis } from '../pipeline/index.ts';
import type { SurveyChoice } from '../store/schema.ts';

export interface RunOptions {
  seed: number;
  k?: number;
  /** One entry per document: the facilitator's survey columns, or null to detect them. */
  mappings: (SurveyChoice | null)[];
  onProgress?: (stage: string, fraction: number) => void;
}

/** Analyse documents into a verified synthesis, each survey segmented with its own columns when the facilitator set them. */
export function runAnalysis(docs: readonly IngestedDocument[], resources: Resources, options: RunOptions): Analysis {
  return analyseDocuments(docs, resources, { seed: options.seed, k: options.k, onProgress: options.onProgress, surveyPerDocument: options.mappings });
}
