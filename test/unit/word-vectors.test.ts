// Word meanings: the shipped table (corpus/word-vectors/) reads back, says what is near what, is refused when damaged,
// and gives the category model its `vec:` features.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { segmentFeatures, segmentMeaning, type ModelInput } from '../../src/pipeline/category-model.ts';
import { textMeaning } from '../../src/pipeline/label-meaning.ts';
import { tokeniseWithOffsets } from '../../src/pipeline/text.ts';
import { meanMeaning, parseWordVectors, WORD_VECTORS_MAGIC, type WordVectors } from '../../src/pipeline/word-vectors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** A table of three words in two dimensions, as make-word-vectors writes it. */
function tinyTable(): { bytes: Uint8Array; words: string } {
  const rows: Array<[string, number[]]> = [
    ['cost', [1, 0]],
    ['price', [0.9, 0.1]],
    ['village', [0, 1]],
  ];
  const bytes = Buffer.alloc(12 + rows.length * 4 + rows.length * 2);
  bytes.write(WORD_VECTORS_MAGIC, 0, 'latin1');
  bytes.writeUInt32LE(rows.length, 4);
  bytes.writeUInt32LE(2, 8);
  rows.forEach(([, v], i) => {
    const max = Math.max(...v.map(Math.abs));
    bytes.writeFloatLE(max / 127, 12 + i * 4);
    v.forEach((x, d) => bytes.writeInt8(Math.round((x / max) * 127), 12 + rows.length * 4 + i * 2 + d));
  });
  return { bytes, words: rows.map(([w]) => w).join('\n') };
}

describe('word vectors', () => {
  let resources: Resources;
  let table: WordVectors;
  before(async () => {
    resources = await loadResources();
    table = resources.wordVectors!;
  });

  it('ships 40,000 English words in 100 dimensions with the corpus', () => {
    expect(table.row.size).to.equal(40_000);
    expect(table.dimensions).to.equal(100);
    for (const w of ['laptop', 'expensive', 'village', 'harassment', 'ministry']) expect(table.row.has(w), w).to.equal(true);
  });

  it('puts words of one meaning closer than words of another', () => {
    const m = (w: string) => meanMeaning(table, [w])!;
    expect(cosine(m('expensive'), m('costly'))).to.be.greaterThan(cosine(m('expensive'), m('village')) + 0.3);
    expect(cosine(m('laptop'), m('computers'))).to.be.greaterThan(cosine(m('laptop'), m('harassment')) + 0.3);
    expect(cosine(m('village'), m('rural'))).to.be.greaterThan(cosine(m('village'), m('laptop')));
  });

  it('averages the known words of a text once each, leaves out function words, and has no meaning for unknown words', () => {
    const { bytes, words } = tinyTable();
    const t = parseWordVectors(bytes, words, ['the']);
    const v = meanMeaning(t, ['Cost', 'cost', 'the', 'zzz'])!;
    expect(v[0]).to.be.closeTo(1, 0.01);
    expect(v[1]).to.be.closeTo(0, 0.01);
    const both = meanMeaning(t, ['cost', 'village'])!;
    expect(both[0]).to.be.closeTo(Math.SQRT1_2, 0.01);
    expect(meanMeaning(t, ['zzz', 'the'])).to.equal(null);
  });

  it('gives a text the meaning of its words, computed once per table and text (textMeaning)', () => {
    const { bytes, words } = tinyTable();
    const t = parseWordVectors(bytes, words, ['the']);
    const v = textMeaning(t, 'The cost, the village.')!;
    expect([...v]).to.deep.equal([...meanMeaning(t, ['cost', 'village'])!]);
    expect(textMeaning(t, 'The cost, the village.')).to.equal(v);
    expect(textMeaning(t, 'the zzz')).to.equal(null);
    // Another table (the same words, another object) has its own meanings.
    expect(textMeaning(parseWordVectors(bytes, words, ['the']), 'The cost, the village.')).to.not.equal(v);
  });

  it('refuses a damaged table, naming what is wrong; loadResources names the file', async () => {
    const { bytes, words } = tinyTable();
    expect(() => parseWordVectors(Uint8Array.from(bytes).fill(0, 0, 4), words)).to.throw(/not a word-vector table/);
    expect(() => parseWordVectors(bytes.subarray(0, bytes.length - 1), words)).to.throw(/bytes, expected/);
    expect(() => parseWordVectors(bytes, 'cost\nprice')).to.throw(/2 words listed for 3 vectors/);
    const dir = await mkdtemp(join(os.tmpdir(), 'harvest-vectors-'));
    try {
      for (const file of ['codebook.json', 'stakeholders.json']) await copyFile(join(ROOT, 'corpus', file), join(dir, file));
      await mkdir(join(dir, 'word-vectors'));
      await writeFile(join(dir, 'word-vectors', 'vectors.bin'), bytes.subarray(0, 20));
      await writeFile(join(dir, 'word-vectors', 'words.txt'), words);
      let error: unknown;
      await loadResources({ corpusDir: dir }).catch((err: unknown) => (error = err));
      expect(error).to.include({ code: 'BAD_CODEBOOK' });
      expect((error as Error).message).to.match(/^word-vectors\/vectors\.bin: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the category model one `vec:` feature per dimension, and the shipped model weighs them', () => {
    const norm = 'Devices are too costly for families in remote hamlets';
    const tokens = tokeniseWithOffsets(norm);
    const meaning = segmentMeaning(table, tokens);
    const input: ModelInput = { categories: ['barrier'], sectionWeights: [0], textScores: [0], ruleCategory: 'other', cues: [], norm, tokens, actors: 0, onlyActors: false, mostlyActors: false, meaning };
    const features = segmentFeatures(input);
    expect([...features.keys()].filter((k) => k.startsWith('vec:'))).to.have.length(100);
    expect(segmentFeatures({ ...input, meaning: null }).has('vec:0')).to.equal(false);
    expect(resources.categoryModel!.features.filter((f) => f.startsWith('vec:'))).to.have.length(100);
  });
});
