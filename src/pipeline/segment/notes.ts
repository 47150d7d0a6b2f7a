// Notes segmentation: one notes document -> DocumentInfo (title, metadata, attendees, sections, skipped lines) + verbatim Segments.
import type { Attendee, DocumentInfo, IngestedNotes, NotAnalysedReason, NotesVocabulary, Segment } from '../../model/index.ts';
import { dict, own } from '../../model/dict.ts';
import type { SegmentOptions } from './options.ts';
import { isAttendeeTableLabel, parseAttendee, readAttendeeTable } from './attendees.ts';
import { organisationKind } from '../tag/index.ts';
import { markFrontMatter, markMarkup } from './markup.ts';
import { buildBlocks, classifyLine, isHardWrapped, isNarrowWrapped, markPageFurniture, markTableOfContents, type Block, type Line, type TextBlock } from './lines.ts';
import { addMeta, cleanHeading, hasLetters, maskTags, narrowEmphasis, unwrapEmphasis } from './notes-text.ts';
import { blockText, fieldPrompt, isBoldOnly, readFrontMatter, resolveCandidates, roleOf, subtitleReason, writtenInCapitals, type Role } from './roles.ts';
import { splitSentences } from './sentences.ts';
import { splitLongSpan } from './long-text.ts';
import { accountForLines, lineOf, lineStarts, registerReason } from './register.ts';


function segmentId(documentId: string, n: number): string {
  return `${documentId}-${String(n).padStart(4, '0')}`;
}

/** The document's lines, each classified (tags only, metadata, a bullet, a heading...; front matter, markup, contents, page furniture). */
function readLines(text: string, masked: string, starts: readonly number[], tags: readonly [number, number][], options: SegmentOptions): Line[] {
  const lines = starts.map((s, idx): Line => {
    let e = idx + 1 < starts.length ? starts[idx + 1]! - 1 : text.length;
    if (e > s && text[e - 1] === '\r') e--;
    const raw = masked.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    const trimmedLen = raw.trim().length;
    const cs = s + lead;
    const ce = cs + trimmedLen;
    const hadTags = tags.some(([a, b]) => a < e && b > s);
    const line: Line = { no: idx + 1, cs, ce, content: masked.slice(cs, ce), indented: lead > 0, kind: 'text', bs: cs, softEnd: trimmedLen > 0 && /\s$/.test(raw) };
    if (trimmedLen === 0 && hadTags) line.kind = 'tags';
    else classifyLine(line, masked, options.vocabulary);
    return line;
  });
  markFrontMatter(lines);
  markMarkup(lines);
  markTableOfContents(lines);
  markPageFurniture(lines);
  return lines;
}

/** A table row's first cell when it is only a number (an index: "5", "5.", "#5", "No. 5"), with its pipe. */
const ROW_INDEX = /^(?:#|no\.?\s*)?\d{1,3}[.)]?\s*\|\s*(?=\S)/i;

/**
 * The spans a block's text from `start` to `end` becomes: cut at [[key:value]] tags (no segment carries one), trimmed
 * of spaces, table pipes and emphasis, an over-long span split into sentences and pieces (long-text.ts).
 */
function spansToSegment(text: string, masked: string, tags: readonly [number, number][], start: number, end: number, abbreviations: ReadonlySet<string>): [number, number][] {
  const out: [number, number][] = [];
  // Tags inside a span cut it into pieces, so no segment carries a [[key:value]] tag.
  let pieces: Array<[number, number]> = [[start, end]];
  for (let t = firstTagEndingAfter(tags, start); t < tags.length && tags[t]![0] < end; t++) {
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
      // A numbered table's index cell ("| 5 | Transport allowance | Ministry |") is no part of what the row says.
      const index = ROW_INDEX.exec(text.slice(s, e));
      if (index) s += index[0].length;
    }
    [s, e] = narrowEmphasis(text, s, e);
    // An over-long span (a huge single-line file) becomes sentences and pieces: see long-text.ts.
    if (s < e && hasLetters(text.slice(s, e))) out.push(...splitLongSpan(text, s, e, abbreviations));
  }
  return out;
}

