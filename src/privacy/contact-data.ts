// Personal data: e-mail addresses and phone numbers, in any script.
import type { PiiSpan } from '../model/index.ts';
import { dropOverlaps } from './text-spans.ts';

// Letters and digits of any script on both sides of the "@" ("jelena.babić@udruženje.rs" is an address too).
export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// A chat's mention of someone by their handle ("@amina.k", "thx @Tomasz"), not an e-mail address's domain, a
// channel-wide mention ("@here", "@channel", "@everyone", "@all") or an acronym's account ("@UNDP").
const HANDLE = /(?<![\p{L}\p{N}\p{M}._%+-])@(\p{L}[\p{L}\p{N}\p{M}._-]{0,38}[\p{L}\p{N}\p{M}])(?![\p{L}\p{N}\p{M}@])/gu;
const CHANNEL_MENTION = /^(?:here|channel|everyone|all|team|group)$/iu;
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}.,/-])(?:\+|00)?\(?\d[\d\s().\/\u2013-]{5,}\d(?![\p{L}\p{N}])/gu;

/** Is this digit run a phone number rather than a year range, date, coordinate or amount? */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  const trimmed = candidate.trim();
  if (/^\d{4}\s*[-\u2013/]\s*\d{4}$/.test(trimmed)) return false; // 2021-2025, 1244/1999
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(trimmed)) return false; // 22/11/2024
  if (/^\d{4}[./-]\d{1,2}[./-]\d{1,2}$/.test(trimmed)) return false; // 2024-03-14
  if (/\d\.\d{5,}/.test(trimmed)) return false; // 44.2221476
  if (/\n/.test(candidate)) return false;
  if (/^(?:\+|00)/.test(trimmed)) return true;
  // Local numbers start with 0 or are grouped (064/123-4567, 011 123 4567); a bare 8+ digit run also counts.
  return /^0/.test(trimmed) || /^\(?\d{2,4}\)?[\s/.-]/.test(trimmed) || /^\d{8,}$/.test(trimmed);
}

/** E-mail addresses and phone numbers in a text (8-15 digits; not years, year ranges, dates or coordinates). */
export function findContactData(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  // An address needs an "@", a phone number digits: most answers have neither.
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) spans.push({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
    for (const m of text.matchAll(HANDLE)) if (!CHANNEL_MENTION.test(m[1]!) && !/^\p{Lu}{2,}$/u.test(m[1]!)) spans.push({ kind: 'person', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  if (/\d/.test(text)) {
    for (const m of text.matchAll(PHONE_CANDIDATE)) {
      const raw = m[0].replace(/[\s.\/-]+$/, '');
      if (isPhone(raw)) spans.push({ kind: 'phone', start: m.index, end: m.index + raw.length, text: raw });
    }
  }
  return dropOverlaps(spans);
}

/** The e-mail addresses in a text. */
export function emailAddressesIn(text: string): string[] {
  return text.includes('@') ? [...text.matchAll(EMAIL)].map((m) => m[0]) : [];
}
