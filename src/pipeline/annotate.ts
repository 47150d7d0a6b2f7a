// Annotate: per segment, the language, content tokens and stems, bigrams, noun phrases, named entities, sentiment and personal data.
import { own } from '../model/dict.ts';
import { createRequire } from 'node:module';
import type Compromise from 'compromise';
import { franc, francAll } from 'franc';
import type { Annotation, Coding, PiiSpan } from '../model/index.ts';
import { createNameMatcher, dropOverlaps, findPersonalData, type NameMatcher } from '../privacy/personal-data.ts';
import { organisationKind } from './tag.ts';
import { naturalStemmer, normaliseText, stemmerFor, tokeniseWithOffsets, type Token } from './text.ts';
import { languageTable } from './languages.ts';

const require = createRequire(import.meta.url);

type Nlp = typeof Compromise;
let compromise: Nlp | null = null;
/**
 * compromise, loaded when first used (a server that has not analysed yet, or a worker, need not load it), from
 * its one-file CommonJS build: the same version as its ES-module entry, whose 400-odd files take about twice as
 * long to load (0.4 against 0.2 s).
 */
function nlp(): Nlp {
  return (compromise ??= require('compromise') as Nlp);
}

type Stopwords = Record<string, ReadonlySet<string>>;

/** franc's ISO 639-3 codes mapped to the ISO 639-1 codes Harvest reports; Serbian, Croatian and Bosnian are one: BCMS ("sh"). */
const ISO3_TO_1: Record<string, string> = {
  eng: 'en', srp: 'sh', hrv: 'sh', bos: 'sh', als: 'sq', sqi: 'sq', mkd: 'mk', ita: 'it', deu: 'de', fra: 'fr',
  spa: 'es', por: 'pt', nld: 'nl', slv: 'sl', ron: 'ro', tur: 'tr', pol: 'pl', ces: 'cs', hun: 'hu', rus: 'ru',
  bul: 'bg', ukr: 'uk', bel: 'be',
};
/** Candidates franc may choose from: English, the Western Balkans' languages and the main European ones. */
const LATIN_CANDIDATES = ['eng', 'srp', 'hrv', 'bos', 'als', 'ita', 'deu', 'fra', 'spa', 'por', 'nld', 'ron', 'tur', 'pol', 'ces', 'hun'];
/** Cyrillic candidates when no letter tells: Bulgarian is left out (a Bulgarian text has ъ, я, щ or ю; see detectCyrillic). */
const CYRILLIC_CANDIDATES = ['srp', 'mkd', 'rus', 'ukr', 'bel'];
/** Below this many letters franc guesses; a stop-word / dictionary check decides instead. */
const MIN_LETTERS = 25;
/**
 * On an answer that looks mostly English, franc's other language needs this many distinct words of its own
 * (not English ones) to be believed: English shorthand ("re ministry data: pilot w/ 3 munic., costs per unit
 * TBC") has one French-looking "re" at most.
 */
const MIN_FOREIGN_WORDS = 2;

const ENGLISH_SUFFIX = /(tion|tions|sion|sions|ment|ments|ness|ity|ities|ing|ed|ers?|ors?|ies|ism|ist|ists|ive|ous|able|ible|ship|ly|al)$/;

let lexicon: Record<string, unknown> | null = null;
/** compromise's English lexicon (loaded with the library; ~25k words). */
function englishLexicon(): Record<string, unknown> {
  if (!lexicon) lexicon = (nlp() as unknown as { model(): { one: { lexicon: Record<string, unknown> } } }).model().one.lexicon;
  return lexicon;
}

