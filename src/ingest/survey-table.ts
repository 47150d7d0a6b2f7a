// Survey exports: CSV (delimiter sniffed, multi-line quoted answers, source line per record) and XLSX (first sheet with data).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import type { IngestedSurvey, SurveyRecord } from '../model/index.ts';
import { fileError, isOleFile, isZipFile, reasonOf } from './common.ts';
import { DEFAULT_READER_LIMITS, tooMuch, type ReaderLimits } from './limits.ts';
import { decodeLegacy, MixedLineDecoder, planEncoding, planLegacy, planWarning, utf16WithoutBom, type LegacyPlan } from './encoding.ts';
import { foldSurveyMonkeyHeader, withChoiceQuestions, isCodebookSheetName, readCodebook, recogniseSurvey, type Codebook } from './platforms.ts';

/** Counts a survey's cells and characters as they are read; throws (or returns) the refusal once a limit is passed. */
function cellCounter(name: string, limits: ReaderLimits): (cells: readonly string[]) => Error | null {
  let cells = 0;
  let chars = 0;
  return (row) => {
    cells += row.length;
    for (const cell of row) chars += cell.length;
    if (cells > limits.cells) return tooMuch(name, `${limits.cells.toLocaleString('en')} cells`);
    if (chars > limits.textChars) return tooMuch(name, `${limits.textChars.toLocaleString('en')} characters of text`);
    return null;
  };
}

/** Delimiters a survey CSV may use, in order of preference when the evidence ties. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Pick the delimiter of a CSV text: count each candidate outside quotes on the first lines (a quoted field may
 * span lines) and choose the one that appears the same number of times on most lines, then the most often.
 */
export function detectDelimiter(text: string, maxLines = 20): CsvDelimiter {
  const counter = new DelimiterCounter(maxLines);
  counter.feed(text);
  return counter.choose();
}

/** Per line with text (up to `maxLines`), how often each delimiter occurs outside quotes, for text that may arrive in pieces. */
class DelimiterCounter {
  private readonly counts: Record<CsvDelimiter, number[]> = { ',': [], ';': [], '\t': [], '|': [] };
  private current: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  private inQuotes = false;
  private lineHasText = false;
  /** Complete lines with text seen so far (at most maxLines count). */
  lines = 0;

  constructor(private readonly maxLines: number) {}

  feed(text: string): void {
    for (let i = 0; i < text.length && this.lines < this.maxLines; i++) {
      const ch = text[i]!;
      if (ch === '"') {
        // A doubled (escaped) quote inside a quoted field toggles twice: still inside, as it should be.
        this.inQuotes = !this.inQuotes;
        this.lineHasText = true;
      } else if (ch === '\n' && !this.inQuotes) {
        if (this.lineHasText) {
          for (const d of CSV_DELIMITERS) this.counts[d].push(this.current[d]!);
          this.lines++;
        }
        this.current = { ',': 0, ';': 0, '\t': 0, '|': 0 };
        this.lineHasText = false;
      } else if (!this.inQuotes && ch in this.current) {
        this.current[ch]! += 1;
        this.lineHasText = true;
      } else if (ch.trim()) {
        this.lineHasText = true;
      }
    }
  }

  /** The delimiter, once all the text (or enough lines of it) was fed. */
  choose(): CsvDelimiter {
    const counts = { ...this.counts };
    if (this.lineHasText && this.lines < this.maxLines) for (const d of CSV_DELIMITERS) counts[d] = [...counts[d], this.current[d]!];
    return chooseDelimiter(counts);
  }
}

function chooseDelimiter(counts: Record<CsvDelimiter, number[]>): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const d of CSV_DELIMITERS) {
    const seen = counts[d].filter((n) => n > 0);
    if (seen.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const n of seen) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    const consistent = Math.max(...frequency.values());
    const score = consistent * 10_000 + seen.reduce((a, b) => a + b, 0);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** The line where a quoted field opens that is still open at the end of the text, or null when all quotes close. */
export function unclosedQuoteLine(text: string, delimiter: CsvDelimiter): number | null {
  const tracker = new QuoteTracker(delimiter);
  tracker.feed(text);
  return tracker.end();
}

/** unclosedQuoteLine over text that arrives in pieces (a doubled quote may be split between two of them). */
class QuoteTracker {
  private line = 1;
  private openedOn: number | null = null;
  /** The character before the piece being read (null at the start of the text). */
  private previous: string | null = null;
  /** A quote ended the last piece inside a quoted field: the next character tells an escaped quote from a closing one. */
  private pendingQuote = false;

  constructor(private readonly delimiter: CsvDelimiter) {}

  feed(text: string): void {
    if (text.length === 0) return;
    let i = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (text[0] === '"') i = 1;
      else this.openedOn = null;
    }
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') this.line++;
      else if (ch === '"') {
        if (this.openedOn !== null) {
          if (i + 1 === text.length) this.pendingQuote = true;
          else if (text[i + 1] === '"') i++;
          else this.openedOn = null;
        } else {
          // Only a quote at the start of a field opens a quoted field; others are literal (relax_quotes).
          const before = i > 0 ? text[i - 1] : this.previous;
          if (before === null || before === '\n' || before === this.delimiter) this.openedOn = this.line;
        }
      }
    }
    this.previous = text[text.length - 1]!;
  }

  end(): number | null {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.openedOn = null;
    }
    return this.openedOn;
  }
}

