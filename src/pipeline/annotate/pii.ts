// Annotate, personal data: where a segment names someone or gives an e-mail address or phone number. What counts
// as personal data is decided in one place, src/privacy/personal-data.ts, which report redaction uses too; this
// file gives it the names to look for (the consultation's people, and those compromise found) and keeps their matchers.
import type { PiiSpan } from '../../model/index.ts';
import { createNameMatcher, dropOverlaps, findPersonalData, type NameMatcher } from '../../privacy/personal-data.ts';
import { tokeniseWithOffsets, type Token } from '../text.ts';
import { looksEnglish } from './language.ts';

// Matchers of the known people, built once per list (the same attendees are looked for in every segment), and of
// the names compromise found in a text (few, and the same sentences recur). Bounded: names accumulate over analyses.
const knownMatchers = new WeakMap<readonly string[], WeakMap<ReadonlySet<string>, NameMatcher | null>>();
const foundMatchers = new Map<string, NameMatcher | null>();
const FOUND_MATCHERS_MAX = 10_000;

function matcherOf(names: readonly string[], ordinary: ReadonlySet<string>): NameMatcher | null {
  let byOrdinary = knownMatchers.get(names);
  if (!byOrdinary) knownMatchers.set(names, (byOrdinary = new WeakMap()));
  let m = byOrdinary.get(ordinary);
  if (m === undefined) {
    m = names.length ? createNameMatcher(names, (w) => ordinary.has(w)) : null;
    byOrdinary.set(ordinary, m);
  }
  return m;
}

/**
 * Personal data in a segment's text, with offsets into that text (see src/privacy/personal-data.ts, the one
 * place that decides): e-mail addresses, phone numbers, and the known people (everyone the consultation names)
 * by full name, first name, surname and initial forms, plus multi-word names compromise found in this text.
 * `ordinary`: words that are ordinary words here (stop words, and name words written in lower case elsewhere):
 * alone, they count as a name only where written as one.
 */
export function findPii(text: string, knownPeople: readonly string[], foundPeople: readonly string[], ordinary: ReadonlySet<string>): PiiSpan[] {
  const spans = findPersonalData(text, matcherOf(knownPeople, ordinary));
  // A single word compromise calls a person is too often not one ("Kudzai" may be, "Korça" is not).
  const found = foundPeople.filter((n) => n.trim().split(/\s+/).length >= 2);
  if (found.length === 0) return spans;
  const key = found.join('\n');
  let m = foundMatchers.get(key);
  if (m === undefined) {
    if (foundMatchers.size >= FOUND_MATCHERS_MAX) foundMatchers.clear();
    // Only the names themselves, not their words alone: compromise may have read a place or a title as a person.
    m = createNameMatcher(found, () => true);
    foundMatchers.set(key, m);
  }
  return dropOverlaps([...spans, ...m!.find(text)]);
}

/** A word written with a capital first letter ("Ana", "UNDP", "Petrović"). */
function capitalised(norm: string, t: Token): boolean {
  const first = norm.charAt(t.start);
  return first !== first.toLowerCase();
}

/**
 * Could this (normalised) text name someone by a name of two or more words? Yes when it has an e-mail sign,
 * or two capitalised words in a row, or with one short joining word between them ("Ana Petrović",
 * "UNDP Serbia", "Ministry of Health"), within one clause; an ordinary word starting a sentence before an
 * acronym ("Run TV spots") does not count. In a large input only such texts go to compromise for people,
 * organisations and places: personal data needs a full name (a single name found is not used, see findPii),
 * and a one-word organisation ("UNDP") is found by the gazetteer in the tag stage. A single capitalised word
 * or acronym ("IT skills", "TV messages", "in Albanian") is not worth compromise's time there.
 * `words`: the text's tokens, when the caller has them.
 */
export function mayNameSomeone(norm: string, enStop: ReadonlySet<string>, words: readonly Token[] = tokeniseWithOffsets(norm)): boolean {
  if (norm.includes('@')) return true;
  const nameWord = (t: Token | undefined): t is Token => t !== undefined && t.token !== 'i' && capitalised(norm, t);
  // An ordinary English word capitalised because it starts a sentence ("Run", "The") ...
  const ordinaryStart = (t: Token): boolean => {
    let p = t.start - 1;
    while (p >= 0 && /[\s"'(\[*•-]/.test(norm.charAt(p))) p--;
    return (p < 0 || /[.!?:;\n]/.test(norm.charAt(p))) && looksEnglish(t.token, enStop);
  };
  // ... followed by an acronym is no name ("Run TV spots"); followed by a capitalised word it may be ("Red Cross").
  const acronym = (t: Token): boolean => /^\p{Lu}{2,}/u.test(norm.slice(t.start, t.end));
  // No sentence or clause break between the words of one name.
  const joined = (a: Token, b: Token): boolean => !/[.!?:;,\n]/.test(norm.slice(a.end, b.start));
  const pair = (a: Token, b: Token): boolean => joined(a, b) && !(acronym(b) && ordinaryStart(a));
  for (let i = 0; i + 1 < words.length; i++) {
    const word = words[i]!;
    if (!nameWord(word)) continue;
    const next = words[i + 1]!;
    if (nameWord(next) && pair(word, next)) return true;
    const after = words[i + 2];
    if (nameWord(after) && next.token.length <= 3 && pair(word, after)) return true;
  }
  return false;
}

// The ordinary words of a context, built once per context's word list (every text of an analysis shares it).
const ordinarySets = new WeakMap<object, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();
const NO_WORDS: readonly string[] = [];

/** The words that count as a name alone only where written as one: English stop words and the context's ordinary name words. */
export function ordinaryWordsOf(ordinaryNameWords: readonly string[] | undefined, enStop: ReadonlySet<string>): ReadonlySet<string> {
  const words = ordinaryNameWords ?? NO_WORDS;
  if (words.length === 0) return enStop;
  let byStop = ordinarySets.get(words);
  if (!byStop) ordinarySets.set(words, (byStop = new WeakMap()));
  let set = byStop.get(enStop);
  if (!set) byStop.set(enStop, (set = new Set([...enStop, ...words])));
  return set;
}
