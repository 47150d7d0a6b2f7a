// Cluster: k-means from deterministic density-based centres (or seeded restarts), k chosen by silhouette, refined by
// iterative classification (complement naive Bayes on the terms), weak members and tiny clusters to "Other".
import { kmeans } from 'ml-kmeans';
import { createRandom, type Random } from './random.ts';
import type { SparseMatrix } from './vectorise.ts';

export interface ClusterOptions {
  seed: number;
  /** Force the number of themes (the CLI's --k). */
  k?: number;
  /** Largest k tried when choosing automatically (default: about sqrt(n/2), at most 20). */
  kMax?: number;
  /** k-means restarts per k for the seeded algorithms; the lowest inertia wins (default 4). */
  restarts?: number;
  /** A cluster smaller than this goes to Other (default: 3% of the scope, at least 2 and at most 8). */
  minThemeSize?: number;
  /** A member less similar than this (cosine) to its theme's centre goes to Other (default 0.2). */
  minSimilarity?: number;
  /** Points used to compute the silhouette when choosing k (default 800). */
  silhouetteSample?: number;
  /** Above this many points, k is chosen on a seeded sample of this size, then all points are clustered once (default 4000). */
  chooseKSample?: number;
  /**
   * 'density-euclidean' (default): k-means (ml-kmeans) from deterministic density-weighted farthest-first
   * centres, so the themes do not depend on the seed; 'density': the same with cosine (spherical) k-means;
   * 'spherical' / 'euclidean': seeded k-means++ restarts, the best objective wins.
   */
  algorithm?: 'spherical' | 'euclidean' | 'density' | 'density-euclidean';
  /** The rows' sparse term features (e.g. TF-IDF), same order as `vectors`: enables refinement by classification. */
  features?: SparseMatrix;
  /** Rounds of refinement by classification (default 10; 0 turns it off). */
  refineRounds?: number;
  /** Share of each theme's most typical members the classifier is trained on (default 1: all; less was worse). */
  refineTrainShare?: number;
  /** The refinement classifier: complement naive Bayes (default), multinomial naive Bayes (with or without prior) or term centroids. */
  classifier?: 'nb' | 'nb-uniform' | 'cnb' | 'centroid';
  /** With `features`: a member whose term vector is less similar than this to its theme's term centre goes to Other (replaces minSimilarity). */
  termSimilarity?: number;
  /** Consensus over this many candidate clusterings (each the best of `restarts` runs); 0 = off (default). */
  consensus?: number;
  /** Smooth each vector towards this many nearest neighbours before k-means (default 0: off). */
  smoothNeighbours?: number;
  /** Weight of the neighbours' mean in smoothing (default 1). */
  smoothWeight?: number;
}

