// Notes segmentation: the not-analysed register, so every non-blank line is either in a segment or listed with why.
import type { NotAnalysedLine, NotAnalysedReason } from '../../model/index.ts';

/** The register reason for a line the line classifier set aside (its own finer reasons: separator, image, form prompt...). */
export function registerReason(skip: string): NotAnalysedReason {
  switch (skip) {
    case 'table of contents':
      return 'toc';
    case 'empty heading':
      return 'heading';
    case 'timestamp':
    case 'logistics':
    case 'attendees':
    case 'metadata':
    case 'title':
      return skip;
    default:
      return 'other';
  }
}

/** Offsets at which each line of `text` starts (line 1 at 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `offset`, by binary search in lineStarts. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The register: each non-blank line of `text` that no segment span touches, with the reason noted for it
 * (`other` when none was). Lines holding only spaces are blank. Spans are [start, end) offsets into `text`.
 */
export function accountForLines(text: string, spans: ReadonlyArray<{ start: number; end: number }>, reasons: ReadonlyMap<number, NotAnalysedReason>): NotAnalysedLine[] {
  const starts = lineStarts(text);
  const covered = new Uint8Array(starts.length + 1);
  for (const { start, end } of spans) {
    if (end <= start) continue;
    for (let no = lineOf(starts, start), last = lineOf(starts, end - 1); no <= last; no++) covered[no] = 1;
  }
  const out: NotAnalysedLine[] = [];
  starts.forEach((s, idx) => {
    const no = idx + 1;
    if (covered[no]) return;
    const e = idx + 1 < starts.length ? starts[idx + 1]! - 1 : text.length;
    const line = text.slice(s, e).trim();
    if (!line) return;
    out.push({ line: no, text: line.slice(0, 200), reason: reasons.get(no) ?? 'other' });
  });
  return out;
}
