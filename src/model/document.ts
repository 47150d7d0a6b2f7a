// What ingest produces from one file: either notes (plain text with line structure) or a survey table.
import { z } from 'zod';

/** File formats Harvest reads. */
export const fileFormat = z.enum(['txt', 'md', 'html', 'docx', 'pdf', 'csv', 'xlsx']);
export type FileFormat = z.infer<typeof fileFormat>;

/**
 * Notes after ingest: the document's text as lines. Markdown conventions mark structure
 * (`#` headings, `-`/`*` bullets, `1.` numbered items); DOCX, HTML and PDF are converted
 * to this form so one segmenter reads them all. `text` is the text quotes are verified against.
 */
export const ingestedNotes = z.object({
  kind: z.literal('notes'),
  name: z.string(),
  format: fileFormat,
  text: z.string(),
});
export type IngestedNotes = z.infer<typeof ingestedNotes>;

/** One record of a survey table: its cells and the 1-based line of the source where it starts. */
export const surveyRecord = z.object({
  line: z.number().int().positive(),
  cells: z.array(z.string()),
});
export type SurveyRecord = z.infer<typeof surveyRecord>;

/** A survey export after ingest: header row and records, cells as text (trimmed of BOM only). */
export const ingestedSurvey = z.object({
  kind: z.literal('survey'),
  name: z.string(),
  format: fileFormat,
  /** Sheet name for XLSX, null for CSV. */
  sheet: z.string().nullable(),
  headers: z.array(z.string()),
  records: z.array(surveyRecord),
});
export type IngestedSurvey = z.infer<typeof ingestedSurvey>;

export const ingestedDocument = z.discriminatedUnion('kind', [ingestedNotes, ingestedSurvey]);
export type IngestedDocument = z.infer<typeof ingestedDocument>;

/** A person listed as attending, with the organisation named beside them. */
export const attendee = z.object({
  name: z.string(),
  organisation: z.string().nullable(),
  line: z.number().int().positive(),
});
export type Attendee = z.infer<typeof attendee>;

/** How the columns of a survey table were understood (detected, or set by the facilitator). */
export const surveyMapping = z.object({
  /** 'wide': one row per respondent, one column per question; 'long': one row per answer. */
  shape: z.enum(['wide', 'long']),
  idColumn: z.string().nullable(),
  /** Wide: the free-text question columns. Long: the single answer-text column. */
  textColumns: z.array(z.string()),
  /** Long form only: the column that names the question (the scope). */
  questionColumn: z.string().nullable(),
  attributeColumns: z.array(z.string()),
});
export type SurveyMapping = z.infer<typeof surveyMapping>;

/** Per-question answer counts of a survey (blank and non-answers are counted, not themed). */
export const questionStats = z.object({
  question: z.string(),
  answered: z.number().int().nonnegative(),
  blank: z.number().int().nonnegative(),
  nonAnswer: z.number().int().nonnegative(),
});
export type QuestionStats = z.infer<typeof questionStats>;

/** A survey's column mapping and answer counts. */
export const surveySummary = z.object({
  mapping: surveyMapping,
  respondents: z.number().int().nonnegative(),
  questions: z.array(questionStats),
});
export type SurveySummary = z.infer<typeof surveySummary>;

/** What identifies a document and what it says about itself (shared by DocumentInfo and the synthesis). */
export const documentHeader = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['notes', 'survey']),
  format: fileFormat,
  title: z.string().nullable(),
  /** `[[key:value]]` tags and `Key: value` header lines; repeated keys keep every value. */
  metadata: z.record(z.string(), z.array(z.string())),
  /** Distinct organisations of the attendees. */
  organisations: z.array(z.string()),
  /** Headings / questions that structure the notes, in order. */
  sections: z.array(z.string()),
  survey: surveySummary.nullable(),
});

/** Facts about a document that are not content: metadata, attendees, sections, survey mapping. */
export const documentInfo = documentHeader.extend({
  attendees: z.array(attendee),
  /** Lines recognised as non-content (table of contents, image links, form prompts), with why. */
  skipped: z.array(z.object({ line: z.number().int().positive(), reason: z.string() })),
  /** The text quotes are verified against (notes only; survey quotes are checked against cells). */
  text: z.string().nullable(),
  /** Survey records, kept so quotes and respondent answers can be traced. */
  records: z.array(surveyRecord).nullable(),
  headers: z.array(z.string()).nullable(),
});
export type DocumentInfo = z.infer<typeof documentInfo>;
