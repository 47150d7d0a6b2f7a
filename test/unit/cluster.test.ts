// Tests for the cluster stage: k chosen by silhouette, forced k, Other for weak members, determinism.
import { expect } from 'chai';
import { kmeans } from 'ml-kmeans';
import { clusterVectors, flatKmeans } from '../../src/pipeline/cluster.ts';
import { buildTfidf } from '../../src/pipeline/vectorise.ts';
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

  it('gives the same themes whatever the seed (deterministic density seeding)', () => {
    const v = blobs(three, [30, 25, 20], 0.35, 9);
    const a = clusterVectors(v, { seed: 1 });
    const b = clusterVectors(v, { seed: 99 });
    expect(Array.from(a.assignments)).to.deep.equal(Array.from(b.assignments));
  });

  it('refines themes by classification on the terms when vectors alone mislead', () => {
    // The vectors put the last two rows with group 0; their words say group 1.
    const words = [
      ['cost', 'data'], ['cost', 'phone'], ['data', 'phone'], ['cost', 'data', 'phone'], ['cost'], ['data'],
      ['bus', 'town'], ['bus', 'road'], ['town', 'road'], ['bus', 'town', 'road'], ['bus'], ['town'],
      ['bus', 'road'], ['town', 'bus'],
    ];
    const features = buildTfidf(words, { minDf: 1 }).matrix;
    const truth = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    const vectors = truth.map((t, i) => Float64Array.from(i >= 12 ? [0.9, 0.436] : t === 0 ? [1, 0.05 * (i % 3)] : [0.05 * (i % 3), 1]));
    for (const v of vectors) {
      const n = Math.hypot(...v);
      for (let d = 0; d < v.length; d++) v[d]! /= n;
    }
    const plain = clusterVectors(vectors, { seed: 1, k: 2, minSimilarity: -1 });
    expect(plain.assignments[12]).to.equal(plain.assignments[0]);
    const refined = clusterVectors(vectors, { seed: 1, k: 2, minSimilarity: -1, features });
    const groupOf = (t: number): number => refined.assignments[truth.indexOf(t)]!;
    expect(Array.from(refined.assignments)).to.deep.equal(truth.map(groupOf));
  });

  it('chooses k on a sample for large scopes, then clusters every point', () => {
    const v = blobs(three, [90, 70, 40], 0.08, 21);
    const c = clusterVectors(v, { seed: 42, chooseKSample: 60 });
    expect(c.k).to.equal(3);
    expect(new Set(Array.from(c.assignments.slice(0, 90)))).to.deep.equal(new Set([0]));
    expect(new Set(Array.from(c.assignments.slice(90, 160)))).to.deep.equal(new Set([1]));
    expect(new Set(Array.from(c.assignments.slice(160, 200)))).to.deep.equal(new Set([2]));
  });

  it('flatKmeans gives exactly ml-kmeans\'s clusters, from the same centres (k of 1-11, empty clusters too)', () => {
    const random = createRandom(5);
    const centres = Array.from({ length: 9 }, () => Array.from({ length: 12 }, () => random.normal()));
    const v = blobs(centres, [300, 250, 200, 150, 120, 100, 80, 60, 40], 0.9, 8);
    for (const k of [1, 2, 3, 4, 5, 7, 8, 9, 11]) {
      const init = Array.from({ length: k }, (_, c) => Float64Array.from(v[(c * 97) % v.length]!));
      // A centre far from every point keeps its place while its cluster stays empty.
      if (k === 11) init[10] = new Float64Array(12).fill(50);
      const ml = kmeans(v.map((x) => Array.from(x)), k, { initialization: init.map((c) => Array.from(c)), maxIterations: 100 });
      expect(flatKmeans(v, init, 100), `k=${k}`).to.deep.equal(ml.clusters);
      expect(flatKmeans(v, init, 2), `k=${k}, 2 steps`).to.deep.equal(kmeans(v.map((x) => Array.from(x)), k, { initialization: init.map((c) => Array.from(c)), maxIterations: 2 }).clusters);
    }
  });
});
