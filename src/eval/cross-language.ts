// Cross-language placement score: English answers on a few topics and answers in other languages on the same topics (test/fixtures/cross-language.csv); how many of the latter join the English theme of their topic.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { findThemes } from '../pipeline/themes.ts';
import { canonicalLanguage } from '../pipeline/languages.ts';
import { prepareSet, type EvalResources } from './runner.ts';

export interface CrossLanguageReport {
  /** Answers not in English (as detected). */
  foreign: number;
  /** Of them, in an English theme. */
  placed: number;
  /** Of those, in a theme whose English answers are mostly of the answer's topic. */
  right: number;
  /** The same without the glossary (each language on its own). */
  withoutGlossary: { placed: number; right: number };
}

function run(csvPath: string, resources: EvalResources, seed: number, crossLanguage: boolean): Omit<CrossLanguageReport, 'withoutGlossary'> {
  const rows = parse(readFileSync(csvPath, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const set = prepareSet(rows.map((r, i) => ({ id: `x${i + 1}`, text: r.text ?? '', label: r.topic ?? '', group: 'all' })), resources);
  const found = findThemes(set.segments, { seed, stopwords: resources.stopwords, genericWords: resources.genericWords, crossLanguage });
  const english = (i: number): boolean => canonicalLanguage(set.segments[i]!.annotation.language) === 'en' || set.segments[i]!.annotation.language === 'und';
  let foreign = 0;
  let placed = 0;
  let right = 0;
  for (let i = 0; i < set.items.length; i++) if (!english(i)) foreign++;
  for (const theme of found.themes) {
    if (theme.isOther || theme.language !== 'en') continue;
    const topics = new Map<string, number>();
    for (const m of theme.members) if (english(m)) topics.set(set.items[m]!.label, (topics.get(set.items[m]!.label) ?? 0) + 1);
    const top = [...topics].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    for (const m of theme.members) {
      if (english(m)) continue;
      placed++;
      if (set.items[m]!.label === top) right++;
    }
  }
  return { foreign, placed, right };
}

/** Theme the table with and without the glossary and count the answers in other languages placed, and placed right. */
export function scoreCrossLanguage(csvPath: string, resources: EvalResources, seed = 42): CrossLanguageReport {
  const withGlossary = run(csvPath, resources, seed, true);
  const without = run(csvPath, resources, seed, false);
  return { ...withGlossary, withoutGlossary: { placed: without.placed, right: without.right } };
}

/** One line for `npm run eval`. */
export function formatCrossLanguageReport(r: CrossLanguageReport): string {
  return `Answers in other languages (test/fixtures/cross-language.csv): ${r.foreign} answers, ${r.placed} placed in an English theme by the glossary, ${r.right} of them in their topic's theme` +
    ` (without the glossary: ${r.withoutGlossary.placed} placed)`;
}
