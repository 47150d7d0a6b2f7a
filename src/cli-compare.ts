// `harvest compare BEFORE AFTER --out DIR`: what changed between two analyses (two synthesis.json files, or the folders
// `harvest analyse` wrote them to): compare.md, compare.csv, compare-moved.csv and compare.json.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from './errors.ts';
import { synthesis as synthesisSchema, type Synthesis } from './model/index.ts';
import { compareSyntheses } from './pipeline/compare.ts';
import { renderComparisonCsv, renderComparisonMarkdown, renderMovedCsv } from './export/comparison.ts';

export const COMPARE_USAGE = `Usage: harvest compare BEFORE AFTER --out DIR [--before-name TEXT] [--after-name TEXT]

BEFORE and AFTER are synthesis.json files, or the folders harvest analyse wrote them to: two analyses of one
consultation (after new uploads, a new codebook or edits) or two consultations (two rounds, two cities).
Writes compare.md (what changed, in words), compare.csv (a row per change), compare-moved.csv (the segments
that moved between themes) and compare.json into DIR.`;

/** A synthesis.json (or the one in a folder), validated; AppError naming the file and the field otherwise. */
export async function readSynthesisFile(given: string): Promise<{ file: string; synthesis: Synthesis }> {
  let file = given;
  try {
    if ((await stat(given)).isDirectory()) file = path.join(given, 'synthesis.json');
  } catch {
    throw new AppError('BAD_ARGUMENT', `${given}: no such file or folder`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_ARGUMENT', `${file}: not a synthesis.json (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = synthesisSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('BAD_ARGUMENT', `${file}: not a Harvest synthesis: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return { file, synthesis: parsed.data };
}

/** The name of one side for sentences: the folder a synthesis.json is in, else the file's name. */
function nameOf(file: string): string {
  return path.basename(file) === 'synthesis.json' ? path.basename(path.dirname(path.resolve(file))) : path.basename(file);
}

/** Run `harvest compare`; returns the exit code. */
export async function runCompare(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, 'before-name': { type: 'string' }, 'after-name': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new AppError('BAD_ARGUMENT', (err as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${COMPARE_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 2) throw new AppError('BAD_ARGUMENT', `harvest compare takes two analyses (BEFORE AFTER); got ${parsed.positionals.length}`);
  const out = parsed.values.out;
  if (!out) throw new AppError('BAD_ARGUMENT', '--out DIR is required');
  const [before, after] = await Promise.all(parsed.positionals.map(readSynthesisFile));
  const names = { before: parsed.values['before-name'] ?? nameOf(before!.file), after: parsed.values['after-name'] ?? nameOf(after!.file) };
  if (names.before === names.after) Object.assign(names, { before: `${names.before} (before)`, after: `${names.after} (after)` });
  const comparison = compareSyntheses(before!.synthesis, after!.synthesis);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'compare.md'), renderComparisonMarkdown(comparison, names));
  await writeFile(path.join(out, 'compare.csv'), renderComparisonCsv(comparison));
  await writeFile(path.join(out, 'compare-moved.csv'), renderMovedCsv(comparison));
  await writeFile(path.join(out, 'compare.json'), `${JSON.stringify({ before: names.before, after: names.after, ...comparison }, (_, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2)}\n`);
  const tally = new Map<string, number>();
  for (const c of comparison.changes) tally.set(c.kind, (tally.get(c.kind) ?? 0) + 1);
  process.stdout.write(
    `Compared ${names.before} with ${names.after} (${comparison.basis}): ${[...tally].map(([k, n]) => `${n} ${k}`).join(', ') || 'no themes'}` +
      `${comparison.basis === 'same answers' ? `; ${comparison.moved.length} segments moved` : ''}.\nReport: ${path.join(out, 'compare.md')} (also compare.csv, compare-moved.csv, compare.json)\n`,
  );
  return 0;
}
