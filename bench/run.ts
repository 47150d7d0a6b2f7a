// `npm run bench`: generate survey exports of several sizes, run Harvest's CLI path on each in a child process (per-stage times, peak RSS) and scikit-learn on the same texts; table + JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSurvey, QUESTIONS } from './generate.ts';
import { normalisedMutualInformation } from './nmi.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', multiple: true },
    seed: { type: 'string', default: '42' },
    breakdown: { type: 'boolean', default: true },
    'no-breakdown': { type: 'boolean', default: false },
    'no-sklearn': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'heap-mb': { type: 'string', default: '12288' },
    small: { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    'long-line': { type: 'boolean', default: false },
  },
});
if (args.live) {
  // The live plenary: seconds from a saved paste to the projector's update (bench/live.ts).
  const { benchLive } = await import('./live.ts');
  process.stdout.write(`${JSON.stringify(await benchLive())}\n`);
  process.exit(0);
}
if (args['long-line']) {
  // A 5 MB single-line notes file through the web app's progress callback: the longest gap between updates (bench/long-line.ts).
  const { benchLongLine } = await import('./long-line.ts');
  process.stdout.write(`${JSON.stringify(await benchLongLine())}\n`);
  process.exit(0);
}
if (args.small) {
  // The small-input targets instead of the large surveys (bench/small.ts).
  const { benchSmall } = await import('./small.ts');
  process.stdout.write(`${JSON.stringify(await benchSmall())}\n`);
  process.exit(0);
}
const sizes = (args.answers ?? ['10000', '100000', '400000']).flatMap((a) => a.split(',')).map((a) => Number(a.replace(/k$/i, '000')));
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--answers takes whole numbers of at least 10 (e.g. 100000 or 100k)');
const seed = Number(args.seed);

