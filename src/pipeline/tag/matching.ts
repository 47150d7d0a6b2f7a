// Tag: finding terms in a text fast: runs of ASCII letters where a match can begin, sticky regexes tried only there,
// and the longest of overlapping matches kept.
import type { Token } from '../text.ts';

/** A regex's sticky twin: it matches only at its lastIndex. */
export function stickyTwin(re: RegExp): RegExp {
  return new RegExp(re.source, `${re.flags.replace('g', '')}y`);
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Runs of ASCII letters/digits in a text, lower-cased, with their offsets: a match of a pattern or acronym starts at one. */
const ASCII_RUN = /[a-z0-9]+/gi;
/** ASCII text without an apostrophe or hyphen: its word tokens are exactly its runs of ASCII letters/digits. */
const ASCII_NO_APOSTROPHE_OR_HYPHEN = /^[\x00-\x26\x28-\x2C\x2E-\x7F]*$/;

export function asciiRuns(norm: string, tokens: readonly Token[]): readonly Token[] {
  if (ASCII_NO_APOSTROPHE_OR_HYPHEN.test(norm)) return tokens;
  return Array.from(norm.matchAll(ASCII_RUN), (m) => ({ token: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/**
 * Every match of the terms filed in `byKey` under the runs where their match can begin: each term's
 * sticky regex is tried at those runs only, left to right, and not again inside its last match, which
 * finds exactly what a global search of the whole text would (that cannot begin anywhere else).
 */
export function matchAtRuns<T>(
  norm: string,
  runs: readonly Token[],
  byKey: ReadonlyMap<string, T[]>,
  stickyOf: (term: T) => RegExp,
  found: (term: T, m: RegExpExecArray) => void,
): void {
  let endOfLast: Map<T, number> | null = null;
  for (const run of runs) {
    const terms = byKey.get(run.token);
    if (!terms) continue;
    for (const term of terms) {
      if (run.start < (endOfLast?.get(term) ?? 0)) continue;
      const re = stickyOf(term);
      re.lastIndex = run.start;
      const m = re.exec(norm);
      if (!m) continue;
      found(term, m);
      (endOfLast ??= new Map()).set(term, m.index + m[0].length);
    }
  }
}

/** Sort matches into the order a scan of every term in turn finds them (term by term, then by position). */
export function inScanOrder<T extends { order: number; start: number }>(matches: T[]): T[] {
  return matches.sort((a, b) => a.order - b.order || a.start - b.start);
}

export interface Span {
  start: number;
  end: number;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Keep the longest of overlapping matches (then the earliest), returned in text order. */
export function longestFirst<T extends Span>(matches: T[], tieBreak: (a: T, b: T) => number = () => 0): T[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || tieBreak(a, b) || a.start - b.start);
  const kept: T[] = [];
  for (const m of sorted) if (!kept.some((k) => overlaps(k, m))) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

/** Occurrences of a word sequence in a token sequence, as token index ranges. */
export function findSequence(haystack: readonly string[], needle: readonly string[]): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}
