// Phrasing: put labels, counts and category names into English sentences grammatically, whatever the label looks like.

/** Words that start with a vowel letter but a consonant sound ("a user", "a one-off", "a European"). */
const CONSONANT_SOUND = /^(?:uni|use|usu|ura|uro|eu|ewe|one|once|ubiq|utop)/i;
/** Words that start with "h" but a vowel sound ("an hour"). */
const VOWEL_SOUND_H = /^(?:hour|honest|honou?r|heir)/i;
/** Letters whose name starts with a vowel sound, for acronyms read letter by letter ("an NGO", "an SMS", "a UN agency"). */
const VOWEL_LETTER_NAMES = new Set('AEFHILMNORSX');

/** Is a word an acronym read letter by letter (2-3 capitals: "NGO", "ICT", "UN"; not "STEM", read as a word)? */
function spelledOut(word: string): boolean {
  return /^\p{Lu}{2,3}s?$/u.test(word);
}

/** "a" or "an" for the word that follows it. */
export function indefiniteArticle(next: string): 'a' | 'an' {
  const word = next.trim().split(/[\s-]+/)[0] ?? '';
  if (word === '') return 'a';
  if (spelledOut(word)) return VOWEL_LETTER_NAMES.has(word[0]!) ? 'an' : 'a';
  if (VOWEL_SOUND_H.test(word)) return 'an';
  if (CONSONANT_SOUND.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The phrase with its indefinite article: "an action", "a user", "an NGO". */
export function withArticle(phrase: string): string {
  return `${indefiniteArticle(phrase)} ${phrase}`;
}

/** "1 theme", "3 themes"; the plural given when it is not the singular plus "s". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "is" or "are" for a count. */
export function isAre(n: number): string {
  return n === 1 ? 'is' : 'are';
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A theme label inside a sentence, quoted as a name and kept as written, so any label reads grammatically
 * ("the leading theme was “STEM”", "the largest barrier theme was “Girls”") and acronyms keep their
 * capitals (never "sTEM").
 */
export function quoted(label: string): string {
  return /^“[^“”]*”$/.test(label) ? label : `“${label}”`;
}

/** Whole-number percent of a part (0 for an empty whole). */
function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** "9 of 26 points", "1 of 1 point": the unit given in the plural, singular when the whole is one. */
export function ofTotal(part: number, total: number, pluralUnit: string): string {
  return `${part} of ${total} ${total === 1 ? pluralUnit.replace(/s$/, '') : pluralUnit}`;
}

/**
 * The executive summary's line for a notes category: "Barriers: the leading theme was “Cost of devices” (9 of 26
 * points, 35%)." Said of the theme, not of the label ("Barriers: “Young women” came up most" read as if young women
 * were the barrier).
 */
export function categoryLeadLine(plural: string, label: string, size: number, total: number, unit: string): string {
  return `${plural}: the leading theme was ${quoted(label)} (${ofTotal(size, total, unit)}, ${percentOf(size, total)}%).`;
}

/** A scope's line on its Other theme: "1 answer did not fit a theme and is listed under Other.", "3 points ... are ...". */
export function otherLine(size: number, pluralUnit: string): string {
  const unit = size === 1 ? pluralUnit.replace(/s$/, '') : pluralUnit;
  return `${size} ${unit} did not fit a theme and ${isAre(size)} listed under Other.`;
}

/** The executive summary's line for a question: "“Q?”: the leading theme was “Online harassment” (25 of 164 answers, 15%)." */
export function questionLeadLine(question: string, label: string, size: number, total: number, unit: string): string {
  return `"${question}": the leading theme was ${quoted(label)} (${ofTotal(size, total, unit)}, ${percentOf(size, total)}%).`;
}

/** A line that starts a list item ("- x", "* x", "• x", "1. x", "2) x"): a line break before it is the writer's. */
const LIST_ITEM = /^(?:[-*•–]\s|\d{1,3}[.)]\s)/;

/**
 * A quote's text for reading: lines the source wrapped mid-sentence joined by one space, so a quote reads as one
 * paragraph; breaks before list items, after a finished sentence followed by a capital, and blank lines (paragraphs)
 * are kept. The words are the source's, verbatim.
 */
export function joinWrappedLines(text: string): string {
  const lines = text.split(/\r?\n/);
  let out = lines[0]!.trimEnd();
  let blank = false;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line === '') {
      blank = true;
      continue;
    }
    if (blank) out += `\n\n${line}`;
    else if (LIST_ITEM.test(line) || out === '' || (/[.!?:;]["”’)]?$/.test(out) && /^["“‘(]?\p{Lu}/u.test(line))) out += `${out === '' ? '' : '\n'}${line}`;
    else out += ` ${line}`;
    blank = false;
  }
  return out;
}

/** Coherence (mean similarity of a theme's members to its centre) at or above which a theme reads as tight. */
export const TIGHT_COHERENCE = 0.55;
/** Below this, the theme's members share little: the facilitator should check it. */
export const LOOSE_COHERENCE = 0.45;

/** A theme's coherence in words: "a tight theme", "a fairly tight theme", "a loose theme: check it". */
export function coherenceWords(coherence: number): string {
  if (coherence >= TIGHT_COHERENCE) return 'a tight theme';
  if (coherence >= LOOSE_COHERENCE) return 'a fairly tight theme';
  return 'a loose theme: check it';
}

/** A theme carried by one voice: "8 of 9 points from group C", "1 of 1 answer from survey.csv". */
export function oneVoiceLine(n: number, total: number, pluralUnit: string, source: string): string {
  return `${ofTotal(n, total, pluralUnit)} from ${source}`;
}
