// Annotate, compromise: the library loaded when first needed, and what it reads of one English text (its raw lists,
// before Harvest cleans them). Kept apart from entities.ts so a helper thread can read texts loading compromise alone.
import { createRequire } from 'node:module';
import type Compromise from 'compromise';

const require = createRequire(import.meta.url);

export type Nlp = typeof Compromise;
let compromise: Nlp | null = null;
/**
 * compromise, loaded when first used (a server that has not analysed yet, or a worker, need not load it), from
 * its one-file CommonJS build: the same version as its ES-module entry, whose 400-odd files take about twice as
 * long to load (0.4 against 0.2 s).
 */
export function nlp(): Nlp {
  if (!compromise) {
    compromise = require('compromise') as Nlp;
    rememberParsedMatches(compromise);
  }
  return compromise;
}

type ParseMatch = (input: unknown, opts: object | undefined, world: unknown) => unknown;
/** At most this many match strings are remembered (they come from code: compromise's own and Harvest's). */
const PARSED_MAX = 2_000;

/**
 * compromise parses a match string ("#Adjective* #Noun+", and the dozens its nouns(), clauses(), people()... use
 * inside) again on every call: about a fifth of its reading of a text. Each string is parsed once here (through
 * `methods()`, compromise's own place for a plugin to replace one of its methods; only strings parsed without
 * options). The matcher only reads the parsed form, but growLeft, growRight and join mark its first or last token
 * (`start`, `end`): so each call gets its own copy of the tokens (what they hold is shared: nothing writes there).
 */
function rememberParsedMatches(lib: Nlp): void {
  const one = (lib.methods() as { one?: { parseMatch?: ParseMatch } }).one;
  const parse = one?.parseMatch;
  if (!one || typeof parse !== 'function') return;
  const parsed = new Map<string, unknown>();
  one.parseMatch = (input, opts, world) => {
    if (typeof input !== 'string' || (opts !== undefined && opts !== null && Object.keys(opts).length > 0)) return parse(input, opts, world);
    let regs = parsed.get(input);
    if (regs === undefined) {
      if (parsed.size >= PARSED_MAX) parsed.clear();
      parsed.set(input, (regs = parse(input, opts, world)));
    }
    return Array.isArray(regs) ? regs.map((token: unknown) => (token !== null && typeof token === 'object' ? { ...token } : token)) : regs;
  };
}

/** A text's words as compromise tags them in their sentences: each word as written (with its punctuation), and its tags. */
export type TaggedTerms = readonly { text: string; tags: readonly string[] }[];

/** The words of a read document and their tags, as they are now (compromise's own terms, not its costly JSON). */
export function taggedTermsOf(doc: { docs: readonly (readonly { pre: string; text: string; post: string; tags: Set<string> }[])[] }): TaggedTerms {
  const out: { text: string; tags: string[] }[] = [];
  for (const sentence of doc.docs) for (const term of sentence) out.push({ text: `${term.pre}${term.text}${term.post}`.trim(), tags: [...term.tags] });
  return out;
}

/** Texts read with their tags kept (see TAGGED_CHARS): annotation's reading, which the label grammar reads again. */
const taggedTexts = new Map<string, TaggedTerms>();
/** At most this many texts' tags are kept. */
const TAGGED_MAX = 5_000;
/**
 * Only texts of at most this many characters keep their tags: the label grammar reads a text's first this many
 * (`USE_CHARS` in label-grammar.ts), and a shorter cut of a longer text is tagged as its own text.
 */
export const TAGGED_CHARS = 1000;

/** Keep a text's tags (a bounded store: cleared when full). */
export function rememberTagged(text: string, terms: TaggedTerms): void {
  if (taggedTexts.size >= TAGGED_MAX) taggedTexts.clear();
  taggedTexts.set(text, terms);
}

/** A text's tags when it was read already (by annotation or the label grammar), else undefined. */
export function taggedOf(text: string): TaggedTerms | undefined {
  return taggedTexts.get(text);
}

/** What compromise reads in a text, as it writes it: nouns, adjective-noun runs, people, organisations, places. */
export interface CompromiseReading {
  /** Empty when the noun phrases were not asked for. */
  nouns: string[];
  /** `#Adjective* #Noun+` runs; empty when the noun phrases were not asked for. */
  adjectiveNouns: string[];
  people: string[];
  organisations: string[];
  places: string[];
  /** Its words and their tags (see taggedTermsOf), when asked, for a text of at most TAGGED_CHARS characters read with its noun phrases. */
  terms?: TaggedTerms;
}

/** Longer texts are cut to their first this many characters before compromise reads them (its cost grows with the words). */
const MAX_CHARS = 4000;

/**
 * compromise's reading of one text; `withPhrases` false skips the noun phrases (the costliest part); `withTerms` keeps
 * its words' tags too (annotation: the label grammar reads the same texts' tags again).
 */
export function readWithCompromise(text: string, withPhrases = true, withTerms = false): CompromiseReading {
  const doc = nlp()(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  // (Taken before the noun phrases are read: the tags as the label grammar sees them in a text it reads itself.)
  const terms = withTerms && withPhrases && text.length <= TAGGED_CHARS ? taggedTermsOf(doc as unknown as Parameters<typeof taggedTermsOf>[0]) : undefined;
  return {
    nouns: withPhrases ? (doc.nouns().out('array') as string[]) : [],
    adjectiveNouns: withPhrases ? (doc.match('#Adjective* #Noun+').out('array') as string[]) : [],
    people: doc.people().out('array') as string[],
    organisations: doc.organizations().out('array') as string[],
    places: doc.places().out('array') as string[],
    ...(terms ? { terms } : {}),
  };
}
