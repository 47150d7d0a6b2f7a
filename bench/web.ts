// `npm run bench:web`: a 100,000-answer consultation, analysed once and cached, served by the real server; 20 keep-alive clients measure pages and JSON, also while an analysis runs.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { OPEN_MODE } from '../src/services/acting.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSurvey } from './generate.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const CONSULTATION = 'bench';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '1' },
    rebuild: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // Another checkout's server (e.g. an export of the previous commit) on the same data, for before/after figures.
    'server-root': { type: 'string' },
    // A data folder holding the consultation "bench" to use instead of the cached one (e.g. the cache converted by a newer store).
    'data-dir': { type: 'string' },
    // Which measurements: report, json, theme, during (the pages measured while an analysis runs).
    only: { type: 'string', default: 'report,json,theme,during' },
  },
});
const SERVER_ROOT = path.resolve(args['server-root'] ?? ROOT);
const ONLY = new Set(args.only.split(',').map((x) => x.trim()));
const answers = Number(args.answers.replace(/k$/i, '000'));
const seed = Number(args.seed);
const duration = Number(args.duration);
const connections = Number(args.connections);
const repeat = Number(args.repeat);
for (const [name, v] of Object.entries({ answers, seed, duration, connections, repeat })) {
  if (!Number.isInteger(v) || v < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} takes a whole number (got "${String(args[name as keyof typeof args])}")`);
}

/** Targets of issue 5: p95 in ms. */
const TARGET_SYNTHESIS_P95 = 150;
const TARGET_DURING_ANALYSIS_P95 = 200;

const log = (m: string): void => void process.stderr.write(`bench:web: ${m}\n`);
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** The p-th percentile (0..100) of sorted values, nearest rank. */
const percentile = (sorted: Float64Array, p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN);

// ---- the cached consultation ----

interface CacheMeta {
  answers: number;
  seed: number;
  builtAt: string;
  commit: string;
  csvBytes: number;
  segments: number;
  analysisS: number;
}

/**
 * The data folder holding the analysed consultation: built once (generate, upload through the service, analyse in
 * the worker thread as the server does) under data-bench/ (git-ignored), reused while answers and seed match.
 */
async function cachedDataDir(): Promise<{ dir: string; meta: CacheMeta }> {
  const cache = path.join(ROOT, 'data-bench', `web-${answers}-seed${seed}`);
  const metaFile = path.join(cache, 'meta.json');
  if (!args.rebuild && existsSync(metaFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as CacheMeta;
    log(`reusing the consultation built at ${meta.builtAt} (commit ${meta.commit}) in ${path.relative(ROOT, cache)}; --rebuild makes it again`);
    return { dir: path.join(cache, 'data'), meta };
  }
  await rm(cache, { recursive: true, force: true });
  const dataDir = path.join(cache, 'data');
  await mkdir(dataDir, { recursive: true });
  // Imported here so a run that reuses the cache does not load the engine in this process.
  const { loadResources } = await import('../src/corpus.ts');
  const { HarvestService } = await import('../src/services/harvest.ts');
  const { JobQueue, workerRunner } = await import('../src/services/jobs.ts');
  const { LowdbStore } = await import('../src/store/lowdb-store.ts');
  const survey = generateSurvey(answers, seed);
  const files = [{ name: 'survey-export.csv', bytes: new Uint8Array(Buffer.from(survey.csv)) }, ...Object.entries(survey.notes).map(([name, text]) => ({ name, bytes: new Uint8Array(Buffer.from(text)) }))];
  log(`building a consultation of ${answers} answers (${(survey.csv.length / 1e6).toFixed(1)} MB CSV) in ${path.relative(ROOT, cache)}...`);
  const store = new LowdbStore(dataDir);
  const service = new HarvestService(store, await loadResources(), new JobQueue(workerRunner, 1));
  await service.createConsultation({ id: CONSULTATION, name: `Bench: ${answers} answers`, description: `bench/generate.ts, seed ${seed}` }, OPEN_MODE);
  const upload = await service.addDocuments(CONSULTATION, files, OPEN_MODE);
  if (upload.errors.length) throw new Error(`the generated files could not be read: ${upload.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  const t0 = performance.now();
  const job = await service.analyse(CONSULTATION, { seed });
  let lastStage = '';
  while (job.state === 'queued' || job.state === 'running') {
    if (job.stage !== lastStage) log(`  analysis: ${(lastStage = job.stage)} (${Math.round(job.progress * 100)}%)`);
    await new Promise((r) => setTimeout(r, 500));
  }
  if (job.state !== 'done') throw new Error(`the analysis failed: ${job.error?.message ?? job.state}`);
  const analysisS = (performance.now() - t0) / 1000;
  const data = await service.getConsultation(CONSULTATION);
  // The server loads the sample on a first start unless this marker is there.
  await writeFile(path.join(dataDir, '.sample-loaded'), 'bench\n');
  const meta: CacheMeta = { answers, seed, builtAt: new Date().toISOString(), commit: commit(), csvBytes: survey.csv.length, segments: data.analysis!.synthesis.segments.length, analysisS: round(analysisS) };
  await writeFile(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  log(`analysed in ${analysisS.toFixed(0)} s: ${meta.segments} segments`);
  return { dir: dataDir, meta };
}

// ---- the server ----

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Start src/server.ts in its own process (as `npm start` does) on a copy of the data folder; resolves once it listens. */
async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(SERVER_ROOT, 'src/server.ts')], {
    cwd: SERVER_ROOT,
    env: { ...process.env, NODE_ENV: 'production', DOTENV_CONFIG_QUIET: 'true', PORT: String(port), HOST: '127.0.0.1', HARVEST_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Harvest is running')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the server stopped (exit code ${code}): ${out}`)));
  });
  return child;
}

