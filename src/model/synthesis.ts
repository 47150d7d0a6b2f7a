// The synthesis: themes per scope with counts, quotes and breakdowns, the stakeholder map, minority views, method note.
import { z } from 'zod';
import { analysedSegment } from './segment.ts';
import { documentHeader, questionStats } from './document.ts';

/** A verbatim quote with where it is in its source. */
export const quote = z.object({
  segmentId: z.string(),
  text: z.string(),
  document: z.string(),
  line: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  section: z.string().nullable(),
  respondentId: z.string().nullable(),
});
export type Quote = z.infer<typeof quote>;

/** Counts of a theme's segments per value of an attribute (organisation type, country, group...). */
export const breakdown = z.record(z.string(), z.record(z.string(), z.number().int().nonnegative()));
export type Breakdown = z.infer<typeof breakdown>;

export const theme = z.object({
  id: z.string(),
  scopeId: z.string(),
  label: z.string(),
  /** Distinctive words and phrases of the theme, most distinctive first. */
  keyTerms: z.array(z.string()),
  size: z.number().int().nonnegative(),
  /** size / number of segments in the scope. */
  share: z.number().min(0).max(1),
  language: z.string(),
  /** The explicit "Other" theme: tiny or incoherent groups, not forced into a theme. */
  isOther: z.boolean(),
  /** Mean cosine similarity of members to the theme centre (0..1): how tight the theme is. */
  coherence: z.number(),
  quotes: z.array(quote),
  byAttribute: breakdown,
  byDocument: z.record(z.string(), z.number().int().nonnegative()),
  segmentIds: z.array(z.string()),
  /** Set when a facilitator changed the theme by hand (web app). */
  editedBy: z.enum(['machine', 'human']).default('machine'),
});
export type Theme = z.infer<typeof theme>;

/** A scope is what themes are found within: a survey question, a notes category, or a notes section. */
export const scope = z.object({
  id: z.string(),
  kind: z.enum(['question', 'category', 'section']),
  label: z.string(),
  /** For a category scope, the category id; for questions, the dominant category of its answers. */
  category: z.string().nullable(),
  segments: z.number().int().nonnegative(),
  k: z.number().int().nonnegative(),
  themes: z.array(theme),
  categoryCounts: z.record(z.string(), z.number().int().nonnegative()),
  summary: z.array(z.string()),
});
export type Scope = z.infer<typeof scope>;

export const stakeholderEntry = z.object({
  type: z.string(),
  label: z.string(),
  /** Segments that mention this type of actor. */
  mentions: z.number().int().nonnegative(),
  /** Mentions in segments tagged as the stakeholder category. */
  asStakeholder: z.number().int().nonnegative(),
  /** Terms seen for this type, with counts ("ministry": 4). */
  terms: z.record(z.string(), z.number().int().nonnegative()),
  /** Who named them: counts by document and by respondent attribute. */
  byDocument: z.record(z.string(), z.number().int().nonnegative()),
  byAttribute: breakdown,
  quotes: z.array(quote),
});
export type StakeholderEntry = z.infer<typeof stakeholderEntry>;

export const minorityView = z.object({
  scopeId: z.string(),
  quote,
  category: z.string(),
  reason: z.string(),
});
export type MinorityView = z.infer<typeof minorityView>;

/** A document as the synthesis lists it: its header, with counts instead of its text and attendees. */
export const documentSummary = documentHeader.extend({
  attendees: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  skippedLines: z.number().int().nonnegative(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const fileError = z.object({ file: z.string(), code: z.string(), message: z.string() });
export type FileError = z.infer<typeof fileError>;

export const synthesis = z.object({
  tool: z.literal('harvest'),
  version: z.string(),
  overview: z.object({
    documents: z.number().int().nonnegative(),
    notesDocuments: z.number().int().nonnegative(),
    surveyDocuments: z.number().int().nonnegative(),
    segments: z.number().int().nonnegative(),
    respondents: z.number().int().nonnegative(),
    attendees: z.number().int().nonnegative(),
    organisations: z.array(z.string()),
    questions: z.array(questionStats.extend({ document: z.string(), answerRate: z.number().min(0).max(1) })),
    /** Segments per detected language. */
    languages: z.record(z.string(), z.number().int().nonnegative()),
    categories: z.record(z.string(), z.number().int().nonnegative()),
  }),
  executiveSummary: z.array(z.string()),
  documents: z.array(documentSummary),
  errors: z.array(fileError),
  scopes: z.array(scope),
  stakeholders: z.array(stakeholderEntry),
  minorityViews: z.array(minorityView),
  method: z.object({
    seed: z.number().int(),
    k: z.number().int().nullable(),
    codebook: z.string(),
    categories: z.array(z.object({ id: z.string(), label: z.string(), plural: z.string() })),
    steps: z.array(z.string()),
    parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  segments: z.array(analysedSegment),
});
export type Synthesis = z.infer<typeof synthesis>;
