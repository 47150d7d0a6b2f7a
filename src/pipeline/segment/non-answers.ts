// Non-answers ("don't know", "ne znam", "nessun commento", "see my email"): short answers made only of non-answer phrases, filler words and punctuation.
import { normaliseText } from '../text.ts';

/** Longer answers always say something: a non-answer is a few words ("Honestly, no idea at the moment, sorry"). */
const MAX_WORDS = 16;
// Words: letters and digits, with an inner apostrophe kept ("don't", "s'kam", "l'organizzazione" read as one).
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** The phrases and filler words, by first word, longest phrase first. */
export interface NonAnswerMatcher {
  readonly phrases: ReadonlyMap<string, readonly (readonly string[])[]>;
  readonly fillers: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/** The words of a text as the matcher reads them: normalised, lower-case, apostrophes straightened. */
export function nonAnswerWords(text: string): string[] {
  const norm = normaliseText(text).toLowerCase().replace(/[’‘`´]/g, "'");
  return norm.match(WORD) ?? [];
}

function byFirstWord(lines: readonly string[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const line of lines) {
    const words = nonAnswerWords(line);
    if (words.length === 0) continue;
    const list = out.get(words[0]!) ?? [];
    if (!list.some((w) => w.join(' ') === words.join(' '))) list.push(words);
    out.set(words[0]!, list);
  }
  // Longest first, so "nothing to add" is read before "nothing".
  for (const list of out.values()) list.sort((a, b) => b.length - a.length || a.join(' ').localeCompare(b.join(' ')));
  return out;
}

const compiled = new WeakMap<readonly string[], WeakMap<readonly string[], NonAnswerMatcher>>();

/** Compile the phrase and filler lists (corpus/non-answers.txt, corpus/non-answer-fillers.txt); memoised per pair of lists. */
export function nonAnswerMatcher(phrases: readonly string[], fillers: readonly string[] = []): NonAnswerMatcher {
  let byFillers = compiled.get(phrases);
  if (!byFillers) compiled.set(phrases, (byFillers = new WeakMap()));
  let m = byFillers.get(fillers);
  if (!m) byFillers.set(fillers, (m = { phrases: byFirstWord(phrases), fillers: byFirstWord(fillers) }));
  return m;
}

/** Does `entry` (a phrase's words) occur in `words` at position `at`? */
function occursAt(entry: readonly string[], words: readonly string[], at: number): boolean {
  if (at + entry.length > words.length) return false;
  for (let k = 0; k < entry.length; k++) if (words[at + k] !== entry[k]) return false;
  return true;
}

/**
 * Is this answer a non-answer? Yes when it has no letter or digit ("-", "?", "..."), or when its words are all
 * covered, left to right, by non-answer phrases and filler words with at least one phrase among them:
 * "Don't know, sorry", "Thanks for organising this", "Ne znam.", "Nessun commento al momento". Any other word
 * makes it content: "I don't know where to get a laptop" keeps "where", "get", "laptop". Pure; no word list is
 * read beyond the first MAX_WORDS words (a longer answer is content).
 */
export function isNonAnswer(text: string, matcher: NonAnswerMatcher): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  const words = nonAnswerWords(text);
  if (words.length === 0) return true;
  if (words.length > MAX_WORDS) return false;
  // Cover the words left to right; where both a phrase and a filler start here, try the phrase first,
  // and fall back to the filler (a small search: at most MAX_WORDS positions, memoised).
  const memo = new Map<string, boolean>();
  const cover = (at: number, sawPhrase: boolean): boolean => {
    if (at === words.length) return sawPhrase;
    const key = `${at}:${sawPhrase}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok = false;
    for (const entry of matcher.phrases.get(words[at]!) ?? []) {
      if (occursAt(entry, words, at) && cover(at + entry.length, true)) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      for (const entry of matcher.fillers.get(words[at]!) ?? []) {
        if (occursAt(entry, words, at) && cover(at + entry.length, sawPhrase)) {
          ok = true;
          break;
        }
      }
    }
    memo.set(key, ok);
    return ok;
  };
  return cover(0, false);
}
