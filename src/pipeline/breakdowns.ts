// Breakdowns of a group of segments: counts per attribute value and per file, representative quotes, the dominant category.
import { groupingValues, type AnalysedSegment, type Breakdown, type Quote } from '../model/index.ts';
import { dict, increment, own, type Dict } from '../model/dict.ts';
import { quoteOf } from './quote.ts';

const MAX_QUOTES = 4;

/** Counts per attribute value, and per ticked option of each multi-choice question (the document name is counted separately). */
export function breakdownOf(members: readonly AnalysedSegment[]): Breakdown {
  // Attribute names and values are the survey's columns and cells: tables that inherit nothing (see dict.ts).
  const out: Breakdown = dict();
  for (const s of members) {
    for (const [attr, value] of groupingValues(s)) {
      if (attr === 'document') continue;
      let counts = own(out, attr);
      if (!counts) out[attr] = counts = dict();
      increment(counts, value);
    }
  }
  return out;
}

/** Segments per file name. */
export function byDocumentOf(members: readonly AnalysedSegment[]): Dict<number> {
  const out = dict<number>();
  for (const s of members) increment(out, s.provenance.document);
  return out;
}

/** Representative quotes: closest to the theme centre first, readable length, one per respondent where possible. */
export function pickQuotes(members: readonly AnalysedSegment[]): Quote[] {
  const readable = members.filter((s) => s.text.length >= 25 && s.text.length <= 400);
  const pool = readable.length >= Math.min(3, members.length) ? readable : members;
  const picked: AnalysedSegment[] = [];
  const seenWho = new Set<string>();
  for (const s of pool) {
    const who = s.respondentId ?? `${s.provenance.document}#${s.id}`;
    if (seenWho.has(who)) continue;
    seenWho.add(who);
    picked.push(s);
    if (picked.length >= MAX_QUOTES) break;
  }
  return picked.map(quoteOf);
}

/** The category most answers of a scope carry (for wording summaries). */
export function dominantCategory(members: readonly AnalysedSegment[]): { category: string | null; counts: Dict<number> } {
  const counts = dict<number>();
  for (const s of members) increment(counts, s.coding.category);
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { category: top && top[0] !== 'other' && top[1] >= members.length * 0.4 ? top[0] : null, counts };
}
