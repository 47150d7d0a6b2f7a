// Tests for the themes stage's terms: the parts of joined-up words count as terms of their own.
import { expect } from 'chai';
import { joinedParts } from '../../src/pipeline/themes.ts';
import { stemmerFor } from '../../src/pipeline/text.ts';

const stem = stemmerFor('en');
const stop = new Set(['the', 'of', 'and']);

describe('themes: joinedParts', () => {
  it('splits hashtags, brand names and code identifiers into stemmed parts', () => {
    expect(joinedParts('Posted under #DigitalInclusion', stem, stop)).to.deep.equal([stem('digital'), stem('inclusion')]);
    expect(joinedParts('We use WhatsApp groups', stem, stop)).to.deep.equal(['what', 'app']);
    expect(joinedParts('Display hidden characters in NSTextView', stem, stop)).to.deep.equal(['ns', 'text', 'view']);
    expect(joinedParts('the eGovernment portal', stem, stop)).to.deep.equal([stem('government')]);
  });

  it('leaves plain words, acronyms and plural acronyms alone', () => {
    expect(joinedParts('NGOs and CSOs asked UNDP about ICTs in schools', stem, stop)).to.deep.equal([]);
    expect(joinedParts('Digital inclusion matters', stem, stop)).to.deep.equal([]);
  });

  it('drops stop words and one-letter parts', () => {
    expect(joinedParts('TheCostOfData', stem, stop)).to.deep.equal([stem('cost'), stem('data')]);
    expect(joinedParts('QTreeWidgetItem', stem, stop)).to.deep.equal([stem('tree'), stem('widget'), stem('item')]);
  });
});

describe('themes: joinMeanings (synonyms closer)', () => {
  it('brings answers that say the same thing in other words closer than answers on another point', async () => {
    const { loadResources } = await import('../../src/corpus.ts');
    const { joinMeanings } = await import('../../src/pipeline/themes.ts');
    const resources = await loadResources();
    const texts = ['Laptops are expensive', 'Devices cost too much money', 'No mobile signal in the village', 'The broadband coverage is weak'];
    // No shared term: the TF-IDF rows are orthogonal.
    const vectors = texts.map((_, i) => Float64Array.from({ length: 4 }, (_, d) => (d === i ? 1 : 0)));
    joinMeanings(vectors, texts, resources.wordVectors!, 0.3);
    const cos = (a: Float64Array, b: Float64Array): number => {
      let dot = 0, na = 0, nb = 0;
      for (let d = 0; d < a.length; d++) { dot += a[d]! * b[d]!; na += a[d]! ** 2; nb += b[d]! ** 2; }
      return dot / Math.sqrt(na * nb);
    };
    expect(vectors[0]!.length).to.equal(4 + resources.wordVectors!.dimensions);
    expect(cos(vectors[0]!, vectors[1]!)).to.be.greaterThan(cos(vectors[0]!, vectors[2]!));
    expect(cos(vectors[0]!, vectors[1]!)).to.be.greaterThan(cos(vectors[1]!, vectors[3]!));
    expect(cos(vectors[2]!, vectors[3]!)).to.be.greaterThan(cos(vectors[2]!, vectors[0]!));
  });

  it('keeps every row the same length: an empty first row stays empty but as long as the others (a blind tune document crashed on NaN coherence)', async () => {
    const { loadResources } = await import('../../src/corpus.ts');
    const { joinMeanings } = await import('../../src/pipeline/themes.ts');
    const { clusterVectors } = await import('../../src/pipeline/cluster.ts');
    const resources = await loadResources();
    const texts = ['Comment A1', 'Laptops are expensive', 'Devices cost too much money', 'Laptops and devices are expensive for families', 'No mobile signal in the village', 'The broadband coverage is weak', 'No signal or broadband in villages'];
    const vectors = texts.map((_, i) => Float64Array.from({ length: 3 }, (_, d) => (i === 0 ? 0 : i <= 3 ? (d === 0 ? 1 : d === 1 ? 0.2 * i : 0) : d === 2 ? 1 : 0.1 * i)));
    joinMeanings(vectors, texts, resources.wordVectors!, 0.3);
    expect(new Set(vectors.map((v) => v.length))).to.deep.equal(new Set([3 + resources.wordVectors!.dimensions]));
    expect([...vectors[0]!].every((x) => x === 0)).to.equal(true);
    const clustering = clusterVectors(vectors, { seed: 1, minThemeSize: 2 });
    expect(clustering.assignments[0]).to.equal(-1);
    expect([...clustering.similarity].every(Number.isFinite)).to.equal(true);
    expect(clustering.k).to.be.at.least(1);
  });
});
