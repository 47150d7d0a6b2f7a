// Near-duplicate texts in linear time: word shingles, MinHash signatures and LSH banding. Pure, deterministic for a seed.
import { createRandom } from '../random.ts';

/** Words per shingle: two words in a row (pairs keep a copy with a word changed every few words recognisable). */
export const SHINGLE_WORDS = 2;
/** Hash functions per signature: BANDS bands of ROWS rows each. */
export const BANDS = 20;
export const ROWS = 3;
export const HASHES = BANDS * ROWS;

/** A text's words as compared: lower-cased runs of letters and digits (apostrophes dropped, so "don't" is "dont"). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** FNV-1a of a string, 32 bits. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a well-mixed 32-bit value from a 32-bit value. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The distinct shingles of a list of words, as 32-bit hashes in ascending order (empty when too few words). */
export function shinglesOf(words: readonly string[]): Uint32Array {
  if (words.length < SHINGLE_WORDS) return new Uint32Array(0);
  const hashes = words.map(hashString);
  const out = new Uint32Array(words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < out.length; i++) {
    let h = 0x9747b28c;
    for (let j = 0; j < SHINGLE_WORDS; j++) h = mix(h ^ hashes[i + j]!) + j;
    out[i] = mix(h);
  }
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i]!;
  return out.slice(0, n);
}

/** Exact Jaccard similarity of two sorted, distinct shingle lists. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** The seeds of the HASHES hash functions, from the run's seed. */
export function hashSeeds(seed: number): Uint32Array {
  const random = createRandom(seed ^ 0x5eed);
  const seeds = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i++) seeds[i] = Math.floor(random.next() * 4294967296) >>> 0;
  return seeds;
}

/** Write the MinHash signature of a shingle list into `out` at `offset` (HASHES values). */
export function writeSignature(shingles: Uint32Array, seeds: Uint32Array, out: Uint32Array, offset: number): void {
  for (let k = 0; k < HASHES; k++) {
    const s = seeds[k]!;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const h = mix(shingles[i]! ^ s);
      if (h < min) min = h;
    }
    out[offset + k] = min;
  }
}

/** The Jaccard estimate of two signatures: the share of hash functions whose minimum they share. */
export function estimate(signatures: Uint32Array, a: number, b: number): number {
  return estimateAtLeast(signatures, a, b, 0);
}

/** The Jaccard estimate of two signatures, or -1 as soon as it cannot reach `threshold` (most pairs compared are unlike). */
export function estimateAtLeast(signatures: Uint32Array, a: number, b: number, threshold: number): number {
  const oa = a * HASHES;
  const ob = b * HASHES;
  const allowed = HASHES - Math.ceil(threshold * HASHES - 1e-9);
  let differ = 0;
  for (let k = 0; k < HASHES; k++) {
    if (signatures[oa + k] !== signatures[ob + k] && ++differ > allowed) return -1;
  }
  return (HASHES - differ) / HASHES;
}

/** The hash of one band of a signature. */
function bandKey(signatures: Uint32Array, i: number, band: number): number {
  const o = i * HASHES + band * ROWS;
  let key = band;
  for (let r = 0; r < ROWS; r++) key = mix(key ^ signatures[o + r]!) + r;
  return key >>> 0;
}

/** A Jaccard estimate from which a text is taken as a copy of a leader without looking at other leaders. */
const CLEARLY_A_COPY = 0.8;

/** Leaders looked at per bucket: a bucket with more is full of near-copies already, and the first ones stand for them. */
const LEADERS_PER_BUCKET = 4;

/**
 * Each text's leader, in one pass: the most similar earlier leader that shares a band with it and whose Jaccard
 * estimate reaches `threshold`, else the text leads its own group. Every member is that like its leader, so groups do
 * not chain (A like B, B like C, A unlike C); a text meets a bounded number of leaders, so the work is linear.
 */
