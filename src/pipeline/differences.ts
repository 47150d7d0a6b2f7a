// Who said it differently: for each scope and each attribute of its segments (organisation type, country, breakout
// group, language...), which themes one group raised more or less often than everyone else, with a test on each
// theme x group table (Fisher's exact where counts are small, else chi-square), a Benjamini-Hochberg correction over every
// test of the synthesis, and the effect size (the two shares and their ratio). Pure: it reads the synthesis and nothing else.
import { groupingValues, type AnalysedSegment, type Synthesis } from '../model/index.ts';

/** A group needs this many segments in the scope (and so do the others together) for its shares to be compared. */
export const MIN_GROUP = 5;
/** A theme needs this many segments in the scope to be compared across groups. */
export const MIN_THEME = 5;
/** An attribute with more values than this in a scope is an identifier or free text, not a grouping. */
export const MAX_GROUPS = 12;
/** The false discovery rate of the claims (Benjamini-Hochberg over all the tests made). */
export const ALPHA = 0.05;

/** One theme of one scope, in one group against all the others, that passed the corrected test. */
export interface Difference {
  scopeId: string;
  themeId: string;
  attribute: string;
  group: string;
  /** The attribute is a multi-choice question: the group ticked the option, the others answered it without ticking it. */
  ticked?: true;
  /** Segments of the group in the scope, and of those in the theme. */
  groupSegments: number;
  groupInTheme: number;
  /** The same for every other segment of the scope that has a value for the attribute. */
  restSegments: number;
  restInTheme: number;
  /** groupInTheme / groupSegments and restInTheme / restSegments. */
  groupShare: number;
  restShare: number;
  /** groupShare / restShare (Infinity when the others never raised it). */
  ratio: number;
  test: 'fisher' | 'chi-square';
  /** The test's p-value, and after the correction for the number of tests (Benjamini-Hochberg). */
  p: number;
  pAdjusted: number;
  /**
   * Where the attribute has three or more groups: the other groups this one differs from on its own, each tested
   * on the two groups' table after the claim passed (post hoc; corrected over all such tests of the synthesis).
   */
  pairs: PairDifference[];
}

/** One group of a claim against one other group of the same attribute (not everyone else), that passed the post-hoc test. */
export interface PairDifference {
  other: string;
  otherSegments: number;
  otherInTheme: number;
  otherShare: number;
  /** The claim's groupShare / otherShare (Infinity when the other group never raised it). */
  ratio: number;
  test: 'fisher' | 'chi-square';
  p: number;
  pAdjusted: number;
}

export interface DifferencesResult {
  /** Claims that pass the corrected test, strongest evidence first. */
  differences: Difference[];
  /** How many theme x group tables were tested (the correction's denominator). */
  tests: number;
}

// ---------- the tests on a 2x2 table ----------

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/** log P(a) of the hypergeometric distribution of the 2x2 table [[a, b], [c, d]] with its margins fixed. */
function logTableProbability(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  return logFactorial(a + b) + logFactorial(c + d) + logFactorial(a + c) + logFactorial(b + d) - logFactorial(n) - logFactorial(a) - logFactorial(b) - logFactorial(c) - logFactorial(d);
}

