// The themes stage's progress, weighted by scope size: a facilitator's bar moves while one huge scope is themed
// (a 5 MB line gave one scope of 22,000 pieces among seven), never goes back and never passes a scope not yet done.
import { expect } from 'chai';
import { themesProgressBySize } from '../../src/pipeline/synthesise.ts';

describe('themes progress by scope size', () => {
  it('moves by visible steps within the largest scope, forward only, up to the scopes done', () => {
    const shown: number[] = [];
    const p = themesProgressBySize([100, 20_000, 50, 30], (f) => shown.push(f));
    p.scopeDone(0); // a worker finished a small scope
    for (let k = 0; k < 12; k++) p.step(1); // this thread: the large scope's steps (k tried, rounds, labels...)
    const total = 20_180;
    expect(shown.length).to.equal(13);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!, `update ${i}`).to.be.greaterThan(shown[i - 1]!);
    // Every step moves the stage by more than a thousandth (the page shows tenths of a per cent); none reaches the scope's end.
    for (let i = 1; i < shown.length; i++) expect(shown[i]! - shown[i - 1]!, `step ${i}`).to.be.greaterThan(0.001 / 0.4);
    expect(shown.at(-1)!).to.be.lessThan((100 + 20_000) / total);
    p.scopeDone(2); // a worker finishes another while this thread is on the large one
    p.scopeDone(1);
    expect(shown.at(-1)!).to.be.closeTo((100 + 20_000 + 50) / total, 1e-12);
    p.step(3); // the last scope, here
    p.scopeDone(3);
    expect(shown.at(-1)).to.equal(1);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!).to.be.greaterThan(shown[i - 1]!);
  });
});
