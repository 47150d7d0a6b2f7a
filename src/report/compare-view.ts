// What changed, as a facilitator reads it: a sentence per change, the segments that moved, and the same as CSV rows.
import type { ChangeKind, Comparison, ThemeChange, ThemeSide } from '../pipeline/compare.ts';
import { count, list, quoted } from '../pipeline/phrasing.ts';
import { toCsv } from './csv.ts';
import { escapeCell, escapeMarkdown } from './markdown.ts';

export interface ComparisonNames {
  /** What each side is called in sentences: "the analysis of 4 May", "Round 1", a consultation's name. */
  before: string;
  after: string;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function sized(t: ThemeSide): string {
  return `${quoted(t.label)} (${t.size}, ${percent(t.share)})`;
}

/** One change in words: "“Cost of devices” grew from 12 (10%) to 30 (21%)." */
export function changeSentence(c: ThemeChange): string {
  const b = c.before[0];
  const a = c.after[0];
  const renamed = b && a && b.label !== a.label ? `, now called ${quoted(a.label)}` : '';
  switch (c.kind) {
    case 'new':
      return `${quoted(a!.label)} is new: ${count(a!.size, 'segment')} (${percent(a!.share)}).`;
    case 'gone':
      return `${quoted(b!.label)} is gone: it had ${count(b!.size, 'segment')} (${percent(b!.share)}).`;
    case 'merged':
      return `${list(c.before.map(sized))} merged into ${sized(a!)}.`;
    case 'split':
      return `${sized(b!)} split into ${list(c.after.map(sized))}.`;
    case 'grown':
      return `${quoted(b!.label)} grew from ${percent(b!.share)} to ${percent(a!.share)} of the segments (${b!.size} then ${a!.size})${renamed}.`;
    case 'shrunk':
      return `${quoted(b!.label)} shrank from ${percent(b!.share)} to ${percent(a!.share)} of the segments (${b!.size} then ${a!.size})${renamed}.`;
    case 'steady':
      return `${quoted(b!.label)} held steady at ${percent(b!.share)}${b!.share === a!.share ? '' : ` then ${percent(a!.share)}`} of the segments (${b!.size} then ${a!.size})${renamed}.`;
  }
}

const HEADINGS: Record<ChangeKind, string> = { new: 'New', gone: 'Gone', merged: 'Merged', split: 'Split', grown: 'Grown', shrunk: 'Shrunk', steady: 'Steady' };

/** How the themes were paired, in words. */
export function basisSentence(c: Comparison, names: ComparisonNames): string {
  return c.basis === 'same answers'
    ? `Both analyses read the same answers (${names.before} and ${names.after}), so themes are paired by the answers they share: a theme holding half of another's answers continues it; one taking a good part of two or more earlier themes merges them; an earlier theme spread over two or more later ones is split.`
    : `The two analyses read different answers (${names.before} and ${names.after}), so themes are paired by their words (the stems of their answers, cosine similarity at least 0.35): merges and splits cannot be told, and no answer moves.`;
}

/** At most this many moved segments are listed in the Markdown (the CSV has them all). */
const MAX_MOVED_SHOWN = 200;

/** The count of each kind of change in one line: "2 new, 1 merged, 12 steady" ("no theme in either" when there is none). */
function tallyLine(c: Comparison): string {
  const tally = new Map<ChangeKind, number>();
  for (const ch of c.changes) tally.set(ch.kind, (tally.get(ch.kind) ?? 0) + 1);
  const parts = (['new', 'gone', 'merged', 'split', 'grown', 'shrunk', 'steady'] as const).filter((k) => tally.get(k)).map((k) => `${tally.get(k)} ${HEADINGS[k].toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'no theme in either';
}

/** The comparison in one line: "7 questions or categories in both: 2 new, 12 steady; 5 segments moved." */
export function summaryLine(c: Comparison): string {
  const moved = c.basis === 'same answers' ? `; ${count(c.moved.length, 'segment')} moved` : '';
  return `${count(c.scopes.length, 'question or category', 'questions or categories')} in both: ${tallyLine(c)}${moved}.`;
}

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
    for (const ch of changes) out.push(`- **${HEADINGS[ch.kind]}.** ${escapeMarkdown(changeSentence(ch))}`);
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
