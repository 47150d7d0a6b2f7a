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

/**
 * A tall, thin dense matrix stored column by column (each column one Float64Array), so the
 * orthonormalisation below walks memory in order.
 */
type Columns = Float64Array[];

/** Y = A * Z, A sparse (n x m), Z's columns of length m; Y's columns have length n. */
function timesColumns(a: SparseMatrix, z: Columns): Columns {
  const l = z.length;
  const out = Array.from({ length: l }, () => new Float64Array(a.rows));
  // Row-major work buffer of Z (m x l), so each non-zero of A reads l contiguous numbers.
  const zr = new Float64Array(a.cols * l);
  for (let c = 0; c < l; c++) for (let j = 0; j < a.cols; j++) zr[j * l + c] = z[c]![j]!;
  const acc = new Float64Array(l);
  for (let i = 0; i < a.rows; i++) {
    acc.fill(0);
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.indices[p]! * l;
      for (let c = 0; c < l; c++) acc[c]! += v * zr[o + c]!;
    }
    for (let c = 0; c < l; c++) out[c]![i] = acc[c]!;
  }
  return out;
}

/** Z = A^T * Y, A sparse (n x m), Y's columns of length n; Z's columns have length m. */
function transposeTimesColumns(a: SparseMatrix, y: Columns): Columns {
  const l = y.length;
  const zr = new Float64Array(a.cols * l);
  const row = new Float64Array(l);
  for (let i = 0; i < a.rows; i++) {
    for (let c = 0; c < l; c++) row[c] = y[c]![i]!;
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.indices[p]! * l;
      for (let c = 0; c < l; c++) zr[o + c]! += v * row[c]!;
    }
  }
  return Array.from({ length: l }, (_, c) => {
    const col = new Float64Array(a.cols);
    for (let j = 0; j < a.cols; j++) col[j] = zr[j * l + c]!;
    return col;
  });
}

function dotColumns(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let r = 0; r < x.length; r++) s += x[r]! * y[r]!;
  return s;
}

/**
 * col -= d * other, and in the same pass the dot product of the updated col with `next`: the same operations in the
 * same order as the subtraction followed by dotColumns(col, next), so the same bits, in one walk instead of two.
 */
function subtractThenDot(col: Float64Array, d: number, other: Float64Array, next: Float64Array): number {
  let s = 0;
  for (let r = 0; r < col.length; r++) {
    const v = col[r]! - d * other[r]!;
    col[r] = v;
    s += v * next[r]!;
  }
  return s;
}

/** subtractThenDot for two columns against the same `other` and `next`, in one walk: the dots go to `pairDots`. */
const pairDots = new Float64Array(2);
function subtractThenDotTwo(a: Float64Array, da: number, b: Float64Array, db: number, other: Float64Array, next: Float64Array): void {
  let sa = 0;
  let sb = 0;
  for (let r = 0; r < a.length; r++) {
    const o = other[r]!;
    const n = next[r]!;
    const va = a[r]! - da * o;
    a[r] = va;
    sa += va * n;
    const vb = b[r]! - db * o;
    b[r] = vb;
    sb += vb * n;
  }
  pairDots[0] = sa;
  pairDots[1] = sb;
}

/**
 * Column c's modified Gram-Schmidt steps from m[from] on (m[0..c-1] final, `d` its dot product with m[from], or with
 * itself when from === c), then its normalisation; a column with no energy left becomes zero.
 */
function finishColumn(m: Columns, c: number, from: number, d: number): void {
  const col = m[c]!;
  for (let prev = from; prev < c; prev++) {
    const next = prev + 1 < c ? m[prev + 1]! : col;
    d = d !== 0 ? subtractThenDot(col, d, m[prev]!, next) : dotColumns(col, next);
  }
  const norm = Math.sqrt(d);
  // A column with no energy left stays zero: it contributes a zero singular value.
  const inv = norm > 1e-12 ? 1 / norm : 0;
  for (let r = 0; r < col.length; r++) col[r]! *= inv;
}

/**
 * Orthonormalise the columns in place (modified Gram-Schmidt, twice for stability); a column with no energy left
 * becomes zero. Each subtraction also takes the dot product the next step needs (subtractThenDot). Columns c and c+1
 * are taken together: their steps against m[0..c-2] read the same two columns, so they run in one walk
 * (subtractThenDotTwo), two independent sums instead of one; each column gets the same operations in the same order
 * as alone, so the same bits.
 */
