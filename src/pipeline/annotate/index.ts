// Annotate: per segment, the language, content tokens and stems, bigrams, noun phrases, named entities, sentiment
// and personal data; each in its own file of this folder, composed here.
import { own } from '../../model/dict.ts';
import type { Annotation, PiiSpan } from '../../model/index.ts';
import { normaliseText, stemmerFor, tokeniseWithOffsets, type Token } from '../text.ts';
import { readWithCompromise, rememberTagged, type CompromiseReading } from './compromise.ts';
import { entitiesOfReading, namedEntities, type Entities } from './entities.ts';
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

/** What annotating a text finds before compromise reads it: its words, language and content tokens. */
interface FirstReading {
  norm: string;
  words: Token[];
  language: string;
  tokens: string[];
  stems: string[];
  bigrams: string[];
  /** compromise reads the whole text (English, with content words, not a large input's names-only reading). */
  readInFull: boolean;
}

function readFirst(text: string, context: AnnotateContext): FirstReading {
  const stopwords = context.stopwords;
  const norm = normaliseText(text);
  const words = tokeniseWithOffsets(norm);
  // Language detection has always read the text normalised twice. That changes nothing but in rare
  // cases (an invisible character removed between a letter and its accent), so the words are reused.
  const again = normaliseText(norm);
  const language = detectLanguageOf(again, again === norm ? words : tokeniseWithOffsets(again), stopwords);
  const stop = own(stopwords, language) ?? stopwords.en ?? new Set<string>();
  const { tokens, stems, bigrams } = contentTokens(norm, words, stop, stemmerFor(language));
  return { norm, words, language, tokens, stems, bigrams, readInFull: language === 'en' && tokens.length > 0 && !context.namesOnly };
}

/** The annotation of a text from its first reading and, when it is read in full, compromise's reading of it. */
function finishAnnotation(text: string, first: FirstReading, context: AnnotateContext, reading: CompromiseReading | undefined): Annotation {
  const enStop = context.stopwords.en ?? new Set<string>();
  const { norm, words, language, tokens } = first;
  const english = language === 'en';
  let entities: Entities = { nounPhrases: [], people: [], organisations: [], places: [] };
  if (first.readInFull) {
    const read = reading ?? readWithCompromise(text, true, true);
    entities = entitiesOfReading(read, enStop);
    // (The label grammar reads these texts' tags again: see label-grammar.ts.)
    if (read.terms) rememberTagged(text, read.terms);
  }
  else if (english && tokens.length > 0 && mayNameSomeone(norm, enStop, words)) {
    // A large input: only the sentences that may name someone (compromise's cost grows with the words it reads).
    const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((x) => mayNameSomeone(normaliseText(x), enStop));
    entities = namedEntities(sentences.join(' '), enStop);
  }
  const sentiment = english ? englishSentiment(words.map((t) => t.token)) : 0;
  const pii = findPii(text, context.knownPeople, entities.people, ordinaryWordsOf(context.ordinaryNameWords, enStop));
  const kept = withoutNameWords({ tokens, stems: first.stems, bigrams: first.bigrams, nounPhrases: entities.nounPhrases }, pii);
  return {
    language,
    tokens: kept.tokens,
    stems: kept.stems,
    bigrams: kept.bigrams,
    nounPhrases: kept.nounPhrases,
    people: entities.people,
    organisations: entities.organisations,
    places: entities.places,
    sentiment,
    pii,
  };
}

/**
 * The content words without the words of the people the text names ("From Besnik Hoxha to Everyone: ...", "Ana said
 * ..."): a person's name says who spoke, not what about, so it never makes a theme, a key term or a label. Only the
 * words of this text's person spans go ("Grace" where it names someone; "grace period" elsewhere keeps its word).
 */
