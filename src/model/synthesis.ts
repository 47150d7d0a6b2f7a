// The synthesis: themes per scope with counts, quotes and breakdowns, the stakeholder map, minority views, method note.
import { z } from 'zod';
import { analysedSegment } from './segment.ts';
import { documentHeader, notAnalysedLine, questionStats } from './document.ts';
import { dictSchema } from './dict.ts';
import { LIMITS } from './limits.ts';

/** Text from the files or the machine (quotes, labels, terms, summaries); bounded by the upload limit. */
const text = z.string().max(1_000_000);
const id = z.string().max(LIMITS.id);
/** A table of counts keyed by user data (attribute values, file names, terms). */
const counts = dictSchema(z.number().int().nonnegative(), { maxKeys: LIMITS.tableKeys });

/** A verbatim quote with where it is in its source. */
export const quote = z.object({
  segmentId: id,
  text,
  document: z.string().max(LIMITS.fileName),
  line: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  section: text.nullable(),
  respondentId: text.nullable(),
});
export type Quote = z.infer<typeof quote>;

/** Counts of a theme's segments per value of an attribute (organisation type, country, group...). */
export const breakdown = dictSchema(counts, { maxKeys: LIMITS.columns + 2 });
export type Breakdown = z.infer<typeof breakdown>;

/**
 * A distinct point within a theme (Talk to the City's subtopic, a code under a category). A theme's sub-themes
 * hold each of its segments exactly once; a theme that makes one point (and Other) has none.
 */
export const subtheme = z.object({
  id,
  label: z.string().max(LIMITS.label),
  keyTerms: z.array(text).max(LIMITS.listItems),
  size: z.number().int().nonnegative(),
  quotes: z.array(quote).max(LIMITS.segments),
  segmentIds: z.array(id).max(LIMITS.segments),
  editedBy: z.enum(['machine', 'human']).default('machine'),
});
export type Subtheme = z.infer<typeof subtheme>;

export const theme = z.object({
  id,
  scopeId: id,
  label: z.string().max(LIMITS.label),
  /** Distinctive words and phrases of the theme, most distinctive first. */
  keyTerms: z.array(text).max(LIMITS.listItems),
  /** One line on what the members talk about, from the theme's top phrases (absent in syntheses written before it). */
  description: text.optional(),
  size: z.number().int().nonnegative(),
  /** size / number of segments in the scope. */
  share: z.number().min(0).max(1),
  language: z.string().max(20),
  /** The explicit "Other" theme: tiny or incoherent groups, not forced into a theme. */
  isOther: z.boolean(),
  /** Mean cosine similarity of members to the theme centre (0..1): how tight the theme is. */
  coherence: z.number(),
  quotes: z.array(quote).max(LIMITS.segments),
  byAttribute: breakdown,
  byDocument: counts,
  segmentIds: z.array(id).max(LIMITS.segments),
  /** Set when a facilitator changed the theme by hand (web app). */
  editedBy: z.enum(['machine', 'human']).default('machine'),
  /** The theme's distinct points (a synthesis written before the theme tree has none). */
  subthemes: z.array(subtheme).max(LIMITS.segments).default([]),
});
export type Theme = z.infer<typeof theme>;

/** A scope is what themes are found within: a survey question, a notes category, or a notes section. */
export const scope = z.object({
  id,
  kind: z.enum(['question', 'category', 'section']),
  label: text,
  /** For a category scope, the category id; for questions, the dominant category of its answers. */
  category: id.nullable(),
  segments: z.number().int().nonnegative(),
  k: z.number().int().nonnegative(),
  themes: z.array(theme).max(LIMITS.segments),
  categoryCounts: counts,
  summary: z.array(text).max(LIMITS.listItems),
});
export type Scope = z.infer<typeof scope>;

export const stakeholderEntry = z.object({
  type: id,
  label: text,
  /** Segments that mention this type of actor. */
  mentions: z.number().int().nonnegative(),
  /** Mentions in segments tagged as the stakeholder category. */
  asStakeholder: z.number().int().nonnegative(),
  /** Terms seen for this type, with counts ("ministry": 4). */
  terms: counts,
  /** Who named them: counts by document and by respondent attribute. */
  byDocument: counts,
  byAttribute: breakdown,
  quotes: z.array(quote).max(LIMITS.segments),
});
export type StakeholderEntry = z.infer<typeof stakeholderEntry>;

export const minorityView = z.object({
  scopeId: id,
  quote,
  category: id,
  reason: text,
});
export type MinorityView = z.infer<typeof minorityView>;

/**
 * A next step: an action segment (a follow-up task agreed in the meeting) read as owner, task and due date, each
 * as written ('' when the line does not say), with the segment's verbatim text and place as a quote.
 */
export const nextStep = quote.extend({
  owner: text,
  task: text,
  due: text,
});
export type NextStep = z.infer<typeof nextStep>;

