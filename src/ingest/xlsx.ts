// Survey workbooks (.xlsx): the first sheet with data read as the answers, a codebook sheet beside it as the questions' text.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { IngestedSurvey } from '../model/index.ts';
import { fileError, isOleFile, isZipFile, reasonOf } from './common.ts';
import { cellCounter, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';
import { isCodebookSheetName, readCodebook } from './platforms.ts';
import { isBlank, surveyTable } from './survey-header.ts';

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
 * exceljs's Workbook, the one class read here, from its own file: the package's entry also loads its streaming
 * reader and writer (unzipper, archiver and their dependencies), more than half of exceljs's load time. It is the same
 * class as the entry's `Workbook` (the entry re-exports that file).
 */
function workbookClass(): typeof ExcelJS.Workbook {
  return createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;
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
  // exceljs takes about half a second to load: only when an Excel file comes, and only its Workbook (see workbookClass).
  const Workbook = workbookClass();
  const workbook = new Workbook();
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