function withoutNameWords(words: { tokens: string[]; stems: string[]; bigrams: string[]; nounPhrases: string[] }, pii: readonly PiiSpan[]): typeof words {
  const names = new Set<string>();
  for (const p of pii) if (p.kind === 'person') for (const w of normaliseText(p.text).toLowerCase().split(/[^\p{L}\p{M}\p{N}'’-]+/u)) if (w) names.add(w);
  if (names.size === 0 || !words.tokens.some((t) => names.has(t))) return words;
  const dropped = new Set<string>();
  const tokens: string[] = [];
  const stems: string[] = [];
  words.tokens.forEach((t, i) => {
    if (names.has(t)) dropped.add(words.stems[i]!);
    else {
      tokens.push(t);
      stems.push(words.stems[i]!);
    }
  });
  const keptStems = new Set(stems);
  // A bigram with a name's stem goes (unless the same stem is also a kept word of the text).
  const bigrams = words.bigrams.filter((b) => !b.split('_').some((s) => dropped.has(s) && !keptStems.has(s)));
  const nounPhrases = words.nounPhrases.filter((np) => !np.split(/\s+/u).some((w) => names.has(w)));
  return { tokens, stems, bigrams, nounPhrases };
}

/** Annotate one text (pure): language, content tokens, stems, bigrams, entities, sentiment and personal data. */
export function annotateText(text: string, context: AnnotateContext): Annotation {
  return finishAnnotation(text, readFirst(text, context), context, undefined);
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

/** compromise's readings of texts, in order (see parallel/compromise-reader.ts: shared with a helper thread). */
export type ReadEnglish = (texts: readonly string[]) => CompromiseReading[];

/**
 * Annotate a list of texts in order, each distinct short text once (answers like "More funding" repeat):
 * `memo` holds the short texts already annotated and may be shared by successive calls. With `readEnglish`,
 * the texts compromise reads in full are given to it all at once (the same readings, perhaps by two threads).
 */
export function annotateTexts(texts: readonly string[], context: AnnotateContext, memo: Map<string, Annotation> = new Map(), readEnglish?: ReadEnglish): Annotation[] {
  if (readEnglish) return annotateTextsReadTogether(texts, context, memo, readEnglish);
  return texts.map((text) => {
    if (text.length > MEMO_MAX_CHARS) return annotateText(text, context);
    const known = memo.get(text);
    if (known) return copyAnnotation(known);
    const a = annotateText(text, context);
    memo.set(text, a);
    return a;
  });
}

/** annotateTexts with compromise's readings asked for together: each distinct text is read first, then finished. */
function annotateTextsReadTogether(texts: readonly string[], context: AnnotateContext, memo: Map<string, Annotation>, readEnglish: ReadEnglish): Annotation[] {
  const together = readTogether(texts, context, memo);
  return together.finish(readEnglish(together.inFull));
}

/** Texts annotated in two steps (see readTogether): the texts compromise must read, then the annotations from its readings. */
export interface TextsReadTogether {
  /** The texts compromise reads in full, each once. */
  inFull: string[];
  /** The annotations of all the texts, in order, given compromise's readings of `inFull` (same order). */
  finish(readings: readonly CompromiseReading[]): Annotation[];
}

/**
 * annotateTexts with compromise's readings asked for together, in two steps a caller can interleave with other work
 * (another list's steps among them): each distinct text's first reading now, the rest in `finish`. The annotations
 * are annotateTexts' whatever runs in between, as long as the `finish` of lists sharing a memo are called in order.
 */
export function readTogether(texts: readonly string[], context: AnnotateContext, memo: Map<string, Annotation>): TextsReadTogether {
  const firsts = new Map<string, FirstReading>();
  for (const text of texts) if (!memo.has(text) && !firsts.has(text)) firsts.set(text, readFirst(text, context));
  const inFull = [...firsts].filter(([, f]) => f.readInFull).map(([text]) => text);
  const finish = (readings: readonly CompromiseReading[]): Annotation[] => {
    const readingOf = new Map(inFull.map((text, i) => [text, readings[i]!]));
    // Long texts are not remembered across calls, but each is annotated once in this one.
    const longDone = new Map<string, Annotation>();
    return texts.map((text) => {
      const known = memo.get(text) ?? longDone.get(text);
      if (known) return copyAnnotation(known);
      const a = finishAnnotation(text, firsts.get(text)!, context, readingOf.get(text));
      (text.length > MEMO_MAX_CHARS ? longDone : memo).set(text, a);
      return a;
    });
  };
  return { inFull, finish };
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
