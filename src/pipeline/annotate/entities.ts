// Annotate, entities: noun phrases, people, organisations and places of an English text, read by compromise.
import { organisationKind } from '../tag/index.ts';
import { normaliseText } from '../text.ts';
import { entityWords } from '../word-lists.ts';
import { readWithCompromise, type CompromiseReading } from './compromise.ts';

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

/** The noun phrases of compromise's nouns and adjective-noun runs, cleaned, distinct. */
function nounPhrasesIn(raw: readonly string[], stop: ReadonlySet<string>): string[] {
  const phrases: string[] = [];
  for (const r of raw) {
    const p = cleanNounPhrase(r, stop);
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
  const reading = readWithCompromise(text, true);
  return nounPhrasesIn([...reading.nouns, ...reading.adjectiveNouns], stop);
}

/** Harvest's entities from compromise's reading of a text: cleaned, distinct, organisations read as people left out. */
export function entitiesOfReading(reading: CompromiseReading, stop: ReadonlySet<string>, withPhrases = true): Entities {
  const clean = (list: string[]): string[] => distinct(list.map(cleanEntity).filter((s) => /\p{L}{2}/u.test(s)));
  return {
    nounPhrases: withPhrases ? nounPhrasesIn([...reading.nouns, ...reading.adjectiveNouns], stop) : [],
    // compromise reads some organisation names as people ("Udruzenje zena Pescanik"); their words give them away.
    people: clean(reading.people).filter((p) => organisationKind(p) === null),
    organisations: clean(reading.organisations),
    places: clean(reading.places),
  };
}

/**
 * Noun phrases and named entities from compromise (English only: it earns its cost there).
 * `withPhrases` false skips the noun phrases (the costliest part) and finds only people, organisations and places.
 */
export function englishEntities(text: string, stop: ReadonlySet<string>, withPhrases = true): Entities {
  return entitiesOfReading(readWithCompromise(text, withPhrases), stop, withPhrases);
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
