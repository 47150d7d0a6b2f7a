// Tests for the cluster stage: k chosen by silhouette, forced k, Other for weak members, determinism.
import { expect } from 'chai';
import { clusterVectors } from '../../src/pipeline/cluster.ts';
import { createRandom } from '../../src/pipeline/random.ts';

/** Unit vectors around given directions, with seeded noise. */
function blobs(centres: number[][], sizes: number[], noise: number, seed: number): Float64Array[] {
  const random = createRandom(seed);
  const out: Float64Array[] = [];
  centres.forEach((c, ci) => {
    for (let i = 0; i < sizes[ci]!; i++) {
      const v = Float64Array.from(c.map((x) => x + noise * random.normal()));
      const norm = Math.hypot(...v);
      out.push(v.map((x) => x / norm));
    }
  });
  return out;
}

const three = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
];

describe('cluster: clusterVectors', () => {
  it('finds the number of groups itself and numbers themes by size', () => {
    const v = blobs(three, [20, 12, 8], 0.08, 3);
    const c = clusterVectors(v, { seed: 42 });
    expect(c.k).to.equal(3);
    expect(new Set(Array.from(c.assignments.slice(0, 20)))).to.deep.equal(new Set([0]));
    expect(new Set(Array.from(c.assignments.slice(20, 32)))).to.deep.equal(new Set([1]));
    expect(new Set(Array.from(c.assignments.slice(32, 40)))).to.deep.equal(new Set([2]));
    expect(c.tried.map((t) => t.k)).to.include.members([2, 3, 4]);
  });

  it('uses k when given', () => {
    const v = blobs(three, [20, 12, 8], 0.08, 3);
    expect(clusterVectors(v, { seed: 42, k: 2 }).k).to.equal(2);
  });

  it('sends empty vectors, outliers and too-small clusters to Other (-1)', () => {
    const v = blobs(three.slice(0, 2), [15, 15], 0.05, 5);
    v.push(new Float64Array(4)); // empty
    v.push(Float64Array.from([0, 0, 0, 1])); // alone in its direction
    const c = clusterVectors(v, { seed: 42 });
    expect(c.assignments[30]).to.equal(-1);
    expect(c.assignments[31]).to.equal(-1);
    expect(c.k).to.equal(2);
  });

  it('is deterministic for a seed', () => {
    const v = blobs(three, [30, 25, 20], 0.3, 9);
    const a = clusterVectors(v, { seed: 11 });
    const b = clusterVectors(v, { seed: 11 });
    expect(Array.from(a.assignments)).to.deep.equal(Array.from(b.assignments));
  });

  it('puts two or fewer vectors in one theme without clustering', () => {
    const v = blobs(three.slice(0, 1), [2], 0.01, 1);
    const c = clusterVectors(v, { seed: 1 });
    expect(c.k).to.equal(1);
    expect(Array.from(c.assignments)).to.deep.equal([0, 0]);
  });
});
