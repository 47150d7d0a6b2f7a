// Notes segmentation: what each block is for (content, heading, prompt...), which short lines head sections, and the front matter.
import type { NotAnalysedReason, NotesVocabulary } from '../../model/index.ts';
import type { Block, Line, TextBlock } from './lines.ts';
import { SPEAKER, cleanHeading, hasLetters, startsLower, unwrapEmphasis, words } from './notes-text.ts';

/** What a block is, judged on its own (before looking at what follows it). */
export type Role = 'content' | 'heading' | 'prompt' | 'field' | 'candidate' | 'numcandidate' | 'nowords' | 'other';

export function blockText(b: TextBlock, masked: string): string {
  return masked.slice(b.start, b.end).trim();
}

export function isBoldOnly(s: string): { inner: string } | null {
  const m = /^(\*\*|__)([\s\S]+?)\1(\s*:)?$/.exec(s);
  if (!m || m[2]!.includes(m[1]!)) return null;
  return { inner: m[2]!.trim() };
}

export function isAllCaps(s: string): boolean {
  // A trailing aside does not count: "ACTIONS (typed fast)".
  s = s.replace(/\s*\([^()]*\)\s*:?$/, '');
  const letters = s.match(/\p{L}/gu) ?? [];
  return letters.length >= 5 && !/\p{Ll}/u.test(s) && s.length <= 100 && words(s) <= 14;
}

/** A block-quoted form field such as `> Prepared by (Name of the experimenter)`: a short label and a bracketed instruction. */
export function fieldPrompt(s: string): string | null {
  if (s.length > 200) return null;
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(s);
  if (!m || !m[1] || m[1].includes('?') || words(m[1]) > 5 || !hasLetters(m[1])) return null;
  return m[1].trim().toLowerCase().replace(/^(?:on|at|in)\s+/, '');
}

/** Who asks the questions in a session: their question heads the answers that follow. */
const ASKER = /^(?:facilitator|moderator|host|chair|interviewer|note[- ]?taker|q)\b/i;
/**
 * A question from the floor, its asker named in brackets ("**Q (pharmacist):** Can ...?", "Q (online, a mediator): ..."):
 * a participant's point in a Q&A, not a question that heads answers (unless the bracket names the one who runs the session).
 */
const FLOOR_QUESTION = /^[*_]*q\s*\((?!\s*(?:facilitator|moderator|host|chair|interviewer)\b)[^()]{1,60}\)\s*[*_]*\s*:/i;
/** A participant's turn in a transcript: "P3:", "R12:", "Participant 4:". */
const PARTICIPANT = /^(?:p|r|participant|respondent)\s*\d{1,3}\s*:/i;

