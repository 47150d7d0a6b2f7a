// Text encodings: recognise how a file's bytes are encoded (BOM, UTF-16, UTF-8, else a guess among the legacy
// encodings of Harvest's languages) and decode them, saying which encoding was used and how sure the guess is.
// The statistical guess is chardet's (MIT, a port of ICU's detector), with our own letter check among Latin encodings.
import chardet from 'chardet';

/** Encodings Harvest decodes; the legacy ones are those of English, BCMS (Latin and Cyrillic), Macedonian, Albanian and Italian. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1250' | 'iso-8859-2' | 'windows-1251' | 'windows-1252';

/** The legacy single-byte encodings a file that is not UTF-8 may be in, in the order ties are settled. */
export const LEGACY_ENCODINGS = ['windows-1252', 'windows-1250', 'iso-8859-2', 'windows-1251'] as const;
export type LegacyEncoding = (typeof LEGACY_ENCODINGS)[number];

/** What decoding a file's bytes found. */
export interface DecodedText {
  text: string;
  /** The encoding used; for a UTF-8 file with some lines in another encoding, the name says both ("utf-8 + windows-1250"). */
  encoding: string;
  /** Set when the encoding was a weak guess or the bytes were mixed or damaged: a sentence for the facilitator. */
  warning: string | null;
}

/** Characters of windows-1252 bytes 0x80-0x9F (Node 20 decodes the label as Latin-1, which leaves these as controls). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Decode bytes as windows-1252 (bytes 0xA0-0xFF are Latin-1; 0x80-0x9F are curly quotes, dashes, the euro sign...). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short on big files.
  for (let at = 0; at < bytes.length; at += 8192) {
    const chunk = bytes.subarray(at, at + 8192);
    const codes = new Array<number>(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      codes[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Decode bytes in one of the legacy encodings (Node's TextDecoder, with full ICU, knows all but windows-1252's 0x80-0x9F). */
export function decodeLegacy(bytes: Uint8Array, encoding: LegacyEncoding): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

/** High bytes of UTF-16 code units in Harvest's languages: ASCII and Latin-1 (0x00), Latin Extended-A (0x01: č ć š ž đ), Cyrillic (0x04), punctuation (0x20). */
const UTF16_HIGH = new Set([0x00, 0x01, 0x04, 0x20]);

/**
 * Spot UTF-16 text saved without a BOM: in Latin-script text every other byte is NUL; in Cyrillic (or accented
 * Latin) text every other byte is the code unit's high byte, nearly always 0x04 (or 0x01) or NUL.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  const high = [0, 0];
  const block = [0, 0];
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
    for (const side of [0, 1]) {
      const b = bytes[i + side]!;
      if (UTF16_HIGH.has(b)) high[side]!++;
      if (b === 0x01 || b === 0x04) block[side]!++;
    }
  }
  const pairs = n / 2;
  if (oddZeros > 0.4 * pairs && evenZeros === 0) return 'utf-16le';
  if (evenZeros > 0.4 * pairs && oddZeros === 0) return 'utf-16be';
  // Cyrillic: the high byte of most units is 0x04, the rest NUL (spaces, digits, punctuation) or 0x20.
  if (high[1]! >= 0.95 * pairs && block[1]! >= 0.3 * pairs && high[0]! < 0.5 * pairs) return 'utf-16le';
  if (high[0]! >= 0.95 * pairs && block[0]! >= 0.3 * pairs && high[1]! < 0.5 * pairs) return 'utf-16be';
  return null;
}

/** The encoding a byte-order mark at the start names, and the BOM's length. */
export function bomOf(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** chardet's names for the encodings of Harvest's languages (ISO-8859-1 is read as its superset windows-1252). */
const CHARDET_NAMES = new Map<string, LegacyEncoding>([
  ['windows-1252', 'windows-1252'],
  ['ISO-8859-1', 'windows-1252'],
  ['windows-1250', 'windows-1250'],
  ['ISO-8859-2', 'iso-8859-2'],
  ['windows-1251', 'windows-1251'],
]);

/** chardet's confidence (0-100) at and above which its guess, agreeing with ours, makes a guess sure. */
const SURE_CONFIDENCE = 30;
/** chardet's confidence below which its Cyrillic guess is weak. */
const CYRILLIC_CONFIDENCE = 15;

/** The Latin encodings of Harvest's languages, told apart by our own letter check (chardet has no BCMS or Albanian model). */
const LATIN_ENCODINGS = ['windows-1252', 'windows-1250', 'iso-8859-2'] as const;
type LatinEncoding = (typeof LATIN_ENCODINGS)[number];

// Letters each Latin encoding is expected to produce in the languages written in it; anything else above ASCII
// counts for little, and control characters or unlikely symbols beside letters count against.
const BCMS_LATIN = 'čćšžđČĆŠŽĐ';
const ALBANIAN = 'ëçËÇ';
const ITALIAN = 'àèéìòùÀÈÉÌÒÙ';
const PUNCTUATION = '„“”‘’–—…€«»°·';
const EXPECTED: Readonly<Record<LatinEncoding, string>> = {
  'windows-1252': ALBANIAN + ITALIAN + PUNCTUATION,
  'windows-1250': BCMS_LATIN + ALBANIAN + 'é' + PUNCTUATION,
  'iso-8859-2': BCMS_LATIN + ALBANIAN + 'é«»°',
};

/** Bytes looked at to guess a legacy encoding: enough for any note, bounded for huge files. */
const GUESS_SAMPLE = 1 << 20;
/** Bytes chardet looks at (it takes about 1 s a MiB; its script call needs far less). */
const CHARDET_SAMPLE = 1 << 16;

const isAsciiLetter = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * Score bytes as each Latin encoding, where chardet is weak (windows-1250 against windows-1252: č is è, ć is æ):
 * a letter expected in that encoding's languages scores +1 (0 in a run of high bytes, which is more likely
 * Cyrillic); a control, or an unlikely symbol beside a letter, scores -2. Pure; only bytes above 0x7F are looked at.
 */
