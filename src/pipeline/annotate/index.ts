// Annotate: per segment, the language, content tokens and stems, bigrams, noun phrases, named entities, sentiment
// and personal data; each in its own file of this folder, composed here.
import { own } from '../../model/dict.ts';
import type { Annotation } from '../../model/index.ts';
import { normaliseText, stemmerFor, tokeniseWithOffsets } from '../text.ts';
import { englishEntities, namedEntities, type Entities } from './entities.ts';
import { detectLanguageOf } from './language.ts';
import { findPii, mayNameSomeone, ordinaryWordsOf } from './pii.ts';
import { englishSentiment } from './sentiment.ts';
import { contentTokens } from './tokens.ts';

export { distinct, englishNounPhrases } from './entities.ts';
export { detectLanguage } from './language.ts';
export { findPii, mayNameSomeone } from './pii.ts';
export { shareCodingStrings, shareWords } from './tokens.ts';

/** What annotating one text needs besides the text: stop words per language and the known people's names. */
export interface AnnotateContext {
  stopwords: Record<string, ReadonlySet<string>>;
  /** Everyone the consultation names (see gatherPeople). */
  knownPeople: readonly string[];
  /** Name words that are also ordinary words in the consultation ("grace", "hope"), folded. */
  ordinaryNameWords?: readonly string[];
  /**
   * Large inputs only: no noun phrases (the label stage finds the few it needs, see labelThemes), and
   * compromise's people/organisations/places only from the sentences that may name someone (see
   * mayNameSomeone). Absent: compromise reads every English text in full.
   */
  namesOnly?: boolean;
}

/** Annotate one text (pure): language, content tokens, stems, bigrams, entities, sentiment and personal data. */
export function annotateText(text: string, context: AnnotateContext): Annotation {
  const stopwords = context.stopwords;
  const enStop = stopwords.en ?? new Set<string>();
  const norm = normaliseText(text);
  const words = tokeniseWithOffsets(norm);
  // Language detection has always read the text normalised twice. That changes nothing but in rare
  // cases (an invisible character removed between a letter and its accent), so the words are reused.
  const again = normaliseText(norm);
  const language = detectLanguageOf(again, again === norm ? words : tokeniseWithOffsets(again), stopwords);
  const stop = own(stopwords, language) ?? enStop;
  const stem = stemmerFor(language);
  const { tokens, stems, bigrams } = contentTokens(norm, words, stop, stem);
  const english = language === 'en';
  const none: Entities = { nounPhrases: [], people: [], organisations: [], places: [] };
  let entities = none;
  if (english && tokens.length > 0) {
    if (!context.namesOnly) entities = englishEntities(text, enStop);
    else if (mayNameSomeone(norm, enStop, words)) {
      // Only the sentences that may name someone: compromise's cost grows with the words it reads.
      const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((x) => mayNameSomeone(normaliseText(x), enStop));
      entities = namedEntities(sentences.join(' '), enStop);
    }
  }
  const sentiment = english ? englishSentiment(words.map((t) => t.token)) : 0;
  const pii = findPii(text, context.knownPeople, entities.people, ordinaryWordsOf(context.ordinaryNameWords, enStop));
  return {
    language,
    tokens,
    stems,
    bigrams,
    nounPhrases: entities.nounPhrases,
    people: entities.people,
    organisations: entities.organisations,
    places: entities.places,
    sentiment,
    pii,
  };
}

/** A copy of an annotation whose arrays are not shared (memoised texts give each segment its own). */
function copyAnnotation(a: Annotation): Annotation {
  return {
    ...a,
    tokens: [...a.tokens],
    stems: [...a.stems],
    bigrams: [...a.bigrams],
    nounPhrases: [...a.nounPhrases],
    people: [...a.people],
    organisations: [...a.organisations],
    places: [...a.places],
    pii: a.pii.map((p) => ({ ...p })),
  };
}

/** Texts up to this long are remembered while annotating: short answers ("More funding") repeat, long ones rarely. */
const MEMO_MAX_CHARS = 160;

/**
 * Annotate a list of texts in order, each distinct short text once (answers like "More funding" repeat):
 * `memo` holds the short texts already annotated and may be shared by successive calls.
 */
export function annotateTexts(texts: readonly string[], context: AnnotateContext, memo: Map<string, Annotation> = new Map()): Annotation[] {
  return texts.map((text) => {
    if (text.length > MEMO_MAX_CHARS) return annotateText(text, context);
    const known = memo.get(text);
    if (known) return copyAnnotation(known);
    const a = annotateText(text, context);
    memo.set(text, a);
    return a;
  });
}

/** Above this many segments, survey answers get no noun phrases, and compromise's entities only where a name may be. */
const FULL_ENTITIES_MAX = 5_000;


/**
 * Does annotateSegments leave the noun phrases of these segments' survey answers to the label stage? Yes for
 * a large input (above `fullEntitiesMax`, default 5,000 segments): the themes stage must then be told
 * (ThemeOptions.phrasesOnDemand).
 */
export function answerPhrasesLeftToLabels(segmentCount: number, fullEntitiesMax = FULL_ENTITIES_MAX): boolean {
  return segmentCount > fullEntitiesMax;
}
