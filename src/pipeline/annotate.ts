// Annotate: per segment, the language, content tokens and stems, bigrams, noun phrases, named entities, sentiment and personal data.
import { createRequire } from 'node:module';
import nlp from 'compromise';
import { franc, francAll } from 'franc';
import type { Annotation, PiiSpan, Segment } from '../model/index.ts';
import { organisationKind } from './tag.ts';
import { naturalStemmer, normaliseText, stemmerFor, tokeniseWithOffsets } from './text.ts';

const require = createRequire(import.meta.url);

type Stopwords = Record<string, ReadonlySet<string>>;

/** franc's ISO 639-3 codes mapped to the ISO 639-1 codes Harvest reports. */
const ISO3_TO_1: Record<string, string> = {
  eng: 'en', srp: 'sr', hrv: 'hr', bos: 'bs', als: 'sq', sqi: 'sq', mkd: 'mk', ita: 'it', deu: 'de', fra: 'fr',
  spa: 'es', por: 'pt', nld: 'nl', slv: 'sl', ron: 'ro', tur: 'tr', pol: 'pl', ces: 'cs', hun: 'hu', rus: 'ru',
  bul: 'bg', ukr: 'uk', bel: 'be',
};
/** Candidates franc may choose from: English, the Western Balkans' languages and the main European ones. */
const LATIN_CANDIDATES = ['eng', 'srp', 'hrv', 'bos', 'als', 'ita', 'deu', 'fra', 'spa', 'por', 'nld', 'ron', 'tur', 'pol', 'ces', 'hun'];
const CYRILLIC_CANDIDATES = ['srp', 'mkd', 'rus', 'bul', 'ukr', 'bel'];
/** Below this many letters franc guesses; a stop-word / dictionary check decides instead. */
const MIN_LETTERS = 25;

// Serbian (ekavian, Serbian-only words) versus Croatian markers, for Latin text franc cannot split reliably.
const SERBIAN_MARKERS =
  /(?<![\p{L}])(gde|deca|dece|deci|devojk\p{L}*|devojčic\p{L}*|posle|pre|vreme|vremena|mest\p{L}*|svet\p{L}*|reč\p{L}*|retk\p{L}*|cel\p{L}*|uslov\p{L}*|obezbe\p{L}*|šta|ko|opštin\p{L}*|nedelj\p{L}*|razume\p{L}*|primen\p{L}*|procen\p{L}*|takođe|univerzitet\p{L}*|lep\p{L}*)(?![\p{L}])/gu;
const CROATIAN_MARKERS =
  /(?<![\p{L}])(tko|tisuć\p{L}*|sveučilišt\p{L}*|računal\p{L}*|tijekom|obitelj\p{L}*|glazb\p{L}*|tjed\p{L}*|općin\p{L}*|uvjet\p{L}*|odgoj\p{L}*|također|kazališt\p{L}*|zrakoplov\p{L}*|stoga|primjer\p{L}*|vrijem\p{L}*|djevojk\p{L}*|djec\p{L}*|gdje|poslije|prije)(?![\p{L}])/gu;

const ENGLISH_SUFFIX = /(tion|tions|sion|sions|ment|ments|ness|ity|ities|ing|ed|ers?|ors?|ies|ism|ist|ists|ive|ous|able|ible|ship|ly|al)$/;

let lexicon: Record<string, unknown> | null = null;
/** compromise's English lexicon (loaded with the library; ~25k words). */
function englishLexicon(): Record<string, unknown> {
  if (!lexicon) lexicon = (nlp as unknown as { model(): { one: { lexicon: Record<string, unknown> } } }).model().one.lexicon;
  return lexicon;
}