/** True when decoded text is binary junk rather than a text table: NUL bytes or mostly control characters. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t') || code === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Turn raw rows (with their source lines) into a survey table. The header is the first well-filled row (title
 * lines above it are dropped); blank names become `column_N`, repeated names get " (2)", " (3)". Rows are padded
 * to the widest row (extra cells get `column_N` headers); blank rows are dropped, and so are unnamed columns
 * with no data at all.
 */
export function buildTable(
  name: string,
  rows: readonly { line: number; cells: string[] }[],
): { headers: string[]; records: SurveyRecord[] } {
  const nonBlank = rows.filter((r) => !isBlank(r.cells));
  if (nonBlank.length === 0) throw fileError('EMPTY_FILE', name, 'the file has no rows.');
  // Exports sometimes start with a title line ("Exported on 3 May"): the header is the first row that fills
  // at least half as many cells as the fullest of the first rows (and two, when the table has two columns or more).
  const filled = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;
  const fullest = Math.max(...nonBlank.slice(0, 20).map((r) => filled(r.cells)));
  const needed = fullest <= 1 ? 1 : Math.max(2, Math.ceil(fullest / 2));
  const headerIndex = nonBlank.findIndex((r) => filled(r.cells) >= needed);
  const [headerRow, ...dataRows] = nonBlank.slice(headerIndex);
  if (dataRows.length === 0) {
    throw fileError('EMPTY_FILE', name, 'the file has a header row but no answers.');
  }
  // A loop, not Math.max(...): a large export has more rows than a call may have arguments.
  const width = nonBlank.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const raw = Array.from({ length: width }, (_, i) => (headerRow.cells[i] ?? '').trim());
  const keep = raw.map((h, i) => h !== '' || dataRows.some((r) => (r.cells[i] ?? '').trim() !== ''));
  const headers: string[] = [];
  const used = new Map<string, number>();
  for (const [i, header] of raw.entries()) {
    if (!keep[i]) continue;
    const base = header || `column_${i + 1}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    headers.push(n === 1 ? base : `${base} (${n})`);
  }
  const records = dataRows.map((r) => ({
    line: r.line,
    cells: raw.flatMap((_, i) => (keep[i] ? [r.cells[i] ?? ''] : [])),
  }));
  return { headers, records };
}

/** buildTable over a platform's export: SurveyMonkey's two header rows folded into one, the platform and its multi-choice questions recognised. */
export function surveyTable(
  name: string,
  rows: readonly { line: number; cells: string[] }[],
  codebook: Codebook | null = null,
): { headers: string[]; records: SurveyRecord[]; source?: IngestedSurvey['source'] } {
  const monkey = foldSurveyMonkeyHeader(rows);
  const { headers, records } = buildTable(name, monkey?.rows ?? rows);
  const source = recogniseSurvey(headers, { monkeyQuestions: monkey?.questions ?? null, codebook });
  return source ? { headers, records, source: withChoiceQuestions(source, headers, records) } : { headers, records };
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
interface DecodeReport {
  encoding: string;
  foreignLines: number;
}

/** Thrown inside the UTF-8 pass when a byte sequence is not UTF-8: the text is read again with a legacy plan (planLegacy). */
class NotUtf8 extends Error {}

/** Bytes read at the start to recognise the encoding (utf16WithoutBom looks at 2048). */
const SNIFF_BYTES = 2048;

/**
 * The decoded text of a source, piece by piece, as decodeText would decode it whole: BOMs, UTF-16 with or without
 * a BOM, UTF-8 (NotUtf8 when it is not), or windows-1252. Line ends are not touched here.
 */
async function* decodePieces(source: ByteSource, fallback: LegacyPlan | null, report: DecodeReport = { encoding: '', foreignLines: 0 }): AsyncGenerator<string> {
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
interface TextFacts {
  sep: CsvDelimiter | null;
  hasText: boolean;
}

/** Normalised pieces of decoded text with the "sep=" line blanked; `facts` is filled in as the pieces pass. */
function csvText(decoded: AsyncIterable<string>, facts: TextFacts): AsyncGenerator<string> {
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

/** Characters of decoded text looksBinary judges. */
const BINARY_SAMPLE = 4096;

/** Lines the delimiter is guessed from (as detectDelimiter). */
const DELIMITER_LINES = 20;

/**
 * Read a CSV from a source into a survey table, decoding and parsing it piece by piece: memory grows with the
 * records, not with several copies of the file's text. Each record's `line` is the source line where it starts.
 */
export async function readCsvFrom(name: string, source: ByteSource, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<IngestedSurvey> {
  try {
    return await readCsvPass(name, source, null, limits);
  } catch (err) {
    // Bytes that are not UTF-8 (Excel on Windows writes windows-1250, -1251 or -1252): the plan comes from the
    // first MiB, as decodeTextBytes makes it from a whole file.
    if (err instanceof NotUtf8) return readCsvPass(name, source, planLegacy(await headBytes(source, 1 << 20)), limits);
    throw err;
  }
}

/** The first `max` bytes of a source (fewer when it is shorter), a BOM skipped. */
async function headBytes(source: ByteSource, max: number): Promise<Uint8Array> {
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

/** Read a .csv file's bytes into a survey table; each record's `line` is the source line where it starts. */
export function readCsv(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<IngestedSurvey> {
  return readCsvFrom(name, bytesSource(bytes), limits);
}

type ParsedRecord = { record: string[]; info: { lines: number } };

async function readCsvPass(name: string, source: ByteSource, fallback: LegacyPlan | null, limits: ReaderLimits): Promise<IngestedSurvey> {
  const report: DecodeReport = { encoding: '', foreignLines: 0 };
  // The binary check sees the first characters as decoded, before line ends are normalised (as on the whole text).
  let sample = '';
  const sampled = (async function* sampling() {
    for await (const piece of decodePieces(source, fallback, report)) {
      if (sample.length < BINARY_SAMPLE) sample += piece.slice(0, BINARY_SAMPLE - sample.length);
      yield piece;
    }
  })();
  const decoded = sampled[Symbol.asyncIterator]();
  const held: string[] = [];
  while (sample.length < BINARY_SAMPLE) {
    const next = await decoded.next();
    if (next.done) break;
    held.push(next.value);
  }
  if (looksBinary(sample)) {
    // Binary junk is refused once the encoding is settled: the rest must decode as UTF-8, or the windows-1252 pass judges.
    if (!fallback) while (!(await decoded.next()).done);
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text CSV file; export the survey again as CSV (UTF-8).');
  }
  const facts: TextFacts = { sep: null, hasText: false };
  const pieces = csvText(
    (async function* again() {
      yield* held;
      for (let next = await decoded.next(); !next.done; next = await decoded.next()) yield next.value;
    })(),
    facts,
  )[Symbol.asyncIterator]();

  // The delimiter is guessed from the first lines: hold pieces until they hold enough complete lines, or all the text.
  const counter = new DelimiterCounter(DELIMITER_LINES);
  let head = '';
  let ended = false;
  for (;;) {
    const next = await pieces.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
    if (facts.sep) break;
    counter.feed(next.value);
    if (counter.lines >= DELIMITER_LINES) break;
  }
  const delimiter = facts.sep ?? counter.choose();

  const rows: { line: number; cells: string[] }[] = [];
  const parser = parse({ delimiter, bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  let failure: unknown = null;
  let overLimit: Error | null = null;
  const count = cellCounter(name, limits);
  // info.lines is the line the record ends on; the line breaks inside it are those of its (quoted) cells.
  parser.on('data', ({ record, info }: ParsedRecord) => {
    if (overLimit) return;
    overLimit = count(record);
    // The limit stops the reading like a parse error does (nothing more is fed to the parser).
    if (overLimit) parser.destroy(overLimit);
    else rows.push({ line: info.lines - lineBreaksIn(record), cells: record });
  });
  parser.on('error', (err: unknown) => {
    failure ??= err;
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  /** Hand a piece to the parser, waiting while it is busy; false once it failed. */
  const feed = async (text: string): Promise<boolean> => {
    if (failure) return false;
    if (!parser.write(text)) {
      let drained = (): void => undefined;
      await Promise.race([new Promise<void>((resolve) => parser.once('drain', (drained = resolve))), finished]);
      parser.off('drain', drained);
    }
    return !failure;
  };
  let parsing = head ? await feed(head) : true;
  head = '';
  if (!ended) {
    // After a parse error the rest is still read: an error about the encoding or an empty text comes first.
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) if (parsing) parsing = await feed(next.value);
  }
  if (!facts.hasText) throw fileError('EMPTY_FILE', name, 'the file is empty.');
  if (parsing) parser.end();
  await finished;
  if (overLimit) throw overLimit;
  if (failure) {
    // Read the text again (without parsing) to point at the quote that never closes.
    const tracker = new QuoteTracker(delimiter);
    for await (const piece of csvText(decodePieces(source, fallback), { sep: null, hasText: false })) tracker.feed(piece);
    const open = tracker.end();
    if (open !== null) {
      throw fileError(
        'MALFORMED_FILE',
        name,
        `the CSV has a quote (") opened on line ${open} that is never closed; add the closing quote or remove it, then upload the file again.`,
        failure,
      );
    }
    const line = typeof (failure as { lines?: unknown }).lines === 'number' ? (failure as { lines: number }).lines : null;
    throw fileError('MALFORMED_FILE', name, `the CSV could not be read${line ? ` at line ${line}` : ''} (${reasonOf(failure)}).`, failure);
  }
  const warning = fallback ? planWarning(fallback, report.foreignLines) : null;
  return { kind: 'survey', name, format: 'csv', sheet: null, ...surveyTable(name, rows), encoding: report.encoding, ...(warning ? { warnings: [warning] } : {}) };
}