/** A heading framed by rules on both sides ("=== SHEET 1 – WHAT STOPS YOU? ===", "--- Group B ---", "*** ACTIONS ***"). */
const FRAMED_HEADING = /^([=~*#-])\1{1,}\s*(?=\S)[^=~*#]*?\S\s*\1{2,}$/;

/** Lines a document must have before it can be read as written in capitals. */
const CAPITALS_MIN_LINES = 8;

/**
 * Is the document written in capitals (a flipchart or whiteboard typed as it was written, "DRIVERS NEVER TRAINED ●●●")?
 * Then a line in capitals is no heading by its capitals alone: three in five of its plain lines and items with letters
 * are in capitals, and there are at least eight.
 */
export function writtenInCapitals(blocks: readonly Block[], masked: string): boolean {
  let lines = 0;
  let capitals = 0;
  for (const b of blocks) {
    if (b.kind !== 'item' && b.kind !== 'para') continue;
    for (const l of b.lines) {
      const t = masked.slice(l.bs, l.ce);
      if ((t.match(/\p{L}/gu) ?? []).length < 5) continue;
      lines++;
      if (!/\p{Ll}/u.test(t)) capitals++;
    }
  }
  return lines >= CAPITALS_MIN_LINES && capitals >= 0.6 * lines;
}

export function roleOf(b: Block, masked: string, vocabulary: NotesVocabulary, capitals = false): Role {
  if (b.kind !== 'item' && b.kind !== 'quote' && b.kind !== 'para') return 'other';
  const text = blockText(b, masked);
  if (!hasLetters(text)) return 'nowords';
  const oneLine = b.lines.length === 1;
  const bare = text.replace(/["'”’)\]*_\s]+$/, '');
  if (b.kind === 'quote') {
    const flat = cleanHeading(text);
    if (fieldPrompt(flat) !== null) return 'field';
    if (/\?/.test(flat) || /:$/.test(text) || vocabulary.answerPrompt.test(flat)) return 'heading';
    return 'content';
  }
  if (b.kind === 'item') {
    // A bullet that is only a short bold phrase ("- **Action items**") heads what follows.
    const boldItem = oneLine ? isBoldOnly(text) : null;
    if (boldItem && boldItem.inner.length <= 60 && !/[.!?]$/.test(boldItem.inner)) return 'heading';
    if (b.numbered && (bare.endsWith('?') || (text.endsWith(':') && words(text) <= 12))) return 'heading';
    if (!b.numbered && oneLine && text.endsWith(':') && words(text) <= 6) return 'heading';
    if (b.numbered && oneLine && text.length <= 60 && !/[.!?,;:…]$/.test(text)) return 'numcandidate';
    return 'content';
  }
  // A line opened by a time is something said or done then: content, never a heading.
  if (!oneLine || /\t|^\|/.test(text) || b.lines[0]!.stamped) return 'content';
  const bold = isBoldOnly(text);
  if (bold) {
    if (vocabulary.formPrompt.test(bold.inner)) return 'prompt';
    if (bold.inner.length <= 100 && words(bold.inner) <= 14 && !/[.!]$/.test(bold.inner)) return 'heading';
    return 'content';
  }
  if (FRAMED_HEADING.test(text)) return 'heading';
  if (isAllCaps(text) && !capitals) return 'heading';
  if (text.endsWith(':') && words(text) <= 12 && text.length <= 100) return 'heading';
  // A question heads the answers after it, unless a participant asks it ("P1: \"How do you get experience?\""): that is a point.
  // Not a note with a question tacked on: an aside in brackets ("... (Bujanovac has one?)") or a long shorthand point
  // that ends asking ("cert costs ~€800/yr, nobody knows process → ask extension office?").
  // Nor a point that ends quoting a question it gives as an example (“... with a question answer component, like
  // "What happens next?"”): six words or more before the quotation mark, none of them asking.
  const quoted = /^([^?"“”]*)["“][^"“”]*\?\s*["”]\W*$/u.exec(text);
  // Nor a point whose parts an arrow links ("APP → UNIVERSITY + TELCO?", "RAILWAY → WHO TALKS TO THE OPERATOR?").
  const tackedOn = /→|->|=>|←/.test(text) || /\([^()]*\?\s*\)\W*$/.test(text) || (/^\p{Ll}/u.test(text) && words(text) > 14) || (quoted !== null && words(quoted[1]!) >= 6);
  if (bare.endsWith('?') && text.length <= 250 && !tackedOn) return ((SPEAKER.test(text) || PARTICIPANT.test(text)) && !ASKER.test(text)) || FLOOR_QUESTION.test(text) ? 'content' : 'heading';
  // Someone speaking ("Mira (youth council): ...") is a point, however short.
  if (!b.lines[0]!.indented && !(SPEAKER.test(text) && words(text.slice(text.indexOf(':') + 1)) >= 4) && !PARTICIPANT.test(text) && text.length <= 80 && words(text) <= 12 && /^[\p{Lu}\p{Lt}\p{N}]/u.test(text) && !/[.!?,;:…]$/.test(text) && (text.match(/\p{L}/gu) ?? []).length >= 2) {
    return 'candidate';
  }
  return 'content';
}

/**
 * Which candidate blocks (short stand-alone lines, short numbered items) are headings: those followed by
 * substantial content (not another short line, not a heading). Resolved from the end, so a chain of short
 * lines over a paragraph ("Annex One: Survey Results" / "Digital gender divide" / text) are headings together.
 */
export function resolveCandidates(blocks: Block[], roles: Role[], masked: string): boolean[] {
  const heading = new Array<boolean>(blocks.length).fill(false);
  for (let k = blocks.length - 1; k >= 0; k--) {
    if (roles[k] !== 'candidate' && roles[k] !== 'numcandidate') continue;
    let j = k + 1;
    while (j < blocks.length && (blocks[j]!.kind === 'skip' || roles[j] === 'nowords')) j++;
    const next = blocks[j];
    if (!next || next.kind === 'skip' || next.kind === 'meta' || next.kind === 'heading') continue;
    // A short line inside a run of plain lines (one directly above it, one directly below) is one of the points.
    const prev = blocks[k - 1];
    const b = blocks[k]!;
    if (roles[k] === 'candidate' && (prev?.kind === 'para' || prev?.kind === 'item') && endLine(prev) === b.line - 1 && next.kind === 'para' && next.line === endLine(b) + 1) continue;
    // A heading belongs to what follows: a short line right under a plain line, with a blank line after it, ends the run above.
    if (roles[k] === 'candidate' && prev?.kind === 'para' && roles[k - 1] === 'content' && endLine(prev) === b.line - 1 && next.line > endLine(b) + 1) continue;
    if (roles[k] === 'candidate' && roles[j] === 'candidate') heading[k] = heading[j]!;
    else if (roles[j] !== 'content' && !(roles[j] === 'numcandidate' && roles[k] === 'candidate')) heading[k] = false;
    else if (roles[k] === 'numcandidate') heading[k] = !(next.kind === 'item' && next.numbered);
    else heading[k] = next.kind === 'item' || next.lines.length > 1 || blockText(next, masked).length >= 60;
  }
  return heading;
}

export type FrontMatter = 'title' | 'subtitle' | 'kicker';

/** The front matter: a kicker label ("PRESS RELEASE:"), the title, and subtitle lines before the first content, by block index. */
export function readFrontMatter(blocks: Block[], roles: Role[], candidateHeading: boolean[], masked: string, vocabulary: NotesVocabulary): { title: string | null; special: Map<number, FrontMatter> } {
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
    if (b.kind === 'heading') return !vocabulary.attendeeHeading.test(b.text);
    if (b.kind !== 'para' || b.lines.length !== 1 || roles[k] === 'prompt' || roles[k] === 'nowords') return false;
    const t = blockText(b, masked);
    if (vocabulary.attendeeHeading.test(cleanHeading(t))) return false;
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
    let lastLine = endLine(tb);
    let gap = false;
    for (; k < blocks.length; k++) {
      const b = blocks[k]!;
      // After the first, subtitle lines sit directly under the header (no blank line between): a blank line ends it.
      gap ||= b.line > lastLine + 1 && collected.length > 0;
      lastLine = endLine(b);
      if (b.kind === 'skip' || b.kind === 'meta') continue;
      if (gap) break;
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
      // An attendee list ("Participants", then names) is never front matter: its names are read as attendees.
      if (b.kind === 'para' && vocabulary.attendeeHeading.test(cleanHeading(unwrapEmphasis(b.lines[0]!.content)))) break;
      if (b.kind === 'para' && (roles[k] === 'candidate' || roles[k] === 'content') && !b.lines[0]!.stamped && b.lines.every(subtitleLine)) {
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

function endLine(b: Block): number {
  return 'lines' in b ? b.lines[b.lines.length - 1]!.no : b.kind === 'heading' ? (b.endLine ?? b.line) : b.line;
}

/**
 * Why a header line under the title is not analysed: `attendees` when it names who was there (it opens with an
 * attendee key such as "facil" or "note-taker", or is a head-count such as "14 ppl at peak: ..."), else `metadata`.
 */
export function subtitleReason(b: Block, masked: string, vocabulary: NotesVocabulary): NotAnalysedReason {
  if (b.kind === 'heading') return 'metadata';
  if (!('lines' in b)) return 'metadata';
  const t = unwrapEmphasis(blockText(b, masked)).toLowerCase();
  // "facil: Ana", "facil Marta K (UNDP)", "note-taker - Dino": a key, then a colon, a dash or a capitalised name.
  const raw = unwrapEmphasis(blockText(b, masked));
  const opener = [1, 2, 3].some((n) => {
    const m = new RegExp(String.raw`^((?:[\p{L}][\p{L}-]*\s*){${n}})(?::|\s[-–—]\s|(?<=\s)\p{Lu})`, 'u').exec(raw);
    return m !== null && vocabulary.attendeeKeys.has(m[1]!.trim().toLowerCase());
  });
  const count = /^(?:~|approx\.?\s*|about\s+|ca\.?\s*)?\d+\+?\s+([\p{L}]+)/u.exec(t);
  return opener || (count && vocabulary.headCountWords.has(count[1]!)) ? 'attendees' : 'metadata';
}
