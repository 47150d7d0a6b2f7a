// PDF: pdfjs text items rebuilt into lines and paragraphs; bigger-font lines become "## " headings, bullet glyphs "- " items.
import { Unzlib } from 'fflate';
import * as pdfjs from './pdfjs.ts';
import type { IngestedNotes } from '../model/index.ts';
import { fileError, reasonOf } from './common.ts';
import { DEFAULT_READER_LIMITS, tooMuch, type ReaderLimits } from './limits.ts';

/** One positioned run of text on a page, as pdfjs reports it (PDF units, y grows upwards). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size: the height of the text's transform. */
  size: number;
  hasEOL: boolean;
}

/** A rebuilt line: its text, position, right edge and dominant font size. */
interface PdfLine {
  text: string;
  x: number;
  y: number;
  right: number;
  size: number;
}

/** Glyphs that start a bulleted line in PDFs (Word's Symbol/Wingdings bullets land in the private-use area). */
const BULLET = /^[•▪●◦○■□▸‣►\uF0B7\uF0A7\uF0D8\uF076\uF0FC](?:\s+|(?=\S))|^–\s+/u;
const NUMBERED = /^(?:\d{1,3}|[a-z])[.)]\s/i;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$/i;
/** A line at least this much larger than the body text is a heading. */
const HEADING_RATIO = 1.2;
/** Lines further apart than this many font sizes are separate paragraphs. */
const PARAGRAPH_GAP = 1.75;

const round = (n: number) => Math.round(n * 2) / 2;

/** Group one page's items into lines: a new line after an end-of-line mark or when the baseline moves. */
function pageLines(items: readonly PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: (PdfLine & { sizes: Map<number, number> }) | null = null;
  let endOfLine = false;
  const finish = () => {
    if (!current) return;
    const text = current.text.replace(/\s+/g, ' ').trim();
    if (text) {
      let size = current.size;
      let most = -1;
      for (const [s, count] of current.sizes) if (count > most) [size, most] = [s, count];
      lines.push({ text, x: current.x, y: current.y, right: current.right, size });
    }
    current = null;
  };
  for (const item of items) {
    const size = item.size > 0 ? item.size : 1;
    if (current && (endOfLine || Math.abs(item.y - current.y) > 0.5 * Math.max(size, current.size))) finish();
    endOfLine = item.hasEOL;
    if (item.str === '') continue;
    if (!current) {
      current = { text: '', x: item.x, y: item.y, right: item.x, size, sizes: new Map() };
    }
    // Items on one line touch inside a word; a visible gap between them stands for a space.
    const gap = item.x - current.right;
    if (current.text && gap > 0.15 * size && !/\s$/.test(current.text) && !/^\s/.test(item.str)) current.text += ' ';
    current.text += item.str;
    current.right = Math.max(current.right, item.x + item.width);
    if (item.str.trim()) {
      const key = round(size);
      current.sizes.set(key, (current.sizes.get(key) ?? 0) + item.str.trim().length);
    }
  }
  finish();
  // Running page numbers at the top or bottom of a page are not content.
  if (lines.length > 1 && PAGE_NUMBER.test(lines[lines.length - 1].text)) lines.pop();
  if (lines.length > 1 && PAGE_NUMBER.test(lines[0].text)) lines.shift();
  return lines;
}

/** The font size most characters of the document are set in. */
function bodySize(pages: readonly PdfLine[][]): number {
  const counts = new Map<number, number>();
  for (const line of pages.flat()) counts.set(line.size, (counts.get(line.size) ?? 0) + line.text.length);
  let best = 0;
  let most = -1;
  for (const [size, count] of counts) if (count > most || (count === most && size < best)) [best, most] = [size, count];
  return best;
}

/**
 * Rebuild Markdown-like text from the text items of each page. Items on one baseline are joined (with a space
 * where there is a visible gap); wrapped lines of a paragraph are joined back when the next line's first word
 * could not have fitted on the line before; lines clearly larger than the body text become `## ` headings;
 * bullet glyphs at line start become `- `; pages are separated by a blank line.
 */
