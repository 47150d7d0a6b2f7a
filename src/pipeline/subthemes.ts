// Sub-themes: split each theme into the distinct points its members make, with the theme's own vectors and terms.
import { clusterVectors } from './cluster.ts';
import type { SparseMatrix } from './vectorise.ts';

/** A theme smaller than this holds one point: no sub-themes. */
export const MIN_SPLIT_SIZE = 6;
/** A sub-theme smaller than this joins its nearest sibling (a point two people make is still a point). */
const MIN_SUBTHEME_SIZE = 2;
/** At most this many sub-themes per theme: more would not be read under one heading. */
const MAX_SUBTHEMES = 8;

/** The rows of a sparse matrix, in the given order, as a matrix of their own. */
export function sliceRows(matrix: SparseMatrix, rows: readonly number[]): SparseMatrix {
  let nnz = 0;
  for (const r of rows) nnz += matrix.indptr[r + 1]! - matrix.indptr[r]!;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  rows.forEach((r, p) => {
    for (let q = matrix.indptr[r]!; q < matrix.indptr[r + 1]!; q++) {
      indices[at] = matrix.indices[q]!;
      values[at] = matrix.values[q]!;
      at++;
    }
    indptr[p + 1] = at;
  });
  return { rows: rows.length, cols: matrix.cols, indptr, indices, values };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * The largest number of sub-themes tried for a theme of `size` members: about sqrt(size / 2), but a small theme may
 * have up to one sub-theme per three members (at most 4): coders give a theme of 12 answers 3-5 codes where sqrt(6)
 * allows 2 (docs/quality.md, session 15). Never more than MAX_SUBTHEMES, never fewer than 2.
 */
export function subthemeKMax(size: number): number {
  return Math.min(MAX_SUBTHEMES, Math.max(2, Math.round(Math.sqrt(size / 2)), Math.min(4, Math.floor(size / 3))));
}

/**
 * Split one theme's members (positions into `vectors` and the rows of `features`) into sub-themes: the same
 * clustering as the themes (density seeding, k by silhouette, refinement by classification), with k at most
 * subthemeKMax(members). Every member gets a sub-theme: members the clustering would leave
 * out (weak or in a tiny group) join the nearest sub-theme centre. Returns the sub-themes' member positions,
 * largest first, each in the order of `members`; an empty list when the theme holds one point (too small, or
 * no split into two or more groups). Deterministic for a seed.
 */
export function splitTheme(vectors: readonly Float64Array[], features: SparseMatrix, members: readonly number[], seed: number): number[][] {
  if (members.length < MIN_SPLIT_SIZE) return [];
  const memberVectors = members.map((p) => vectors[p]!);
  const kMax = subthemeKMax(members.length);
  const clustering = clusterVectors(memberVectors, {
    seed,
    kMax,
    minThemeSize: MIN_SUBTHEME_SIZE,
    minSimilarity: -Infinity,
    features: sliceRows(features, members),
  });
  if (clustering.k < 2) return [];
  const groups: number[][] = Array.from({ length: clustering.k }, () => []);
  members.forEach((p, i) => {
    let c = clustering.assignments[i]!;
    if (c < 0) {
      // Nearest centre (an all-zero vector goes to the largest sub-theme, 0).
      let best = -Infinity;
      c = 0;
      clustering.centroids.forEach((centre, j) => {
        const s = dot(memberVectors[i]!, centre);
        if (s > best + 1e-12) {
          best = s;
          c = j;
        }
      });
    }
    groups[c]!.push(p);
  });
  return groups.filter((g) => g.length > 0).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}
