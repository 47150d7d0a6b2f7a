// Zip reading for DOCX, XLSX and backups: a strict reader that inflates every entry itself under the limits, so readers only see checked content.
import { crc32 } from 'node:zlib';
import { Inflate, zipSync, type Zippable } from 'fflate';
import { fileError } from './common.ts';

/** How much a zip (DOCX/XLSX/backup) may unpack to, and how many entries it may have. */
export interface ZipLimits {
  unzippedBytes: number;
  zipEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { unzippedBytes: 200 * 1024 * 1024, zipEntries: 5000 };

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
  /** Bytes of the name as stored. */
  nameLength: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Where the end-of-central-directory record starts, searching back from the end, or -1. */
function findEocd(bytes: Uint8Array): number {
  const start = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= start; i--) if (u32(bytes, i) === EOCD) return i;
  return -1;
}

/** The central-directory record at `at` (its signature and bounds checked by the caller). */
function centralEntry(bytes: Uint8Array, at: number): ZipEntry {
  const nameLength = u16(bytes, at + 28);
  return {
    name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    flags: u16(bytes, at + 8),
    method: u16(bytes, at + 10),
    crc: u32(bytes, at + 16),
    compressedSize: u32(bytes, at + 20),
    declaredSize: u32(bytes, at + 24),
    localOffset: u32(bytes, at + 42),
    nameLength,
  };
}

/**
 * The entries of a zip's central directory, or null when it cannot be found or read. Lenient: it is only used
 * to guess what kind of Office file a zip is (readZip does the checking). `maxEntries` stops the walk early.
 */
export function zipEntries(bytes: Uint8Array, maxEntries = Number.POSITIVE_INFINITY): { entries: ZipEntry[]; total: number; zip64: boolean } | null {
  const eocd = findEocd(bytes);
  if (eocd < 0) return null;
  const total = u16(bytes, eocd + 10);
  const offset = u32(bytes, eocd + 16);
  if (total === 0xffff || offset === 0xffffffff) return { entries: [], total, zip64: true };
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < total && n < maxEntries; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) return null;
    const nameLength = u16(bytes, at + 28);
    const extra = u16(bytes, at + 30);
    const comment = u16(bytes, at + 32);
    if (at + 46 + nameLength > bytes.length) return null;
    entries.push(centralEntry(bytes, at));
    at += 46 + nameLength + extra + comment;
  }
  return { entries, total, zip64: false };
}

/** What kind of Office file a zip is from its entry names: 'docx', 'xlsx', or null. */
export function officeKind(bytes: Uint8Array): 'docx' | 'xlsx' | null {
  const listing = zipEntries(bytes, 10_000);
  if (!listing) return null;
  const names = new Set(listing.entries.map((e) => e.name));
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'xlsx';
  return null;
}

