// Options of the segment stage, shared by the notes and the survey segmenters.
import type { NotesVocabulary } from '../../model/index.ts';

export interface SegmentOptions {
  /** corpus/non-answers.txt lines (lower-case, comments removed by the caller). */
  nonAnswers: string[];
  /** corpus/non-answer-fillers.txt lines: words around a non-answer phrase that keep it one ("sorry", "for now"). */
  nonAnswerFillers?: string[];
  /** corpus/notes-vocabulary.json: metadata keys, group keys, name particles, abbreviations. */
  vocabulary: NotesVocabulary;
  /** Survey: set the respondent id column explicitly; null says there is none (rows are numbered R1, R2...). */
  idColumn?: string | null;
  /** Survey: set the free-text question columns explicitly (wide) / the answer column (long). */
  textColumns?: string[];
  /** Survey, long form: the column naming the question (CLI --group-by). */
  questionColumn?: string;
  /** Survey: set attribute columns explicitly. */
  attributeColumns?: string[];
  /** Survey: a column's question heading as the facilitator set it (wins over the export's own text); a table from dict(). */
  questionTexts?: Readonly<Record<string, string>>;
  /** Notes: paragraphs longer than this (default 280) are split into sentences. */
  maxSentenceChars?: number;
}

/** What the survey side reads of the segment options (the notes vocabulary is not needed). */
export type SurveyOptions = Omit<SegmentOptions, 'vocabulary'>;
