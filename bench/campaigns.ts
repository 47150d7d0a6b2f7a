// Campaign benchmark: the campaigns stage alone (pipeline/campaigns) on N generated answers, with time, peak RSS and what it found.
import { parseArgs } from 'node:util';
import type { Segment } from '../src/model/index.ts';
import { findCampaigns } from '../src/pipeline/campaigns/index.ts';
import { generateSurvey } from './generate.ts';

const { values: args } = parseArgs({ options: { answers: { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' } } });
const answers = Number(args.answers.replace(/k$/i, '000'));
const seed = Number(args.seed);

const survey = generateSurvey(answers, seed);
const segments: Segment[] = survey.answers.map((a, i) => ({
  id: `a${i + 1}`,
  kind: 'answer',
  text: a.text,
  section: String(a.question),
  respondentId: a.respondentId,
  attributes: {},
  provenance: { documentId: 'd1', document: 'bench.csv', line: i + 2, start: 0, end: a.text.length, column: String(a.question) },
}));
const start = performance.now();
const cpuStart = process.cpuUsage();
const result = findCampaigns(segments, { seed });
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const inCampaigns = result.list.reduce((n, c) => n + c.size, 0);
console.log(
  `${segments.length} answers: campaigns stage ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), ${result.list.length} campaigns holding ${inCampaigns} answers ` +
    `(largest ${result.list[0]?.size ?? 0}), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
