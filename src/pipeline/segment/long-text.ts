// Notes segmentation: over-long spans (a 5 MB single-line file, a paragraph with no line breaks) become
// sentences, and sentences past a sane length become pieces cut at spaces, each an exact slice with its own place.
import type { Segment } from '../../model/index.ts';
import { lineStarts } from './register.ts';
import { splitSentences } from './sentences.ts';

/** Characters a segment may hold: longer spans are split into sentences, longer sentences into pieces. */
export const MAX_SEGMENT_CHARS = 1000;

/** A line this long (in characters) is named in the document's warnings. */
export const LONG_LINE_CHARS = 5000;

/**
 * Character ranges covering text[start, end) with none longer than `max`: the span as it is when short enough,
 * else its sentences, and a sentence still too long cut at the last space (else anywhere but inside a surrogate
 * pair) before the limit. Ranges are trimmed of white space and keep their offsets in `text`. Pure, linear.
 */
export function splitLongSpan(text: string, start: number, end: number, abbreviations: ReadonlySet<string>, max = MAX_SEGMENT_CHARS): Array<[number, number]> {
  if (end - start <= max) return [[start, end]];
  const out: Array<[number, number]> = [];
  for (const [s, e] of splitSentences(text.slice(start, end), abbreviations)) {
    let from = start + s;
    const to = start + e;
    while (to - from > max) {
      let cut = from + max;
      // Back to the last white space in the second half of the window, so words stay whole.
      let space = cut;
      while (space > from + max / 2 && !/\s/.test(text[space]!)) space--;
      if (space > from + max / 2) cut = space;
      else if (/[\uDC00-\uDFFF]/.test(text[cut]!)) cut--;
      out.push([from, trimEnd(text, from, cut)]);
      from = cut;
      while (from < to && /\s/.test(text[from]!)) from++;
    }
    if (from < to) out.push([from, to]);
  }
  return out;
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  return to;
}

/** Warnings for the lines of notes longer than LONG_LINE_CHARS: their length and how many segments they became. */
export function longLineWarnings(text: string, segments: readonly Segment[]): string[] {
  const starts = lineStarts(text);
  const long: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : text.length;
    if (end - starts[i]! > LONG_LINE_CHARS) long.push(i + 1);
  }
  if (long.length === 0) return [];
  const perLine = new Map<number, number>();
  for (const s of segments) perLine.set(s.provenance.line, (perLine.get(s.provenance.line) ?? 0) + 1);
  const shown = long.slice(0, 5).map((no) => {
    const chars = (no < starts.length ? starts[no]! - 1 : text.length) - starts[no - 1]!;
    const n = perLine.get(no) ?? 0;
    return `line ${no} is ${chars.toLocaleString('en')} characters long (${n.toLocaleString('en')} segment${n === 1 ? '' : 's'})`;
  });
  const more = long.length > 5 ? ` and ${long.length - 5} more` : '';
  return [`${shown.join('; ')}${more}: very long lines were split into sentences and pieces of at most ${MAX_SEGMENT_CHARS.toLocaleString('en')} characters; check that the file has its line breaks.`];
}