/**
 * Fisher's exact test, two-sided, of the 2x2 table [[a, b], [c, d]]: the probability of every table with the same
 * margins that is no more probable than this one.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const lo = Math.max(0, row1 + col1 - n);
  const hi = Math.min(row1, col1);
  const observed = logTableProbability(a, b, c, d);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logTableProbability(x, row1 - x, col1 - x, n - row1 - col1 + x);
    // A relative tolerance, as R and SciPy use, so tables as probable as the observed one count despite rounding.
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** The complementary error function (Chebyshev fit, fractional error under 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(X >= x) for a chi-square variable with one degree of freedom. */
export function chiSquareSurvival1(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Pearson's chi-square test of the 2x2 table (without continuity correction), its p-value. */
export function chiSquare2x2(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  const den = (a + b) * (c + d) * (a + c) * (b + d);
  if (den === 0) return 1;
  return chiSquareSurvival1((n * (a * d - b * c) ** 2) / den);
}

/** The test for a 2x2 table: Fisher's exact when an expected count is under 5 (or the table is small), else chi-square. */
export function testTable(a: number, b: number, c: number, d: number): { test: Difference['test']; p: number } {
  const n = a + b + c + d;
  const expectedMin = Math.min((a + b) * (a + c), (a + b) * (b + d), (c + d) * (a + c), (c + d) * (b + d)) / n;
  if (expectedMin < 5 || n <= 1000) return { test: 'fisher', p: fisherExact(a, b, c, d) };
  return { test: 'chi-square', p: chiSquare2x2(a, b, c, d) };
}

/**
 * Benjamini and Hochberg's step-up adjustment: q-values in the input order. Claims with q < ALPHA keep the expected
 * share of false claims among them under ALPHA, however many tables were tested.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const [p, i] = order[rank]!;
    running = Math.min(running, (m * p) / (rank + 1));
    adjusted[i] = running;
  }
  return adjusted;
}

// ---------- the tables of a synthesis ----------

/**
 * The groupings of a scope's segments: each attribute (and the language, where there are several) -> segment -> its
 * values: one, or the options ticked in a multi-choice question (a segment is then in the group of each).
 */
function groupings(segments: readonly AnalysedSegment[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  const put = (attribute: string, segmentId: string, value: string): void => {
    let values = out.get(attribute);
    if (!values) out.set(attribute, (values = new Map()));
    const held = values.get(segmentId);
    if (held) held.push(value);
    else values.set(segmentId, [value]);
  };
  for (const seg of segments) {
    for (const [attribute, value] of groupingValues(seg)) if (attribute !== 'document') put(attribute, seg.id, value);
    if (seg.annotation.language !== 'und') put('language', seg.id, seg.annotation.language);
  }
  return out;
}

/** The themes each group of each attribute raised more or less often than the others, tested and corrected (see the top). */
export function findDifferences(s: Synthesis): DifferencesResult {
  const byId = new Map(s.segments.map((seg) => [seg.id, seg]));
  const candidates: Omit<Difference, 'pAdjusted'>[] = [];
  // The group sizes and theme counts of each candidate whose attribute has three or more groups (for the pairs).
  const pairTables = new Map<number, { sizes: Map<string, number>; inTheme: Map<string, number> }>();
  for (const scope of s.scopes) {
    const themes = scope.themes.filter((t) => !t.isOther);
    const members = scope.themes.flatMap((t) => t.segmentIds.map((id) => byId.get(id)).filter((x): x is AnalysedSegment => x !== undefined));
    for (const [attribute, valuesOf] of groupings(members)) {
      const sizes = new Map<string, number>();
      let ticked = false;
      for (const values of valuesOf.values()) {
        for (const value of values) sizes.set(value, (sizes.get(value) ?? 0) + 1);
        if (values.length > 1) ticked = true;
      }
      // A multi-choice question compares those who ticked an option with those who answered it otherwise: one option is a comparison too.
      if (sizes.size < (ticked ? 1 : 2) || sizes.size > MAX_GROUPS) continue;
      const total = valuesOf.size;
      for (const theme of themes) {
        const inTheme = new Map<string, number>();
        let themeTotal = 0;
        for (const id of theme.segmentIds) {
          const values = valuesOf.get(id);
          if (values === undefined) continue;
          for (const value of values) inTheme.set(value, (inTheme.get(value) ?? 0) + 1);
          themeTotal++;
        }
        if (themeTotal < MIN_THEME) continue;
        // With two groups, one against the other is one table: test it once (for the first group). Ticked options overlap: each is its own table.
        const groups = [...sizes].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, sizes.size === 2 && !ticked ? 1 : undefined);
        for (const [group, groupSegments] of groups) {
          const restSegments = total - groupSegments;
          if (groupSegments < MIN_GROUP || restSegments < MIN_GROUP) continue;
          const a = inTheme.get(group) ?? 0;
          const c = themeTotal - a;
          const { test, p } = testTable(a, groupSegments - a, c, restSegments - c);
          const groupShare = a / groupSegments;
          const restShare = c / restSegments;
          candidates.push({ scopeId: scope.id, themeId: theme.id, attribute, group, ...(ticked ? { ticked } : {}), groupSegments, groupInTheme: a, restSegments, restInTheme: c, groupShare, restShare, ratio: restShare > 0 ? groupShare / restShare : Infinity, test, p, pairs: [] });
          // Pairs of options are not two separate groups (one respondent may tick both): no post-hoc pairs for them.
          if (sizes.size >= 3 && !ticked) pairTables.set(candidates.length - 1, { sizes, inTheme });
        }
      }
    }
  }
  const adjusted = benjaminiHochberg(candidates.map((c) => c.p));
  const passed = candidates.map((c, i) => ({ ...c, pAdjusted: adjusted[i]!, index: i })).filter((d) => d.pAdjusted < ALPHA);
  addPairs(passed, pairTables);
  const differences: Difference[] = passed
    .map(({ index: _, ...d }) => d)
    .sort((x, y) => x.pAdjusted - y.pAdjusted || x.p - y.p || (x.scopeId < y.scopeId ? -1 : x.scopeId > y.scopeId ? 1 : 0) || (x.themeId < y.themeId ? -1 : 1));
  return { differences, tests: candidates.length };
}

/**
 * The post-hoc pairs of the claims that passed: each claim's group against each other group of its attribute with at
 * least MIN_GROUP segments, tested on their own 2x2 table; Benjamini-Hochberg over all these tests; the pairs that pass
 * are added to their claim (most different first), always in the claim's direction (a claim that a group raised a theme
 * more often keeps only the groups it raised it more often than).
 */
function addPairs(passed: (Difference & { index: number })[], tables: ReadonlyMap<number, { sizes: Map<string, number>; inTheme: Map<string, number> }>): void {
  const tests: { claim: Difference; pair: Omit<PairDifference, 'pAdjusted'> }[] = [];
  for (const claim of passed) {
    const table = tables.get(claim.index);
    if (!table) continue;
    const others = [...table.sizes].filter(([g, n]) => g !== claim.group && n >= MIN_GROUP).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [other, otherSegments] of others) {
      const a = claim.groupInTheme;
      const c = table.inTheme.get(other) ?? 0;
      const otherShare = c / otherSegments;
      // Only pairs in the claim's direction can support its sentence.
      if ((claim.groupShare > claim.restShare) !== (claim.groupShare > otherShare)) continue;
      const { test, p } = testTable(a, claim.groupSegments - a, c, otherSegments - c);
      tests.push({ claim, pair: { other, otherSegments, otherInTheme: c, otherShare, ratio: otherShare > 0 ? claim.groupShare / otherShare : Infinity, test, p } });
    }
  }
  const adjusted = benjaminiHochberg(tests.map((t) => t.pair.p));
  tests.forEach((t, i) => {
    if (adjusted[i]! < ALPHA) t.claim.pairs.push({ ...t.pair, pAdjusted: adjusted[i]! });
  });
  for (const claim of passed) claim.pairs.sort((x, y) => x.pAdjusted - y.pAdjusted || (x.other < y.other ? -1 : 1));
}
