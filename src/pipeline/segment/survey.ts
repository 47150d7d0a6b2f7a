// Survey tables: one segment per answer cell that says something; blank and non-answers counted per question.
import { isTicked, PLATFORM_NAMES, type DocumentInfo, type IngestedSurvey, type QuestionStats, type Segment, type SurveyMapping } from '../../model/index.ts';
import { dict, own, type Dict } from '../../model/dict.ts';
import { dayKeys, dayRange } from './dates.ts';
import type { SurveyOptions } from './options.ts';
import { detectSurveyMapping } from './survey-mapping.ts';
import { isNonAnswer as readsAsNonAnswer, nonAnswerMatcher } from './non-answers.ts';

/** One segment per answer cell that says something; blank and non-answers are counted per question. */
export function segmentSurvey(doc: IngestedSurvey, documentId: string, options: SurveyOptions): { info: DocumentInfo; segments: Segment[] } {
  const mapping = detectSurveyMapping(doc, options);
  const columnIndex = new Map<string, number>();
  doc.headers.forEach((h, i) => {
    if (!columnIndex.has(h)) columnIndex.set(h, i);
  });
  const col = (name: string): number => columnIndex.get(name) ?? -1;
  const matcher = nonAnswerMatcher(options.nonAnswers, options.nonAnswerFillers ?? []);
  const isNonAnswer = (v: string): boolean => readsAsNonAnswer(v, matcher);
  const stats = new Map<string, QuestionStats>();
  const statsFor = (question: string): QuestionStats => {
    let s = stats.get(question);
    if (!s) stats.set(question, (s = { question, answered: 0, blank: 0, nonAnswer: 0, nonAnswers: [] }));
    return s;
  };
  // The question a column asks: as the facilitator set it, else as the export gives it (a second header row, a codebook sheet), else the column's name.
  const questionOf = (column: string): string => own(options.questionTexts, column) ?? (doc.source ? own(doc.source.questions, column) : undefined) ?? column;
  if (mapping.shape === 'wide') for (const c of mapping.textColumns) statsFor(questionOf(c));

  const ticked = tickedOptions(doc, mapping, col);
  // An attribute is named by its question where the export or the facilitator gives one ("Which municipality do you
  // live in?", not "group_ab12/municipality"), unless two attributes would then share a name.
  const named = mapping.attributeColumns.map((c) => questionOf(c));
  const attributeNames = new Map(mapping.attributeColumns.map((c, i) => [c, named.indexOf(named[i]!) === named.lastIndexOf(named[i]!) && named[i] !== 'document' ? named[i]! : c]));
  const segments: Segment[] = [];
  const respondents = new Set<string>();
  const days = submissionDays(doc, mapping.dateColumns ?? []);
  const idIndex = mapping.idColumn === null ? -1 : col(mapping.idColumn);
  doc.records.forEach((record, r) => {
    if (record.cells.every((c) => c.trim() === '')) return;
    const respondentId = (idIndex >= 0 ? record.cells[idIndex]?.trim() : '') || `R${r + 1}`;
    respondents.add(respondentId);
    // Column names are the survey's: a table that inherits nothing, so "__proto__" or "constructor" is only a key.
    const attributes = dict<string>();
    for (const [a, name] of attributeNames) {
      const v = (record.cells[col(a)] ?? '').trim();
      if (v) attributes[name] = v;
    }
    attributes.document = doc.name;
    const choices = ticked(record.cells);
    const answers: Array<{ question: string; column: string }> =
      mapping.shape === 'wide'
        ? mapping.textColumns.map((c) => ({ question: questionOf(c), column: c }))
        : [{ question: (record.cells[col(mapping.questionColumn!)] ?? '').trim() || '(no question)', column: mapping.textColumns[0]! }];
    for (const { question, column } of answers) {
      const cell = record.cells[col(column)] ?? '';
      const s = statsFor(question);
      if (cell.trim() === '') {
        s.blank++;
        continue;
      }
      if (isNonAnswer(cell)) {
        s.nonAnswer++;
        s.nonAnswers.push({ line: record.line, respondentId, text: cell.trim().slice(0, 200) });
        continue;
      }
      s.answered++;
      const start = cell.length - cell.trimStart().length;
      const end = cell.trimEnd().length;
      segments.push({
        id: `${documentId}-${String(segments.length + 1).padStart(4, '0')}`,
        kind: 'answer',
        text: cell.slice(start, end),
        section: question,
        respondentId,
        attributes: { ...attributes },
        ...(choices ? { choices } : {}),
        provenance: { documentId, document: doc.name, line: record.line, start, end, column },
        ...(days[r] ? { date: days[r] } : {}),
      });
    }
  });

  const questions = [...stats.values()];
  const info: DocumentInfo = {
    id: documentId,
    name: doc.name,
    kind: 'survey',
    format: doc.format,
    title: null,
    metadata: surveyMetadata(doc, mapping.dateColumns ?? []),
    attendees: [],
    organisations: [],
    sections: questions.map((q) => q.question),
    notAnalysed: [],
    survey: { mapping, respondents: respondents.size, questions },
    text: null,
    records: doc.records,
    headers: doc.headers,
  };
  return { info, segments };
}

