// Survey exports: CSV (delimiter sniffed, multi-line quoted answers, source line per record) and XLSX (first sheet with data).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { IngestedSurvey, SurveyRecord } from '../model/index.ts';
import { fileError, isOleFile, isZipFile, reasonOf } from './common.ts';
import { decodeText, normaliseLineEnds } from './text.ts';

/** Delimiters a survey CSV may use, in order of preference when the evidence ties. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Pick the delimiter of a CSV text: count each candidate outside quotes on the first lines (a quoted field may
 * span lines) and choose the one that appears the same number of times on most lines, then the most often.
 */
export function detectDelimiter(text: string, maxLines = 20): CsvDelimiter {
  const counts: Record<CsvDelimiter, number[]> = { ',': [], ';': [], '\t': [], '|': [] };
  let current: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  let lineHasText = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i];
    if (ch === '"') {
      // A doubled quote inside a quoted field is an escaped quote, not the end of the field.
      if (inQuotes && text[i + 1] === '"') i++;
      else inQuotes = !inQuotes;
      lineHasText = true;
    } else if (ch === '\n' && !inQuotes) {
      if (lineHasText) {
        for (const d of CSV_DELIMITERS) counts[d].push(current[d]);
        lines++;
      }
      current = { ',': 0, ';': 0, '\t': 0, '|': 0 };
      lineHasText = false;
    } else if (!inQuotes && ch in current) {
      current[ch] += 1;
      lineHasText = true;
    } else if (ch.trim()) {
      lineHasText = true;
    }
  }
  if (lineHasText && lines < maxLines) for (const d of CSV_DELIMITERS) counts[d].push(current[d]);

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
  let line = 1;
  let openedOn: number | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      if (openedOn !== null && text[i + 1] === '"') i++;
      else if (openedOn !== null) openedOn = null;
      // Only a quote at the start of a field opens a quoted field; others are literal (relax_quotes).
      else if (i === 0 || text[i - 1] === '\n' || text[i - 1] === delimiter) openedOn = line;
    }
  }
  return openedOn;
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
  const width = Math.max(...nonBlank.map((r) => r.cells.length));
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

/** Read a .csv file into a survey table; each record's `line` is the source line where it starts. */
export function readCsv(name: string, bytes: Uint8Array): IngestedSurvey {
  const decoded = decodeText(bytes);
  if (looksBinary(decoded)) {
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text CSV file; export the survey again as CSV (UTF-8).');
  }
  let text = normaliseLineEnds(decoded);
  if (text.trim() === '') throw fileError('EMPTY_FILE', name, 'the file is empty.');
  // Excel may write a "sep=;" first line naming the delimiter; it is blanked, not removed, so line numbers hold.
  const sep = /^sep=([,;\t|])\n/i.exec(text);
  if (sep) text = `\n${text.slice(sep[0].length)}`;
  const delimiter = sep ? (sep[1] as CsvDelimiter) : detectDelimiter(text);
  let parsed: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (err) {
    const open = unclosedQuoteLine(text, delimiter);
    if (open !== null) {
      throw fileError(
        'MALFORMED_FILE',
        name,
        `the CSV has a quote (") opened on line ${open} that is never closed; add the closing quote or remove it, then upload the file again.`,
        err,
      );
    }
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : null;
    throw fileError('MALFORMED_FILE', name, `the CSV could not be read${line ? ` at line ${line}` : ''} (${reasonOf(err)}).`, err);
  }
  const rows = parsed.map(({ record, raw, info }) => {
    // info.lines is the line the record ends on; count back over the line breaks inside it.
    const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
    const inner = body.split('\n').length - 1;
    return { line: info.lines - inner, cells: record };
  });
  const { headers, records } = buildTable(name, rows);
  return { kind: 'survey', name, format: 'csv', sheet: null, headers, records };
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

/** Read an .xlsx file into a survey table from its first worksheet with data; `line` is the Excel row number. */
export async function readXlsx(name: string, bytes: Uint8Array): Promise<IngestedSurvey> {
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
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw fileError('MALFORMED_FILE', name, `the workbook is damaged and could not be read (${reasonOf(err)}).`, err);
  }
  const sheets = [...workbook.worksheets].sort((a, b) => Number(a.state !== 'visible') - Number(b.state !== 'visible'));
  for (const sheet of sheets) {
    const rows: { line: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellValueText(row.getCell(c).value));
      rows.push({ line: rowNumber, cells });
    });
    if (rows.some((r) => !isBlank(r.cells))) {
      const { headers, records } = buildTable(name, rows);
      return { kind: 'survey', name, format: 'xlsx', sheet: sheet.name, headers, records };
    }
  }
  throw fileError('EMPTY_FILE', name, 'the workbook has no rows.');
}
