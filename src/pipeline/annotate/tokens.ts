// Annotate, tokens: a text's content tokens, their stems and in-clause bigrams; and equal words of many
// annotations (or codings) made one string, to save memory on large inputs.
import type { Annotation, Coding } from '../../model/index.ts';
import type { Token } from '../text.ts';

// Clause boundaries for bigrams: punctuation that ends a phrase, and a dash between spaces.
const CLAUSE_BREAK = /[.,;:!?()[\]{}"…|\/•]|\s-\s|\n/g;

export interface ContentTokens {
  tokens: string[];
  stems: string[];
  bigrams: string[];
}

/** Content tokens (stop words, 1-letter tokens and numbers dropped), their stems and in-clause stem bigrams. */
export function contentTokens(norm: string, words: readonly Token[], stop: ReadonlySet<string>, stem: (w: string) => string): ContentTokens {
  const tokens: string[] = [];
  const stems: string[] = [];
  const bigrams: string[] = [];
  const breaks = [...norm.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  let clause = 0;
  let breakAt = 0;
  let prev: { stem: string; clause: number } | null = null;
  for (const t of words) {
    while (breakAt < breaks.length && breaks[breakAt]! < t.start) {
      clause++;
      breakAt++;
    }
    const word = t.token;
    if ([...word].length < 2 || /^\p{N}+$/u.test(word) || stop.has(word)) continue;
    const s = stem(word);
    tokens.push(word);
    stems.push(s);
    if (prev && prev.clause === clause) bigrams.push(`${prev.stem}_${s}`);
    prev = { stem: s, clause };
  }
  return { tokens, stems, bigrams };
}

/**
 * Make equal words one string: each annotation holds its own copies of its tokens, stems and bigrams (and a
 * worker's come back as copies), about 4.5 million strings for 100,000 answers but fewer than 10,000 distinct.
 * Sharing them saves about 110 MB of heap there, which every later stage and garbage collection feels. In place.
 */
export function shareWords(annotations: Annotation[]): Annotation[] {
  const share = listSharer();
  for (const a of annotations) {
    share(a.tokens);
    share(a.stems);
    share(a.bigrams);
    share(a.nounPhrases);
  }
  return annotations;
}

/** One string for each distinct value: returns the first string seen equal to `s`. */
function stringSharer(): (s: string) => string {
  const known = new Map<string, string>();
  return (s) => {
    const k = known.get(s);
    if (k !== undefined) return k;
    known.set(s, s);
    return s;
  };
}

/** stringSharer over lists, in place. */
function listSharer(one: (s: string) => string = stringSharer()): (list: string[]) => void {
  return (list) => {
    for (let i = 0; i < list.length; i++) list[i] = one(list[i]!);
  };
}

/**
 * Make equal strings of codings one string: a worker's codings come back as copies (categories, stakeholder
 * types and evidence lines, a few hundred distinct among half a million). In place.
 */
export function shareCodingStrings(codings: Coding[]): Coding[] {
  const one = stringSharer();
  const all = listSharer(one);
  for (const c of codings) {
    c.category = one(c.category);
    all(c.secondary);
    all(c.stakeholderTypes);
    all(c.evidence);
  }
  return codings;
}