/**
 * The leaders of each band's buckets in flat typed arrays (open addressing, keyed by band and band hash): a map per band
 * with an array per bucket outgrew the caches and the garbage collector at hundreds of thousands of answers.
 */
class BandTable {
  private keys: Uint32Array;
  private bands: Uint8Array;
  private leaders: Int32Array;
  private mask: number;
  private size = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.bands = new Uint8Array(capacity).fill(255);
    this.leaders = new Int32Array(capacity * LEADERS_PER_BUCKET).fill(-1);
  }

  /** The slot of a band's key, or of the empty slot where it would go. */
  slot(band: number, key: number): number {
    let s = mix(key ^ band) & this.mask;
    while (this.bands[s] !== 255 && (this.bands[s] !== band || this.keys[s] !== key)) s = (s + 1) & this.mask;
    return s;
  }

  /** Every slot's leaders: slot s holds LEADERS_PER_BUCKET entries from s * LEADERS_PER_BUCKET, -1 after the last. */
  get slots(): Int32Array {
    return this.leaders;
  }

  isEmpty(s: number): boolean {
    return this.bands[s] === 255;
  }

  add(band: number, key: number, leader: number): void {
    let s = this.slot(band, key);
    if (this.bands[s] === 255) {
      if ((this.size + 1) * 2 > this.mask + 1) {
        this.grow();
        s = this.slot(band, key);
      }
      this.bands[s] = band;
      this.keys[s] = key;
      this.size++;
    }
    const o = s * LEADERS_PER_BUCKET;
    for (let k = 0; k < LEADERS_PER_BUCKET; k++) {
      if (this.leaders[o + k] === -1) {
        this.leaders[o + k] = leader;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, bands, leaders } = this;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.bands = new Uint8Array(capacity).fill(255);
    this.leaders = new Int32Array(capacity * LEADERS_PER_BUCKET).fill(-1);
    for (let s = 0; s < bands.length; s++) {
      if (bands[s] === 255) continue;
      const t = this.slot(bands[s]!, keys[s]!);
      this.bands[t] = bands[s]!;
      this.keys[t] = keys[s]!;
      this.leaders.set(leaders.subarray(s * LEADERS_PER_BUCKET, (s + 1) * LEADERS_PER_BUCKET), t * LEADERS_PER_BUCKET);
    }
  }
}

/**
 * Each text's leader, in one pass: the most similar earlier leader that shares a band with it and whose Jaccard
 * estimate reaches `threshold`, else the text leads its own group. Every member is that like its leader, so groups do
 * not chain (A like B, B like C, A unlike C); a text meets a bounded number of leaders, so the work is linear.
 */
export function leadersOf(signatures: Uint32Array, n: number, threshold: number): Int32Array {
  const leader = new Int32Array(n);
  if (n === 0) return leader;
  const seen = new Int32Array(n).fill(-1);
  const table = new BandTable(Math.min(n, 1 << 16) * 4);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestSimilarity = -1;
    for (let band = 0; band < BANDS; band++) {
      const s = table.slot(band, bandKey(signatures, i, band));
      if (table.isEmpty(s)) continue;
      const leaders = table.slots;
      for (let k = s * LEADERS_PER_BUCKET, end = k + LEADERS_PER_BUCKET; k < end; k++) {
        const l = leaders[k]!;
        if (l === -1) break;
        if (seen[l] === i) continue;
        seen[l] = i;
        const similarity = estimateAtLeast(signatures, l, i, threshold);
        if (similarity >= threshold && similarity > bestSimilarity) {
          best = l;
          bestSimilarity = similarity;
        }
      }
      // A text this like a leader is a copy of it: looking on for a closer leader would cost most of the stage's time.
      if (bestSimilarity >= CLEARLY_A_COPY) break;
    }
    leader[i] = best >= 0 ? best : i;
    if (best >= 0) continue;
    for (let band = 0; band < BANDS; band++) table.add(band, bandKey(signatures, i, band), i);
  }
  return leader;
}
