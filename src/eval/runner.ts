// Evaluation runner: theme labelled texts with the engine's own stages (annotate, findThemes) and score them against the labels.
import type { AnalysedSegment, Segment } from '../model/index.ts';
import { annotateSegments } from '../pipeline/parallel/annotate-segments.ts';
import { findThemes, type ThemeOptions } from '../pipeline/themes.ts';
import { createRandom } from '../pipeline/random.ts';
import type { WordVectors } from '../pipeline/word-vectors.ts';
import type { LabelledItem } from './data.ts';
import type { LabelledTheme } from './labels.ts';
import { ari, matchedF1, nmi } from './metrics.ts';

/** The cluster name given to items the engine put in Other. */
export const OTHER = 'other';

export interface EvalResources {
  stopwords: Record<string, ReadonlySet<string>>;
  genericWords?: ReadonlySet<string>;
  wordVectors?: WordVectors;
}

/** A labelled set annotated once, ready to be themed many times (seeds, subsets, k). */
export interface PreparedSet {
  items: LabelledItem[];
  segments: AnalysedSegment[];
  /** Item indices per group, groups in order of first appearance. */
  groups: Map<string, number[]>;
}

/** Turn labelled items into analysed segments (annotated as survey answers, no category). */
export function prepareSet(items: readonly LabelledItem[], resources: EvalResources): PreparedSet {
  const segments: Segment[] = items.map((item) => ({
    id: item.id,
    kind: 'answer',
    text: item.text,
    section: null,
    respondentId: item.id,
    attributes: {},
    provenance: { documentId: 'eval', document: 'eval.csv', line: 1, start: 0, end: item.text.length, column: null },
  }));
  const annotations = annotateSegments(segments, resources);
  const analysed = segments.map((s, i) => ({
    ...s,
    annotation: annotations[i]!,
    coding: { category: 'other', confidence: 0, secondary: [], stakeholderTypes: [], evidence: [] },
    themeId: null,
  }));
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (!groups.has(item.group)) groups.set(item.group, []);
    groups.get(item.group)!.push(i);
  });
  return { items: [...items], segments: analysed, groups };
}

export interface ThemeRunOptions {
  seed: number;
  /** 'truth': tell the engine the true number of labels of each group; a number: that k; absent: the engine chooses. */
  k?: 'truth' | number;
  /** Theme only this share of each group (a seeded random subset), e.g. 0.9 for the stability check. */
  share?: number;
  /** Seed of the subset draw (default: the run's seed). */
  shareSeed?: number;
  /** Extra theme options (method switches) passed to findThemes. */
  themeOptions?: Partial<ThemeOptions>;
  /** When given, filled with each item's sub-theme (its theme where the theme has none), as the result is with themes. */
  subOut?: (string | null)[];
  /** When given, filled with every theme found (not Other) and the texts of each group, for label figures. */
  labelsOut?: { themes: LabelledTheme[]; subthemes: LabelledTheme[]; scopeTexts: Map<string, string[]> };
}

/** The same set scored against its finer labels (a two-level set), or null when it has none. */
export function atSubLevel(set: PreparedSet): PreparedSet | null {
  if (!set.items.every((x) => x.subLabel !== undefined)) return null;
  return { ...set, items: set.items.map((x) => ({ ...x, label: x.subLabel! })) };
}

