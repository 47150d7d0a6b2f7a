// Non-answer score: the labelled answers of test/fixtures/non-answers.csv read by the survey segmenter's test; precision and recall.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isNonAnswer, nonAnswerMatcher } from '../pipeline/segment/non-answers.ts';

/** One labelled answer: its text, whether a careful coder calls it a non-answer, and its language. */
export interface LabelledAnswer {
  text: string;
  nonAnswer: boolean;
  language: string;
}

export interface NonAnswerReport {
  items: number;
  precision: number;
  recall: number;
  /** The same with the old rule (the whole answer equal to one line of the list), for comparison. */
  exactLine: { precision: number; recall: number };
  /** Answers read wrongly: text, expected. */
  errors: { text: string; expected: boolean }[];
}

/** Parse the labelled CSV (text,non_answer yes/no,language). */
export function parseLabelledAnswers(csv: string): LabelledAnswer[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({ text: r.text ?? '', nonAnswer: r.non_answer === 'yes', language: r.language ?? '' }));
}

function precisionRecall(items: readonly LabelledAnswer[], said: readonly boolean[]): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  items.forEach((item, i) => {
    if (said[i] && item.nonAnswer) tp++;
    else if (said[i]) fp++;
    else if (item.nonAnswer) fn++;
  });
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

/** The rule before phrases and fillers: lower-cased, final . and ! dropped, equal to a line of the list (or no letter at all). */
function exactLineRule(phrases: readonly string[]): (text: string) => boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().replace(/[.!\s]+$/, '').trim();
  const set = new Set(phrases.map(norm));
  return (text) => set.has(norm(text)) || !/[\p{L}\p{N}]/u.test(text);
}

/** Score the non-answer reading on a labelled CSV with the given phrase and filler lists. */
export function scoreNonAnswers(csvPath: string, resources: { nonAnswers: string[]; nonAnswerFillers: string[] }): NonAnswerReport {
  const items = parseLabelledAnswers(readFileSync(csvPath, 'utf8'));
  const matcher = nonAnswerMatcher(resources.nonAnswers, resources.nonAnswerFillers);
  const said = items.map((item) => isNonAnswer(item.text, matcher));
  const old = exactLineRule(resources.nonAnswers);
  return {
    items: items.length,
    ...precisionRecall(items, said),
    exactLine: precisionRecall(items, items.map((item) => old(item.text))),
    errors: items.filter((item, i) => said[i] !== item.nonAnswer).map((item) => ({ text: item.text, expected: item.nonAnswer })),
  };
}

/** The report as a few lines for `npm run eval`. */
export function formatNonAnswerReport(r: NonAnswerReport): string {
  const pct = (x: number): string => x.toFixed(3);
  const lines = [
    `Non-answers (test/fixtures/non-answers.csv, ${r.items} answers): precision ${pct(r.precision)}, recall ${pct(r.recall)}` +
      ` (whole answer equal to a list line: precision ${pct(r.exactLine.precision)}, recall ${pct(r.exactLine.recall)})`,
  ];
  for (const e of r.errors) lines.push(`  ${e.expected ? 'missed' : 'wrongly set apart'}: ${e.text}`);
  return lines.join('\n');
}