/** The server's resident memory now and at its peak, from /proc (Linux), in MB. */
function serverMemory(pid: number): { rss_mb: number; peak_rss_mb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) the server has used, from /proc (Linux): a cold read's cost on a busy machine. */
function serverCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // After the command name: utime and stime are fields 12 and 13 (0-based), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

// ---- measuring ----

interface Round {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mbPerResponse: number;
}

/**
 * `connections` clients, each sending its next request as soon as its last answer has been read, for `seconds`, over
 * keep-alive connections; the latency of every response is kept so p95 is exact. (autocannon, used before, decoded
 * every body into a string: for an 11 MB JSON, and still more for a gzipped body, the client spent more of the two
 * cores than the server, so its figures were mostly its own.)
 */
async function hammer(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Round> {
  const latencies: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const until = performance.now() + seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers, timeout: 30_000 }, (res) => {
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
          resolve();
        });
        res.on('error', () => (errors++, resolve()));
      });
      req.on('timeout', () => (timeouts++, req.destroy()));
      req.on('error', () => (errors++, resolve()));
    });
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) await one();
  }));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
    rps: round(latencies.length / seconds),
    requests: latencies.length,
    non2xx,
    errors,
    timeouts,
    mbPerResponse: latencies.length ? round(bytes / latencies.length / 1e6, 3) : 0,
  };
}

interface Row extends Round {
  name: string;
  path: string;
  target_p95: number | null;
  meets: boolean | null;
  rounds: Round[];
  during_analysis: boolean;
}

/**
 * Wait until the server answers a light request quickly again: requests still queued from a run that ended must not
 * count against the next one.
 */
async function waitQuiet(base: string, limitS = 300): Promise<void> {
  const until = performance.now() + limitS * 1000;
  let quick = 0;
  while (quick < 3 && performance.now() < until) {
    const t = await timed(`${base}/api/consultations`).catch(() => ({ ms: Infinity }));
    quick = t.ms < 50 ? quick + 1 : 0;
    if (quick < 3) await new Promise((r) => setTimeout(r, 200));
  }
}

/** `repeat` runs of `seconds` each; the row holds the median of each figure. */
async function measure(name: string, base: string, urlPath: string, target: number | null, headers: Record<string, string> = {}): Promise<Row> {
  const rounds: Round[] = [];
  for (let i = 0; i < repeat; i++) {
    log(`${name}: ${urlPath}, ${connections} connections, ${duration} s${repeat > 1 ? ` (round ${i + 1}/${repeat})` : ''}`);
    await waitQuiet(base);
    rounds.push(await hammer(`${base}${urlPath}`, duration, headers));
    logRound(rounds.at(-1)!);
  }
  return summarise(name, urlPath, target, false, rounds);
}