export function scoreLatin(bytes: Uint8Array): Record<LatinEncoding, number> {
  const scores: Record<LatinEncoding, number> = { 'windows-1252': 0, 'windows-1250': 0, 'iso-8859-2': 0 };
  const n = Math.min(bytes.length, GUESS_SAMPLE);
  const classes = LATIN_ENCODINGS.map((e) => [e, byteClasses(e)] as const);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const prev = bytes[i - 1];
    const next = bytes[i + 1];
    const besideAscii = isAsciiLetter(prev) || isAsciiLetter(next);
    const besideHigh = (prev !== undefined && prev >= 0xc0) || (next !== undefined && next >= 0xc0);
    for (const [encoding, table] of classes) {
      const kind = table[b - 0x80]!;
      if (kind === LETTER) scores[encoding] += besideHigh && !besideAscii ? 0 : 1;
      else if (kind === MARK) scores[encoding] += 1;
      else if (kind === CONTROL || (kind === SYMBOL && besideAscii)) scores[encoding] -= 2;
    }
  }
  return scores;
}

const [LETTER, MARK, CONTROL, SYMBOL, OTHER] = [0, 1, 2, 3, 4];

const classCache = new Map<LatinEncoding, Uint8Array>();

/** What each byte 0x80-0xFF is in an encoding: an expected letter, expected punctuation, a control, another symbol or letter. */
function byteClasses(encoding: LatinEncoding): Uint8Array {
  let table = classCache.get(encoding);
  if (table) return table;
  const chars = decodeLegacy(Uint8Array.from({ length: 128 }, (_, i) => i + 128), encoding);
  table = Uint8Array.from([...chars], (ch) => {
    if (EXPECTED[encoding].includes(ch)) return /\p{L}/u.test(ch) ? LETTER : MARK;
    if (/[\u0080-\u009f\ufffd]/.test(ch)) return CONTROL;
    return /\p{L}/u.test(ch) ? OTHER : SYMBOL;
  });
  classCache.set(encoding, table);
  return table;
}

/** The likeliest Latin encoding by our letter check, and whether a close runner-up decodes the bytes differently. */
function guessLatin(sample: Uint8Array): { encoding: LatinEncoding; weak: boolean } {
  const scores = scoreLatin(sample);
  const ranked = [...LATIN_ENCODINGS].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0]!;
  const decoded = decodeLegacy(sample, best);
  // A runner-up that decodes the file to the same text is no rival (windows-1250 and ISO-8859-2 agree on č, ć, đ).
  const rival = ranked.slice(1).find((e) => decodeLegacy(sample, e) !== decoded);
  const margin = rival === undefined ? Infinity : scores[best] - scores[rival];
  return { encoding: best, weak: scores[best] <= 0 || margin < Math.max(2, 0.2 * scores[best]) };
}

