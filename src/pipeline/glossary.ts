// Cross-language glossary (corpus/glossary.json): the English stems an answer in BCMS, Albanian, Macedonian or Italian shares with English answers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { own } from '../model/dict.ts';
import { glossaryFile } from '../model/glossary.ts';
import { foldToLatin, normaliseText, stemmerFor } from './text.ts';

const GLOSSARY_PATH = fileURLToPath(new URL('../../corpus/glossary.json', import.meta.url));
const LANGUAGES = ['sh', 'sq', 'mk', 'it'] as const;

/** Per language: a phrase's stems joined by spaces -> the English stems it stands for. */
export type Glossary = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

type Stopwords = Record<string, ReadonlySet<string>>;

let file: ReturnType<typeof glossaryFile.parse> | null = null;
const compiled = new WeakMap<Stopwords, Glossary>();

function readGlossaryFile(): ReturnType<typeof glossaryFile.parse> {
  if (file) return file;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(GLOSSARY_PATH, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_CODEBOOK', `glossary.json: could not be read (${(err as Error).message})`, { file: 'glossary.json', cause: err });
  }
  const parsed = glossaryFile.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', `glossary.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file: 'glossary.json' });
  return (file = parsed.data);
}

/** The stems of a phrase as the annotate stage would give them: words, stop words dropped, stemmed for its language. */
function phraseStems(phrase: string, language: string, stopwords: Stopwords): string[] {
  const stop = own(stopwords, language) ?? new Set<string>();
  const stem = stemmerFor(language);
  return (normaliseText(phrase).toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [])
    .filter((w) => [...w].length >= 2 && !stop.has(w))
    .map(stem);
}

/**
 * The shipped glossary, compiled for these stop words: each form stemmed as its language's answers are (BCMS
 * Cyrillic answers stem to Latin, so the Latin forms serve both scripts), each English word stemmed as English.
 */
export function loadGlossary(stopwords: Stopwords): Glossary {
  const known = compiled.get(stopwords);
  if (known) return known;
  const out = new Map<string, Map<string, string[]>>();
  for (const term of readGlossaryFile().terms) {
    const english = phraseStems(term.en, 'en', stopwords);
    if (english.length === 0) continue;
    for (const lang of LANGUAGES) {
      let table = out.get(lang);
      if (!table) out.set(lang, (table = new Map()));
      for (const form of term[lang]) {
        const key = phraseStems(form, lang, stopwords).map(foldToLatin).join(' ');
        if (!key) continue;
        const list = table.get(key) ?? [];
        for (const e of english) if (!list.includes(e)) list.push(e);
        table.set(key, list);
      }
    }
  }
  compiled.set(stopwords, out);
  return out;
}

/**
 * The English stems an answer's stems stand for, by the glossary (two-word phrases first, then single words),
 * distinct, in order. Empty for a language the glossary has no words of.
 */
export function englishStemsOf(stems: readonly string[], language: string, glossary: Glossary): string[] {
  const table = glossary.get(language);
  if (!table) return [];
  const out: string[] = [];
  const add = (list: readonly string[] | undefined): boolean => {
    if (!list) return false;
    for (const e of list) if (!out.includes(e)) out.push(e);
    return true;
  };
  const folded = stems.map(foldToLatin);
  for (let i = 0; i < folded.length; i++) {
    if (i + 1 < folded.length && add(table.get(`${folded[i]} ${folded[i + 1]}`))) {
      i++;
      continue;
    }
    add(table.get(folded[i]!));
  }
  return out;
}

/** A cognate shares at least this many letters at its start with the English stem (after spelling folds). */
const MIN_COGNATE_PREFIX = 5;
/** ... or is the same word after spelling folds, of at least this many letters ("klas" and "class"). */
const MIN_COGNATE_LENGTH = 4;

/**
 * A stem as cognates are compared: Latin without diacritics, and the spellings that differ most between English
 * and the region's languages folded together (k/c/q, j/y/i, z/s, w/v, ph/f, th/t), doubled letters as one:
 * "diskriminacija" and "discrimination", "asistenti" and "assistant", "univerzitet" and "university" share their
 * first five letters or more.
 */
export function cognateKey(stem: string): string {
  return foldToLatin(stem)
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/[kq]/g, 'c')
    .replace(/[jy]/g, 'i')
    .replace(/z/g, 's')
    .replace(/w/g, 'v')
    .replace(/(.)\1+/g, '$1');
}

function commonPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

/**
 * A reader of cognates for one English vocabulary: given the stems of an answer in another language, the English
 * stems of `vocabulary` they are cognates of: the longest shared start after cognateKey (at least MIN_COGNATE_PREFIX
 * letters and half the word, or the whole of both words), ties to the first; each answer stem gives at most one.
 * Names and numbers written alike ("Germania" and "Germany", "2014") count too.
 */
export function cognatesIn(vocabulary: readonly string[]): (stems: readonly string[]) => string[] {
  const known = new Set(vocabulary);
  const keys = vocabulary.map((v) => ({ stem: v, key: cognateKey(v) })).filter((v) => v.key.length >= MIN_COGNATE_LENGTH && !/^\p{N}+$/u.test(v.key));
  // A cognate shares the whole key or at least its first MIN_COGNATE_PREFIX letters: only those keys are compared
  // (positions into `keys`, so that ties still go to the first), not the whole vocabulary for every stem.
  const byStart = new Map<string, number[]>();
  const byKey = new Map<string, number[]>();
  keys.forEach((v, i) => {
    const start = v.key.slice(0, MIN_COGNATE_PREFIX);
    if (start.length === MIN_COGNATE_PREFIX) (byStart.get(start) ?? byStart.set(start, []).get(start)!).push(i);
    (byKey.get(v.key) ?? byKey.set(v.key, []).get(v.key)!).push(i);
  });
  const candidates = (key: string): number[] => {
    const same = byKey.get(key) ?? [];
    const sharing = byStart.get(key.slice(0, MIN_COGNATE_PREFIX)) ?? [];
    return same.length === 0 ? sharing : [...new Set([...same, ...sharing])].sort((a, b) => a - b);
  };
  return (stems) => {
    const out: string[] = [];
    for (const stem of stems) {
      const key = cognateKey(stem);
      if (/^\p{N}+$/u.test(key)) {
        if (known.has(key) && !out.includes(key)) out.push(key);
        continue;
      }
      if (key.length < MIN_COGNATE_LENGTH) continue;
      // Same key ("klas" and "class"), or a long enough shared start that is at least half the word: "gradežništvo"
      // (construction) is no cognate of "grade".
      let best: string | null = null;
      let bestLength = MIN_COGNATE_PREFIX - 1;
      for (const j of candidates(key)) {
        const v = keys[j]!;
        const k = v.key === key ? key.length + 1 : commonPrefix(key, v.key);
        if (k > bestLength && (k > key.length || 2 * k >= key.length)) {
          best = v.stem;
          bestLength = k;
        }
      }
      if (best !== null && !out.includes(best)) out.push(best);
    }
    return out;
  };
}