export interface Clustering {
  /** Theme index per vector, 0 = largest theme; -1 = Other. */
  assignments: Int32Array;
  /** Number of themes (excluding Other). */
  k: number;
  /** Unit-length centre of each theme. */
  centroids: Float64Array[];
  /** Cosine similarity of each vector to its own theme's centre (0 for Other). */
  similarity: Float64Array;
  /** Mean silhouette of the chosen clustering (NaN when not computed). */
  silhouette: number;
  /** Silhouette for every k tried, for the method note. */
  tried: { k: number; silhouette: number }[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function isZero(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

/** Run k-means with several seeded restarts and keep the lowest inertia. */
function bestKmeans(data: number[][], k: number, seed: number, restarts: number): number[] {
  let best: number[] | null = null;
  let bestInertia = Infinity;
  for (let r = 0; r < restarts; r++) {
    const result = kmeans(data, k, { seed: seed + r * 7919, initialization: 'kmeans++', maxIterations: 100 });
    let inertia = 0;
    for (let i = 0; i < data.length; i++) {
      const c = result.centroids[result.clusters[i]!]!;
      const p = data[i]!;
      for (let d = 0; d < p.length; d++) inertia += (p[d]! - c[d]!) ** 2;
    }
    if (inertia < bestInertia - 1e-9) {
      bestInertia = inertia;
      best = result.clusters;
    }
  }
  return best!;
}

/** One spherical k-means run: k-means++ seeding on cosine distance, then assign to the most similar unit centre. */
function sphericalOnce(data: readonly Float64Array[], k: number, random: Random, maxIterations = 60): { labels: Int32Array; objective: number } {
  const n = data.length;
  const dims = data[0]!.length;
  const centres: Float64Array[] = [];
  const nearest = new Float64Array(n).fill(Infinity);
  let next = random.int(n);
  while (centres.length < k) {
    const c = Float64Array.from(data[next]!);
    centres.push(c);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, 1 - dot(data[i]!, c));
      if (d < nearest[i]!) nearest[i] = d;
      total += nearest[i]! ** 2;
    }
    if (centres.length === k) break;
    // Next centre with probability proportional to squared distance; all covered: any point not yet a centre.
    if (total <= 1e-12) next = random.int(n);
    else {
      let r = random.next() * total;
      next = n - 1;
      for (let i = 0; i < n; i++) {
        r -= nearest[i]! ** 2;
        if (r <= 0) {
          next = i;
          break;
        }
      }
    }
  }
  const labels = new Int32Array(n).fill(-1);
  let objective = 0;
  for (let it = 0; it < maxIterations; it++) {
    let changed = 0;
    objective = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const sim = dot(data[i]!, centres[c]!);
        if (sim > bestSim) {
          bestSim = sim;
          best = c;
        }
      }
      objective += bestSim;
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const s = sums[labels[i]!]!;
      const v = data[i]!;
      for (let d = 0; d < dims; d++) s[d]! += v[d]!;
      counts[labels[i]!]!++;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // An empty theme restarts at the point worst served by its centre.
        let worst = 0;
        let worstSim = Infinity;
        for (let i = 0; i < n; i++) {
          const sim = dot(data[i]!, centres[labels[i]!]!);
          if (sim < worstSim) {
            worstSim = sim;
            worst = i;
          }
        }
        centres[c] = Float64Array.from(data[worst]!);
        continue;
      }
      const s = sums[c]!;
      const norm = Math.sqrt(dot(s, s));
      if (norm > 0) for (let d = 0; d < dims; d++) s[d]! /= norm;
      centres[c] = s;
    }
  }
  return { labels, objective };
}

/** Spherical k-means with seeded restarts; the highest total similarity to the centres wins. */
function bestSpherical(data: readonly Float64Array[], k: number, seed: number, restarts: number): number[] {
  let best: Int32Array | null = null;
  let bestObjective = -Infinity;
  for (let r = 0; r < restarts; r++) {
    const { labels, objective } = sphericalOnce(data, k, createRandom(seed + r * 7919));
    if (objective > bestObjective + 1e-9) {
      bestObjective = objective;
      best = labels;
    }
  }
  return Array.from(best!);
}

/**
 * Iterative classification: train a multinomial naive Bayes classifier on the terms of each theme's
 * most typical members (closest to the centre, then most confidently classified), reassign every row,
 * and repeat until the themes stop changing. Short texts share few words, so a classifier that weighs
 * each word by how strongly it marks a theme repairs much of what k-means got wrong.
 */
