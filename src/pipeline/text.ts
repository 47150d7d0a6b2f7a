// Shared text utilities for every stage: normalise characters, split into word tokens, stem per language.
import { own } from '../model/dict.ts';
import { createRequire } from 'node:module';
import { phraseWords } from './word-lists.ts';

// Deep requires: natural's index pulls in storage back-ends that load dotenv (noisy, slow); the stemmers need none of it.
const require = createRequire(import.meta.url);

interface NaturalStemmer {
  stem(word: string): string;
}

const NATURAL_STEMMERS: Record<string, string> = {
  en: 'porter_stemmer.js',
  it: 'porter_stemmer_it.js',
  es: 'porter_stemmer_es.js',
  fr: 'porter_stemmer_fr.js',
  de: 'porter_stemmer_de.js',
  pt: 'porter_stemmer_pt.js',
  nl: 'porter_stemmer_nl.js',
  ru: 'porter_stemmer_ru.js',
  uk: 'porter_stemmer_uk.js',
  no: 'porter_stemmer_no.js',
  sv: 'porter_stemmer_sv.js',
  fa: 'porter_stemmer_fa.js',
};

/** Load one of natural's stemmers by file (CommonJS module exporting `stem`). */
export function naturalStemmer(language: string): NaturalStemmer | null {
  const file = own(NATURAL_STEMMERS, language);
  if (!file) return null;
  return require(`natural/lib/natural/stemmers/${file}`) as NaturalStemmer;
}

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\v\f]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Printable ASCII but the backtick (a single quote above), and line breaks.
const PLAIN_ASCII = /^[\x20-\x5F\x61-\x7E\n\r]*$/;

/**
 * Normalise text for matching: NFKC, curly quotes and apostrophes to straight ones, no-break and other
 * odd spaces (and tabs) to a plain space, invisible characters removed, every dash to "-".
 * Line breaks are kept. Not length-preserving (NFKC expands ligatures and "…").
 */
export function normaliseText(s: string): string {
  // Plain ASCII text: NFKC and the replacements below would change nothing.
  if (PLAIN_ASCII.test(s)) return s;
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(ODD_SPACES, ' ');
}

/** A word token with its offsets in the string it was read from. */
export interface Token {
  token: string;
  start: number;
  end: number;
}

// A run of letters/digits with inner apostrophes or hyphens ("women's", "e-commerce", "covid-19").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019\-][\p{L}\p{M}\p{N}]+)*/gu;
const PUNCT_IN_WORD = /['\u2019-]/;
// Elided articles and prepositions (Italian, French) that are cut off: "l'accesso" -> "accesso" (corpus/phrase-words.json).
const ELIDED: ReadonlySet<string> = new Set(phraseWords().elided);

/**
 * Word tokens with offsets into `s` (lower-cased). Possessive 's is dropped ("women's" -> "women"),
 * elided articles are cut ("l'accesso" -> "accesso"), other apostrophes stay ("don't").
 * Hyphenated words stay whole when a part is a short prefix or number ("e-commerce", "covid-19"),
 * otherwise they split into their parts ("gender-based" -> "gender", "based").
 */
export function tokeniseWithOffsets(s: string): Token[] {
  const out: Token[] = [];
  for (const m of s.matchAll(WORD)) {
    const raw = m[0];
    const at = m.index;
    // Most words have no hyphen or apostrophe: nothing to split or cut.
    if (!PUNCT_IN_WORD.test(raw)) {
      out.push({ token: raw.toLowerCase(), start: at, end: at + raw.length });
      continue;
    }
    const pieces: Array<[string, number]> = [];
    const parts = raw.split('-');
    if (parts.length > 1 && !parts.some((p) => [...p].length <= 2)) {
      let offset = at;
      for (const p of parts) {
        pieces.push([p, offset]);
        offset += p.length + 1;
      }
    } else {
      pieces.push([raw, at]);
    }
    for (const [piece, start] of pieces) {
      let word = piece.toLowerCase();
      let begin = start;
      let end = start + piece.length;
      const apos = /['\u2019]/.exec(word);
      if (apos) {
        const left = word.slice(0, apos.index);
        const right = word.slice(apos.index + 1);
        if (right === 's') {
          word = left;
          end = start + left.length;
        } else if (ELIDED.has(left)) {
          word = right;
          begin = start + left.length + 1;
        }
        word = word.replace(/\u2019/g, "'");
      }
      if (word) out.push({ token: word, start: begin, end });
    }
  }
  return out;
}

/** Lower-case word tokens of `s` (letters of any script, digits; apostrophes and hyphens as in tokeniseWithOffsets). */
export function tokenise(s: string): string[] {
  return tokeniseWithOffsets(s).map((t) => t.token);
}

// Serbian Cyrillic -> Latin, so Cyrillic and Latin answers share stems.
const SR_CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj',
  м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č',
  џ: 'dž', ш: 'š',
};

/** Transliterate Serbian Cyrillic letters to Latin (other characters unchanged). */
export function serbianToLatin(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const t = SR_CYRILLIC[lower];
    out += t === undefined ? ch : ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }
  return out;
}

