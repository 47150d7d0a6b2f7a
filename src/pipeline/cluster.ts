// Cluster: k-means (ml-kmeans) on normalised vectors, k chosen by silhouette on a sample, weak members to "Other".
import { kmeans } from 'ml-kmeans';
import { createRandom } from './random.ts';

export interface ClusterOptions {
  seed: number;
  /** Force the number of themes (the CLI's --k). */
  k?: number;
  /** Largest k tried when choosing automatically (default: about sqrt(n/2), at most 20). */
  kMax?: number;
  /** k-means restarts per k; the lowest inertia wins (default 4). */
  restarts?: number;
  /** A cluster smaller than this goes to Other (default: 2, or 3% of the scope when larger). */
  minThemeSize?: number;
  /** A member less similar than this (cosine) to its theme's centre goes to Other (default 0.2). */
  minSimilarity?: number;
  /** Points used to compute the silhouette when choosing k (default 800). */
  silhouetteSample?: number;
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

/** Mean silhouette (cosine distance) of the sampled points. */
function silhouette(vectors: Float64Array[], labels: number[], k: number, sample: number[]): number {
  if (k < 2) return NaN;
  let total = 0;
  let counted = 0;
  for (const i of sample) {
    const sums = new Float64Array(k);
    const counts = new Int32Array(k);
    for (const j of sample) {
      if (j === i) continue;
      sums[labels[j]!]! += 1 - dot(vectors[i]!, vectors[j]!);
      counts[labels[j]!]!++;
    }
    const own = labels[i]!;
    if (counts[own] === 0) continue;
    const a = sums[own]! / counts[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b, 1e-12);
    counted++;
  }
  return counted ? total / counted : NaN;
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
  const minSize = options.minThemeSize ?? Math.max(2, Math.ceil(0.03 * n));
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

  let chosen: number[];
  let chosenK: number;
  let chosenSilhouette = NaN;
  if (options.k !== undefined) {
    chosenK = Math.max(1, Math.min(options.k, live.length));
    chosen = chosenK === 1 ? data.map(() => 0) : bestKmeans(data, chosenK, options.seed, restarts);
    chosenSilhouette = silhouette(liveVectors, chosen, chosenK, sample);
  } else {
    // Silhouette on short texts keeps rising with k (tiny tight groups), so k is bounded by the
    // rule of thumb sqrt(n/2): a facilitator reads 3-4 themes in 30 bullets, 8-10 in 200 answers.
    const kMax = Math.max(2, Math.min(options.kMax ?? Math.min(20, Math.round(Math.sqrt(live.length / 2))), Math.floor(live.length / 3)));
    chosen = data.map(() => 0);
    chosenK = 1;
    let best = -Infinity;
    for (let k = 2; k <= kMax; k++) {
      const labels = bestKmeans(data, k, options.seed, restarts);
      const s = silhouette(liveVectors, labels, k, sample);
      tried.push({ k, silhouette: Number(s.toFixed(4)) });
      if (s > best + 1e-9) {
        best = s;
        chosen = labels;
        chosenK = k;
        chosenSilhouette = s;
      }
    }
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
