// Survey platforms' export shapes: SurveyMonkey's two header rows, Google and Microsoft Forms' long headers,
// KoboToolbox's group/field paths and `_uuid`, and a workbook sheet (codebook, XLSForm "survey") naming each column's question.
import { dict } from '../model/dict.ts';
import type { SurveyPlatform, SurveySource } from '../model/index.ts';

/** A raw row of a table with the source line it starts on. */
export interface RawRow {
  line: number;
  cells: string[];
}

const key = (cell: string | undefined): string => (cell ?? '').trim().toLowerCase();
const isBlankRow = (row: RawRow): boolean => row.cells.every((c) => c.trim() === '');

/** What SurveyMonkey writes in its second header row over a single answer column. */
const MONKEY_SINGLE = new Set(['response', 'open-ended response']);

/**
 * SurveyMonkey exports have two header rows: the question text (once, over the first of its columns), then what
 * each column holds ("Response", "Open-Ended Response", or an option's label). The two are folded into one
 * header row ("Question", or "Question - Option" for a question over several columns) and the column-to-question
 * table is returned; null when the rows are not of that shape.
 */
export function foldSurveyMonkeyHeader(rows: readonly RawRow[]): { rows: RawRow[]; questions: Map<string, string> } | null {
  const nonBlank = rows.map((row, index) => ({ row, index })).filter((r) => !isBlankRow(r.row));
  const top = nonBlank.slice(0, 5).find((r) => r.row.cells.some((c) => key(c) === 'respondent id') && r.row.cells.some((c) => key(c) === 'collector id'));
  if (!top) return null;
  const sub = nonBlank[nonBlank.indexOf(top) + 1];
  if (!sub) return null;
  const idAt = top.row.cells.findIndex((c) => key(c) === 'respondent id');
  if (key(sub.row.cells[idAt]) !== '' || !sub.row.cells.some((c) => MONKEY_SINGLE.has(key(c)))) return null;

  const width = Math.max(top.row.cells.length, sub.row.cells.length);
  // The question over each column: its own top cell, else the last one to its left while second-row cells continue.
  const questionOf: string[] = [];
  let current = '';
  for (let i = 0; i < width; i++) {
    const above = (top.row.cells[i] ?? '').trim();
    const below = (sub.row.cells[i] ?? '').trim();
    if (above) current = above;
    else if (!below) current = '';
    questionOf.push(above || (below ? current : ''));
  }
  const span = new Map<string, number>();
  for (const [i, q] of questionOf.entries()) if (q && (sub.row.cells[i] ?? '').trim()) span.set(q, (span.get(q) ?? 0) + 1);
  const questions = new Map<string, string>();
  const headers = questionOf.map((question, i) => {
    const below = (sub.row.cells[i] ?? '').trim();
    if (!below) return question;
    const header = (span.get(question) ?? 0) > 1 || !MONKEY_SINGLE.has(below.toLowerCase()) ? `${question} - ${below}` : question;
    questions.set(header, question);
    return header;
  });
  const folded = rows.filter((_, index) => index !== sub.index).map((row) => (row === top.row ? { line: row.line, cells: headers } : row));
  return { rows: folded, questions };
}

/** Sheet names that hold a codebook (a list of columns and their question text) rather than answers. */
const CODEBOOK_SHEET = /^(?:code ?book|survey|questions?|questionnaire|variables?|data dictionary|dictionary|labels?|choices|settings)$/i;
/** Codebook column naming the data column. */
const CODEBOOK_NAME = /^(?:name|variable|variable name|column|column name|field|field name|question id|code)$/i;
/** Codebook column with the question text (XLSForm writes "label" or "label::English (en)"). */
const CODEBOOK_TEXT = /^(?:label(?:::.*)?|question|question text|text|wording|description|prompt)$/i;

/** A workbook sheet that names data columns and their question text. */
export interface Codebook {
  sheet: string;
  /** Column name to question text. */
  entries: Map<string, string>;
}

/** True when a sheet's name says it is a codebook (or an XLSForm's survey, choices or settings sheet), not answers. */
export function isCodebookSheetName(name: string): boolean {
  return CODEBOOK_SHEET.test(name.trim());
}

/** Read a codebook sheet: its first non-blank row names a name column and a question-text column; null when it has none. */
export function readCodebook(sheet: string, rows: readonly RawRow[]): Codebook | null {
  if (!isCodebookSheetName(sheet)) return null;
  const filled = rows.filter((r) => !isBlankRow(r));
  const header = filled[0];
  if (!header) return null;
  const nameAt = header.cells.findIndex((c) => CODEBOOK_NAME.test(c.trim()));
  const textAt = header.cells.findIndex((c) => CODEBOOK_TEXT.test(c.trim()));
  if (nameAt < 0 || textAt < 0) return null;
  const entries = new Map<string, string>();
  for (const row of filled.slice(1)) {
    const name = (row.cells[nameAt] ?? '').trim();
    const text = (row.cells[textAt] ?? '').trim();
    if (name && text && !entries.has(name)) entries.set(name, text);
  }
  return entries.size ? { sheet, entries } : null;
}

