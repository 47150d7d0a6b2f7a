// The command line: `harvest analyse <files or folders>... --out DIR`; reads files, runs the pipeline, writes the reports.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError, toAppError } from './errors.ts';
import { groupingValues, type FileError, type IngestedDocument, type Synthesis } from './model/index.ts';
import { dict } from './model/dict.ts';
import type { SegmentOptions } from './pipeline/segment/options.ts';
import type { AttributeFilter } from './report/filtered.ts';
import { HARVEST_VERSION } from './version.ts';
// The readers, the pipeline, the report writers and the account and database commands are imported by the command
// that needs them: `harvest --version` and `harvest --help` load none of them.

const USAGE = `Usage: harvest analyse <files or folders>... --out DIR [options]
       harvest compare BEFORE AFTER --out DIR        what changed between two analyses (synthesis.json or its folder)
       harvest user add|passwd|remove|list [NAME]    facilitator accounts of the web app
       harvest token create NAME | list [NAME] | revoke ID   API tokens: make one, list them, revoke one
       harvest db migrate | db copy --from A --to B  PostgreSQL schema; move data between lowdb and PostgreSQL

Reads consultation notes (.txt .md .html .docx .pdf) and survey exports (.csv .xlsx),
finds themes and writes synthesis.json, report.md, report.html and segments.csv into DIR.

Options:
  --out DIR              where to write the outputs (created if missing; required)
  --seed N               random seed for clustering (default 42): same input + seed = same themes
  --k N                  number of themes per scope instead of choosing it automatically
  --codebook FILE        a codebook JSON to use instead of corpus/codebook.json
  --id-column C          survey column holding the respondent id
  --no-id-column         surveys have no respondent id column: rows are numbered R1, R2...
  --text-columns A,B     survey columns holding the free-text answers (wide form), or the answer column (long form)
  --group-by C           long-form surveys: the column naming the question; its values become the scopes
  --attribute-columns A,B  survey columns to keep as respondent attributes (default: detected)
  --campaigns each|once  answers pasted from one template (a campaign, 3 or more near-copies) count
                         as each answer in the theme counts (each, the default) or once per theme (once);
                         either way the report lists every campaign under "Campaigns and copies"
  --question "C=TEXT"    head survey column C's answers with TEXT instead of the export's heading (repeatable)
  --show-only "A=V"      write the reports over the segments whose attribute A is V only (e.g. group=B)
  --from DAY, --to DAY   write the reports over the survey answers submitted from / until DAY (YYYY-MM-DD) only
  --title TEXT           the report's title, e.g. the consultation's name (default: from the documents' own titles)
  --redact               replace emails, phone numbers and people's names (attendees, facilitators,
                         note-takers, signatures, names in e-mail addresses; first names and surnames
                         alone too) in EVERY file written: synthesis.json, report.md, report.html and
                         segments.csv; counts are unchanged, so the folder can be shared as it is
  --also-write-unredacted-synthesis
                         with --redact: also write the full, unredacted synthesis as
                         synthesis-UNREDACTED-do-not-share.json (keep it out of what you share)
  --quiet                no progress on stderr
  -h, --help             this help
  --version              print the version

Exit codes: 0 success, 1 no file could be read (or the analysis failed), 2 bad arguments.`;

const analyseArgs = z.object({
  inputs: z.array(z.string()).min(1, 'give at least one file or folder to analyse'),
  out: z.string({ error: '--out DIR is required' }).min(1, '--out DIR is required'),
  seed: z.coerce.number({ error: '--seed must be a whole number' }).int('--seed must be a whole number').default(42),
  k: z.coerce.number({ error: '--k must be a whole number' }).int('--k must be a whole number').min(1, '--k must be at least 1').optional(),
  codebook: z.string().optional(),
  idColumn: z.string().optional(),
  noIdColumn: z.boolean().default(false),
  questionTexts: z.array(z.string().regex(/^[^=]+=.*\S/, '--question takes "COLUMN=question text"')).default([]),
  showOnly: z.string().regex(/^[^=]+=.+$/, '--show-only takes "ATTRIBUTE=VALUE", e.g. group=B').optional(),
  from: z.iso.date('--from takes a day as YYYY-MM-DD').optional(),
  to: z.iso.date('--to takes a day as YYYY-MM-DD').optional(),
  textColumns: z.array(z.string()).optional(),
  groupBy: z.string().optional(),
  attributeColumns: z.array(z.string()).optional(),
  title: z.string().trim().min(1, '--title must not be empty').optional(),
  campaigns: z.enum(['each', 'once'], { error: '--campaigns takes each or once' }).default('each'),
  redact: z.boolean().default(false),
  alsoWriteUnredactedSynthesis: z.boolean().default(false),
  quiet: z.boolean().default(false),
});
type AnalyseArgs = z.infer<typeof analyseArgs>;

