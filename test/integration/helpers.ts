// Shared helpers for integration tests: run the pipeline or the CLI on real files.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandInputs, main } from '../../src/cli.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { loadResources } from '../../src/corpus.ts';
import { analyseDocuments, type Analysis, type AnalysisOptions } from '../../src/pipeline/index.ts';
import type { FileError, IngestedDocument } from '../../src/model/index.ts';
import { toAppError } from '../../src/errors.ts';
import { kept } from '../kept-analyses.ts';
import { patient } from '../patience.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'corpus/sample');
export const SEEDS = process.env.HARVEST_SEEDS_DIR ?? path.resolve(ROOT, '../shared/seeds');

/**
 * Ingest and analyse files or folders the way the CLI does, in-process, with default options. Several test files
 * analyse the sample, in either mocha worker process: the result is kept (test/kept-analyses.ts) under the hash of
 * the input files' names and bytes and of the code, so a changed input or source is a new key and a stale result
 * cannot be read. Each caller gets its own copy, so no test sees another's changes. Options (even `{ seed: 42 }`)
 * ask for a run of its own: a determinism test compares two real runs.
 */
export async function analysePaths(inputs: string[], options: Partial<AnalysisOptions> = {}): Promise<Analysis> {
  if (Object.keys(options).length > 0) return analyseFresh(inputs, options);
  const { files, errors } = await expandInputs(inputs);
  const h = createHash('sha256').update(JSON.stringify({ files: files.map((f) => path.basename(f)), errors }));
  for (const file of files) h.update('\0').update(await readFile(file));
  return kept(`analysePaths\0${h.digest('hex')}`, () => analyseFresh(inputs, {}));
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
