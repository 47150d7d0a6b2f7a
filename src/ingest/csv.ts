// Survey CSVs: decoded and parsed piece by piece (delimiter sniffed, multi-line quoted answers, source line per record).
import { parse } from 'csv-parse';
import type { IngestedSurvey } from '../model/index.ts';
import { fileError, reasonOf } from './common.ts';
import { DelimiterCounter, QuoteTracker } from './csv-dialect.ts';
import { bytesSource, csvText, decodePieces, headBytes, looksBinary, NotUtf8, type ByteSource, type DecodeReport, type TextFacts } from './csv-decode.ts';
import { planLegacy, planWarning, type LegacyPlan } from './encoding.ts';
import { cellCounter, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';
import { surveyTable } from './survey-header.ts';

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