/** Predicted cluster per item ('g<group>:t<n>' or OTHER); null for items left out of a subset run. */
export function themeSet(set: PreparedSet, resources: EvalResources, options: ThemeRunOptions): (string | null)[] {
  const out: (string | null)[] = set.items.map(() => null);
  let groupNumber = 0;
  for (const indices of set.groups.values()) {
    groupNumber++;
    let chosen = indices;
    if (options.share !== undefined && options.share < 1) {
      const random = createRandom((options.shareSeed ?? options.seed) + groupNumber * 101);
      const order = indices.map((i) => ({ i, r: random.next() })).sort((a, b) => a.r - b.r);
      const keep = Math.max(2, Math.round(options.share * indices.length));
      chosen = order.slice(0, keep).map((x) => x.i).sort((a, b) => a - b);
    }
    const k = options.k === 'truth' ? new Set(chosen.map((i) => set.items[i]!.label)).size : options.k;
    const found = findThemes(chosen.map((i) => set.segments[i]!), {
      ...options.themeOptions,
      seed: options.seed,
      k,
      stopwords: resources.stopwords,
      genericWords: resources.genericWords,
      ...(resources.wordVectors ? { wordVectors: resources.wordVectors } : {}),
    });
    let themeNumber = 0;
    if (options.labelsOut) {
      const scope = `g${groupNumber}`;
      options.labelsOut.scopeTexts.set(scope, chosen.map((i) => set.items[i]!.text));
      for (const theme of found.themes) {
        if (theme.isOther) continue;
        const ms = theme.members.map((p) => set.items[chosen[p]!]!);
        options.labelsOut.themes.push({ label: theme.label, members: ms.map((m) => m.text), truth: ms.map((m) => m.label), scope });
        for (const sub of theme.subthemes) {
          const subMembers = sub.members.map((p) => set.items[chosen[p]!]!);
          options.labelsOut.subthemes.push({ label: sub.label, members: subMembers.map((m) => m.text), truth: subMembers.map((m) => m.subLabel ?? m.label), scope });
        }
      }
    }
    for (const theme of found.themes) {
      const name = theme.isOther ? OTHER : `g${groupNumber}:t${++themeNumber}`;
      for (const p of theme.members) out[chosen[p]!] = theme.isOther ? `${OTHER}` : name;
      if (options.subOut) {
        for (const p of theme.members) options.subOut[chosen[p]!] = out[chosen[p]!]!;
        theme.subthemes.forEach((sub, j) => sub.members.forEach((p) => (options.subOut![chosen[p]!] = `${name}:s${j + 1}`)));
      }
    }
  }
  return out;
}

export interface SetScore {
  nmi: number;
  ari: number;
  f1: number;
  /** Themes found (not counting Other), summed over groups. */
  themes: number;
  /** Distinct labels, summed over groups. */
  labels: number;
  /** Share of items in Other. */
  otherShare: number;
  groups: number;
  items: number;
}

/**
 * Score predicted clusters against the labels within each group; figures are weighted by group size
 * (as the reference figures are). Other counts as one more cluster for NMI/ARI and can never match a label.
 */
export function scoreSet(set: PreparedSet, predicted: readonly (string | null)[]): SetScore {
  let n = 0;
  const score = { nmi: 0, ari: 0, f1: 0, themes: 0, labels: 0, otherShare: 0, groups: 0, items: 0 };
  for (const indices of set.groups.values()) {
    const kept = indices.filter((i) => predicted[i] !== null);
    if (kept.length === 0) continue;
    const truth = kept.map((i) => set.items[i]!.label);
    const pred = kept.map((i) => predicted[i]!);
    const w = kept.length;
    score.nmi += w * nmi(truth, pred);
    score.ari += w * ari(truth, pred);
    score.f1 += w * matchedF1(truth, pred, OTHER).f1;
    score.themes += new Set(pred.filter((p) => p !== OTHER)).size;
    score.labels += new Set(truth).size;
    score.otherShare += pred.filter((p) => p === OTHER).length;
    score.groups++;
    n += w;
  }
  if (n > 0) {
    score.nmi /= n;
    score.ari /= n;
    score.f1 /= n;
    score.otherShare /= n;
  }
  score.items = n;
  return score;
}

/**
 * Agreement (ARI, weighted by group size) between two runs on the items both themed. Other is one
 * cluster like any other here: a stable engine puts the same items in Other.
 */
export function agreement(set: PreparedSet, a: readonly (string | null)[], b: readonly (string | null)[]): number {
  let total = 0;
  let n = 0;
  for (const indices of set.groups.values()) {
    const both = indices.filter((i) => a[i] !== null && b[i] !== null);
    if (both.length < 2) continue;
    total += both.length * ari(both.map((i) => a[i]!), both.map((i) => b[i]!));
    n += both.length;
  }
  return n ? total / n : 1;
}
