// Annotate, entities: noun phrases, people, organisations and places of an English text, read by compromise.
import { createRequire } from 'node:module';
import type Compromise from 'compromise';
import { organisationKind } from '../tag/index.ts';
import { normaliseText } from '../text.ts';
import { entityWords } from '../word-lists.ts';

const require = createRequire(import.meta.url);

export type Nlp = typeof Compromise;
let compromise: Nlp | null = null;
/**
 * compromise, loaded when first used (a server that has not analysed yet, or a worker, need not load it), from
 * its one-file CommonJS build: the same version as its ES-module entry, whose 400-odd files take about twice as
 * long to load (0.4 against 0.2 s).
 */
export function nlp(): Nlp {
  return (compromise ??= require('compromise') as Nlp);
}

const LEADING_JUNK = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Trim punctuation around an entity or phrase and collapse spaces. */
function cleanEntity(s: string): string {
  return normaliseText(s).replace(/\s+/g, ' ').replace(LEADING_JUNK, '').replace(/'s$/, '').trim();
}

/** Words trimmed from either end of a noun phrase, like stop words (corpus/entity-words.json). */
const PRONOUNS: ReadonlySet<string> = new Set(entityWords().pronouns);

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

export interface Entities {
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
export function englishEntities(text: string, stop: ReadonlySet<string>, withPhrases = true): Entities {
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
export function namedEntities(text: string, stop: ReadonlySet<string>): Entities {
  let found = namedMemo.get(text);
  if (!found) {
    if (namedMemo.size >= NAMED_MEMO_MAX) namedMemo.clear();
    namedMemo.set(text, (found = englishEntities(text, stop, false)));
  }
  return { nounPhrases: [...found.nounPhrases], people: [...found.people], organisations: [...found.organisations], places: [...found.places] };
}