// Macedonian letters Serbian Cyrillic has not, as Latin (after serbianToLatin).
const MACEDONIAN_LATIN: Record<string, string> = { ѓ: 'gj', ќ: 'kj', ѕ: 'dz', ѐ: 'e', ѝ: 'i' };

/**
 * A word folded for comparison across scripts and spellings: lower-case, Serbian and Macedonian Cyrillic as Latin,
 * diacritics dropped ("ništa", "nista", "ништа" are one word; "më" is "me"; "đ" is "dj").
 */
export function foldToLatin(word: string): string {
  const s = serbianToLatin(word.toLowerCase()).replace(/[ѓќѕѐѝ]/g, (c) => MACEDONIAN_LATIN[c] ?? c);
  return s.replace(/đ/g, 'dj').normalize('NFD').replace(/\p{M}/gu, '');
}

// Light suffix lists, longest first, for languages natural has no stemmer for.
const LIGHT_SUFFIXES: Record<string, string[]> = {
  sr: ['ovima', 'evima', 'skih', 'skog', 'skom', 'skim', 'ijama', 'ama', 'ima', 'ski', 'ska', 'sko', 'ske', 'om', 'em', 'og', 'ih', 'im', 'oj', 'a', 'e', 'i', 'o', 'u'],
  mk: ['ските', 'ите', 'ата', 'ото', 'ски', 'ска', 'ско', 'ов', 'ев', 'от', 'та', 'то', 'те', 'и', 'а', 'о', 'е'],
  sq: ['isë', 'ave', 'eve', 'ëve', 'ive', 'ia', 'at', 'et', 'ët', 'ës', 'ën', 'it', 'in', 've', 'të', 'ja', 'a', 'e', 'i', 'ë', 't'],
  generic: ['es', 's'],
};
for (const list of Object.values(LIGHT_SUFFIXES)) list.sort((a, b) => [...b].length - [...a].length);

/** Strip the longest listed suffix that leaves at least three letters. */
function stripSuffix(word: string, suffixes: readonly string[]): string {
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && [...word].length - [...suffix].length >= 3) return word.slice(0, word.length - suffix.length);
  }
  return word;
}

// British -ise/-isation spellings mapped to -ize before the Porter stemmer, so both spellings share a stem.
const BRITISH_ISE = /^(.{3,})is(e|es|ed|ing|er|ers|ation|ations)$/;

const stemmers = new Map<string, (word: string) => string>();

/**
 * A memoised stemmer for a language (ISO 639-1). natural's Porter stemmers for en, it, es, fr, de, pt,
 * nl, ru, uk, no, sv, fa; light suffix stripping for sr/hr/bs (Cyrillic transliterated to Latin first),
 * mk and sq; hr, bs and cnr use the Serbian rules. 'und' and '' use English (the base language);
 * any other language gets a light plural strip.
 */
export function stemmerFor(language: string): (word: string) => string {
  const key = language === 'und' || language === '' ? 'en' : ['sh', 'hr', 'bs', 'cnr', 'me'].includes(language) ? 'sr' : language;
  const cached = stemmers.get(key);
  if (cached) return cached;
  let base: (word: string) => string;
  const natural = naturalStemmer(key);
  if (key === 'en' && natural) {
    base = (w) => natural.stem(w.replace(BRITISH_ISE, '$1iz$2'));
  } else if (natural) {
    base = (w) => natural.stem(w);
  } else if (key === 'sr') {
    base = (w) => stripSuffix(serbianToLatin(w), LIGHT_SUFFIXES.sr!);
  } else if (key === 'mk' || key === 'sq') {
    base = (w) => stripSuffix(w, LIGHT_SUFFIXES[key]!);
  } else {
    base = (w) => stripSuffix(w, LIGHT_SUFFIXES.generic!);
  }
  const memo = new Map<string, string>();
  const stem = (word: string): string => {
    let s = memo.get(word);
    if (s === undefined) {
      s = base(word.toLowerCase()) || word.toLowerCase();
      memo.set(word, s);
    }
    return s;
  };
  stemmers.set(key, stem);
  return stem;
}

/**
 * A function of a string remembered per argument, in a bounded store (cleared when it holds `max`): for patterns and
 * readings asked again and again with the same few arguments (a phrase for each theme and sub-theme of a scope).
 */
export function rememberedBy<T>(max: number, make: (key: string) => T): (key: string) => T {
  const store = new Map<string, T>();
  return (key) => {
    let value = store.get(key);
    if (value === undefined) {
      if (store.size >= max) store.clear();
      store.set(key, (value = make(key)));
    }
    return value;
  };
}
