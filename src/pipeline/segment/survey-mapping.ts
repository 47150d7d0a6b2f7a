// Survey tables: detect which columns hold the respondent id, the open questions and the respondent attributes.
import type { DocumentInfo, IngestedSurvey, QuestionStats, Segment, SurveyMapping } from '../../model/index.ts';
import { dict } from '../../model/dict.ts';
import { AppError } from '../../errors.ts';
import type { SurveyOptions } from './options.ts';
import { DATE_VALUE } from './dates.ts';

/** What a column's values look like; the basis of every detection rule below. */
export interface ColumnProfile {
  index: number;
  header: string;
  nonBlank: number;
  distinct: number;
  /** distinct / nonBlank (0 when empty). */
  distinctRatio: number;
  /** Rows sharing the most frequent value. */
  maxRepeat: number;
  medianLength: number;
  /** Share of values with three words or more. */
  multiWordShare: number;
  emailShare: number;
  dateShare: number;
  numericShare: number;
  /** Share of values ending in "?". */
  questionShare: number;
}

const ID_HEADER = /^(?:(?:respondent|resp|response|participant|submission|record|entry|interview|case|user|household|hh)\s?)?(?:id|identifier|uuid|no|nr|number|#|code)$|^(?:respondent|participant|submission|uuid|token)$/;
const QUESTION_HEADER = /\b(?:question|item|prompt|field|variable|scope)\b/;
const ANSWER_HEADER = /\b(?:answer|response|text|comment|reply|value)\b/;
const ATTRIBUTE_HEADER = /(?:country|region|gender|sex|age|sector|type|role|group|category|organi[sz]ation|city|town|municipality|district|province|language|position|profession|occupation|education|area|location|department|session|workshop|breakout|stakeholder|affiliation|level|status|urban|rural)/;
const DATE_HEADER = /(?:date|time|timestamp|submitted|created|started|completed|finished)/;

const normaliseHeader = (h: string): string => h.toLowerCase().replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Profile every column of a survey table. */
export function profileColumns(doc: IngestedSurvey): ColumnProfile[] {
  return doc.headers.map((header, index) => {
    const values = doc.records.map((r) => (r.cells[index] ?? '').trim()).filter((v) => v !== '');
    const counts = new Map<string, number>();
    for (const v of values) {
      const lower = v.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + 1);
    }
    const n = values.length;
    const share = (test: (v: string) => boolean): number => {
      let yes = 0;
      for (const v of values) if (test(v)) yes++;
      return n ? yes / n : 0;
    };
    return {
      index,
      header,
      nonBlank: n,
      distinct: counts.size,
      distinctRatio: n ? counts.size / n : 0,
      maxRepeat: [...counts.values()].reduce((m, c) => Math.max(m, c), 0),
      medianLength: median(values.map((v) => v.length)),
      // Three words or more: two gaps, with a word between them (the value is trimmed).
      multiWordShare: share((v) => /\s\S+\s/.test(v)),
      emailShare: share((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)),
      dateShare: share((v) => DATE_VALUE.test(v)),
      numericShare: share((v) => /^[-+]?\d+(?:[.,]\d+)*%?$/.test(v)),
      questionShare: share((v) => /\?["'”’)]*$/.test(v)),
    };
  });
}

function isFreeText(c: ColumnProfile): boolean {
  if (c.nonBlank === 0 || c.emailShare >= 0.5 || c.dateShare >= 0.5 || c.numericShare >= 0.5) return false;
  const wordy = c.medianLength > 20 || c.multiWordShare >= 0.5;
  return wordy && (c.distinctRatio >= 0.6 || c.nonBlank <= 2);
}

/** An open question: free-text values, or a header phrased as a question over values that are not a short category list (or no values at all). */
function isQuestionText(c: ColumnProfile): boolean {
  if (isFreeText(c)) return true;
  if (!/\?\s*$/.test(c.header) || c.emailShare >= 0.5 || c.dateShare >= 0.5 || c.numericShare >= 0.5) return false;
  // Short values given more than once ("Civil society", "Sometimes") answer a closed question: choices, not text.
  if (c.maxRepeat >= 2 && c.multiWordShare < 0.5 && c.medianLength <= 20) return false;
  return !(c.nonBlank >= 4 && c.distinct <= 10 && c.distinctRatio <= 0.5);
}

function isDateColumn(c: ColumnProfile): boolean {
  return c.nonBlank > 0 && (c.dateShare >= 0.8 || (DATE_HEADER.test(normaliseHeader(c.header)) && c.dateShare >= 0.5));
}

/** Numbers with many values (a score, a count, a duration): a range, not categories to compare. */
function isManyNumbers(c: ColumnProfile): boolean {
  return c.numericShare >= 0.8 && c.distinct > 12;
}

/**
 * A respondent attribute: short values from a small set (or a column named like one, with at most 30 values), so
 * id-like columns are not. Dates and times, many-valued numeric and free-text columns never are: a table with one row per date helps no one.
 */
function isAttribute(c: ColumnProfile): boolean {
  if (c.nonBlank === 0 || c.emailShare >= 0.5) return false;
  if (isDateColumn(c) || isManyNumbers(c) || isFreeText(c)) return false;
  if (c.medianLength > 40) return false;
  const categorical = c.distinct <= 30 && (c.distinctRatio <= 0.5 || (c.distinct < c.nonBlank && c.distinct <= 6));
  const named = ATTRIBUTE_HEADER.test(normaliseHeader(c.header)) && c.distinct <= 30;
  return categorical || named;
}

function isQuestionColumn(c: ColumnProfile): boolean {
  if (c.nonBlank < 2 || c.maxRepeat < 2 || c.distinctRatio > 0.5) return false;
  return c.questionShare >= 0.5 || (QUESTION_HEADER.test(normaliseHeader(c.header)) && c.medianLength >= 3);
}

/** The option columns (and KoboToolbox's summary column) of an export's multi-choice questions. */
export function choiceColumnsOf(doc: IngestedSurvey): string[] {
  return (doc.source?.choiceQuestions ?? []).flatMap((q) => [...q.options.map((o) => o.column), ...(q.summaryColumn !== null ? [q.summaryColumn] : [])]);
}

function resolveColumn(doc: IngestedSurvey, name: string): string {
  if (doc.headers.includes(name)) return name;
  const loose = doc.headers.find((h) => h.trim().toLowerCase() === name.trim().toLowerCase());
  if (loose !== undefined) return loose;
  throw new AppError('BAD_ARGUMENT', `${doc.name}: no column "${name}"; columns are: ${doc.headers.join(', ')}`, { file: doc.name });
}

/**
 * The version of the detection below: the files page keeps each survey's detected columns with the document (so that
 * showing them reads none of its records) and detects again those of another version. Add one to it whenever a change
 * makes the detection find other columns for some table.
 */
export const SURVEY_DETECTION_VERSION = 1;

/**
 * Decide how a survey table is laid out: wide (one row per respondent, one column per open question) or
 * long (one row per answer, with a question column), which column identifies respondents and which are
 * respondent attributes. Columns named in options override detection; unknown names throw BAD_ARGUMENT.
 */
export function detectSurveyMapping(doc: IngestedSurvey, options: SurveyOptions): SurveyMapping {
  const given = {
    // null: the facilitator said there is no id column (rows are numbered).
    id: options.idColumn === null ? null : options.idColumn !== undefined ? resolveColumn(doc, options.idColumn) : undefined,
    text: options.textColumns?.map((c) => resolveColumn(doc, c)),
    question: options.questionColumn !== undefined ? resolveColumn(doc, options.questionColumn) : undefined,
    attributes: options.attributeColumns?.map((c) => resolveColumn(doc, c)),
  };
  const profiles = profileColumns(doc);
  // A platform's own columns (IP address, collector, start and end...) are about the submission: never answers or attributes;
  // nor are a multi-choice question's option columns, which segmentSurvey reads as the respondent's ticked options.
  const source = doc.source;
  const platformMeta = new Set([...(source?.metadataColumns ?? []), ...choiceColumnsOf(doc)]);
  // Duplicate headers cannot be told apart in provenance, so only the first of each name is used.
  const usable = profiles.filter((c) => doc.headers.indexOf(c.header) === c.index);
  const platformId = source?.idColumn && doc.headers.includes(source.idColumn) ? source.idColumn : undefined;
  const idByHeader =
    given.id === null ? undefined : given.id ?? platformId ?? usable.find((c) => ID_HEADER.test(normaliseHeader(c.header)) && c.nonBlank > 0)?.header;
  const idProfile = usable.find((c) => c.header === idByHeader);
  const others = usable.filter((c) => c.header !== idByHeader && !(platformMeta.has(c.header) && !given.text?.includes(c.header) && !given.attributes?.includes(c.header)));
  // Dates (a platform's start and end among them) are listed as the document's span, never answers or attributes.
  const dateColumns = usable.filter((c) => c.header !== idByHeader && isDateColumn(c)).map((c) => c.header);
  const dated = new Set(dateColumns);
  const candidates = others.filter((c) => !dated.has(c.header));

  // Long form: a column of repeated question texts next to one free-text answer column.
  let questionColumn: string | null = given.question ?? null;
  let answerColumn: string | null = null;
  if (!given.question) {
    const q = others.find((c) => isQuestionColumn(c) && !given.text?.includes(c.header));
    const answers = others.filter((c) => c !== q && isFreeText(c));
    const idRepeats = idProfile ? idProfile.distinct < idProfile.nonBlank : true;
    if (q && answers.length > 0 && (idRepeats || QUESTION_HEADER.test(normaliseHeader(q.header))) && (!given.text || given.text.length === 1)) {
      questionColumn = q.header;
      answerColumn = given.text?.[0] ?? (answers.find((c) => ANSWER_HEADER.test(normaliseHeader(c.header))) ?? [...answers].sort((a, b) => b.medianLength - a.medianLength)[0]!).header;
    }
  } else {
    if (given.text && given.text.length > 1) {
      throw new AppError('BAD_ARGUMENT', `${doc.name}: a long-form survey has one answer column; got ${given.text.length}: ${given.text.join(', ')}`, { file: doc.name });
    }
    answerColumn =
      given.text?.[0] ??
      [...others].filter((c) => c.header !== questionColumn && isFreeText(c)).sort((a, b) => b.medianLength - a.medianLength)[0]?.header ??
      others.find((c) => c.header !== questionColumn)?.header ??
      null;
  }
  const shape: SurveyMapping['shape'] = questionColumn && answerColumn ? 'long' : 'wide';

  let idColumn: string | null = idByHeader ?? null;
  if (shape === 'wide' && !given.id && !platformId && idProfile && idProfile.distinctRatio < 0.9) idColumn = null;

  const textColumns = shape === 'long' ? [answerColumn!] : given.text ?? candidates.filter((c) => isQuestionText(c)).map((c) => c.header);
  const used = new Set([idColumn, questionColumn, ...textColumns].filter((x): x is string => x !== null));
  const attributeColumns = given.attributes ?? candidates.filter((c) => !used.has(c.header) && isAttribute(c)).map((c) => c.header);
  return {
    shape,
    idColumn,
    textColumns,
    questionColumn: shape === 'long' ? questionColumn : null,
    attributeColumns,
    dateColumns: dateColumns.filter((c) => !used.has(c) && !attributeColumns.includes(c)),
  };
}
