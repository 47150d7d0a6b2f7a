// Shared helpers for integration tests: run the pipeline or the CLI on real files.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { deserialize, serialize } from 'node:v8';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandInputs, main } from '../../src/cli.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { loadResources } from '../../src/corpus.ts';
import { analyseDocuments, type Analysis, type AnalysisOptions } from '../../src/pipeline/index.ts';
import type { FileError, IngestedDocument } from '../../src/model/index.ts';
import { toAppError } from '../../src/errors.ts';
import { patient } from '../patience.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'corpus/sample');
export const SEEDS = path.resolve(ROOT, '../shared/seeds');

/**
 * Ingest and analyse files or folders the way the CLI does, in-process, with default options. Several test files
 * analyse the sample, in either mocha worker process: the result is kept for this process and on disk (a temporary
 * folder) under the hash of everything it depends on (the input files' names and bytes, src/, corpus/, the locked
 * dependencies and Node's version), so a changed input or source is a new key and a stale result cannot be read.
 * Each caller gets its own deep copy, so no test sees another's changes. Options (even `{ seed: 42 }`) ask for a
 * run of its own: a determinism test compares two real runs.
 */
const analysed = new Map<string, Promise<Analysis>>();
const CACHE_DIR = path.join(os.tmpdir(), 'harvest-test-analyses');

export async function analysePaths(inputs: string[], options: Partial<AnalysisOptions> = {}): Promise<Analysis> {
  if (Object.keys(options).length > 0) return analyseFresh(inputs, options);
  const key = JSON.stringify(inputs.map((i) => path.resolve(i)));
  let pending = analysed.get(key);
  if (!pending) {
    pending = analyseCached(inputs);
    analysed.set(key, pending);
    pending.catch(() => analysed.delete(key));
  }
  return structuredClone(await pending);
}

/** Every file under `dir` (sorted, recursively). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

let codeHash: string | undefined;

/** The hash of what an analysis runs besides its inputs: the code, the resources, the dependencies, Node. */
function hashOfCode(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256').update(process.version);
  for (const file of [...filesUnder(path.join(ROOT, 'src')), ...filesUnder(path.join(ROOT, 'corpus')), path.join(ROOT, 'package-lock.json')]) {
    h.update(`\0${path.relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  codeHash = h.digest('hex');
  return codeHash;
}

/** Removes the kept analyses not written for a day (older code or inputs: 1.5 MB each for the sample). */
async function pruneCache(): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of await readdir(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    const written = await stat(file).then((s) => s.mtimeMs, () => Date.now());
    if (written < dayAgo) await rm(file, { force: true });
  }
}

async function analyseCached(inputs: string[]): Promise<Analysis> {
  const { files, errors } = await expandInputs(inputs);
  const h = createHash('sha256').update(hashOfCode()).update(JSON.stringify({ files: files.map((f) => path.basename(f)), errors }));
  for (const file of files) h.update('\0').update(await readFile(file));
  const cached = path.join(CACHE_DIR, `${h.digest('hex')}.v8`);
  const bytes = await readFile(cached).catch(() => null);
  if (bytes) return deserialize(bytes) as Analysis;
  const analysis = await analyseFresh(inputs, {});
  await mkdir(CACHE_DIR, { recursive: true });
  // Written whole then renamed: a reader in the other mocha process never sees half a file.
  const partial = `${cached}.${process.pid}.partial`;
  await writeFile(partial, serialize(analysis));
  await rename(partial, cached);
  await pruneCache();
  return analysis;
}

async function analyseFresh(inputs: string[], options: Partial<AnalysisOptions>): Promise<Analysis> {
  const { files, errors } = await expandInputs(inputs);
  const docs: IngestedDocument[] = [];
  const all: FileError[] = [...errors];
  for (const file of files) {
    try {
      docs.push(await ingestFile(path.basename(file), new Uint8Array(await readFile(file))));
    } catch (err) {
      const e = toAppError(err, 'UNREADABLE_FILE', path.basename(file));
      all.push({ file: path.basename(file), code: e.code, message: e.message });
    }
  }
  const resources = await loadResources();
  return analyseDocuments(docs, resources, { seed: 42, ...options }, all);
}

/**
 * Run bin/harvest.js with arguments in a new process; returns exit code and output. A process costs seconds of
 * start-up (tsx, natural, compromise, exceljs): keep it for what needs the process itself, use runMain otherwise.
 */
export function runCli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/harvest.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: patient(240_000) });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run the command line's main() in this process with arguments, its stdout and stderr captured: the same code
 * as bin/harvest.js runs (which only sets the exit code to what main returns), without a process start-up.
 */
export async function runMain(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  const { write: stdoutWrite } = process.stdout;
  const { write: stderrWrite } = process.stderr;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let status: number;
  try {
    status = await main(args);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const madeDirs: string[] = [];

/** A fresh temporary folder, removed by removeTempDirs (call it in an `after` hook). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(madeDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
