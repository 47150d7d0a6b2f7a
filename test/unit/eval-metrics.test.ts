// Tests for the evaluation metrics: NMI, ARI, Hungarian matching, matched F1 and per-category scores.
import { expect } from 'chai';
import { ari, categoryScores, hungarian, matchedF1, nmi } from '../../src/eval/metrics.ts';

describe('eval metrics: nmi and ari', () => {
  const cases: Array<{ name: string; truth: (string | number)[]; pred: (string | number)[]; nmi: number; ari: number }> = [
    { name: 'identical partitions', truth: ['a', 'a', 'b', 'b'], pred: [1, 1, 2, 2], nmi: 1, ari: 1 },
    { name: 'renamed clusters are the same partition', truth: ['a', 'a', 'b', 'b', 'c'], pred: ['z', 'z', 'x', 'x', 'y'], nmi: 1, ari: 1 },
    { name: 'independent partitions', truth: ['a', 'a', 'b', 'b'], pred: [1, 2, 1, 2], nmi: 0, ari: -0.5 },
    // scikit-learn: normalized_mutual_info_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.5158037429793889,
    // adjusted_rand_score(...) = 0.24242424242424243
    { name: 'scikit-learn example', truth: [0, 0, 0, 1, 1, 1], pred: [0, 0, 1, 1, 2, 2], nmi: 0.5158037429793889, ari: 0.24242424242424243 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(nmi(c.truth, c.pred)).to.be.closeTo(c.nmi, 1e-9);
      expect(ari(c.truth, c.pred)).to.be.closeTo(c.ari, 1e-9);
    });
  }

  it('refuses labelings of different lengths', () => {
    expect(() => nmi(['a'], ['a', 'b'])).to.throw(/differ in length/);
  });
});

describe('eval metrics: hungarian', () => {
  it('finds the cheapest one-to-one assignment', () => {
    expect(hungarian([[4, 1, 3], [2, 0, 5], [3, 2, 2]])).to.deep.equal([1, 0, 2]);
  });

  it('handles more rows than columns (unmatched rows get -1)', () => {
    expect(hungarian([[1, 9], [9, 1], [5, 5]])).to.deep.equal([0, 1, -1]);
  });

  it('handles more columns than rows', () => {
    expect(hungarian([[5, 1, 9]])).to.deep.equal([1]);
  });
});

describe('eval metrics: matchedF1', () => {
  it('matches each label to one cluster and weighs F1 by label size', () => {
    // label a (4 items) -> cluster 1 holds 3 of them plus 1 b; label b (2 items) -> cluster 2 holds 1.
    const r = matchedF1(['a', 'a', 'a', 'a', 'b', 'b'], [1, 1, 1, 2, 1, 2]);
    expect(r.matches).to.deep.equal({ a: '1', b: '2' });
    // a: p=3/4 r=3/4 f1=0.75; b: p=1/2 r=1/2 f1=0.5; weighted (4*0.75+2*0.5)/6
    expect(r.f1).to.be.closeTo(4 / 6, 1e-12);
    expect(r.accuracy).to.be.closeTo(4 / 6, 1e-12);
  });

  it('never matches the ignored (Other) cluster', () => {
    const r = matchedF1(['a', 'a', 'b', 'b'], ['other', 'other', 'x', 'x'], 'other');
    expect(r.matches).to.deep.equal({ a: null, b: 'x' });
    expect(r.f1).to.be.closeTo(0.5, 1e-12);
  });
});

describe('eval metrics: categoryScores', () => {
  it('gives precision, recall and F1 per category and macro-F1 over the true categories', () => {
    const r = categoryScores(['barrier', 'barrier', 'outcome', 'outcome'], ['barrier', 'outcome', 'outcome', 'other']);
    expect(r.categories).to.deep.equal([
      { category: 'barrier', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      { category: 'other', precision: 0, recall: 0, f1: 0, support: 0 },
      { category: 'outcome', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
    ]);
    expect(r.macroF1).to.be.closeTo((2 / 3 + 0.5) / 2, 1e-12);
    expect(r.accuracy).to.equal(0.5);
  });
});
