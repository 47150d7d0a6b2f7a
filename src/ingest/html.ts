// HTML (and DOCX via mammoth) to Markdown-like notes: ATX headings, "-" bullets, "1." items, pipe tables, no scripts or styles.
import TurndownService from 'turndown';
import type { IngestedNotes } from '../model/index.ts';
import { fileError } from './common.ts';
import { checkText, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';
import { bomOf, decodeTextBytes, decodeWindows1252, isUtf8, type DecodedText } from './encoding.ts';
import { normaliseLineEnds } from './text.ts';

/** Markdown link target used instead of inline `data:` images, which can be megabytes long. */
export const EMBEDDED_IMAGE = 'embedded-image';

type TNode = TurndownService.Node;

/** Cell text on one line: inner line breaks become spaces. */
function cellText(content: string): string {
  return content.replace(/\s*\n+\s*/g, ' ').trim();
}

/** The number of <td>/<th> children of a table row. */
function cellCount(row: TNode): number {
  let n = 0;
  for (const child of Array.from(row.childNodes)) if (child.nodeName === 'TD' || child.nodeName === 'TH') n += 1;
  return n;
}

/** True for the first row of its table (whether it sits in <thead>, <tbody> or directly in <table>). */
function isFirstRow(row: TNode): boolean {
  let table: Node | null = row.parentNode;
  while (table && table.nodeName !== 'TABLE') table = table.parentNode;
  if (!table) return false;
  const first = (table as Element).querySelector('tr');
  return first === row;
}

function createConverter(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '_',
    strongDelimiter: '**',
  });
  // Quotes are later checked verbatim against this text, so no backslash escapes are added to it.
  service.escape = (text: string) => text;
  service.remove(['script', 'style', 'head', 'title', 'noscript', 'template', 'iframe', 'object', 'nav']);
  service.remove((node) => node.nodeName.toLowerCase() === 'svg');

  service.addRule('lineBreak', {
    filter: 'br',
    replacement: () => '\n',
  });
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as Element | null;
      let prefix = '- ';
      if (parent && parent.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        const index = Array.prototype.indexOf.call(parent.children, node);
        prefix = `${(Number.isFinite(start) ? start : 1) + index}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/g, `\n${' '.repeat(prefix.length)}`);
      return `${prefix}${body}${node.nextSibling ? '\n' : ''}`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as Element;
      const alt = (element.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      const src = (element.getAttribute('src') ?? '').trim();
      if (!src) return alt ? `![${alt}]()` : '';
      return `![${alt}](${src.toLowerCase().startsWith('data:') ? EMBEDDED_IMAGE : src})`;
    },
  });
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => ` ${cellText(content)} |`,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const row = `|${content}\n`;
      if (!isFirstRow(node)) return row;
      const separator = `|${' --- |'.repeat(Math.max(1, cellCount(node)))}\n`;
      return `\n\n${row}${separator}`;
    },
  });
  service.addRule('tableSection', {
    filter: ['thead', 'tbody', 'tfoot'],
    replacement: (content) => content,
  });
  service.addRule('table', {
    filter: 'table',
    replacement: (content) => `\n\n${content.replace(/^\n+/, '').replace(/\n+$/, '')}\n\n`,
  });
  return service;
}

let converter: TurndownService | null = null;

/** Elements that never hold others. */
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements the parser closes by itself when a sibling starts (or that appear once): they cannot stack up. */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'rtc', 'html', 'head', 'body']);
/** Elements whose content is text up to their end tag, not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const TAG_NAME = /<(\/?)([a-zA-Z][^\s/>]*)/y;

/**
 * True when the elements of `html` nest deeper than `max`, by one pass over the tags (linear time): start tags
 * open, end tags close. Parsing HTML costs time growing with the square of the nesting, and turning it into text
 * recurses once per level, so a page of 100,000 nested <div>s must be refused before either. Elements that
 * cannot stack (void elements, <p>, <li>, table cells...) are not counted; inside <svg> and <math>, "<x/>" closes itself.
 */
export function nestsDeeperThan(html: string, max: number): boolean {
  let depth = 0;
  let foreign = 0;
  let i = 0;
  let lower: string | null = null;
  for (;;) {
    i = html.indexOf('<', i);
    if (i < 0) return false;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
      continue;
    }
    TAG_NAME.lastIndex = i;
    const m = TAG_NAME.exec(html);
    if (!m) {
      i += 1;
      continue;
    }
    const end = html.indexOf('>', TAG_NAME.lastIndex);
    if (end < 0) return false;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const selfClosing = html[end - 1] === '/';
    i = end + 1;
    if (!closing && RAW_TEXT.has(name)) {
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, i);
      if (close < 0) return false;
      i = close;
      continue;
    }
    if (VOID.has(name) || SELF_CLOSING_SIBLINGS.has(name)) continue;
    if (name === 'svg' || name === 'math') {
      if (closing) foreign = Math.max(0, foreign - 1);
      else if (!selfClosing) foreign += 1;
    }
    if (closing) depth = Math.max(0, depth - 1);
    else if (!(selfClosing && foreign > 0) && ++depth > max) return true;
  }
}

/**
 * Convert HTML to Markdown-like lines (ATX headings, "-" bullets, "1." numbered items, pipe tables). HTML nesting
 * deeper than `limits.nesting` is refused (MALFORMED_FILE naming `limits.name`) before it is parsed.
 */
export function htmlToMarkdown(html: string, limits: { name: string; nesting: number } = { name: 'the page', nesting: DEFAULT_READER_LIMITS.nesting }): string {
  if (nestsDeeperThan(html, limits.nesting)) {
    throw fileError('MALFORMED_FILE', limits.name, `the file was refused because its elements nest more than ${limits.nesting} levels deep, which no real document needs.`);
  }
  converter ??= createConverter();
  const markdown = converter.turndown(html);
  // Non-breaking spaces from word processors become plain spaces; trailing spaces on lines carry nothing.
  return normaliseLineEnds(markdown)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The charset an HTML file declares in a <meta> tag, if any. */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const match = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return match ? match[1].toLowerCase() : null;
}

/** Decode HTML bytes: BOM and valid UTF-8 first, then the declared charset, then the likeliest legacy encoding. */
export function decodeHtml(bytes: Uint8Array): DecodedText {
  const charset = declaredCharset(bytes);
  if (charset && !/^utf-?8$/.test(charset) && !bomOf(bytes) && !isUtf8(bytes)) {
    if (/^(?:windows-1252|cp1252|iso-8859-1|latin-?1|us-ascii)$/.test(charset)) return { text: decodeWindows1252(bytes), encoding: 'windows-1252', warning: null };
    try {
      const decoder = new TextDecoder(charset);
      return { text: decoder.decode(bytes), encoding: decoder.encoding, warning: null };
    } catch {
      // Unknown label: fall through to the usual decoding.
    }
  }
  return decodeTextBytes(bytes);
}

/** Read an .html file into notes, within the limits on nesting and text. */
export function readHtml(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): IngestedNotes {
  const decoded = decodeHtml(bytes);
  const text = htmlToMarkdown(decoded.text, { name, nesting: limits.nesting });
  if (text === '') throw fileError('EMPTY_FILE', name, 'the page has no text.');
  checkText(name, text, limits);
  return { kind: 'notes', name, format: 'html', text, encoding: decoded.encoding, ...(decoded.warning ? { warnings: [decoded.warning] } : {}) };
}