/** Line breaks in a record's cells: a break inside a record is always inside a quoted cell, and kept in its value. */
function lineBreaksIn(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

/** ISO date (yyyy-mm-dd), with the time when it is not midnight. */
function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** The text of one Excel cell value: strings, numbers, booleans, dates, rich text, formula results, hyperlinks, errors. */
export function cellValueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run) => run.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      return cellValueText((value as { result?: ExcelJS.CellValue }).result);
    }
    if ('hyperlink' in value) {
      const text = (value as { text?: unknown }).text;
      return typeof text === 'string' ? text : cellValueText(text as ExcelJS.CellValue);
    }
    if ('error' in value) return String((value as { error: unknown }).error);
    if ('text' in value) return String((value as { text: unknown }).text);
  }
  return String(value);
}

/**
 * Read an .xlsx file into a survey table from its first worksheet with data; `line` is the Excel row number. The
 * zip is checked by the caller; here the cells and their text are counted against the limits.
 */
export async function readXlsx(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<IngestedSurvey> {
  if (isOleFile(bytes)) {
    throw fileError(
      'ENCRYPTED_FILE',
      name,
      'the workbook is password-protected (or is an old .xls file); remove the password or save it as .xlsx and upload it again.',
    );
  }
  if (!isZipFile(bytes)) {
    throw fileError('MALFORMED_FILE', name, 'this is not a valid Excel (.xlsx) file; open it in Excel and save it again as .xlsx.');
  }
  // exceljs takes about half a second to load: only when an Excel file comes.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw fileError('MALFORMED_FILE', name, `the workbook is damaged and could not be read (${reasonOf(err)}).`, err);
  }
  const sheets = [...workbook.worksheets].sort((a, b) => Number(a.state !== 'visible') - Number(b.state !== 'visible'));
  const count = cellCounter(name, limits);
  const rowsOf = (sheet: ExcelJS.Worksheet): { line: number; cells: string[] }[] => {
    const rows: { line: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellValueText(row.getCell(c).value));
      const over = count(cells);
      if (over) throw over;
      rows.push({ line: rowNumber, cells });
    });
    return rows;
  };
  // A codebook sheet (or an XLSForm's survey sheet) gives the question text of the answers' columns; it is not the answers.
  // Sheets named like one are read as answers only when no other sheet has any.
  const codebookSheets = sheets.filter((sheet) => isCodebookSheetName(sheet.name));
  const answerSheets = [...sheets.filter((sheet) => !isCodebookSheetName(sheet.name)), ...codebookSheets];
  for (const sheet of answerSheets) {
    const rows = rowsOf(sheet);
    if (rows.some((r) => !isBlank(r.cells))) {
      const others = codebookSheets.filter((other) => other !== sheet);
      const codebook = others.map((other) => readCodebook(other.name, rowsOf(other))).find((c) => c !== null) ?? null;
      return { kind: 'survey', name, format: 'xlsx', sheet: sheet.name, ...surveyTable(name, rows, codebook) };
    }
  }
  throw fileError('EMPTY_FILE', name, 'the workbook has no rows.');
}
