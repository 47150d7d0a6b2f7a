// Annotate, language: which language a text is written in (franc on long texts; stop words, marker words and
// letters on short ones), as the ISO 639-1 code Harvest reports (BCMS as "sh").
import { franc, francAll } from 'franc';
import { own } from '../../model/dict.ts';
import { languageTable } from '../languages.ts';
import { normaliseText, tokeniseWithOffsets, type Token } from '../text.ts';
import { nlp } from './compromise.ts';

export type Stopwords = Record<string, ReadonlySet<string>>;

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

/** compromise's tags of function words: a foreign marker word the lexicon has with one of them is not English. */
const FUNCTION_TAGS = new Set(['Negative', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction']);

let otherMarkerWords: ReadonlySet<string> | null = null;
/** The marker words of every language other than English (corpus/languages.json). */
function otherMarkers(): ReadonlySet<string> {
  if (!otherMarkerWords) otherMarkerWords = new Set([...languageTable().markers].filter(([lang]) => lang !== 'en').flatMap(([, words]) => [...words]));
  return otherMarkerWords;
}

/** compromise's tags for people's names (first names, surnames, famous people). */
const NAME_TAGS = new Set(['FirstName', 'FemaleName', 'MaleName', 'LastName', 'Person']);
/** First names in compromise's lexicon that are English words as well ("mark the date", "grace period"). */
const NAMES_THAT_ARE_WORDS = new Set(
  'mark grace grant chase drew jack skip wade pierce spike blaze blossom buck chuck foster lance marshal nick pat peg rob stew sue bob'.split(' '),
);

/** Is a lexicon entry only a person's name (a name is written the same in any language)? */
function isPersonName(token: string, tag: unknown): boolean {
  if (NAMES_THAT_ARE_WORDS.has(token)) return false;
  return typeof tag === 'string' ? NAME_TAGS.has(tag) : Array.isArray(tag) && tag.length > 0 && tag.every((t) => NAME_TAGS.has(t as string));
}

/** Does a lower-case token look like an English word (stop word, known word, or English morphology)? */
function looksEnglishUncached(token: string, enStop: ReadonlySet<string>): boolean {
  if (!/^[a-z'-]+$/.test(token)) return false;
  if (enStop.has(token)) return true;
  // Note-taking shorthand ("re", "w", "mtg", "tbc"): English, though no dictionary has it (corpus/languages.json).
  if (languageTable().markers.get('en')?.has(token)) return true;
  const lex = englishLexicon();
  // Another language's marker word is not English unless English has it as a word of its own ("serve"): the
  // lexicon's "le" (a French determiner), "il", "non", and an English-looking ending ("sinjal") are not.
  if (otherMarkers().has(token) && !(Object.hasOwn(lex, token) && !FUNCTION_TAGS.has(lex[token] as string))) return false;
  // A person's name is no evidence of English: "brenda" (Albanian "inside") is an English first name too.
  if (Object.hasOwn(lex, token)) return !isPersonName(token, lex[token]);
  // A plural of a known word ("sales", "boxes", "cities"); a name is no evidence ("sal" is one).
  if (token.endsWith('s')) {
    const singulars = token.endsWith('ies') ? [token.slice(0, -3) + 'y'] : [token.slice(0, -1), ...(token.endsWith('es') ? [token.slice(0, -2)] : [])];
    if (singulars.some((w) => Object.hasOwn(lex, w) && !isPersonName(w, lex[w]))) return true;
  }
  return englishByEnding(token);
}

/** A word of five letters or more with an English ending ("-tion", "-ive", "-ness"): English only where nothing else tells. */
function englishByEnding(token: string): boolean {
  return token.length > 4 && ENGLISH_SUFFIX.test(token);
}

// Answers repeat the same words: remember each word's verdict (per English stop-word list).
const looksEnglishMemo = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

export function looksEnglish(token: string, enStop: ReadonlySet<string>): boolean {
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

/** Each word of the stop-word lists other than English's, with the languages (by number) whose list has it. */
interface StopwordIndex {
  byWord: Map<string, number[]>;
  languages: number;
}
const stopwordIndexes = new WeakMap<Stopwords, StopwordIndex>();

/** Word -> the languages other than English whose stop-word list has it (built once per stop-word set). */
function stopwordIndex(stopwords: Stopwords): StopwordIndex {
  let index = stopwordIndexes.get(stopwords);
  if (!index) {
    const byWord = new Map<string, number[]>();
    let languages = 0;
    for (const [lang, list] of Object.entries(stopwords)) {
      if (lang === 'en') continue;
      const l = languages++;
      for (const word of list) {
        const langs = byWord.get(word);
        if (langs) langs.push(l);
        else byWord.set(word, [l]);
      }
    }
    stopwordIndexes.set(stopwords, (index = { byWord, languages }));
  }
  return index;
}

/** The highest share of tokens that are stop words of one language other than English (one pass over the tokens). */
function bestOtherShare(tokens: readonly string[], stopwords: Stopwords): number {
  if (tokens.length === 0) return 0;
  const { byWord, languages } = stopwordIndex(stopwords);
  const counts = new Uint32Array(languages);
  let best = 0;
  for (const t of tokens) {
    const langs = byWord.get(t);
    if (langs === undefined) continue;
    for (const l of langs) {
      const c = ++counts[l]!;
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

const shortFunctionWords = new WeakMap<Stopwords, Map<string, ReadonlySet<string> | undefined>>();

/** A language's function words of at most three letters ("e", "të", "di", "za"), the BCMS group as one. */
function shortFunctionWordsOf(lang: string, stopwords: Stopwords): ReadonlySet<string> | undefined {
  let byLang = shortFunctionWords.get(stopwords);
  if (!byLang) shortFunctionWords.set(stopwords, (byLang = new Map()));
  if (!byLang.has(lang)) {
    const all = functionWordsOf(lang, stopwords);
    byLang.set(lang, all && new Set([...all].filter((w) => [...w].length <= 3)));
  }
  return byLang.get(lang);
}

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
 * Italian), and, given a test of English words, one per word that does not look English with an ending only that
 * language has among them (Italian "-zione", "-mente", "-ezza": "formazione", "finalmente"). Null when none, or when
 * two languages tie.
 */
function markedLanguage(
  tokens: readonly string[],
  candidates: readonly string[],
  english?: (token: string) => boolean,
  functionWords?: { words: (lang: string) => ReadonlySet<string> | undefined; english: (token: string) => boolean },
): { lang: string; score: number; strong: number } | null {
  const markers = languageTable().markers;
  let best: { lang: string; score: number; strong: number } | null = null;
  let tie = false;
  for (const lang of candidates) {
    const words = markers.get(lang);
    const letters = MARK_LETTERS.get(lang);
    const endings = english ? MARK_ENDINGS.get(lang) : undefined;
    const small = functionWords?.words(lang);
    let strong = 0;
    let weak = 0;
    for (const t of tokens) {
      if (words?.has(t) || letters?.test(t) || (endings?.test(t) && !english!(t))) strong++;
      // A short function word of the language that English does not write ("e", "të", "di", "za"; a
      // lower-case "i" in a text that capitalises, see detectLanguageOf): weaker, as neighbours share them.
      else if ((t.length > 1 ? t.length <= 3 : SINGLE_LETTER_WORDS.has(t)) && small?.has(t) && !functionWords!.english(t)) weak++;
    }
    const score = strong + weak;
    if (score === 0) continue;
    // Ranked by the marker words and letters first, a function word counting half.
    const rank = 2 * strong + weak;
    const bestRank = best ? 2 * best.strong + (best.score - best.strong) : -1;
    if (rank > bestRank) {
      best = { lang, score, strong };
      tie = false;
    } else if (rank === bestRank) tie = true;
  }
  return tie ? null : best;
}

/** The one-letter function words read as evidence ("e", "i", "u"): the stop-word lists' other letters are noise ("c" of "C++"). */
const SINGLE_LETTER_WORDS = new Set(['e', 'i', 'u']);

/** Letters that mark a word as written in one of the languages detected on short texts. */
const MARK_LETTERS = new Map<string, RegExp>([
  ['sh', /[čćđšž]/],
  ['sq', /ë/],
  ['it', /[àèìòù]/],
]);
/**
 * Endings of words of six letters or more that mark Italian or BCMS among the languages detected on short texts (BCMS
 * infinitives end in -ati/-iti and its nouns in -enti, English has "sphere" and "severe": those are left out).
 */
const MARK_ENDINGS = new Map<string, RegExp>([
  ['it', /^[a-z]{2,}(?:zione|zioni|mente|ato|uto|uti|anza|enza|ezza|ggio|ggi|cchi|gli|zzo|zza|zzi|etti|elli)$/],
  // BCMS: plural cases ("firmama", "selima") and verbal nouns ("navodnjavanja", "zapošljenja") typed without diacritics.
  ['sh', /^[a-z]{3,}(?:ama|ima|anja|enja|ija)$/],
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

const LETTER = /\p{L}/u;
const ABBREVIATION = /^\p{Lu}{2,4}$/u;

/**
 * The letters of a text (code points that are \p{L}) and its characters in the Cyrillic block (U+0400-U+04FF),
 * counted without making a string of each as `match` would (one pass; ASCII decided without a regex).
 */
function countLetters(norm: string): { letters: number; cyrillic: number } {
  let letters = 0;
  let cyrillic = 0;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) letters++;
      continue;
    }
    if (c >= 0x400 && c <= 0x4ff) cyrillic++;
    const cp = norm.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (LETTER.test(String.fromCodePoint(cp))) letters++;
  }
  return { letters, cyrillic };
}

/** Is a token written as an abbreviation in the text: two to four capital letters ("IL", "FL", "DC")? */
function writtenAsAbbreviation(norm: string, t: Token): boolean {
  const length = t.end - t.start;
  // Two to four letters are two to eight UTF-16 units; a lower-case ASCII letter first is not a capital.
  if (length < 2 || length > 8) return false;
  const first = norm.charCodeAt(t.start);
  if (first >= 0x61 && first <= 0x7a) return false;
  return ABBREVIATION.test(norm.slice(t.start, t.end));
}

/** detectLanguage on a text already normalised and tokenised. */
export function detectLanguageOf(norm: string, words: readonly Token[], stopwords: Stopwords): string {
  const { letters, cyrillic } = countLetters(norm);
  if (letters === 0) return 'und';
  const long = letters >= MIN_LETTERS;
  // The tokens with a letter; and those of them that may mark a language: a word written in capitals is an
  // abbreviation ("DuPage County, IL"), not Italian's "il" or Albanian's "ka".
  // English writes the pronoun "I" in capitals: a lower-case "i" in a text that has capitals is the "and" of
  // BCMS or the article of Albanian and Italian ("Trajnim i mësuesve"), no English word. `english` holds the
  // tokens as the English tests read them, such an "i" blanked.
  const capitals = /\p{Lu}/u.test(norm);
  const tokens: string[] = [];
  const english: string[] = [];
  const markable: string[] = [];
  for (const t of words) {
    if (!LETTER.test(t.token)) continue;
    tokens.push(t.token);
    const lowerI = capitals && t.token === 'i' && norm.charCodeAt(t.start) === 0x69;
    english.push(lowerI ? '' : t.token);
    // A single letter before a full stop is an abbreviation ("e.g."), not Italian's or Albanian's "e".
    const abbreviation = writtenAsAbbreviation(norm, t) || (t.end - t.start === 1 && norm[t.end] === '.');
    // Nor is a prefix joined by a hyphen ("non-verbal", "e-learning") Italian's "non" or "e".
    const prefix = norm[t.end] === '-' && LETTER.test(norm[t.end + 1] ?? '');
    if (!abbreviation && !prefix) markable.push(t.token);
  }
  if (cyrillic > letters / 2) return detectCyrillic(norm, tokens, long);
  const enStop = stopwords.en ?? new Set<string>();
  let englishShare = english.length ? english.filter((t) => looksEnglish(t, enStop)).length / english.length : 0;
  const isEnglish = (t: string): boolean => t.length < 6 || looksEnglish(t, enStop);
  // Lower-case "i" in a text with capitals is not English (see above); any other word as looksEnglish says.
  const lowerCaseI = english.includes('');
  const isEnglishWord = (t: string): boolean => (t === 'i' ? !lowerCaseI : looksEnglish(t, enStop));
  const marked = markedLanguage(markable, LATIN_MARKED, isEnglish, { words: (lang) => shortFunctionWordsOf(lang, stopwords), english: isEnglishWord });
  // An English ending is English only in isolation: beside a letter or marker word of another language
  // ("kompanive" beside "mësuesve") a word unknown to the English lexicon is that language's.
  if (marked && marked.strong > 0) {
    const lex = englishLexicon();
    const byEndingOnly = (t: string): boolean => !enStop.has(t) && !Object.hasOwn(lex, t) && !languageTable().markers.get('en')?.has(t) && englishByEnding(t);
    englishShare = english.length ? english.filter((t) => looksEnglish(t, enStop) && !(byEndingOnly(t) && !Object.hasOwn(lex, t.replace(/s$/, '')))).length / english.length : 0;
  }
  if (!long) {
    // A short answer: a marker word or letter of one language is the evidence franc cannot give.
    if (marked && (marked.score >= MIN_FOREIGN_WORDS || englishShare < 0.5)) return marked.lang;
    return englishShare >= 0.5 ? 'en' : 'und';
  }
  // Two marker words or letters of BCMS, Albanian or Italian in a text that is not mostly English decide it
  // (franc reads "Le molestie sui social sono un grande problema" as French).
  if (marked && marked.score >= MIN_FOREIGN_WORDS && englishShare < 0.5) {
    // Function words alone may be a neighbour's ("le", "la", "de" are French too): franc's choice of another
    // language wins when two of its own function words are there.
    if (marked.strong >= MIN_FOREIGN_WORDS) return marked.lang;
    const other = ISO3_TO_1[franc(norm, { only: LATIN_CANDIDATES, minLength: 10 })];
    const words = other && !LATIN_MARKED.includes(other) && other !== 'en' ? functionWordsOf(other, stopwords) : undefined;
    if (!words || new Set(tokens.filter((t) => t.length > 1 && words.has(t) && !looksEnglish(t, enStop))).size < MIN_FOREIGN_WORDS) return marked.lang;
  }
  const enRate = share(english, enStop);
  const bestOther = bestOtherShare(tokens, stopwords);
  if (enRate >= 0.2 && enRate > bestOther) return 'en';
  if (englishShare >= 0.6 && enRate >= bestOther) return 'en';
  // The other languages' stop-word lists share many words with English ("in", "a", "do", "comment"):
  // only their words that are not English count as evidence against English. A short English title
  // ("Change default XML comment snippet in Visual Studio") has none; an Italian answer has several.
  const notEnglish = tokens.filter((_, i) => !enStop.has(english[i]!) && !looksEnglish(english[i]!, enStop));
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
