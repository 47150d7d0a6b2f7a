// A segment: one bullet, sentence or survey answer, with where it came from; stages enrich it.
import { z } from 'zod';

/** Where a segment's text is in its source, exactly. */
export const provenance = z.object({
  documentId: z.string(),
  /** File name. */
  document: z.string(),
  /** 1-based line in the source text; for a survey, the first line of the record. */
  line: z.number().int().positive(),
  /** Notes: character offsets in the document text. Survey: offsets in the answer cell. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Survey: the question column the answer is in. */
  column: z.string().nullable(),
});
export type Provenance = z.infer<typeof provenance>;

export const segment = z.object({
  id: z.string(),
  kind: z.enum(['note', 'answer']),
  /** Verbatim text of the segment (bullet markers stripped). */
  text: z.string(),
  /** The section heading or question being discussed, or the survey question. */
  section: z.string().nullable(),
  respondentId: z.string().nullable(),
  /** Respondent attributes (survey columns) or document-level facts such as the breakout group. */
  attributes: z.record(z.string(), z.string()),
  provenance,
});
export type Segment = z.infer<typeof segment>;

/** A span of personal data in a segment's text, for redaction on export. */
export const piiSpan = z.object({
  kind: z.enum(['email', 'phone', 'person']),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type PiiSpan = z.infer<typeof piiSpan>;

/** What annotate adds: language, tokens and their stems, phrases, entities, sentiment, PII. */
export const annotation = z.object({
  /** ISO 639-1 code ('en', 'sr', 'sq', 'mk', 'it', ...) or 'und' when too short to tell. */
  language: z.string(),
  /** Normalised, lower-cased content tokens (stop words removed). */
  tokens: z.array(z.string()),
  /** Stems of `tokens`, same order. */
  stems: z.array(z.string()),
  /** Adjacent stem pairs ("cost_devic"), for phrase features. */
  bigrams: z.array(z.string()),
  /** Noun phrases as they appear in the text (lower-cased, trimmed of punctuation). */
  nounPhrases: z.array(z.string()),
  people: z.array(z.string()),
  organisations: z.array(z.string()),
  places: z.array(z.string()),
  /** Normalised sentiment score, about -1..1 (AFINN per token). */
  sentiment: z.number(),
  pii: z.array(piiSpan),
});
export type Annotation = z.infer<typeof annotation>;

export const categoryId = z.string();

/** What tag adds: the codebook category with confidence, secondary categories, stakeholder types. */
export const coding = z.object({
  category: categoryId,
  confidence: z.number().min(0).max(1),
  secondary: z.array(categoryId),
  stakeholderTypes: z.array(z.string()),
  /** Keywords / patterns / section cue that decided the category, for explanation. */
  evidence: z.array(z.string()),
});
export type Coding = z.infer<typeof coding>;

export const analysedSegment = segment.extend({
  annotation,
  coding,
  themeId: z.string().nullable(),
});
export type AnalysedSegment = z.infer<typeof analysedSegment>;
