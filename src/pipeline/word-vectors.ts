// Word meanings: the compact GloVe table in corpus/word-vectors/ (see scripts/make-word-vectors.ts), read from bytes,
// and the mean meaning of a text's words. Pure: the file is read by src/corpus.ts.
import type { WordVectors } from '../model/word-vectors.ts';

export type { WordVectors } from '../model/word-vectors.ts';

/** The first four bytes of corpus/word-vectors/vectors.bin. */
export const WORD_VECTORS_MAGIC = 'HWV1';


/** Read the table from vectors.bin and words.txt (one word a line, in row order); throws on a malformed file. */
export function parseWordVectors(bytes: Uint8Array, wordsText: string, skipWords: readonly string[] = []): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== WORD_VECTORS_MAGIC) throw new Error(`not a word-vector table (starts with "${magic}")`);
  const rows = view.getUint32(4, true);
  const dimensions = view.getUint32(8, true);
  if (bytes.byteLength !== 12 + rows * 4 + rows * dimensions) throw new Error(`${bytes.byteLength} bytes, expected ${12 + rows * (4 + dimensions)} for ${rows} words of ${dimensions}`);
  const words = wordsText.split('\n').filter(Boolean);
  if (words.length !== rows) throw new Error(`${words.length} words listed for ${rows} vectors`);
  const scales = new Float32Array(rows);
  for (let i = 0; i < rows; i++) scales[i] = view.getFloat32(12 + i * 4, true);
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + 12 + rows * 4, rows * dimensions);
  return { dimensions, row: new Map(words.map((w, i) => [w, i])), scales, data, skip: new Set(skipWords) };
}

/**
 * The mean unit vector of the words the table knows (each word once), or null when it knows none. Words are looked
 * up in lower case; `skip` (stop words) are left out.
 */
export function meanMeaning(table: WordVectors, words: Iterable<string>, skip?: ReadonlySet<string>): Float32Array | null {
  const { dimensions, data, scales, row } = table;
  const sum = new Float32Array(dimensions);
  const seen = new Set<string>();
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (seen.has(w) || skip?.has(w)) continue;
    seen.add(w);
    const r = row.get(w);
    if (r === undefined) continue;
    const scale = scales[r]!;
    const base = r * dimensions;
    for (let d = 0; d < dimensions; d++) sum[d]! += data[base + d]! * scale;
  }
  let norm = 0;
  for (let d = 0; d < dimensions; d++) norm += sum[d]! * sum[d]!;
  if (norm === 0) return null;
  norm = Math.sqrt(norm);
  for (let d = 0; d < dimensions; d++) sum[d]! /= norm;
  return sum;
}
