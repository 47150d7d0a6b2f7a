// Cluster kernels: the numeric loops of the clustering on flat typed arrays, two points per pass over four references
// or centres (each sum in the same order as a plain loop, so the same bits): the density of each point, the
// silhouette distances of the sample, and k-means (ml-kmeans's exact steps). Kept apart from cluster.ts, which
// decides what to run on what.

/**
 * The similarities of points x and y to every reference (rows of `refFlat`, `d` numbers each) into `sx` and `sy`:
 * four references per pass over the two points, each similarity summed in the same order as dot() (the same bits).
 */
function similaritiesToReferences(x: Float64Array, y: Float64Array, refFlat: Float64Array, refs: number, d: number, sx: Float64Array, sy: Float64Array): void {
  let p = 0;
  for (; p + 4 <= refs; p += 4) {
    const o0 = p * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let k = 0; k < d; k++) {
      const v = x[k]!;
      const w = y[k]!;
      const r0 = refFlat[o0 + k]!;
      const r1 = refFlat[o1 + k]!;
      const r2 = refFlat[o2 + k]!;
      const r3 = refFlat[o3 + k]!;
      a0 += v * r0;
      a1 += v * r1;
      a2 += v * r2;
      a3 += v * r3;
      b0 += w * r0;
      b1 += w * r1;
      b2 += w * r2;
      b3 += w * r3;
    }
    sx[p] = a0;
    sx[p + 1] = a1;
    sx[p + 2] = a2;
    sx[p + 3] = a3;
    sy[p] = b0;
    sy[p + 1] = b1;
    sy[p + 2] = b2;
    sy[p + 3] = b3;
  }
  for (; p < refs; p++) {
    const o = p * d;
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      a += x[k]! * refFlat[o + k]!;
      b += y[k]! * refFlat[o + k]!;
    }
    sx[p] = a;
    sy[p] = b;
  }
}

/** Local density of each point: mean similarity to its nearest reference points. Depends only on the data, so it is memoised. */
const densityMemo = new WeakMap<readonly Float64Array[], Float64Array>();
export function densityOf(data: readonly Float64Array[]): Float64Array {
  const cached = densityMemo.get(data);
  if (cached) return cached;
  const n = data.length;
  const step = Math.max(1, Math.ceil(n / 1500));
  const reference: number[] = [];
  for (let i = 0; i < n; i += step) reference.push(i);
  const near = Math.max(2, Math.min(10, reference.length - 1));
  const density = new Float64Array(n);
  // Points and references in flat arrays, four references per pass over a point (each similarity summed
  // in the same order as dot(), so the same bits): about twice as fast as one dot() per pair.
  const d = n > 0 ? data[0]!.length : 0;
  const refs = reference.length;
  const refFlat = new Float64Array(refs * d);
  reference.forEach((j, p) => refFlat.set(data[j]!, p * d));
  const sims = new Float64Array(refs);
  const simsNext = new Float64Array(refs);
  // The `near` largest similarities, kept sorted descending (cheaper than sorting all of them).
  const top = new Float64Array(near);
  const densityAt = (i: number, of: Float64Array): number => {
    top.fill(-Infinity);
    for (let q = 0; q < refs; q++) {
      if (reference[q] === i) continue;
      const sim = of[q]!;
      if (sim <= top[near - 1]!) continue;
      let t = near - 1;
      while (t > 0 && top[t - 1]! < sim) {
        top[t] = top[t - 1]!;
        t--;
      }
      top[t] = sim;
    }
    let sum = 0;
    for (let t = 0; t < near; t++) sum += Math.max(0, top[t]!);
    return sum / near;
  };
  // Two points at a time: each reference read serves both (about a quarter less time than one point at a time).
  let i = 0;
  for (; i + 1 < n; i += 2) {
    similaritiesToReferences(data[i]!, data[i + 1]!, refFlat, refs, d, sims, simsNext);
    density[i] = densityAt(i, sims);
    density[i + 1] = densityAt(i + 1, simsNext);
  }
  if (i < n) {
    similaritiesToReferences(data[i]!, data[i]!, refFlat, refs, d, sims, simsNext);
    density[i] = densityAt(i, sims);
  }
  densityMemo.set(data, density);
  return density;
}

/** The first centre at the smallest distance (ml-kmeans's choice on ties). */
function nearest(dist: Float64Array, k: number): number {
  let best = -1;
  let min = Number.MAX_VALUE;
  for (let c = 0; c < k; c++) {
    if (dist[c]! < min) {
      min = dist[c]!;
      best = c;
    }
  }
  return best;
}

/**
 * Squared Euclidean distances of the points at offsets `ox` and `oy` of `flat` to each of the `k` centres, into
 * `dx` and `dy`: four centres per pass over the two points, each distance summed over the dimensions in order.
 */
