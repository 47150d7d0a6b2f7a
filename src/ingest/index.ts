// Ingest: one file's bytes to notes text or a survey table, dispatched on the file extension.
import type { FileFormat, IngestedDocument } from '../model/index.ts';
import { fileFormat } from '../model/index.ts';
import { fileError } from './common.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { readPdf } from './pdf.ts';
import { readCsv, readXlsx } from './survey-table.ts';
import { readText } from './text.ts';

/** File extensions Harvest reads, and the format each one is. */
export const EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  docx: 'docx',
  pdf: 'pdf',
  csv: 'csv',
  tsv: 'csv',
  xlsx: 'xlsx',
};

/** The format of a file from its extension (case-insensitive), or null when Harvest does not read it. */
export function formatOf(name: string): FileFormat | null {
  const match = /\.([a-z0-9]+)$/i.exec(name.trim());
  if (!match) return null;
  const format = EXTENSIONS[match[1].toLowerCase()];
  return format ? fileFormat.parse(format) : null;
}

/** Read one file's bytes into notes text or a survey table. Throws AppError (with options.file = name) naming the file and what is wrong. */
export async function ingestFile(name: string, bytes: Uint8Array): Promise<IngestedDocument> {
  const format = formatOf(name);
  if (!format) {
    throw fileError(
      'UNSUPPORTED_FORMAT',
      name,
      `this kind of file is not supported; use one of: ${Object.keys(EXTENSIONS).map((e) => `.${e}`).join(', ')}.`,
    );
  }
  if (bytes.length === 0) throw fileError('EMPTY_FILE', name, 'the file is empty (0 bytes).');
  switch (format) {
    case 'txt':
    case 'md':
      return readText(name, format, bytes);
    case 'html':
      return readHtml(name, bytes);
    case 'docx':
      return readDocx(name, bytes);
    case 'pdf':
      return readPdf(name, bytes);
    case 'csv':
      return readCsv(name, bytes);
    case 'xlsx':
      return readXlsx(name, bytes);
  }
}
