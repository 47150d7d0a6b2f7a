// `npm run bench -- --long-line`: a generated 5 MB notes file on one line (issue 17's huge line), read and analysed
// through the progress callback the web app's analysis worker posts from (analyseInput), with the longest gap
// between progress updates: the web app's progress bar must move at least every 2 s.
import { createRandom } from '../src/pipeline/random.ts';
import { loadResources } from '../src/corpus.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { analyseInput } from '../src/services/jobs.ts';
import { QUESTIONS, generateAnswer } from './generate.ts';

/** Seeded sentences from the bench's answer generator, joined by spaces (no line break) up to `bytes`. */
export function longLineNotes(bytes: number, seed: number): string {
  const r = createRandom(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const question = QUESTIONS[r.int(QUESTIONS.length)]!;
    const answer = generateAnswer(r, question, question.themes[r.int(question.themes.length)]!).replace(/\s+/g, ' ').trim();
    parts.push(answer);
    size += Buffer.byteLength(answer) + 1;
  }
  return parts.join(' ');
}

/**
 * Wall and CPU seconds from the start to each progress update and the end; the number of updates, the longest
 * gap between two of them and the three longest (with the stage and fraction on each side, to find the step).
 * Also the longest time the job page showed the same thing (its whole percent and stage): several updates can
 * round to the same percent. On a busy machine wall gaps grow; the CPU seconds of the same gap (this process, all threads) say how much.
 */
export async function benchLongLine(bytes = 5 * 1024 * 1024, seed = 42): Promise<Record<string, unknown>> {
  const text = longLineNotes(bytes, seed);
  const resources = await loadResources();
  const marks: { wall: number; cpu: number; at: string; shown: string }[] = [];
  // What the web app's job page shows: the stage and the whole percent of the engine's fraction scaled to 0-97%
  // (services/jobs.ts; it never goes back; public/app.js rounds it).
  let shownPercent = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const mark = (at: string, fraction?: number): void => {
    const c = process.cpuUsage(cpu0);
    if (fraction !== undefined) shownPercent = Math.max(shownPercent, Math.floor(Math.min(0.97, fraction * 0.97) * 1000) / 10);
    marks.push({ wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, at, shown: `${shownPercent}% · ${at.split(' ')[0]}` });
  };
  mark('start');
  const doc = await ingestFile('long-line.txt', new TextEncoder().encode(text));
  mark('read');
  analyseInput({ docs: [doc], resources, seed, k: null, mappings: [null] }, (stage, fraction) => mark(`${stage} ${Math.round(fraction * 1000) / 10}%`, fraction));
  mark('end');
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const gaps = marks.slice(1).map((m, i) => ({ s: round(m.wall - marks[i]!.wall), cpu_s: round(m.cpu - marks[i]!.cpu), between: `${marks[i]!.at} -> ${m.at}` }));
  const longest = [...gaps].sort((a, b) => b.s - a.s);
  // The page moves when what it shows changes: the longest time between two such changes.
  let [visibleGap, lastChange, unchanged] = [0, marks[0]!, ''];
  for (const m of marks.slice(1)) {
    if (m.shown === lastChange.shown && m.at !== 'end') continue;
    if (m.wall - lastChange.wall > visibleGap) [visibleGap, unchanged] = [m.wall - lastChange.wall, `${lastChange.shown} -> ${m.shown}`];
    lastChange = m;
  }
  return {
    file_mb: Math.round((Buffer.byteLength(text) / 1048576) * 10) / 10,
    total_s: round(marks[marks.length - 1]!.wall),
    cpu_s: round(marks[marks.length - 1]!.cpu),
    updates: marks.length - 3,
    longest_gap_s: longest[0]!.s,
    longest_gaps: longest.slice(0, 3),
    longest_unchanged_page_s: round(visibleGap),
    longest_unchanged_page: unchanged,
  };
}
