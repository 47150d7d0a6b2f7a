// Notes segmentation: classify each line (heading, bullet, metadata, skipped...) and group lines into blocks.
import type { NotesVocabulary } from '../../model/index.ts';
import { foldToLatin } from '../text.ts';
import { BULLET, CONTINUATION, EXTRA_MARKS, IMAGE_LINE, LINK_LINE, NUMBERED, SPEAKER, TIMESTAMP_LINE, TIMESTAMP_MARK, TOC_ENTRY, TOC_HEADING, cleanHeading, introducesSender, endsSentence, hasLetters, startsLower, startsUpperOrDigit, unwrapEmphasis, words } from './notes-text.ts';

export type LineKind = 'blank' | 'tags' | 'atx' | 'underline' | 'skip' | 'meta' | 'item' | 'quote' | 'text';

export interface Line {
  /** 1-based line number. */
  no: number;
  /** Offsets of the trimmed content (cs === ce when blank). */
  cs: number;
  ce: number;
  content: string;
  indented: boolean;
  kind: LineKind;
  reason?: string;
  /** Offsets of the text after markers (heading #, bullet, number, >). */
  bs: number;
  level?: number;
  numbered?: boolean;
  key?: string;
  value?: string;
  /** The line ended in spaces before its line break: PDF text extraction leaves one where it wrapped a sentence. */
  softEnd?: boolean;
  /** The line starts with a time of day (`09:40 ...`, `[10:12] ...`): a marker, never a heading. */
  stamped?: boolean;
}

export type Block =
  | { kind: 'skip'; line: number; reason: string }
  | { kind: 'meta'; line: number; key: string; value: string; reason: 'metadata' | 'attendees' }
  | { kind: 'heading'; line: number; text: string; level: number; endLine?: number }
  | { kind: 'item' | 'quote' | 'para'; line: number; start: number; end: number; lines: Line[]; numbered: boolean };

export type TextBlock = Extract<Block, { lines: Line[] }>;

/** A `Key: value` header line with a known key, in its plain, bold or dash forms. */
export function matchMetadata(content: string, vocabulary: NotesVocabulary): { key: string; value: string } | null {
  const c = content.replace(BULLET, '');
  const forms = [
    /^\*\*([^*]{1,40}?)\s*:\s*\*\*\s*(.*)$/,
    /^\*\*([^*]{1,40}?)\*\*\s*:\s*(.*)$/,
    /^__([^_]{1,40}?)\s*:\s*__\s*(.*)$/,
    /^\*([^*]{1,40}?)\s*:\s*\*\s*(.*)$/,
    /^([^:*_]{1,40}?)\s*:\s*(.*)$/,
    /^([^:*_]{1,40}?)\s+[-–—]\s+(.*)$/,
  ];
  const bulleted = c !== content;
  for (const [i, form] of forms.entries()) {
    const m = form.exec(c);
    if (!m) continue;
    const rawKey = m[1]!.trim();
    const spelled = rawKey.toLowerCase().replace(/\s+/g, ' ');
    // A key with a qualifier in brackets is the key: "Interpreter (SR/EN):", "present (signed sheet):".
    const key = vocabulary.metadataKeys.has(spelled) ? spelled : spelled.replace(/\s*\([^()]{1,30}\)$/, '');
    const value = unwrapEmphasis(m[2]!.trim());
    if (!vocabulary.metadataKeys.has(key) || !value || value.length > 200) continue;
    // People are named with a capital ("Facilitators: Ana, Marko"); "FACILITATORS: type up the board..." is a task and
    // "Facilitator: What stops you?" a question put to the group.
    if (vocabulary.attendeeKeys.has(key) && (/^\p{Ll}/u.test(value) || value.includes('?'))) continue;
    // `KEY - ...` is how flipcharts and bullets state a point (`• COST - data bundles...`, `TIME - never enough`):
    // the dash form is a field only on a plain line, with a key not in capitals and a short value.
    if (i === forms.length - 1 && (bulleted || !/\p{Ll}/u.test(rawKey) || words(value) > 8)) continue;
    // A date or time field holds a number ("Time: 10:00-12:30"); "Time: never enough of it..." is a point.
    if (/^(?:date|dates|day|time|duration)$|\bdate\b/.test(key) && !/\d/.test(value)) continue;
    return { key, value };
  }
  return null;
}

