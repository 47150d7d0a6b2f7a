// Fuzzing the readers: seeded mutations of real fixtures and random bytes fed to ingestFile in a worker, with a watchdog per input.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { strToU8, zipSync } from 'fflate';
import { createRandom } from '../../src/pipeline/random.ts';
import { bigStreamPdf, lieAboutSizes, nestedHtml, withJunkPrefix } from './hostile-files.ts';

export interface FuzzInput {
  name: string;
  bytes: Uint8Array;
  how: string;
  /** A crafted hostile file: it must be refused, never read. */
  mustRefuse?: boolean;
}

/**
 * What the fuzz worker gives the readers: the production limits' kinds, smaller (so a bomb is found in
 * milliseconds): zips and PDF streams 20 MB, 2000 zip entries, nesting 500, 20 million characters, 2 million cells, 500 pages.
 */
export const FUZZ_LIMITS = { unzippedBytes: 20 * 1024 * 1024, zipEntries: 2000, nesting: 500, textChars: 20_000_000, cells: 2_000_000, pdfPages: 500 };

/** The crafted hostile files every run starts with (inputs 0..n-1), built from the fixtures. */
export const HOSTILE_CASES = ['junk-prefix.docx', 'junk-prefix.xlsx', 'lying-directory.docx', 'nested.html', 'big-stream.pdf'] as const;

function hostileInput(fixtures: readonly { name: string; bytes: Uint8Array }[], i: number): FuzzInput {
  const fixture = (name: string) => fixtures.find((f) => f.name === name)?.bytes ?? new Uint8Array(0);
  const name = HOSTILE_CASES[i]!;
  switch (name) {
    case 'junk-prefix.docx':
      return { name, bytes: withJunkPrefix(fixture('breakout-b.docx')), how: 'PK\\x03\\x04 and 60 junk bytes before breakout-b.docx', mustRefuse: true };
    case 'junk-prefix.xlsx':
      return { name, bytes: withJunkPrefix(fixture('survey-wide.xlsx')), how: 'PK\\x03\\x04 and 60 junk bytes before survey-wide.xlsx', mustRefuse: true };
    case 'lying-directory.docx': {
      const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': [new Uint8Array(30 * 1024 * 1024).fill(0x41), { level: 9 }] });
      return { name, bytes: lieAboutSizes(bomb, 1000), how: 'a 30 MB document part whose directory says 1000 bytes', mustRefuse: true };
    }
    case 'nested.html':
      return { name, bytes: nestedHtml(100_000), how: '100,000 nested <div>s', mustRefuse: true };
    case 'big-stream.pdf':
      return { name, bytes: bigStreamPdf(24), how: 'a PDF content stream that inflates to 24 MB', mustRefuse: true };
  }
}

/** The project's seeded generator (mulberry32): the same seed gives the same inputs, so a failure can be replayed. */
export function rng(seed: number): () => number {
  return createRandom(seed).next;
}

const EXTENSIONS = ['txt', 'md', 'html', 'docx', 'pdf', 'csv', 'xlsx'];
/** Bytes that mean something to the readers: quotes, separators, NUL, BOM starts, PDF and zip markers. */
const INTERESTING = [0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x25, 0x3c, 0x3e, 0x50, 0x4b, 0x7f, 0x80];

/** One mutation of `bytes` chosen by `random`: truncate, flip bits, overwrite, insert, delete, duplicate or splice. */
export function mutate(bytes: Uint8Array, random: () => number, other: Uint8Array): { bytes: Uint8Array; how: string } {
  const pick = (n: number) => Math.floor(random() * n);
  const b = new Uint8Array(bytes);
  const at = b.length ? pick(b.length) : 0;
  switch (pick(8)) {
    case 0: {
      const keep = pick(b.length + 1);
      return { bytes: b.subarray(0, keep), how: `truncated to ${keep}` };
    }
    case 1: {
      const flips = 1 + pick(16);
      for (let i = 0; i < flips && b.length; i++) b[pick(b.length)]! ^= 1 << pick(8);
      return { bytes: b, how: `${flips} bits flipped` };
    }
    case 2: {
      const n = 1 + pick(8);
      for (let i = 0; i < n && b.length; i++) b[pick(b.length)] = INTERESTING[pick(INTERESTING.length)]!;
      return { bytes: b, how: `${n} bytes overwritten` };
    }
    case 3: {
      const chunk = Uint8Array.from({ length: 1 + pick(64) }, () => (random() < 0.5 ? INTERESTING[pick(INTERESTING.length)]! : pick(256)));
      const out = new Uint8Array(b.length + chunk.length);
      out.set(b.subarray(0, at));
      out.set(chunk, at);
      out.set(b.subarray(at), at + chunk.length);
      return { bytes: out, how: `${chunk.length} bytes inserted at ${at}` };
    }
    case 4: {
      const n = 1 + pick(Math.max(1, Math.floor(b.length / 4)));
      const out = new Uint8Array([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]);
      return { bytes: out, how: `${n} bytes deleted at ${at}` };
    }
    case 5: {
      const n = 1 + pick(256);
      const piece = b.subarray(at, at + n);
      const out = new Uint8Array(b.length + piece.length);
      out.set(b.subarray(0, at + piece.length));
      out.set(piece, at + piece.length);
      out.set(b.subarray(at + piece.length), at + 2 * piece.length);
      return { bytes: out, how: `${piece.length} bytes duplicated at ${at}` };
    }
    case 6: {
      const cut = pick(other.length + 1);
      const out = new Uint8Array(at + other.length - cut);
      out.set(b.subarray(0, at));
      out.set(other.subarray(cut), at);
      return { bytes: out, how: `spliced with another file at ${at}` };
    }
    default: {
      const out = Uint8Array.from({ length: pick(4096) }, () => pick(256));
      return { bytes: out, how: `${out.length} random bytes` };
    }
  }
}