/** Does a lower-case token look like an English word (stop word, known word, or English morphology)? */
function looksEnglish(token: string, enStop: ReadonlySet<string>): boolean {
  if (!/^[a-z'-]+$/.test(token)) return false;
  if (enStop.has(token)) return true;
  const lex = englishLexicon();
  if (token in lex) return true;
  const singular = token.replace(/(ies)$/, 'y').replace(/(es|s)$/, '');
  if (singular in lex) return true;
  return token.length > 4 && ENGLISH_SUFFIX.test(token);
}

function share(tokens: readonly string[], list: ReadonlySet<string> | undefined): number {
  if (!list || tokens.length === 0) return 0;
  let n = 0;
  for (const t of tokens) if (list.has(t)) n++;
  return n / tokens.length;
}

function countMatches(re: RegExp, text: string): number {
  return [...text.matchAll(re)].length;
}

/** Choose between Serbian, Croatian and Bosnian for Latin text franc put in that group. */
function splitSerboCroatian(lower: string, francChoice: string): string {
  const sr = countMatches(SERBIAN_MARKERS, lower);
  const hr = countMatches(CROATIAN_MARKERS, lower);
  if (sr > hr) return 'sr';
  if (hr > sr) return 'hr';
  return francChoice;
}

/** Cyrillic: Serbian, Macedonian or Russian (and neighbours), with letters only one alphabet has. */
function detectCyrillic(text: string, long: boolean): string {
  const lower = text.toLowerCase();
  const serbianOnly = /[ђћ]/.test(lower);
  const macedonianOnly = /[ќѓѕ]/.test(lower);
  const south = /[јљњџ]/.test(lower); // Serbian and Macedonian, not Russian/Bulgarian
  if (serbianOnly && !macedonianOnly) return 'sr';
  if (macedonianOnly && !serbianOnly) return 'mk';
  if (!long) return south ? 'und' : /[ыэъё]/.test(lower) ? 'ru' : 'und';
  const ranked = francAll(text, { only: south ? ['srp', 'mkd'] : CYRILLIC_CANDIDATES, minLength: 10 });
  const top = ranked[0]?.[0] ?? 'und';
  return ISO3_TO_1[top] ?? 'und';
}

/**
 * Detect the language of a text (ISO 639-1, or 'und'). English stop-word density wins over franc, so an
 * English sentence naming a Serbian organisation stays 'en'. Latin Serbian/Croatian/Bosnian are told apart
 * by ekavian and lexical markers. Short texts: 'en' if most tokens look English, else 'und'.
 */
export function detectLanguage(text: string, stopwords: Stopwords): string {
  const norm = normaliseText(text);
  const letters = norm.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 'und';
  const cyrillic = (norm.match(/[\u0400-\u04FF]/g) ?? []).length;
  const long = letters.length >= MIN_LETTERS;
  if (cyrillic > letters.length / 2) return detectCyrillic(norm, long);
  const tokens = tokeniseWithOffsets(norm).map((t) => t.token).filter((t) => /\p{L}/u.test(t));
  const enStop = stopwords.en ?? new Set<string>();
  const englishShare = tokens.length ? tokens.filter((t) => looksEnglish(t, enStop)).length / tokens.length : 0;
  if (!long) return englishShare >= 0.5 ? 'en' : 'und';
  const enRate = share(tokens, enStop);
  let bestOther = 0;
  for (const [lang, list] of Object.entries(stopwords)) {
    if (lang !== 'en') bestOther = Math.max(bestOther, share(tokens, list));
  }
  if (enRate >= 0.2 && enRate > bestOther) return 'en';
  if (englishShare >= 0.6 && enRate >= bestOther) return 'en';
  const code = franc(norm, { only: LATIN_CANDIDATES, minLength: 10 });
  const lang = ISO3_TO_1[code];
  // franc guesses on short texts (names, titles): trust it only when that language's function words are there.
  const supported = lang !== undefined && (letters.length >= 60 || share(tokens, stopwords[lang]) > 0);
  if (!lang || !supported) return englishShare >= 0.5 || enRate >= 0.15 ? 'en' : 'und';
  if (code === 'srp' || code === 'hrv' || code === 'bos') return splitSerboCroatian(norm.toLowerCase(), lang);
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
function contentTokens(norm: string, stop: ReadonlySet<string>, stem: (w: string) => string): ContentTokens {
  const tokens: string[] = [];
  const stems: string[] = [];
  const bigrams: string[] = [];
  const breaks = [...norm.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  let clause = 0;
  let breakAt = 0;
  let prev: { stem: string; clause: number } | null = null;
  for (const t of tokeniseWithOffsets(norm)) {
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

function distinct(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

interface Entities {
  nounPhrases: string[];
  people: string[];
  organisations: string[];
  places: string[];
}

/** Noun phrases and named entities from compromise (English only: it earns its cost there). */
function englishEntities(text: string, stop: ReadonlySet<string>): Entities {
  const doc = nlp(text.length > 4000 ? text.slice(0, 4000) : text);
  const phrases: string[] = [];
  for (const raw of [...doc.nouns().out('array'), ...doc.match('#Adjective* #Noun+').out('array')] as string[]) {
    const p = cleanNounPhrase(raw, stop);
    if (p) phrases.push(p);
  }
  const clean = (list: string[]): string[] => distinct(list.map(cleanEntity).filter((s) => /\p{L}{2}/u.test(s)));
  return {
    nounPhrases: distinct(phrases),
    // compromise reads some organisation names as people ("Udruzenje zena Pescanik"); their words give them away.
    people: clean(doc.people().out('array') as string[]).filter((p) => organisationKind(p) === null),
    organisations: clean(doc.organizations().out('array') as string[]),
    places: clean(doc.places().out('array') as string[]),
  };
}

interface SentimentAnalyzer {
  getSentiment(words: string[]): number;
}
let analyzer: SentimentAnalyzer | null = null;

/** AFINN sentiment of English tokens (mean per word, negation-aware), squashed to -1..1 and rounded. */
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
  const mean = analyzer.getSentiment(words);
  if (!Number.isFinite(mean)) return 0;
  return Math.round(Math.tanh(2 * mean) * 1000) / 1000;
}

// ---------- personal data ----------

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}.,/-])(?:\+|00)?\(?\d[\d\s().\/\u2013-]{5,}\d(?![\p{L}\p{N}])/gu;

/** Is this digit run a phone number rather than a year range, date, coordinate or amount? */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  const trimmed = candidate.trim();
  if (/^\d{4}\s*[-\u2013/]\s*\d{4}$/.test(trimmed)) return false; // 2021-2025, 1244/1999
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(trimmed)) return false; // 22/11/2024
  if (/\d\.\d{5,}/.test(trimmed)) return false; // 44.2221476
  if (/\n/.test(candidate)) return false;
  if (/^(?:\+|00)/.test(trimmed)) return true;
  // Local numbers start with 0 or are grouped (064/123-4567, 011 123 4567); a bare 8+ digit run also counts.
  return /^0/.test(trimmed) || /^\(?\d{2,4}\)?[\s/.-]/.test(trimmed) || /^\d{8,}$/.test(trimmed);
}

/** Length-preserving fold for name search: lower case, straight apostrophes, no diacritics, plain spaces. */
function foldChars(s: string): string {
  let out = '';
  for (const ch of s) {
    let f = ch.toLowerCase();
    if (f.length !== ch.length) f = ch;
    if (f === 'đ') f = 'd';
    else if (/[\u2018\u2019]/.test(f)) f = "'";
    else if (/\s/.test(f)) f = ' ';
    else {
      const base = f.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === f.length) f = base;
    }
    out += f;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Offsets of whole-word, case- and accent-insensitive occurrences of a name in text. */
function findName(text: string, folded: string, name: string, requireCapital: boolean): Array<[number, number]> {
  const words = foldChars(name.trim()).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
  const out: Array<[number, number]> = [];
  for (const m of folded.matchAll(re)) {
    const first = text.charAt(m.index);
    if (requireCapital && first === first.toLowerCase()) continue;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Keep the first-listed span where spans overlap (callers list higher-priority kinds first, longer first). */
function dropOverlaps(spans: PiiSpan[]): PiiSpan[] {
  const kept: PiiSpan[] = [];
  for (const s of spans) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Personal data in a segment's text, with offsets into that text: e-mail addresses, phone numbers
 * (8-15 digits, not years, year ranges, dates or coordinates), and person names: the known people
 * (attendees) by full name case-insensitively, and by last name of 4+ letters when capitalised,
 * plus multi-word names compromise found.
 */
export function findPii(text: string, knownPeople: readonly string[], foundPeople: readonly string[], stop: ReadonlySet<string>): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(EMAIL)) spans.push({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const raw = m[0].replace(/[\s.\/-]+$/, '');
    if (isPhone(raw)) spans.push({ kind: 'phone', start: m.index, end: m.index + raw.length, text: raw });
  }
  const folded = foldChars(text);
  const people: PiiSpan[] = [];
  const addPerson = ([start, end]: [number, number]): void => {
    people.push({ kind: 'person', start, end, text: text.slice(start, end) });
  };
  for (const name of knownPeople) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    findName(text, folded, name, false).forEach(addPerson);
    const last = words[words.length - 1]!;
    if (words.length >= 2 && [...last].length >= 4 && !stop.has(last.toLowerCase())) findName(text, folded, last, true).forEach(addPerson);
  }
  for (const name of foundPeople) {
    if (name.trim().split(/\s+/).length >= 2) findName(text, folded, name, false).forEach(addPerson);
  }
  people.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  return dropOverlaps([...spans, ...people]);
}

/**
 * Annotate segments (same order as given): language, content tokens, stems, bigrams, noun phrases,
 * people/organisations/places, sentiment and personal data. Pure and deterministic; compromise and
 * sentiment run for English only. `knownPeople` are attendee names, looked for as personal data.
 */
export function annotateSegments(
  segments: readonly Segment[],
  resources: { stopwords: Record<string, ReadonlySet<string>> },
  options: { knownPeople?: string[] } = {},
): Annotation[] {
  const stopwords = resources.stopwords;
  const enStop = stopwords.en ?? new Set<string>();
  const knownPeople = distinct((options.knownPeople ?? []).map((n) => n.trim()).filter((n) => /\p{L}{2}/u.test(n)));
  return segments.map((segment) => {
    const text = segment.text;
    const norm = normaliseText(text);
    const language = detectLanguage(norm, stopwords);
    const stop = stopwords[language] ?? enStop;
    const stem = stemmerFor(language);
    const { tokens, stems, bigrams } = contentTokens(norm, stop, stem);
    const english = language === 'en';
    const entities: Entities =
      english && tokens.length > 0 ? englishEntities(text, enStop) : { nounPhrases: [], people: [], organisations: [], places: [] };
    const sentiment = english ? englishSentiment(tokeniseWithOffsets(norm).map((t) => t.token)) : 0;
    const pii = findPii(text, knownPeople, entities.people, enStop);
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
  });
}
