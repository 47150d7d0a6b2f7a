// Notes segmentation: classify each line (heading, bullet, metadata, skipped...) and group lines into blocks.
import type { NotesVocabulary } from '../../model/index.ts';
import { BULLET, EXTRA_MARKS, IMAGE_LINE, LINK_LINE, NUMBERED, TOC_ENTRY, TOC_HEADING, cleanHeading, endsSentence, hasLetters, startsLower, startsUpperOrDigit, unwrapEmphasis, words } from './notes-text.ts';

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
}

export type Block =
  | { kind: 'skip'; line: number; reason: string }
  | { kind: 'meta'; line: number; key: string; value: string }
  | { kind: 'heading'; line: number; text: string; level: number }
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
  for (const form of forms) {
    const m = form.exec(c);
    if (!m) continue;
    const key = m[1]!.trim().toLowerCase().replace(/\s+/g, ' ');
    const value = unwrapEmphasis(m[2]!.trim());
    if (vocabulary.metadataKeys.has(key) && value && value.length <= 200) return { key, value };
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
  const meta = matchMetadata(c, vocabulary);
  if (meta) return void Object.assign(line, { kind: 'meta', key: meta.key, value: meta.value });
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

export function headingTextOfLine(l: Line): string {
  return cleanHeading(l.content.replace(/^#{1,6}\s*/, ''));
}

/** Can `next` continue the paragraph or item whose last line is `prev`? (`gap`: blank lines between.) */
export function continues(prev: Line, next: Line, gap: number, item: boolean): boolean {
  if (next.kind !== 'text') return false;
  // Table rows (tab-separated or Markdown pipes) stand alone.
  if (/\t|^\|/.test(prev.content) || /\t|^\|/.test(next.content)) return false;
  if (gap > 0) return gap <= 2 && !/[.!?:;…]["'”’)]*$/.test(prev.content) && startsLower(next.content);
  if (item) return next.indented || !endsSentence(prev.content) || startsLower(next.content);
  if (/:$/.test(prev.content) && words(prev.content) <= 12) return false;
  if (endsSentence(prev.content) && startsUpperOrDigit(next.content)) return false;
  return true;
}

/** Group classified lines into blocks: headings, items (with wrapped lines), quotes, paragraphs, metadata, skipped. */
export function buildBlocks(lines: Line[], masked: string): Block[] {
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
      if (j >= lines.length || !continues(group[group.length - 1]!, lines[j]!, gap, item)) return k;
      if (!item && gap === 0 && group.length === 1 && splitsOffFirstLine(group[0]!, lines[j]!, !seenText)) return k;
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
        blocks.push({ kind: 'meta', line: l.no, key: l.key!, value: l.value! });
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
          blocks[blocks.length - 1] = { kind: 'heading', line: prev.line, level: l.content.startsWith('=') ? 1 : 2, text: cleanHeading(masked.slice(prev.start, prev.end)) };
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
        blocks.push({ kind: 'para', line: l.no, start: l.cs, end: group[group.length - 1]!.ce, lines: group, numbered: false });
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