function logRound(r: Round): void {
  log(`  p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.rps} req/s${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`);
}

/** A table row from rounds: the median of each figure, the sums of requests and failures. */
function summarise(name: string, urlPath: string, target: number | null, during: boolean, rounds: Round[]): Row {
  const med = (k: keyof Round): number => round(median(rounds.map((r) => r[k])), k === 'mbPerResponse' ? 3 : 1);
  return {
    name,
    path: urlPath,
    p50: med('p50'),
    p95: med('p95'),
    p99: med('p99'),
    max: med('max'),
    rps: med('rps'),
    requests: rounds.reduce((s, r) => s + r.requests, 0),
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    timeouts: rounds.reduce((s, r) => s + r.timeouts, 0),
    mbPerResponse: med('mbPerResponse'),
    target_p95: target,
    meets: target === null ? null : med('p95') < target && rounds.every((r) => r.non2xx === 0 && r.errors === 0),
    rounds,
    during_analysis: during,
  };
}

interface AnalysisRound {
  state: string;
  seconds: number;
  /** Whether the analysis was still running when both measurements ended. */
  still_running_after_measuring: boolean;
  probe_requests: number;
  probe_p95_ms: number;
  probe_max_ms: number;
  probe_max_stage: string;
}

/**
 * One analysis of the consultation, started through the API; `measureDuring` runs while it does. A light probe (a
 * job-status request every 200 ms) runs until the analysis ends: its longest answer shows any stall of the server,
 * e.g. while it receives and saves the result, which the measuring windows may not cover.
 */
