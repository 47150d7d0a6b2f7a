// What changed between two analyses as files: the comparison as Markdown (compare.md) and CSV (compare.csv, compare-moved.csv).
import type { Comparison, ThemeSide } from '../pipeline/compare.ts';
import { quoted } from '../pipeline/phrasing.ts';
import { basisSentence, CHANGE_HEADINGS, changeSentence, summaryLine, type ComparisonNames } from '../report/compare-view.ts';
import { toCsv } from './csv.ts';
import { escapeCell, escapeMarkdown } from './markdown.ts';

/** At most this many moved segments are listed in the Markdown (the CSV has them all). */
const MAX_MOVED_SHOWN = 200;

/** The comparison as a Markdown document. */
export function renderComparisonMarkdown(c: Comparison, names: ComparisonNames): string {
  const out: string[] = [`# What changed: ${escapeMarkdown(names.before)} → ${escapeMarkdown(names.after)}`, '', basisSentence(c, names), ''];
  out.push(`- ${summaryLine(c)}`);
  if (c.scopesOnlyBefore.length) out.push(`- Only in ${escapeMarkdown(names.before)}: ${c.scopesOnlyBefore.map((s) => quoted(escapeMarkdown(s))).join(', ')}.`);
  if (c.scopesOnlyAfter.length) out.push(`- Only in ${escapeMarkdown(names.after)}: ${c.scopesOnlyAfter.map((s) => quoted(escapeMarkdown(s))).join(', ')}.`);
  out.push('');
  for (const scope of c.scopes) {
    const changes = c.changes.filter((ch) => ch.scopeLabel === scope.label);
    out.push(`## ${escapeMarkdown(scope.label)}`, '', `*${scope.before} segments in ${escapeMarkdown(names.before)}, ${scope.after} in ${escapeMarkdown(names.after)}.*`, '');
    if (changes.length === 0) out.push('No theme in either analysis.', '');
    for (const ch of changes) out.push(`- **${CHANGE_HEADINGS[ch.kind]}.** ${escapeMarkdown(changeSentence(ch))}`);
    const moved = c.moved.filter((m) => m.scopeLabel === scope.label);
    if (moved.length) {
      out.push('', `**Moved** (${moved.length}${moved.length > MAX_MOVED_SHOWN ? `; the first ${MAX_MOVED_SHOWN} shown, all in compare-moved.csv` : ''})`, '', '| From | To | Segment | Source |', '|---|---|---|---|');
      for (const m of moved.slice(0, MAX_MOVED_SHOWN)) {
        const where = `${m.document}, ${m.respondentId ? `respondent ${m.respondentId}, ` : ''}line ${m.line}`;
        out.push(`| ${escapeCell(m.from ?? 'Other')} | ${escapeCell(m.to ?? 'Other')} | ${escapeCell(m.text.length > 200 ? `${m.text.slice(0, 200)}…` : m.text)} | ${escapeCell(where)} |`);
      }
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The columns of compare.csv, in order. */
export const COMPARE_CSV_COLUMNS: readonly string[] = Object.freeze([
  'scope', 'change', 'before_themes', 'before_sizes', 'before_shares', 'after_themes', 'after_sizes', 'after_shares', 'shared_segments', 'word_similarity', 'sentence',
]);

/** The columns of compare-moved.csv, in order. */
export const MOVED_CSV_COLUMNS: readonly string[] = Object.freeze(['scope', 'segment_id', 'document', 'line', 'respondent_id', 'from_theme', 'to_theme', 'text']);

/** One row per change (themes of a merge or split joined with " | "). */
export function renderComparisonCsv(c: Comparison): string {
  const join = (sides: readonly ThemeSide[], f: (s: ThemeSide) => string | number): string => sides.map(f).join(' | ');
  const rows = c.changes.map((ch) => [
    ch.scopeLabel, ch.kind,
    join(ch.before, (s) => s.label), join(ch.before, (s) => s.size), join(ch.before, (s) => Math.round(s.share * 1e4) / 1e4),
    join(ch.after, (s) => s.label), join(ch.after, (s) => s.size), join(ch.after, (s) => Math.round(s.share * 1e4) / 1e4),
    ch.sharedSegments, Number.isNaN(ch.wordSimilarity) ? '' : Math.round(ch.wordSimilarity * 1e4) / 1e4, changeSentence(ch),
  ]);
  return toCsv([COMPARE_CSV_COLUMNS, ...rows]);
}

/** One row per moved segment. */
export function renderMovedCsv(c: Comparison): string {
  return toCsv([MOVED_CSV_COLUMNS, ...c.moved.map((m) => [m.scopeLabel, m.segmentId, m.document, m.line, m.respondentId, m.from ?? 'Other', m.to ?? 'Other', m.text])]);
}
