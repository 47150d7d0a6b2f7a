// Clustering and tagging metrics: NMI, ARI, Hungarian-matched F1 and per-category precision/recall/F1.
import { dict } from '../model/dict.ts';

/** Contingency table of two labelings (any string or number labels), rows = truth, columns = prediction. */
interface Contingency {
  table: number[][];
  rowSums: number[];
  colSums: number[];
  n: number;
  rowLabels: string[];
  colLabels: string[];
}

function contingency(truth: readonly (string | number)[], predicted: readonly (string | number)[]): Contingency {
  if (truth.length !== predicted.length) throw new Error(`labelings differ in length: ${truth.length} vs ${predicted.length}`);
  const rowIndex = new Map<string, number>();
  const colIndex = new Map<string, number>();
  for (const t of truth) if (!rowIndex.has(String(t))) rowIndex.set(String(t), rowIndex.size);
  for (const p of predicted) if (!colIndex.has(String(p))) colIndex.set(String(p), colIndex.size);
  const table = Array.from({ length: rowIndex.size }, () => new Array<number>(colIndex.size).fill(0));
  for (let i = 0; i < truth.length; i++) table[rowIndex.get(String(truth[i]))!]![colIndex.get(String(predicted[i]))!]!++;
  const rowSums = table.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = [...colIndex.keys()].map((_, c) => table.reduce((a, r) => a + r[c]!, 0));
  return { table, rowSums, colSums, n: truth.length, rowLabels: [...rowIndex.keys()], colLabels: [...colIndex.keys()] };
}

function entropy(counts: readonly number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Normalised mutual information with the arithmetic-mean normaliser (scikit-learn's default):
 * MI / ((H(truth) + H(predicted)) / 2). 1 when both labelings are a single class.
 */
export function nmi(truth: readonly (string | number)[], predicted: readonly (string | number)[]): number {
  const { table, rowSums, colSums, n } = contingency(truth, predicted);
  if (n === 0) return 1;
  const hTrue = entropy(rowSums, n);
  const hPred = entropy(colSums, n);
  if (hTrue === 0 && hPred === 0) return 1;
  let mi = 0;
  table.forEach((row, r) =>
    row.forEach((nij, c) => {
      if (nij > 0) mi += (nij / n) * Math.log((n * nij) / (rowSums[r]! * colSums[c]!));
    }),
  );
  const denom = (hTrue + hPred) / 2;
  return denom > 0 ? Math.max(0, mi / denom) : 0;
}

const comb2 = (x: number): number => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert and Arabie). 1 for identical partitions, about 0 for chance. */
export function ari(truth: readonly (string | number)[], predicted: readonly (string | number)[]): number {
  const { table, rowSums, colSums, n } = contingency(truth, predicted);
  if (n < 2) return 1;
  let index = 0;
  for (const row of table) for (const nij of row) index += comb2(nij);
  const a = rowSums.reduce((s, x) => s + comb2(x), 0);
  const b = colSums.reduce((s, x) => s + comb2(x), 0);
  const expected = (a * b) / comb2(n);
  const max = (a + b) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/**
 * Hungarian algorithm (Jonker-Volgenant style potentials) for a rectangular cost matrix, rows <= cols
 * or not: returns for each row the assigned column or -1, minimising the total cost.
 */
export function hungarian(cost: readonly (readonly number[])[]): number[] {
  const rows = cost.length;
  const cols = rows ? cost[0]!.length : 0;
  if (rows === 0 || cols === 0) return new Array<number>(rows).fill(-1);
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const at = (i: number, j: number): number => (transpose ? cost[j]![i]! : cost[i]![j]!);
  // 1-based arrays as in the classic formulation; n <= m.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const small = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) small[p[j]! - 1] = j - 1;
  if (!transpose) return small;
  const out = new Array<number>(rows).fill(-1);
  small.forEach((row, col) => {
    if (row >= 0) out[row] = col;
  });
  return out;
}

export interface MatchedF1 {
  /** F1 per truth label, averaged with weights by label size (unmatched labels count 0). */
  f1: number;
  /** Share of all items that sit in the cluster matched to their label (one-to-one accuracy). */
  accuracy: number;
  /** For each truth label, the predicted cluster it was matched to (or null). */
  matches: Record<string, string | null>;
}

/**
 * Match predicted clusters to truth labels one-to-one to maximise the items they share (Hungarian),
 * then score. Items in the `ignore` cluster (e.g. Other) can never be matched, so they count as misses.
 */
export function matchedF1(truth: readonly (string | number)[], predicted: readonly (string | number)[], ignore?: string | number): MatchedF1 {
  const ct = contingency(truth, predicted);
  const usable = ct.colLabels.map((l, c) => (ignore !== undefined && l === String(ignore) ? -1 : c)).filter((c) => c >= 0);
  const cost = ct.table.map((row) => usable.map((c) => -row[c]!));
  const assignment = usable.length ? hungarian(cost) : ct.rowLabels.map(() => -1);
  let f1 = 0;
  let hits = 0;
  const matches: Record<string, string | null> = dict<string | null>();
  ct.rowLabels.forEach((label, r) => {
    const a = assignment[r]!;
    if (a < 0) {
      matches[label] = null;
      return;
    }
    const c = usable[a]!;
    const overlap = ct.table[r]![c]!;
    matches[label] = ct.colLabels[c]!;
    hits += overlap;
    if (overlap > 0) {
      const precision = overlap / ct.colSums[c]!;
      const recall = overlap / ct.rowSums[r]!;
      f1 += (ct.rowSums[r]! / ct.n) * ((2 * precision * recall) / (precision + recall));
    }
  });
  return { f1, accuracy: ct.n ? hits / ct.n : 1, matches };
}

export interface CategoryScore {
  category: string;
  precision: number;
  recall: number;
  f1: number;
  /** Items with this true category. */
  support: number;
}

/**
 * Precision, recall and F1 per category (every category in truth or prediction), sorted by name,
 * plus macro-F1 over the categories present in the truth.
 */
export function categoryScores(truth: readonly string[], predicted: readonly string[]): { categories: CategoryScore[]; macroF1: number; accuracy: number } {
  if (truth.length !== predicted.length) throw new Error(`labelings differ in length: ${truth.length} vs ${predicted.length}`);
  const names = [...new Set([...truth, ...predicted])].sort();
  const categories = names.map((category) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === category;
      const p = predicted[i] === category;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { category, precision, recall, f1, support: tp + fn };
  });
  const present = categories.filter((c) => c.support > 0);
  const macroF1 = present.reduce((s, c) => s + c.f1, 0) / Math.max(1, present.length);
  const correct = truth.filter((t, i) => t === predicted[i]).length;
  return { categories, macroF1, accuracy: truth.length ? correct / truth.length : 1 };
}