/** A document as the synthesis lists it: its header, with counts instead of its text and attendees. */
export const documentSummary = documentHeader.extend({
  attendees: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  /** Non-blank lines in no segment (the length of the document's not-analysed register). */
  skippedLines: z.number().int().nonnegative(),
  /** The not-analysed register by line and reason (without the lines' text, which may name people). */
  notAnalysed: z.array(notAnalysedLine.pick({ line: true, reason: true })).max(LIMITS.segments).default([]),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const fileError = z.object({ file: text, code: id, message: text });
export type FileError = z.infer<typeof fileError>;

/** A word a campaign's copies added to or removed from the template, and in how many copies. */
export const campaignWord = z.object({ word: text, copies: z.number().int().positive() });
export type CampaignWord = z.infer<typeof campaignWord>;

/** How a campaign's answers are counted in theme counts: each answer, or the campaign once in each theme it went to. */
export const campaignCounting = z.enum(['each', 'once']);
export type CampaignCounting = z.infer<typeof campaignCounting>;

/**
 * A campaign: answers to one question (or notes points across documents) pasted from one template with small edits,
 * found by word shingles, MinHash and LSH (pipeline/campaigns).
 */
export const campaign = z.object({
  id,
  kind: z.enum(['answers', 'notes']),
  /** The question the answers reply to (the template's section); null for points copied across notes. */
  section: text.nullable(),
  /** The medoid: the copy most like all the others, verbatim with where it is. */
  template: quote,
  size: z.number().int().positive(),
  segmentIds: z.array(id).max(LIMITS.segments),
  /** Respondent ids of the copies (distinct, sorted; empty for notes). */
  respondents: z.array(text).max(LIMITS.segments),
  /** Files the copies are in (distinct, sorted). */
  documents: z.array(z.string().max(LIMITS.fileName)).max(LIMITS.documents),
  /** Mean and lowest Jaccard similarity (word shingles) of the other copies to the template. */
  meanSimilarity: z.number().min(0).max(1),
  minSimilarity: z.number().min(0).max(1),
  /** Words the copies added to the template, and removed from it, most frequent first. */
  added: z.array(campaignWord).max(LIMITS.listItems),
  removed: z.array(campaignWord).max(LIMITS.listItems),
});
export type Campaign = z.infer<typeof campaign>;

/** The campaigns of a synthesis, with how they were found and how they are counted. */
export const campaignsResult = z.object({
  counting: campaignCounting,
  /** Fewest copies that make a campaign, fewest words an answer needs to be compared, and the similarity that joins two. */
  minCopies: z.number().int().positive(),
  minWords: z.number().int().positive(),
  threshold: z.number().min(0).max(1),
  list: z.array(campaign).max(LIMITS.segments),
});
export type CampaignsResult = z.infer<typeof campaignsResult>;

export const synthesis = z.object({
  tool: z.literal('harvest'),
  version: id,
  overview: z.object({
    documents: z.number().int().nonnegative(),
    notesDocuments: z.number().int().nonnegative(),
    surveyDocuments: z.number().int().nonnegative(),
    segments: z.number().int().nonnegative(),
    respondents: z.number().int().nonnegative(),
    attendees: z.number().int().nonnegative(),
    organisations: z.array(text).max(LIMITS.segments),
    questions: z.array(questionStats.extend({ document: z.string().max(LIMITS.fileName), answerRate: z.number().min(0).max(1) })).max(LIMITS.segments),
    /** Segments per detected language. */
    languages: counts,
    categories: counts,
  }),
  executiveSummary: z.array(text).max(LIMITS.listItems),
  documents: z.array(documentSummary).max(LIMITS.documents),
  errors: z.array(fileError).max(LIMITS.documents),
  scopes: z.array(scope).max(LIMITS.segments),
  stakeholders: z.array(stakeholderEntry).max(LIMITS.listItems),
  minorityViews: z.array(minorityView).max(LIMITS.segments),
  /** The Next steps register; action segments are listed here, not in themes (a synthesis saved before it had none). */
  nextSteps: z.array(nextStep).max(LIMITS.segments).default([]),
  /** Campaigns and copies (absent in a synthesis written before they were looked for). */
  campaigns: campaignsResult.optional(),
  method: z.object({
    seed: z.number().int(),
    k: z.number().int().nullable(),
    codebook: text,
    categories: z.array(z.object({ id, label: z.string().max(LIMITS.label), plural: z.string().max(LIMITS.label) })).max(LIMITS.codebookCategories),
    steps: z.array(text).max(100),
    parameters: dictSchema(z.union([text, z.number(), z.boolean()]), { maxKeys: 100 }),
  }),
  segments: z.array(analysedSegment).max(LIMITS.segments),
});
export type Synthesis = z.infer<typeof synthesis>;