export function pdfItemsToText(pages: readonly (readonly PdfTextItem[])[]): string {
  const linesByPage = pages.map(pageLines);
  const body = bodySize(linesByPage);
  const bodyLines = linesByPage.flat().filter((l) => l.size === body);
  // reduce, not Math.min(...): a long PDF has more lines than a call may have arguments.
  const columnLeft = bodyLines.reduce((m, l) => Math.min(m, l.x), Infinity);
  const columnRight = bodyLines.reduce((m, l) => Math.max(m, l.right), -Infinity);
  const columnWidth = columnRight - columnLeft;
  const canReflow = bodyLines.length > 0 && columnWidth >= 20 * body;

  const out: string[] = [];
  for (const lines of linesByPage) {
    if (out.length) out.push('');
    let previous: { line: PdfLine; kind: 'heading' | 'text' } | null = null;
    for (const line of lines) {
      const isHeading = line.size >= body * HEADING_RATIO && line.text.length <= 200 && /\p{L}/u.test(line.text);
      const gap = previous ? (previous.line.y - line.y) / previous.line.size : Infinity;
      const close = gap > 0 && gap <= PARAGRAPH_GAP;
      if (isHeading) {
        if (previous?.kind === 'heading' && close && previous.line.size === line.size) {
          out[out.length - 1] += ` ${line.text}`;
        } else {
          if (out.length && out[out.length - 1] !== '') out.push('');
          out.push(`## ${line.text}`);
        }
        previous = { line, kind: 'heading' };
        continue;
      }
      const bullet = BULLET.exec(line.text);
      const startsItem = bullet !== null || NUMBERED.test(line.text);
      if (previous?.kind === 'text' && close && !startsItem && canReflow && wrapped(previous.line, line, columnRight, columnWidth)) {
        out[out.length - 1] = joinWrapped(out[out.length - 1], line.text);
        previous = { line, kind: 'text' };
        continue;
      }
      if (out.length && out[out.length - 1] !== '' && (previous?.kind === 'heading' || (!close && !startsItem))) out.push('');
      out.push(bullet ? `- ${line.text.slice(bullet[0].length)}` : line.text);
      previous = { line, kind: 'text' };
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** True when `line` continues `previous`: the previous line runs to the column edge, so its next word had to wrap. */
function wrapped(previous: PdfLine, line: PdfLine, columnRight: number, columnWidth: number): boolean {
  if (previous.right - previous.x < 0.5 * columnWidth) return false;
  const firstWord = line.text.split(' ')[0];
  const charWidth = (line.right - line.x) / Math.max(1, line.text.length);
  const needed = (firstWord.length + 1) * charWidth;
  return columnRight - previous.right < needed;
}

/** Join a wrapped line to the text before it: a space, or nothing after a hyphen that split a word. */
function joinWrapped(before: string, after: string): string {
  if (before.endsWith('\u00ad')) return before.slice(0, -1) + after;
  if (/\p{L}-$/u.test(before)) return before + after;
  return `${before} ${after}`;
}

/** True for an error raised inside pdfjs (its stack runs through pdfjs-dist's files). */
function isPdfjsError(reason: unknown): boolean {
  return reason instanceof Error && /[\\/]pdfjs-dist[\\/]/.test(reason.stack ?? '');
}

let strayGuardInstalled = false;

/**
 * pdfjs (run in this thread) leaves some promises rejected and unhandled when a damaged PDF breaks a font or a
 * content stream, even though the call that Harvest awaits fails or succeeds cleanly; Node would end the whole
 * process for it. This listener drops only those pdfjs leftovers and re-throws anything else, which keeps Node's
 * usual behaviour for every other unhandled rejection.
 */
export function installPdfjsRejectionGuard(): void {
  if (strayGuardInstalled) return;
  strayGuardInstalled = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfjsError(reason)) return;
    throw reason;
  });
}

/** Compressed bytes handed to the inflater at a time: deflate expands at most about 1032:1, so the count passes the limit by 4 MB at most. */
const INFLATE_STEP = 4096;

