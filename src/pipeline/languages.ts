// The language table of corpus/languages.json: one name per language (BCMS for Serbian, Croatian, Bosnian, Montenegrin), its marker words, and the script a quote is written in.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { languagesFile } from '../model/languages.ts';
import { normaliseText } from './text.ts';

const LANGUAGES_PATH = fileURLToPath(new URL('../../corpus/languages.json', import.meta.url));

interface LanguageTable {
  /** Code (or alias) -> the code Harvest reports ("sr" -> "sh"). */
  canonical: Map<string, string>;
  /** Code -> display name. */
  names: Map<string, string>;
  /** Code -> its marker words, lower-case. */
  markers: Map<string, ReadonlySet<string>>;
}

let table: LanguageTable | null = null;

/**
 * The shipped language table, read once (the annotate stage runs in worker threads too, so it is read where it
 * is used rather than passed along). A malformed file is a BAD_CODEBOOK error naming it.
 */
export function languageTable(): LanguageTable {
  if (table) return table;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(LANGUAGES_PATH, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_CODEBOOK', `languages.json: could not be read (${(err as Error).message})`, { file: 'languages.json', cause: err });
  }
  const parsed = languagesFile.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', `languages.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file: 'languages.json' });
  const t: LanguageTable = { canonical: new Map(), names: new Map(), markers: new Map() };
  for (const [code, lang] of Object.entries(parsed.data.languages)) {
    t.canonical.set(code, code);
    for (const alias of lang.aliases) t.canonical.set(alias, code);
    t.names.set(code, lang.name);
    if (lang.markers.length) t.markers.set(code, new Set(lang.markers.map((w) => normaliseText(w).toLowerCase())));
  }
  table = t;
  return t;
}

/** The code Harvest reports for a code: "sr", "hr", "bs", "cnr" -> "sh" (BCMS); others unchanged. */
export function canonicalLanguage(code: string): string {
  return languageTable().canonical.get(code) ?? code;
}

/** A language's display name ("BCMS", "Macedonian"), or the code itself when the table does not know it. */
export function languageDisplayName(code: string): string {
  const t = languageTable();
  return t.names.get(t.canonical.get(code) ?? code) ?? code;
}

/** "Latin" or "Cyrillic" when most of the text's letters are in that script, else null. */
export function scriptOf(text: string): 'Latin' | 'Cyrillic' | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic > letters / 2) return 'Cyrillic';
  if (latin > letters / 2) return 'Latin';
  return null;
}

/**
 * How a quote in another language than `main` is marked: "BCMS, Cyrillic", "Macedonian", "Italian"; null for
 * the main language and undetermined texts. The script is named only for BCMS, the one written in both.
 */
export function quoteLanguage(code: string, text: string, main = 'en'): string | null {
  const lang = canonicalLanguage(code);
  if (lang === canonicalLanguage(main) || lang === 'und' || lang === '') return null;
  const name = languageDisplayName(lang);
  const script = lang === 'sh' ? scriptOf(text) : null;
  return script ? `${name}, ${script}` : name;
}
