// Label meaning: how close a candidate phrase's meaning (mean word vector) is to what a theme's members say, so a
// label names what they share ("Cost of a laptop" is not the label of answers about harassment). Pure.
import { meanMeaning, type WordVectors } from './word-vectors.ts';
import { tokenise } from './text.ts';
import { mostCommonSurface, type Candidate } from './label-candidates.ts';

/** Meanings of a scope's texts and phrases. */
export interface LabelMeanings {
  /** The mean meaning of item i's text (null: no word the table knows); see textMeaning. */
  ofItem: (i: number) => Float32Array | null;
  /** The mean meaning of a phrase as written (remembered as texts are: the same phrases come up in several themes). */
  ofPhrase: (phrase: string) => Float32Array | null;
}

// The mean meaning of a segment's text is asked for by the clustering (joinMeanings) and by the labels of its theme,
// of its scope and of its sub-themes: each text's is computed once per table, and shared (never changed in place).
// Bounded; cleared when full.
const textMeanings = new WeakMap<WordVectors, Map<string, Float32Array | null>>();
const TEXT_MEANINGS_MAX = 20_000;

/** The mean meaning of a text's words (stop words left out), remembered per table; null when it knows none. */
export function textMeaning(table: WordVectors, text: string): Float32Array | null {
  let known = textMeanings.get(table);
  if (!known) textMeanings.set(table, (known = new Map()));
  let v = known.get(text);
  if (v === undefined) {
    if (known.size >= TEXT_MEANINGS_MAX) known.clear();
    known.set(text, (v = meanMeaning(table, tokenise(text), table.skip)));
  }
  return v;
}

export function labelMeanings(texts: (i: number) => string, table: WordVectors): LabelMeanings {
  return { ofItem: (i) => textMeaning(table, texts(i)), ofPhrase: (p) => textMeaning(table, p) };
}

/** The unit mean of some unit vectors (null when none). */
export function centreOf(vectors: Iterable<Float32Array | null>): Float32Array | null {
  let sum: Float32Array | null = null;
  for (const v of vectors) {
    if (!v) continue;
    sum ??= new Float32Array(v.length);
    for (let d = 0; d < v.length; d++) sum[d]! += v[d]!;
  }
  if (!sum) return null;
  let norm = 0;
  for (let d = 0; d < sum.length; d++) norm += sum[d]! * sum[d]!;
  if (norm === 0) return null;
  norm = Math.sqrt(norm);
  for (let d = 0; d < sum.length; d++) sum[d]! /= norm;
  return sum;
}

/** The cosine of (v - origin) and (towards - origin): does v lean from the origin the way `towards` does? */
export function contrast(v: Float32Array, towards: Float32Array, origin: Float32Array): number {
  let dot = 0;
  let nv = 0;
  let nt = 0;
  for (let d = 0; d < v.length; d++) {
    const a = v[d]! - origin[d]!;
    const b = towards[d]! - origin[d]!;
    dot += a * b;
    nv += a * a;
    nt += b * b;
  }
  return nv === 0 || nt === 0 ? 0 : dot / Math.sqrt(nv * nt);
}

/**
 * How much a phrase's meaning counts for or against it as a label: its score is multiplied by 1 + this x the
 * contrast (-1 to 1). 0.5 measured best of 0.5 and 1 on the development sets (docs/quality.md, session 12).
 */
const MEANING_WEIGHT = 0.5;

/**
 * A factor on a candidate's score: above 1 when the phrase's meaning (its words' mean vector) leans away from the
 * scope's mean meaning (`scopeCentre`, asked once) the way the theme's members do (it names what they share), below 1
 * when it leans elsewhere ("Online harassment" for answers most of which are about the cost of laptops). 1 for a phrase
 * of words the table does not know. Sub-themes: the scope is their theme, so a phrase is weighed against the sibling
 * sub-themes.
 */
export function meaningFitOf(meaning: LabelMeanings, members: readonly number[], scopeCentre: () => Float32Array | null): (c: Candidate) => number {
  const centre = centreOf(members.map((i) => meaning.ofItem(i)));
  const origin = scopeCentre();
  if (!centre || !origin) return () => 1;
  const memo = new Map<string, number>();
  return (c) => {
    let fit = memo.get(c.key);
    if (fit === undefined) {
      const v = meaning.ofPhrase(mostCommonSurface(c));
      memo.set(c.key, (fit = v ? 1 + MEANING_WEIGHT * contrast(v, centre, origin) : 1));
    }
    return fit;
  };
}