function refineByClassification(
  features: SparseMatrix,
  rows: readonly number[],
  start: readonly number[],
  k: number,
  initialConfidence: readonly number[],
  rounds: number,
  trainShare: number,
  classifier: 'nb' | 'nb-uniform' | 'cnb' | 'centroid',
): number[] {
  const m = features.cols;
  const centroid = classifier === 'centroid';
  const complement = classifier === 'cnb';
  const uniformPrior = classifier === 'nb-uniform';
  let labels = [...start];
  let confidence = [...initialConfidence];
  const alpha = 0.1;
  for (let round = 0; round < rounds; round++) {
    const byTheme: number[][] = Array.from({ length: k }, () => []);
    labels.forEach((c, p) => byTheme[c]!.push(p));
    const weights = new Float64Array(k * m);
    const totals = new Float64Array(k);
    const prior = new Float64Array(k);
    let trained = 0;
    for (let c = 0; c < k; c++) {
      const members = byTheme[c]!.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
      const take = members.length ? Math.max(1, Math.ceil(trainShare * members.length)) : 0;
      for (const p of members.slice(0, take)) {
        const r = rows[p]!;
        for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) {
          weights[c * m + features.indices[q]!]! += features.values[q]!;
          totals[c]! += features.values[q]!;
        }
      }
      prior[c] = take;
      trained += take;
    }
    if (centroid) {
      // Spherical k-means in term space: each theme is the unit mean of its members' term vectors.
      for (let c = 0; c < k; c++) {
        let norm = 0;
        for (let j = 0; j < m; j++) norm += weights[c * m + j]! ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < m; j++) weights[c * m + j]! /= norm;
        prior[c] = prior[c]! > 0 ? 0 : -Infinity;
      }
    } else if (complement) {
      // Complement naive Bayes (Rennie et al. 2003): estimate each theme from everything outside it, then
      // normalise the weights, so large themes do not swallow small ones.
      const all = new Float64Array(m);
      let allTotal = 0;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < m; j++) all[j]! += weights[c * m + j]!;
        allTotal += totals[c]!;
      }
      for (let c = 0; c < k; c++) {
        const denominator = Math.log(allTotal - totals[c]! + alpha * m);
        let norm = 0;
        const row = new Float64Array(m);
        for (let j = 0; j < m; j++) {
          row[j] = Math.log(all[j]! - weights[c * m + j]! + alpha) - denominator;
          norm += Math.abs(row[j]!);
        }
        for (let j = 0; j < m; j++) weights[c * m + j] = -row[j]! / (norm || 1);
        prior[c] = prior[c]! > 0 ? 0 : -Infinity;
      }
    } else {
      for (let c = 0; c < k; c++) {
        const denominator = Math.log(totals[c]! + alpha * m);
        for (let j = 0; j < m; j++) weights[c * m + j] = Math.log(weights[c * m + j]! + alpha) - denominator;
        prior[c] = prior[c]! > 0 ? (uniformPrior ? 0 : Math.log(prior[c]! / trained)) : -Infinity;
      }
    }
    const next: number[] = [];
    const nextConfidence: number[] = [];
    let changed = 0;
    const scores = new Float64Array(k);
    for (let p = 0; p < rows.length; p++) {
      const r = rows[p]!;
      for (let c = 0; c < k; c++) {
        let s = prior[c]!;
        for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) s += features.values[q]! * weights[c * m + features.indices[q]!]!;
        scores[c] = s;
      }
      let best = labels[p]!;
      for (let c = 0; c < k; c++) if (scores[c]! > scores[best]! + 1e-12) best = c;
      let second = -Infinity;
      for (let c = 0; c < k; c++) if (c !== best && scores[c]! > second) second = scores[c]!;
      next.push(best);
      nextConfidence.push(Number.isFinite(second) ? scores[best]! - second : 0);
      if (best !== labels[p]) changed++;
    }
    labels = next;
    confidence = nextConfidence;
    if (changed <= rows.length * 0.001) break;
  }
  return labels;
}

/**
 * Smooth each unit vector towards its nearest neighbours (cosine): v + weight * mean(top neighbours),
 * renormalised. Short texts share few words; borrowing the direction of the texts most like them
 * makes the themes' shapes clearer before k-means. Quadratic in n, so callers bound n.
 */
export function smoothByNeighbours(vectors: readonly Float64Array[], neighbours: number, weight = 1): Float64Array[] {
  const n = vectors.length;
  const dims = vectors[0]?.length ?? 0;
  const take = Math.min(neighbours, n - 1);
  if (take <= 0) return vectors.map((v) => Float64Array.from(v));
  const out: Float64Array[] = [];
  const sims = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) sims[j] = j === i ? -Infinity : dot(vectors[i]!, vectors[j]!);
    for (let j = 0; j < n; j++) order[j] = j;
    // Partial selection of the top `take` by similarity (ties: lower index first), deterministic.
    const top = Array.from(order).sort((a, b) => sims[b]! - sims[a]! || a - b).slice(0, take);
    const v = Float64Array.from(vectors[i]!);
    for (const j of top) {
      const s = Math.max(0, sims[j]!);
      if (s <= 0) continue;
      for (let d = 0; d < dims; d++) v[d]! += (weight / take) * vectors[j]![d]!;
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 0) for (let d = 0; d < dims; d++) v[d]! /= norm;
    out.push(v);
  }
  return out;
}

