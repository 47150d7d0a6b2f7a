// Small shared helpers for the readers: file-signature sniffing and errors that name the file.
import { AppError, type ErrorCode } from '../errors.ts';

/** An AppError about one file whose message starts with the file name. */
export function fileError(code: ErrorCode, name: string, problem: string, cause?: unknown): AppError {
  return new AppError(code, `${name}: ${problem}`, { file: name, cause });
}

/** True when the bytes start with the OLE/CFB signature (D0 CF 11 E0): what Office writes for password-protected files. */
export function isOleFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/** True when the bytes start with a ZIP local-file header ("PK\x03\x04"), as DOCX and XLSX files do. */
export function isZipFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The message of anything thrown, for wrapping library errors. */
export function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
