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

/** What compromise reads in a text, as it writes it: nouns, adjective-noun runs, people, organisations, places. */
export interface CompromiseReading {
  /** Empty when the noun phrases were not asked for. */
  nouns: string[];
  /** `#Adjective* #Noun+` runs; empty when the noun phrases were not asked for. */
  adjectiveNouns: string[];
  people: string[];
  organisations: string[];
  places: string[];
}

/** Longer texts are cut to their first this many characters before compromise reads them (its cost grows with the words). */
const MAX_CHARS = 4000;

/** compromise's reading of one text; `withPhrases` false skips the noun phrases (the costliest part). */
export function readWithCompromise(text: string, withPhrases = true): CompromiseReading {
  const doc = nlp()(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  return {
    nouns: withPhrases ? (doc.nouns().out('array') as string[]) : [],
    adjectiveNouns: withPhrases ? (doc.match('#Adjective* #Noun+').out('array') as string[]) : [],
    people: doc.people().out('array') as string[],
    organisations: doc.organizations().out('array') as string[],
    places: doc.places().out('array') as string[],
  };
}