/**
 * A row's answers to the export's multi-choice questions: each question to the options ticked (null when none is).
 * An option column the facilitator made an answer or attribute column on the columns page is not read as an option.
 */
function tickedOptions(doc: IngestedSurvey, mapping: SurveyMapping, col: (name: string) => number): (cells: readonly string[]) => Dict<string[]> | null {
  const taken = new Set([...mapping.textColumns, ...mapping.attributeColumns]);
  const questions = (doc.source?.choiceQuestions ?? []).map((q) => ({ question: q.question, options: q.options.filter((o) => !taken.has(o.column)).map((o) => ({ ...o, at: col(o.column) })) }));
  return (cells) => {
    let out: Dict<string[]> | null = null;
    for (const { question, options } of questions) {
      const ticked = options.filter((o) => isTicked(cells[o.at])).map((o) => o.option);
      if (ticked.length) (out ??= dict<string[]>())[question] = ticked;
    }
    return out;
  };
}

/** What a survey says about itself: the platform that wrote it, where its question texts came from, the span of each date column. */
function surveyMetadata(doc: IngestedSurvey, dateColumns: readonly string[]): Dict<string[]> {
  const metadata = dict<string[]>();
  if (doc.source) {
    metadata.exported_from = [PLATFORM_NAMES.get(doc.source.platform)!];
    if (doc.source.codebookSheet) metadata.question_texts_from = [`the "${doc.source.codebookSheet}" sheet`];
  }
  const spans: string[] = [];
  for (const column of dateColumns) {
    const at = doc.headers.indexOf(column);
    const range = dayRange(doc.records.map((r) => r.cells[at] ?? ''));
    if (range) spans.push(`${column}: ${range.from === range.to ? range.from : `${range.from} to ${range.to}`}`);
  }
  if (spans.length) metadata.dates = spans;
  return metadata;
}

/** Headers of the column that dates a response as a whole (when it was submitted or completed), best first. */
const SUBMITTED = [/submi|timestamp/i, /complet|end|finish/i];

/** The day each record was submitted (YYYY-MM-DD, or null), from the date column that says so best (else the first). */
function submissionDays(doc: IngestedSurvey, dateColumns: readonly string[]): (string | null)[] {
  const column = SUBMITTED.map((p) => dateColumns.find((c) => p.test(c))).find((c) => c !== undefined) ?? dateColumns[0];
  if (column === undefined) return doc.records.map(() => null);
  const at = doc.headers.indexOf(column);
  return dayKeys(doc.records.map((r) => r.cells[at] ?? ''));
}