const splitList = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);

/** Parse `analyse` arguments into a fully defaulted, validated object; AppError BAD_ARGUMENT otherwise. */
export function parseAnalyseArgs(argv: string[]): AnalyseArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        seed: { type: 'string' },
        k: { type: 'string' },
        codebook: { type: 'string' },
        'id-column': { type: 'string' },
        'no-id-column': { type: 'boolean' },
        question: { type: 'string', multiple: true },
        'show-only': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'text-columns': { type: 'string' },
        'group-by': { type: 'string' },
        'attribute-columns': { type: 'string' },
        title: { type: 'string' },
        campaigns: { type: 'string' },
        redact: { type: 'boolean' },
        'also-write-unredacted-synthesis': { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new AppError('BAD_ARGUMENT', (err as Error).message);
  }
  const v = parsed.values;
  const result = analyseArgs.safeParse({
    inputs: parsed.positionals,
    out: v.out,
    seed: v.seed,
    k: v.k,
    codebook: v.codebook,
    idColumn: v['id-column'],
    noIdColumn: v['no-id-column'],
    questionTexts: v.question,
    showOnly: v['show-only'],
    from: v.from,
    to: v.to,
    textColumns: splitList(v['text-columns']),
    groupBy: v['group-by'],
    attributeColumns: splitList(v['attribute-columns']),
    title: v.title,
    campaigns: v.campaigns,
    redact: v.redact,
    alsoWriteUnredactedSynthesis: v['also-write-unredacted-synthesis'],
    quiet: v.quiet,
  });
  if (!result.success) throw new AppError('BAD_ARGUMENT', result.error.issues.map((i) => i.message).join('; '));
  if (result.data.noIdColumn && result.data.idColumn !== undefined) throw new AppError('BAD_ARGUMENT', '--id-column and --no-id-column cannot go together');
  if (result.data.from && result.data.to && result.data.from > result.data.to) throw new AppError('BAD_ARGUMENT', `--from ${result.data.from} is after --to ${result.data.to}`);
  if (result.data.alsoWriteUnredactedSynthesis && !result.data.redact) throw new AppError('BAD_ARGUMENT', '--also-write-unredacted-synthesis goes with --redact (without --redact every file is unredacted anyway)');
  return result.data;
}

/** Files to read: each file given, and every supported file under each folder (sorted, hidden files and JSON not named as a board skipped). */
export async function expandInputs(inputs: string[]): Promise<{ files: string[]; errors: FileError[] }> {
  const { formatOf } = await import('./ingest/index.ts');
  const files: string[] = [];
  const errors: FileError[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      // A .json in a folder is read only when its name says it is a board (a synthesis.json of an earlier run is not).
      else if (formatOf(e.name) && !/^readme\.(md|txt)$/i.test(e.name) && (formatOf(e.name) !== 'json' || /miro|mural|board/i.test(e.name))) files.push(full);
    }
  };
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      errors.push({ file: input, code: 'UNREADABLE_FILE', message: `${input}: no such file or folder` });
      continue;
    }
    if (info.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files: [...new Set(files)], errors };
}