/** chardet's likeliest encoding of Harvest's languages for the bytes, with its confidence (0-100); null when it has none. */
export function chardetGuess(sample: Uint8Array): { encoding: LegacyEncoding; confidence: number } | null {
  for (const match of chardet.analyse(sample.subarray(0, CHARDET_SAMPLE))) {
    const encoding = CHARDET_NAMES.get(match.name);
    if (encoding) return { encoding, confidence: match.confidence };
  }
  return null;
}

/**
 * The likeliest legacy encoding of bytes that are not UTF-8, and whether the guess is weak. chardet tells Cyrillic
 * (windows-1251) from Latin text; among the Latin encodings our letter check decides, since chardet's models
 * (Czech, Polish, Hungarian, Romanian for windows-1250) often read BCMS with few diacritics as windows-1252.
 * Weak: chardet has no guess, or a weak Cyrillic one; or a Latin guess with a close rival that chardet does not
 * back with a sure guess decoding the same text.
 */
export function guessLegacy(bytes: Uint8Array): { encoding: LegacyEncoding; weak: boolean } {
  const sample = bytes.subarray(0, Math.min(bytes.length, GUESS_SAMPLE));
  const library = chardetGuess(sample);
  if (library?.encoding === 'windows-1251') return { encoding: 'windows-1251', weak: library.confidence < CYRILLIC_CONFIDENCE };
  const latin = guessLatin(sample);
  if (!library) return { encoding: latin.encoding, weak: true };
  const backed = library.confidence >= SURE_CONFIDENCE && decodeLegacy(sample, library.encoding) === decodeLegacy(sample, latin.encoding);
  return { encoding: latin.encoding, weak: latin.weak && !backed };
}

/** Whether bytes are valid UTF-8 (a BOM aside). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Multi-byte UTF-8 sequences that are well formed, and bytes above 0x7F that are in none. */
function utf8Shape(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (const run of utf8Runs(bytes)) {
    if (!run.valid) invalid++;
    else if (bytes[run.from]! >= 0x80) valid++;
  }
  return { valid, invalid };
}

/** Walk bytes as UTF-8: each well-formed multi-byte sequence, and each byte above 0x7F that is in none, in order. */
function* utf8Runs(bytes: Uint8Array): Generator<{ from: number; to: number; valid: boolean }> {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      let j = i + 1;
      while (j < bytes.length && bytes[j]! < 0x80) j++;
      yield { from: i, to: j, valid: true };
      i = j;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    ok &&= isUtf8(bytes.subarray(i, i + length));
    yield { from: i, to: ok ? i + length : i + 1, valid: ok };
    i += ok ? length : 1;
  }
}

/** The bytes with each well-formed UTF-8 multi-byte sequence replaced by the letter "a", so only the foreign bytes are scored, in context. */
function withoutUtf8(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const run of utf8Runs(bytes)) {
    if (!run.valid) out.push(bytes[run.from]!);
    else if (bytes[run.from]! >= 0x80) out.push(0x61);
    else for (let i = run.from; i < run.to; i++) out.push(bytes[i]!);
  }
  return Uint8Array.from(out);
}

/** A line that is not UTF-8: its well-formed UTF-8 sequences as UTF-8, the other bytes in the legacy encoding. */
function decodeForeignLine(line: Uint8Array, encoding: LegacyEncoding): string {
  let out = '';
  let legacyFrom = -1;
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  let at = 0;
  for (const run of utf8Runs(line)) {
    if (run.valid) {
      if (legacyFrom >= 0) out += decodeLegacy(line.subarray(legacyFrom, run.from), encoding);
      legacyFrom = -1;
      out += utf8.decode(line.subarray(run.from, run.to));
    } else if (legacyFrom < 0) legacyFrom = run.from;
    at = run.to;
  }
  if (legacyFrom >= 0) out += decodeLegacy(line.subarray(legacyFrom, at), encoding);
  return out;
}

/** A sentence about the encoding for a file's warnings. */
function weakGuess(encoding: string): string {
  return `the text is not UTF-8 and its encoding could not be told for sure; it was read as ${encoding}: check its accented or Cyrillic letters, or save it again as UTF-8.`;
}

/** How to decode bytes that are not UTF-8: the legacy encoding, whether valid UTF-8 lines stay UTF-8 (mixed), and whether the guess is weak. */
export interface LegacyPlan {
  encoding: LegacyEncoding;
  mixed: boolean;
  weak: boolean;
}

