// The overview picture of a scope's theme tree: a squarified treemap (SVG, no script), themes sized by answers, sub-themes inside.
import { escapeXml } from './charts.ts';

export interface TreemapCell {
  label: string;
  value: number;
  /** Where the cell links (a theme's anchor or page). */
  href: string;
  /** Greyed (the Other theme). */
  muted?: boolean;
  children?: { label: string; value: number }[];
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The viewBox is this wide: at 390 px on a phone the text is drawn at about its nominal size. */
const WIDTH = 320;
const HEADER = 17;
const FONT = 13;
/** Light fills, so black text stays readable on screen and in black-and-white print. */
const FILLS = ['#dbe9f6', '#fde2c4', '#d5efd5', '#f3d6e6', '#e6e0f3', '#f6f1c7', '#d6eeee', '#f1dcd4'];
const SUB_FILLS = ['#eef5fb', '#fef1e2', '#eaf7ea', '#f9ebf3', '#f3f0f9', '#fbf8e3', '#eaf7f7', '#f8eeea'];

function worst(row: readonly number[], side: number): number {
  const s = row.reduce((a, b) => a + b, 0);
  const max = Math.max(...row);
  const min = Math.min(...row);
  return Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
}

/**
 * Squarified treemap (Bruls, Huizing and van Wijk, 2000): rectangles for the values (in the order given, which
 * should be largest first) filling `area`, each with an area proportional to its value and as near square as the
 * rows allow. Zero values get empty rectangles.
 */
export function squarify(values: readonly number[], area: Rect): Rect[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  const out: Rect[] = values.map(() => ({ x: area.x, y: area.y, w: 0, h: 0 }));
  if (total <= 0 || area.w <= 0 || area.h <= 0) return out;
  const scale = (area.w * area.h) / total;
  const items = values.map((v, i) => ({ i, a: Math.max(0, v) * scale })).filter((x) => x.a > 0);
  const rect = { ...area };
  let row: { i: number; a: number }[] = [];
  const layRow = (): void => {
    const s = row.reduce((a, b) => a + b.a, 0);
    if (rect.w >= rect.h) {
      const width = s / rect.h;
      let y = rect.y;
      for (const r of row) {
        const h = r.a / width;
        out[r.i] = { x: rect.x, y, w: width, h };
        y += h;
      }
      rect.x += width;
      rect.w -= width;
    } else {
      const height = s / rect.w;
      let x = rect.x;
      for (const r of row) {
        const w = r.a / height;
        out[r.i] = { x, y: rect.y, w, h: height };
        x += w;
      }
      rect.y += height;
      rect.h -= height;
    }
    row = [];
  };
  for (const item of items) {
    const side = Math.min(rect.w, rect.h);
    const areas = row.map((r) => r.a);
    if (row.length === 0 || worst([...areas, item.a], side) <= worst(areas, side)) row.push(item);
    else {
      layRow();
      row.push(item);
    }
  }
  if (row.length) layRow();
  return out;
}

const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * How wide a character is drawn, in em, normal and bold: the advance widths of DejaVu Sans (the sans-serif Linux
 * browsers fall back to, and the widest of the common ones: Arial, Helvetica and Roboto are narrower), rounded up,
 * so a label measured by them fits in whichever font the reader's browser picks. An estimate of 0.55 em a character
 * let "Younger relatives; women'…" run 5 px past a 390 px phone's screen in DejaVu Sans Bold (0.69 em a character).
 */
function charWidth(c: string, bold: boolean): number {
  if (/[ijlI.,;:'’|!]/.test(c)) return bold ? 0.38 : 0.32;
  if (/[frt()\-/ ]/.test(c)) return bold ? 0.5 : 0.41;
  if (/[mwMW…%@]/.test(c)) return bold ? 1.1 : 1.0;
  if (/\p{N}/u.test(c)) return bold ? 0.7 : 0.64;
  if (c.codePointAt(0)! >= 0x2e80) return 1.0; // CJK and other full-width scripts
  if (/\p{Lu}/u.test(c)) return bold ? 0.85 : 0.8;
  return bold ? 0.73 : 0.64;
}

/** The width `text` takes at `font` px. */
export function textWidth(text: string, font: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c, bold);
  return em * font;
}

/** The longest start of `text` (cut at a character, with "…") that fits in `width`; '' when under four letters fit. */
function cut(text: string, width: number, font: number, bold: boolean): string {
  if (textWidth(text, font, bold) <= width) return text;
  const chars = [...text];
  // The width of each start, once (in em, summed in order as textWidth does).
  const ems = [0];
  for (const c of chars) ems.push(ems[ems.length - 1]! + charWidth(c, bold));
  const ellipsis = charWidth('…', bold);
  // The start of n characters, its spaces at the end left off.
  const kept = (n: number): number => {
    let m = n;
    while (m > 0 && /\s/u.test(chars[m - 1]!)) m--;
    return m;
  };
  let n = chars.length - 1;
  while (n > 0 && (ems[kept(n)]! + ellipsis) * font > width) n--;
  return n < 4 ? '' : `${chars.slice(0, kept(n)).join('')}…`;
}

/**
 * The label on at most `maxLines` lines that fit in `width` (3 units of padding each side), broken between words;
 * the last line cut with "…" when the label runs on. [] when not even one line of four letters fits.
 */
export function wrapLabel(label: string, width: number, font: number, maxLines: number, bold = false): string[] {
  if (maxLines <= 0) return [];
  const room = width - 6;
  const lines: string[] = [];
  const words = label.split(/\s+/).filter(Boolean);
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (textWidth(next, font, bold) <= room) {
      line = next;
      continue;
    }
    if (!line || lines.length === maxLines - 1) {
      // A word too long for a line alone, or the last line: cut it here.
      const last = cut([line, ...words.slice(i)].join(' ').trim(), room, font, bold);
      if (last) lines.push(last);
      return lines;
    }
    lines.push(line);
    line = words[i]!;
  }
  if (line) {
    const last = cut(line, room, font, bold);
    if (last) lines.push(last);
  }
  return lines.slice(0, maxLines);
}

/** SVG text of `lines` from (x, y), one line every `font + 2` units. */
function textLines(lines: readonly string[], x: number, y: number, font: number, bold: boolean): string {
  if (lines.length === 0) return '';
  const spans = lines.map((l, i) => `<tspan x="${f(x)}" ${i === 0 ? `y="${f(y)}"` : `dy="${font + 2}"`}>${escapeXml(l)}</tspan>`).join('');
  return `<text font-size="${font}"${bold ? ' font-weight="bold"' : ''}>${spans}</text>`;
}

/**
 * The scope's treemap as SVG: one linked cell per theme (its label and count on a header strip), its sub-themes
 * as cells inside. Every text is escaped; each cell has a <title> with the full label and count, so a cell too
 * small for its label still says what it is. Returns '' when there is nothing to draw.
 */
export function renderTreemap(cells: readonly TreemapCell[], options: { title: string; unit?: string }): string {
  const shown = cells.filter((c) => c.value > 0);
  if (shown.length === 0) return '';
  const unit = options.unit ?? 'answers';
  const total = shown.reduce((a, c) => a + c.value, 0);
  // Taller for more themes, so each keeps room for a header.
  const height = Math.round(Math.min(640, Math.max(220, 60 * Math.sqrt(shown.length) + 40 * Math.sqrt(total / 20))));
  const rects = squarify(shown.map((c) => c.value), { x: 0, y: 0, w: WIDTH, h: height });
  const parts: string[] = [];
  shown.forEach((cell, t) => {
    const r = rects[t]!;
    const fill = cell.muted ? '#eeeeee' : FILLS[t % FILLS.length]!;
    const subFill = cell.muted ? '#f6f6f6' : SUB_FILLS[t % SUB_FILLS.length]!;
    const head = `${cell.label} (${cell.value})`;
    const inner: string[] = [`<title>${escapeXml(`${cell.label}: ${cell.value} ${unit}`)}</title>`];
    inner.push(`<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${fill}" stroke="#333" stroke-width="1"/>`);
    const children = (cell.children ?? []).filter((c) => c.value > 0);
    const nested = children.length > 1 && r.h > HEADER + 14 && r.w > 20;
    // A theme with its sub-themes inside has one header line; a theme alone has the lines its cell has room for.
    // (Two header lines where the cell is tall enough to spare the second.)
    const headLines = r.h >= FONT + 4 ? (nested ? (r.h > 6 * HEADER ? 2 : 1) : Math.max(1, Math.floor((r.h - 4) / (FONT + 2)))) : 0;
    const header = wrapLabel(head, r.w, FONT, headLines, true);
    inner.push(textLines(header, r.x + 3, r.y + FONT + 1, FONT, true));
    if (nested) {
      const top = HEADER + Math.max(0, header.length - 1) * (FONT + 2);
      const area = { x: r.x + 2, y: r.y + top, w: r.w - 4, h: r.h - top - 2 };
      const subRects = squarify(children.map((c) => c.value), area);
      children.forEach((child, j) => {
        const s = subRects[j]!;
        const subLines = s.h >= FONT ? Math.floor((s.h - 2) / (FONT + 1)) : 0;
        const text = textLines(wrapLabel(`${child.label} (${child.value})`, s.w, FONT - 1, subLines), s.x + 3, s.y + FONT, FONT - 1, false);
        inner.push(
          `<g><title>${escapeXml(`${cell.label} › ${child.label}: ${child.value} ${unit}`)}</title>` +
            `<rect x="${f(s.x)}" y="${f(s.y)}" width="${f(s.w)}" height="${f(s.h)}" fill="${subFill}" stroke="#777" stroke-width="0.5"/>` +
            text +
            '</g>',
        );
      });
    }
    parts.push(`<a href="${escapeXml(cell.href)}">${inner.join('')}</a>`);
  });
  const title = escapeXml(options.title);
  // A group, not an image: its cells are links, and an image may not hold interactive content.
  return (
    `<svg class="treemap" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="group" aria-label="${title}" font-family="sans-serif">` +
    `<title>${title}</title>${parts.join('')}</svg>`
  );
}
