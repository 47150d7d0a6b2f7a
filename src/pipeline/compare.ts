// What changed: two analyses of one consultation (after new uploads, a new codebook, edits) or two consultations
// (two rounds, two cities), theme by theme. Scopes are paired by what they are (the same question, the same category);
// themes are paired by the answers they share where the two analyses read the same answers, else by their words.
// Pure: it reads the two syntheses and nothing else.
import type { AnalysedSegment, Scope, Synthesis, Theme } from '../model/index.ts';

/** A theme of the later analysis holding at least this share of an earlier theme's answers (or the reverse) continues it. */
export const CONTINUES = 0.5;
/** A theme that takes at least this share of each of two or more earlier themes merges them (and the reverse: a split). */
export const PART = 0.3;
/** Without shared answers: two themes whose words are at least this alike (cosine of their stems) are the same theme. */
export const SAME_WORDS = 0.35;
/** A theme whose share of its scope moves by more than this (5 percentage points) has grown or shrunk. */
export const SHARE_POINTS = 0.05;

export type ChangeKind = 'new' | 'gone' | 'grown' | 'shrunk' | 'steady' | 'merged' | 'split';

/** One theme's side of a change. */
export interface ThemeSide {
  themeId: string;
  label: string;
  size: number;
  share: number;
}

/** One change between the two analyses, in one pair of scopes. */
export interface ThemeChange {
  kind: ChangeKind;
  scopeLabel: string;
  /** The earlier themes (none for `new`; two or more for `merged`). */
  before: ThemeSide[];
  /** The later themes (none for `gone`; two or more for `split`). */
  after: ThemeSide[];
  /** How the pairing was made: by shared answers (their count) or by alike words (the cosine). */
  sharedSegments: number;
  wordSimilarity: number;
}

/** A segment that sits in paired scopes of both analyses but in themes that are not paired (or in a theme on one side only). */
export interface MovedSegment {
  scopeLabel: string;
  /** The segment's id in the later analysis (its id in the earlier one may differ when documents were added). */
  segmentId: string;
  text: string;
  document: string;
  line: number;
  respondentId: string | null;
  from: string | null;
  to: string | null;
}

export interface ScopePairing {
  label: string;
  kind: Scope['kind'];
  /** Segments of the scope in each analysis. */
  before: number;
  after: number;
}

export interface Comparison {
  /** 'same answers': the analyses share segments (one consultation, re-analysed); 'other answers': two consultations. */
  basis: 'same answers' | 'other answers';
  scopes: ScopePairing[];
  /** Scopes found in one analysis only. */
  scopesOnlyBefore: string[];
  scopesOnlyAfter: string[];
  changes: ThemeChange[];
  moved: MovedSegment[];
}

/** What a segment is, whichever analysis read it: its document, place, respondent and words. */
function segmentKey(seg: AnalysedSegment): string {
  return [seg.provenance.document, seg.provenance.line, seg.respondentId ?? '', seg.text].join('\u0000');
}

/** What a scope is: a question by its text, a category by its id, a section by its heading (case and spacing aside). */
function scopeKey(scope: Scope): string {
  const name = scope.kind === 'category' ? scope.category ?? scope.label : scope.label;
  return `${scope.kind}\u0000${name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}`;
}

function side(t: Theme): ThemeSide {
  return { themeId: t.id, label: t.label, size: t.size, share: t.share };
}