/** The survey column choices of the command line (the same for every survey read). */
function surveyChoiceOf(args: AnalyseArgs): Omit<SegmentOptions, 'nonAnswers' | 'vocabulary'> {
  const questionTexts = dict<string>();
  for (const pair of args.questionTexts) {
    const at = pair.indexOf('=');
    questionTexts[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return {
    idColumn: args.noIdColumn ? null : args.idColumn,
    textColumns: args.textColumns,
    questionColumn: args.groupBy,
    attributeColumns: args.attributeColumns,
    ...(args.questionTexts.length > 0 ? { questionTexts } : {}),
  };
}

/** The *Show only* filter of the command line (--show-only, --from, --to), null when none is given. */
function filterOf(args: AnalyseArgs): AttributeFilter | null {
  if (!args.showOnly && !args.from && !args.to) return null;
  const at = args.showOnly?.indexOf('=') ?? -1;
  return {
    attribute: args.showOnly && at > 0 ? args.showOnly.slice(0, at).trim() : '',
    value: args.showOnly && at > 0 ? args.showOnly.slice(at + 1).trim() : '',
    ...(args.from ? { from: args.from } : {}),
    ...(args.to ? { to: args.to } : {}),
  };
}

/** What a filter could have named instead: the attribute's values, or the attributes, and the days answers were submitted. */
function filterChoicesOf(s: Synthesis, attribute: string): string {
  const values = new Map<string, Set<string>>();
  let first = '';
  let last = '';
  for (const seg of s.segments) {
    for (const [a, v] of groupingValues(seg)) (values.get(a) ?? values.set(a, new Set()).get(a)!).add(v);
    if (seg.date && (!first || seg.date < first)) first = seg.date;
    if (seg.date && seg.date > last) last = seg.date;
  }
  const days = first ? `answers were submitted ${first} to ${last}` : 'no answer has a submission day';
  const known = values.get(attribute);
  if (attribute && known) return `values of ${attribute} are: ${[...known].sort().slice(0, 40).join(', ')}; ${days}`;
  return `${attribute ? `no segment has the attribute "${attribute}"; ` : ''}attributes are: ${[...values.keys()].sort().join(', ') || 'none'}; ${days}`;
}

function progressPrinter(quiet: boolean): (stage: string, fraction: number) => void {
  if (quiet) return () => {};
  let last = '';
  return (stage, fraction) => {
    const line = `harvest: ${stage.padEnd(9)} ${String(Math.round(fraction * 100)).padStart(3)}%`;
    if (line === last) return;
    last = line;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (process.stderr.isTTY && fraction >= 1) process.stderr.write('\n');
  };
}

/** Run `harvest analyse`; returns the exit code. */
export async function runAnalyse(argv: string[]): Promise<number> {
  const args = parseAnalyseArgs(argv);
  // A helper thread loads the stages and compromise while this one loads the rest and reads the files (see
  // compromise-reader.ts); an analysis stops it when it ends, this in case none runs.
  const helper = await import('./pipeline/parallel/compromise-reader.ts');
  helper.startCompromiseReader();
  try {
    return await analyseAndWrite(args);
  } finally {
    helper.stopCompromiseReader();
  }
}

async function analyseAndWrite(args: AnalyseArgs): Promise<number> {
  const [{ ingestFile }, { loadResources }, { analyseDocuments }, { UNREDACTED_SYNTHESIS_FILE, writeReportFiles }] = await Promise.all([
    import('./ingest/index.ts'),
    import('./corpus.ts'),
    import('./pipeline/index.ts'),
    import('./export/files.ts'),
  ]);
  const resources = await loadResources({ codebookPath: args.codebook });
  const progress = progressPrinter(args.quiet);
  const { files, errors } = await expandInputs(args.inputs);
  const docs: IngestedDocument[] = [];
  for (const [i, file] of files.entries()) {
    progress('read', (0.05 * i) / Math.max(1, files.length));
    try {
      const doc = await ingestFile(path.basename(file), new Uint8Array(await readFile(file)));
      docs.push(doc);
      if (!args.quiet && doc.encoding !== undefined) process.stderr.write(`harvest: ${doc.name}: read as ${doc.encoding}\n`);
    } catch (err) {
      const e = toAppError(err, 'UNREADABLE_FILE', path.basename(file));
      errors.push({ file: path.basename(file), code: e.code, message: e.message });
    }
  }
  for (const e of errors) process.stderr.write(`harvest: ${e.message}\n`);
  if (docs.length === 0) {
    process.stderr.write(`harvest: no file could be read${files.length ? '' : ' (no supported files found)'}\n`);
    return 1;
  }
  // A --question naming no column of any survey is a typing slip: say which columns there are.
  const surveyHeaders = docs.flatMap((d) => (d.kind === 'survey' ? d.headers : []));
  const unknownQuestion = Object.keys(surveyChoiceOf(args).questionTexts ?? {}).find((c) => !surveyHeaders.includes(c));
  if (unknownQuestion !== undefined) {
    process.stderr.write(`harvest: --question: no survey has a column "${unknownQuestion}"; ${surveyHeaders.length ? `columns are: ${[...new Set(surveyHeaders)].join(', ')}` : 'no survey was read'}\n`);
    return 2;
  }
  const { synthesis, documents } = analyseDocuments(docs, resources, {
    seed: args.seed,
    k: args.k,
    campaigns: args.campaigns,
    survey: surveyChoiceOf(args),
    onProgress: progress,
  }, errors);
  // Warnings of the reading (encoding guesses) and of segmentation (over-long lines), with the file named.
  for (const d of synthesis.documents) for (const w of d.warnings ?? []) process.stderr.write(`harvest: warning: ${d.name}: ${w}\n`);
  const segmentErrors = synthesis.errors.slice(errors.length);
  for (const e of segmentErrors) process.stderr.write(`harvest: ${e.message}\n`);
  if (synthesis.documents.length === 0) {
    process.stderr.write('harvest: no file could be read\n');
    // A column option that matches no file is a bad argument, not a bad file.
    return segmentErrors.some((e) => e.code === 'BAD_ARGUMENT') ? 2 : 1;
  }
  const given = filterOf(args);
  let written = synthesis;
  if (given) {
    const { describeFilter, filterSynthesis, markMultiChoice, matchesFilter } = await import('./report/filtered.ts');
    const filter = markMultiChoice(given, synthesis.segments);
    if (!synthesis.segments.some((seg) => matchesFilter(seg, filter))) {
      process.stderr.write(`harvest: --show-only/--from/--to: no segment where ${describeFilter(filter)}; ${filterChoicesOf(synthesis, filter.attribute)}\n`);
      return 2;
    }
    written = filterSynthesis(synthesis, (seg) => matchesFilter(seg, filter), describeFilter(filter));
    if (!args.quiet) process.stderr.write(`harvest: show only ${describeFilter(filter)}: ${written.segments.length} of ${synthesis.segments.length} segments\n`);
  }
  await writeReportFiles(args.out, written, { redact: args.redact, documents, title: args.title, alsoWriteUnredactedSynthesis: args.alsoWriteUnredactedSynthesis });
  const o = synthesis.overview;
  process.stdout.write(
    `Analysed ${o.documents} document(s): ${o.segments} segments, ${synthesis.scopes.length} scopes, ` +
      `${synthesis.scopes.reduce((a, s) => a + s.themes.filter((t) => !t.isOther).length, 0)} themes.\n` +
      `Report: ${path.join(args.out, 'report.html')} (also report.md, synthesis.json, segments.csv, differences.csv${synthesis.nextSteps.length ? ', next-steps.csv' : ''})${args.redact ? ', personal data redacted in all of them' : ''}\n` +
      (args.redact && args.alsoWriteUnredactedSynthesis ? `Unredacted synthesis (do not share): ${path.join(args.out, UNREDACTED_SYNTHESIS_FILE)}\n` : ''),
  );
  return 0;
}

/** Dispatch a command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === '--version') {
      process.stdout.write(`harvest ${HARVEST_VERSION}\n`);
      return 0;
    }
    if (command === 'analyse' || command === 'analyze') {
      if (rest.includes('-h') || rest.includes('--help')) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      return await runAnalyse(rest);
    }
    if (command === 'compare') return await (await import('./cli-compare.ts')).runCompare(rest);
    if (command === 'user') return await (await import('./cli-admin.ts')).runUser(rest);
    if (command === 'token') return await (await import('./cli-admin.ts')).runToken(rest);
    if (command === 'db') return await (await import('./cli-db.ts')).runDb(rest);
    throw new AppError('BAD_ARGUMENT', `unknown command "${command}"; try: harvest analyse --help`);
  } catch (err) {
    const e = toAppError(err);
    process.stderr.write(`harvest: ${e.message}\n`);
    if (e.code === 'BAD_ARGUMENT' || e.code === 'BAD_CODEBOOK') {
      process.stderr.write('Run "harvest --help" for the commands and options.\n');
      return 2;
    }
    if (e.code === 'INTERNAL' && e.cause instanceof Error && e.cause.stack) process.stderr.write(`${e.cause.stack}\n`);
    return 1;
  }
}
