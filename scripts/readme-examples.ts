// `npm run readme-examples`: run the analysis on corpus/sample (and on the reference documents, ../shared/seeds or
// $HARVEST_SEEDS_DIR, when the folder is there) with the command line, and rewrite the README's generated sections,
// each between `<!-- readme-examples:NAME -->` and `<!-- /readme-examples:NAME -->`, from what the run printed and
// wrote. test/integration/readme-examples.test.ts fails when the README differs from a fresh run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Synthesis } from '../src/model/index.ts';
import { buildReportView } from '../src/report/view-model.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const README = path.join(ROOT, 'README.md');

/** The reference documents' folder: $HARVEST_SEEDS_DIR, else ../shared/seeds beside the repository; null when missing. */
export function seedsDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.HARVEST_SEEDS_DIR ? path.resolve(env.HARVEST_SEEDS_DIR) : path.resolve(ROOT, '../shared/seeds');
  return existsSync(dir) ? dir : null;
}

/** Run `harvest analyse` as a user does (a new process, default seed); its stdout and synthesis.json. */
async function analyse(input: string): Promise<{ stdout: string; out: string; synthesis: Synthesis }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'harvest-readme-'));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/harvest.js'), 'analyse', input, '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`harvest analyse ${input} failed (${r.status}): ${r.stderr}`);
    const synthesis = JSON.parse(await readFile(path.join(out, 'synthesis.json'), 'utf8')) as Synthesis;
    return { stdout: r.stdout, out, synthesis };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The report's category counts as a Markdown table: every segment tagged, the notes' points among them, the share. */
function categoriesTable(s: Synthesis): string {
  const rows = buildReportView(s).categories.filter((c) => c.count > 0);
  return ['| Category | All segments | In notes | Share |', '|---|---:|---:|---:|', ...rows.map((c) => `| ${c.label} | ${c.count} | ${c.inNotes} | ${c.share} |`)].join('\n');
}

/** Each scope with its segment count and its four largest themes (the "Other" group left out). */
function themesTable(s: Synthesis, heading: string): string {
  const rows = s.scopes.map((sc) => {
    const top = sc.themes.filter((t) => !t.isOther).sort((a, b) => b.size - a.size).slice(0, 4);
    return `| ${sc.label.replace(/\|/g, '\\|')} (${sc.segments}) | ${top.map((t) => `${t.label} (${t.size})`).join('; ') || '(none)'} |`;
  });
  return [`| ${heading} | Top themes (segments) |`, '|---|---|', ...rows].join('\n');
}

/** What the seeds' consultation summary shows: its three questions' bullets by category, its attendees as facts. */
function seedsFacts(s: Synthesis): string {
  const summary = s.documents.find((d) => d.attendees > 0);
  if (!summary) return '(No document of the reference set lists attendees.)';
  const under = (question: RegExp, category: string): string => {
    const segs = s.segments.filter((x) => x.provenance.document === summary.name && x.section && question.test(x.section) && x.provenance.line < 120);
    const section = segs[0]?.section ?? question.source;
    return `under *${section}*, ${category.replace('_', ' ')} (${segs.filter((x) => x.coding.category === category).length} of ${segs.length})`;
  };
  return [
    `- In the consultation summary (\`${summary.name}\`), the bullets are tagged by the question they answer:`,
    `  ${under(/key interventions/i, 'intervention')}; ${under(/key stakeholders/i, 'stakeholder')};`,
    `  ${under(/key capacity gaps/i, 'capacity_gap')}.`,
    `- The ${summary.attendees} attendees (name, organisation) are document facts (${summary.organisations.length} organisations present), not`,
    '  segments or themes.',
  ].join('\n');
}

/** The generated sections of a fresh run: name -> Markdown. The seeds' sections only when the folder is given. */
export async function freshSections(seeds: string | null): Promise<Map<string, string>> {
  const sections = new Map<string, string>();
  const sample = await analyse('corpus/sample');
  const shown = sample.stdout.split(sample.out).join('out/sample').trimEnd();
  sections.set('sample-run', ['```', '$ npx harvest analyse corpus/sample --out out/sample --quiet', shown, '```'].join('\n'));
  sections.set('sample-tables', [categoriesTable(sample.synthesis), '', themesTable(sample.synthesis, 'Section or question')].join('\n'));
  if (seeds) {
    const run = await analyse(seeds);
    sections.set('seeds-facts', seedsFacts(run.synthesis));
    sections.set('seeds-tables', [categoriesTable(run.synthesis), '', themesTable(run.synthesis, 'Scope')].join('\n'));
  }
  return sections;
}

const marker = (name: string): [string, string] => [`<!-- readme-examples:${name} -->`, `<!-- /readme-examples:${name} -->`];

/** The README's generated sections as they are: name -> Markdown between the markers. */
export function readmeSections(readme: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- readme-examples:([a-z-]+) -->\n([\s\S]*?)\n<!-- \/readme-examples:\1 -->/g)) found.set(m[1]!, m[2]!);
  return found;
}

/** The README with each of `sections` put between its markers (throws when a marker pair is missing). */
export function withSections(readme: string, sections: Map<string, string>): string {
  let text = readme;
  for (const [name, body] of sections) {
    const [begin, end] = marker(name);
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${begin} ... ${end} pair`);
    text = `${text.slice(0, a + begin.length)}\n${body}\n${text.slice(b)}`;
  }
  return text;
}

async function main(): Promise<void> {
  const seeds = seedsDir();
  const sections = await freshSections(seeds);
  const before = await readFile(README, 'utf8');
  const after = withSections(before, sections);
  if (after !== before) await writeFile(README, after);
  console.log(`README.md: ${[...sections.keys()].join(', ')} ${after === before ? 'already current' : 'rewritten'}${seeds ? '' : ' (no reference documents: set HARVEST_SEEDS_DIR or put them in ../shared/seeds; their sections were left as they are)'}.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
