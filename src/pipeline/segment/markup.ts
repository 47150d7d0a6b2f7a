// Notes segmentation: what notes published on a website carry besides what was said (a YAML front-matter block, HTML
// tags around an image, a photo's caption), set aside as metadata or as no content.
import type { Line } from './lines.ts';

/** A front-matter line: `key: value`, `key:` (a list follows), a list item or an indented continuation. */
const FRONT_MATTER_FIELD = /^([A-Za-z_][\w-]{0,40})\s*:(?:\s+(.*))?$/;
const FRONT_MATTER_MORE = /^(?:-\s|-$)/;
/** Front matter longer than this is no front matter (a long document that happens to open with a rule). */
const FRONT_MATTER_MAX_LINES = 80;

/** A value as written in YAML: its quotes taken off. */
function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1).trim() : v;
}

/**
 * A YAML front-matter block (Jekyll, Hugo and other site generators: a `---` line first, `key: value` lines, a closing
 * `---`): each `key: value` becomes a metadata field of the document ("title", "date", "author"), everything else in it
 * (the rules, empty keys, list items) is set aside as metadata. Only at the very top of the document, only when every
 * line inside reads as front matter; otherwise nothing changes.
 */
export function markFrontMatter(lines: Line[]): void {
  let first = 0;
  while (first < lines.length && lines[first]!.cs === lines[first]!.ce) first++;
  if (first >= lines.length || lines[first]!.content !== '---') return;
  let close = -1;
  let fields = 0;
  // A list item belongs to a key with no value above it ("categories:" then "- blog"): a rule, a list and a rule
  // are no front matter.
  let listOpen = false;
  for (let i = first + 1; i < lines.length && i <= first + FRONT_MATTER_MAX_LINES; i++) {
    const l = lines[i]!;
    if (l.content === '---' || l.content === '...') {
      close = i;
      break;
    }
    if (l.cs === l.ce) continue;
    const field = FRONT_MATTER_FIELD.exec(l.content);
    if (field && !l.indented) {
      fields++;
      listOpen = field[2] === undefined || field[2].trim() === '';
    } else if (!(fields > 0 && (l.indented || (listOpen && FRONT_MATTER_MORE.test(l.content))))) return;
  }
  if (close < 0 || fields === 0) return;
  for (let i = first; i <= close; i++) {
    const l = lines[i]!;
    if (l.cs === l.ce) continue;
    const field = !l.indented ? FRONT_MATTER_FIELD.exec(l.content) : null;
    const value = field?.[2] !== undefined ? unquote(field[2]) : '';
    if (field && value && /\p{L}|\d/u.test(value)) Object.assign(l, { kind: 'meta', key: field[1]!.toLowerCase(), value, reason: 'metadata' });
    else Object.assign(l, { kind: 'skip', reason: 'metadata' });
  }
}

/** An HTML tag (or the start of one cut at the line's end). */
const TAG = /<\/?[A-Za-z][^<>]*(?:>|$)/g;
/** Lines a caption element may run over. */
const CAPTION_MAX_LINES = 4;
/** Elements that hold an image's caption. */
const CAPTION_OPEN = /<(small|figcaption|caption)\b[^>]*>/i;
const CAPTION_CLOSE = new Map(['small', 'figcaption', 'caption'].map((tag) => [tag, new RegExp(`</${tag}\\s*>`, 'i')]));
/**
 * A caption written out ("*Caption: staff at the pain-points wall*", "Photo: the bus stop", "Figure 2: ..."); not a
 * word of a point ("Image-based abuse is rising").
 */
const CAPTION_LINE = /^[*_]*(?:caption|photo|image|picture|figure\s*\d+[a-z]?|fig\.\s*\d+[a-z]?)(?:\s*:|\s+[–—-]|\.)\s+\S/i;

/**
 * A short label (up to four words) and then only a link ("PR: [#3509](https://...)", "Mastodon: https://..."): where to
 * read more, no point. A sentence before the link says something ("Apply to a local hub: [form](https://...)").
 */
const LABELLED_LINK = /^[*_]*\p{L}[^\s:[\]()]*(?:\s+[^\s:[\]()]+){0,3}:[*_]*\s*(?:\[[^\]]*\]\([^)\s]*\)|<https?:[^>\s]+>|https?:\/\/\S+)\s*$/u;

/** Has the line words of its own once its tags are taken out? */
function wordsBesideTags(content: string): boolean {
  return /[\p{L}\p{N}]/u.test(content.replace(TAG, ''));
}

/**
 * The lines of a web page's markup that say nothing themselves, set aside: tags alone (`<small>`, `</p>`, `<p
 * class="text-center"><img ... /><br />`) as markup, and an image's caption as a caption: inside a `<small>`,
 * `<figcaption>` or `<caption>` element, or a line opening with "Caption:", "Photo:", "Image:", "Figure 2:"; and a
 * short label with only a link after it. A line with words of its own outside a caption stays (`<p>Bus stops need
 * benches</p>` is a point).
 */
export function markMarkup(lines: Line[]): void {
  // The closing tag of the caption element a line left open.
  let inCaption: RegExp | null = null;
  // A caption element left open ends at a blank line or after a few lines: what follows is the notes again.
  let captionLines = 0;
  for (const l of lines) {
    if (l.kind === 'blank') inCaption = null;
    if (l.kind !== 'text' && l.kind !== 'item') continue;
    const c = l.content;
    if (inCaption !== null && ++captionLines <= CAPTION_MAX_LINES) {
      Object.assign(l, { kind: 'skip', reason: 'caption' });
      if (inCaption.test(c)) inCaption = null;
      continue;
    }
    inCaption = null;
    const body = c.slice(l.bs - l.cs);
    if (CAPTION_LINE.test(body)) {
      Object.assign(l, { kind: 'skip', reason: 'caption' });
      continue;
    }
    if (LABELLED_LINK.test(body)) {
      Object.assign(l, { kind: 'skip', reason: 'link' });
      continue;
    }
    if (!c.startsWith('<')) continue;
    const open = CAPTION_OPEN.exec(c);
    const close = open && CAPTION_CLOSE.get(open[1]!.toLowerCase())!;
    if (open && close && !close.test(c.slice(open.index))) [inCaption, captionLines] = [close, 0];
    if (open && c.startsWith(open[0])) Object.assign(l, { kind: 'skip', reason: 'caption' });
    else if (!wordsBesideTags(c)) Object.assign(l, { kind: 'skip', reason: 'markup' });
  }
}
