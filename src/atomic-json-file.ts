// A JSON file written atomically (temporary file, fsync, rename) and checked with a schema when read: the lowdb store's files, accounts.json, the job journal.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * A lowdb adapter writing JSON atomically: a temporary file beside the target, fsync, then rename,
 * so a crash leaves either the old or the new file, never half of one. Read data is checked with `schema`.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  async read(): Promise<T | null> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = this.schema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      throw new AppError('INTERNAL', `${path.basename(this.file)} in the data folder is not valid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  }

  async write(data: T): Promise<void> {
    await writeAtomically(this.file, (handle) => writeJson(handle, data));
  }
}

/**
 * Write `file` atomically: `fill` writes a temporary file beside it (owner-only), which is synced, then renamed over
 * the file; a crash leaves either the old or the new file, never half of one.
 */
export async function writeAtomically(file: string, fill: (handle: { write(data: string): Promise<unknown> }) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  // Owner-only: the files hold confidential notes (and password hashes in accounts.json).
  const handle = await open(temp, 'w', 0o600);
  try {
    await fill(handle);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDirectory(path.dirname(file));
}

/** Arrays longer than this are written element by element. */
const LONG_ARRAY = 64;
/** Objects and short arrays are opened up to this depth to find long arrays; deeper values are stringified whole. */
const MAX_DEPTH = 5;
/** Written out (and the event loop let go) whenever this much JSON is waiting. */
const FLUSH_CHARS = 1 << 18;

/** What JSON.stringify writes for a value inside an array (undefined and functions become null). */
const inArray = (v: unknown): string => JSON.stringify(v) ?? 'null';

/**
 * Write `value` exactly as JSON.stringify(value) would, in pieces: long arrays (a large consultation's segments
 * and survey records) element by element, with a write, and so a turn of the event loop, every 256 KB. One
 * JSON.stringify of a 100,000-answer consultation (190 MB) held the server for seconds. For plain data
 * (what the store keeps: no toJSON, no cycles).
 */
export async function writeJson(handle: { write(data: string): Promise<unknown> }, value: unknown): Promise<void> {
  const parts: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = parts.join('');
    parts.length = 0;
    size = 0;
    await handle.write(chunk);
  };
  /** Queue text; true when it is time to flush. */
  const push = (text: string): boolean => {
    parts.push(text);
    size += text.length;
    return size >= FLUSH_CHARS;
  };
  const walk = async (v: unknown, depth: number): Promise<void> => {
    if (Array.isArray(v) && v.length > LONG_ARRAY) {
      push('[');
      for (let i = 0; i < v.length; i++) if (push(`${i ? ',' : ''}${inArray(v[i])}`)) await flush();
      push(']');
    } else if (depth < MAX_DEPTH && Array.isArray(v)) {
      push('[');
      for (let i = 0; i < v.length; i++) {
        if (i) push(',');
        const item = v[i];
        if (item === undefined || typeof item === 'function') push('null');
        else await walk(item, depth + 1);
      }
      push(']');
    } else if (depth < MAX_DEPTH && v !== null && typeof v === 'object') {
      push('{');
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        // As JSON.stringify: keys whose value is undefined or a function are left out.
        if (item === undefined || typeof item === 'function') continue;
        push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await walk(item, depth + 1);
      }
      push('}');
    } else if (push(JSON.stringify(v) ?? 'null')) {
      await flush();
    }
  };
  await walk(value, 0);
  if (parts.length) await flush();
}

/** fsync a folder so a rename in it survives a power cut, not only a crash (a no-op where folders cannot be opened). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** Remove temporary files a crash left behind in the middle of a write (the real files are untouched). */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => /\.[0-9a-f]{8}\.tmp$/.test(n));
  await Promise.all(stale.map((n) => rm(path.join(dir, n), { force: true })));
  return stale.length;
}
