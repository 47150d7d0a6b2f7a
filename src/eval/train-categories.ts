// Training data for the category model: the blind tune half's segments with their coder's categories, cross-validated by document.
import type { Resources } from '../corpus.ts';
import type { CategoryModel } from '../model/index.ts';
import { annotateSegments } from '../pipeline/parallel/annotate-segments.ts';
import { compileModel, headingSkipWords, MODEL_OTHER, modelDecision, readWithModel, segmentFeatures, trainCategoryModel, type ModelInput, type TrainingExample, type TrainOptions } from '../pipeline/category-model.ts';
import { createTagger } from '../pipeline/tag/index.ts';
import { readBlindDocument, type BlindDocument } from './blind-notes.ts';
import { notesAsSegments, type LabelledNote } from './tagging.ts';

/** A segment's class for training: the coder's category most of its lines have (content before "none"; ties: the first line's). */
function segmentClass(labels: readonly string[]): string {
  const content = labels.filter((l) => l !== 'none');
  if (!content.length) return MODEL_OTHER;
  const counts = new Map<string, number>();
  for (const l of content) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = content[0]!;
  for (const [l, n] of counts) if (n > counts.get(best)!) best = l;
  return best;
}

/** Most lines one segment counts for in training (a sticky note wrapped over 6 lines is still one point). */
const MAX_LINES_WEIGHT = 4;

/** A training example with the coder's labels of the lines it covers (for scoring line by line, as the eval does). */
export interface LabelledExample extends TrainingExample {
  lineLabels: string[];
}

/** The heading words a model's features leave out by default: English stop words but question words (see headingSkipWords). */
export function modelHeadingSkip(resources: Resources): string[] {
  return headingSkipWords(resources.stopwords.en ?? []);
}

/** The examples of labelled documents: one per segment holding a labelled line, with the rules' reading as features. */
export async function trainingExamples(docs: readonly BlindDocument[], resources: Resources, headingSkip: readonly string[] = modelHeadingSkip(resources)): Promise<LabelledExample[]> {
  const skip = new Set(headingSkip);
  const out: LabelledExample[] = [];
  for (const doc of docs) {
    const { segments, lines, people } = await readBlindDocument(doc, resources);
    const annotations = annotateSegments(segments, resources, { knownPeople: people.names, ordinaryNameWords: people.ordinaryWords, workers: 0 });
    let captured: ModelInput | null = null;
    const tag = createTagger({ ...resources, categoryModel: undefined }, (input) => (captured = input));
    const labelOf = new Map(doc.labels.map((l) => [l.line, l.category]));
    segments.forEach((segment, i) => {
      const labels = lines[i]!.flatMap((line) => (labelOf.has(line) ? [labelOf.get(line)!] : []));
      if (!labels.length) return;
      captured = null;
      tag(segment, annotations[i]);
      out.push({ features: segmentFeatures(captured!, skip), category: segmentClass(labels), document: doc.name, weight: Math.min(labels.length, MAX_LINES_WEIGHT), lineLabels: labels });
    });
  }
  return out;
}

/**
 * The older labelled notes (test/fixtures/labelled-notes.csv: a note, its section heading and its category, written by
 * the team) as examples too: they teach the model how much a heading says where the blind notes say little of it.
 */
export function labelledNoteExamples(notes: readonly LabelledNote[], resources: Resources, headingSkip: readonly string[] = modelHeadingSkip(resources)): LabelledExample[] {
  const skip = new Set(headingSkip);
  const segments = notesAsSegments(notes);
  const annotations = annotateSegments(segments, resources, { workers: 0 });
  let captured: ModelInput | null = null;
  const tag = createTagger({ ...resources, categoryModel: undefined }, (input) => (captured = input));
  return notes.map((n, i) => {
    captured = null;
    tag(segments[i]!, annotations[i]);
    return { features: segmentFeatures(captured!, skip), category: n.category, document: `labelled-notes:${n.document}`, weight: 1, lineLabels: [n.category] };
  });
}

/** The classes a model for this codebook predicts: its categories and "other". */
export function modelClasses(resources: Resources): string[] {
  return [...resources.codebook.categories.map((c) => c.id), MODEL_OTHER];
}

/** A model's own reading of examples (each segment's most probable class given to the lines it covers). */
export function readExamples(model: CategoryModel, examples: readonly LabelledExample[]): { truth: string[]; predicted: string[] } {
  const compiled = compileModel(model);
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const e of examples) {
    const p = readWithModel(compiled, e.features).probabilities;
    const best = compiled.model.categories[modelDecision(compiled, e.features, p).index]!;
    for (const label of e.lineLabels) {
      truth.push(label);
      predicted.push(best);
    }
  }
  return { truth, predicted };
}

/** Train on all examples (their features made with `options.headingSkip`, by default modelHeadingSkip's words). */
export function trainModel(examples: readonly TrainingExample[], resources: Resources, options: Partial<TrainOptions> = {}): CategoryModel {
  return trainCategoryModel(examples, { categories: modelClasses(resources), headingSkip: modelHeadingSkip(resources), ...options });
}

/**
 * Leave-one-document-out from the examples alone: each document's segments read by a model trained on the other
 * documents, each segment's class given to the lines it covers, scored line by line over SCORED_CATEGORIES (lines no
 * segment covers are not in the examples: the eval counts them as "none", which no scored category is). Only the
 * documents `heldOut` accepts are read (all by default); every other document still trains.
 */
export function crossValidate(
  examples: readonly LabelledExample[],
  resources: Resources,
  options: Partial<TrainOptions> = {},
  alwaysTrain: readonly LabelledExample[] = [],
  heldOut: (document: string) => boolean = () => true,
): { truth: string[]; predicted: string[] } {
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const doc of [...new Set(examples.map((e) => e.document))].filter(heldOut)) {
    const model = trainModel([...examples.filter((e) => e.document !== doc), ...alwaysTrain], resources, options);
    const read = readExamples(model, examples.filter((e) => e.document === doc));
    truth.push(...read.truth);
    predicted.push(...read.predicted);
  }
  return { truth, predicted };
}
