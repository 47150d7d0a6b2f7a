// Plain text and Markdown: decode the bytes (BOM, UTF-16, windows-1252 fallback), normalise line ends, keep the rest verbatim.
import type { FileFormat, IngestedNotes } from '../model/index.ts';
import { fileError } from './common.ts';
import { checkText, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';

/** Characters of windows-1252 bytes 0x80-0x9F (Node 20 decodes the label as Latin-1, which leaves these as controls). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Decode bytes as windows-1252 (bytes 0xA0-0xFF are Latin-1; 0x80-0x9F are curly quotes, dashes, the euro sign...). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

/** Spot UTF-16 text saved without a BOM: in Latin-script text every other byte is NUL. */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > 0.4 * pairs && evenZeros === 0) return 'utf-16le';
  if (evenZeros > 0.4 * pairs && oddZeros === 0) return 'utf-16be';
  return null;
}

/**
 * Decode text bytes: a UTF-8 BOM is dropped, UTF-16 LE/BE with a BOM are decoded, bytes that are not valid
 * UTF-8 are read as windows-1252 (what older Windows tools write). Line ends are not touched here.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const wide = utf16WithoutBom(bytes);
  if (wide) return new TextDecoder(wide).decode(bytes);
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

/** Turn CRLF and lone CR line ends into LF, so line numbers and offsets mean the same everywhere. */
export function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Read a .txt or .md file into notes; the text is kept as written apart from line ends. */
export function readText(name: string, format: FileFormat, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): IngestedNotes {
  const text = normaliseLineEnds(decodeText(bytes));
  checkText(name, text, limits);
  if (text.includes('\u0000')) {
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text file (it contains binary data).');
  }
  if (text.trim() === '') throw fileError('EMPTY_FILE', name, 'the file has no text.');
  return { kind: 'notes', name, format, text };
}
