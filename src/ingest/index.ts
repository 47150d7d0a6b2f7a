// Ingest: one file's bytes to notes text or a survey table, dispatched on the content (PDF, DOCX, XLSX signatures), else the extension.
import { own } from '../model/dict.ts';
import { open, readFile } from 'node:fs/promises';
import type { FileFormat, IngestedDocument, IngestedSurvey } from '../model/index.ts';
import { fileFormat } from '../model/index.ts';
import { fileError, isZipFile } from './common.ts';
import { readCsv, readCsvFrom } from './csv.ts';
import { fileSource } from './csv-decode.ts';
import { readXlsx } from './xlsx.ts';
import { boardFromTable } from './board.ts';
import { readBoardJson } from './board-json.ts';
// The HTML, DOCX and PDF readers (turndown, mammoth, pdfjs: about a second to load together) are imported when
// such a file comes; exceljs likewise inside readXlsx.
import { readText } from './text.ts';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';
import { officeKind, verifiedZip, type ZipLimits } from './zip-guard.ts';

export interface IngestOptions {
  /** What a file may expand to (see DEFAULT_READER_LIMITS); unset fields keep their defaults. */
  limits?: Partial<ReaderLimits>;
  /** Limits for zips (DOCX, XLSX) and PDF streams; overrides those of `limits`. */
  zip?: ZipLimits;
}

/** The limits in force for one read: defaults, then `limits`, then `zip`. */
export function readerLimits(options: IngestOptions = {}): ReaderLimits {
  return { ...DEFAULT_READER_LIMITS, ...options.limits, ...options.zip };
}

/** True when the bytes are a PDF (its signature may follow a little junk, as readers allow). */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * The format of a file from its content when the content says so: a PDF, a Word or an Excel file is read as
 * what it is whatever its name (a PDF saved as "notes.txt"). Text, and files the content does not identify,
 * keep the format of their extension.
 */
export function sniffFormat(name: string, bytes: Uint8Array): FileFormat | null {
  const byName = formatOf(name);
  if (isZipFile(bytes)) return officeKind(bytes) ?? byName;
  if (isPdf(bytes) && byName !== 'pdf') {
    // A text file that merely mentions "%PDF-" is not a PDF: it must start with the signature.
    return bytes[0] === 0x25 ? 'pdf' : byName;
  }
  return byName;
}

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
  json: 'json',
};

/** The format of a file from its extension (case-insensitive), or null when Harvest does not read it. */
export function formatOf(name: string): FileFormat | null {
  const match = /\.([a-z0-9]+)$/i.exec(name.trim());
  if (!match) return null;
  const format = own(EXTENSIONS, match[1].toLowerCase());
  return format ? fileFormat.parse(format) : null;
}

/** A table that is a whiteboard export (Miro, Mural stickies) is read as notes; any other stays a survey. */
function asBoard(table: IngestedSurvey): IngestedDocument {
  return boardFromTable(table) ?? table;
}

/**
 * Read one file's bytes into notes text or a survey table; the format comes from the content when it is a PDF,
 * DOCX or XLSX, else from the extension. Throws AppError (with options.file = name) naming the file and what is wrong.
 */
export async function ingestFile(name: string, bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestedDocument> {
  const format = bytes.length === 0 ? formatOf(name) : sniffFormat(name, bytes);
  if (!format) {
    throw fileError(
      'UNSUPPORTED_FORMAT',
      name,
      `this kind of file is not supported; use one of: ${Object.keys(EXTENSIONS).map((e) => `.${e}`).join(', ')}.`,
    );
  }
  if (bytes.length === 0) throw fileError('EMPTY_FILE', name, 'the file is empty (0 bytes).');
  const limits = readerLimits(options);
  switch (format) {
    case 'txt':
    case 'md':
      return readText(name, format, bytes, limits);
    case 'html':
      return (await import('./html.ts')).readHtml(name, bytes, limits);
    case 'docx':
      // mammoth and exceljs get the zip re-built from entries inflated under the limits, never the upload itself.
      return (await import('./docx.ts')).readDocx(name, isZipFile(bytes) ? verifiedZip(name, bytes, limits) : bytes, limits);
    case 'pdf':
      return (await import('./pdf.ts')).readPdf(name, bytes, limits);
    case 'csv':
      return asBoard(await readCsv(name, bytes, limits));
    case 'xlsx':
      return asBoard(await readXlsx(name, isZipFile(bytes) ? verifiedZip(name, bytes, limits) : bytes, limits));
    case 'json':
      return readBoardJson(name, bytes, limits);
  }
}

/**
 * Read a file on disk (an upload stored in a temporary file) like ingestFile reads its bytes: a CSV is decoded
 * and parsed as it is read, other formats (which their readers need whole) are read into memory first.
 */
export async function ingestPath(name: string, file: string, options: IngestOptions = {}): Promise<IngestedDocument> {
  const handle = await open(file, 'r');
  let head: Uint8Array;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = new Uint8Array(Math.min(size, 1024));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  // The first KiB tells a PDF or an Office file (zip) from text; a zip's kind needs the whole file.
  if (size > 0 && !isZipFile(head) && sniffFormat(name, head) === 'csv') return asBoard(await readCsvFrom(name, fileSource(file), readerLimits(options)));
  return ingestFile(name, new Uint8Array(await readFile(file)), options);
}
