// Analyses kept for the tests: the same input analysed by several tests (both stores of a web suite, the sample in
// several files, a re-analysis of unchanged documents) is analysed once. A result is kept in this process and on
// disk (a temporary folder, shared by mocha's worker processes) under the hash of everything it depends on: the
// input itself, every file of src/ and corpus/, the locked dependencies and Node's version, so a changed input or
// source is a new key and a stale result cannot be read. Each caller gets its own copy (deserialised anew).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = path.join(os.tmpdir(), 'harvest-test-analyses');

/** Every file under `dir` (sorted, recursively). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

let codeHash: string | undefined;

/** The hash of what an analysis runs besides its inputs: the code, the resources, the dependencies, Node. */
export function hashOfCode(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256').update(process.version);
  for (const file of [...filesUnder(path.join(ROOT, 'src')), ...filesUnder(path.join(ROOT, 'corpus')), path.join(ROOT, 'package-lock.json')]) {
    h.update(`\0${path.relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  codeHash = h.digest('hex');
  return codeHash;
}

/** Removes the kept results not written for a day (older code or inputs: 1.5 MB each for the sample). */
async function pruneCache(): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of await readdir(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    const written = await stat(file).then((s) => s.mtimeMs, () => Date.now());
    if (written < dayAgo) await rm(file, { force: true });
  }
}

/** Results of this process by key, serialised (each read is a new copy). */
const inMemory = new Map<string, Buffer>();
/** Computations under way (of the asynchronous `kept`), so two callers of one key compute once. */
const underWay = new Map<string, Promise<Buffer>>();

/** `key` with the hash of the code. */
function fullKey(key: string): string {
  return createHash('sha256').update(hashOfCode()).update('\0').update(key).digest('hex');
}

const fileOf = (full: string): string => path.join(CACHE_DIR, `${full}.v8`);

/** The bytes kept under `full`, in this process or on disk; null when there are none. */
function readKept(full: string): Buffer | null {
  let bytes = inMemory.get(full) ?? null;
  if (!bytes) {
    try {
      bytes = readFileSync(fileOf(full));
    } catch {
      return null;
    }
    inMemory.set(full, bytes);
  }
  return bytes;
}

/** Keep `bytes` under `full`, in this process and on disk (written whole then renamed: the other mocha process never reads half a file). */
function writeKept(full: string, bytes: Buffer): void {
  inMemory.set(full, bytes);
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${fileOf(full)}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, fileOf(full));
  void pruneCache().catch(() => undefined);
}

/**
 * The value kept under `key` (a hash of the input: hashOfCode is added here), or `compute`'s, then kept; all in
 * this turn of the event loop, as an analysis in the test's thread runs (a test may count on it being over when
 * the call returns). A failed computation is not kept.
 */
export function keptNow<T>(key: string, compute: () => T): T {
  const full = fullKey(key);
  let bytes = readKept(full);
  if (!bytes) {
    bytes = serialize(compute());
    writeKept(full, bytes);
  }
  return deserialize(bytes) as T;
}

/** keptNow for an asynchronous computation (two callers of one key at once compute once). */
export async function kept<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const full = fullKey(key);
  const ready = readKept(full);
  if (ready) return deserialize(ready) as T;
  let pending = underWay.get(full);
  if (!pending) {
    pending = compute().then((value) => {
      const bytes = serialize(value);
      writeKept(full, bytes);
      return bytes;
    });
    underWay.set(full, pending);
    void pending.then(
      () => underWay.delete(full),
      () => underWay.delete(full),
    );
  }
  return deserialize(await pending) as T;
}

/** Keep `value` under `key` (computed by other means, e.g. in a worker thread), unless a value is kept there already. */
export function keep(key: string, value: unknown): void {
  const full = fullKey(key);
  if (!readKept(full)) writeKept(full, serialize(value));
}
