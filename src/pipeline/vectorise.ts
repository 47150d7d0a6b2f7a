// Vectorise: segments' terms -> sparse TF-IDF (CSR, typed arrays) -> LSA vectors by a seeded randomized SVD.
import { createRandom } from './random.ts';

/** A sparse matrix in compressed sparse row form. */
export interface SparseMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface TfidfOptions {
  /** A term must occur in at least this many documents (default 2, or 1 for very small sets). */
  minDf?: number;
  /** Drop terms that occur in more than this share of documents (default 0.5). */
  maxDfShare?: number;
  /** Use 1 + log(tf) instead of raw counts (default true). */
  sublinear?: boolean;
}

export interface Tfidf {
  matrix: SparseMatrix;
  terms: string[];
  idf: Float64Array;
  /** Document frequency of each kept term. */
  df: Int32Array;
}

/**
 * Build an L2-normalised TF-IDF matrix from each document's list of terms (stems, bigrams...).
 * Term order is first appearance, so the result depends only on the input order.
 */
export function buildTfidf(docs: readonly (readonly string[])[], options: TfidfOptions = {}): Tfidf {
  const n = docs.length;
  const minDf = options.minDf ?? (n < 20 ? 1 : 2);
  const maxDf = Math.max(minDf, Math.floor((options.maxDfShare ?? 0.5) * n));
  const sublinear = options.sublinear ?? true;

  const dfAll = new Map<string, number>();
  for (const doc of docs) {
    for (const term of new Set(doc)) dfAll.set(term, (dfAll.get(term) ?? 0) + 1);
  }
  const termIndex = new Map<string, number>();
  const terms: string[] = [];
  const dfKept: number[] = [];
  for (const [term, df] of dfAll) {
    // Small sets keep frequent terms too: with 10 bullets a shared word is the whole signal.
    if (df < minDf || (n >= 20 && df > maxDf)) continue;
    termIndex.set(term, terms.length);
    terms.push(term);
    dfKept.push(df);
  }
  const idf = new Float64Array(terms.length);
  for (let j = 0; j < terms.length; j++) idf[j] = Math.log((1 + n) / (1 + dfKept[j]!)) + 1;

  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const counts = new Map<number, number>();
    for (const term of docs[i]!) {
      const j = termIndex.get(term);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const cols = [...counts.keys()].sort((a, b) => a - b);
    let norm = 0;
    const rowValues = cols.map((j) => {
      const tf = counts.get(j)!;
      const w = (sublinear ? 1 + Math.log(tf) : tf) * idf[j]!;
      norm += w * w;
      return w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < cols.length; c++) {
      indices.push(cols[c]!);
      values.push(rowValues[c]! / norm);
    }
    indptr[i + 1] = indices.length;
  }
  return {
    matrix: { rows: n, cols: terms.length, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
    terms,
    idf,
    df: Int32Array.from(dfKept),
  };
}

/** Dense row-major matrix helper: rows x cols in one Float64Array. */
interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Y = A * X, A sparse (n x m), X dense (m x l). */
function sparseTimesDense(a: SparseMatrix, x: Dense): Dense {
  const l = x.cols;
  const out = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    const o = i * l;
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
      const v = a.values[p]!;
      const xo = a.indices[p]! * l;
      for (let c = 0; c < l; c++) out[o + c]! += v * x.data[xo + c]!;
    }
  }
  return { rows: a.rows, cols: l, data: out };
}

/** Z = A^T * Y, A sparse (n x m), Y dense (n x l). */
function sparseTransposeTimesDense(a: SparseMatrix, y: Dense): Dense {
  const l = y.cols;
  const out = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * l;
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.indices[p]! * l;
      for (let c = 0; c < l; c++) out[o + c]! += v * y.data[yo + c]!;
    }
  }
  return { rows: a.cols, cols: l, data: out };
}