/** Index of the first tag (tags are in text order) that ends after `offset`. */
function firstTagEndingAfter(tags: readonly [number, number][], offset: number): number {
  let lo = 0;
  let hi = tags.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tags[mid]![1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Read a block under an attendee heading as attendees (added to `info`); false when it is not a list of people. */
function readAttendees(b: TextBlock, masked: string, options: SegmentOptions, info: DocumentInfo): boolean {
  const entries = b.kind === 'item' ? [{ text: masked.slice(b.start, b.end).replace(/\s+/g, ' '), line: b.line }] : b.lines.map((l) => ({ text: l.content, line: l.no }));
  // Plain lines may be a table exported line by line (names, organisations on their own lines, column headers).
  const table = b.kind === 'para' ? readAttendeeTable(entries, options.vocabulary, organisationKind, info.attendees.at(-1) ?? null) : null;
  const parsed = table ? table.map((p) => ({ line: p.line, who: { name: p.name, organisation: p.organisation } })) : entries.map((e) => ({ ...e, who: parseAttendee(e.text, options.vocabulary) }));
  if ((b.kind === 'para' && !table) || parsed.some((p) => p.who === null)) return false;
  for (const p of parsed) {
    const a: Attendee = { name: p.who!.name, organisation: p.who!.organisation, line: p.line };
    info.attendees.push(a);
    if (a.organisation && !info.organisations.some((o) => o.toLowerCase() === a.organisation!.toLowerCase())) info.organisations.push(a.organisation);
  }
  return true;
}

/** Under an attendance heading, an entry that names groups rather than people ("Community health promoters (6)") or a cell of a table: a short line, not a sentence. */
function listsWhoCame(b: TextBlock, masked: string): boolean {
  const text = blockText(b, masked);
  if (b.lines.length !== 1) return false;
  if (b.kind === 'item') return b.end - b.start <= 200 && !/[.!?]["'”’)]*$/.test(text);
  // A plain line of a table exported line by line is a cell ("jamal w.", "TCG, Inc.", "City of Houston TX"): short,
  // and not a sentence (a full stop after a lower-case word of 5 letters or more, or a question or exclamation mark).
  return b.end - b.start <= 60 && text.split(/\s+/).length <= 6 && !/[!?]["'”’)]*$/.test(text) && !/\s\p{Ll}{5,}\.$/u.test(text);
}

/** The document's facts before its blocks are read. */
function emptyInfo(doc: IngestedNotes, documentId: string, title: string | null, metadata: DocumentInfo['metadata']): DocumentInfo {
  return {
    id: documentId,
    name: doc.name,
    kind: 'notes',
    format: doc.format,
    title,
    metadata,
    attendees: [],
    organisations: [],
    sections: [],
    notAnalysed: [],
    survey: null,
    text: doc.text,
    records: null,
    headers: null,
  };
}

/** The breakout group the document's metadata names (the first group key found), if any. */
function groupOf(metadata: DocumentInfo['metadata'], options: SegmentOptions): string | undefined {
  return options.vocabulary.groupKeys.map((key) => own(metadata, key)?.[0]).find((v) => v !== undefined);
}

/** The segments of the spans kept, numbered in order, with the document and its group as attributes. */
function notesSegments(doc: IngestedNotes, documentId: string, text: string, starts: readonly number[], pending: readonly { start: number; end: number; section: string | null }[], group: string | undefined): Segment[] {
  return pending.map((p, idx) => {
    const attributes = dict<string>();
    attributes.document = doc.name;
    if (group !== undefined) attributes.group = group;
    return {
      id: segmentId(documentId, idx + 1),
      kind: 'note',
      text: text.slice(p.start, p.end),
      section: p.section,
      respondentId: null,
      attributes,
      provenance: { documentId, document: doc.name, line: lineOf(starts, p.start), start: p.start, end: p.end, column: null },
    };
  });
}

/** The line numbers of a block. */
const lineNos = (b: Block): number[] => ('lines' in b ? b.lines.map((l) => l.no) : b.kind === 'heading' && b.endLine ? [b.line, b.endLine] : [b.line]);

/** A list value that is not finished on its line: it ends in a comma, "&" or "and". */
const LIST_GOES_ON = /(?:,|&|\band)\s*$/u;

/** The lines of a block that go on with a list of people: each short, with a capital, every one but the last ending in a comma or "and"; null otherwise. */
function listLines(b: Block, masked: string): string[] | null {
  if (!('lines' in b)) return null;
  const values = b.lines.map((l) => masked.slice(l.cs, l.ce).trim());
  const ok = values.every((v, i) => v.length > 0 && v.length <= 200 && /\p{Lu}/u.test(v) && (i === values.length - 1 || LIST_GOES_ON.test(v)));
  return ok ? values : null;
}

/**
 * Under a heading that asks for a title or a description ("#### Title + Description of idea"), a bold line or a short
 * stand-alone line is what was written in answer (an idea's title: "**LLM to simulate breaking bad news**"), not a
 * heading of its own: its role becomes content (in place), until the next Markdown heading.
 */
export function answersUnderTitlePrompts(blocks: readonly Block[], roles: Role[], masked: string, vocabulary: NotesVocabulary): void {
  let asks = false;
  blocks.forEach((b, k) => {
    if (b.kind === 'heading') asks = vocabulary.titlePrompt.test(b.text);
    else if (asks && (b.kind === 'para' || b.kind === 'item') && (roles[k] === 'candidate' || roles[k] === 'numcandidate' || (roles[k] === 'heading' && isBoldOnly(blockText(b, masked))))) roles[k] = 'content';
  });
}

/** Segment a notes document: bullets, numbered items and paragraphs under the heading or question they answer. Pure. */
export function segmentNotes(doc: IngestedNotes, documentId: string, options: SegmentOptions): { info: DocumentInfo; segments: Segment[] } {
  const text = doc.text;
  const maxChars = options.maxSentenceChars ?? 280;
  const metadata = dict<string[]>();
  const { masked, tags } = maskTags(text, metadata);
  const starts = lineStarts(text);

  const lines = readLines(text, masked, starts, tags, options);
  const blocks = buildBlocks(lines, masked, isNarrowWrapped(lines) ? 'narrow' : isHardWrapped(lines) ? 'wrapped' : 'lines');
  const capitals = writtenInCapitals(blocks, masked);
  const roles = blocks.map((b) => roleOf(b, masked, options.vocabulary, capitals));
  answersUnderTitlePrompts(blocks, roles, masked, options.vocabulary);
  const candidateHeading = resolveCandidates(blocks, roles, masked);

  const { title, special } = readFrontMatter(blocks, roles, candidateHeading, masked, options.vocabulary);

  const info = emptyInfo(doc, documentId, title, metadata);
  const segments: Segment[] = [];
  /** Why lines that end up in no segment were left out, by line number (the first reason given wins). */
  const reasons = new Map<number, NotAnalysedReason>();
  const note = (reason: NotAnalysedReason, ...nos: number[]): void => {
    for (const no of nos) if (!reasons.has(no)) reasons.set(no, reason);
  };
  const pendingSegments: Array<{ start: number; end: number; section: string | null }> = [];
  let section: string | null = null;
  let attendeeMode = false;
  /** An attendee list is one kind of block (bullets, or plain lines); another kind ends it. */
  let attendeeKind: 'item' | 'para' | null = null;
  let pendingField: string | null = null;
  /** An attendee field whose value ends in a comma or "and" ("present: Ana, Goran,") goes on over the very next line. */
  let attendeeField: { key: string; next: number } | null = null;

  /** A label line ("The following were explored:") heads the list after it; a paragraph after that list returns to the heading before. */
  let label: { parent: string | null; sawItem: boolean } | null = null;
  const setSection = (s: string, isLabel = false): void => {
    label = isLabel ? { parent: label ? label.parent : section, sawItem: false } : null;
    section = s || section;
    if (s && !info.sections.includes(s)) info.sections.push(s);
    attendeeMode = options.vocabulary.attendeeHeading.test(s.replace(/^\d{1,2}[.)]\s*/, ''));
    attendeeKind = null;
  };
  const emit = (start: number, end: number): void => {
    for (const [a, z] of spansToSegment(text, masked, tags, start, end, options.vocabulary.abbreviations)) pendingSegments.push({ start: a, end: z, section });
  };
  blocks.forEach((b, k) => {
    const role = roles[k]!;
    const sp = special.get(k);
    const listGoesOn = attendeeField;
    attendeeField = null;
    const listed = listGoesOn && b.line === listGoesOn.next && (b.kind === 'para' || sp === 'subtitle') ? listLines(b, masked) : null;
    if (listGoesOn && listed) {
      for (const value of listed) addMeta(metadata, listGoesOn.key, value);
      attendeeField = LIST_GOES_ON.test(listed[listed.length - 1]!) ? { key: listGoesOn.key, next: Math.max(...lineNos(b)) + 1 } : null;
      return void note('attendees', ...lineNos(b));
    }
    if (sp === 'kicker' || sp === 'title') return void note('title', ...lineNos(b));
    if (sp === 'subtitle') {
      note(subtitleReason(b, masked, options.vocabulary), ...lineNos(b));
      if (b.kind === 'heading') addMeta(metadata, 'subtitle', b.text);
      else for (const l of (b as TextBlock).lines) addMeta(metadata, 'subtitle', cleanHeading(l.content));
      return;
    }
    if (b.kind === 'skip') return void note(registerReason(b.reason), b.line);
    const field = pendingField;
    pendingField = null;
    if (b.kind === 'meta') {
      note(b.reason, b.line);
      if (b.reason === 'attendees' && LIST_GOES_ON.test(b.value)) attendeeField = { key: b.key, next: b.line + 1 };
      return void addMeta(metadata, b.key, b.value);
    }
    if (b.kind === 'heading') {
      note('heading', ...lineNos(b));
      return void setSection(b.text);
    }
    const t = blockText(b, masked);
    if (field && b.kind === 'para' && b.lines.length === 1 && t.length <= 200) {
      note('metadata', b.line);
      return void addMeta(metadata, field, unwrapEmphasis(t));
    }
    if (role === 'nowords' || role === 'prompt') return void note('other', ...lineNos(b));
    if (role === 'field') {
      note('other', ...lineNos(b));
      pendingField = fieldPrompt(cleanHeading(t));
      return;
    }
    // "Participants" / "Attendees:" on a line of its own heads an attendee list, whatever the block roles say.
    if (b.kind === 'para' && b.lines.length === 1 && options.vocabulary.attendeeHeading.test(cleanHeading(t).replace(/:$/, ''))) {
      note('heading', ...lineNos(b));
      return void setSection(cleanHeading(t).replace(/:$/, ''), true);
    }
    // A column header or a sub-heading ("Virtual:") inside an attendee list keeps the list going.
    if (attendeeMode && b.kind === 'para' && b.lines.length === 1 && isAttendeeTableLabel(t, options.vocabulary)) return void note('attendees', ...lineNos(b));
    if (attendeeMode && (b.kind === 'item' || b.kind === 'para') && role !== 'heading' && (attendeeKind ?? b.kind) === b.kind && (readAttendees(b, masked, options, info) || listsWhoCame(b, masked))) {
      attendeeKind = b.kind;
      if (label) label.sawItem = true;
      return void note('attendees', ...lineNos(b));
    }
    if (role === 'heading' || ((role === 'candidate' || role === 'numcandidate') && candidateHeading[k])) {
      note('heading', ...lineNos(b));
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

  segments.push(...notesSegments(doc, documentId, text, starts, pendingSegments, groupOf(metadata, options)));
  info.notAnalysed = accountForLines(text, segments.map((x) => x.provenance), reasons);
  return { info, segments };
}
