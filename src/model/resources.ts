// What the pipeline reads besides the documents: codebook, gazetteer, stop words and the other word lists (loaded by src/corpus.ts).
import type { CategoryModel, Codebook, NotesVocabulary, SentenceCues, StakeholderGazetteer } from './codebook.ts';
import type { WordVectors } from './word-vectors.ts';

/** Everything the pipeline reads from corpus/, validated. */
export interface Resources {
  codebook: Codebook;
  codebookName: string;
  gazetteer: StakeholderGazetteer;
  /** Stop words per ISO 639-1 language code. */
  stopwords: Record<string, Set<string>>;
  /** Answers that say nothing ("n/a", "don't know", "ne znam"), lower-case (corpus/non-answers.txt). */
  nonAnswers: string[];
  /** Words that may surround a non-answer without making it content ("sorry", "at the moment"): corpus/non-answer-fillers.txt. */
  nonAnswerFillers: string[];
  /** Words too general to start or end a theme label (corpus/generic-words.txt). */
  genericWords: Set<string>;
  /** Words the notes segmenter reads: metadata keys, group keys, name particles, abbreviations (corpus/notes-vocabulary.json). */
  notesVocabulary: NotesVocabulary;
  /** Sentence-shape cues the tag stage weighs beside the codebook (corpus/sentence-cues.json). */
  sentenceCues: SentenceCues;
  /** The trained category model (corpus/category-model.json), when there is one; it decides where it fits the codebook. */
  categoryModel?: CategoryModel;
  /** Word meanings (corpus/word-vectors/), when the folder is there: a feature family of the category model. */
  wordVectors?: WordVectors;
}
