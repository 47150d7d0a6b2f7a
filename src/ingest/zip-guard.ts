// Zip inspection for DOCX and XLSX before any library unpacks them: entry names, and limits against zip bombs.
import { Inflate } from 'fflate';
import { fileError } from './common.ts';

/** How much a zip (DOCX/XLSX) may unpack to, and how many entries it may have. */
export interface ZipLimits {
  unzippedBytes: number;
  zipEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { unzippedBytes: 200 * 1024 * 1024, zipEntries: 5000 };

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * The entries of a zip's central directory, or null when it cannot be found or read (a damaged file: the
 * reader that opens it afterwards reports the damage in its own words). `maxEntries` stops the walk early.
 */
export function zipEntries(bytes: Uint8Array, maxEntries = Number.POSITIVE_INFINITY): { entries: ZipEntry[]; total: number; zip64: boolean } | null {
  const start = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= start; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const total = u16(bytes, eocd + 10);
  const offset = u32(bytes, eocd + 16);
  if (total === 0xffff || offset === 0xffffffff) return { entries: [], total, zip64: true };
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < total && n < maxEntries; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) return null;
    const nameLength = u16(bytes, at + 28);
    const extra = u16(bytes, at + 30);
    const comment = u16(bytes, at + 32);
    if (at + 46 + nameLength > bytes.length) return null;
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      declaredSize: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    });
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

const mb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Refuse a zip bomb before mammoth or exceljs unpack it: too many entries, declared sizes over the limit, or
 * deflated data that really unpacks to more than the limit (sizes in the directory can lie, so every entry is
 * inflated in small steps and counted, stopping at the limit). A zip whose directory cannot be read passes: the
 * reader reports it as damaged.
 */
export function guardZip(name: string, bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  const listing = zipEntries(bytes, limits.zipEntries + 1);
  if (!listing) return;
  const bomb = (why: string) =>
    fileError('MALFORMED_FILE', name, `the file was refused because ${why} (a "zip bomb" guard); if it is a real document, save it again from Word or Excel.`);
  if (listing.zip64) throw bomb('it is a ZIP64 archive, which Word and Excel documents never need');
  if (listing.total > limits.zipEntries) throw bomb(`it holds more than ${limits.zipEntries} parts`);
  let declared = 0;
  for (const e of listing.entries) declared += e.declaredSize;
  if (declared > limits.unzippedBytes) throw bomb(`it would unpack to more than ${mb(limits.unzippedBytes)}`);
  let actual = 0;
  for (const e of listing.entries) {
    if (e.method === 0) {
      actual += e.compressedSize;
    } else if (e.method === 8) {
      const at = e.localOffset;
      if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) continue;
      const dataStart = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
      const data = bytes.subarray(dataStart, Math.min(bytes.length, dataStart + e.compressedSize));
      let over = false;
      const inflater = new Inflate((chunk) => {
        actual += chunk.length;
        if (actual > limits.unzippedBytes) over = true;
      });
      try {
        for (let i = 0; i < data.length && !over; i += 16 * 1024) inflater.push(data.subarray(i, i + 16 * 1024), i + 16 * 1024 >= data.length);
      } catch {
        // Damaged deflate data: the reader reports it.
        return;
      }
      if (over) throw bomb(`it unpacks to more than ${mb(limits.unzippedBytes)}`);
    }
  }
}