/** Local density of each point: mean similarity to its nearest reference points. Depends only on the data, so it is memoised. */
const densityMemo = new WeakMap<readonly Float64Array[], Float64Array>();
function densityOf(data: readonly Float64Array[]): Float64Array {
  const cached = densityMemo.get(data);
  if (cached) return cached;
  const n = data.length;
  const step = Math.max(1, Math.ceil(n / 1500));
  const reference: number[] = [];
  for (let i = 0; i < n; i += step) reference.push(i);
  const near = Math.max(2, Math.min(10, reference.length - 1));
  const density = new Float64Array(n);
  // The `near` largest similarities, kept sorted descending (cheaper than sorting all of them).
  const top = new Float64Array(near);
  for (let i = 0; i < n; i++) {
    top.fill(-Infinity);
    for (const j of reference) {
      if (j === i) continue;
      const sim = dot(data[i]!, data[j]!);
      if (sim <= top[near - 1]!) continue;
      let p = near - 1;
      while (p > 0 && top[p - 1]! < sim) {
        top[p] = top[p - 1]!;
        p--;
      }
      top[p] = sim;
    }
    let sum = 0;
    for (let p = 0; p < near; p++) sum += Math.max(0, top[p]!);
    density[i] = sum / near;
  }
  densityMemo.set(data, density);
  return density;
}

/**
 * Deterministic seeding: the first centre is the point with the densest neighbourhood; each next one
 * the point that is both far from the centres so far and dense (distance x density), so outliers are
 * not picked. Density is the mean similarity to the point's nearest neighbours (on a fixed sample).
 */
function densityCentres(data: readonly Float64Array[], k: number): Float64Array[] {
  const n = data.length;
  const density = densityOf(data);
  let first = 0;
  for (let i = 1; i < n; i++) if (density[i]! > density[first]! + 1e-12) first = i;
  const centres = [Float64Array.from(data[first]!)];
  const nearest = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    const last = centres[centres.length - 1]!;
    let next = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, 1 - dot(data[i]!, last));
      if (d < nearest[i]!) nearest[i] = d;
      const score = nearest[i]! * density[i]!;
      if (score > bestScore + 1e-12) {
        bestScore = score;
        next = i;
      }
    }
    if (next < 0 || bestScore <= 0) break;
    centres.push(Float64Array.from(data[next]!));
  }
  return centres;
}

/** Spherical k-means from given centres (deterministic). */
function sphericalFrom(data: readonly Float64Array[], start: readonly Float64Array[], maxIterations = 100): number[] {
  const k = start.length;
  const n = data.length;
  const dims = data[0]!.length;
  let centres = start.map((c) => Float64Array.from(c));
  const labels = new Int32Array(n).fill(-1);
  for (let it = 0; it < maxIterations; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const sim = dot(data[i]!, centres[c]!);
        if (sim > bestSim + 1e-12) {
          bestSim = sim;
          best = c;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    for (let i = 0; i < n; i++) {
      const s = sums[labels[i]!]!;
      for (let d = 0; d < dims; d++) s[d]! += data[i]![d]!;
    }
    centres = sums.map((s, c) => {
      const norm = Math.sqrt(dot(s, s));
      if (norm === 0) return centres[c]!;
      for (let d = 0; d < dims; d++) s[d]! /= norm;
      return s;
    });
  }
  return Array.from(labels);
}

/** Adjusted Rand index of two labelings (small k), for choosing the most typical restart. */
function pairAgreement(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const n = a.length;
  const table = new Float64Array(k * k);
  const ra = new Float64Array(k);
  const rb = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    table[a[i]! * k + b[i]!]!++;
    ra[a[i]!]!++;
    rb[b[i]!]!++;
  }
  const c2 = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (const x of table) index += c2(x);
  let sa = 0;
  let sb = 0;
  for (let c = 0; c < k; c++) {
    sa += c2(ra[c]!);
    sb += c2(rb[c]!);
  }
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/**
 * Consensus over restarts: of several seeded runs, keep the one that agrees best (mean ARI) with all
 * the others, the "medoid" partition. Where the data has no single best split, the lowest-inertia run
 * changes with the seed; the most typical one hardly does.
 */
function consensusRun(runs: readonly number[][], k: number): number[] {
  if (runs.length <= 2) return runs[0]!;
  let best = 0;
  let bestScore = -Infinity;
  const scores = runs.map(() => 0);
  for (let a = 0; a < runs.length; a++) {
    for (let b = a + 1; b < runs.length; b++) {
      const s = pairAgreement(runs[a]!, runs[b]!, k);
      scores[a]! += s;
      scores[b]! += s;
    }
  }
  scores.forEach((s, r) => {
    if (s > bestScore + 1e-9) {
      bestScore = s;
      best = r;
    }
  });
  return runs[best]!;
}

/** Cosine similarity of each row's term vector to its theme's term centroid (0 for rows without a theme). */
function termCentroidSimilarity(features: SparseMatrix, labels: ArrayLike<number>, k: number): Float64Array {
  const m = features.cols;
  const centres = new Float64Array(k * m);
  for (let r = 0; r < features.rows; r++) {
    const c = labels[r]!;
    if (c < 0) continue;
    for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) centres[c * m + features.indices[q]!]! += features.values[q]!;
  }
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < m; j++) norm += centres[c * m + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < m; j++) centres[c * m + j]! /= norm;
  }
  const out = new Float64Array(features.rows);
  for (let r = 0; r < features.rows; r++) {
    const c = labels[r]!;
    if (c < 0) continue;
    let s = 0;
    for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) s += features.values[q]! * centres[c * m + features.indices[q]!]!;
    out[r] = s;
  }
  return out;
}