function squaredDistances(flat: Float64Array, ox: number, oy: number, centres: Float64Array, k: number, d: number, dx: Float64Array, dy: Float64Array): void {
  let c = 0;
  for (; c + 4 <= k; c += 4) {
    const o0 = c * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let j = 0; j < d; j++) {
      const x = flat[ox + j]!;
      const y = flat[oy + j]!;
      const c0 = centres[o0 + j]!;
      const c1 = centres[o1 + j]!;
      const c2 = centres[o2 + j]!;
      const c3 = centres[o3 + j]!;
      const t0 = x - c0;
      const t1 = x - c1;
      const t2 = x - c2;
      const t3 = x - c3;
      const u0 = y - c0;
      const u1 = y - c1;
      const u2 = y - c2;
      const u3 = y - c3;
      a0 += t0 * t0;
      a1 += t1 * t1;
      a2 += t2 * t2;
      a3 += t3 * t3;
      b0 += u0 * u0;
      b1 += u1 * u1;
      b2 += u2 * u2;
      b3 += u3 * u3;
    }
    dx[c] = a0;
    dx[c + 1] = a1;
    dx[c + 2] = a2;
    dx[c + 3] = a3;
    dy[c] = b0;
    dy[c + 1] = b1;
    dy[c + 2] = b2;
    dy[c + 3] = b3;
  }
  for (; c < k; c++) {
    const oc = c * d;
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      const t = flat[ox + j]! - centres[oc + j]!;
      const u = flat[oy + j]! - centres[oc + j]!;
      a += t * t;
      b += u * u;
    }
    dx[c] = a;
    dy[c] = b;
  }
}

/**
 * Lloyd's k-means exactly as ml-kmeans runs it from given centres: each point to the nearest centre by squared
 * Euclidean distance (the first on ties), each centre the mean of its points summed in point order (an empty
 * cluster keeps its centre), until no centre moves more than `tolerance` (squared) or `maxIterations` steps.
 * On flat typed arrays, four centres per pass over a point, each distance summed in ml-kmeans's order: the
 * clusters are the same as ml-kmeans's (tested), in less time on large inputs (no copy into arrays of numbers,
 * one pass over the point's memory for four centres) and as fast on small ones. cluster.ts runs ml-kmeans itself
 * below 10,000 points (FLAT_KMEANS_MIN).
 */
export function flatKmeans(points: readonly Float64Array[], init: readonly Float64Array[], maxIterations = 100, tolerance = 1e-6): number[] {
  const n = points.length;
  const k = init.length;
  const d = n > 0 ? points[0]!.length : 0;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  let centres = new Float64Array(k * d);
  init.forEach((c, j) => centres.set(c, j * d));
  const clusters: number[] = new Array(n).fill(-1);
  const dist = new Float64Array(k);
  const distNext = new Float64Array(k);
  const counts = new Int32Array(k);
  let converged = false;
  for (let step = 0; !converged && step < maxIterations; step++) {
    // Two points at a time (each centre read once for both), then the last one alone.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      squaredDistances(flat, i * d, (i + 1) * d, centres, k, d, dist, distNext);
      clusters[i] = nearest(dist, k);
      clusters[i + 1] = nearest(distNext, k);
    }
    if (i < n) {
      squaredDistances(flat, i * d, i * d, centres, k, d, dist, distNext);
      clusters[i] = nearest(dist, k);
    }
    const next = new Float64Array(k * d);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = clusters[i]!;
      counts[c]!++;
      const o = i * d;
      const oc = c * d;
      for (let j = 0; j < d; j++) next[oc + j]! += flat[o + j]!;
    }
    for (let c = 0; c < k; c++) {
      const oc = c * d;
      for (let j = 0; j < d; j++) next[oc + j] = counts[c] ? next[oc + j]! / counts[c]! : centres[oc + j]!;
    }
    converged = true;
    for (let c = 0; c < k && converged; c++) {
      const oc = c * d;
      let s0 = 0;
      for (let j = 0; j < d; j++) {
        const t = next[oc + j]! - centres[oc + j]!;
        s0 += t * t;
      }
      if (s0 > tolerance) converged = false;
    }
    centres = next;
  }
  return clusters;
}

/**
 * Cosine distances between the sampled points (row-major, sample x sample), computed once for every k tried.
 * Two rows at a time against the points after them (similaritiesToReferences: each dot product summed in dot()'s
 * order, so the same bits), which reads each point once for two rows.
 */
export function sampleDistances(vectors: readonly Float64Array[], sample: readonly number[]): Float64Array {
  const s = sample.length;
  const out = new Float64Array(s * s);
  if (s < 2) return out;
  const d = vectors[sample[0]!]!.length;
  const flat = new Float64Array(s * d);
  sample.forEach((p, i) => flat.set(vectors[p]!, i * d));
  const first = new Float64Array(s);
  const second = new Float64Array(s);
  for (let a = 0; a < s - 1; a += 2) {
    // Rows a and a + 1 against the points from a + 1 on (a + 1 < s here).
    const rest = s - a - 1;
    similaritiesToReferences(flat.subarray(a * d, a * d + d), flat.subarray((a + 1) * d, (a + 2) * d), flat.subarray((a + 1) * d), rest, d, first, second);
    for (let q = 0; q < rest; q++) {
      const b = a + 1 + q;
      const x = 1 - first[q]!;
      out[a * s + b] = x;
      out[b * s + a] = x;
      if (q === 0) continue; // row a + 1 against itself
      const y = 1 - second[q]!;
      out[(a + 1) * s + b] = y;
      out[b * s + a + 1] = y;
    }
  }
  return out;
}

