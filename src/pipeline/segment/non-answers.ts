// Non-answers ("don't know", "ne znam", "nessun commento", "see my email"): short answers made only of non-answer phrases, filler words and punctuation.
import { foldToLatin, normaliseText } from '../text.ts';

/** Longer answers always say something: a non-answer is a few words ("Honestly, no idea at the moment, sorry"). */
const MAX_WORDS = 16;
/** A gap `{n}` in a rule spans at most this many words. */
const MAX_GAP = 8;
// Words: letters and digits, with an inner apostrophe kept ("don't", "s'kam", "l'organizzazione" read as one).
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
// Punctuation that ends a clause: a gap never reaches over it ("Thanks for asking. Girls need laptops" is content).
const CLAUSE_BREAK = /[.!?;:,()\n]|\s-\s/u;

/** One word of a rule: the word itself, or (`word*`) any word that begins with it. */
interface WordPattern {
  readonly word: string;
  readonly prefix: boolean;
}

/** A step of a rule: one of several word sequences (`[a|b c]`, optional with an empty one: `[a|]`), or a gap `{n}`. */
type Step = { readonly kind: 'words'; readonly alternatives: readonly (readonly WordPattern[])[]; readonly optional: boolean } | { readonly kind: 'gap'; readonly max: number };

/** A rule: a line of corpus/non-answers.txt or corpus/non-answer-fillers.txt compiled to its steps. */
export interface NonAnswerRule {
  readonly line: string;
  readonly steps: readonly Step[];
}

/** The rules by the words they can begin with (`any`: rules that can begin with any word: a gap or a prefix first). */
interface RuleIndex {
  readonly byFirst: ReadonlyMap<string, readonly NonAnswerRule[]>;
  readonly any: readonly NonAnswerRule[];
}

/** The phrase rules and the filler rules, indexed by first word. */
export interface NonAnswerMatcher {
  readonly phrases: RuleIndex;
  readonly fillers: RuleIndex;
}

