// Category tagging score: tag the labelled notes (section + text) with the engine's annotate and tag stages; P/R/F1 per category.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Segment } from '../model/index.ts';
import { annotateSegments } from '../pipeline/parallel/annotate-segments.ts';
import { tagSegments, type TagResources } from '../pipeline/tag/index.ts';
import { categoryScores, type CategoryScore } from './metrics.ts';

/** One hand-labelled note: where it sits, what it says, and the category and theme a careful coder gives it. */
export interface LabelledNote {
  id: string;
  document: string;
  section: string;
  text: string;
  category: string;
  theme: string;
}

export interface TaggingReport {
  categories: CategoryScore[];
  macroF1: number;
  accuracy: number;
  items: number;
  /** Notes tagged wrongly: id, expected, got. */
  errors: { id: string; expected: string; got: string; text: string }[];
}

/** Parse the labelled notes CSV (id,document,section,text,category,theme). */
export function parseLabelledNotes(csv: string): LabelledNote[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({ id: r.id!, document: r.document!, section: r.section ?? '', text: r.text!, category: r.category!, theme: r.theme ?? '' }));
}

/** Labelled notes as the pipeline's segments: each note under its section heading, its row as its line. */
export function notesAsSegments(notes: readonly LabelledNote[]): Segment[] {
  return notes.map((n, i) => ({
    id: n.id,
    kind: 'note',
    text: n.text,
    section: n.section || null,
    respondentId: null,
    attributes: {},
    provenance: { documentId: 'notes', document: n.document, line: i + 1, start: 0, end: n.text.length, column: null },
  }));
}

/** Tag labelled notes as the pipeline would (a note under its section heading) and score against the labels. */
export function scoreNotes(
  notes: readonly LabelledNote[],
  resources: { stopwords: Record<string, ReadonlySet<string>> } & TagResources,
): TaggingReport {
  const segments = notesAsSegments(notes);
  const annotations = annotateSegments(segments, resources);
  const codings = tagSegments(segments, annotations, resources);
  const truth = notes.map((n) => n.category);
  const predicted = codings.map((c) => c.category);
  const scores = categoryScores(truth, predicted);
  const errors = notes
    .map((n, i) => ({ id: n.id, expected: n.category, got: predicted[i]!, text: n.text }))
    .filter((e) => e.expected !== e.got);
  return { ...scores, items: notes.length, errors };
}

/** Read the labelled notes file and score tagging on it. */
export function scoreTagging(
  file: string,
  resources: { stopwords: Record<string, ReadonlySet<string>> } & TagResources,
): TaggingReport {
  return scoreNotes(parseLabelledNotes(readFileSync(file, 'utf8')), resources);
}

/** The tagging scores as a Markdown table. */
export function formatTaggingTable(r: TaggingReport): string {
  const lines = [
    `Category tagging on the labelled notes (${r.items} segments): macro-F1 ${r.macroF1.toFixed(3)}, accuracy ${r.accuracy.toFixed(3)}`,
    '',
    '| category | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...r.categories.map((c) => `| ${c.category} | ${c.precision.toFixed(3)} | ${c.recall.toFixed(3)} | ${c.f1.toFixed(3)} | ${c.support} |`),
  ];
  if (r.errors.length) {
    lines.push('', 'Mis-tagged:', ...r.errors.map((e) => `- ${e.id}: expected ${e.expected}, got ${e.got}: ${e.text}`));
  }
  return lines.join('\n');
}
