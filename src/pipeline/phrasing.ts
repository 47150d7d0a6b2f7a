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
 * ("the leading theme was “STEM”", "“Girls” was the barrier named most often") and acronyms keep their
 * capitals (never "sTEM").
 */
export function quoted(label: string): string {
  return /^“[^“”]*”$/.test(label) ? label : `“${label}”`;
}

/** Whole-number percent of a part (0 for an empty whole). */
function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** The executive summary's line for a notes category: "Barriers: “Cost of devices” came up most (9 of 26 points, 35%)." */
export function categoryLeadLine(plural: string, label: string, size: number, total: number, unit: string): string {
  return `${plural}: ${quoted(label)} came up most (${size} of ${total} ${unit}, ${percentOf(size, total)}%).`;
}

/** The executive summary's line for a question: "“Q?”: the leading theme was “Online harassment” (25 of 164 answers, 15%)." */
export function questionLeadLine(question: string, label: string, size: number, total: number, unit: string): string {
  return `"${question}": the leading theme was ${quoted(label)} (${size} of ${total} ${unit}, ${percentOf(size, total)}%).`;
}