const mb = (n: number): string => (n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${n} bytes`);

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most about 1032:1, so the count of
 * inflated bytes can pass the limit by at most about 1 MB before the reading stops.
 */
const INFLATE_STEP = 1024;

/** Counters for tests: how many bytes were really inflated. */
export interface ZipReadStats {
  inflatedBytes: number;
}

/**
 * Read a zip strictly and unpack its entries, enforcing the limits on the bytes actually inflated (each entry is
 * inflated in small steps and the count stops the reading at the limit, whatever the directory claims). Anything
 * the check cannot follow is refused (fail closed): no end record, a directory that is not where the end record
 * says (e.g. junk before the zip), ZIP64, encryption, methods other than stored and deflate, entries that unpack
 * to another size or checksum than the directory says, duplicate names. `only` selects the entries kept (all
 * entries are still checked). Errors are MALFORMED_FILE AppErrors naming the file and saying why.
 */
export function readZip(
  name: string,
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  options: { only?: (entry: string) => boolean; stats?: ZipReadStats; advice?: string } = {},
): Map<string, Uint8Array> {
  const advice = options.advice ?? 'if it is a real document, save it again from Word or Excel.';
  const bomb = (why: string) => fileError('MALFORMED_FILE', name, `the file was refused because ${why} (a "zip bomb" guard); ${advice}`);
  const unreadable = (why: string) => fileError('MALFORMED_FILE', name, `the file was refused because it is damaged or its zip structure cannot be checked (${why}); ${advice}`);
  const eocd = findEocd(bytes);
  if (eocd < 0) throw unreadable('it has no zip directory');
  if (eocd + 22 + u16(bytes, eocd + 20) !== bytes.length) throw unreadable('there is data after the zip directory');
  const total = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw bomb('it is a ZIP64 archive, which Word and Excel documents never need');
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0 || u16(bytes, eocd + 8) !== total) throw unreadable('it claims to span several disks');
  if (total > limits.zipEntries) throw bomb(`it holds more than ${limits.zipEntries} parts`);
  // The directory must sit right before the end record: junk before the zip moves it, and is refused.
  if (cdOffset + cdSize !== eocd) throw unreadable('the zip directory is not where the file says it is');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = cdOffset;
  for (let n = 0; n < total; n++) {
    if (at + 46 > eocd || u32(bytes, at) !== CENTRAL) throw unreadable(`directory entry ${n + 1} is damaged`);
    const nameLength = u16(bytes, at + 28);
    const end = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (end > eocd) throw unreadable(`directory entry ${n + 1} is damaged`);
    const entry = centralEntry(bytes, at);
    if (names.has(entry.name)) throw unreadable(`the part "${entry.name.slice(0, 100)}" appears twice`);
    names.add(entry.name);
    entries.push(entry);
    at = end;
  }
  if (at !== eocd) throw unreadable('the zip directory has data it does not account for');

  let declared = 0;
  for (const e of entries) declared += e.declaredSize;
  if (declared > limits.unzippedBytes) throw bomb(`it would unpack to more than ${mb(limits.unzippedBytes)}`);

  const out = new Map<string, Uint8Array>();
  let inflated = 0;
  const count = (n: number): void => {
    inflated += n;
    if (options.stats) options.stats.inflatedBytes = inflated;
  };
  for (const e of entries) {
    const part = `the part "${e.name.slice(0, 100)}"`;
    if (e.flags & 1) throw unreadable(`${part} is encrypted`);
    const local = e.localOffset;
    if (local + 30 > cdOffset || u32(bytes, local) !== LOCAL) throw unreadable(`${part} is not where the directory says`);
    const localName = u16(bytes, local + 26);
    if (localName !== e.nameLength) throw unreadable(`${part} has two different names`);
    const dataStart = local + 30 + localName + u16(bytes, local + 28);
    const dataEnd = dataStart + e.compressedSize;
    if (dataEnd > cdOffset) throw unreadable(`${part} runs past the end of the data`);
    const data = bytes.subarray(dataStart, dataEnd);
    let content: Uint8Array;
    if (e.method === 0) {
      count(data.length);
      if (inflated > limits.unzippedBytes) throw bomb(`it unpacks to more than ${mb(limits.unzippedBytes)}`);
      content = data;
    } else if (e.method === 8) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let over = false;
      const inflater = new Inflate((chunk) => {
        count(chunk.length);
        size += chunk.length;
        if (inflated > limits.unzippedBytes || size > e.declaredSize) over = true;
        else chunks.push(chunk);
      });
      try {
        for (let i = 0; !over && (i < data.length || i === 0); i += INFLATE_STEP) inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
      } catch (err) {
        throw unreadable(`${part} is damaged (${err instanceof Error ? err.message : String(err)})`);
      }
      if (inflated > limits.unzippedBytes) throw bomb(`it unpacks to more than ${mb(limits.unzippedBytes)}`);
      if (over) throw bomb(`${part} unpacks to more than the ${e.declaredSize} bytes its directory says`);
      content = new Uint8Array(size);
      let o = 0;
      for (const c of chunks) {
        content.set(c, o);
        o += c.length;
      }
    } else {
      throw unreadable(`${part} uses a compression method (${e.method}) Word and Excel do not use`);
    }
    if (content.length !== e.declaredSize) throw unreadable(`${part} unpacks to ${content.length} bytes, not the ${e.declaredSize} its directory says`);
    if (crc32(content) >>> 0 !== e.crc) throw unreadable(`${part} is damaged (its checksum does not match)`);
    if (!options.only || options.only(e.name)) out.set(e.name, content);
  }
  return out;
}

/**
 * Check a zip with readZip and return it re-built from the checked entries, stored without compression: the
 * library that opens it afterwards (mammoth, exceljs) can then unpack nothing but what was counted.
 */
export function verifiedZip(name: string, bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, stats?: ZipReadStats): Uint8Array {
  const entries = readZip(name, bytes, limits, stats ? { stats } : {});
  // Entry names come from the file: a null-prototype object, so a part named "__proto__" stays a part.
  const files = Object.create(null) as Zippable;
  for (const [entry, content] of entries) files[entry] = [content, { level: 0 }];
  return zipSync(files, { level: 0, mtime: new Date('2020-01-01T00:00:00Z') });
}

/** Refuse a zip readZip refuses (kept for callers that only need the check). */
export function guardZip(name: string, bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  readZip(name, bytes, limits, { only: () => false });
}