/** A python3 that imports scikit-learn (PATH's, else Debian's /usr/bin/python3), installing python3-sklearn with apt-get when none does; null if that fails. */
function findSklearnPython(): string | null {
  const candidates = ['python3', '/usr/bin/python3'];
  const works = (py: string): boolean => spawnSync(py, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  const found = candidates.find(works);
  if (found) return found;
  process.stderr.write('bench: installing python3-sklearn (apt-get)...\n');
  spawnSync('sh', ['-c', 'apt-get install -y python3-sklearn || (apt-get update && apt-get install -y python3-sklearn)'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return candidates.find(works) ?? null;
}

interface ChildResult {
  total_s: number;
  peak_rss_mb: number;
  stages: Record<string, number>;
  rss_after_mb: Record<string, number>;
  segments: number;
  scopes: { label: string; kind: string; segments: number; k: number; themes: number }[];
  breakdown: Record<string, number> | null;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function benchOne(answers: number, python: string | null): Record<string, unknown> {
  const work = mkdtempSync(path.join(os.tmpdir(), `harvest-bench-${answers}-`));
  const input = path.join(work, 'input');
  mkdirSync(input);
  let t0 = performance.now();
  const survey = generateSurvey(answers, seed);
  writeFileSync(path.join(input, 'survey-export.csv'), survey.csv);
  for (const [name, text] of Object.entries(survey.notes)) writeFileSync(path.join(input, name), text);
  const generateS = (performance.now() - t0) / 1000;
  process.stderr.write(`bench: ${answers} answers generated in ${generateS.toFixed(1)} s (${(survey.csv.length / 1e6).toFixed(1)} MB CSV); running Harvest...\n`);

  const assignmentsFile = path.join(work, 'assignments.tsv');
  t0 = performance.now();
  // A large heap so a run ends with its true peak RSS instead of dying at V8's default limit (the target is judged on RSS).
  const childArgs = [`--max-old-space-size=${args['heap-mb']}`, '--import', 'tsx', path.join(BENCH_DIR, 'pipeline.ts'), '--input', input, '--out', path.join(work, 'out'), '--seed', String(seed), '--assignments', assignmentsFile];
  if (args.breakdown && !args['no-breakdown']) childArgs.push('--breakdown');
  const stdout = execFileSync(process.execPath, childArgs, {
    cwd: ROOT,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();
  const wallS = (performance.now() - t0) / 1000;
  const child = JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;

  // Harvest's themes against the truth, per question, weighted by answers.
  const questionIndex = new Map(QUESTIONS.map((q, i) => [q.header, i]));
  const perQuestion = QUESTIONS.map(() => ({ truth: [] as string[], found: [] as string[] }));
  for (const line of readFileSync(assignmentsFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [respondent, section, themeId] = line.split('\t') as [string, string, string];
    const qi = questionIndex.get(section);
    const truth = qi === undefined ? undefined : survey.truth.get(`${respondent}\t${qi}`);
    if (qi === undefined || truth === undefined) continue;
    perQuestion[qi]!.truth.push(truth);
    perQuestion[qi]!.found.push(themeId);
  }
  let nmiSum = 0;
  let nmiCount = 0;
  const harvestQuestions = perQuestion.map((q, qi) => {
    const nmi = normalisedMutualInformation(q.truth, q.found);
    nmiSum += nmi * q.truth.length;
    nmiCount += q.truth.length;
    const scope = child.scopes.find((s) => s.label === QUESTIONS[qi]!.header);
    return { answers: q.truth.length, k: scope?.k ?? 0, nmi: round(nmi, 4) };
  });
  const nmi = nmiCount ? nmiSum / nmiCount : 0;

  let sk: { sklearn_s: number; sklearn_nmi: number; questions: unknown[] } | null = null;
  if (python) {
    const spec = {
      seed,
      questions: QUESTIONS.map((_, qi) => {
        const rows = survey.answers.filter((a) => a.question === qi);
        return { k: harvestQuestions[qi]!.k, texts: rows.map((a) => a.text), truth: rows.map((a) => a.theme) };
      }),
    };
    const specFile = path.join(work, 'sklearn-input.json');
    writeFileSync(specFile, JSON.stringify(spec));
    process.stderr.write('bench: running the scikit-learn reference...\n');
    const out = execFileSync(python, [path.join(BENCH_DIR, 'sklearn_ref.py'), specFile], { maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
    sk = JSON.parse(out.trim().split('\n').pop()!);
  }
  if (!args.keep) rmSync(work, { recursive: true, force: true });
  else process.stderr.write(`bench: kept ${work}\n`);

  return {
    answers,
    total_s: round(child.total_s),
    wall_s: round(wallS),
    peak_rss_mb: Math.round(child.peak_rss_mb),
    sklearn_s: sk ? sk.sklearn_s : null,
    ratio: sk && sk.sklearn_s > 0 ? round(child.total_s / sk.sklearn_s) : null,
    nmi: round(nmi, 4),
    sklearn_nmi: sk ? sk.sklearn_nmi : null,
    stages: Object.fromEntries(Object.entries(child.stages).map(([k, v]) => [k, round(v)])),
    rss_after_stage_mb: child.rss_after_mb,
    themes_breakdown: child.breakdown ? Object.fromEntries(Object.entries(child.breakdown).map(([k, v]) => [k, round(v)])) : null,
    segments: child.segments,
    questions: harvestQuestions,
    sklearn_questions: sk?.questions ?? null,
    generate_s: round(generateS),
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

/** The rows of the results table: a label, then one cell per size. */
function tableRows(results: Record<string, unknown>[]): [string, ...string[]][] {
  const stageNames = [...new Set(results.flatMap((r) => Object.keys(r.stages as Record<string, number>)))];
  const breakdownNames = [...new Set(results.flatMap((r) => Object.keys((r.themes_breakdown as Record<string, number> | null) ?? {})))];
  const rows: [string, ...string[]][] = [
    ['answers', ...results.map((r) => String(r.answers))],
    ...stageNames.map((s): [string, ...string[]] => [`  ${s} (s)`, ...results.map((r) => String((r.stages as Record<string, number>)[s] ?? '-'))]),
    ...breakdownNames.map((s): [string, ...string[]] => [`    ${s} (s, profile pass)`, ...results.map((r) => String((r.themes_breakdown as Record<string, number> | null)?.[s] ?? '-'))]),
    ['total (s)', ...results.map((r) => String(r.total_s))],
    ['peak RSS (MB)', ...results.map((r) => String(r.peak_rss_mb))],
    ['scikit-learn (s)', ...results.map((r) => String(r.sklearn_s ?? '-'))],
    ['ratio Harvest / sklearn', ...results.map((r) => String(r.ratio ?? '-'))],
    ['NMI Harvest', ...results.map((r) => String(r.nmi))],
    ['NMI scikit-learn', ...results.map((r) => String(r.sklearn_nmi ?? '-'))],
  ];
  return rows;
}

function printTable(rows: [string, ...string[]][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) process.stdout.write(`${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}\n`);
}

/** The table as Markdown, with the machine and commit, for docs. */
function markdownTable(rows: [string, ...string[]][], machine: Record<string, unknown>, commitId: string, date: string): string {
  const [head, ...body] = rows;
  const line = (r: string[]): string => `| ${r.map((c) => c.trim()).join(' | ')} |`;
  return [
    `Benchmark of ${date.slice(0, 10)}, commit ${commitId}, on ${machine.cpus} CPUs (${machine.cpu}), ${machine.memory_gb} GB, Node ${machine.node}.`,
    '',
    line(head!),
    line(head!.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...body.map(line),
    '',
  ].join('\n');
}

const python = args['no-sklearn'] ? null : findSklearnPython();
if (!python && !args['no-sklearn']) process.stderr.write('bench: scikit-learn unavailable; the reference is skipped\n');
const results: Record<string, unknown>[] = [];
for (const n of sizes) results.push(benchOne(n, python));
const run = {
  date: new Date().toISOString(),
  commit: commit(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memory_gb: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}` },
  seed,
  results,
};
mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
const stamp = run.date.replace(/[:.]/g, '-').slice(0, 19);
writeFileSync(path.join(BENCH_DIR, 'results', `bench-${stamp}-${sizes.join('_')}.json`), `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(path.join(BENCH_DIR, 'results', 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
const rows = tableRows(results);
writeFileSync(path.join(BENCH_DIR, 'results', 'latest.md'), markdownTable(rows, run.machine, run.commit, run.date));
printTable(rows);
const last = results[results.length - 1]!;
process.stdout.write(`${JSON.stringify({ answers: last.answers, total_s: last.total_s, peak_rss_mb: last.peak_rss_mb, sklearn_s: last.sklearn_s, ratio: last.ratio, nmi: last.nmi, sklearn_nmi: last.sklearn_nmi, stages: last.stages })}\n`);
