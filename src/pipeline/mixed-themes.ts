// Mixed themes: a theme whose label few of its members write holds several points, and the label names one of them
// ("Lack of confidence" over answers about the cost of data, selling online and confidence). Such a theme is split into
// its own sub-groups, each a theme labelled anew, rather than named by one member's phrase. Pure.

/**
 * A theme is split only from this many members on (a smaller one is left to its sub-themes and two-point label). 8 and
 * 0.25 (below) were the best of those tried on the blind surveys' tune half (docs/quality.md, session 19).
 */
export const MIXED_MIN_SIZE = 8;
/** Each part of a split theme has at least this many members (3 split fewer themes and gained less on the tune half). */
export const MIXED_MIN_PART = 2;
/** A theme is mixed when fewer than this share of its members write its label (or either of its points). */
export const MIXED_COVERAGE = 0.25;

/**
 * Splitting never takes a scope past this many themes (a few broad themes, each with its sub-themes, is the tree's
 * shape: issue 15): the themes whose labels fewest members write are split first.
 */
export const MIXED_MAX_THEMES = 12;

/**
 * The groups with each mixed theme replaced by its parts (`split`: the sub-groups of a group, none when it has no
 * split), in the same order; null when no theme is mixed or none splits.
 */
export function splitMixedThemes(groups: readonly number[][], labels: readonly { coverage: number }[], split: (group: readonly number[], index: number) => number[][]): number[][] | null {
  const mixed = groups.map((g, c) => c).filter((c) => groups[c]!.length >= MIXED_MIN_SIZE && labels[c]!.coverage < MIXED_COVERAGE);
  mixed.sort((a, b) => labels[a]!.coverage - labels[b]!.coverage || a - b);
  const partsOf = new Map<number, number[][]>();
  let count = groups.length;
  for (const c of mixed) {
    const parts = split(groups[c]!, c);
    if (parts.length < 2 || parts.some((p) => p.length < MIXED_MIN_PART) || count + parts.length - 1 > MIXED_MAX_THEMES) continue;
    partsOf.set(c, parts);
    count += parts.length - 1;
  }
  return partsOf.size ? groups.flatMap((g, c) => partsOf.get(c) ?? [g]) : null;
}

/** Label the groups (`label`) and split the mixed ones, labelling all anew when any was split. */
export function unmixedThemes<L extends { coverage: number }>(groups: number[][], label: (groups: readonly number[][]) => L[], split: (group: readonly number[], index: number) => number[][]): { groups: number[][]; labels: L[] } {
  const labels = label(groups);
  const parts = splitMixedThemes(groups, labels, split);
  return parts ? { groups: parts, labels: label(parts) } : { groups, labels };
}