/** Orthonormalise the columns in place (modified Gram-Schmidt, twice for stability); returns kept column count. */
function orthonormaliseColumns(m: Dense): void {
  const { rows, cols, data } = m;
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < cols; c++) {
      for (let prev = 0; prev < c; prev++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += data[r * cols + c]! * data[r * cols + prev]!;
        for (let r = 0; r < rows; r++) data[r * cols + c]! -= dot * data[r * cols + prev]!;
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += data[r * cols + c]! ** 2;
      norm = Math.sqrt(norm);
      // A column with no energy left stays zero: it contributes a zero singular value.
      const inv = norm > 1e-12 ? 1 / norm : 0;
      for (let r = 0; r < rows; r++) data[r * cols + c]! *= inv;
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns eigenvalues and column eigenvectors. */
function symmetricEigen(c: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(c);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * size + p]!;
        const aqq = a[q * size + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = cos * akp - sin * akq;
          a[k * size + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = cos * apk - sin * aqk;
          a[q * size + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkq = v[k * size + q]!;
          v[k * size + p] = cos * vkp - sin * vkq;
          v[k * size + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i]!;
  return { values, vectors: v };
}

export interface LsaOptions {
  dims: number;
  seed: number;
  /** Power iterations of the randomized range finder (default 6). */
  powerIterations?: number;
  /** Extra columns beyond dims for accuracy (default: dims, at least 10). */
  oversample?: number;
}

/**
 * Latent semantic analysis: the rows of U*S from a seeded randomized SVD of the TF-IDF matrix,
 * each L2-normalised, so cosine similarity is a dot product. Rows with no terms stay zero.
 */
export function reduceLsa(a: SparseMatrix, options: LsaOptions): Float64Array[] {
  const dims = Math.max(1, Math.min(options.dims, a.rows - 1, a.cols));
  // Short texts give a flat spectrum: with little oversampling the top directions found depend on the
  // random start, and so would the themes. Oversampling by dims (and more power iterations) makes the
  // subspace, and so the themes, the same whatever the seed.
  const l = Math.min(dims + (options.oversample ?? Math.max(10, dims)), a.cols, a.rows);
  const random = createRandom(options.seed);
  const omega: Dense = { rows: a.cols, cols: l, data: new Float64Array(a.cols * l) };
  for (let i = 0; i < omega.data.length; i++) omega.data[i] = random.normal();
  let y = sparseTimesDense(a, omega);
  orthonormaliseColumns(y);
  for (let it = 0; it < (options.powerIterations ?? 6); it++) {
    const z = sparseTransposeTimesDense(a, y);
    orthonormaliseColumns(z);
    y = sparseTimesDense(a, z);
    orthonormaliseColumns(y);
  }
  // B^T = A^T Q (m x l); C = B B^T (l x l); C = V L V^T; U = Q V; document vectors = U * sqrt(L).
  const bt = sparseTransposeTimesDense(a, y);
  const c = new Float64Array(l * l);
  for (let r = 0; r < bt.rows; r++) {
    const o = r * l;
    for (let i = 0; i < l; i++) {
      const bi = bt.data[o + i]!;
      if (bi === 0) continue;
      for (let j = i; j < l; j++) c[i * l + j]! += bi * bt.data[o + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) c[i * l + j] = c[j * l + i]!;
  const { values, vectors } = symmetricEigen(c, l);
  const order = [...values.keys()].sort((i, j) => values[j]! - values[i]! || i - j).slice(0, dims);
  const out: Float64Array[] = [];
  for (let r = 0; r < a.rows; r++) {
    const row = new Float64Array(order.length);
    let norm = 0;
    for (let d = 0; d < order.length; d++) {
      const e = order[d]!;
      let s = 0;
      for (let k = 0; k < l; k++) s += y.data[r * l + k]! * vectors[k * l + e]!;
      const w = s * Math.sqrt(Math.max(values[e]!, 0));
      row[d] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < row.length; d++) row[d]! /= norm;
    out.push(row);
  }
  return out;
}

/** Dense rows of a sparse matrix (for small sets where LSA is not worth it). */
export function toDenseRows(a: SparseMatrix): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < a.rows; i++) {
    const row = new Float64Array(a.cols);
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) row[a.indices[p]!] = a.values[p]!;
    out.push(row);
  }
  return out;
}