/** The fixtures of test/fixtures/ingest (and the sample corpus), as name and bytes. */
export async function loadFixtures(root: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of ['test/fixtures/ingest', 'corpus/sample']) {
    const names = (await readdir(path.join(root, dir))).filter((n) => /\.(txt|md|html|docx|pdf|csv|xlsx)$/i.test(n)).sort();
    for (const n of names) out.push({ name: n, bytes: new Uint8Array(await readFile(path.join(root, dir, n))) });
  }
  return out;
}

/** The i-th fuzz input of a run: first the hostile cases, then mutated fixtures (mostly under their own extension, sometimes another one). */
export function fuzzInput(fixtures: readonly { name: string; bytes: Uint8Array }[], seed: number, i: number): FuzzInput {
  if (i < HOSTILE_CASES.length) return hostileInput(fixtures, i);
  const random = rng(seed * 1_000_003 + i);
  const source = fixtures[Math.floor(random() * fixtures.length)]!;
  const other = fixtures[Math.floor(random() * fixtures.length)]!;
  let { bytes, how } = mutate(source.bytes, random, other.bytes);
  // Now and then stack a second mutation.
  if (random() < 0.3) {
    const again = mutate(bytes, random, other.bytes);
    bytes = again.bytes;
    how += `, then ${again.how}`;
  }
  const ext = random() < 0.85 ? source.name.split('.').pop()! : EXTENSIONS[Math.floor(random() * EXTENSIONS.length)]!;
  return { name: `fuzz-${i}.${ext}`, bytes, how: `${source.name}: ${how}` };
}

export interface FuzzFailure {
  i: number;
  name: string;
  how: string;
  kind: 'crash' | 'hang' | 'worker';
  detail: string;
}

export interface FuzzReport {
  inputs: number;
  read: number;
  refused: Record<string, number>;
  failures: FuzzFailure[];
  slowestMs: number;
}

type WorkerMsg =
  | { type: 'start'; i: number }
  | { type: 'done'; i: number; outcome: 'read' | 'refused' | 'crash'; code?: string; detail?: string; ms: number }
  | { type: 'finished' };

/**
 * Feed `iterations` inputs to ingestFile in a worker thread. Each input must be read or refused with an
 * AppError naming the file, within `perInputMs`; a slower input is a hang (the worker is stopped), anything
 * else thrown is a crash.
 */
export function runFuzz(options: { root: string; seed: number; iterations: number; perInputMs: number; totalMs?: number }): Promise<FuzzReport> {
  const report: FuzzReport = { inputs: 0, read: 0, refused: {}, failures: [], slowestMs: 0 };
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), {
      workerData: { root: options.root, seed: options.seed, iterations: options.iterations, totalMs: options.totalMs ?? Number.POSITIVE_INFINITY },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    let watchdog: NodeJS.Timeout | null = null;
    let current = -1;
    let fixtures: { name: string; bytes: Uint8Array }[] | null = null;
    const finish = () => {
      if (watchdog) clearTimeout(watchdog);
      void worker.terminate();
      resolve(report);
    };
    const describe = async (i: number) => {
      fixtures ??= await loadFixtures(options.root);
      return fuzzInput(fixtures, options.seed, i);
    };
    worker.on('message', (m: WorkerMsg) => {
      if (m.type === 'start') {
        current = m.i;
        if (watchdog) clearTimeout(watchdog);
        watchdog = setTimeout(async () => {
          const input = await describe(m.i);
          report.failures.push({ i: m.i, name: input.name, how: input.how, kind: 'hang', detail: `no answer after ${options.perInputMs} ms` });
          finish();
        }, options.perInputMs);
      } else if (m.type === 'done') {
        report.inputs++;
        report.slowestMs = Math.max(report.slowestMs, m.ms);
        if (m.outcome === 'read') report.read++;
        else if (m.outcome === 'refused') report.refused[m.code!] = (report.refused[m.code!] ?? 0) + 1;
        else void describe(m.i).then((input) => report.failures.push({ i: m.i, name: input.name, how: input.how, kind: 'crash', detail: m.detail ?? '' }));
      } else {
        // Give pending crash descriptions a moment to land.
        setTimeout(finish, 50);
      }
    });
    worker.on('error', (err) => {
      report.failures.push({ i: current, name: '', how: '', kind: 'worker', detail: err.stack ?? String(err) });
      finish();
    });
  });
}
