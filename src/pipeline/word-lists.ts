// The word lists of corpus/ the pure stages read as shipped data (entity-words.json, phrase-words.json), each read
// and validated once where it is used: annotation runs in worker threads too, as for corpus/languages.json and
// corpus/action-words.json.
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { entityWordsFile, labelWordsFile, phraseWordsFile, type EntityWordsFile, type LabelWordsFile, type PhraseWordsFile } from '../model/index.ts';

const require = createRequire(import.meta.url);
const read = new Map<string, unknown>();

/** A shipped corpus/ file parsed with its schema, once. */
function shipped<T>(file: string, schema: z.ZodType<T>): T {
  if (!read.has(file)) read.set(file, schema.parse(require(`../../corpus/${file}`)));
  return read.get(file) as T;
}

/** corpus/entity-words.json: organisation types by their words, pronouns. */
export function entityWords(): EntityWordsFile {
  return shipped('entity-words.json', entityWordsFile);
}

/** corpus/phrase-words.json: the words that end a noun phrase's head, the elided articles. */
export function phraseWords(): PhraseWordsFile {
  return shipped('phrase-words.json', phraseWordsFile);
}

/** corpus/label-words.json: words that say when or who, not what (dates, roles). */
export function labelWords(): LabelWordsFile {
  return shipped('label-words.json', labelWordsFile);
}
