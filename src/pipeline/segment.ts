// Segment stage: one ingested document -> DocumentInfo (title, metadata, attendees, sections, skipped lines) + verbatim Segments.
import type { Attendee, DocumentInfo, IngestedDocument, IngestedNotes, NotesVocabulary, Segment } from '../model/index.ts';
import { dict, own } from '../model/dict.ts';
import { segmentSurvey } from './survey-columns.ts';

export interface SegmentOptions {
  /** corpus/non-answers.txt lines (lower-case, comments removed by the caller). */
  nonAnswers: string[];
  /** corpus/notes-vocabulary.json: metadata keys, group keys, name particles, abbreviations. */
  vocabulary: NotesVocabulary;
  /** Survey: set the respondent id column explicitly. */
  idColumn?: string;
  /** Survey: set the free-text question columns explicitly (wide) / the answer column (long). */
  textColumns?: string[];
  /** Survey, long form: the column naming the question (CLI --group-by). */
  questionColumn?: string;
  /** Survey: set attribute columns explicitly. */
  attributeColumns?: string[];
  /** Notes: paragraphs longer than this (default 280) are split into sentences. */
  maxSentenceChars?: number;
}

/**
 * Split a document into segments and collect the facts about it. Notes: bullets, numbered items and
 * paragraphs (long ones split into sentences) under the heading or question they answer; surveys: one
 * segment per non-blank answer. Every segment's text is an exact slice of its source. Pure.
 */
export function segmentDocument(
  doc: IngestedDocument,
  documentId: string,
  options: SegmentOptions,
): { info: DocumentInfo; segments: Segment[] } {
  return doc.kind === 'survey' ? segmentSurvey(doc, documentId, options) : segmentNotes(doc, documentId, options);
}

// ---------------------------------------------------------------------------------------------
// Patterns (the word lists are data: corpus/notes-vocabulary.json, passed in as `options.vocabulary`).

const ATTENDEE_HEADING = /^(?:list of |the )?(?:attendees|participants|attendance|present|people present|those present|in attendance|participant list|participants list|attendee list|list of attendees|who attended|attending)(?:\s*\(.*\))?$/i;
const TOC_HEADING = /^(?:table of )?contents$/i;
const TOC_ENTRY = /^(?=[^\t]*\p{L}).+?(?:\t+|\s*\.{3,}\s*|\s*…+\s*| {2,})(\d{1,4}|[ivxlc]{1,6})$/iu;
/** Bold lines that instruct whoever fills in a form rather than report anything. */
const FORM_PROMPT = /^(?:this (?:section|part|page)\b|please\b|explain\b|describe\b|only complete\b|complete (?:this|the)\b|fill (?:in|out)\b|to be (?:completed|filled)\b|insert\b|enter\b|select\b|choose\b|upload\b|use this\b|write\b|provide\b|list\b|add\b)|\bthis section\b/i;
/** Block-quoted prompts that introduce an answer (a section), though not phrased as questions. */
const PROMPT_CUE = /^(?:please|describe|explain|list|provide|upload|add|select|choose|share|tell|give|outline|summari[sz]e|indicate|specify|state|name)\b|\bplease\b/i;
const TAG = /\[\[([^\[\]:\n]{1,80}):([^\[\]\n]{0,400})\]\]/g;
const BULLET = /^(?:[-*+•●▪◦·–✓✔√☐☑■□➢➤►▶]|\[[ xX]\])\s+/u;
const EXTRA_MARKS = /^(?:[✓✔√•–☐☑]\s*|\[[ xX]\]\s+)+/u;
const NUMBERED = /^(?:\(?\d{1,3}[.)]|\(?[a-z][)]|(?:q|question\s*)\d{1,3}[.:)]?)\s+/i;
const IMAGE_LINE = /^(?:(?:\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)|\[image:?[^\]]*\]|<img\b[^>]*>)\s*)+$/i;
const LINK_LINE = /^(?:\[[^\]]*\]\([^)]*\)|<https?:[^>\s]+>|https?:\/\/\S+)$/i;
const LETTER = /\p{L}/u;

