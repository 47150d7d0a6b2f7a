// Tests for mixed themes: a theme whose label few of its members write is split into its parts.
import { expect } from 'chai';
import { MIXED_COVERAGE, MIXED_MAX_THEMES, MIXED_MIN_PART, MIXED_MIN_SIZE, splitMixedThemes, unmixedThemes } from '../../src/pipeline/mixed-themes.ts';

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
/** Split a group in halves (the clustering's split stands in). */
const halves = (g: readonly number[]): number[][] => [g.slice(0, Math.ceil(g.length / 2)), g.slice(Math.ceil(g.length / 2))];

describe('mixed themes', () => {
  const big = range(0, MIXED_MIN_SIZE + 2);
  const small = range(100, MIXED_MIN_SIZE - 1);

  it('splits a large theme whose label few members write, keeping the order of the others', () => {
    const other = range(200, MIXED_MIN_SIZE + 4);
    const out = splitMixedThemes([other, big], [{ coverage: 0.9 }, { coverage: MIXED_COVERAGE / 2 }], halves);
    expect(out).to.deep.equal([other, ...halves(big)]);
  });

  it('leaves a theme whose label most write, a small theme, and a theme whose parts would be too small', () => {
    expect(splitMixedThemes([big], [{ coverage: MIXED_COVERAGE }], halves)).to.equal(null);
    expect(splitMixedThemes([small], [{ coverage: 0 }], halves)).to.equal(null);
    const lopsided = (g: readonly number[]): number[][] => [g.slice(0, MIXED_MIN_PART - 1), g.slice(MIXED_MIN_PART - 1)];
    expect(splitMixedThemes([big], [{ coverage: 0 }], lopsided)).to.equal(null);
    expect(splitMixedThemes([big], [{ coverage: 0 }], () => [])).to.equal(null);
  });

  it('labels every theme anew once one is split', () => {
    const labelled: number[][][] = [];
    const label = (gs: readonly number[][]) => {
      labelled.push([...gs]);
      return gs.map((g) => ({ coverage: g === big ? 0 : 1 }));
    };
    const { groups, labels } = unmixedThemes([big], label, halves);
    expect(groups).to.deep.equal(halves(big));
    expect(labels).to.have.length(2);
    expect(labelled).to.have.length(2);
  });
});

describe('mixed themes: a scope stays a few broad themes', () => {
  it(`splits the themes whose labels fewest members write first, and never past ${MIXED_MAX_THEMES} themes`, () => {
    const groups = Array.from({ length: MIXED_MAX_THEMES - 1 }, (_, c) => range(100 * c, MIXED_MIN_SIZE + 2));
    const labels = groups.map((_, c) => ({ coverage: c === 3 ? 0.01 : c === 5 ? 0.02 : 0.9 }));
    const out = splitMixedThemes(groups, labels, halves)!;
    expect(out).to.have.length(MIXED_MAX_THEMES);
    expect(out[3]).to.deep.equal(halves(groups[3]!)[0]);
    expect(out).to.deep.include(groups[5]);
  });
});