/** The words of a text as the matcher reads them, and before which of them a clause ends. */
function readWords(text: string): { words: string[]; breakBefore: boolean[] } {
  const norm = normaliseText(text).replace(/[’‘`´]/g, "'");
  const words: string[] = [];
  const breakBefore: boolean[] = [];
  let last = 0;
  for (const m of norm.matchAll(WORD)) {
    breakBefore.push(words.length > 0 && CLAUSE_BREAK.test(norm.slice(last, m.index)));
    words.push(foldToLatin(m[0]));
    last = m.index + m[0].length;
  }
  return { words, breakBefore };
}

/** The words of a text as the matcher reads them: normalised, lower-case, Latin, without diacritics. */
export function nonAnswerWords(text: string): string[] {
  return readWords(text).words;
}

/** The word patterns of one plain chunk of a rule ("e-mail" is two words; "organi*" a prefix). */
function patternsOf(chunk: string): WordPattern[] {
  const out: WordPattern[] = [];
  for (const token of chunk.split(/\s+/)) {
    // A gap inside brackets is not part of the syntax (the corpus loader refuses such a rule: nonAnswerRuleProblem); here it is skipped.
    if (!token || /^\{\d+\}$/.test(token)) continue;
    const prefix = token.length > 1 && token.endsWith('*');
    const words = nonAnswerWords(prefix ? token.slice(0, -1) : token);
    words.forEach((word, k) => out.push({ word, prefix: prefix && k === words.length - 1 }));
  }
  return out;
}

/**
 * What is wrong with a rule line, or null when it is well formed: brackets that do not pair up, a gap `{n}` inside
 * brackets (write "[for|to] {4}", not "[for {4}|]"), a gap longer than MAX_GAP words, or brackets with nothing in them.
 * The corpus loader reports these with the file and line (corpus.ts); the matcher itself never sees them.
 */
export function nonAnswerRuleProblem(line: string): string | null {
  let depth = 0;
  for (const ch of line) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (depth < 0) return 'a "]" closes no "["';
    if (depth > 1) return 'brackets inside brackets';
  }
  if (depth !== 0) return 'a "[" is never closed';
  for (const m of line.matchAll(/\[([^\]]*)\]/g)) {
    if (/\{\d*\}?/.test(m[1]!)) return `a gap inside brackets ("${m[0]}"): write the gap after them, e.g. "[for|to] {4}"`;
    if (m[1]!.split('|').every((alt) => alt.trim() === '')) return `empty brackets ("${m[0]}")`;
  }
  const outside = line.replace(/\[[^\]]*\]/g, ' ');
  for (const m of outside.matchAll(/\{([^}]*)\}?/g)) {
    if (!/^\{\d+\}$/.test(m[0])) return `"${m[0]}" is no gap: write {n} with n a number of words, e.g. {3}`;
    if (Number(m[1]) < 1 || Number(m[1]) > MAX_GAP) return `the gap ${m[0]} must span 1 to ${MAX_GAP} words`;
  }
  return null;
}

/**
 * Compile one rule line. Plain words match themselves (case, accents and script aside); `word*` matches any word
 * beginning with it; `[a|b c|]` matches one of its alternatives (an empty one makes it optional); `{n}` matches up
 * to n words of the same clause. A line that matches no word ("-") gives null.
 */
export function compileNonAnswerRule(line: string): NonAnswerRule | null {
  const steps: Step[] = [];
  for (const m of line.matchAll(/\[([^\]]*)\]|\{(\d+)\}|[^\s[\]{}]+/g)) {
    if (m[2] !== undefined) {
      steps.push({ kind: 'gap', max: Math.min(MAX_GAP, Number(m[2])) });
      continue;
    }
    const alternatives = (m[1] !== undefined ? m[1].split('|') : [m[0]]).map(patternsOf);
    const nonEmpty = alternatives.filter((a) => a.length > 0);
    if (nonEmpty.length === 0) continue;
    steps.push({ kind: 'words', alternatives: nonEmpty, optional: nonEmpty.length < alternatives.length });
  }
  if (!steps.some((s) => s.kind === 'words')) return null;
  return { line, steps };
}

/** The literal words a rule can begin with, or null when it can begin with any word (a gap or a prefix first). */
function firstWords(rule: NonAnswerRule): Set<string> | null {
  const out = new Set<string>();
  for (const step of rule.steps) {
    if (step.kind === 'gap') return null;
    for (const alt of step.alternatives) {
      if (alt[0]!.prefix) return null;
      out.add(alt[0]!.word);
    }
    if (!step.optional) return out;
  }
  return null; // every step optional: a rule that may match nothing is tried everywhere (it must match a word)
}

function indexRules(lines: readonly string[]): RuleIndex {
  const byFirst = new Map<string, NonAnswerRule[]>();
  const any: NonAnswerRule[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const rule = compileNonAnswerRule(line);
    if (!rule) continue;
    const key = JSON.stringify(rule.steps);
    if (seen.has(key)) continue;
    seen.add(key);
    const first = firstWords(rule);
    if (!first) any.push(rule);
    else for (const w of first) byFirst.set(w, [...(byFirst.get(w) ?? []), rule]);
  }
  return { byFirst, any };
}

const compiled = new WeakMap<readonly string[], WeakMap<readonly string[], NonAnswerMatcher>>();

/** Compile the phrase and filler lists (corpus/non-answers.txt, corpus/non-answer-fillers.txt); memoised per pair of lists. */
export function nonAnswerMatcher(phrases: readonly string[], fillers: readonly string[] = []): NonAnswerMatcher {
  let byFillers = compiled.get(phrases);
  if (!byFillers) compiled.set(phrases, (byFillers = new WeakMap()));
  let m = byFillers.get(fillers);
  if (!m) byFillers.set(fillers, (m = { phrases: indexRules(phrases), fillers: indexRules(fillers) }));
  return m;
}

/** Does a word sequence of a rule occur in `words` at `at`? */
function sequenceAt(seq: readonly WordPattern[], words: readonly string[], at: number): boolean {
  if (at + seq.length > words.length) return false;
  for (let k = 0; k < seq.length; k++) {
    const p = seq[k]!;
    const w = words[at + k]!;
    if (p.prefix ? !w.startsWith(p.word) : w !== p.word) return false;
  }
  return true;
}

/** Where a rule that starts at `at` can end (exclusive), at least one word on. */
function ruleEnds(rule: NonAnswerRule, words: readonly string[], breakBefore: readonly boolean[], at: number): Set<number> {
  const ends = new Set<number>();
  const walk = (i: number, pos: number): void => {
    if (i === rule.steps.length) {
      if (pos > at) ends.add(pos);
      return;
    }
    const step = rule.steps[i]!;
    if (step.kind === 'gap') {
      walk(i + 1, pos);
      for (let k = 1; k <= step.max && pos + k <= words.length; k++) {
        // The gap's k-th word must be in the same clause as the word before it (the first may follow a break).
        if (k > 1 && breakBefore[pos + k - 1]) break;
        walk(i + 1, pos + k);
      }
      return;
    }
    if (step.optional) walk(i + 1, pos);
    for (const alt of step.alternatives) if (sequenceAt(alt, words, pos)) walk(i + 1, pos + alt.length);
  };
  walk(0, at);
  return ends;
}

function candidates(index: RuleIndex, word: string): readonly NonAnswerRule[] {
  const first = index.byFirst.get(word);
  return first ? [...first, ...index.any] : index.any;
}

/**
 * Is this answer a non-answer? Yes when it has no letter or digit ("-", "?", "..."), or when its words are all
 * covered, left to right, by non-answer phrases and filler words with at least one phrase among them:
 * "Don't know, sorry", "Thanks for organising this", "Ne znam.", "Nessun commento al momento". Any other word
 * makes it content: "I don't know where to get a laptop" keeps "where", "get", "laptop". Pure; an answer of more
 * than MAX_WORDS words is content.
 */
export function isNonAnswer(text: string, matcher: NonAnswerMatcher): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  const { words, breakBefore } = readWords(text);
  if (words.length === 0) return true;
  if (words.length > MAX_WORDS) return false;
  // Cover the words left to right; phrases are tried before fillers (a small search: at most MAX_WORDS positions, memoised).
  const memo = new Map<string, boolean>();
  const cover = (at: number, sawPhrase: boolean): boolean => {
    if (at === words.length) return sawPhrase;
    const key = `${at}:${sawPhrase}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let ok = false;
    outer: for (const [index, phrase] of [[matcher.phrases, true], [matcher.fillers, false]] as const) {
      for (const rule of candidates(index, words[at]!)) {
        for (const end of ruleEnds(rule, words, breakBefore, at)) {
          if (cover(end, sawPhrase || phrase)) {
            ok = true;
            break outer;
          }
        }
      }
    }
    memo.set(key, ok);
    return ok;
  };
  return cover(0, false);
}
