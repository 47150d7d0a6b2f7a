// Bench child process: the CLI's analyse path (read, analyse, write) on one folder, timed per stage, with peak RSS; prints one JSON line.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
// The V8 settings of the harvest command (first, so they apply to every module and worker thread).
import '../bin/v8-flags.js';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expandInputs } from '../src/cli.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { loadResources } from '../src/corpus.ts';
import { analyseDocuments } from '../src/pipeline/index.ts';
import { writeReportFiles } from '../src/export/files.ts';
import type { AnalysedSegment, IngestedDocument, Synthesis } from '../src/model/index.ts';
import type { Resources } from '../src/corpus.ts';
import { buildTfidf, reduceLsa, toDenseRows } from '../src/pipeline/vectorise.ts';
import { clusterVectors } from '../src/pipeline/cluster.ts';
import { labelThemes } from '../src/pipeline/label.ts';
import { tagSegments } from '../src/pipeline/tag/index.ts';
import { stemmerFor } from '../src/pipeline/text.ts';
import { answerPhrasesLeftToLabels, englishNounPhrases } from '../src/pipeline/annotate/index.ts';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '42' },
    assignments: { type: 'string' },
    breakdown: { type: 'boolean', default: false },
  },
});
if (!args.input || !args.out) throw new Error('usage: pipeline.ts --input DIR --out DIR [--assignments FILE] [--breakdown]');

const stages: Record<string, number> = {};
/** RSS (MB) when each stage ended. */
const rssAfter: Record<string, number> = {};
let mark = performance.now();
/** Close the running stage: its time since the previous mark is added under `name`. */
function lap(name: string): void {
  const now = performance.now();
  stages[name] = (stages[name] ?? 0) + (now - mark) / 1000;
  const mem = process.memoryUsage();
  rssAfter[name] = Math.round(mem.rss / 2 ** 20);
  process.stderr.write(`bench:   ${name} ${((now - mark) / 1000).toFixed(2)} s, rss ${rssAfter[name]} MB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MB\n`);
  mark = now;
}

const start = performance.now();
const resources = await loadResources();
lap('load resources');
const { files, errors } = await expandInputs([args.input]);
const docs: IngestedDocument[] = [];
for (const file of files) docs.push(await ingestFile(path.basename(file), new Uint8Array(await readFile(file))));
lap('ingest');

// analyseDocuments reports stage names as it enters them; each report closes the stage before it.
// Annotation and tagging are one stage: each thread tags the segments it has just annotated. Campaigns (answers
// pasted from one template) are found after the themes.
const PROGRESS_STAGES: Record<string, string> = { annotate: 'segment', themes: 'annotate+tag', campaigns: 'themes+synthesise', verify: 'campaigns', done: 'verify' };
let current = '';
const { synthesis } = analyseDocuments(docs, resources, {
  seed: Number(args.seed),
  onProgress: (stage) => {
    if (stage === current) return;
    current = stage;
    const closes = PROGRESS_STAGES[stage];
    if (closes) lap(closes);
  },
}, errors);

await writeReportFiles(args.out, synthesis);
lap('write');
const totalS = (performance.now() - start) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

if (args.assignments) {
  const lines = synthesis.segments.filter((s) => s.kind === 'answer').map((s) => `${s.respondentId}\t${s.section}\t${s.themeId}\t${s.annotation.language}`);
  await writeFile(args.assignments, `${lines.join('\n')}\n`);
}

const result = {
  total_s: totalS,
  peak_rss_mb: peakRssMb,
  stages,
  rss_after_mb: rssAfter,
  segments: synthesis.segments.length,
  scopes: synthesis.scopes.map((s) => ({ label: s.label, kind: s.kind, segments: s.segments, k: s.k, themes: s.themes.length })),
  breakdown: args.breakdown ? profileThemes(synthesis, resources, Number(args.seed)) : null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

/**
 * A second, timed pass to show where the time goes: the tag stage alone over every segment in one thread,
 * and over the English group of each survey question the same stage functions the themes stage calls
 * (TF-IDF, LSA, k-means with k chosen, labels). Not counted in total_s.
 */
function profileThemes(s: Synthesis, res: Resources, seed: number): Record<string, number> {
  const t: Record<string, number> = { 'tag, one thread': 0, 'themes: vectorise': 0, 'themes: reduce': 0, 'themes: cluster': 0, 'themes: label': 0 };
  const time = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    t[name]! += (performance.now() - t0) / 1000;
    return out;
  };
  // The tag stage alone, in this thread (in the pipeline each annotating thread tags its own segments).
  time('tag, one thread', () => tagSegments(s.segments, s.segments.map((seg) => seg.annotation), { codebook: res.codebook, gazetteer: res.gazetteer }));
  const byScope = new Map<string, AnalysedSegment[]>();
  for (const seg of s.segments) {
    if (seg.kind !== 'answer' || !['en', 'und'].includes(seg.annotation.language)) continue;
    const key = seg.section ?? '';
    if (!byScope.has(key)) byScope.set(key, []);
    byScope.get(key)!.push(seg);
  }
  const stop = res.stopwords.en ?? new Set<string>();
  for (const members of byScope.values()) {
    const n = members.length;
    // Mirrors themesOfGroup's defaults (src/pipeline/themes.ts: stems, at most 50 LSA dimensions); keep in step with it.
    const tfidf = time('themes: vectorise', () => buildTfidf(members.map((m) => [...m.annotation.stems])));
    const vectors = time('themes: reduce', () => (n >= 40 && tfidf.matrix.cols > 20
      ? reduceLsa(tfidf.matrix, { dims: Math.min(50, Math.max(10, Math.floor(n / 4))), seed })
      : toDenseRows(tfidf.matrix)));
    const clustering = time('themes: cluster', () => clusterVectors(vectors, { seed, features: tfidf.matrix }));
    const groups: number[][] = Array.from({ length: clustering.k }, () => []);
    clustering.assignments.forEach((c, p) => { if (c >= 0) groups[c]!.push(p); });
    const onDemand = answerPhrasesLeftToLabels(s.segments.length);
    const items = members.map((m) => ({ text: m.text, nounPhrases: onDemand && m.annotation.language === 'en' && m.annotation.nounPhrases.length === 0 ? undefined : m.annotation.nounPhrases }));
    const nounPhrasesOf = onDemand ? (clause: string): string[] => englishNounPhrases(clause, stop) : undefined;
    time('themes: label', () => labelThemes(groups, items, stop, stemmerFor('en'), res.genericWords, { nounPhrasesOf }));
  }
  return t;
}
