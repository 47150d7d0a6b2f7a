// Cluster: k-means (ml-kmeans; its steps on flat arrays for large inputs, see flatKmeans) from deterministic density-based centres, k chosen by silhouette, refined by
// iterative classification (complement naive Bayes on the terms), weak members and tiny clusters to "Other".
// Alternatives measured and dropped (seeded k-means++ restarts, spherical k-means, consensus over restarts,
// neighbour smoothing, other classifiers, Other by term similarity) are listed in docs/quality.md.
import { kmeans } from 'ml-kmeans';
import { densityOf, flatKmeans, sampleDistances } from './cluster-kernels.ts';
import { createRandom } from './random.ts';
import type { SparseMatrix } from './vectorise.ts';

export { flatKmeans } from './cluster-kernels.ts';

/**
 * Below this many points k-means is ml-kmeans itself (the maintained library the project builds on); from it, the
 * same steps on flat typed arrays (flatKmeans, tested to give ml-kmeans's clusters), faster on large inputs. Loading
 * ml-kmeans costs about 0.17 s at start (docs/performance.md).
 */
const FLAT_KMEANS_MIN = 10_000;

export interface ClusterOptions {
  seed: number;
  /** Force the number of themes (the CLI's --k). */
  k?: number;
  /** Largest k tried when choosing automatically (default: about sqrt(n/2), at most 20). */
  kMax?: number;
  /** A cluster smaller than this goes to Other (default: 3% of the scope, at least 2 and at most 8). */
  minThemeSize?: number;
  /** A member less similar than this (cosine) to its theme's centre goes to Other (default 0.2). */
  minSimilarity?: number;
  /** Points used to compute the silhouette when choosing k (default 800). */
  silhouetteSample?: number;
  /** Above this many points, k is chosen on a seeded sample of this size, then all points are clustered once (default 4000). */
  chooseKSample?: number;
  /** The rows' sparse term features (e.g. TF-IDF), same order as `vectors`: enables refinement by classification. */
  features?: SparseMatrix;
  /** Rounds of refinement by classification (default 10; 0 turns it off). */
  refineRounds?: number;
  /** Called after each k tried and each refinement round, so a long clustering can show progress (no effect on the result). */
  onStep?: () => void;
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

/**
 * Iterative classification: train a complement naive Bayes classifier (Rennie et al. 2003) on the terms
 * of each theme's members, reassign every row, and repeat until the themes stop changing. Short texts
 * share few words, so a classifier that weighs each word by how strongly it marks a theme repairs much
 * of what k-means got wrong; the complement form (each theme estimated from everything outside it,
 * weights normalised) keeps large themes from swallowing small ones.
 */
function refineByClassification(features: SparseMatrix, rows: readonly number[], start: readonly number[], k: number, rounds: number, onRound?: () => void): number[] {
  const m = features.cols;
  const alpha = 0.1;
  let labels = [...start];
  for (let round = 0; round < rounds; round++) {
    onRound?.();
    const weights = new Float64Array(k * m);
    const totals = new Float64Array(k);
    const size = new Int32Array(k);
    labels.forEach((c, p) => {
      const r = rows[p]!;
      size[c]!++;
      for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) {
        weights[c * m + features.indices[q]!]! += features.values[q]!;
        totals[c]! += features.values[q]!;
      }
    });
    const all = new Float64Array(m);
    let allTotal = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < m; j++) all[j]! += weights[c * m + j]!;
      allTotal += totals[c]!;
    }
    // An emptied theme can win no row.
    const prior = Array.from(size, (n) => (n > 0 ? 0 : -Infinity));
    const row = new Float64Array(m);
    for (let c = 0; c < k; c++) {
      const denominator = Math.log(allTotal - totals[c]! + alpha * m);
      let norm = 0;
      for (let j = 0; j < m; j++) {
        row[j] = Math.log(all[j]! - weights[c * m + j]! + alpha) - denominator;
        norm += Math.abs(row[j]!);
      }
      for (let j = 0; j < m; j++) weights[c * m + j] = -row[j]! / (norm || 1);
    }
    let changed = 0;
    const scores = new Float64Array(k);
    const next = labels.map((current, p) => {
      const r = rows[p]!;
      for (let c = 0; c < k; c++) {
        let score = prior[c]!;
        for (let q = features.indptr[r]!; q < features.indptr[r + 1]!; q++) score += features.values[q]! * weights[c * m + features.indices[q]!]!;
        scores[c] = score;
      }
      // A row keeps its theme unless another scores clearly higher.
      let best = current;
      for (let c = 0; c < k; c++) if (scores[c]! > scores[best]! + 1e-12) best = c;
      if (best !== current) changed++;
      return best;
    });
    labels = next;
    if (changed <= rows.length * 0.001) break;
  }
  return labels;
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

