// Analyses kept for the tests: the same input analysed by several tests (both stores of a web suite, the sample in
// several files, a re-analysis of unchanged documents) is analysed once. A result is kept in this process and on
// disk (a temporary folder, shared by mocha's worker processes) under the hash of everything it depends on: the
// input itself, every file of src/ and corpus/, the locked dependencies and Node's version, so a changed input or
// source is a new key and a stale result cannot be read. Each caller gets its own copy (deserialised anew).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
const inMemory = new Map<string, Promise<Buffer>>();

/**
 * The value kept under `key` (a hash of the input: hashOfCode is added here), or `compute`'s, then kept. A failed
 * computation is not kept (the next caller computes again).
 */
export async function kept<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const full = fullKey(key);
  let pending = inMemory.get(full);
  if (!pending) {
    pending = readOrCompute(full, async () => serialize(await compute()));
    inMemory.set(full, pending);
    pending.catch(() => inMemory.delete(full));
  }
  return deserialize(await pending) as T;
}

/** `key` with the hash of the code. */
function fullKey(key: string): string {
  return createHash('sha256').update(hashOfCode()).update('\0').update(key).digest('hex');
}

/** Keep `value` under `key` (computed by other means, e.g. in a worker thread), unless a value is kept there already. */
export async function keep(key: string, value: unknown): Promise<void> {
  const full = fullKey(key);
  // Copied now: the caller may change its value once this returns.
  const bytes = serialize(value);
  if (!inMemory.has(full)) inMemory.set(full, readOrCompute(full, async () => bytes));
  await inMemory.get(full);
}

/** The kept bytes under `key` on disk, or `compute`'s (a serialised value), then written. */
async function readOrCompute(key: string, compute: () => Promise<Buffer>): Promise<Buffer> {
  const file = path.join(CACHE_DIR, `${key}.v8`);
  const bytes = await readFile(file).catch(() => null);
  if (bytes) return bytes;
  const computed = await compute();
  await mkdir(CACHE_DIR, { recursive: true });
  // Written whole then renamed: a reader in the other mocha process never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, computed);
  await rename(partial, file);
  await pruneCache();
  return computed;
}
