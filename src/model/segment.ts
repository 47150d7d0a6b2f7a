// A segment: one bullet, sentence or survey answer, with where it came from; stages enrich it.
import { z } from 'zod';
import { dictSchema } from './dict.ts';
import { LIMITS } from './limits.ts';

/** Text from a file: a segment, a cell, a word (the upload limit bounds them; this bounds a crafted backup). */
const text = z.string().max(1_000_000);
const id = z.string().max(LIMITS.id);
/** Words, phrases and spans of one segment. */
const words = z.array(text).max(1_000_000);

/** Where a segment's text is in its source, exactly. */
export const provenance = z.object({
  documentId: id,
  /** File name. */
  document: z.string().max(LIMITS.fileName),
  /** 1-based line in the source text; for a survey, the first line of the record. */
  line: z.number().int().positive(),
  /** Notes: character offsets in the document text. Survey: offsets in the answer cell. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Survey: the question column the answer is in. */
  column: text.nullable(),
});
export type Provenance = z.infer<typeof provenance>;

export const segment = z.object({
  id,
  kind: z.enum(['note', 'answer']),
  /** Verbatim text of the segment (bullet markers stripped). */
  text,
  /** The section heading or question being discussed, or the survey question. */
  section: text.nullable(),
  respondentId: text.nullable(),
  /** Respondent attributes (survey columns) or document-level facts such as the breakout group. */
  attributes: dictSchema(text, { maxKeys: LIMITS.columns + 2 }),
  /** Survey answers: the respondent's multi-choice (tick-box) questions, each question's text to the options ticked (absent when none). */
  choices: dictSchema(z.array(text).max(LIMITS.columns), { maxKeys: LIMITS.columns }).optional(),
  provenance,
  /** Survey answers: the day the response was submitted (YYYY-MM-DD), from the survey's date column, for a date range filter. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type Segment = z.infer<typeof segment>;

/**
 * Every grouping value of a segment: its attributes, then one pair per option ticked in a multi-choice question
 * (a respondent who ticked two options is counted under both). What *Show only*, the "By" tables and the differences count.
 */
export function groupingValues(seg: Pick<Segment, 'attributes' | 'choices'>): [string, string][] {
  const pairs = Object.entries(seg.attributes).filter(([, value]) => value !== '');
  for (const [question, ticked] of Object.entries(seg.choices ?? {})) for (const option of ticked) pairs.push([question, option]);
  return pairs;
}

/** The multi-choice questions some segment's respondent answered (their options are groupings that overlap). */
export function multiChoiceQuestions(segments: readonly Pick<Segment, 'choices'>[]): Set<string> {
  const questions = new Set<string>();
  for (const seg of segments) if (seg.choices) for (const question of Object.keys(seg.choices)) questions.add(question);
  return questions;
}

/** Whether a segment's attribute has the value, or (a multi-choice question) the option was ticked. */
export function hasGroupingValue(seg: Pick<Segment, 'attributes' | 'choices'>, attribute: string, value: string): boolean {
  if (Object.hasOwn(seg.attributes, attribute)) return seg.attributes[attribute] === value;
  return seg.choices !== undefined && Object.hasOwn(seg.choices, attribute) && seg.choices[attribute]!.includes(value);
}

/** A span of personal data in a segment's text, for redaction on export. */
export const piiSpan = z.object({
  kind: z.enum(['email', 'phone', 'person']),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text,
});
export type PiiSpan = z.infer<typeof piiSpan>;

/** What annotate adds: language, tokens and their stems, phrases, entities, sentiment, PII. */
export const annotation = z.object({
  /** ISO 639-1 code ('en', 'sr', 'sq', 'mk', 'it', ...) or 'und' when too short to tell. */
  language: z.string().max(20),
  /** Normalised, lower-cased content tokens (stop words removed). */
  tokens: words,
  /** Stems of `tokens`, same order. */
  stems: words,
  /** Adjacent stem pairs ("cost_devic"), for phrase features. */
  bigrams: words,
  /** Noun phrases as they appear in the text (lower-cased, trimmed of punctuation). */
  nounPhrases: words,
  people: words,
  organisations: words,
  places: words,
  /** Normalised sentiment score, about -1..1 (AFINN per token). */
  sentiment: z.number(),
  pii: z.array(piiSpan).max(1_000_000),
});
export type Annotation = z.infer<typeof annotation>;

export const categoryId = z.string().max(LIMITS.id);

/** What tag adds: the codebook category with confidence, secondary categories, stakeholder types. */
export const coding = z.object({
  category: categoryId,
  confidence: z.number().min(0).max(1),
  secondary: z.array(categoryId).max(LIMITS.codebookCategories),
  stakeholderTypes: z.array(id).max(LIMITS.listItems),
  /** Keywords / patterns / section cue that decided the category, for explanation. */
  evidence: words,
});
export type Coding = z.infer<typeof coding>;

export const analysedSegment = segment.extend({
  annotation,
  coding,
  themeId: id.nullable(),
});
export type AnalysedSegment = z.infer<typeof analysedSegment>;
