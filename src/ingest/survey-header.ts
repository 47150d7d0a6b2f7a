// Survey tables from raw rows: the header row found (title lines above it dropped), columns named, and a platform's export shape recognised.
import type { IngestedSurvey, SurveyRecord } from '../model/index.ts';
import { fileError } from './common.ts';
import { foldSurveyMonkeyHeader, withChoiceQuestions, recogniseSurvey, type Codebook } from './platforms.ts';

export const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Turn raw rows (with their source lines) into a survey table. The header is the first well-filled row (title
 * lines above it are dropped); blank names become `column_N`, repeated names get " (2)", " (3)". Rows are padded
 * to the widest row (extra cells get `column_N` headers); blank rows are dropped, and so are unnamed columns
 * with no data at all.
 */
export function buildTable(
  name: string,
  rows: readonly { line: number; cells: string[] }[],
): { headers: string[]; records: SurveyRecord[] } {
  const nonBlank = rows.filter((r) => !isBlank(r.cells));
  if (nonBlank.length === 0) throw fileError('EMPTY_FILE', name, 'the file has no rows.');
  // Exports sometimes start with a title line ("Exported on 3 May"): the header is the first row that fills
  // at least half as many cells as the fullest of the first rows (and two, when the table has two columns or more).
  const filled = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;
  const fullest = Math.max(...nonBlank.slice(0, 20).map((r) => filled(r.cells)));
  const needed = fullest <= 1 ? 1 : Math.max(2, Math.ceil(fullest / 2));
  const headerIndex = nonBlank.findIndex((r) => filled(r.cells) >= needed);
  const [headerRow, ...dataRows] = nonBlank.slice(headerIndex);
  if (dataRows.length === 0) {
    throw fileError('EMPTY_FILE', name, 'the file has a header row but no answers.');
  }
  // A loop, not Math.max(...): a large export has more rows than a call may have arguments.
  const width = nonBlank.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const raw = Array.from({ length: width }, (_, i) => (headerRow.cells[i] ?? '').trim());
  const keep = raw.map((h, i) => h !== '' || dataRows.some((r) => (r.cells[i] ?? '').trim() !== ''));
  const headers: string[] = [];
  const used = new Map<string, number>();
  for (const [i, header] of raw.entries()) {
    if (!keep[i]) continue;
    const base = header || `column_${i + 1}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    headers.push(n === 1 ? base : `${base} (${n})`);
  }
  const records = dataRows.map((r) => ({
    line: r.line,
    cells: raw.flatMap((_, i) => (keep[i] ? [r.cells[i] ?? ''] : [])),
  }));
  return { headers, records };
}

/** buildTable over a platform's export: SurveyMonkey's two header rows folded into one, the platform and its multi-choice questions recognised. */
export function surveyTable(
  name: string,
  rows: readonly { line: number; cells: string[] }[],
  codebook: Codebook | null = null,
): { headers: string[]; records: SurveyRecord[]; source?: IngestedSurvey['source'] } {
  const monkey = foldSurveyMonkeyHeader(rows);
  const { headers, records } = buildTable(name, monkey?.rows ?? rows);
  const source = recogniseSurvey(headers, { monkeyQuestions: monkey?.questions ?? null, codebook });
  return source ? { headers, records, source: withChoiceQuestions(source, headers, records) } : { headers, records };
}
