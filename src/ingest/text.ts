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

const NAMED_REFERENCES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0']]);
const CHARACTER_REFERENCE = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

/**
 * Markdown's character references as the characters a reader of the document sees ("R &amp; D", "don&#39;t"): notes
 * copied out of GitHub, wikis and web editors keep them, and read as they are they became words ("amp", "39"). The
 * five named references of XML and HTML's no-break space, and numeric ones; any other stays as written.
 */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARACTER_REFERENCE, (whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name) return NAMED_REFERENCES.get(name) ?? whole;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    const usable = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0x0a && code !== 0x0d;
    return usable ? String.fromCodePoint(code) : whole;
  });
}

/** Read a .txt or .md file into notes; the text is kept as written apart from line ends (and a Markdown file's character references). */
export function readText(name: string, format: FileFormat, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): IngestedNotes {
  const decoded = decodeTextBytes(bytes);
  const lines = normaliseLineEnds(decoded.text);
  const text = format === 'md' ? decodeCharacterReferences(lines) : lines;
  checkText(name, text, limits);
  if (text.includes('\u0000')) {
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text file (it contains binary data).');
  }
  if (text.trim() === '') throw fileError('EMPTY_FILE', name, 'the file has no text.');
  return { kind: 'notes', name, format, text, encoding: decoded.encoding, ...(decoded.warning ? { warnings: [decoded.warning] } : {}) };
}
