// Formatting for the report view model: percentages, plurals, language names, titles, quotes and their
// provenance, count tables, theme order, the one-voice line and the not-analysed register in short.
import type { Quote, Theme } from '../model/index.ts';
import { own } from '../model/dict.ts';
import { languageDisplayName } from '../pipeline/languages.ts';
import { oneVoiceLine } from '../pipeline/phrasing.ts';
import type { CountRow } from './view-types.ts';

/** Format a 0..1 share as a percentage: "40%", "0.4%" below one per cent, "0%" for nothing. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const pct = share * 100;
  if (pct < 1) return `${Math.max(0.1, Math.round(pct * 10) / 10).toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** "1 segment" / "3 segments". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** At most this many distinct non-answers are listed per question (a large survey repeats a few hundreds of times). */
const NON_ANSWERS_LISTED = 60;

/** Distinct non-answers by how many gave each, most first, then as first written ("N/A" and "n/a" apart: as written). */
export function distinctNonAnswers(texts: readonly string[]): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count).slice(0, NON_ANSWERS_LISTED);
}

/** Human name of a language code: "English (en)". */
export function languageName(code: string): string {
  const name = languageDisplayName(code);
  return name !== code ? `${name} (${code})` : code;
}

/** Words in a consultation's own title ("Regional consultation - ...", "Workshop on ..."): such a title names the whole. */
const CONSULTATION_WORDS = /\b(?:consultations?|workshops?|webinars?|meetings?|forums?|dialogues?|conferences?|hearings?|summit)\b/i;

/**
 * The title of a report when none is given: the documents' one title, or the first title that names a consultation
 * (a workshop, a webinar...), or the first document's title; "Consultation synthesis" when no document has one.
 */
export function defaultTitle(documents: readonly { title: string | null }[]): string {
  const titles = [...new Set(documents.map((d) => d.title?.trim()).filter((t): t is string => Boolean(t)))];
  if (titles.length === 0) return 'Consultation synthesis';
  const named = titles.find((t) => CONSULTATION_WORDS.test(t)) ?? titles[0]!;
  return `Synthesis: ${named}`;
}

/** A voice a theme's segments can come from: a value of a respondent attribute or group, or a document. */
function voiceName(kind: 'attribute' | 'document', name: string, value: string): string {
  if (kind === 'document') return value;
  const attr = name.replace(/_/g, ' ');
  if (/^(?:breakout[ _-]?)?group$/i.test(name)) return /^(?:breakout|group)\b/i.test(value) ? value : `group ${value}`;
  return `${attr} “${value}”`;
}

/** Share of a theme a single voice must give, and how far above its share of the whole scope, to be named. */
const ONE_VOICE_SHARE = 0.5;
const ONE_VOICE_OVER = 0.2;
const ONE_VOICE_MIN_SIZE = 3;

/**
 * "8 of 9 points from group C, which gave 31% of this section's points": when more than half of a theme's segments come from one
 * breakout group, respondent type or document that gave far less of the scope, so one table's point is not overstated.
 * Counts are the theme's and scope's own breakdowns (byAttribute, byDocument), so they can be recomputed.
 */
