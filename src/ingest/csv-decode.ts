// CSV bytes to text, piece by piece: the encoding recognised (BOMs, UTF-16, UTF-8, else a legacy plan), line ends
// normalised, Excel's "sep=" line blanked, and binary junk told from text.
import { createReadStream } from 'node:fs';
import type { CsvDelimiter } from './csv-dialect.ts';
import { decodeLegacy, MixedLineDecoder, planEncoding, utf16WithoutBom, type LegacyPlan } from './encoding.ts';

/** True when decoded text is binary junk rather than a text table: NUL bytes or mostly control characters. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t') || code === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Where a CSV's bytes come from, in pieces: a function so the bytes can be read again from the start (when they
 * turn out not to be UTF-8, and to locate an unclosed quote after a parse error).
 */
export type ByteSource = () => AsyncIterable<Uint8Array>;

/** Bytes in memory as a source, in pieces of 64 KiB (views, not copies). */
export function bytesSource(bytes: Uint8Array, pieceBytes = 64 * 1024): ByteSource {
  return async function* pieces() {
    for (let at = 0; at < bytes.length; at += pieceBytes) yield bytes.subarray(at, at + pieceBytes);
  };
}

/** A file on disk as a source, read in pieces of 64 KiB. */
export function fileSource(file: string): ByteSource {
  return () => createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'legacy';

/** How a source was decoded, filled in as it is read: the encoding's name and the number of lines not in UTF-8 (mixed files). */
export interface DecodeReport {
  encoding: string;
  foreignLines: number;
}

/** Thrown inside the UTF-8 pass when a byte sequence is not UTF-8: the text is read again with a legacy plan (planLegacy). */
export class NotUtf8 extends Error {}

/** Bytes read at the start to recognise the encoding (utf16WithoutBom looks at 2048). */
const SNIFF_BYTES = 2048;

/**
 * The decoded text of a source, piece by piece, as decodeText would decode it whole: BOMs, UTF-16 with or without
 * a BOM, UTF-8 (NotUtf8 when it is not), or windows-1252. Line ends are not touched here.
 */
export async function* decodePieces(source: ByteSource, fallback: LegacyPlan | null, report: DecodeReport = { encoding: '', foreignLines: 0 }): AsyncGenerator<string> {
  const iterator = source()[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const start = Buffer.concat(head);
  let encoding: Encoding = 'utf-8';
  let skip = 0;
  if (start.length >= 2 && start[0] === 0xff && start[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (start.length >= 2 && start[0] === 0xfe && start[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  else {
    const wide = utf16WithoutBom(start);
    if (wide) encoding = wide;
    else if (start.length >= 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) skip = 3;
    if (!wide && fallback) encoding = 'legacy';
  }
  report.encoding = encoding === 'legacy' ? planEncoding(fallback!) : encoding;
  const decoder = encoding === 'legacy' ? null : new TextDecoder(encoding, encoding === 'utf-8' ? { fatal: true, ignoreBOM: true } : {});
  const mixed = encoding === 'legacy' && fallback!.mixed ? new MixedLineDecoder(fallback!.encoding) : null;
  const decode = (bytes: Uint8Array, last: boolean): string => {
    if (mixed) {
      const text = mixed.push(bytes) + (last ? mixed.end() : '');
      report.foreignLines = mixed.foreignLines;
      return text;
    }
    if (!decoder) return decodeLegacy(bytes, fallback!.encoding);
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch (err) {
      if (encoding === 'utf-8') throw new NotUtf8('not UTF-8', { cause: err });
      throw err;
    }
  };
  // The pieces read to sniff are decoded as they came (the BOM skipped), so pieces keep their sizes.
  let skipLeft = skip;
  for (const [i, piece] of head.entries()) {
    const body = piece.subarray(Math.min(skipLeft, piece.length));
    skipLeft -= piece.length - body.length;
    const text = decode(body, done && i === head.length - 1);
    if (text) yield text;
  }
  if (done && head.length === 0) {
    const text = decode(new Uint8Array(0), true);
    if (text) yield text;
  }
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    const text = decode(next.value, false);
    if (text) yield text;
  }
  if (!done) {
    const rest = decode(new Uint8Array(0), true);
    if (rest) yield rest;
  }
}

/** Pieces with CRLF and lone CR turned into LF (as normaliseLineEnds does to a whole text), even when a CRLF is split between two pieces. */
async function* normalisePieces(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const piece of pieces) {
    let text = carry + piece;
    // A CR at the end may be the first half of a CRLF: keep it until the next piece tells.
    carry = text.endsWith('\r') ? '\r' : '';
    if (carry) text = text.slice(0, -1);
    if (text) yield text.replace(/\r\n?/g, '\n');
  }
  if (carry) yield '\n';
}

/** The first piece of at least `chars` characters (joined from several if need be), then the others as they come. */
async function* atLeast(pieces: AsyncIterable<string>, chars: number, onFirst: (text: string) => string): AsyncGenerator<string> {
  let first = '';
  let gotFirst = false;
  for await (const piece of pieces) {
    if (gotFirst) {
      yield piece;
      continue;
    }
    first += piece;
    if (first.length >= chars) {
      gotFirst = true;
      yield onFirst(first);
    }
  }
  if (!gotFirst && first) yield onFirst(first);
}

/** Excel may write a "sep=;" first line naming the delimiter; it is blanked, not removed, so line numbers hold. */
const SEP_LINE = /^sep=([,;\t|])\n/i;

/** What the start of a CSV text said: the delimiter a "sep=" line named, and whether the text has anything but white space. */
export interface TextFacts {
  sep: CsvDelimiter | null;
  hasText: boolean;
}

/** Normalised pieces of decoded text with the "sep=" line blanked; `facts` is filled in as the pieces pass. */
export function csvText(decoded: AsyncIterable<string>, facts: TextFacts): AsyncGenerator<string> {
  const checked = (async function* seeing() {
    for await (const piece of normalisePieces(decoded)) {
      facts.hasText ||= /\S/.test(piece);
      yield piece;
    }
  })();
  return atLeast(checked, 'sep=;\n'.length, (text) => {
    const sep = SEP_LINE.exec(text);
    if (!sep) return text;
    facts.sep = sep[1] as CsvDelimiter;
    return `\n${text.slice(sep[0].length)}`;
  });
}

/** The first `max` bytes of a source (fewer when it is shorter), a BOM skipped. */
export async function headBytes(source: ByteSource, max: number): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let total = 0;
  for await (const piece of source()) {
    pieces.push(piece);
    total += piece.length;
    if (total >= max + 3) break;
  }
  const all = Buffer.concat(pieces);
  const skip = all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
  return all.subarray(skip, skip + max);
}