/** The stems of a theme's members as counts, for comparing themes of two consultations by their words. */
function stemCounts(t: Theme, byId: ReadonlyMap<string, AnalysedSegment>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of t.segmentIds) for (const s of new Set(byId.get(id)?.annotation.stems ?? [])) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * Each theme's words as TF-IDF over the themes of both sides: the share of the theme's members using a stem, times
 * how few of all the themes use it much (in a fifth of their members or more). A stem most themes use (the
 * consultation's subject, "women", "digital") says nothing about which theme is which.
 */
function weighWords(before: Map<string, number>[], after: Map<string, number>[], bt: readonly Theme[], at: readonly Theme[]): [Map<string, number>[], Map<string, number>[]] {
  const all = [...before.map((m, i) => [m, bt[i]!.size] as const), ...after.map((m, j) => [m, at[j]!.size] as const)];
  const df = new Map<string, number>();
  for (const [m, size] of all) for (const [stem, n] of m) if (n >= 0.2 * size) df.set(stem, (df.get(stem) ?? 0) + 1);
  const weigh = ([m, size]: readonly [Map<string, number>, number]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const [stem, n] of m) out.set(stem, (n / size) * Math.log((1 + all.length) / (1 + (df.get(stem) ?? 0))));
    return out;
  };
  return [all.slice(0, before.length).map(weigh), all.slice(before.length).map(weigh)];
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * How a paired theme moved: grown or shrunk when its share of the scope moved by more than SHARE_POINTS (the scopes
 * may differ in size, so the share, not the count, says how much room the theme takes), else steady.
 */
function growth(before: Theme, after: Theme): ChangeKind {
  const points = after.share - before.share;
  if (points > SHARE_POINTS) return 'grown';
  if (points < -SHARE_POINTS) return 'shrunk';
  return 'steady';
}

/**
 * Pair the themes of two scopes by shared segments: `overlap[i][j]` answers of earlier theme i are in later theme j.
 * A later theme holding PART of two or more earlier themes merges them; an earlier theme spread over two or more
 * later themes, PART each, is split; a pair where either side holds CONTINUES of the other continues (grown, shrunk,
 * steady); what is left is gone or new.
 */
function pairByMembers(scopeLabel: string, before: readonly Theme[], after: readonly Theme[], overlap: number[][]): ThemeChange[] {
  const changes: ThemeChange[] = [];
  const usedBefore = new Set<number>();
  const usedAfter = new Set<number>();
  const part = (i: number, j: number): boolean => overlap[i]![j]! >= PART * before[i]!.size && overlap[i]![j]! > 0;
  // Merges: a later theme taking a part of two or more earlier themes (largest later theme first, each earlier theme once).
  const bySize = after.map((_, j) => j).sort((x, y) => after[y]!.size - after[x]!.size || x - y);
  bySize.forEach((j) => {
    const a = after[j]!;
    const sources = before.map((_, i) => i).filter((i) => !usedBefore.has(i) && part(i, j) && overlap[i]![j]! >= PART * a.size / 2);
    if (sources.length < 2) return;
    sources.forEach((i) => usedBefore.add(i));
    usedAfter.add(j);
    changes.push({ kind: 'merged', scopeLabel, before: sources.map((i) => side(before[i]!)), after: [side(a)], sharedSegments: sources.reduce((n, i) => n + overlap[i]![j]!, 0), wordSimilarity: NaN });
  });
  // Splits: an earlier theme spread over two or more later themes.
  before.forEach((b, i) => {
    if (usedBefore.has(i)) return;
    const targets = after.map((_, j) => j).filter((j) => !usedAfter.has(j) && part(i, j) && overlap[i]![j]! >= PART * after[j]!.size / 2);
    if (targets.length < 2) return;
    usedBefore.add(i);
    targets.forEach((j) => usedAfter.add(j));
    changes.push({ kind: 'split', scopeLabel, before: [side(b)], after: targets.map((j) => side(after[j]!)), sharedSegments: targets.reduce((n, j) => n + overlap[i]![j]!, 0), wordSimilarity: NaN });
  });
  // Continuing themes: the largest overlaps first, each theme paired once.
  const pairs: [number, number][] = [];
  before.forEach((_, i) => after.forEach((__, j) => overlap[i]![j]! > 0 && pairs.push([i, j])));
  pairs.sort((x, y) => overlap[y[0]]![y[1]]! - overlap[x[0]]![x[1]]! || x[0] - y[0] || x[1] - y[1]);
  for (const [i, j] of pairs) {
    if (usedBefore.has(i) || usedAfter.has(j)) continue;
    const shared = overlap[i]![j]!;
    if (shared < CONTINUES * before[i]!.size && shared < CONTINUES * after[j]!.size) continue;
    usedBefore.add(i);
    usedAfter.add(j);
    changes.push({ kind: growth(before[i]!, after[j]!), scopeLabel, before: [side(before[i]!)], after: [side(after[j]!)], sharedSegments: shared, wordSimilarity: NaN });
  }
  before.forEach((b, i) => usedBefore.has(i) || changes.push({ kind: 'gone', scopeLabel, before: [side(b)], after: [], sharedSegments: 0, wordSimilarity: NaN }));
  after.forEach((a, j) => usedAfter.has(j) || changes.push({ kind: 'new', scopeLabel, before: [], after: [side(a)], sharedSegments: 0, wordSimilarity: NaN }));
  return changes;
}

/** Pair the themes of two scopes of different consultations by their words (most alike first, each theme once). */
function pairByWords(scopeLabel: string, before: readonly Theme[], after: readonly Theme[], similarity: number[][]): ThemeChange[] {
  const changes: ThemeChange[] = [];
  const usedBefore = new Set<number>();
  const usedAfter = new Set<number>();
  const pairs: [number, number][] = [];
  before.forEach((_, i) => after.forEach((__, j) => similarity[i]![j]! >= SAME_WORDS && pairs.push([i, j])));
  pairs.sort((x, y) => similarity[y[0]]![y[1]]! - similarity[x[0]]![x[1]]! || x[0] - y[0] || x[1] - y[1]);
  for (const [i, j] of pairs) {
    if (usedBefore.has(i) || usedAfter.has(j)) continue;
    usedBefore.add(i);
    usedAfter.add(j);
    changes.push({ kind: growth(before[i]!, after[j]!), scopeLabel, before: [side(before[i]!)], after: [side(after[j]!)], sharedSegments: 0, wordSimilarity: similarity[i]![j]! });
  }
  before.forEach((b, i) => usedBefore.has(i) || changes.push({ kind: 'gone', scopeLabel, before: [side(b)], after: [], sharedSegments: 0, wordSimilarity: NaN }));
  after.forEach((a, j) => usedAfter.has(j) || changes.push({ kind: 'new', scopeLabel, before: [], after: [side(a)], sharedSegments: 0, wordSimilarity: NaN }));
  return changes;
}

const ORDER: Record<ChangeKind, number> = { new: 0, gone: 1, merged: 2, split: 3, grown: 4, shrunk: 5, steady: 6 };

/**
 * Compare an earlier and a later analysis: scopes paired by what they are; in each pair, themes paired by shared
 * segments (when the two analyses share at least half of the smaller one's segments: one consultation re-analysed)
 * or by their words (two consultations); each change named (new, gone, grown, shrunk, steady, merged, split), and,
 * with shared segments, every segment that moved between themes that are not paired. Deterministic.
 */
export function compareSyntheses(before: Synthesis, after: Synthesis): Comparison {
  const afterByKey = new Map<string, AnalysedSegment>();
  for (const seg of after.segments) if (!afterByKey.has(segmentKey(seg))) afterByKey.set(segmentKey(seg), seg);
  const beforeToAfter = new Map<string, string>();
  for (const seg of before.segments) {
    const twin = afterByKey.get(segmentKey(seg));
    if (twin) beforeToAfter.set(seg.id, twin.id);
  }
  const basis: Comparison['basis'] = beforeToAfter.size >= 0.5 * Math.min(before.segments.length, after.segments.length) && beforeToAfter.size > 0 ? 'same answers' : 'other answers';
  const beforeById = new Map(before.segments.map((s) => [s.id, s]));
  const afterById = new Map(after.segments.map((s) => [s.id, s]));

  const afterScopes = new Map(after.scopes.map((s) => [scopeKey(s), s]));
  const beforeKeys = new Set(before.scopes.map(scopeKey));
  const scopes: ScopePairing[] = [];
  const changes: ThemeChange[] = [];
  const moved: MovedSegment[] = [];
  for (const b of before.scopes) {
    const a = afterScopes.get(scopeKey(b));
    if (!a) continue;
    scopes.push({ label: a.label, kind: a.kind, before: b.segments, after: a.segments });
    const bt = b.themes.filter((t) => !t.isOther);
    const at = a.themes.filter((t) => !t.isOther);
    let scopeChanges: ThemeChange[];
    if (basis === 'same answers') {
      const themeOfAfter = new Map<string, number>();
      at.forEach((t, j) => t.segmentIds.forEach((id) => themeOfAfter.set(id, j)));
      const overlap = bt.map((t) => {
        const row = at.map(() => 0);
        for (const id of t.segmentIds) {
          const j = themeOfAfter.get(beforeToAfter.get(id) ?? '');
          if (j !== undefined) row[j]!++;
        }
        return row;
      });
      scopeChanges = pairByMembers(a.label, bt, at, overlap);
      moved.push(...movedSegments(a.label, b, a, scopeChanges, beforeToAfter, afterById));
    } else {
      const [bWords, aWords] = weighWords(bt.map((t) => stemCounts(t, beforeById)), at.map((t) => stemCounts(t, afterById)), bt, at);
      const sim = bWords.map((x) => aWords.map((y) => cosine(x, y)));
      scopeChanges = pairByWords(a.label, bt, at, sim);
    }
    changes.push(...scopeChanges.sort((x, y) => ORDER[x.kind] - ORDER[y.kind] || Math.max(...y.after.map((s) => s.size), ...y.before.map((s) => s.size)) - Math.max(...x.after.map((s) => s.size), ...x.before.map((s) => s.size))));
  }
  return {
    basis,
    scopes,
    scopesOnlyBefore: before.scopes.filter((s) => !afterScopes.has(scopeKey(s))).map((s) => s.label),
    scopesOnlyAfter: after.scopes.filter((s) => !beforeKeys.has(scopeKey(s))).map((s) => s.label),
    changes,
    moved,
  };
}

/** The segments of a scope pair whose earlier theme and later theme are not paired by any change (Other counts as a theme). */
function movedSegments(scopeLabel: string, b: Scope, a: Scope, changes: readonly ThemeChange[], beforeToAfter: ReadonlyMap<string, string>, afterById: ReadonlyMap<string, AnalysedSegment>): MovedSegment[] {
  const paired = new Set<string>();
  for (const c of changes) for (const x of c.before) for (const y of c.after) paired.add(`${x.themeId}\u0000${y.themeId}`);
  const themeAfter = new Map<string, Theme>();
  for (const t of a.themes) for (const id of t.segmentIds) themeAfter.set(id, t);
  const out: MovedSegment[] = [];
  for (const t of b.themes) {
    for (const id of t.segmentIds) {
      const twin = beforeToAfter.get(id);
      if (twin === undefined) continue;
      const now = themeAfter.get(twin);
      if (!now || (t.isOther && now.isOther) || paired.has(`${t.id}\u0000${now.id}`)) continue;
      const seg = afterById.get(twin)!;
      out.push({
        scopeLabel,
        segmentId: twin,
        text: seg.text,
        document: seg.provenance.document,
        line: seg.provenance.line,
        respondentId: seg.respondentId,
        from: t.isOther ? null : t.label,
        to: now.isOther ? null : now.label,
      });
    }
  }
  return out;
}