/** Does a lower-case token look like an English word (stop word, known word, or English morphology)? */
function looksEnglishUncached(token: string, enStop: ReadonlySet<string>): boolean {
  if (!/^[a-z'-]+$/.test(token)) return false;
  if (enStop.has(token)) return true;
  // Note-taking shorthand ("re", "w", "mtg", "tbc"): English, though no dictionary has it (corpus/languages.json).
  if (languageTable().markers.get('en')?.has(token)) return true;
  const lex = englishLexicon();
  if (Object.hasOwn(lex, token)) return true;
  const singular = token.replace(/(ies)$/, 'y').replace(/(es|s)$/, '');
  if (Object.hasOwn(lex, singular)) return true;
  return token.length > 4 && ENGLISH_SUFFIX.test(token);
}

// Answers repeat the same words: remember each word's verdict (per English stop-word list).
const looksEnglishMemo = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

function looksEnglish(token: string, enStop: ReadonlySet<string>): boolean {
  let memo = looksEnglishMemo.get(enStop);
  if (!memo) looksEnglishMemo.set(enStop, (memo = new Map()));
  let verdict = memo.get(token);
  if (verdict === undefined) memo.set(token, (verdict = looksEnglishUncached(token, enStop)));
  return verdict;
}

function share(tokens: readonly string[], list: ReadonlySet<string> | undefined): number {
  if (!list || tokens.length === 0) return 0;
  let n = 0;
  for (const t of tokens) if (list.has(t)) n++;
  return n / tokens.length;
}

const stopwordIndexes = new WeakMap<Stopwords, Map<string, string[]>>();

/** Word -> the languages other than English whose stop-word list has it (built once per stop-word set). */
function stopwordIndex(stopwords: Stopwords): Map<string, string[]> {
  let index = stopwordIndexes.get(stopwords);
  if (!index) {
    index = new Map();
    for (const [lang, list] of Object.entries(stopwords)) {
      if (lang === 'en') continue;
      for (const word of list) {
        const langs = index.get(word);
        if (langs) langs.push(lang);
        else index.set(word, [lang]);
      }
    }
    stopwordIndexes.set(stopwords, index);
  }
  return index;
}

/** The highest share of tokens that are stop words of one language other than English (one pass over the tokens). */
function bestOtherShare(tokens: readonly string[], stopwords: Stopwords): number {
  if (tokens.length === 0) return 0;
  const index = stopwordIndex(stopwords);
  const counts = new Map<string, number>();
  let best = 0;
  for (const t of tokens) {
    for (const lang of index.get(t) ?? []) {
      const c = (counts.get(lang) ?? 0) + 1;
      counts.set(lang, c);
      if (c > best) best = c;
    }
  }
  return best / tokens.length;
}

function countMatches(re: RegExp, text: string): number {
  return [...text.matchAll(re)].length;
}

const SERBO_CROATIAN = ['sh', 'sr', 'hr', 'bs', 'cnr'];
const functionWordGroups = new WeakMap<Stopwords, ReadonlySet<string>>();

/** The stop words that count as evidence for a language franc chose (the BCMS group as one). */
function functionWordsOf(lang: string, stopwords: Stopwords): ReadonlySet<string> | undefined {
  if (!SERBO_CROATIAN.includes(lang)) return own(stopwords, lang);
  let group = functionWordGroups.get(stopwords);
  if (!group) functionWordGroups.set(stopwords, (group = new Set(SERBO_CROATIAN.flatMap((l) => [...(own(stopwords, l) ?? [])]))));
  return group;
}

/**
 * The language whose marker words (corpus/languages.json) and letters the tokens show most, with its score:
 * one per marker word, one per word with a letter of that language (č ć đ š ž: BCMS; ë: Albanian; à è ì ò ù:
 * Italian). Null when none, or when two languages tie.
 */
function markedLanguage(tokens: readonly string[], candidates: readonly string[]): { lang: string; score: number } | null {
  const markers = languageTable().markers;
  let best: { lang: string; score: number } | null = null;
  let tie = false;
  for (const lang of candidates) {
    const words = markers.get(lang);
    const letters = MARK_LETTERS.get(lang);
    let score = 0;
    for (const t of tokens) if (words?.has(t) || letters?.test(t)) score++;
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { lang, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return tie ? null : best;
}

/** Letters that mark a word as written in one of the languages detected on short texts. */
const MARK_LETTERS = new Map<string, RegExp>([
  ['sh', /[čćđšž]/],
  ['sq', /ë/],
  ['it', /[àèìòù]/],
]);
const LATIN_MARKED = ['sh', 'sq', 'it'];
const CYRILLIC_MARKED = ['sh', 'mk', 'bg'];
// Macedonian's definite articles on a noun ("селата", "интернетот", "родителите"), as a hint only.
const MACEDONIAN_ARTICLE = /\p{L}{3,}(?:ата|ите|ото|от|ва|на)$/u;
const BULGARIAN_PLURAL = /\p{L}{3,}ове$/u;

/**
 * Cyrillic: BCMS, Macedonian, Bulgarian or Russian (and neighbours). Letters only one alphabet has decide first
 * (ђ ћ: BCMS; ѓ ќ ѕ: Macedonian; ъ я щ ю й ь with none of Russian's ы э ё: Bulgarian, which Serbian and
 * Macedonian never write); then the marker words of BCMS and Macedonian ("је", "су", "у" against "во", "е",
 * "ги", and Macedonian's articles); franc only for a long text with no sign, and never for Bulgarian.
 */
function detectCyrillic(text: string, tokens: readonly string[], long: boolean): string {
  const lower = text.toLowerCase();
  if (/[ыэё]/.test(lower)) return 'ru';
  if (/[іїєґ]/.test(lower)) return 'uk';
  const bcmsOnly = /[ђћ]/.test(lower);
  const macedonianOnly = /[ќѓѕ]/.test(lower);
  if (bcmsOnly && !macedonianOnly) return 'sh';
  if (macedonianOnly && !bcmsOnly) return 'mk';
  if (/[ъящюйь]/.test(lower)) return 'bg';
  const marked = markedLanguage(tokens, CYRILLIC_MARKED);
  const articles = tokens.filter((t) => MACEDONIAN_ARTICLE.test(t)).length;
  const mk = (marked?.lang === 'mk' ? marked.score : 0) + articles / 2;
  const sh = marked?.lang === 'sh' ? marked.score : 0;
  // Bulgarian without its own letters is rare: its marker words, and plurals in -ове (Macedonian writes -ови).
  const bg = (marked?.lang === 'bg' ? marked.score : 0) + tokens.filter((t) => BULGARIAN_PLURAL.test(t)).length / 2;
  if (bg > mk && bg > sh) return 'bg';
  if (mk > sh) return 'mk';
  if (sh > mk) return 'sh';
  if (!long) return 'und';
  const south = /[јљњџ]/.test(lower); // BCMS and Macedonian, not Russian
  const ranked = francAll(text, { only: south ? ['srp', 'mkd'] : CYRILLIC_CANDIDATES, minLength: 10 });
  return own(ISO3_TO_1, ranked[0]?.[0] ?? 'und') ?? 'und';
}

/**
 * Detect the language of a text (ISO 639-1, "sh" for BCMS, or 'und'). English stop-word density wins over franc,
 * so an English sentence naming a Serbian organisation stays 'en'. Serbian, Croatian, Bosnian and Montenegrin
 * are one language, BCMS ("sh"), in either script. Short texts: the marker words and letters of BCMS, Albanian,
 * Italian and Macedonian (corpus/languages.json), else 'en' if most tokens look English, else 'und' (the
 * consultation's main language then, see findThemes). English shorthand is not read as another language unless
 * that language has at least two words of its own in it.
 */
export function detectLanguage(text: string, stopwords: Stopwords): string {
  const norm = normaliseText(text);
  return detectLanguageOf(norm, tokeniseWithOffsets(norm), stopwords);
}

/** detectLanguage on a text already normalised and tokenised. */
function detectLanguageOf(norm: string, words: readonly Token[], stopwords: Stopwords): string {
  const letters = norm.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 'und';
  const cyrillic = (norm.match(/[\u0400-\u04FF]/g) ?? []).length;
  const long = letters.length >= MIN_LETTERS;
  const tokens = words.map((t) => t.token).filter((t) => /\p{L}/u.test(t));
  if (cyrillic > letters.length / 2) return detectCyrillic(norm, tokens, long);
  const enStop = stopwords.en ?? new Set<string>();
  const englishShare = tokens.length ? tokens.filter((t) => looksEnglish(t, enStop)).length / tokens.length : 0;
  // A word written in capitals is an abbreviation ("DuPage County, IL"), not Italian's "il" or Albanian's "ka".
  const markable = words.filter((t) => /\p{L}/u.test(t.token) && !/^\p{Lu}{2,4}$/u.test(norm.slice(t.start, t.end))).map((t) => t.token);
  if (!long) {
    // A short answer: a marker word or letter of one language is the evidence franc cannot give.
    const marked = markedLanguage(markable, LATIN_MARKED);
    if (marked && (marked.score >= MIN_FOREIGN_WORDS || englishShare < 0.5)) return marked.lang;
    return englishShare >= 0.5 ? 'en' : 'und';
  }
  // Two marker words or letters of BCMS, Albanian or Italian in a text that is not mostly English decide it
  // (franc reads "Le molestie sui social sono un grande problema" as French).
  const marked = markedLanguage(markable, LATIN_MARKED);
  if (marked && marked.score >= MIN_FOREIGN_WORDS && englishShare < 0.5) return marked.lang;
  const enRate = share(tokens, enStop);
  const bestOther = bestOtherShare(tokens, stopwords);
  if (enRate >= 0.2 && enRate > bestOther) return 'en';
  if (englishShare >= 0.6 && enRate >= bestOther) return 'en';
  // The other languages' stop-word lists share many words with English ("in", "a", "do", "comment"):
  // only their words that are not English count as evidence against English. A short English title
  // ("Change default XML comment snippet in Visual Studio") has none; an Italian answer has several.
  const notEnglish = tokens.filter((t) => !enStop.has(t) && !looksEnglish(t, enStop));
  const otherOnly = (bestOtherShare(notEnglish, stopwords) * notEnglish.length) / tokens.length;
  if (otherOnly === 0 && (enRate > 0 || englishShare >= 0.5)) return 'en';
  if (enRate >= 0.1 && otherOnly < enRate / 2) return 'en';
  const code = franc(norm, { only: LATIN_CANDIDATES, minLength: 10 });
  const lang = ISO3_TO_1[code];
  // franc guesses on short texts (names, titles) and on English ones with few English function words ("Donors
  // should provide multi-year money to local NGOs" read as Spanish): trust it only when that language's function
  // words are there (BCMS counts as one group), two distinct ones when the text looks mostly English.
  // Only words that are not English too count ("i", "on", "comment" are in other lists as well).
  const own = lang === undefined ? undefined : functionWordsOf(lang, stopwords);
  // Single letters are no evidence ("w/" is in the French list).
  const support = own === undefined ? 0 : new Set(notEnglish.filter((t) => t.length > 1 && (own.has(t) || languageTable().markers.get(lang!)?.has(t)))).size;
  const needed = englishShare >= 0.5 ? MIN_FOREIGN_WORDS : 1;
  if (!lang || support < needed) return englishShare >= 0.5 || enRate >= 0.15 ? 'en' : 'und';
  return lang;
}

// Clause boundaries for bigrams: punctuation that ends a phrase, and a dash between spaces.
const CLAUSE_BREAK = /[.,;:!?()[\]{}"…|\/•]|\s-\s|\n/g;

interface ContentTokens {
  tokens: string[];
  stems: string[];
  bigrams: string[];
}

/** Content tokens (stop words, 1-letter tokens and numbers dropped), their stems and in-clause stem bigrams. */
function contentTokens(norm: string, words: readonly Token[], stop: ReadonlySet<string>, stem: (w: string) => string): ContentTokens {
  const tokens: string[] = [];
  const stems: string[] = [];
  const bigrams: string[] = [];
  const breaks = [...norm.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  let clause = 0;
  let breakAt = 0;
  let prev: { stem: string; clause: number } | null = null;
  for (const t of words) {
    while (breakAt < breaks.length && breaks[breakAt]! < t.start) {
      clause++;
      breakAt++;
    }
    const word = t.token;
    if ([...word].length < 2 || /^\p{N}+$/u.test(word) || stop.has(word)) continue;
    const s = stem(word);
    tokens.push(word);
    stems.push(s);
    if (prev && prev.clause === clause) bigrams.push(`${prev.stem}_${s}`);
    prev = { stem: s, clause };
  }
  return { tokens, stems, bigrams };
}

const LEADING_JUNK = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Trim punctuation around an entity or phrase and collapse spaces. */
function cleanEntity(s: string): string {
  return normaliseText(s).replace(/\s+/g, ' ').replace(LEADING_JUNK, '').replace(/'s$/, '').trim();
}

const PRONOUNS = new Set(['i', 'me', 'we', 'us', 'you', 'he', 'him', 'she', 'her', 'it', 'they', 'them', 'this', 'that', 'these', 'those', 'who', 'what', 'which', 'something', 'someone', 'everyone', 'anyone', 'nothing']);

/** Lower-case noun phrase, leading and trailing stop words removed; null when nothing useful is left. */
function cleanNounPhrase(s: string, stop: ReadonlySet<string>): string | null {
  const words = cleanEntity(s).toLowerCase().split(' ').filter(Boolean);
  while (words.length && (stop.has(words[0]!) || PRONOUNS.has(words[0]!))) words.shift();
  while (words.length && (stop.has(words[words.length - 1]!) || PRONOUNS.has(words[words.length - 1]!))) words.pop();
  if (words.length === 0 || words.length > 5) return null;
  const phrase = words.join(' ').replace(LEADING_JUNK, '');
  if (!/\p{L}{2}/u.test(phrase)) return null;
  return phrase;
}

export function distinct(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

interface Entities {
  nounPhrases: string[];
  people: string[];
  organisations: string[];
  places: string[];
}

/** A text compromise reads, cut to its first 4,000 characters (its cost grows with the words). */
function parse(text: string): ReturnType<Nlp> {
  return nlp()(text.length > 4000 ? text.slice(0, 4000) : text);
}

/** The noun phrases of a parsed text: compromise's nouns and adjective-noun runs, cleaned, distinct. */
function nounPhrasesIn(doc: ReturnType<Nlp>, stop: ReadonlySet<string>): string[] {
  const phrases: string[] = [];
  for (const raw of [...doc.nouns().out('array'), ...doc.match('#Adjective* #Noun+').out('array')] as string[]) {
    const p = cleanNounPhrase(raw, stop);
    if (p) phrases.push(p);
  }
  return distinct(phrases);
}

/**
 * compromise's noun phrases of one English text (lower-case, without leading or trailing stop words). The label
 * stage asks for these itself, for the few clauses whose phrases could become a label, where annotation skipped
 * them (a large input, see annotateSegments).
 */
export function englishNounPhrases(text: string, stop: ReadonlySet<string>): string[] {
  return nounPhrasesIn(parse(text), stop);
}

/**
 * Noun phrases and named entities from compromise (English only: it earns its cost there).
 * `withPhrases` false skips the noun phrases (the costliest part) and finds only people, organisations and places.
 */
function englishEntities(text: string, stop: ReadonlySet<string>, withPhrases = true): Entities {
  const doc = parse(text);
  const clean = (list: string[]): string[] => distinct(list.map(cleanEntity).filter((s) => /\p{L}{2}/u.test(s)));
  return {
    nounPhrases: withPhrases ? nounPhrasesIn(doc, stop) : [],
    // compromise reads some organisation names as people ("Udruzenje zena Pescanik"); their words give them away.
    people: clean(doc.people().out('array') as string[]).filter((p) => organisationKind(p) === null),
    organisations: clean(doc.organizations().out('array') as string[]),
    places: clean(doc.places().out('array') as string[]),
  };
}

// Compromise's people, organisations and places of the sentences that may name someone, by those
// sentences: in a large survey the same ones recur ("Run TV messages in Albanian."). Bounded; cleared when full.
const namedMemo = new Map<string, Entities>();
const NAMED_MEMO_MAX = 50_000;

/** englishEntities without noun phrases, once per distinct text (each caller gets its own arrays). */
function namedEntities(text: string, stop: ReadonlySet<string>): Entities {
  let found = namedMemo.get(text);
  if (!found) {
    if (namedMemo.size >= NAMED_MEMO_MAX) namedMemo.clear();
    namedMemo.set(text, (found = englishEntities(text, stop, false)));
  }
  return { nounPhrases: [...found.nounPhrases], people: [...found.people], organisations: [...found.organisations], places: [...found.places] };
}

/** natural's AFINN analyzer: its vocabulary (words and their stems, with scores) and negation words. */
interface SentimentAnalyzer {
  vocabulary: Record<string, number | undefined>;
  negations: string[];
  stemmer: { stem(word: string): string };
}
let analyzer: SentimentAnalyzer | null = null;

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
function englishSentiment(words: string[]): number {
  if (words.length === 0) return 0;
  if (!analyzer) {
    const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (
      language: string,
      stemmer: unknown,
      vocabulary: string,
    ) => SentimentAnalyzer;
    analyzer = new Analyzer('English', naturalStemmer('en'), 'afinn');
  }
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

// ---------- personal data ----------

// Matchers of the known people, built once per list (the same attendees are looked for in every segment), and of
// the names compromise found in a text (few, and the same sentences recur). Bounded: names accumulate over analyses.
const knownMatchers = new WeakMap<readonly string[], WeakMap<ReadonlySet<string>, NameMatcher | null>>();
const foundMatchers = new Map<string, NameMatcher | null>();
const FOUND_MATCHERS_MAX = 10_000;

function matcherOf(names: readonly string[], ordinary: ReadonlySet<string>): NameMatcher | null {
  let byOrdinary = knownMatchers.get(names);
  if (!byOrdinary) knownMatchers.set(names, (byOrdinary = new WeakMap()));
  let m = byOrdinary.get(ordinary);
  if (m === undefined) {
    m = names.length ? createNameMatcher(names, (w) => ordinary.has(w)) : null;
    byOrdinary.set(ordinary, m);
  }
  return m;
}

/**
 * Personal data in a segment's text, with offsets into that text (see src/privacy/personal-data.ts, the one
 * place that decides): e-mail addresses, phone numbers, and the known people (everyone the consultation names)
 * by full name, first name, surname and initial forms, plus multi-word names compromise found in this text.
 * `ordinary`: words that are ordinary words here (stop words, and name words written in lower case elsewhere):
 * alone, they count as a name only where written as one.
 */
export function findPii(text: string, knownPeople: readonly string[], foundPeople: readonly string[], ordinary: ReadonlySet<string>): PiiSpan[] {
  const spans = findPersonalData(text, matcherOf(knownPeople, ordinary));
  // A single word compromise calls a person is too often not one ("Kudzai" may be, "Korça" is not).
  const found = foundPeople.filter((n) => n.trim().split(/\s+/).length >= 2);
  if (found.length === 0) return spans;
  const key = found.join('\n');
  let m = foundMatchers.get(key);
  if (m === undefined) {
    if (foundMatchers.size >= FOUND_MATCHERS_MAX) foundMatchers.clear();
    // Only the names themselves, not their words alone: compromise may have read a place or a title as a person.
    m = createNameMatcher(found, () => true);
    foundMatchers.set(key, m);
  }
  return dropOverlaps([...spans, ...m!.find(text)]);
}

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

/** A word written with a capital first letter ("Ana", "UNDP", "Petrović"). */
function capitalised(norm: string, t: Token): boolean {
  const first = norm.charAt(t.start);
  return first !== first.toLowerCase();
}

/**
 * Could this (normalised) text name someone by a name of two or more words? Yes when it has an e-mail sign,
 * or two capitalised words in a row, or with one short joining word between them ("Ana Petrović",
 * "UNDP Serbia", "Ministry of Health"), within one clause; an ordinary word starting a sentence before an
 * acronym ("Run TV spots") does not count. In a large input only such texts go to compromise for people,
 * organisations and places: personal data needs a full name (a single name found is not used, see findPii),
 * and a one-word organisation ("UNDP") is found by the gazetteer in the tag stage. A single capitalised word
 * or acronym ("IT skills", "TV messages", "in Albanian") is not worth compromise's time there.
 * `words`: the text's tokens, when the caller has them.
 */
export function mayNameSomeone(norm: string, enStop: ReadonlySet<string>, words: readonly Token[] = tokeniseWithOffsets(norm)): boolean {
  if (norm.includes('@')) return true;
  const nameWord = (t: Token | undefined): t is Token => t !== undefined && t.token !== 'i' && capitalised(norm, t);
  // An ordinary English word capitalised because it starts a sentence ("Run", "The") ...
  const ordinaryStart = (t: Token): boolean => {
    let p = t.start - 1;
    while (p >= 0 && /[\s"'(\[*•-]/.test(norm.charAt(p))) p--;
    return (p < 0 || /[.!?:;\n]/.test(norm.charAt(p))) && looksEnglish(t.token, enStop);
  };
  // ... followed by an acronym is no name ("Run TV spots"); followed by a capitalised word it may be ("Red Cross").
  const acronym = (t: Token): boolean => /^\p{Lu}{2,}/u.test(norm.slice(t.start, t.end));
  // No sentence or clause break between the words of one name.
  const joined = (a: Token, b: Token): boolean => !/[.!?:;,\n]/.test(norm.slice(a.end, b.start));
  const pair = (a: Token, b: Token): boolean => joined(a, b) && !(acronym(b) && ordinaryStart(a));
  for (let i = 0; i + 1 < words.length; i++) {
    const word = words[i]!;
    if (!nameWord(word)) continue;
    const next = words[i + 1]!;
    if (nameWord(next) && pair(word, next)) return true;
    const after = words[i + 2];
    if (nameWord(after) && next.token.length <= 3 && pair(word, after)) return true;
  }
  return false;
}

// The ordinary words of a context, built once per context's word list (every text of an analysis shares it).
const ordinarySets = new WeakMap<object, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();
const NO_WORDS: readonly string[] = [];

function ordinaryWordsOf(context: AnnotateContext, enStop: ReadonlySet<string>): ReadonlySet<string> {
  const words = context.ordinaryNameWords ?? NO_WORDS;
  if (words.length === 0) return enStop;
  let byStop = ordinarySets.get(words);
  if (!byStop) ordinarySets.set(words, (byStop = new WeakMap()));
  let set = byStop.get(enStop);
  if (!set) byStop.set(enStop, (set = new Set([...enStop, ...words])));
  return set;
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
  const pii = findPii(text, context.knownPeople, entities.people, ordinaryWordsOf(context, enStop));
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

/**
 * Make equal words one string: each annotation holds its own copies of its tokens, stems and bigrams (and a
 * worker's come back as copies), about 4.5 million strings for 100,000 answers but fewer than 10,000 distinct.
 * Sharing them saves about 110 MB of heap there, which every later stage and garbage collection feels. In place.
 */
export function shareWords(annotations: Annotation[]): Annotation[] {
  const share = listSharer();
  for (const a of annotations) {
    share(a.tokens);
    share(a.stems);
    share(a.bigrams);
    share(a.nounPhrases);
  }
  return annotations;
}

/** One string for each distinct value: returns the first string seen equal to `s`. */
function stringSharer(): (s: string) => string {
  const known = new Map<string, string>();
  return (s) => {
    const k = known.get(s);
    if (k !== undefined) return k;
    known.set(s, s);
    return s;
  };
}

/** stringSharer over lists, in place. */
function listSharer(one: (s: string) => string = stringSharer()): (list: string[]) => void {
  return (list) => {
    for (let i = 0; i < list.length; i++) list[i] = one(list[i]!);
  };
}

/**
 * Make equal strings of codings one string: a worker's codings come back as copies (categories, stakeholder
 * types and evidence lines, a few hundred distinct among half a million). In place.
 */
export function shareCodingStrings(codings: Coding[]): Coding[] {
  const one = stringSharer();
  const all = listSharer(one);
  for (const c of codings) {
    c.category = one(c.category);
    all(c.secondary);
    all(c.stakeholderTypes);
    all(c.evidence);
  }
  return codings;
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
