// `npm run bench -- --small`: the small-input targets of issue 18, each the median of 5 runs in new processes:
// `harvest --version`, `harvest analyse` on the five reference documents (../shared/seeds or $HARVEST_SEEDS, when
// present) and on
// corpus/sample, and `npm start` (bin/server.js on a fresh data folder) until it answers its first request.
// One JSON line on stdout (with the median CPU seconds of each `harvest` measure beside its wall time); progress on stderr.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsCurrent } from '../bin/load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HARVEST = path.join(ROOT, 'bin/harvest.js');
const RUNS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 1000) / 1000;

const CPU_AT_EXIT = path.join(ROOT, 'bench/cpu-at-exit.js');
/** CPU seconds (user + system, all threads) of each timed `harvest` run, by measure: see bench/cpu-at-exit.js. */
const cpuSeconds = new Map<string, number[]>();

/** Wall seconds of one `harvest` run (it must succeed); its CPU seconds are kept under `name`. */
function timeHarvest(name: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(CPU_AT_EXIT).href, HARVEST, ...args], { cwd: ROOT, encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`harvest ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const cpu = /harvest-bench-cpu-s (\d+(?:\.\d+)?)/.exec(r.stderr);
  if (cpu) cpuSeconds.set(name, [...(cpuSeconds.get(name) ?? []), Number(cpu[1])]);
  return s;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Wall seconds from starting the web app on an empty data folder (it loads the sample) to its first answer. */
async function timeServerStart(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'harvest-bench-start-'));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HARVEST_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering`);
      if (await answers(port)) return (performance.now() - t0) / 1000;
      if (performance.now() - t0 > 60_000) throw new Error('the server did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill();
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSmall(): Promise<Record<string, unknown>> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'harvest-bench-small-'));
  const seeds = process.env.HARVEST_SEEDS ?? path.resolve(ROOT, '../shared/seeds');
  type Measure = [string, () => number | Promise<number>];
  const measures: Measure[] = [['version_s', () => timeHarvest('version_s', ['--version'])]];
  if (existsSync(seeds)) measures.push(['seeds_analyse_s', () => timeHarvest('seeds_analyse_s', ['analyse', seeds, '--out', path.join(out, 'seeds'), '--quiet'])]);
  measures.push(['sample_analyse_s', () => timeHarvest('sample_analyse_s', ['analyse', path.join(ROOT, 'corpus/sample'), '--out', path.join(out, 'sample'), '--quiet'])]);
  measures.push(['start_first_answer_s', timeServerStart]);
  // A dist/ older than src/ makes `harvest` run the TypeScript sources through tsx, with no helper thread: about
  // 3 s more and 650 MB on the sample instead of 300 MB. Said in the JSON line and on stderr, so such a figure is
  // not taken for the built command's.
  const current = buildIsCurrent();
  if (!current) process.stderr.write('bench --small: dist/ is missing or older than src/: harvest runs from the TypeScript sources (npm run build first)\n');
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, runs: RUNS, dist_built: existsSync(path.join(ROOT, 'dist/.built')), dist_current: current };
  try {
    for (const [name, measure] of measures) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await measure());
      result[name] = round(median(times));
      const cpu = cpuSeconds.get(name);
      // On a busy machine the wall time is the other processes' as much as Harvest's; the CPU seconds are not.
      if (cpu?.length) result[name.replace(/_s$/, '_cpu_s')] = round(median(cpu));
      process.stderr.write(`bench --small: ${name} ${times.map((t) => t.toFixed(2)).join(' ')} -> median ${result[name]}${cpu?.length ? ` (CPU ${round(median(cpu))} s)` : ''}\n`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return result;
}
