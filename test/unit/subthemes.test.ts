// Tests for sub-themes: how many a theme may be split into, and that a small theme's distinct points are found.
import { expect } from 'chai';
import { splitTheme, subthemeKMax, MIN_SPLIT_SIZE } from '../../src/pipeline/subthemes.ts';
import type { SparseMatrix } from '../../src/pipeline/vectorise.ts';

describe('sub-themes: subthemeKMax', () => {
  const table: [size: number, kMax: number][] = [
    [6, 2], // sqrt(3) and 6 / 3 both give 2
    [9, 3], // a third of 9, where sqrt(4.5) gives 2
    [12, 4], // small themes: one sub-theme per three members, at most 4
    [20, 4],
    [30, 4],
    [50, 5], // larger themes: about sqrt(size / 2)
    [98, 7],
    [200, 8], // never more than 8
    [5000, 8],
  ];
  for (const [size, kMax] of table) {
    it(`allows ${kMax} sub-themes in a theme of ${size}`, () => {
      expect(subthemeKMax(size)).to.equal(kMax);
    });
  }
});

/** Points near one of `groups` orthogonal directions (a little noise in the others), with one term per group. */
function pointsIn(groups: number, perGroup: number): { vectors: Float64Array[]; features: SparseMatrix } {
  const dims = groups + 2;
  const vectors: Float64Array[] = [];
  const indptr = new Int32Array(groups * perGroup + 1);
  const indices: number[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) {
      const v = new Float64Array(dims);
      v[g] = 1;
      v[groups + (i % 2)] = 0.1 * (i + 1);
      const norm = Math.hypot(...v);
      vectors.push(v.map((x) => x / norm));
      indices.push(g);
      indptr[vectors.length] = indices.length;
    }
  }
  return { vectors, features: { rows: vectors.length, cols: groups, indptr, indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(1) } };
}

describe('sub-themes: splitTheme', () => {
  it('finds the four points of a theme of 12 answers (the old bound of sqrt(6) allowed 2)', () => {
    const { vectors, features } = pointsIn(4, 3);
    const members = vectors.map((_, i) => i);
    const groups = splitTheme(vectors, features, members, 42);
    expect(groups).to.have.length(4);
    expect(groups.map((g) => g.length)).to.deep.equal([3, 3, 3, 3]);
    // Each sub-theme holds one point's answers.
    for (const g of groups) expect(new Set(g.map((p) => Math.floor(p / 3))).size).to.equal(1);
  });

  it('does not split a theme below the smallest size', () => {
    const { vectors, features } = pointsIn(2, 2);
    expect(MIN_SPLIT_SIZE).to.be.greaterThan(4);
    expect(splitTheme(vectors, features, vectors.map((_, i) => i), 42)).to.deep.equal([]);
  });

  it('puts every member in exactly one sub-theme', () => {
    const { vectors, features } = pointsIn(3, 5);
    const members = vectors.map((_, i) => i);
    const groups = splitTheme(vectors, features, members, 7);
    expect(groups.flat().sort((a, b) => a - b)).to.deep.equal(members);
  });
});
