// Cross-language glossary (corpus/glossary.json): the English stems an answer in BCMS, Albanian, Macedonian or Italian shares with English answers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { own } from '../model/dict.ts';
import { glossaryFile } from '../model/glossary.ts';
import { normaliseText, stemmerFor } from './text.ts';

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
        const key = phraseStems(form, lang, stopwords).join(' ');
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
  for (let i = 0; i < stems.length; i++) {
    if (i + 1 < stems.length && add(table.get(`${stems[i]} ${stems[i + 1]}`))) {
      i++;
      continue;
    }
    add(table.get(stems[i]!));
  }
  return out;
}