/** Split bytes into lines, each with its LF. */
function byteLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  for (let from = 0; from < bytes.length; ) {
    let to = bytes.indexOf(0x0a, from);
    to = to < 0 ? bytes.length : to + 1;
    lines.push(bytes.subarray(from, to));
    from = to;
  }
  return lines;
}

/**
 * The plan for bytes that are not UTF-8, from their first MiB (so a streamed file and a whole one get the same
 * plan): mostly well-formed UTF-8 means mixed (the lines that are not UTF-8 are guessed apart), else one legacy encoding.
 */
export function planLegacy(bytes: Uint8Array): LegacyPlan {
  const sample = bytes.subarray(0, Math.min(bytes.length, GUESS_SAMPLE));
  const shape = utf8Shape(sample);
  if (shape.valid > 0 && shape.valid >= shape.invalid) {
    const foreign = byteLines(sample).filter((l) => !isUtf8(l));
    return { ...guessLegacy(withoutUtf8(foreign.length ? Buffer.concat(foreign) : sample)), mixed: true };
  }
  return { ...guessLegacy(sample), mixed: false };
}

/** Decodes a mixed file piece by piece: each complete line as UTF-8 when it is, else in the plan's legacy encoding; counts those lines. */
export class MixedLineDecoder {
  foreignLines = 0;
  private held: Uint8Array = new Uint8Array(0);
  constructor(private readonly encoding: LegacyEncoding) {}

  /** Decode the complete lines of what came so far; the last, unfinished line is held. */
  push(bytes: Uint8Array): string {
    const all = this.held.length ? Buffer.concat([this.held, bytes]) : bytes;
    const cut = all.lastIndexOf(0x0a) + 1;
    this.held = all.slice(cut);
    return this.decodeLines(all.subarray(0, cut));
  }

  /** Decode what is held (the last line). */
  end(): string {
    const rest = this.decodeLines(this.held);
    this.held = new Uint8Array(0);
    return rest;
  }

  private decodeLines(bytes: Uint8Array): string {
    let out = '';
    for (const line of byteLines(bytes)) {
      if (isUtf8(line)) out += new TextDecoder('utf-8', { ignoreBOM: true }).decode(line);
      else {
        this.foreignLines++;
        out += decodeForeignLine(line, this.encoding);
      }
    }
    return out;
  }
}

/** The warning for a file read with a plan (null when the plan is sure and nothing was mixed). */
export function planWarning(plan: LegacyPlan, foreignLines: number): string | null {
  if (plan.mixed) {
    const n = foreignLines;
    return `the text is UTF-8 but ${n} line${n === 1 ? ' is' : 's are'} not; ${n === 1 ? 'it was' : 'they were'} read as ${plan.encoding}${plan.weak ? ' (a weak guess)' : ''}: check ${n === 1 ? 'it' : 'them'}, or save the file again as UTF-8.`;
  }
  return plan.weak ? weakGuess(plan.encoding) : null;
}

/** The name of the encoding a plan decodes with. */
export const planEncoding = (plan: LegacyPlan): string => (plan.mixed ? `utf-8 + ${plan.encoding}` : plan.encoding);

/**
 * Decode a text file's bytes: a BOM (UTF-8, UTF-16 LE/BE) decides; UTF-16 without a BOM is recognised; valid
 * UTF-8 is UTF-8; a UTF-8 file with some lines in another encoding has those lines decoded in the encoding they
 * look like (and a warning); otherwise the likeliest legacy encoding of Harvest's languages is used (with a
 * warning when the guess is weak). Line ends are not touched. Pure.
 */
export function decodeTextBytes(bytes: Uint8Array): DecodedText {
  const bom = bomOf(bytes);
  if (bom && bom.encoding !== 'utf-8') return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), encoding: bom.encoding, warning: null };
  const wide = bom ? null : utf16WithoutBom(bytes);
  if (wide) return { text: new TextDecoder(wide).decode(bytes), encoding: wide, warning: null };
  const body = bom ? bytes.subarray(bom.length) : bytes;
  if (isUtf8(body)) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8', warning: null };
  const plan = planLegacy(body);
  if (!plan.mixed) return { text: decodeLegacy(body, plan.encoding), encoding: plan.encoding, warning: planWarning(plan, 0) };
  const decoder = new MixedLineDecoder(plan.encoding);
  const text = decoder.push(body) + decoder.end();
  return { text, encoding: planEncoding(plan), warning: planWarning(plan, decoder.foreignLines) };
}