// ---------------------------------------------------------------------------------------------
// Lines and blocks.

type LineKind = 'blank' | 'tags' | 'atx' | 'underline' | 'skip' | 'meta' | 'item' | 'quote' | 'text';

interface Line {
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

type Block =
  | { kind: 'skip'; line: number; reason: string }
  | { kind: 'meta'; line: number; key: string; value: string }
  | { kind: 'heading'; line: number; text: string; level: number }
  | { kind: 'item' | 'quote' | 'para'; line: number; start: number; end: number; lines: Line[]; numbered: boolean };

type TextBlock = Extract<Block, { lines: Line[] }>;

/** What a block is, judged on its own (before looking at what follows it). */
type Role = 'content' | 'heading' | 'prompt' | 'field' | 'candidate' | 'numcandidate' | 'nowords' | 'other';

const hasLetters = (s: string): boolean => LETTER.test(s);
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const endsSentence = (s: string): boolean => /[.!?…]["'”’)\]*_]*$/.test(s);
const startsLower = (s: string): boolean => /^\p{Ll}/u.test(s);
const startsUpperOrDigit = (s: string): boolean => /^[\p{Lu}\p{Lt}\p{N}"“‘'(]/u.test(s);

/** Mask `[[key:value]]` tags with spaces (same length, so offsets hold) and collect them as metadata. */
function maskTags(text: string, metadata: Record<string, string[]>): { masked: string; tags: Array<[number, number]> } {
  const tags: Array<[number, number]> = [];
  const masked = text.replace(TAG, (whole, key: string, value: string, offset: number) => {
    addMeta(metadata, key, value);
    tags.push([offset, offset + whole.length]);
    return ' '.repeat(whole.length);
  });
  return { masked, tags };
}

function addMeta(metadata: Record<string, string[]>, key: string, value: string): void {
  const k = key.trim().toLowerCase().replace(/\s+/g, ' ');
  const v = value.trim();
  if (!k || !v) return;
  // A table made by dict(): a key such as "__proto__" or "constructor" is stored as data.
  let values = own(metadata, k);
  if (!values) metadata[k] = values = [];
  values.push(v);
}

/** Strip emphasis markers wrapping a string (`**x**`, `_x_`). */
function unwrapEmphasis(s: string): string {
  let t = s.trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_)([\s\S]+)\1$/.exec(t);
    if (!m || m[2]!.includes(m[1]!)) return t;
    t = m[2]!.trim();
  }
}

/** A `Key: value` header line with a known key, in its plain, bold or dash forms. */
function matchMetadata(content: string, vocabulary: NotesVocabulary): { key: string; value: string } | null {
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

function classifyLine(line: Line, masked: string, vocabulary: NotesVocabulary): void {
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
function markTableOfContents(lines: Line[]): void {
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

function headingTextOfLine(l: Line): string {
  return cleanHeading(l.content.replace(/^#{1,6}\s*/, ''));
}

/** Heading or question text for a section: markers, emphasis, a final colon and form instructions removed. */
function cleanHeading(s: string): string {
  let t = s.replace(/(?<!\s)\s+#+\s*$/, '').replace(/^\s*(?:>\s?)+/gm, '').replace(/\s+/g, ' ').trim();
  t = unwrapEmphasis(t).replace(/^[*_]+|(?<![*_])[*_]+$/g, '').trim();
  t = t.replace(/(?<!\s)\s*\((?:please|select|choose|tick|check|mark|max|optional|multiple)[^)]*\)$/i, '').trim();
  return t.replace(/(?<!\s)\s*:$/, '').trim();
}

/** Can `next` continue the paragraph or item whose last line is `prev`? (`gap`: blank lines between.) */
function continues(prev: Line, next: Line, gap: number, item: boolean): boolean {
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
function buildBlocks(lines: Line[], masked: string): Block[] {
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
function splitsOffFirstLine(first: Line, next: Line, isFirstOfFile: boolean): boolean {
  const c = first.content;
  const limit = isFirstOfFile ? 200 : 60;
  return c.length <= limit && !/[.!?,;:…]$/.test(c) && startsUpperOrDigit(next.content) && hasLetters(c);
}

// ---------------------------------------------------------------------------------------------
// Roles: what each block is for.

function blockText(b: TextBlock, masked: string): string {
  return masked.slice(b.start, b.end).trim();
}

function isBoldOnly(s: string): { inner: string } | null {
  const m = /^(\*\*|__)([\s\S]+?)\1(\s*:)?$/.exec(s);
  if (!m || m[2]!.includes(m[1]!)) return null;
  return { inner: m[2]!.trim() };
}

function isAllCaps(s: string): boolean {
  const letters = s.match(/\p{L}/gu) ?? [];
  return letters.length >= 5 && !/\p{Ll}/u.test(s) && s.length <= 100 && words(s) <= 14;
}

/** A block-quoted form field such as `> Prepared by (Name of the experimenter)`: a short label and a bracketed instruction. */
function fieldPrompt(s: string): string | null {
  if (s.length > 200) return null;
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(s);
  if (!m || !m[1] || m[1].includes('?') || words(m[1]) > 5 || !hasLetters(m[1])) return null;
  return m[1].trim().toLowerCase().replace(/^(?:on|at|in)\s+/, '');
}

function roleOf(b: Block, masked: string): Role {
  if (b.kind !== 'item' && b.kind !== 'quote' && b.kind !== 'para') return 'other';
  const text = blockText(b, masked);
  if (!hasLetters(text)) return 'nowords';
  const oneLine = b.lines.length === 1;
  const bare = text.replace(/["'”’)\]*_\s]+$/, '');
  if (b.kind === 'quote') {
    const flat = cleanHeading(text);
    if (fieldPrompt(flat) !== null) return 'field';
    if (/\?/.test(flat) || /:$/.test(text) || PROMPT_CUE.test(flat)) return 'heading';
    return 'content';
  }
  if (b.kind === 'item') {
    if (b.numbered && (bare.endsWith('?') || (text.endsWith(':') && words(text) <= 12))) return 'heading';
    if (!b.numbered && oneLine && text.endsWith(':') && words(text) <= 6) return 'heading';
    if (b.numbered && oneLine && text.length <= 60 && !/[.!?,;:…]$/.test(text)) return 'numcandidate';
    return 'content';
  }
  if (!oneLine || /\t|^\|/.test(text)) return 'content';
  const bold = isBoldOnly(text);
  if (bold) {
    if (FORM_PROMPT.test(bold.inner)) return 'prompt';
    if (bold.inner.length <= 100 && words(bold.inner) <= 14 && !/[.!]$/.test(bold.inner)) return 'heading';
    return 'content';
  }
  if (isAllCaps(text)) return 'heading';
  if (text.endsWith(':') && words(text) <= 12 && text.length <= 100) return 'heading';
  if (bare.endsWith('?') && text.length <= 250) return 'heading';
  if (text.length <= 80 && words(text) <= 12 && /^[\p{Lu}\p{Lt}\p{N}]/u.test(text) && !/[.!?,;:…]$/.test(text) && (text.match(/\p{L}/gu) ?? []).length >= 2) {
    return 'candidate';
  }
  return 'content';
}

/**
 * Which candidate blocks (short stand-alone lines, short numbered items) are headings: those followed by
 * substantial content (not another short line, not a heading). Resolved from the end, so a chain of short
 * lines over a paragraph ("Annex One: Survey Results" / "Digital gender divide" / text) are headings together.
 */
function resolveCandidates(blocks: Block[], roles: Role[], masked: string): boolean[] {
  const heading = new Array<boolean>(blocks.length).fill(false);
  for (let k = blocks.length - 1; k >= 0; k--) {
    if (roles[k] !== 'candidate' && roles[k] !== 'numcandidate') continue;
    let j = k + 1;
    while (j < blocks.length && (blocks[j]!.kind === 'skip' || roles[j] === 'nowords')) j++;
    const next = blocks[j];
    if (!next || next.kind === 'skip' || next.kind === 'meta' || next.kind === 'heading') continue;
    if (roles[k] === 'candidate' && roles[j] === 'candidate') heading[k] = heading[j]!;
    else if (roles[j] !== 'content' && !(roles[j] === 'numcandidate' && roles[k] === 'candidate')) heading[k] = false;
    else if (roles[k] === 'numcandidate') heading[k] = !(next.kind === 'item' && next.numbered);
    else heading[k] = next.kind === 'item' || next.lines.length > 1 || blockText(next, masked).length >= 60;
  }
  return heading;
}

// ---------------------------------------------------------------------------------------------
// Attendees.

function isNameLike(name: string, alone: boolean, particles: ReadonlySet<string>): boolean {
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 5 || name.length > 50 || /\d/.test(name)) return false;
  if (alone && (parts.length < 2 || parts.length > 4)) return false;
  return parts.every((p, i) => /^[\p{Lu}\p{Lt}]/u.test(p) || (i > 0 && particles.has(p.toLowerCase())));
}

/** `Name, Organisation` / `Name – Organisation` / `Name (Organisation)` / `Name`; null when the line is not a person. */
export function parseAttendee(text: string, vocabulary: Pick<NotesVocabulary, 'nameParticles'>): { name: string; organisation: string | null } | null {
  const t = unwrapEmphasis(text.trim().replace(/[;.]$/, '')).trim();
  if (!t || t.length > 160 || /[?!]/.test(t)) return null;
  const seps: Array<{ at: number; len: number; paren: boolean }> = [];
  const comma = t.indexOf(',');
  if (comma > 0) seps.push({ at: comma, len: 1, paren: false });
  const dash = /\s[-–—|]\s/.exec(t);
  if (dash) seps.push({ at: dash.index, len: dash[0].length, paren: false });
  const paren = t.indexOf('(');
  if (paren > 0 && t.endsWith(')')) seps.push({ at: paren, len: 1, paren: true });
  seps.sort((a, b) => a.at - b.at);
  const sep = seps[0];
  if (!sep) return isNameLike(t, true, vocabulary.nameParticles) ? { name: t, organisation: null } : null;
  const name = t.slice(0, sep.at).trim();
  let org = sep.paren ? t.slice(sep.at + 1, -1) : t.slice(sep.at + sep.len);
  org = org.replace(/\s*\(\p{Ll}[^()]*\)$/u, '').trim().replace(/[.;,]$/, '').trim();
  if (!isNameLike(name, false, vocabulary.nameParticles)) return null;
  return { name, organisation: org && hasLetters(org) ? org : null };
}

// ---------------------------------------------------------------------------------------------
// Sentences.

/** Character ranges of the sentences of `s` (not splitting after abbreviations, initials, decimals or ellipses); short pieces join their neighbour. */
export function splitSentences(s: string, abbreviations: ReadonlySet<string>, minChars = 20): Array<[number, number]> {
  const cuts: number[] = [];
  // The lookbehind makes each run of punctuation one attempt, so long runs of dots stay linear.
  const boundary = /(?<![.!?])([.!?]+|…)(["'”’»)\]*_]*)(\s+)/g;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(s))) {
    const next = s[m.index + m[0].length];
    if (next === undefined) break;
    const punct = m[1]!;
    if (punct === '…' || /^\.{2,}$/.test(punct)) continue;
    if (!/[\p{Lu}\p{Lt}\p{N}"“‘'(\[¿¡]/u.test(next)) continue;
    if (punct === '.') {
      let w = m.index;
      while (w > 0 && !/\s/.test(s[w - 1]!)) w--;
      const word = s.slice(w, m.index).replace(/^[("'“‘\[*_]+/, '');
      if (/^\p{L}$/u.test(word) || word.includes('.') || abbreviations.has(word.toLowerCase())) continue;
    }
    cuts.push(m.index + m[1]!.length + m[2]!.length);
  }
  const ranges: Array<[number, number]> = [];
  let from = 0;
  for (const cut of [...cuts, s.length]) {
    const piece = s.slice(from, cut);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim()) ranges.push([from + lead, cut - trail]);
    from = cut;
  }
  // Join fragments ("Use them.") to the sentence before, or after when first.
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && (r[1] - r[0] < minChars || prev[1] - prev[0] < minChars)) prev[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Notes.

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function segmentId(documentId: string, n: number): string {
  return `${documentId}-${String(n).padStart(4, '0')}`;
}

function segmentNotes(doc: IngestedNotes, documentId: string, options: SegmentOptions): { info: DocumentInfo; segments: Segment[] } {
  const text = doc.text;
  const maxChars = options.maxSentenceChars ?? 280;
  const metadata = dict<string[]>();
  const { masked, tags } = maskTags(text, metadata);
  const starts = lineStarts(text);

  const lines: Line[] = starts.map((s, idx) => {
    let e = idx + 1 < starts.length ? starts[idx + 1]! - 1 : text.length;
    if (e > s && text[e - 1] === '\r') e--;
    const raw = masked.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    const trimmedLen = raw.trim().length;
    const cs = s + lead;
    const ce = cs + trimmedLen;
    const hadTags = tags.some(([a, b]) => a < e && b > s);
    const line: Line = { no: idx + 1, cs, ce, content: masked.slice(cs, ce), indented: lead > 0, kind: 'text', bs: cs };
    if (trimmedLen === 0 && hadTags) line.kind = 'tags';
    else classifyLine(line, masked, options.vocabulary);
    return line;
  });
  markTableOfContents(lines);
  const blocks = buildBlocks(lines, masked);
  const roles = blocks.map((b) => roleOf(b, masked));
  const candidateHeading = resolveCandidates(blocks, roles, masked);

  const { title, special } = readFrontMatter(blocks, roles, candidateHeading, masked);

  const info: DocumentInfo = {
    id: documentId,
    name: doc.name,
    kind: 'notes',
    format: doc.format,
    title,
    metadata,
    attendees: [],
    organisations: [],
    sections: [],
    skipped: [],
    survey: null,
    text,
    records: null,
    headers: null,
  };
  const segments: Segment[] = [];
  const pendingSegments: Array<{ start: number; end: number; section: string | null }> = [];
  let section: string | null = null;
  let attendeeMode = false;
  /** An attendee list is one kind of block (bullets, or plain lines); another kind ends it. */
  let attendeeKind: 'item' | 'para' | null = null;
  let pendingField: string | null = null;

  /** A label line ("The following were explored:") heads the list after it; a paragraph after that list returns to the heading before. */
  let label: { parent: string | null; sawItem: boolean } | null = null;
  const setSection = (s: string, isLabel = false): void => {
    label = isLabel ? { parent: label ? label.parent : section, sawItem: false } : null;
    section = s || section;
    if (s && !info.sections.includes(s)) info.sections.push(s);
    attendeeMode = ATTENDEE_HEADING.test(s);
    attendeeKind = null;
  };
  /** Index of the first tag (tags are in text order) that ends after `offset`. */
  const firstTagEndingAfter = (offset: number): number => {
    let lo = 0;
    let hi = tags.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tags[mid]![1] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const emit = (start: number, end: number): void => {
    // Tags inside a span cut it into pieces, so no segment carries a [[key:value]] tag.
    let pieces: Array<[number, number]> = [[start, end]];
    for (let t = firstTagEndingAfter(start); t < tags.length && tags[t]![0] < end; t++) {
      const [a, b] = tags[t]!;
      pieces = pieces.flatMap(([s, e]): Array<[number, number]> => (a >= e || b <= s ? [[s, e]] : [[s, Math.max(s, a)], [Math.min(e, b), e]]));
    }
    for (let [s, e] of pieces) {
      while (s < e && /\s/.test(masked[s]!)) s++;
      while (e > s && /\s/.test(masked[e - 1]!)) e--;
      // A Markdown table row: the text between the outer pipes.
      if (text[s] === '|') {
        s++;
        if (e > s && text[e - 1] === '|') e--;
        while (s < e && /\s/.test(text[s]!)) s++;
        while (e > s && /\s/.test(text[e - 1]!)) e--;
      }
      [s, e] = narrowEmphasis(text, s, e);
      if (s < e && hasLetters(text.slice(s, e))) pendingSegments.push({ start: s, end: e, section });
    }
  };
  const tryAttendees = (b: TextBlock): boolean => {
    const entries = b.kind === 'item' ? [{ text: masked.slice(b.start, b.end).replace(/\s+/g, ' '), line: b.line }] : b.lines.map((l) => ({ text: l.content, line: l.no }));
    const parsed = entries.map((e) => ({ ...e, who: parseAttendee(e.text, options.vocabulary) }));
    if (parsed.some((p) => p.who === null)) return false;
    for (const p of parsed) {
      const a: Attendee = { name: p.who!.name, organisation: p.who!.organisation, line: p.line };
      info.attendees.push(a);
      if (a.organisation && !info.organisations.some((o) => o.toLowerCase() === a.organisation!.toLowerCase())) info.organisations.push(a.organisation);
    }
    return true;
  };

  blocks.forEach((b, k) => {
    const role = roles[k]!;
    const sp = special.get(k);
    if (sp === 'kicker') return void info.skipped.push({ line: b.line, reason: 'label' });
    if (sp === 'title') return;
    if (sp === 'subtitle') {
      if (b.kind === 'heading') addMeta(metadata, 'subtitle', b.text);
      else for (const l of (b as TextBlock).lines) addMeta(metadata, 'subtitle', cleanHeading(l.content));
      return;
    }
    if (b.kind === 'skip') return void info.skipped.push({ line: b.line, reason: b.reason });
    const field = pendingField;
    pendingField = null;
    if (b.kind === 'meta') return void addMeta(metadata, b.key, b.value);
    if (b.kind === 'heading') return void setSection(b.text);
    const t = blockText(b, masked);
    if (field && b.kind === 'para' && b.lines.length === 1 && t.length <= 200) return void addMeta(metadata, field, unwrapEmphasis(t));
    if (role === 'nowords') return void info.skipped.push({ line: b.line, reason: 'no words' });
    if (role === 'prompt') return void info.skipped.push({ line: b.line, reason: 'form prompt' });
    if (role === 'field') {
      info.skipped.push({ line: b.line, reason: 'form prompt' });
      pendingField = fieldPrompt(cleanHeading(t));
      return;
    }
    if (attendeeMode && (b.kind === 'item' || b.kind === 'para') && role !== 'heading' && (attendeeKind ?? b.kind) === b.kind && tryAttendees(b)) {
      attendeeKind = b.kind;
      if (label) label.sawItem = true;
      return;
    }
    if (role === 'heading' || ((role === 'candidate' || role === 'numcandidate') && candidateHeading[k])) {
      return void setSection(cleanHeading(t), b.kind === 'para' && t.endsWith(':') && !isBoldOnly(t));
    }
    attendeeMode = false;
    if (label && b.kind === 'item') label.sawItem = true;
    else if (label && label.sawItem) {
      section = label.parent;
      label = null;
    }
    if (b.kind === 'para' && b.end - b.start > maxChars) {
      const [s0, e0] = narrowEmphasis(text, b.start, b.end);
      for (const [s, e] of splitSentences(text.slice(s0, e0), options.vocabulary.abbreviations)) emit(s0 + s, s0 + e);
    } else {
      emit(b.start, b.end);
    }
  });

  const group = options.vocabulary.groupKeys.map((key) => own(metadata, key)?.[0]).find((v) => v !== undefined);
  pendingSegments.forEach((p, idx) => {
    const attributes = dict<string>();
    attributes.document = doc.name;
    if (group !== undefined) attributes.group = group;
    segments.push({
      id: segmentId(documentId, idx + 1),
      kind: 'note',
      text: text.slice(p.start, p.end),
      section: p.section,
      respondentId: null,
      attributes,
      provenance: { documentId, document: doc.name, line: lineOf(starts, p.start), start: p.start, end: p.end, column: null },
    });
  });
  return { info, segments };
}

type FrontMatter = 'title' | 'subtitle' | 'kicker';

/** The front matter: a kicker label ("PRESS RELEASE:"), the title, and subtitle lines before the first content, by block index. */
function readFrontMatter(blocks: Block[], roles: Role[], candidateHeading: boolean[], masked: string): { title: string | null; special: Map<number, FrontMatter> } {
  const special = new Map<number, FrontMatter>();
  let title: string | null = null;
  const significant = (from: number): number => {
    let k = from;
    while (k < blocks.length && (blocks[k]!.kind === 'skip' || blocks[k]!.kind === 'meta')) k++;
    return k;
  };
  const titleLike = (k: number): boolean => {
    const b = blocks[k];
    if (!b) return false;
    if (b.kind === 'heading') return !ATTENDEE_HEADING.test(b.text);
    if (b.kind !== 'para' || b.lines.length !== 1 || roles[k] === 'prompt' || roles[k] === 'nowords') return false;
    const t = blockText(b, masked);
    if (ATTENDEE_HEADING.test(cleanHeading(t))) return false;
    // A plain short line directly over a list heads that list, as a section.
    if (roles[k] === 'candidate' && blocks[k + 1]?.kind === 'item') return false;
    return t.length <= 200 && !/[.!?:]$/.test(t.replace(/[*_]+$/, ''));
  };
  let k0 = significant(0);
  const first = blocks[k0];
  if (first && first.kind === 'para' && first.lines.length === 1) {
    const t = blockText(first, masked);
    if (/^[\p{Lu}\d\s&'’-]+:$/u.test(t) && words(t) <= 3 && titleLike(significant(k0 + 1))) {
      special.set(k0, 'kicker');
      k0 = significant(k0 + 1);
    }
  }
  if (titleLike(k0)) {
    const tb = blocks[k0]!;
    title = tb.kind === 'heading' ? tb.text : cleanHeading(blockText(tb as TextBlock, masked));
    special.set(k0, 'title');
    const collected: number[] = [];
    let k = k0 + 1;
    for (; k < blocks.length; k++) {
      const b = blocks[k]!;
      if (b.kind === 'skip' || b.kind === 'meta') continue;
      if (b.kind === 'heading' && k === k0 + 1 && b.line <= tb.line + 2) {
        const after = blocks[significant(k + 1)];
        if (!after || after.kind === 'heading' || blocks.slice(k + 1, significant(k + 1)).some((x) => x.kind === 'meta')) {
          collected.push(k);
          continue;
        }
      }
      // Short lines under the title (one per line, none a sentence or a wrapped continuation) are subtitles.
      const subtitleLine = (l: Line, i: number): boolean => {
        const t = unwrapEmphasis(l.content);
        return t.length <= 200 && !/[.!?:]$/.test(t) && !/\t|^\|/.test(t) && (i === 0 || !startsLower(t));
      };
      if (b.kind === 'para' && (roles[k] === 'candidate' || roles[k] === 'content') && b.lines.every(subtitleLine)) {
        collected.push(k);
        continue;
      }
      break;
    }
    // Front matter is a few lines; a longer run of short lines is content (a whiteboard export, say).
    if (collected.length > 4) collected.length = 0;
    const stop = blocks[k];
    const stopIsContent = Boolean(stop) && (roles[k] === 'content' || roles[k] === 'candidate' || roles[k] === 'numcandidate');
    collected.forEach((c, idx) => {
      if (idx === collected.length - 1) {
        if (roles[c] === 'candidate' && candidateHeading[c]) return;
        if (stopIsContent && k === c + 1) return;
      }
      special.set(c, 'subtitle');
    });
  }
  return { title, special };
}

/** Shrink [s, e) inside emphasis markers that wrap the whole span (`**text**` -> text). */
function narrowEmphasis(text: string, s: number, e: number): [number, number] {
  for (;;) {
    const span = text.slice(s, e);
    const m = /^(\*\*|__|\*|_)(?=\S)[\s\S]*\S\1$/.exec(span);
    if (!m || span.slice(m[1]!.length, span.length - m[1]!.length).includes(m[1]!)) return [s, e];
    s += m[1]!.length;
    e -= m[1]!.length;
  }
}
