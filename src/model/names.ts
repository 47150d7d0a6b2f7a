// One place that cleans names a person typed or a file carried (consultations, uploaded files, restored backups) before they are stored or shown.
import { LIMITS } from './limits.ts';

/**
 * Control characters (NUL, escape, C1 controls...) and bidirectional controls (U+202A-U+202E overrides and
 * embeddings, U+2066-U+2069 isolates, LRM, RLM, ALM): "evil\u202Egnp.txt" would show as "eviltxt.png".
 * Also the zero-width no-break space (a stray byte-order mark) and the line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Bidi_Control}\uFEFF\u2028\u2029]/gu;
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

/** Cut text to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/**
 * A name as Harvest keeps it: line breaks and tabs become spaces, control and bidirectional-override characters
 * are removed, runs of spaces are one, and it is trimmed and cut to `max` characters. May return ''.
 */
export function cleanName(raw: string, max: number = LIMITS.consultationName): string {
  return cut(raw.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim(), max);
}

/** Longer text typed by a person (a description): line breaks and tabs are kept, other controls and bidi overrides removed. */
export function cleanText(raw: string, max: number = LIMITS.description): string {
  return cut(raw.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n').replace(/[\p{Bidi_Control}\uFEFF]|[^\P{Cc}\n\t]/gu, '').trim(), max);
}

/** An uploaded or restored file's name as kept: cleaned like any name, "unnamed file" when nothing is left. */
export function cleanFileName(raw: string): string {
  return cleanName(raw, LIMITS.fileName) || 'unnamed file';
}
