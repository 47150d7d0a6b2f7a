// Load the editable corpus data (codebook, stakeholder gazetteer, stop words, non-answers) from disk and validate it once.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { AppError } from './errors.ts';
import { escapeRegExp } from './model/regexp.ts';
import { categoryModelFile, codebook as codebookSchema, notesVocabularyFile, sentenceCuesFile, stakeholderGazetteer as gazetteerSchema } from './model/index.ts';
import type { CategoryModel, Codebook, NotesVocabulary, Resources, SentenceCues, StakeholderGazetteer } from './model/index.ts';
import { compileSentenceCues } from './pipeline/sentence-cues.ts';
import { nonAnswerRuleProblem } from './pipeline/segment/non-answers.ts';
import { normaliseText } from './pipeline/text.ts';
import { parseWordVectors, type WordVectors } from './pipeline/word-vectors.ts';

const require = createRequire(import.meta.url);

export type { Resources } from './model/resources.ts';

const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));
/** Category id the tag stage gives segments that fit no category; a codebook may not use it. */
const RESERVED_CATEGORY = 'other';
/** Languages whose stop words also include the Serbian list (closely related, shared function words); "sh" is BCMS as one. */
const SERBIAN_FAMILY = ['sh', 'hr', 'bs', 'cnr'];