async function duringAnalysis(base: string, measureDuring: () => Promise<void>): Promise<AnalysisRound> {
  await waitQuiet(base);
  const started = await timed(`${base}/api/consultations/${CONSULTATION}/analyse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed }) });
  const { jobId } = JSON.parse(started.body) as { jobId?: string };
  if (started.status !== 202 || !jobId) throw new Error(`the analysis did not start (${started.status}): ${started.body.slice(0, 200)}`);
  const a0 = performance.now();
  const job = async (): Promise<{ state: string; stage: string }> => JSON.parse((await timed(`${base}/api/jobs/${jobId}`)).body) as { state: string; stage: string };
  const probe: { ms: number; stage: string }[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t0 = performance.now();
      try {
        const t = await timed(`${base}/api/jobs/${jobId}`);
        probe.push({ ms: t.ms, stage: (JSON.parse(t.body) as { stage: string }).stage });
      } catch (err) {
        probe.push({ ms: round(performance.now() - t0), stage: `failed: ${(err as Error).message}` });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await measureDuring();
  let state = await job();
  const stillRunning = state.state === 'queued' || state.state === 'running';
  while (state.state === 'queued' || state.state === 'running') {
    await new Promise((r) => setTimeout(r, 1000));
    state = await job();
  }
  probing = false;
  await prober;
  const worst = probe.reduce((w, p) => (p.ms > w.ms ? p : w), { ms: 0, stage: '' });
  const sorted = Float64Array.from(probe.map((p) => p.ms)).sort();
  const result = { state: state.state, seconds: round((performance.now() - a0) / 1000), still_running_after_measuring: stillRunning, probe_requests: probe.length, probe_p95_ms: round(percentile(sorted, 95)), probe_max_ms: worst.ms, probe_max_stage: worst.stage };
  log(`analysis ${state.state} in ${result.seconds} s; job-status probe p95 ${result.probe_p95_ms} ms, longest ${worst.ms} ms (stage ${worst.stage})`);
  if (!stillRunning) log('warning: the analysis ended before the measurements during it did; those rounds are partly after it');
  return result;
}

/** One request, timed; a connection the server closed meanwhile (keep-alive) is retried once. */
async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url, init).catch(() => fetch(url, init));
  const body = await res.text();
  return { ms: round(performance.now() - t0), status: res.status, body };
}

function commit(): string {
  try {
    const id = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).toString().trim();
    return dirty ? `${id}+changes` : id;
  } catch {
    return 'unknown';
  }
}

function printTable(rows: Row[]): void {
  const cells = [
    ['page', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'MB/resp', 'target p95', ''],
    ...rows.map((r) => [`${r.name}${r.during_analysis ? ' (during analysis)' : ''}`, String(r.p50), String(r.p95), String(r.p99), String(r.rps), String(r.mbPerResponse), r.target_p95 === null ? '-' : `< ${r.target_p95}`, r.meets === null ? '' : r.meets ? 'met' : 'NOT MET']),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  for (const r of cells) process.stdout.write(`${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}\n`);
}

// ---- the run ----

const { dir: cacheDir, meta } = args['data-dir'] ? { dir: path.resolve(args['data-dir']), meta: { segments: NaN } } : await cachedDataDir();
const work = await mkdtemp(path.join(os.tmpdir(), 'harvest-bench-web-'));
const dataDir = path.join(work, 'data');
await cp(cacheDir, dataDir, { recursive: true });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let t0 = performance.now();
const server = await startServer(dataDir, port);
const startS = (performance.now() - t0) / 1000;
process.once('exit', () => server.kill('SIGTERM'));
// Interrupted: stop the server and remove the copied data before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.kill('SIGTERM');
    void rm(work, { recursive: true, force: true }).finally(() => process.exit(130));
  });
}
const rows: Row[] = [];
let analyses: AnalysisRound[] | null = null;
let cold: Record<string, number> = {};
/** The server's memory after the first reads, and at rest after the page measurements (before any analysis). */
const memoryAt: Record<string, { rss_mb: number; peak_rss_mb: number } | null> = {};
try {
  // First requests: the store reads the consultation file once; the first synthesis view is computed once.
  const cpu0 = server.pid ? serverCpuSeconds(server.pid) : NaN;
  // While the consultation is read, the list of consultations (which reads none) is asked for every 100 ms: its
  // longest answer shows whether the read holds the server.
  let reading = true;
  const firstRead = timed(`${base}/api/consultations/${CONSULTATION}`).finally(() => (reading = false));
  let listDuringRead = 0;
  while (reading) {
    await new Promise((r) => setTimeout(r, 100));
    if (reading) listDuringRead = Math.max(listDuringRead, (await timed(`${base}/api/consultations`)).ms);
  }
  const first = await firstRead;
  const firstCpuS = server.pid ? round(serverCpuSeconds(server.pid) - cpu0, 2) : NaN;
  if (first.status !== 200) throw new Error(`GET /api/consultations/${CONSULTATION} answered ${first.status}: ${first.body.slice(0, 300)} (try --rebuild)`);
  const firstReport = await timed(`${base}/consultations/${CONSULTATION}/report`);
  const firstJson = await timed(`${base}/api/consultations/${CONSULTATION}/synthesis`);
  cold = { consultation_ms: first.ms, consultation_cpu_s: firstCpuS, list_during_read_max_ms: listDuringRead, report_ms: firstReport.ms, synthesis_json_ms: firstJson.ms };
  memoryAt.after_first_reads = server.pid ? serverMemory(server.pid) : null;
  log(`server up in ${startS.toFixed(1)} s; first consultation read ${first.ms} ms (${firstCpuS} s CPU; the list meanwhile answered in at most ${listDuringRead} ms), first report ${firstReport.ms} ms, first synthesis JSON ${firstJson.ms} ms; RSS ${memoryAt.after_first_reads?.rss_mb ?? '?'} MB`);

  const themes = (JSON.parse(firstJson.body) as { scopes: { themes: { id: string; size: number; isOther: boolean }[] }[] }).scopes.flatMap((s) => s.themes).filter((t) => !t.isOther);
  const bigTheme = themes.sort((a, b) => b.size - a.size)[0];

  if (ONLY.has('report')) rows.push(await measure('synthesis page (HTML)', base, `/consultations/${CONSULTATION}/report`, TARGET_SYNTHESIS_P95));
  if (ONLY.has('json')) rows.push(await measure('synthesis JSON (API)', base, `/api/consultations/${CONSULTATION}/synthesis`, TARGET_SYNTHESIS_P95));
  // As a browser, fetch or curl --compressed ask for it.
  if (ONLY.has('json')) rows.push(await measure('synthesis JSON (API, gzip)', base, `/api/consultations/${CONSULTATION}/synthesis`, TARGET_SYNTHESIS_P95, { 'accept-encoding': 'gzip, deflate, br' }));
  if (bigTheme && ONLY.has('theme')) rows.push(await measure(`largest theme page (${bigTheme.size} segments)`, base, `/consultations/${CONSULTATION}/themes/${encodeURIComponent(bigTheme.id)}`, null));

  await waitQuiet(base);
  await new Promise((r) => setTimeout(r, 2000));
  memoryAt.at_rest = server.pid ? serverMemory(server.pid) : null;
  log(`server RSS at rest after the page measurements ${memoryAt.at_rest?.rss_mb ?? '?'} MB (peak ${memoryAt.at_rest?.peak_rss_mb ?? '?'} MB)`);

  if (ONLY.has('during')) {
    // One analysis per round, so every round measures while one runs.
    const list: Round[] = [];
    const page: Round[] = [];
    analyses = [];
    for (let i = 0; i < repeat; i++) {
      analyses.push(
        await duringAnalysis(base, async () => {
          log(`consultation list during an analysis: /, ${connections} connections, ${duration} s${repeat > 1 ? ` (round ${i + 1}/${repeat})` : ''}`);
          list.push(await hammer(`${base}/`, duration));
          logRound(list.at(-1)!);
          log(`consultation page during an analysis: /consultations/${CONSULTATION}, ${connections} connections, ${duration} s`);
          page.push(await hammer(`${base}/consultations/${CONSULTATION}`, duration));
          logRound(page.at(-1)!);
        }),
      );
    }
    rows.push(summarise('consultation list', '/', TARGET_DURING_ANALYSIS_P95, true, list));
    rows.push(summarise('consultation page', `/consultations/${CONSULTATION}`, TARGET_DURING_ANALYSIS_P95, true, page));
  }
} finally {
  const memory = server.pid ? serverMemory(server.pid) : null;
  server.kill('SIGTERM');
  await once(server, 'exit').catch(() => undefined);
  if (args.keep) log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
  if (rows.length) {
    const run = {
      date: new Date().toISOString(),
      commit: commit(),
      server_root: args['server-root'] ? SERVER_ROOT : null,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memory_gb: round(os.totalmem() / 2 ** 30, 1), node: process.version, load_avg_1m: round(os.loadavg()[0]!, 2) },
      answers,
      segments: meta.segments,
      seed,
      connections,
      duration_s: duration,
      repeat,
      server_start_s: round(startS),
      cold,
      server_memory: memory,
      server_memory_after_first_reads: memoryAt.after_first_reads ?? null,
      server_memory_at_rest: memoryAt.at_rest ?? null,
      analyses,
      rows,
    };
    await mkdir(path.join(BENCH_DIR, 'results'), { recursive: true });
    const stamp = run.date.replace(/[:.]/g, '-').slice(0, 19);
    await writeFile(path.join(BENCH_DIR, 'results', `web-${stamp}-${answers}.json`), `${JSON.stringify(run, null, 2)}\n`);
    printTable(rows);
    if (memory) process.stdout.write(`server RSS ${memory.rss_mb} MB (peak ${memory.peak_rss_mb} MB); after the first reads ${memoryAt.after_first_reads?.rss_mb ?? '?'} MB, at rest before any analysis ${memoryAt.at_rest?.rss_mb ?? '?'} MB\n`);
    for (const a of analyses ?? []) process.stdout.write(`analysis ${a.state} in ${a.seconds} s; job-status requests every 200 ms: p95 ${a.probe_p95_ms} ms, longest ${a.probe_max_ms} ms (stage "${a.probe_max_stage}")\n`);
    const summary = Object.fromEntries(rows.map((r) => [r.name.replace(/ \((?!API, gzip).*\)$/, '').replace(/\W+/g, '_').replace(/_$/, ''), { p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps }]));
    process.stdout.write(`${JSON.stringify({ answers, connections, duration_s: duration, repeat, met: rows.every((r) => r.meets !== false), ...summary, analysis_s: analyses?.length ? median(analyses.map((a) => a.seconds)) : null, longest_stall_ms: analyses?.length ? Math.max(...analyses.map((a) => a.probe_max_ms)) : null, server_peak_rss_mb: memory?.peak_rss_mb ?? null, server_rest_rss_mb: memoryAt.at_rest?.rss_mb ?? null, cold_read_ms: cold.consultation_ms ?? null })}\n`);
  }
}
