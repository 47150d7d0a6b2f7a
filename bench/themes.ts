// Stage benchmark: the themes+synthesise stage alone on N generated answers, single-thread and with worker threads, with a hash of the output.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { loadResources } from '../src/corpus.ts';
import { ingestFile } from '../src/ingest/index.ts';
import type { AnalysedSegment, DocumentInfo, Segment } from '../src/model/index.ts';
import { answerPhrasesLeftToLabels } from '../src/pipeline/annotate/index.ts';
import { annotateSegments } from '../src/pipeline/parallel/annotate-segments.ts';
import { HARVEST_VERSION } from '../src/pipeline/index.ts';
import { segmentDocument } from '../src/pipeline/segment/index.ts';
import { synthesise } from '../src/pipeline/synthesise.ts';
import { tagSegments } from '../src/pipeline/tag/index.ts';
import { generateSurvey } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    /** Comma-separated worker counts to time, in this order (0: this thread only). */
    workers: { type: 'string', default: '0,1' },
    /** Analyse again instead of reusing the analysed segments kept in the temp folder (annotate takes 10+ s at 100k). */
    fresh: { type: 'boolean', default: false },
  },
});
const answers = Number(args.answers.replace(/k$/i, '000'));
const seed = Number(args.seed);
const resources = await loadResources();

const cacheFile = path.join(os.tmpdir(), `harvest-bench-themes-${answers}-${seed}.v8`);
let analysed: AnalysedSegment[];
let documents: DocumentInfo[];
if (!args.fresh && existsSync(cacheFile)) {
  ({ analysed, documents } = deserialize(readFileSync(cacheFile)) as { analysed: AnalysedSegment[]; documents: DocumentInfo[] });
} else {
  const survey = generateSurvey(answers, seed);
  const files: [string, string][] = [['survey-export.csv', survey.csv], ...Object.entries(survey.notes)];
  const segments: Segment[] = [];
  documents = [];
  for (const [i, [name, text]] of files.entries()) {
    const doc = await ingestFile(name, new TextEncoder().encode(text));
    const { info, segments: docSegments } = segmentDocument(doc, `d${i + 1}`, { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
    documents.push(info);
    for (const s of docSegments) segments.push(s);
  }
  const annotations = annotateSegments(segments, resources);
  const codings = tagSegments(segments, annotations, { codebook: resources.codebook, gazetteer: resources.gazetteer });
  analysed = segments.map((s, i) => ({ ...s, annotation: annotations[i]!, coding: codings[i]!, themeId: null }));
  writeFileSync(cacheFile, serialize({ analysed, documents }));
}
process.stderr.write(`themes: ${analysed.length} segments from ${answers} answers\n`);

const runs: Record<string, { wall_s: number; cpu_s: number; hash: string }> = {};
for (const workers of args.workers.split(',').map(Number)) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const s = synthesise(analysed, documents, [], resources.codebook, resources.gazetteer, {
    seed, codebookName: resources.codebookName, stopwords: resources.stopwords, genericWords: resources.genericWords, wordVectors: resources.wordVectors, version: HARVEST_VERSION, workers,
    phrasesOnDemand: answerPhrasesLeftToLabels(analysed.length),
  });
  const cpu = process.cpuUsage(cpu0);
  const run = { wall_s: (performance.now() - t0) / 1000, cpu_s: (cpu.user + cpu.system) / 1e6, hash: createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 16) };
  runs[`workers=${workers}`] = run;
  process.stderr.write(`themes: workers=${workers} ${run.wall_s.toFixed(2)} s (cpu of this process ${run.cpu_s.toFixed(2)} s) ${run.hash}\n`);
}
process.stdout.write(`${JSON.stringify({ answers, segments: analysed.length, load: os.loadavg()[0], runs })}\n`);