/** Format zod issues as "file: path: message" lines a facilitator can act on. */
function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    const message = issue.message.replace(/^Invalid input:\s*/i, '');
    return `${file}: ${path}: ${message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return lines.join('; ') + more;
}

/** Read and parse a JSON file; unreadable or malformed files become a BAD_CODEBOOK error naming the file. */
async function readJson(path: string): Promise<unknown> {
  const file = basename(path);
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'file could not be read';
    throw new AppError('BAD_CODEBOOK', `${file}: ${reason}`, { file, cause: err });
  }
  try {
    return JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('BAD_CODEBOOK', `${file}: not valid JSON (${(err as Error).message})`, { file, cause: err });
  }
}

/** Validate a codebook file's content: the schema, then distinct ids and no reserved id. */
export function parseCodebook(data: unknown, file: string): Codebook {
  const parsed = codebookSchema.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', describeIssues(file, parsed.error), { file });
  const seen = new Set<string>();
  parsed.data.categories.forEach((category, i) => {
    if (category.id === RESERVED_CATEGORY) {
      throw new AppError('BAD_CODEBOOK', `${file}: categories.${i}.id: "${RESERVED_CATEGORY}" is reserved for segments that fit no category`, { file });
    }
    if (seen.has(category.id)) throw new AppError('BAD_CODEBOOK', `${file}: categories.${i}.id: duplicate id "${category.id}"`, { file });
    seen.add(category.id);
  });
  return parsed.data;
}

/** Validate a stakeholder gazetteer file's content. */
export function parseGazetteer(data: unknown, file: string): StakeholderGazetteer {
  const parsed = gazetteerSchema.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', describeIssues(file, parsed.error), { file });
  return parsed.data;
}

/** Words as alternatives of a regular expression (longest first, spaces as any run of spaces); a pattern that never matches for none. */
function alternatives(list: readonly string[]): string | null {
  if (!list.length) return null;
  return [...list].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|');
}

/** A whole heading naming a list of people present, e.g. "Attendees", "List of participants (14)", "The attendees". */
function attendeeHeadingPattern(headings: readonly string[]): RegExp {
  const any = alternatives(headings);
  return any ? new RegExp(`^(?:list of |the )?(?:${any})(?:\\s*\\(.*\\))?$`, 'iu') : /(?!)/;
}

/** A line opening with one of `openers` or holding one of `anywhere`, as whole words. */
function promptPattern(openers: readonly string[], anywhere: readonly string[]): RegExp {
  const parts: string[] = [];
  const open = alternatives(openers);
  const inside = alternatives(anywhere);
  if (open) parts.push(`^(?:${open})(?![\\p{L}\\p{N}])`);
  if (inside) parts.push(`(?<![\\p{L}\\p{N}])(?:${inside})(?![\\p{L}\\p{N}])`);
  return parts.length ? new RegExp(parts.join('|'), 'iu') : /(?!)/;
}

/** A line of attendee table column headers: one of `names` or `others`, then `others` after separators ("Name / Organization / Title:"). */
function tableHeaderPattern(names: readonly string[], others: readonly string[], file: string): RegExp {
  if (!names.length && !others.length) return /(?!)/;
  const other = others.length ? `(?:${others.join('|')})` : null;
  const first = `(?:${[...names, ...others].join('|')})`;
  const source = `^${first}${other ? `(?:(?:\\s*[/,|&]\\s*|\\t|\\s{2,})${other})*` : ''}:?$`;
  try {
    return new RegExp(source, 'i');
  } catch {
    throw new AppError('BAD_CODEBOOK', `${file}: attendeeTableColumns: not a regular expression: ${source}`, { file });
  }
}

/** Validate corpus/notes-vocabulary.json's content; words are normalised and lower-cased. */
export function parseNotesVocabulary(data: unknown, file: string): NotesVocabulary {
  const parsed = notesVocabularyFile.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', describeIssues(file, parsed.error), { file });
  const words = (list: string[]): string[] => list.map((w) => normaliseText(w).trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean);
  return {
    metadataKeys: new Set(words(parsed.data.metadataKeys)),
    groupKeys: words(parsed.data.groupKeys),
    nameParticles: new Set(words(parsed.data.nameParticles)),
    abbreviations: new Set(words(parsed.data.abbreviations)),
    attendeeKeys: new Set(words(parsed.data.attendeeKeys)),
    headCountWords: new Set(words(parsed.data.headCountWords)),
    attendeeHeading: attendeeHeadingPattern(words(parsed.data.attendeeHeadings)),
    attendeeTableHeader: tableHeaderPattern(parsed.data.attendeeTableColumns.names, parsed.data.attendeeTableColumns.others, file),
    formPrompt: promptPattern(words(parsed.data.formPrompts.openers), words(parsed.data.formPrompts.anywhere)),
    answerPrompt: promptPattern(words(parsed.data.answerPrompts.openers), words(parsed.data.answerPrompts.anywhere)),
    titlePrompt: promptPattern(words(parsed.data.titlePrompts.openers), words(parsed.data.titlePrompts.anywhere)),
    logisticsCues: parsed.data.logisticsCues.map((source, i) => {
      try {
        return new RegExp(source, 'iu');
      } catch {
        throw new AppError('BAD_CODEBOOK', `${file}: logisticsCues.${i}: not a regular expression: ${source}`, { file });
      }
    }),
  };
}

/** Validate corpus/sentence-cues.json's content: the schema, then every cue compiles (macros known, regex valid). */
export function parseSentenceCues(data: unknown, file: string): SentenceCues {
  const parsed = sentenceCuesFile.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', describeIssues(file, parsed.error), { file });
  try {
    compileSentenceCues(parsed.data);
  } catch (err) {
    throw new AppError('BAD_CODEBOOK', `${file}: ${(err as Error).message}`, { file, cause: err });
  }
  return parsed.data;
}

/** Validate corpus/category-model.json (the trained category model); a malformed one is a BAD_CODEBOOK error naming the file. */
export function parseCategoryModel(data: unknown, file: string): CategoryModel {
  const parsed = categoryModelFile.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CODEBOOK', describeIssues(file, parsed.error), { file });
  return parsed.data;
}

/** Words of a one-per-line list: trimmed, lower-cased, normalised; blank lines and # comments skipped. */
export function parseWordList(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => normaliseText(line).trim().toLowerCase())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** Stop words per language: corpus/stopwords/<lang>.txt where present, else stopwords-iso; hr/bs also get sr. */
async function loadStopwords(dir: string): Promise<Record<string, Set<string>>> {
  const iso = require('stopwords-iso') as Record<string, string[]>;
  const out: Record<string, Set<string>> = {};
  for (const [lang, words] of Object.entries(iso)) out[lang] = new Set(words.map((w) => normaliseText(w).toLowerCase()));
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((f) => extname(f) === '.txt').sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    out[basename(f, '.txt')] = new Set(parseWordList(await readFile(join(dir, f), 'utf8')));
  }
  const serbian = out.sr;
  if (serbian) {
    for (const lang of SERBIAN_FAMILY) out[lang] = new Set([...(out[lang] ?? []), ...serbian]);
  }
  return out;
}

/** A word list from corpus/, or an empty list when the file is absent. */
async function readOptionalList(path: string): Promise<string[]> {
  try {
    return parseWordList(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return [];
  }
}

/**
 * A non-answer rule list (corpus/non-answers.txt, non-answer-fillers.txt): read as a word list, each rule checked;
 * a malformed rule throws BAD_CODEBOOK naming the file and line ("non-answers.txt line 12: a gap inside brackets...").
 */
async function readRuleList(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return [];
  }
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const problem = nonAnswerRuleProblem(line);
    if (problem) throw new AppError('BAD_CODEBOOK', `${basename(path)} line ${i + 1} ("${line}"): ${problem}`, { file: basename(path) });
  });
  return parseWordList(text);
}

/** Word-vector tables read so far, by folder: 4 MB each, read once per process (they are never changed in place). */
const wordVectorTables = new Map<string, Promise<WordVectors>>();

/** The word-vector table of a corpus folder (corpus/word-vectors/), or undefined when it has none. */
async function loadWordVectors(folder: string): Promise<WordVectors | undefined> {
  const binary = join(folder, 'vectors.bin');
  if (!existsSync(binary)) return undefined;
  let table = wordVectorTables.get(folder);
  if (!table) {
    table = (async () => {
      const [bytes, words, skip] = await Promise.all([readFile(binary), readFile(join(folder, 'words.txt'), 'utf8'), readOptionalList(join(folder, 'skip-words.txt'))]);
      try {
        return parseWordVectors(bytes, words, skip);
      } catch (err) {
        throw new AppError('BAD_CODEBOOK', `word-vectors/vectors.bin: ${(err as Error).message}`, { file: 'vectors.bin', cause: err });
      }
    })();
    wordVectorTables.set(folder, table);
    table.catch(() => wordVectorTables.delete(folder));
  }
  return table;
}

/**
 * Load and validate the corpus data. `corpusDir` defaults to the repository's corpus/; `codebookPath`
 * replaces corpus/codebook.json. A bad codebook or gazetteer throws AppError('BAD_CODEBOOK') with a
 * message naming the file and the field, e.g. "my-codebook.json: categories.2.keywords: expected array, received string".
 */
export async function loadResources(options: { corpusDir?: string; codebookPath?: string } = {}): Promise<Resources> {
  const dir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const codebookPath = options.codebookPath ?? join(dir, 'codebook.json');
  const codebookFile = basename(codebookPath);
  const rawCodebook = await readJson(codebookPath);
  const codebook = parseCodebook(rawCodebook, codebookFile);
  const explicitName = typeof (rawCodebook as { name?: unknown }).name === 'string' ? (rawCodebook as { name: string }).name : null;
  const codebookName = explicitName ?? basename(codebookFile, extname(codebookFile));
  const gazetteerPath = join(dir, 'stakeholders.json');
  const gazetteer = parseGazetteer(await readJson(gazetteerPath), basename(gazetteerPath));
  const stopwords = await loadStopwords(join(dir, 'stopwords'));
  const nonAnswers = await readRuleList(join(dir, 'non-answers.txt'));
  // A corpus folder without its own filler words uses the shipped ones.
  const ownFillers = join(dir, 'non-answer-fillers.txt');
  const nonAnswerFillers = await readRuleList(existsSync(ownFillers) ? ownFillers : join(DEFAULT_CORPUS_DIR, 'non-answer-fillers.txt'));
  const genericWords = new Set(await readOptionalList(join(dir, 'generic-words.txt')));
  // A corpus folder without its own notes vocabulary uses the shipped one.
  const ownVocabulary = join(dir, 'notes-vocabulary.json');
  const vocabularyPath = existsSync(ownVocabulary) ? ownVocabulary : join(DEFAULT_CORPUS_DIR, 'notes-vocabulary.json');
  const notesVocabulary = parseNotesVocabulary(await readJson(vocabularyPath), basename(vocabularyPath));
  const ownCues = join(dir, 'sentence-cues.json');
  const cuesPath = existsSync(ownCues) ? ownCues : join(DEFAULT_CORPUS_DIR, 'sentence-cues.json');
  const sentenceCues = parseSentenceCues(await readJson(cuesPath), basename(cuesPath));
  const ownModel = join(dir, 'category-model.json');
  const modelPath = existsSync(ownModel) ? ownModel : join(DEFAULT_CORPUS_DIR, 'category-model.json');
  const categoryModel = existsSync(modelPath) ? parseCategoryModel(await readJson(modelPath), basename(modelPath)) : undefined;
  const ownVectors = join(dir, 'word-vectors');
  const wordVectors = await loadWordVectors(existsSync(join(ownVectors, 'vectors.bin')) ? ownVectors : join(DEFAULT_CORPUS_DIR, 'word-vectors'));
  return {
    codebook,
    codebookName,
    gazetteer,
    stopwords,
    nonAnswers,
    nonAnswerFillers,
    genericWords,
    notesVocabulary,
    sentenceCues,
    ...(categoryModel ? { categoryModel } : {}),
    ...(wordVectors ? { wordVectors } : {}),
  };
}
