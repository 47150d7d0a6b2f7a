// Limits every reader works within: what a file may expand to (unzipped bytes, text, cells, PDF pages) and how deep HTML may nest.
import { fileError } from './common.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard.ts';

/** What one file may expand to while it is read; the zip limits also bound a PDF's decompressed streams. */
export interface ReaderLimits extends ZipLimits {
  /** Characters of text read from one file (notes text, or all the cells of a survey together). */
  textChars: number;
  /** Cells of one survey table (rows times columns as read). */
  cells: number;
  /** Pages of one PDF. */
  pdfPages: number;
  /** How deep elements of an HTML page (or a Word document's HTML) may nest. */
  nesting: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  ...DEFAULT_ZIP_LIMITS,
  textChars: 100_000_000,
  cells: 10_000_000,
  pdfPages: 5000,
  nesting: 500,
};

/** The refusal for a file that expands past a limit: TOO_LARGE, naming the file, the limit and what to do. */
export function tooMuch(name: string, what: string): Error {
  return fileError('TOO_LARGE', name, `the file was refused because it holds more than ${what}; split it into smaller files and upload them.`);
}

/** Refuse notes text longer than the limit. */
export function checkText(name: string, text: string, limits: ReaderLimits): void {
  if (text.length > limits.textChars) throw tooMuch(name, `${limits.textChars.toLocaleString('en')} characters of text`);
}

/** Counts a survey's cells and characters as they are read; throws (or returns) the refusal once a limit is passed. */
export function cellCounter(name: string, limits: ReaderLimits): (cells: readonly string[]) => Error | null {
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
