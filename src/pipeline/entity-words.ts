// corpus/entity-words.json, read and validated once where it is used (annotation runs in worker threads too, as
// for corpus/languages.json and corpus/action-words.json): organisation types by their words, pronouns.
import { createRequire } from 'node:module';
import { entityWordsFile, type EntityWordsFile } from '../model/index.ts';

const require = createRequire(import.meta.url);
let shipped: EntityWordsFile | null = null;

/** The shipped entity words. */
export function entityWords(): EntityWordsFile {
  shipped ??= entityWordsFile.parse(require('../../corpus/entity-words.json'));
  return shipped;
}
