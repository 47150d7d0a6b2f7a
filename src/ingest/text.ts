// Plain text and Markdown: decode the bytes (BOM, UTF-16, UTF-8, else the likeliest legacy encoding), normalise line ends, keep the rest verbatim.
import type { FileFormat, IngestedNotes } from '../model/index.ts';
import { fileError } from './common.ts';
import { decodeTextBytes } from './encoding.ts';
import { checkText, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';

export { decodeWindows1252, utf16WithoutBom } from './encoding.ts';

/**
 * Decode text bytes (see decodeTextBytes: BOMs, UTF-16, UTF-8, mixed lines, a guess among the legacy encodings
 * of Harvest's languages). Line ends are not touched here.
 */
export function decodeText(bytes: Uint8Array): string {
  return decodeTextBytes(bytes).text;
}

/** Turn CRLF and lone CR line ends into LF, so line numbers and offsets mean the same everywhere. */
export function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Read a .txt or .md file into notes; the text is kept as written apart from line ends. */
export function readText(name: string, format: FileFormat, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): IngestedNotes {
  const decoded = decodeTextBytes(bytes);
  const text = normaliseLineEnds(decoded.text);
  checkText(name, text, limits);
  if (text.includes('\u0000')) {
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text file (it contains binary data).');
  }
  if (text.trim() === '') throw fileError('EMPTY_FILE', name, 'the file has no text.');
  return { kind: 'notes', name, format, text, encoding: decoded.encoding, ...(decoded.warning ? { warnings: [decoded.warning] } : {}) };
}
