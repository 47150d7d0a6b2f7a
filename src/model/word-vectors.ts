// A table of word meanings (corpus/word-vectors/, read by src/corpus.ts; see src/pipeline/word-vectors.ts).
export interface WordVectors {
  dimensions: number;
  /** Word (lower case) -> row. A Map: the words are data. */
  row: ReadonlyMap<string, number>;
  /** Per row, the factor that turns its bytes back into a unit vector. */
  scales: Float32Array;
  /** rows x dimensions signed bytes. */
  data: Int8Array;
  /** Function words left out of a text's mean meaning (corpus/word-vectors/skip-words.txt). */
  skip: ReadonlySet<string>;
}
