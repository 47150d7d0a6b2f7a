// Language detection score: the labelled short texts of test/fixtures/languages.csv, read as the annotate stage reads them; accuracy and confusions.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { detectLanguage } from '../pipeline/annotate/index.ts';
import { canonicalLanguage } from '../pipeline/languages.ts';

export interface LanguageReport {
  items: number;
  accuracy: number;
  /** Per expected language: items and correct. */
  byLanguage: { language: string; items: number; correct: number }[];
  errors: { text: string; expected: string; got: string }[];
}

/**
 * Detect each text's language; an undetermined one counts as `main` (the consultation's main language, which
 * the themes stage gives it). Codes are compared as Harvest reports them ("sr" and "hr" are BCMS, "sh").
 */
export function scoreLanguages(csvPath: string, stopwords: Record<string, ReadonlySet<string>>, main = 'en'): LanguageReport {
  const rows = parse(readFileSync(csvPath, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const per = new Map<string, { items: number; correct: number }>();
  const errors: LanguageReport['errors'] = [];
  let correct = 0;
  for (const row of rows) {
    const expected = canonicalLanguage(row.language ?? '');
    const detected = detectLanguage(row.text ?? '', stopwords);
    const got = canonicalLanguage(detected === 'und' ? main : detected);
    const p = per.get(expected) ?? { items: 0, correct: 0 };
    p.items++;
    if (got === expected) {
      p.correct++;
      correct++;
    } else errors.push({ text: row.text ?? '', expected, got });
    per.set(expected, p);
  }
  return {
    items: rows.length,
    accuracy: rows.length ? correct / rows.length : 1,
    byLanguage: [...per].map(([language, p]) => ({ language, ...p })).sort((a, b) => a.language.localeCompare(b.language)),
    errors,
  };
}

/** The report as a few lines for `npm run eval`. */
export function formatLanguageReport(r: LanguageReport): string {
  const lines = [
    `Language detection (test/fixtures/languages.csv, ${r.items} short texts): accuracy ${r.accuracy.toFixed(3)}` +
      ` (${r.byLanguage.map((l) => `${l.language} ${l.correct}/${l.items}`).join(', ')})`,
  ];
  for (const e of r.errors) lines.push(`  ${e.expected} read as ${e.got}: ${e.text}`);
  return lines.join('\n');
}
