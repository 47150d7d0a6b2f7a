// Personal data: folding a name's letters for comparison, and replacing spans of a text.
import type { PiiSpan } from '../model/index.ts';

/** What each kind of personal data is replaced by. */
export const PLACEHOLDERS: Readonly<Record<PiiSpan['kind'], string>> = Object.freeze({ email: '[email]', phone: '[phone]', person: '[name]' });

/** Length-preserving fold for name search: lower case, straight apostrophes, no diacritics, plain spaces. */
export function foldChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += (code >= 9 && code <= 13) || code === 32 ? ' ' : ch.toLowerCase();
      continue;
    }
    let f = ch.toLowerCase();
    if (f.length !== ch.length) f = ch;
    if (f === 'đ') f = 'd';
    else if (/[\u2018\u2019]/.test(f)) f = "'";
    else if (/\s/.test(f)) f = ' ';
    else {
      const base = f.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === f.length) f = base;
    }
    out += f;
  }
  return out;
}

/** Keep the first-listed span where spans overlap (callers list higher-priority kinds first), in text order. */
export function dropOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const kept: PiiSpan[] = [];
  for (const s of spans) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Replace spans (offsets into `text`) with placeholders; spans whose offsets do not match their text are skipped. */
export function replaceSpans(text: string, spans: readonly PiiSpan[]): string {
  const valid = spans
    .filter((s) => s.end > s.start && s.end <= text.length && text.slice(s.start, s.end) === s.text)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of valid) {
    if (span.start < at) continue; // overlaps a span already replaced
    out += text.slice(at, span.start) + PLACEHOLDERS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}

export const upper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