/** The last part of a KoboToolbox group path ("group_ab12/q_barriers" -> "q_barriers"). */
const leafOf = (header: string): string => header.slice(header.lastIndexOf('/') + 1);

/** KoboToolbox's own columns: form metadata questions and the submission's underscore fields. */
const KOBO_META = /^(?:start|end|today|deviceid|username|simserial|subscriberid|phonenumber|audit|__version__|meta\/.*|formhub\/.*|_.*)$/i;
const MONKEY_META = /^(?:collector id|start date|end date|ip address|email address|first name|last name|custom data(?: \d+)?)$/i;
const MS_FORMS_META = /^(?:start time|completion time|email|name|last modified time|total points|quiz feedback|(?:points|feedback) - .*)$/i;
/** Google Forms' first column, in the languages of its interface Harvest's facilitators use most. */
const GOOGLE_TIMESTAMPS = ['timestamp', 'marca temporal', 'horodateur', 'zeitstempel', 'informazioni cronologiche', 'carimbo de data/hora', 'vremenska oznaka'];
const GOOGLE_TIMESTAMP = new RegExp(`^(?:${GOOGLE_TIMESTAMPS.join('|')})$`, 'i');
const GOOGLE_META = new RegExp(`^(?:${[...GOOGLE_TIMESTAMPS, 'email address', 'score'].join('|')})$`, 'i');

/** Header of a long question (Forms write the question's whole text as its column name). */
const looksLikeQuestion = (header: string): boolean => header.length >= 25 || /\?\s*$/.test(header);

/**
 * Which platform wrote a survey table, from its headers (and the folded SurveyMonkey header or a codebook sheet):
 * the platform, its respondent id column, the question text of each column it can tell, and the columns about the
 * submission rather than the respondent. Undefined when nothing is recognised.
 */
export function recogniseSurvey(
  headers: readonly string[],
  found: { monkeyQuestions?: Map<string, string> | null; codebook?: Codebook | null } = {},
): SurveySource | undefined {
  const lower = headers.map(key);
  const header = (name: string): string | null => {
    const at = lower.indexOf(name);
    return at < 0 ? null : headers[at]!;
  };
  const meta = (pattern: RegExp): string[] => headers.filter((h) => pattern.test(h.trim()));
  let platform: SurveyPlatform | null = null;
  let idColumn: string | null = null;
  let metadataColumns: string[] = [];
  if (found.monkeyQuestions || (header('respondent id') && header('collector id'))) {
    [platform, idColumn, metadataColumns] = ['surveymonkey', header('respondent id'), meta(MONKEY_META)];
  } else if (header('_uuid') && (header('_submission_time') || header('_index'))) {
    [platform, idColumn, metadataColumns] = ['kobotoolbox', header('_uuid'), meta(KOBO_META).filter((h) => h !== header('_uuid'))];
  } else if (lower[0] === 'id' && lower.includes('start time') && lower.includes('completion time')) {
    [platform, idColumn, metadataColumns] = ['microsoft-forms', headers[0]!, meta(MS_FORMS_META)];
  } else if (GOOGLE_TIMESTAMP.test(lower[0] ?? '') && headers.slice(1).some(looksLikeQuestion)) {
    [platform, idColumn, metadataColumns] = ['google-forms', null, meta(GOOGLE_META)];
  }
  const questions = dict<string>();
  for (const [column, text] of found.monkeyQuestions ?? []) if (headers.includes(column)) questions[column] = text;
  const codebook = found.codebook?.entries;
  if (codebook) {
    const loose = new Map([...codebook].map(([name, text]) => [name.toLowerCase(), text]));
    for (const h of headers) {
      const text = codebook.get(h) ?? codebook.get(leafOf(h)) ?? loose.get(h.toLowerCase()) ?? loose.get(leafOf(h).toLowerCase());
      if (text !== undefined && !metadataColumns.includes(h) && h !== idColumn) questions[h] = text;
    }
  }
  const fromCodebook = Object.keys(questions).length > 0 && Boolean(codebook);
  if (platform === 'kobotoolbox') {
    // Without a codebook a Kobo column's question is at least its field name, without the group path.
    for (const h of headers) if (h.includes('/') && !Object.hasOwn(questions, h) && !metadataColumns.includes(h)) questions[h] = leafOf(h);
  }
  if (!platform && fromCodebook) platform = 'codebook';
  if (!platform) return undefined;
  return { platform, idColumn, questions, metadataColumns, codebookSheet: fromCodebook ? found.codebook!.sheet : null };
}