/** Cosine distances between the sampled points (row-major, sample x sample), computed once for every k tried. */
function sampleDistances(vectors: readonly Float64Array[], sample: readonly number[]): Float64Array {
  const s = sample.length;
  const out = new Float64Array(s * s);
  for (let a = 0; a < s; a++) {
    for (let b = a + 1; b < s; b++) {
      const d = 1 - dot(vectors[sample[a]!]!, vectors[sample[b]!]!);
      out[a * s + b] = d;
      out[b * s + a] = d;
    }
  }
  return out;
}

/** Mean silhouette (cosine distance) of the sampled points, from their distances. */
function silhouette(distances: Float64Array, labels: ArrayLike<number>, k: number, sample: readonly number[]): number {
  if (k < 2) return NaN;
  const size = sample.length;
  let total = 0;
  let counted = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (let a = 0; a < size; a++) {
    sums.fill(0);
    counts.fill(0);
    for (let b = 0; b < size; b++) {
      if (b === a) continue;
      const c = labels[sample[b]!]!;
      sums[c]! += distances[a * size + b]!;
      counts[c]!++;
    }
    const own = labels[sample[a]!]!;
    if (counts[own] === 0) continue;
    const inside = sums[own]! / counts[own]!;
    let nearest = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) nearest = Math.min(nearest, sums[c]! / counts[c]!);
    if (!Number.isFinite(nearest)) continue;
    total += (nearest - inside) / Math.max(inside, nearest, 1e-12);
    counted++;
  }
  return counted ? total / counted : NaN;
}

/** Mean vector of each cluster (unit length when `unit`), for clusters that are all non-empty. */
function meansOf(vectors: readonly Float64Array[], labels: ArrayLike<number>, k: number, unit: boolean): Float64Array[] {
  const dims = vectors[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Float64Array(dims));
  const counts = new Int32Array(k);
  for (let i = 0; i < vectors.length; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    counts[c]!++;
    for (let d = 0; d < dims; d++) sums[c]![d]! += vectors[i]![d]!;
  }
  for (let c = 0; c < k; c++) {
    const scale = unit ? 1 / (Math.sqrt(dot(sums[c]!, sums[c]!)) || 1) : 1 / Math.max(1, counts[c]!);
    for (let d = 0; d < dims; d++) sums[c]![d]! *= scale;
  }
  return sums;
}

function centroidsOf(vectors: Float64Array[], labels: ArrayLike<number>, k: number): Float64Array[] {
  const dims = vectors[0]?.length ?? 0;
  const centroids = Array.from({ length: k }, () => new Float64Array(dims));
  for (let i = 0; i < vectors.length; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    const v = vectors[i]!;
    for (let d = 0; d < dims; d++) centroids[c]![d]! += v[d]!;
  }
  for (const c of centroids) {
    const norm = Math.sqrt(dot(c, c));
    if (norm > 0) for (let d = 0; d < dims; d++) c[d]! /= norm;
  }
  return centroids;
}

