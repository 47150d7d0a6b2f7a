// What changed, as a facilitator reads it: a sentence per change, how the themes were paired, the counts in one line
// (export/comparison.ts writes them as Markdown and CSV).
import type { ChangeKind, Comparison, ThemeChange, ThemeSide } from '../pipeline/compare.ts';
import { count, list, quoted } from '../pipeline/phrasing.ts';

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

/** The heading of each kind of change. */
export const CHANGE_HEADINGS: Record<ChangeKind, string> = { new: 'New', gone: 'Gone', merged: 'Merged', split: 'Split', grown: 'Grown', shrunk: 'Shrunk', steady: 'Steady' };

/** How the themes were paired, in words. */
export function basisSentence(c: Comparison, names: ComparisonNames): string {
  return c.basis === 'same answers'
    ? `Both analyses read the same answers (${names.before} and ${names.after}), so themes are paired by the answers they share: a theme holding half of another's answers continues it; one taking a good part of two or more earlier themes merges them; an earlier theme spread over two or more later ones is split.`
    : `The two analyses read different answers (${names.before} and ${names.after}), so themes are paired by their words (the stems of their answers, cosine similarity at least 0.35): merges and splits cannot be told, and no answer moves.`;
}

/** The count of each kind of change in one line: "2 new, 1 merged, 12 steady" ("no theme in either" when there is none). */
function tallyLine(c: Comparison): string {
  const tally = new Map<ChangeKind, number>();
  for (const ch of c.changes) tally.set(ch.kind, (tally.get(ch.kind) ?? 0) + 1);
  const parts = (['new', 'gone', 'merged', 'split', 'grown', 'shrunk', 'steady'] as const).filter((k) => tally.get(k)).map((k) => `${tally.get(k)} ${CHANGE_HEADINGS[k].toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'no theme in either';
}

/** The comparison in one line: "7 questions or categories in both: 2 new, 12 steady; 5 segments moved." */
export function summaryLine(c: Comparison): string {
  const moved = c.basis === 'same answers' ? `; ${count(c.moved.length, 'segment')} moved` : '';
  return `${count(c.scopes.length, 'question or category', 'questions or categories')} in both: ${tallyLine(c)}${moved}.`;
}
