// What ingest produces from one file: either notes (plain text with line structure) or a survey table.
import { z } from 'zod';
import { dictSchema } from './dict.ts';
import { LIMITS } from './limits.ts';

/** Text read from a file: bounded by the upload limit, capped here so a crafted backup cannot hold more. */
const fileText = z.string().max(200_000_000);
/** A short piece of a file (a column name, a metadata value, a heading). */
const fileString = z.string().max(1_000_000);

/** File formats Harvest reads ('json': a whiteboard's items, as Miro's and Mural's APIs list them). */
export const fileFormat = z.enum(['txt', 'md', 'html', 'docx', 'pdf', 'csv', 'xlsx', 'json']);
export type FileFormat = z.infer<typeof fileFormat>;

/** One sticky note of a whiteboard export: its place in the notes text and the cluster the facilitator put it in. */
export const boardSticky = z.object({
  /** 1-based line of the sticky in the notes text (and its offsets there). */
  line: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The frame or area it is in, else its colour: the breakout group or section. */
  cluster: fileString,
  colour: fileString.nullable(),
  tags: z.array(fileString).max(LIMITS.listItems),
  /** Who wrote it, where the export names them (a person: redacted reports hide it). */
  author: fileString.optional(),
});
export type BoardSticky = z.infer<typeof boardSticky>;

/** A whiteboard export (Miro, Mural) read as notes. */
export const boardExport = z.object({
  platform: z.enum(['miro', 'mural', 'board']),
  /** What the clusters are: frames (Miro), areas (Mural) or sticky colours where the board has neither. */
  clusteredBy: z.enum(['frame', 'area', 'colour']),
  stickies: z.array(boardSticky).max(LIMITS.segments),
});
export type BoardExport = z.infer<typeof boardExport>;

/** What a board export is called in its notes' title and the report ("Miro board"). */
export function boardExportName(platform: BoardExport['platform']): string {
  return platform === 'miro' ? 'Miro board' : platform === 'mural' ? 'Mural board' : 'Whiteboard export';
}

/**
 * Notes after ingest: the document's text as lines. Markdown conventions mark structure
 * (`#` headings, `-`/`*` bullets, `1.` numbered items); DOCX, HTML and PDF are converted
 * to this form so one segmenter reads them all. `text` is the text quotes are verified against.
 */
export const ingestedNotes = z.object({
  kind: z.literal('notes'),
  name: z.string().max(LIMITS.fileName),
  format: fileFormat,
  text: fileText,
  /** The text encoding the bytes were decoded with (text formats only: .txt, .md, .html). */
  encoding: z.string().max(40).optional(),
  /** Things the facilitator should know about how the file was read (a weak encoding guess, over-long lines). */
  warnings: z.array(fileString).max(100).optional(),
  /** A whiteboard export read as notes: where each sticky is in `text` and what cluster it was in (absent when not recognised, as in files stored before). */
  board: boardExport.optional(),
  /** Notes a rapporteur pasted in the live plenary, not a file uploaded: the breakout group and who pasted them. */
  pasted: z.object({ group: z.string().max(100), by: z.string().max(100) }).optional(),
});
export type IngestedNotes = z.infer<typeof ingestedNotes>;

/** One record of a survey table: its cells and the 1-based line of the source where it starts. */
export const surveyRecord = z.object({
  line: z.number().int().positive(),
  cells: z.array(fileString).max(LIMITS.columns),
});
export type SurveyRecord = z.infer<typeof surveyRecord>;

/** Survey platforms whose export shape Harvest recognises; 'codebook' is a workbook with a sheet naming each column's question. */
export const surveyPlatform = z.enum(['surveymonkey', 'google-forms', 'microsoft-forms', 'kobotoolbox', 'codebook']);
export type SurveyPlatform = z.infer<typeof surveyPlatform>;

/** What each platform is called in the report and on the columns page. */
export const PLATFORM_NAMES: ReadonlyMap<SurveyPlatform, string> = new Map<SurveyPlatform, string>([
  ['surveymonkey', 'SurveyMonkey'],
  ['google-forms', 'Google Forms'],
  ['microsoft-forms', 'Microsoft Forms'],
  ['kobotoolbox', 'KoboToolbox'],
  ['codebook', 'a workbook with a codebook sheet'],
]);

