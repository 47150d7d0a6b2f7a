// Written forms: how the members of a theme write a phrase (its casing, possessives), and whether a word is a name.
import { rememberedBy } from './text.ts';

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** True when the code point ending just before `i` is a letter or digit. */
function wordCharBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const low = text.charCodeAt(i - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff ? i - 2 : i - 1;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}

/** True when the code point starting at `i` is a letter or digit. */
function wordCharAt(text: string, i: number): boolean {
  return i < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
}

/**
 * The pattern of a phrase's words, case aside, perhaps joined by a possessive: made once per phrase (asked again for each
 * theme and sub-theme that has it; bounded).
 */
const phrasePattern = rememberedBy(5_000, (phrase) => {
  const words = phrase.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Words may be joined by a possessive, which the tokens leave out ("man job" is written "man's job").
  return new RegExp(words.join("(?:['’]s?)?[\\s\\u00a0]+"), 'giu');
});

/**
 * The phrase as the members wrote it most often ("STEM", "UN Women" rather than "stem", "un women"),
 * found case-insensitively in their texts, as a whole word sequence; the lower-case phrase when it is not found
 * verbatim. The word boundaries are checked beside each match rather than in the regex: a case-insensitive
 * regex with Unicode letter classes takes about 0.4 ms to compile, for the label and each key term of each theme.
 */
export function asWritten(phrase: string, texts: readonly string[], lowered?: readonly string[]): string {
  const re = phrasePattern(phrase);
  // A text without each word of an ASCII phrase (lower-cased; the long s is the one other letter the regex folds
  // to an ASCII one) cannot match: only the others are searched.
  const required = lowered && /^[\x20-\x7e]*$/.test(phrase) ? phrase.toLowerCase().split(' ') : null;
  // Forms written mid-sentence; forms at the start of a sentence, whose first capital says nothing.
  const counts = new Map<string, number>();
  const initial = new Map<string, number>();
  for (const [i, text] of texts.entries()) {
    if (required && !required.every((w) => lowered![i]!.includes(w))) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (wordCharBefore(text, m.index) || wordCharAt(text, end)) {
        // Not a whole word sequence: look again from the next character (a match may start inside this one).
        re.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
        continue;
      }
      const into = startsSentence(text, m.index) ? initial : counts;
      into.set(m[0], (into.get(m[0]) ?? 0) + 1);
    }
  }
  // Prefer the commonest form mid-sentence; among equals, the one with capitals kept only where writers used them.
  // Seen only at sentence starts: the commonest form, its first capital dropped unless the rest has capitals too
  // ("Ministry" -> "ministry", "Ministry of Education" and "ICT" kept).
  const commonest = (forms: Map<string, number>): string | undefined => [...forms.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]?.[0];
  let best = commonest(counts);
  if (best === undefined) {
    best = commonest(initial);
    if (best !== undefined && !/\p{Lu}/u.test(best.slice(1))) best = best.charAt(0).toLowerCase() + best.slice(1);
  }
  return best !== undefined ? best.replace(/\s+/g, ' ') : phrase;
}

/** Does position `i` of a text start a sentence (nothing before it but spaces, quotes, brackets or list marks since a full stop, colon or line break)? */
function startsSentence(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const ch = text[j]!;
    if (/[.!?:;\n]/.test(ch)) return true;
    if (!/[\s"“‘'(\[*•\-–]/.test(ch)) return false;
  }
  return true;
}

/**
 * Do a word's writers mostly capitalise it mid-sentence (a name: "Wordpress", "Cocoa"), in these texts?
 * `lowered`: the texts lower-cased with the long s as "s" (as asWritten takes them). An ASCII word is then found
 * in them with indexOf, its boundaries checked in the text itself: the matches of the case-insensitive regex
 * below, without compiling it (its Unicode classes take a fraction of a millisecond each time, for every
 * candidate word of every theme). Lower-casing keeps each position except for "İ" (two characters lower-cased):
 * a text whose lower-cased form is longer is searched with the regex.
 */
export function writtenAsName(word: string, texts: readonly string[], lowered?: readonly string[]): boolean {
  if (!/^[\p{L}\p{N}]+$/u.test(word)) return false;
  const needle = lowered && /^[\x20-\x7e]*$/.test(word) ? word.toLowerCase() : null;
  let re: RegExp | null = null;
  let named = 0;
  let plain = 0;
  const count = (text: string, at: number, found: string): void => {
    if (startsSentence(text, at)) return;
    if (/^\p{Lu}/u.test(found)) named++;
    else plain++;
  };
  for (const [i, text] of texts.entries()) {
    const low = needle === null ? null : lowered![i]!;
    if (low !== null && !low.includes(needle!)) continue;
    if (low !== null && low.length === text.length) {
      for (let at = low.indexOf(needle!); at >= 0; ) {
        const end = at + needle!.length;
        if (wordCharBefore(text, at) || wordCharAt(text, end)) {
          at = low.indexOf(needle!, at + 1);
          continue;
        }
        count(text, at, text.slice(at, end));
        at = low.indexOf(needle!, end);
      }
      continue;
    }
    re ??= new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'giu');
    for (const m of text.matchAll(re)) count(text, m.index, m[0]);
  }
  return named > plain;
}
