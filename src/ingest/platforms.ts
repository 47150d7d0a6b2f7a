// Survey platforms' export shapes: SurveyMonkey's two header rows, Google and Microsoft Forms' long headers,
// KoboToolbox's group/field paths and `_uuid`, and a workbook sheet (codebook, XLSForm "survey") naming each column's question.
import { dict, dictFrom, own } from '../model/dict.ts';
import { isTicked, type ChoiceQuestion, type SurveyPlatform, type SurveySource } from '../model/index.ts';

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
const leafOf = (header: string, separator = '/'): string => header.slice(header.lastIndexOf(separator) + separator.length);

/** Group separators a KoboToolbox export may be set to write between group and question ("/" unless changed). */
const KOBO_SEPARATORS = ['/', '|', ' > ', '>', ':', '\\', '.'];

/**
 * The group separator of a KoboToolbox export: the candidate after which most columns share a group path with
 * another column ("Household/Gender" and "Household/Age" share "Household/"); "/" when none does.
 */
function koboSeparator(columns: readonly string[]): string {
  let best = { separator: '/', shared: 0 };
  for (const separator of KOBO_SEPARATORS) {
    const groups = new Map<string, number>();
    for (const c of columns) if (c.includes(separator)) groups.set(c.slice(0, c.indexOf(separator)), (groups.get(c.slice(0, c.indexOf(separator))) ?? 0) + 1);
    const shared = [...groups.values()].filter((n) => n >= 2).reduce((a, n) => a + n, 0);
    if (shared > best.shared) best = { separator, shared };
  }
  return best.separator;
}

/**
 * A KoboToolbox column's question without its group path. Field names cannot hold the separator, nor (we take it)
 * can texts hold a separator the facilitator chose, so those drop everything to the last one; a label export with
 * "/" (where a question's text may itself hold a "/") drops only group labels that another column shares.
 */
function koboQuestion(header: string, columns: readonly string[], separator: string): string {
  if (!/\s/.test(header) || separator !== '/') return leafOf(header, separator);
  let start = 0;
  for (let at = header.indexOf(separator); at >= 0; at = header.indexOf(separator, at + separator.length)) {
    const group = header.slice(0, at + separator.length);
    if (columns.some((c) => c !== header && c.startsWith(group))) start = at + separator.length;
  }
  return header.slice(start);
}

/** A recognised export with its multi-choice questions, whose option columns ask no question of their own (Kobo's "devices/Tablet" is not the question "Tablet"). */
export function withChoiceQuestions(source: SurveySource, headers: readonly string[], rows: readonly RawRow[]): SurveySource {
  const choiceQuestions = findChoiceQuestions(source, headers, rows);
  if (!choiceQuestions.length) return source;
  const options = new Set(choiceQuestions.flatMap((q) => q.options.map((o) => o.column)));
  return { ...source, questions: dictFrom(Object.entries(source.questions).filter(([column]) => !options.has(column))), choiceQuestions };
}

/** The multi-choice questions of a recognised export (one column per option), from its headers and cells. */
export function findChoiceQuestions(source: SurveySource, headers: readonly string[], rows: readonly RawRow[]): ChoiceQuestion[] {
  const cellsOf = (column: string): string[] => {
    const at = headers.indexOf(column);
    return rows.map((r) => (r.cells[at] ?? '').trim()).filter((v) => v !== '');
  };
  const found: ChoiceQuestion[] = [];
  if (source.platform === 'surveymonkey') {
    // "Question - Option" columns whose cells are all the option's own text (an "Other (please specify)" column holds answers).
    const byQuestion = new Map<string, string[]>();
    for (const h of headers) {
      const question = own(source.questions, h);
      if (question !== undefined && h.startsWith(`${question} - `)) byQuestion.set(question, [...(byQuestion.get(question) ?? []), h]);
    }
    for (const [question, columns] of byQuestion) {
      const options = columns
        .map((column) => ({ column, option: column.slice(question.length + 3), cells: cellsOf(column) }))
        .filter((o) => o.cells.every((c) => c.toLowerCase() === o.option.toLowerCase()));
      if (columns.length >= 2 && options.some((o) => o.cells.length > 0)) found.push({ question, options: options.map(({ column, option }) => ({ column, option })), summaryColumn: null });
    }
  } else if (source.platform === 'kobotoolbox') {
    // "question/option" columns of 1 and 0 (with, by default, the "question" column listing the ticked options).
    const separator = koboSeparator(headers.filter((h) => !source.metadataColumns.includes(h)));
    const binary = (column: string): boolean => cellsOf(column).every((c) => /^(?:0|1|true|false)$/i.test(c));
    const used = new Set<string>();
    for (const summary of headers) {
      const columns = headers.filter((h) => h.startsWith(summary + separator) && !used.has(h) && binary(h));
      if (columns.length === 0 || !columns.some((c) => cellsOf(c).some(isTicked))) continue;
      for (const c of columns) used.add(c);
      const question = own(source.questions, summary) ?? koboQuestion(summary, headers, separator);
      found.push({ question, options: columns.map((column) => ({ column, option: column.slice(summary.length + separator.length) })), summaryColumn: summary });
    }
  }
  return found;
}

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
    // Without a codebook a Kobo column's question is at least its field name (or label), without the group path.
    const asked = headers.filter((h) => !metadataColumns.includes(h) && h !== idColumn);
    const separator = koboSeparator(asked);
    for (const h of asked) if (h.includes(separator) && !Object.hasOwn(questions, h)) questions[h] = koboQuestion(h, asked, separator);
  }
  if (!platform && fromCodebook) platform = 'codebook';
  if (!platform) return undefined;
  return { platform, idColumn, questions, metadataColumns, codebookSheet: fromCodebook ? found.codebook!.sheet : null };
}