/**
 * A "select all that apply" question as an export writes it: one column per option, each cell ticked or not
 * (SurveyMonkey writes the option's text, KoboToolbox 1 or 0), and KoboToolbox's column of all the ticked options.
 */
export const choiceQuestion = z.object({
  question: fileString,
  options: z.array(z.object({ column: fileString, option: fileString })).max(LIMITS.columns),
  /** A column repeating the ticked options in one cell (KoboToolbox's), left out of answers and attributes. */
  summaryColumn: fileString.nullable(),
});
export type ChoiceQuestion = z.infer<typeof choiceQuestion>;

/** A tick-box cell: SurveyMonkey writes the option's text, KoboToolbox 1 (0 or blank when not ticked). */
export function isTicked(cell: string | undefined): boolean {
  const v = (cell ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** What a recognised export says about its own columns: which platform wrote it, the respondent id, question texts, submission metadata. */
export const surveySource = z.object({
  platform: surveyPlatform,
  /** The column the platform writes its respondent (or submission) id in, when it writes one. */
  idColumn: fileString.nullable(),
  /** Column name to the question's text, where the export gives it (a second header row, a codebook sheet). */
  questions: dictSchema(fileString, { maxKeys: LIMITS.columns }),
  /** Columns the platform writes about the submission, not the respondent (collector, IP address, start and end, index...). */
  metadataColumns: z.array(fileString).max(LIMITS.columns),
  /** The workbook sheet the question texts came from, when one did. */
  codebookSheet: fileString.nullable(),
  /** Multi-choice (tick-box) questions written one column per option (absent in files read before). */
  choiceQuestions: z.array(choiceQuestion).max(LIMITS.columns).optional(),
});
export type SurveySource = z.infer<typeof surveySource>;

/** A survey export after ingest: header row and records, cells as text (trimmed of BOM only). */
export const ingestedSurvey = z.object({
  kind: z.literal('survey'),
  name: z.string().max(LIMITS.fileName),
  format: fileFormat,
  /** Sheet name for XLSX, null for CSV. */
  sheet: fileString.nullable(),
  headers: z.array(fileString).max(LIMITS.columns),
  records: z.array(surveyRecord).max(LIMITS.segments),
  /** The text encoding the bytes were decoded with (CSV only). */
  encoding: z.string().max(40).optional(),
  /** Things the facilitator should know about how the file was read (a weak encoding guess). */
  warnings: z.array(fileString).max(100).optional(),
  /** The platform's export shape, when recognised (absent when not recognised, as in files stored before). */
  source: surveySource.optional(),
});
export type IngestedSurvey = z.infer<typeof ingestedSurvey>;

export const ingestedDocument = z.discriminatedUnion('kind', [ingestedNotes, ingestedSurvey]);
export type IngestedDocument = z.infer<typeof ingestedDocument>;

/** The tool a file was exported from when Harvest recognised it ("SurveyMonkey", "Miro board"), else null. */
export function exportedFrom(doc: IngestedDocument): string | null {
  if (doc.kind === 'survey') return doc.source ? PLATFORM_NAMES.get(doc.source.platform)! : null;
  return doc.board ? boardExportName(doc.board.platform) : null;
}

/** A person listed as attending, with the organisation named beside them. */
export const attendee = z.object({
  name: fileString,
  organisation: fileString.nullable(),
  line: z.number().int().positive(),
});
export type Attendee = z.infer<typeof attendee>;

/** How the columns of a survey table were understood (detected, or set by the facilitator). */
export const surveyMapping = z.object({
  /** 'wide': one row per respondent, one column per question; 'long': one row per answer. */
  shape: z.enum(['wide', 'long']),
  idColumn: fileString.nullable(),
  /** Wide: the free-text question columns. Long: the single answer-text column. */
  textColumns: z.array(fileString).max(LIMITS.columns),
  /** Long form only: the column that names the question (the scope). */
  questionColumn: fileString.nullable(),
  attributeColumns: z.array(fileString).max(LIMITS.columns),
  /** Columns of dates and times (submitted, started...): kept out of the attributes, their range listed as the document's metadata (absent in analyses stored before). */
  dateColumns: z.array(fileString).max(LIMITS.columns).optional(),
});
export type SurveyMapping = z.infer<typeof surveyMapping>;

/** A non-answer as written ("Don't know, sorry"), kept for review: its row's line and respondent, its text cut to 200 characters. */
export const nonAnswerCell = z.object({
  line: z.number().int().nonnegative(),
  respondentId: z.string().max(LIMITS.id),
  text: z.string().max(200),
});
export type NonAnswerCell = z.infer<typeof nonAnswerCell>;

/** Per-question answer counts of a survey (blank and non-answers are counted, not themed). */
export const questionStats = z.object({
  question: fileString,
  answered: z.number().int().nonnegative(),
  blank: z.number().int().nonnegative(),
  nonAnswer: z.number().int().nonnegative(),
  /** The non-answers themselves, in file order (the "No substantive answer" group); analyses stored before read as none. */
  nonAnswers: z.array(nonAnswerCell).max(LIMITS.segments).default([]),
});
export type QuestionStats = z.infer<typeof questionStats>;

/** A survey's column mapping and answer counts. */
export const surveySummary = z.object({
  mapping: surveyMapping,
  respondents: z.number().int().nonnegative(),
  questions: z.array(questionStats).max(LIMITS.segments),
});
export type SurveySummary = z.infer<typeof surveySummary>;

/** What identifies a document and what it says about itself (shared by DocumentInfo and the synthesis). */
export const documentHeader = z.object({
  id: z.string().max(LIMITS.id),
  name: z.string().max(LIMITS.fileName),
  kind: z.enum(['notes', 'survey']),
  format: fileFormat,
  title: fileString.nullable(),
  /** `[[key:value]]` tags and `Key: value` header lines; repeated keys keep every value (a table: see dict.ts). */
  metadata: dictSchema(z.array(fileString).max(LIMITS.segments), { maxKeys: LIMITS.tableKeys }),
  /** Distinct organisations of the attendees. */
  organisations: z.array(fileString).max(LIMITS.segments),
  /** Headings / questions that structure the notes, in order. */
  sections: z.array(fileString).max(LIMITS.segments),
  survey: surveySummary.nullable(),
  /** The text encoding the file was decoded with (text files: .txt, .md, .html, .csv); absent for DOCX, PDF, XLSX. */
  encoding: z.string().max(40).optional(),
  /** Warnings about how the file was read (a weak encoding guess, mixed bytes, over-long lines); absent when none. */
  warnings: z.array(fileString).max(100).optional(),
});

/** Why a non-blank line of notes is in no segment. */
export const notAnalysedReason = z.enum(['title', 'heading', 'metadata', 'attendees', 'timestamp', 'logistics', 'toc', 'other']);
export type NotAnalysedReason = z.infer<typeof notAnalysedReason>;

/** A non-blank line of notes left out of the analysis, with why (its text trimmed and cut to 200 characters). */
export const notAnalysedLine = z.object({
  line: z.number().int().positive(),
  text: z.string().max(200),
  reason: notAnalysedReason,
});
export type NotAnalysedLine = z.infer<typeof notAnalysedLine>;

/** Facts about a document that are not content: metadata, attendees, sections, survey mapping. */
export const documentInfo = documentHeader.extend({
  attendees: z.array(attendee).max(LIMITS.segments),
  /**
   * Every non-blank line of notes that is in no segment (title, headings, metadata, attendees, timestamps,
   * logistics, table of contents...), with why: with the segments, the whole document is accounted for.
   * Analyses stored before the register existed read as an empty list.
   */
  notAnalysed: z.array(notAnalysedLine).max(LIMITS.segments).default([]),
  /** The text quotes are verified against (notes only; survey quotes are checked against cells). */
  text: fileText.nullable(),
  /** Survey records, kept so quotes and respondent answers can be traced. */
  records: z.array(surveyRecord).max(LIMITS.segments).nullable(),
  headers: z.array(fileString).max(LIMITS.columns).nullable(),
});
export type DocumentInfo = z.infer<typeof documentInfo>;
