// Stage benchmark: the annotate and tag stages alone on N generated answers, timed per run, with a hash of their output to check a change keeps it.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadResources } from '../src/corpus.ts';
import { ingestFile } from '../src/ingest/index.ts';
import type { Segment } from '../src/model/index.ts';
import { annotateSegments } from '../src/pipeline/parallel/annotate-segments.ts';
import { segmentDocument } from '../src/pipeline/segment/index.ts';
import { tagSegments } from '../src/pipeline/tag/index.ts';
import { generateSurvey } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    /**
     * Runs of each stage in this process; the median is reported. Only the first run is cold (later ones
     * reuse memos of stems and compiled codebooks), as in the CLI: for figures, repeat the process instead.
     */
    repeat: { type: 'string', default: '1' },
    /** Worker threads for annotate (default: the stage's own choice). */
    workers: { type: 'string' },
  },
});
const answers = Number(args.answers.replace(/k$/i, '000'));
const repeat = Math.max(1, Number(args.repeat));
const workers = args.workers === undefined ? undefined : Number(args.workers);

const resources = await loadResources();
const survey = generateSurvey(answers, Number(args.seed));
const files: [string, string][] = [['survey-export.csv', survey.csv], ...Object.entries(survey.notes)];
const segments: Segment[] = [];
for (const [i, [name, text]] of files.entries()) {
  const doc = await ingestFile(name, new TextEncoder().encode(text));
  for (const s of segmentDocument(doc, `d${i + 1}`, { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary }).segments) segments.push(s);
}
process.stderr.write(`stages: ${segments.length} segments from ${answers} answers\n`);

/**
 * Wall seconds `f` takes, the CPU seconds of the whole process meanwhile (all threads: on a busy
 * machine a steadier figure than wall time), and its result.
 */
function time<T>(f: () => T): [number, number, T] {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = f();
  const cpu = process.cpuUsage(cpu0);
  return [(performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6, out];
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hash = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

const annotateTimes: number[] = [];
const tagTimes: number[] = [];
const annotateCpu: number[] = [];
const tagCpu: number[] = [];
let annotations: ReturnType<typeof annotateSegments> = [];
for (let r = 0; r < repeat; r++) {
  const [s, cpu, out] = time(() => annotateSegments(segments, resources, { workers }));
  annotateTimes.push(s);
  annotateCpu.push(cpu);
  annotations = out;
  process.stderr.write(`stages: annotate ${s.toFixed(2)} s (cpu ${cpu.toFixed(2)} s)\n`);
}
let codings: ReturnType<typeof tagSegments> = [];
for (let r = 0; r < repeat; r++) {
  // With the sentence cues and the trained model, as the pipeline tags (without them this measured less than it runs).
  const [s, cpu, out] = time(() => tagSegments(segments, annotations, resources));
  tagTimes.push(s);
  tagCpu.push(cpu);
  codings = out;
  process.stderr.write(`stages: tag ${s.toFixed(2)} s (cpu ${cpu.toFixed(2)} s)\n`);
}
process.stdout.write(`${JSON.stringify({
  answers,
  segments: segments.length,
  annotate_s: median(annotateTimes),
  tag_s: median(tagTimes),
  annotate_cpu_s: median(annotateCpu),
  tag_cpu_s: median(tagCpu),
  annotate_runs: annotateTimes.map((s) => Math.round(s * 100) / 100),
  tag_runs: tagTimes.map((s) => Math.round(s * 100) / 100),
  annotations_hash: hash(annotations),
  codings_hash: hash(codings),
})}\n`);