export function oneVoiceOf(theme: Theme, scopeThemes: readonly Theme[], unit: string, where = 'section'): string | null {
  if (theme.isOther || theme.size < ONE_VOICE_MIN_SIZE) return null;
  const scopeTotal = scopeThemes.reduce((a, t) => a + t.size, 0);
  const sources: { kind: 'attribute' | 'document'; name: string; counts: Record<string, number>; all: Map<string, number> }[] = [];
  const sum = (pick: (t: Theme) => Record<string, number> | undefined): Map<string, number> => {
    const all = new Map<string, number>();
    for (const t of scopeThemes) for (const [k, n] of Object.entries(pick(t) ?? {})) all.set(k, (all.get(k) ?? 0) + n);
    return all;
  };
  for (const name of Object.keys(theme.byAttribute).sort()) {
    sources.push({ kind: 'attribute', name, counts: theme.byAttribute[name]!, all: sum((t) => own(t.byAttribute, name)) });
  }
  sources.push({ kind: 'document', name: 'document', counts: theme.byDocument, all: sum((t) => t.byDocument) });
  let best: { n: number; line: string } | null = null;
  for (const src of sources) {
    if (src.all.size < 2) continue;
    for (const [value, n] of Object.entries(src.counts)) {
      const inScope = src.all.get(value) ?? 0;
      if (n / theme.size <= ONE_VOICE_SHARE || n / theme.size < inScope / scopeTotal + ONE_VOICE_OVER) continue;
      if (best && best.n >= n) continue;
      const whole = formatPercent(scopeTotal > 0 ? inScope / scopeTotal : 0);
      best = { n, line: `${oneVoiceLine(n, theme.size, unit, voiceName(src.kind, src.name, value))}, which gave ${whole} of this ${where}'s ${unit}` };
    }
  }
  return best?.line ?? null;
}

function sortCounts(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function countRows(record: Record<string, number>, total: number, label: (key: string) => string = (k) => k): CountRow[] {
  return sortCounts(record).map(([key, count]) => ({
    label: label(key),
    count,
    share: formatPercent(total > 0 ? count / total : 0),
  }));
}

export function countsText(record: Record<string, number>, label: (key: string) => string = (k) => k, limit = Infinity): string {
  const entries = sortCounts(record).slice(0, limit);
  return entries.length === 0 ? '—' : entries.map(([k, n]) => `${label(k)} (${n})`).join(', ');
}

/** Themes in report order: by size (largest first, ties in their original order), the Other theme last. */
export function orderThemes(themes: readonly Theme[]): Theme[] {
  return themes
    .map((theme, index) => ({ theme, index }))
    .sort((a, b) => {
      if (a.theme.isOther !== b.theme.isOther) return a.theme.isOther ? 1 : -1;
      return b.theme.size - a.theme.size || a.index - b.index;
    })
    .map((x) => x.theme);
}

/** Characters of a quote shown in full; a longer one is cut at a word and ends with an ellipsis (its provenance says where it is). */
export const QUOTE_SHOWN_CHARS = 300;

/** A quote as shown: whole when short, else cut at the last space before QUOTE_SHOWN_CHARS with "…". */
export function shortenQuote(text: string, max = QUOTE_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.lastIndexOf(' ', max);
  if (cut < max / 2) cut = /[\uDC00-\uDFFF]/.test(text[max] ?? '') ? max - 1 : max;
  return `${text.slice(0, cut).trimEnd()} …`;
}

/** Build the provenance line of a quote; survey answers name the respondent, notes the section. */
export function provenanceOf(q: Quote, isAnswer: boolean): string {
  if (q.respondentId) return `${q.document}, respondent ${q.respondentId}, line ${q.line}`;
  const where = `${q.document}, line ${q.line}`;
  if (!q.section) return where;
  return `${where}, ${isAnswer ? 'question' : 'section'} '${q.section}'`;
}

/** Runs of consecutive lines with the same reason, shortest form first: "1 title · 2–4 metadata · 9 timestamp" (at most 40 runs). */
export function formatNotAnalysed(register: ReadonlyArray<{ line: number; reason: string }>): string {
  const runs: Array<{ from: number; to: number; reason: string }> = [];
  for (const r of [...register].sort((a, b) => a.line - b.line)) {
    const last = runs[runs.length - 1];
    if (last && last.reason === r.reason && last.to === r.line - 1) last.to = r.line;
    else runs.push({ from: r.line, to: r.line, reason: r.reason });
  }
  const shown = runs.slice(0, 40).map((x) => `${x.from === x.to ? x.from : `${x.from}–${x.to}`} ${x.reason}`);
  if (runs.length > 40) shown.push(`and ${runs.length - 40} more`);
  return shown.join(' · ');
}
