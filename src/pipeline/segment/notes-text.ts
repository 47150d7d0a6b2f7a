// Notes segmentation: the patterns and small string helpers the line, role and notes modules share.
import { own } from '../../model/dict.ts';

export const TOC_HEADING = /^(?:table of )?contents$/i;
export const TOC_ENTRY = /^(?=[^\t]*\p{L}).+?(?:\t+|\s*\.{3,}\s*|\s*…+\s*| {2,})(\d{1,4}|[ivxlc]{1,6})$/iu;
export const TAG = /\[\[([^\[\]:\n]{1,80}):([^\[\]\n]{0,400})\]\]/g;
export const BULLET = /^(?:[-*+•●▪◦‣⁃·–—✓✔√☐☑■□➢➤►▶]|\[[ xX]\])\s+/u;
export const EXTRA_MARKS = /^(?:[✓✔√•–☐☑]\s*|\[[ xX]\]\s+)+/u;
export const NUMBERED = /^(?:\(?\d{1,3}[.)]|\(?[a-z][)]|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\)|(?:q|question\s*)\d{1,3}[.:)]?)\s+/i;
/** A time of day: `14:20`, `9.05`, `10h30`, `2:15 pm`, with seconds as chat exports write them (`14:12:25`). */
const TIME = String.raw`(?:[01]?\d|2[0-3])(?::|\.|h)[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?|h)?`;
/** A line that is only a time or a time range (`14:20`, `[10:12]`, `(09:00 - 09:30)`): a marker of when, not content. */
export const TIMESTAMP_LINE = new RegExp(String.raw`^[\[(]?${TIME}(?:\s*[-–—]\s*${TIME})?[\])]?\s*[-–—:.]?$`, 'i');
/** A time opening a line (`09:40 mic not working`, `[10:12] Ana: ...`), with what separates it from the words. */
export const TIMESTAMP_MARK = new RegExp(String.raw`^(?:\[${TIME}\]|\(${TIME}\)|(?:[01]?\d|2[0-3])(?::|h)[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?|h)?)\s*[-–—:]?\s+(?=\S)`, 'i');
/** A line that says it continues the one above (`(cont) ...`, `cont'd: ...`). */
export const CONTINUATION = /^(?:\((?:cont|contd|cont'd|continued)\.?\)|(?:cont'd|contd|cont\.)[:\s])/i;
/** A new speaker opening a line: `Ana:`, `Ion (BRD):`, `Dr. Musyoka:` (up to four words before the colon). */
export const SPEAKER = /^[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,3}(?:\s*\([^()]{1,40}\))?:\s/u;
export const IMAGE_LINE = /^(?:(?:\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)|\[image:?[^\]]*\]|<img\b[^>]*>)\s*)+$/i;
export const LINK_LINE = /^(?:\[[^\]]*\]\([^)]*\)|<https?:[^>\s]+>|https?:\/\/\S+)$/i;
export const LETTER = /\p{L}/u;

export const hasLetters = (s: string): boolean => LETTER.test(s);
export const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
export const endsSentence = (s: string): boolean => /[.!?…]["'”’)\]*_]*$/.test(s);
export const startsLower = (s: string): boolean => /^\p{Ll}/u.test(s);
export const startsUpperOrDigit = (s: string): boolean => /^[\p{Lu}\p{Lt}\p{N}"“‘'(]/u.test(s);

/** Mask `[[key:value]]` tags with spaces (same length, so offsets hold) and collect them as metadata. */
export function maskTags(text: string, metadata: Record<string, string[]>): { masked: string; tags: Array<[number, number]> } {
  const tags: Array<[number, number]> = [];
  const masked = text.replace(TAG, (whole, key: string, value: string, offset: number) => {
    addMeta(metadata, key, value);
    tags.push([offset, offset + whole.length]);
    return ' '.repeat(whole.length);
  });
  return { masked, tags };
}

export function addMeta(metadata: Record<string, string[]>, key: string, value: string): void {
  const k = key.trim().toLowerCase().replace(/\s+/g, ' ');
  const v = value.trim();
  if (!k || !v) return;
  // A table made by dict(): a key such as "__proto__" or "constructor" is stored as data.
  let values = own(metadata, k);
  if (!values) metadata[k] = values = [];
  values.push(v);
}

/** Strip emphasis markers wrapping a string (`**x**`, `_x_`). */
export function unwrapEmphasis(s: string): string {
  let t = s.trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_)([\s\S]+)\1$/.exec(t);
    if (!m || m[2]!.includes(m[1]!)) return t;
    t = m[2]!.trim();
  }
}

/** Heading or question text for a section: markers, emphasis, a final colon and form instructions removed. */
export function cleanHeading(s: string): string {
  let t = s.replace(/(?<!\s)\s+#+\s*$/, '').replace(/^\s*(?:>\s?)+/gm, '').replace(/\s+/g, ' ').trim();
  // A heading framed by rules ("=== SHEET 1 – IDEAS ===", "--- Group B ---") is its words.
  t = t.replace(/^([=~*#-])\1{1,}\s*(.*?\S)\s*\1{2,}$/, '$2');
  t = unwrapEmphasis(t).replace(/^[*_]+|(?<![*_])[*_]+$/g, '').trim();
  t = t.replace(/(?<!\s)\s*\((?:please|select|choose|tick|check|mark|max|optional|multiple)[^)]*\)$/i, '').trim();
  return t.replace(/(?<!\s)\s*:$/, '').trim();
}

/** Shrink [s, e) inside emphasis markers that wrap the whole span (`**text**` -> text). */
export function narrowEmphasis(text: string, s: number, e: number): [number, number] {
  for (;;) {
    const span = text.slice(s, e);
    const m = /^(\*\*|__|\*|_)(?=\S)[\s\S]*\S\1$/.exec(span);
    if (!m || span.slice(m[1]!.length, span.length - m[1]!.length).includes(m[1]!)) return [s, e];
    s += m[1]!.length;
    e -= m[1]!.length;
  }
}

/** A chat export's line: "From <sender> to <audience>: <message>" (Zoom), the time already cut off. */
const CHAT_LINE = /^from\s+(\S.{0,59}?)\s+to\s+[^:]{1,40}:\s+(\S.*)$/i;
/** A message that says who is here: "Hi all, Ana from UNDP here", "Hello everyone, Ana (UNDP) here". */
const HERE_INTRO = /^(?:hi|hello|hey|good (?:morning|afternoon|evening))\b.{0,60}?\s+here\W*$/i;

/**
 * Does a chat line only introduce its sender? Its message opens with the sender's own name and goes on with an
 * organisation or role ("From Ana Petrović to Everyone: Ana Petrović, UNDP Skopje"; the name in either script), or
 * says who is here ("Hi all, Ana from UNDP here"). Such a line is who came (an attendee), not what was said.
 */
export function introducesSender(body: string, fold: (word: string) => string): boolean {
  const chat = CHAT_LINE.exec(body);
  const message = chat ? chat[2]! : body;
  if (words(message) > 15 || /[?]/.test(message)) return false;
  if (HERE_INTRO.test(message)) return true;
  if (!chat) return false;
  const name = chat[1]!.split(/\s+/).map(fold);
  const said = message.split(/[\s,;(–—-]+/).filter(Boolean).map(fold);
  return name.every((w, i) => said[i] === w) && /^[^,;(–—-]+[,;(–—-]\s*\S/.test(message);
}

