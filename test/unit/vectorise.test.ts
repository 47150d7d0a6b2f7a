// Tests for the vectorise stage: sparse TF-IDF and the randomized-SVD LSA.
import { expect } from 'chai';
import { buildTfidf, reduceLsa, toDenseRows } from '../../src/pipeline/vectorise.ts';

function cosine(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

describe('vectorise: buildTfidf', () => {
  const docs = [
    ['cost', 'devic', 'cost'],
    ['cost', 'data'],
    ['school', 'teacher'],
    ['school', 'parent'],
  ];

  it('keeps terms in order of first appearance with their document frequency', () => {
    const t = buildTfidf(docs, { minDf: 1 });
    expect(t.terms).to.deep.equal(['cost', 'devic', 'data', 'school', 'teacher', 'parent']);
    expect(Array.from(t.df)).to.deep.equal([2, 1, 1, 2, 1, 1]);
  });

  it('rows are L2-normalised and rarer terms weigh more', () => {
    const t = buildTfidf(docs, { minDf: 1 });
    const rows = toDenseRows(t.matrix);
    for (const r of rows) expect(cosine(r, r)).to.be.closeTo(1, 1e-12);
    // In doc 2, "data" (df 1) outweighs "cost" (df 2).
    expect(rows[1]![2]!).to.be.greaterThan(rows[1]![0]!);
  });

  it('sublinear tf dampens repeats', () => {
    const lin = toDenseRows(buildTfidf(docs, { minDf: 1, sublinear: false }).matrix)[0]!;
    const sub = toDenseRows(buildTfidf(docs, { minDf: 1, sublinear: true }).matrix)[0]!;
    expect(lin[0]! / lin[1]!).to.be.greaterThan(sub[0]! / sub[1]!);
  });

  it('drops terms below minDf; a document with no kept term is an empty row', () => {
    const t = buildTfidf([['a', 'b'], ['a'], ['c']], { minDf: 2 });
    expect(t.terms).to.deep.equal(['a']);
    expect(t.matrix.indptr[3]! - t.matrix.indptr[2]!).to.equal(0);
  });
});

describe('vectorise: reduceLsa', () => {
  // Two topics with shared vocabulary inside each: LSA should keep within-topic similarity high.
  const topicA = ['cost', 'price', 'afford', 'expens', 'data'];
  const topicB = ['school', 'teacher', 'pupil', 'class', 'lesson'];
  const docs: string[][] = [];
  for (let i = 0; i < 30; i++) {
    const words = i % 2 === 0 ? topicA : topicB;
    docs.push([words[i % 5]!, words[(i + 1) % 5]!, words[(i + 3) % 5]!]);
  }
  const t = buildTfidf(docs, { minDf: 1 });

  it('gives unit vectors of the requested dimension, the same for the same seed', () => {
    const a = reduceLsa(t.matrix, { dims: 4, seed: 7 });
    const b = reduceLsa(t.matrix, { dims: 4, seed: 7 });
    expect(a).to.have.length(30);
    expect(a[0]).to.have.length(4);
    expect(cosine(a[3]!, a[3]!)).to.be.closeTo(1, 1e-9);
    expect(a.map((r) => Array.from(r))).to.deep.equal(b.map((r) => Array.from(r)));
  });

  it('finds the same subspace whatever the seed: document similarities agree', () => {
    // Two topics: two clear directions (beyond them the toy spectrum is flat and any basis is as good).
    const a = reduceLsa(t.matrix, { dims: 2, seed: 1 });
    const b = reduceLsa(t.matrix, { dims: 2, seed: 2 });
    let worst = 0;
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) worst = Math.max(worst, Math.abs(cosine(a[i]!, a[j]!) - cosine(b[i]!, b[j]!)));
    expect(worst).to.be.lessThan(1e-6);
  });

  it('keeps documents of one topic close and the two topics apart', () => {
    const v = reduceLsa(t.matrix, { dims: 2, seed: 1 });
    expect(cosine(v[0]!, v[2]!)).to.be.greaterThan(0.9);
    expect(cosine(v[1]!, v[3]!)).to.be.greaterThan(0.9);
    expect(cosine(v[0]!, v[1]!)).to.be.lessThan(0.3);
  });
});