/**
 * What the FlateDecode streams of a PDF inflate to, counted in small steps and given up as soon as the count
 * passes `max` (pdfjs has no such limit: a 175 KB PDF can hold a stream of hundreds of megabytes). The streams are
 * found by their keywords, as a reader recovering a damaged file would; a stream that does not inflate cleanly
 * counts what it gave before the damage (pdfjs reports the damage itself).
 */
export function pdfStreamBytes(bytes: Uint8Array, max: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  for (;;) {
    at = buf.indexOf('stream', at, 'latin1');
    if (at < 0) return total;
    const isEnd = at >= 3 && buf.toString('latin1', at - 3, at) === 'end';
    let start = at + 6;
    at = start;
    if (isEnd) continue;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue;
    if (buf[start] === 0x0a) start++;
    // The stream's dictionary: from the object's start ("obj") to the keyword, within 4 KiB.
    const head = buf.toString('latin1', Math.max(0, at - 6 - 4096), at - 6);
    const dict = head.slice(Math.max(0, head.lastIndexOf('obj')));
    if (!/\/(?:FlateDecode|Fl)\b/.test(dict)) continue;
    let end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) end = buf.length;
    const data = buf.subarray(start, end);
    let over = false;
    const inflater = new Unzlib((chunk) => {
      total += chunk.length;
      if (total > max) over = true;
    });
    try {
      for (let i = 0; i < data.length && !over; i += INFLATE_STEP) inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
    } catch {
      // Damaged stream: what it gave is counted.
    }
    if (over) return total;
    at = end + 9;
  }
}

type PdfjsItem = { str?: string; transform?: number[]; width?: number; height?: number; hasEOL?: boolean };

/**
 * Read a .pdf file into notes, within the limits: its compressed streams may inflate to `unzippedBytes`, it may
 * have `pdfPages` pages and `textChars` characters of text. Password-protected, scanned (no text layer) and
 * damaged files raise AppErrors naming the file.
 */
export async function readPdf(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<IngestedNotes> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) {
    throw fileError('MALFORMED_FILE', name, 'this is not a PDF file (it has no PDF header); check that the right file was chosen.');
  }
  if (pdfStreamBytes(bytes, limits.unzippedBytes) > limits.unzippedBytes) {
    throw tooMuch(name, `${Math.round(limits.unzippedBytes / (1024 * 1024))} MB of compressed content once unpacked`);
  }
  installPdfjsRejectionGuard();
  // pdfjs may keep or detach the buffer it is given; hand it a copy so the caller's bytes stay intact.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const pages: PdfTextItem[][] = [];
  let chars = 0;
  let limit: Error | null = null;
  try {
    const pdf = await task.promise;
    if (pdf.numPages > limits.pdfPages) throw (limit = tooMuch(name, `${limits.pdfPages.toLocaleString('en')} page${limits.pdfPages === 1 ? '' : 's'}`));
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const raw of content.items as PdfjsItem[]) {
        if (typeof raw.str !== 'string' || !raw.transform) continue;
        const [, , c, d, e, f] = raw.transform;
        chars += raw.str.length;
        if (chars > limits.textChars) throw (limit = tooMuch(name, `${limits.textChars.toLocaleString('en')} characters of text`));
        items.push({
          str: raw.str,
          x: e,
          y: f,
          width: raw.width ?? 0,
          size: Math.hypot(c, d) || raw.height || 0,
          hasEOL: raw.hasEOL === true,
        });
      }
      pages.push(items);
      page.cleanup();
    }
  } catch (err) {
    if (err === limit) throw err;
    const kind = err instanceof Error ? err.name : '';
    if (kind === 'PasswordException') {
      throw fileError('ENCRYPTED_FILE', name, 'the PDF is password-protected; remove the password and upload it again.', err);
    }
    throw fileError('MALFORMED_FILE', name, `the PDF is damaged and could not be read (${reasonOf(err)}).`, err);
  } finally {
    await task.destroy();
  }
  const text = pdfItemsToText(pages);
  if (text === '') {
    throw fileError(
      'UNREADABLE_FILE',
      name,
      'the PDF has no text layer; it looks scanned. Run it through OCR (or export the original document as PDF again) and upload it again.',
    );
  }
  return { kind: 'notes', name, format: 'pdf', text };
}