/**
 * Group unit vectors into themes. k is `options.k` or the k in 2..kMax with the best silhouette
 * (smaller k on ties). Empty vectors, members far from their centre and clusters too small to be a
 * theme are assigned -1 (Other). Themes are numbered by size, largest first.
 */
export function clusterVectors(vectors: Float64Array[], options: ClusterOptions): Clustering {
  const n = vectors.length;
  const live = [...vectors.keys()].filter((i) => !isZero(vectors[i]!));
  const assignments = new Int32Array(n).fill(-1);
  const similarity = new Float64Array(n);
  const tried: { k: number; silhouette: number }[] = [];
  // 3% of the scope, but never more than 8: in 2,000 answers a point 20 people make is a theme.
  const minSize = options.minThemeSize ?? Math.max(2, Math.min(8, Math.ceil(0.03 * n)));
  const minSimilarity = options.minSimilarity ?? 0.2;

  if (live.length < 3) {
    // Too few to split: one theme if there is anything to say, otherwise nothing.
    if (live.length >= 2 || (live.length === 1 && options.k === 1)) {
      for (const i of live) assignments[i] = 0;
      const centroids = centroidsOf(vectors, assignments, 1);
      for (const i of live) similarity[i] = dot(vectors[i]!, centroids[0]!);
      return { assignments, k: 1, centroids, similarity, silhouette: NaN, tried };
    }
    return { assignments, k: 0, centroids: [], similarity, silhouette: NaN, tried };
  }

  const data = live.map((i) => Array.from(vectors[i]!));
  const liveVectors = live.map((i) => vectors[i]!);
  const restarts = options.restarts ?? 4;
  const random = createRandom(options.seed ^ 0x5eed);
  const sampleSize = Math.min(options.silhouetteSample ?? 800, live.length);
  const shuffled = [...live.keys()];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const sample = shuffled.slice(0, sampleSize).sort((a, b) => a - b);

  const algorithm = options.algorithm ?? 'density-euclidean';
  const spherical = algorithm !== 'euclidean';
  const smooth = options.smoothNeighbours ?? 0;
  const kmeansVectors = smooth > 0 && live.length <= 5000 ? smoothByNeighbours(liveVectors, smooth, options.smoothWeight ?? 1) : liveVectors;
  const kmeansData = kmeansVectors === liveVectors ? data : kmeansVectors.map((v) => Array.from(v));
  /** k-means with k themes on the given points (all live points, or the sample used to choose k). */
  // `start`: centres to begin from (the sample's themes) instead of the density seeding.
  const runKmeans = (vecs: readonly Float64Array[], rows: number[][], k: number, runs: number, start?: Float64Array[]): number[] => {
    if (algorithm === 'density') return sphericalFrom(vecs, start ?? densityCentres(vecs, k));
    if (algorithm === 'density-euclidean') {
      const init = (start ?? densityCentres(vecs, k)).map((c) => Array.from(c));
      return kmeans(rows, init.length, { initialization: init, maxIterations: 100 }).clusters;
    }
    const oneRun = (seed: number): number[] => (spherical ? bestSpherical(vecs, k, seed, runs) : bestKmeans(rows, k, seed, runs));
    if (!options.consensus) return oneRun(options.seed);
    // Each candidate is itself the best of a few restarts; the consensus picks the most typical candidate.
    const candidates = Array.from({ length: options.consensus }, (_, r) => oneRun(options.seed + 104729 * (r + 1)));
    return consensusRun(candidates, k);
  };
  let chosen: number[];
  let chosenK: number;
  let chosenSilhouette = NaN;
  if (options.k !== undefined) {
    chosenK = Math.max(1, Math.min(options.k, live.length));
    chosen = chosenK === 1 ? data.map(() => 0) : runKmeans(kmeansVectors, kmeansData, chosenK, restarts);
    chosenSilhouette = silhouette(sampleDistances(liveVectors, sample), chosen, chosenK, sample);
  } else {
    // Silhouette on short texts keeps rising with k (tiny tight groups), so k is bounded by the
    // rule of thumb sqrt(n/2): a facilitator reads 3-4 themes in 30 bullets, 8-10 in 200 answers.
    const kMax = Math.max(2, Math.min(options.kMax ?? Math.min(20, Math.round(Math.sqrt(live.length / 2))), Math.floor(live.length / 3)));
    // Large scopes choose k on a seeded sample (k-means for every k on all points is what makes them slow),
    // then cluster all points once with the chosen k.
    const limit = options.chooseKSample ?? 4000;
    const bySample = live.length > limit;
    const picked = bySample ? shuffled.slice(0, limit).sort((a, b) => a - b) : null;
    const vecs = picked ? picked.map((p) => kmeansVectors[p]!) : kmeansVectors;
    const rows = picked ? picked.map((p) => kmeansData[p]!) : kmeansData;
    const scoreVectors = picked ? picked.map((p) => liveVectors[p]!) : liveVectors;
    const position = new Map((picked ?? []).map((p, i) => [p, i]));
    const scoreSample = picked ? shuffled.slice(0, Math.min(sampleSize, limit)).map((p) => position.get(p)!).sort((a, b) => a - b) : sample;
    chosen = data.map(() => 0);
    chosenK = 1;
    let best = -Infinity;
    let sampleLabels: number[] = [];
    const distances = sampleDistances(scoreVectors, scoreSample);
    for (let k = 2; k <= kMax; k++) {
      const labels = runKmeans(vecs, rows, k, restarts);
      const s = silhouette(distances, labels, k, scoreSample);
      tried.push({ k, silhouette: Number(s.toFixed(4)) });
      if (s > best + 1e-9) {
        best = s;
        if (!picked) chosen = labels;
        sampleLabels = labels;
        chosenK = k;
        chosenSilhouette = s;
      }
    }
    if (picked && chosenK > 1) {
      // All points start from the sample's themes (their mean vectors): the sample already found the
      // shape, and seeding again on every point would cost a density pass over all of them.
      const seeded = algorithm === 'density' || algorithm === 'density-euclidean';
      const start = seeded ? meansOf(vecs, sampleLabels, chosenK, algorithm === 'density') : undefined;
      chosen = runKmeans(kmeansVectors, kmeansData, chosenK, restarts, start);
    }
  }

  const rounds = options.refineRounds ?? 10;
  if (options.features && rounds > 0 && chosenK > 1) {
    const centres = centroidsOf(liveVectors, chosen, chosenK);
    const typicality = chosen.map((c, p) => dot(liveVectors[p]!, centres[c]!));
    chosen = refineByClassification(options.features, live, chosen, chosenK, typicality, rounds, options.refineTrainShare ?? 1, options.classifier ?? 'cnb');
  }

  // Map back to all vectors, then move weak members and tiny clusters to Other.
  const raw = new Int32Array(n).fill(-1);
  live.forEach((i, p) => (raw[i] = chosen[p]!));
  let centroids = centroidsOf(vectors, raw, chosenK);
  if (options.features && options.termSimilarity !== undefined) {
    // With term features, a member is weak when it shares (almost) no weighted terms with its theme.
    const termSims = termCentroidSimilarity(options.features, raw, chosenK);
    for (const i of live) if (termSims[i]! < options.termSimilarity) raw[i] = -1;
  } else {
    for (const i of live) {
      if (dot(vectors[i]!, centroids[raw[i]!]!) < minSimilarity) raw[i] = -1;
    }
  }
  const sizes = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = raw[i]!;
    if (c < 0) continue;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, i);
  }
  const kept = [...sizes.keys()]
    .filter((c) => sizes.get(c)! >= minSize)
    .sort((a, b) => sizes.get(b)! - sizes.get(a)! || first.get(a)! - first.get(b)!);
  const renumber = new Map(kept.map((c, idx) => [c, idx]));
  for (let i = 0; i < n; i++) assignments[i] = raw[i]! >= 0 ? (renumber.get(raw[i]!) ?? -1) : -1;
  centroids = centroidsOf(vectors, assignments, kept.length);
  for (let i = 0; i < n; i++) similarity[i] = assignments[i]! >= 0 ? dot(vectors[i]!, centroids[assignments[i]!]!) : 0;
  return { assignments, k: kept.length, centroids, similarity, silhouette: chosenSilhouette, tried };
}