function orthonormaliseColumns(m: Columns): void {
  if (m.length === 0) return;
  for (let pass = 0; pass < 2; pass++) {
    finishColumn(m, 0, 0, dotColumns(m[0]!, m[0]!));
    let c = 1;
    for (; c + 1 < m.length; c += 2) {
      const a = m[c]!;
      const b = m[c + 1]!;
      let da = dotColumns(a, m[0]!);
      let db = dotColumns(b, m[0]!);
      for (let prev = 0; prev + 1 < c; prev++) {
        const other = m[prev]!;
        const next = m[prev + 1]!;
        if (da !== 0 && db !== 0) {
          subtractThenDotTwo(a, da, b, db, other, next);
          da = pairDots[0]!;
          db = pairDots[1]!;
        } else {
          da = da !== 0 ? subtractThenDot(a, da, other, next) : dotColumns(a, next);
          db = db !== 0 ? subtractThenDot(b, db, other, next) : dotColumns(b, next);
        }
      }
      // Column c's last step (against m[c-1]) and norm; then c+1's last two, against the finished column c.
      finishColumn(m, c, c - 1, da);
      finishColumn(m, c + 1, c - 1, db);
    }
    if (c < m.length) finishColumn(m, c, 0, dotColumns(m[c]!, m[0]!));
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
  /** Subspace iterations (default 20: enough for the subspace to settle, so the themes do not depend on the seed). */
  powerIterations?: number;
  /** Extra columns beyond dims for accuracy (default: dims, at least 10). */
  oversample?: number;
  /** Called after each subspace iteration (progress on a large scope). */
  onStep?: () => void;
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
  // Subspace iteration on A^T A, orthonormalised in term space only: a survey question has a few
  // thousand terms but up to hundreds of thousands of answers, so the thin side is the cheap one.
  let z: Columns = Array.from({ length: l }, () => {
    const col = new Float64Array(a.cols);
    for (let j = 0; j < a.cols; j++) col[j] = random.normal();
    return col;
  });
  orthonormaliseColumns(z);
  const iterations = (options.powerIterations ?? 20) + 1;
  // Multiplying by A^T A costs 2 x nnz x l through A, or m^2 x l with the term Gram matrix G = A^T A
  // (built once for sum of nnz-per-row squared): the Gram matrix wins when terms are few. G is kept sparse
  // and multiplies the whole block of columns at once, so it is read once per iteration, not once per column.
  let rowPairs = 0;
  for (let i = 0; i < a.rows; i++) rowPairs += (a.indptr[i + 1]! - a.indptr[i]!) ** 2;
  const gram = a.cols <= 4000 && rowPairs + iterations * a.cols * a.cols * l < iterations * 2 * a.indices.length * l ? termGram(a) : null;
  for (let it = 0; it < iterations; it++) {
    z = gram ? timesColumns(gram, z) : transposeTimesColumns(a, timesColumns(a, z));
    orthonormaliseColumns(z);
    options.onStep?.();
  }
  // Rayleigh-Ritz on the subspace: C = Z^T A^T A Z (l x l) = V L V^T; the document vectors U S are
  // the rows of A Z V, computed as A times W = Z V (m x dims) so the long side is touched once.
  const c = new Float64Array(l * l);
  const az = gram ? timesColumns(gram, z) : null;
  const b = gram ? null : timesColumns(a, z);
  for (let i = 0; i < l; i++) {
    for (let j = i; j < l; j++) c[i * l + j] = gram ? dotColumns(z[i]!, az![j]!) : dotColumns(b![i]!, b![j]!);
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) c[i * l + j] = c[j * l + i]!;
  const { values, vectors } = symmetricEigen(c, l);
  const order = [...values.keys()].sort((i, j) => values[j]! - values[i]! || i - j).slice(0, dims);
  const w = new Float64Array(a.cols * order.length);
  for (let j = 0; j < a.cols; j++) {
    for (let d = 0; d < order.length; d++) {
      let s = 0;
      for (let k = 0; k < l; k++) s += z[k]![j]! * vectors[k * l + order[d]!]!;
      w[j * order.length + d] = s;
    }
  }
  const out: Float64Array[] = [];
  for (let r = 0; r < a.rows; r++) {
    const row = new Float64Array(order.length);
    for (let p = a.indptr[r]!; p < a.indptr[r + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.indices[p]! * order.length;
      for (let d = 0; d < order.length; d++) row[d]! += v * w[o + d]!;
    }
    const norm = Math.sqrt(dotColumns(row, row));
    if (norm > 1e-12) for (let d = 0; d < row.length; d++) row[d]! /= norm;
    else row.fill(0);
    out.push(row);
  }
  return out;
}

/** The term Gram matrix A^T A (m x m, symmetric), kept sparse: most pairs of terms never meet in one text. */
function termGram(a: SparseMatrix): SparseMatrix {
  const m = a.cols;
  const dense = new Float64Array(m * m);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
      const vp = a.values[p]!;
      const o = a.indices[p]! * m;
      for (let q = a.indptr[i]!; q < a.indptr[i + 1]!; q++) dense[o + a.indices[q]!]! += vp * a.values[q]!;
    }
  }
  let nnz = 0;
  for (let k = 0; k < dense.length; k++) if (dense[k] !== 0) nnz++;
  const indptr = new Int32Array(m + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < m; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) {
      const v = dense[o + j]!;
      if (v === 0) continue;
      indices[p] = j;
      values[p++] = v;
    }
    indptr[i + 1] = p;
  }
  return { rows: m, cols: m, indptr, indices, values };
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