export function classifyLine(line: Line, masked: string, vocabulary: NotesVocabulary): void {
  const c = line.content;
  if (line.cs === line.ce) {
    line.kind = 'blank';
    return;
  }
  let m: RegExpExecArray | null;
  if ((m = /^(#{1,6})(?:\s+|$)/.exec(c))) {
    line.kind = 'atx';
    line.level = m[1]!.length;
    line.bs = line.cs + m[0].length;
    const inner = masked.slice(line.bs, line.ce).replace(/\s+#+\s*$/, '');
    if (!hasLetters(inner)) Object.assign(line, { kind: 'skip', reason: 'empty heading' });
    return;
  }
  if (/^(?:=+|-{2,})$/.test(c)) {
    line.kind = 'underline';
    return;
  }
  if (/^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/.test(c) && c.includes('|')) return void Object.assign(line, { kind: 'skip', reason: 'separator' });
  if (/^(?:[*_]\s*){2,}$/.test(c) || /^(?:-\s*){3,}$/.test(c)) {
    line.kind = 'skip';
    line.reason = /^[*_]+$/.test(c) && c.length % 2 === 0 ? 'empty emphasis' : 'separator';
    return;
  }
  if (c.length <= 5000 && IMAGE_LINE.test(c)) return void Object.assign(line, { kind: 'skip', reason: 'image' });
  if (/^<!--[\s\S]*-->$/.test(c)) return void Object.assign(line, { kind: 'skip', reason: 'comment' });
  if (LINK_LINE.test(c)) return void Object.assign(line, { kind: 'skip', reason: 'link' });
  if (TIMESTAMP_LINE.test(c)) return void Object.assign(line, { kind: 'skip', reason: 'timestamp' });
  const meta = matchMetadata(c, vocabulary);
  if (meta) return void Object.assign(line, { kind: 'meta', key: meta.key, value: meta.value, reason: vocabulary.attendeeKeys.has(meta.key) ? 'attendees' : 'metadata' });
  const stamp = TIMESTAMP_MARK.exec(c);
  const body = masked.slice(line.cs + (stamp ? stamp[0].length : 0), line.ce).replace(BULLET, '').replace(NUMBERED, '').trim();
  if (isLogistics(body, vocabulary)) return void Object.assign(line, { kind: 'skip', reason: 'logistics' });
  if (stamp && introducesSender(body, foldToLatin)) return void Object.assign(line, { kind: 'skip', reason: 'attendees' });
  if (stamp) {
    // A time at the start of a line marks when it was said; the words after it are the line.
    Object.assign(line, { kind: 'text', bs: line.cs + stamp[0].length, stamped: true });
    return;
  }
  if ((m = BULLET.exec(c)) || (m = NUMBERED.exec(c))) {
    const numbered = !BULLET.test(c);
    let bs = line.cs + m[0].length;
    const extra = EXTRA_MARKS.exec(masked.slice(bs, line.ce));
    if (extra) bs += extra[0].length;
    const body = masked.slice(bs, line.ce);
    if (body.length <= 5000 && IMAGE_LINE.test(body)) return void Object.assign(line, { kind: 'skip', reason: 'image' });
    if (LINK_LINE.test(body)) return void Object.assign(line, { kind: 'skip', reason: 'link' });
    Object.assign(line, { kind: 'item', bs, numbered });
    return;
  }
  if ((m = /^(?:>\s?)+/.exec(c))) {
    line.bs = line.cs + m[0].length;
    line.kind = line.bs >= line.ce ? 'blank' : 'quote';
    return;
  }
  line.kind = 'text';
}

/** A line about the meeting itself (a break, a late start, the projector, the next meeting's date), short and matching a cue. */
function isLogistics(body: string, vocabulary: NotesVocabulary): boolean {
  return body.length <= 140 && vocabulary.logisticsCues.some((cue) => cue.test(body));
}

/** Mark runs of table-of-contents entries (three or more with rising page numbers, or any after a "Contents" line). */
export function markTableOfContents(lines: Line[]): void {
  let i = 0;
  while (i < lines.length) {
    const afterHeading = lines[i]!.kind !== 'blank' && lines[i]!.content.length <= 40 && TOC_HEADING.test(headingTextOfLine(lines[i]!));
    if (afterHeading) Object.assign(lines[i]!, { kind: 'skip', reason: 'table of contents' });
    const run: Line[] = [];
    let j = afterHeading ? i + 1 : i;
    let last = -1;
    let rising = true;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.kind === 'blank') continue;
      const m = l.kind === 'text' && l.content.length <= 200 ? TOC_ENTRY.exec(l.content) : null;
      // Under a "Contents" line, a list of short titles without page numbers is the table too (up to a blank line).
      if (!m && afterHeading && (l.kind === 'item' || l.kind === 'text') && l.content.length <= 80 && !/[.!?:;,]$/.test(l.content) && lines[j - 1]!.kind !== 'blank') {
        run.push(l);
        continue;
      }
      if (!m) break;
      const page = /^\d+$/.test(m[1]!) ? Number(m[1]) : last;
      if (page < last) rising = false;
      last = page;
      run.push(l);
    }
    if ((afterHeading && run.length >= 1) || (run.length >= 3 && rising)) {
      for (const l of run) Object.assign(l, { kind: 'skip', reason: 'table of contents' });
    }
    i = run.length > 0 ? j : i + 1;
  }
}

/** A page number standing alone on its line ("2", "Page 2", "2 of 12", "- 2 -"). */
const PAGE_NUMBER_LINE = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$/i;

/**
 * Mark page furniture, as text extracted from a paged document leaves it: a running header or footer (the same line
 * three times or more, beside a page number at least twice) and the page numbers beside it. Left as they are, a footer
 * reads as the heading of the next page's points and a header is glued to its first sentence. A line repeated with no
 * page number near it (a question asked of each breakout group) is left alone.
 */
export function markPageFurniture(lines: Line[]): void {
  const key = (l: Line): string => l.content.replace(/\s+/g, ' ').toLowerCase();
  const nonBlank = lines.filter((l) => l.kind !== 'blank');
  const numbers = new Set(nonBlank.filter((l) => l.kind === 'text' && PAGE_NUMBER_LINE.test(l.content)));
  const seen = new Map<string, number[]>();
  nonBlank.forEach((l, i) => {
    if (l.kind !== 'text' || l.content.length < 10 || !hasLetters(l.content)) return;
    const at = seen.get(key(l));
    if (at) at.push(i);
    else seen.set(key(l), [i]);
  });
  const nearNumber = (i: number): number[] => [i - 2, i - 1, i + 1, i + 2].filter((j) => j >= 0 && j < nonBlank.length && numbers.has(nonBlank[j]!));
  for (const at of seen.values()) {
    if (at.length < 3 || at.filter((i) => nearNumber(i).length > 0).length < 2) continue;
    for (const i of at) {
      Object.assign(nonBlank[i]!, { kind: 'skip', reason: 'page furniture' });
      for (const j of nearNumber(i)) Object.assign(nonBlank[j]!, { kind: 'skip', reason: 'page furniture' });
    }
  }
}

export function headingTextOfLine(l: Line): string {
  return cleanHeading(l.content.replace(/^#{1,6}\s*/, ''));
}

/** Lines shorter than this were not broken by a width (isHardWrapped counts only longer ones). */
const SHORTEST_WRAPPED = 40;

/**
 * Whether the notes are hard-wrapped (lines broken at a width, as in e-mail, PDF or fixed-width editors): many long
 * lines end near the same width and none runs far past it. Typed and pasted notes are not: a line is a point there.
 */
export function isHardWrapped(lines: readonly Line[]): boolean {
  const lengths = lines.filter((l) => (l.kind === 'text' || l.kind === 'item') && l.ce - l.cs >= SHORTEST_WRAPPED).map((l) => l.ce - l.cs);
  if (lengths.length < 6) return false;
  const max = Math.max(...lengths);
  return max <= 130 && lengths.filter((n) => n >= 0.8 * max).length >= 0.25 * lengths.length;
}

/**
 * Whether the notes are text extracted from narrow columns (a whiteboard or sticky-note board saved as PDF): most
 * lines are short pieces of a note, and many end in the space the extraction left where it wrapped them.
 */
export function isNarrowWrapped(lines: readonly Line[]): boolean {
  const text = lines.filter((l) => l.kind === 'text' || l.kind === 'item');
  if (text.length < 20) return false;
  const lengths = text.map((l) => l.ce - l.cs).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)]!;
  const soft = text.filter((l) => l.softEnd).length;
  const open = text.filter((l) => !endsSentence(l.content)).length;
  return median <= 32 && soft >= 0.3 * text.length && open >= 0.6 * text.length;
}

/** How lines are broken: one point a line (typed notes), wrapped at a width (e-mail, PDF), or narrow columns (a board as PDF). */
export type WrapMode = 'lines' | 'wrapped' | 'narrow';

/** The words a paragraph or item line plainly breaks off on, so the next line carries on its sentence. */
const OPEN_END = /(?:[,&+\-–—>\/(]|\b(?:and|or|but|the|a|an|of|to|with|w\/|for|in|on|by|from|that|which|who|is|are|was|were)|\.\.\.)$/i;

/** Can `next` continue the paragraph or item whose last line is `prev`? (`gap`: blank lines between; `wrapped`: see isHardWrapped.) */
export function continues(prev: Line, next: Line, gap: number, item: boolean, mode: WrapMode = 'wrapped'): boolean {
  if (next.kind !== 'text') return false;
  // A board's note runs on where the extraction left a space or the line breaks off on a small word; otherwise the
  // next line starts a new note (notes on a board often start in lower case, so case says little).
  if (mode === 'narrow' && gap === 0) {
    if (endsSentence(prev.content) && startsUpperOrDigit(next.content)) return false;
    return Boolean(prev.softEnd) || OPEN_END.test(prev.content);
  }
  // Table rows (tab-separated or Markdown pipes) stand alone.
  if (/\t|^\|/.test(prev.content) || /\t|^\|/.test(next.content)) return false;
  // "(cont) ..." carries on the point above it, whatever its case.
  if (CONTINUATION.test(next.content)) return gap <= 1;
  if (next.stamped) return false;
  // A short line was not broken by the width ("4) care / time"): the next line starts anew unless the short one
  // plainly breaks off, in wrapped text too.
  const short = prev.ce - prev.cs < SHORTEST_WRAPPED && !OPEN_END.test(prev.content);
  const wrapped = mode !== 'lines' && !short;
  if (gap > 0) return gap <= 2 && !/[.!?:;…]["'”’)]*$/.test(prev.content) && startsLower(next.content) && (wrapped || next.indented || OPEN_END.test(prev.content));
  // A new speaker ("Ana (ministry): ...") starts a new point.
  if (SPEAKER.test(next.content) && !OPEN_END.test(prev.content)) return false;
  if (item) {
    if (next.indented) return true;
    if (wrapped) return !endsSentence(prev.content) || startsLower(next.content);
    if (short) return false;
    return startsLower(next.content) && !endsSentence(prev.content);
  }
  if (/:$/.test(prev.content) && words(prev.content) <= 12) return false;
  if (endsSentence(prev.content) && startsUpperOrDigit(next.content)) return false;
  if (wrapped) return true;
  // Typed notes: a line is a point unless the next is indented under it or the sentence plainly runs on.
  return (next.indented && !prev.indented) || (startsLower(next.content) && OPEN_END.test(prev.content));
}

/** Group classified lines into blocks: headings, items (with wrapped lines), quotes, paragraphs, metadata, skipped. */
export function buildBlocks(lines: Line[], masked: string, mode: WrapMode = 'wrapped'): Block[] {
  const blocks: Block[] = [];
  let seenText = false;
  let i = 0;
  /** Follow continuation lines from index i-1 on; returns the last line used and the next index. */
  const extend = (group: Line[], from: number, item: boolean): number => {
    let k = from;
    for (;;) {
      let gap = 0;
      let j = k;
      while (j < lines.length && lines[j]!.kind === 'blank') {
        gap++;
        j++;
      }
      if (j >= lines.length || !continues(group[group.length - 1]!, lines[j]!, gap, item, mode)) return k;
      if (!item && gap === 0 && group.length === 1 && !(mode === 'narrow' && group[0]!.softEnd) && splitsOffFirstLine(group[0]!, lines[j]!, !seenText)) return k;
      group.push(lines[j]!);
      k = j + 1;
    }
  };
  while (i < lines.length) {
    const l = lines[i]!;
    switch (l.kind) {
      case 'blank':
      case 'tags':
        i++;
        continue;
      case 'skip':
        blocks.push({ kind: 'skip', line: l.no, reason: l.reason! });
        i++;
        continue;
      case 'meta':
        blocks.push({ kind: 'meta', line: l.no, key: l.key!, value: l.value!, reason: l.reason === 'attendees' ? 'attendees' : 'metadata' });
        i++;
        continue;
      case 'atx':
        blocks.push({ kind: 'heading', line: l.no, level: l.level!, text: cleanHeading(masked.slice(l.bs, l.ce)) });
        seenText = true;
        i++;
        continue;
      case 'underline': {
        const prev = blocks[blocks.length - 1];
        if (prev && prev.kind === 'para' && prev.lines.length === 1 && prev.lines[0]!.no === l.no - 1) {
          blocks[blocks.length - 1] = { kind: 'heading', line: prev.line, endLine: l.no, level: l.content.startsWith('=') ? 1 : 2, text: cleanHeading(masked.slice(prev.start, prev.end)) };
        } else {
          blocks.push({ kind: 'skip', line: l.no, reason: 'separator' });
        }
        i++;
        continue;
      }
      case 'quote': {
        const group = [l];
        let j = i + 1;
        while (j < lines.length && lines[j]!.kind === 'quote') group.push(lines[j++]!);
        blocks.push({ kind: 'quote', line: l.no, start: l.bs, end: group[group.length - 1]!.ce, lines: group, numbered: false });
        seenText = true;
        i = j;
        continue;
      }
      case 'item': {
        const group = [l];
        i = extend(group, i + 1, true);
        blocks.push({ kind: 'item', line: l.no, start: l.bs, end: group[group.length - 1]!.ce, lines: group, numbered: Boolean(l.numbered) });
        seenText = true;
        continue;
      }
      default: {
        const group = [l];
        i = extend(group, i + 1, false);
        blocks.push({ kind: 'para', line: l.no, start: l.bs, end: group[group.length - 1]!.ce, lines: group, numbered: false });
        seenText = true;
      }
    }
  }
  return blocks;
}

/** A short heading-like first line followed directly by a new sentence stands alone (the first line of a file may be longer: a title). */
export function splitsOffFirstLine(first: Line, next: Line, isFirstOfFile: boolean): boolean {
  const c = first.content;
  const limit = isFirstOfFile ? 200 : 60;
  return c.length <= limit && !/[.!?,;:…]$/.test(c) && startsUpperOrDigit(next.content) && hasLetters(c);
}