/** Mean vector of each cluster (the k-means centres), for clusters that are all non-empty. */
function meansOf(vectors: readonly Float64Array[], labels: ArrayLike<number>, k: number): Float64Array[] {
  const dims = vectors[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Float64Array(dims));
  const counts = new Int32Array(k);
  for (let i = 0; i < vectors.length; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    counts[c]!++;
    for (let d = 0; d < dims; d++) sums[c]![d]! += vectors[i]![d]!;
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < dims; d++) sums[c]![d]! /= Math.max(1, counts[c]!);
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

  const liveVectors = live.map((i) => vectors[i]!);
  const random = createRandom(options.seed ^ 0x5eed);
  const sampleSize = Math.min(options.silhouetteSample ?? 800, live.length);
  const shuffled = [...live.keys()];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const sample = shuffled.slice(0, sampleSize).sort((a, b) => a - b);

  /** k-means with k themes on the given points, from `start` (the sample's themes) or from the density seeding. */
  const runKmeans = (vecs: readonly Float64Array[], k: number, start?: Float64Array[]): number[] => {
    const init = start ?? densityCentres(vecs, k);
    if (vecs.length >= FLAT_KMEANS_MIN) return flatKmeans(vecs, init, 100);
    return kmeans(vecs.map((v) => Array.from(v)), init.length, { initialization: init.map((c) => Array.from(c)), maxIterations: 100 }).clusters;
  };
  let chosen: number[];
  let chosenK: number;
  let chosenSilhouette = NaN;
  if (options.k !== undefined) {
    chosenK = Math.max(1, Math.min(options.k, live.length));
    chosen = chosenK === 1 ? liveVectors.map(() => 0) : runKmeans(liveVectors, chosenK);
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
    const vecs = picked ? picked.map((p) => liveVectors[p]!) : liveVectors;
    const position = new Map((picked ?? []).map((p, i) => [p, i]));
    const scoreSample = picked ? shuffled.slice(0, Math.min(sampleSize, limit)).map((p) => position.get(p)!).sort((a, b) => a - b) : sample;
    chosen = liveVectors.map(() => 0);
    chosenK = 1;
    let best = -Infinity;
    let sampleLabels: number[] = [];
    const distances = sampleDistances(vecs, scoreSample);
    for (let k = 2; k <= kMax; k++) {
      const labels = runKmeans(vecs, k);
      const s = silhouette(distances, labels, k, scoreSample);
      tried.push({ k, silhouette: Number(s.toFixed(4)) });
      options.onStep?.();
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
      chosen = runKmeans(liveVectors, chosenK, meansOf(vecs, sampleLabels, chosenK));
      options.onStep?.();
    }
  }

  const rounds = options.refineRounds ?? 10;
  if (options.features && rounds > 0 && chosenK > 1) {
    chosen = refineByClassification(options.features, live, chosen, chosenK, rounds, options.onStep);
  }

  // Map back to all vectors, then move weak members and tiny clusters to Other.
  const raw = new Int32Array(n).fill(-1);
  live.forEach((i, p) => (raw[i] = chosen[p]!));
  let centroids = centroidsOf(vectors, raw, chosenK);
  for (const i of live) {
    if (dot(vectors[i]!, centroids[raw[i]!]!) < minSimilarity) raw[i] = -1;
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
