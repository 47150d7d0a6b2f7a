// Tag: the codebook compiled for matching (keywords by first stem, patterns by where they can begin), the keyword and
// pattern matches of a text, and what a section heading or question says of each category.
import type { Codebook } from '../../model/index.ts';
import { escapeRegExp } from '../../model/regexp.ts';
import { normaliseText, stemmerFor, tokeniseWithOffsets, type Token } from '../text.ts';
import { findSequence, inScanOrder, longestFirst, matchAtRuns, pushTo, stickyTwin, type Span } from './matching.ts';
import { STAKEHOLDER_CATEGORY, TAG_WEIGHTS } from './weights.ts';

// Words after which a cue in a heading names what is acted on, not what the bullets are.
const OBJECT_MARKERS = new Set(['address', 'tackl', 'overcom', 'reduc', 'remov', 'against', 'despit', 'combat', 'prevent', 'face', 'solv', 'respond', 'mitig', 'elimin']);

export const stem = stemmerFor('en');

/**
 * A numbered label a heading opens with ("Activity 1: Barriers to innovation", "Group 3 – Heat and health", "Part 2.
 * Proposals"): it names a part of the workshop, not what the bullets under it are, so its word is not read as a cue
 * ("Activity" is not the codebook's "activities"; "Task 2" is not an action item). A letter or number, then ":", ".",
 * or a dash, then the heading itself.
 */
const HEADING_LABEL = /^\s*(?:activity|activities|exercise|session|group|breakout(?:\s+(?:group|room|session|question))?|part|round|table|question|task|step|station|theme|topic|module|day|block|item|agenda item|section|stage|phase)\s*(?:\d{1,2}[a-z]?|[a-z])\s*(?:[:.–—]|\s-)\s*(?=\S)/iu;

/** A heading without the numbered label it opens with (see HEADING_LABEL). */
export function withoutHeadingLabel(section: string): string {
  const m = HEADING_LABEL.exec(section);
  return m ? section.slice(m[0].length) : section;
}

export function stemsOf(text: string): string[] {
  return tokeniseWithOffsets(normaliseText(text)).map((t) => stem(t.token));
}

export interface SequenceTerm {
  text: string;
  words: string[];
}

export interface CompiledPattern {
  text: string;
  words: number;
  re: RegExp;
  /** The same regex, sticky: tried at one position only (see matchAtRuns). */
  sticky: RegExp;
}

export interface CompiledCategory {
  id: string;
  index: number;
  keywords: SequenceTerm[];
  patterns: CompiledPattern[];
  cues: SequenceTerm[];
}

/** A keyword or pattern of one category, numbered in the order the scan of all categories meets it. */
export interface IndexedTerm<T> {
  category: number;
  term: T;
  /** Category by category, keywords before patterns, in codebook order: ties between equal matches keep this order. */
  order: number;
}

/**
 * The codebook's keywords and patterns indexed by how a match must begin, so a segment is checked only
 * against the few terms whose first word it contains instead of every term of every category.
 */
export interface CodebookIndex {
  categories: CompiledCategory[];
  /** First stem -> keywords starting with it. */
  keywordsByFirstStem: Map<string, IndexedTerm<SequenceTerm>[]>;
  /** Lower-case run of ASCII letters/digits where a match can begin -> the patterns (see patternKeys). */
  patternsByKey: Map<string, IndexedTerm<CompiledPattern>[]>;
  /** Patterns whose first word does not begin with an ASCII letter or digit: checked on every segment. */
  patternsAlways: IndexedTerm<CompiledPattern>[];
}

/** A phrase pattern as a regex: words separated by any space, whole words, the last word may inflect. */
function patternRegex(pattern: string): RegExp {
  const words = normaliseText(pattern).trim().toLowerCase().split(/\s+/).map(escapeRegExp);
  const last = words.length - 1;
  if (/\p{L}$/u.test(pattern)) words[last] = `${words[last]}(?:s|es|d|ed|ing)?`;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
}

function distinctTerms(terms: SequenceTerm[]): SequenceTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = t.words.join(' ');
    if (t.words.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const compiledCodebooks = new WeakMap<Codebook, CodebookIndex>();

/** Endings patternRegex lets the last word take. */
const INFLECTIONS = ['s', 'es', 'd', 'ed', 'ing'];

/**
 * The runs of ASCII letters/digits (lower-cased) at which a pattern's match can begin. The regex starts
 * at a word boundary and its first word starts with the key, the leading ASCII letters/digits of that
 * word (case-insensitively; the text is NFKC-normalised, so no other character folds to an ASCII
 * letter). So the run there is the key, or for a pattern of one such word, the word plus an ending.
 * None when the first word starts otherwise (such a pattern is tried on every segment).
 */
function patternKeys(pattern: string): string[] {
  const words = normaliseText(pattern).trim().toLowerCase().split(/\s+/);
  const key = /^[a-z0-9]*/.exec(words[0] ?? '')![0];
  if (!key) return [];
  return words.length === 1 && key === words[0] ? [key, ...INFLECTIONS.map((e) => key + e)] : [key];
}

export function compileCodebook(codebook: Codebook): CodebookIndex {
  const cached = compiledCodebooks.get(codebook);
  if (cached) return cached;
  const categories = codebook.categories.map((c, index) => ({
    id: c.id,
    index,
    keywords: distinctTerms(c.keywords.map((k) => ({ text: k, words: stemsOf(k) }))),
    patterns: c.patterns
      .filter((p) => p.trim().length > 0)
      .map((p) => {
        const re = patternRegex(p);
        return { text: p, words: p.trim().split(/\s+/).length, re, sticky: stickyTwin(re) };
      }),
    cues: distinctTerms(c.sectionCues.map((k) => ({ text: k, words: stemsOf(k) }))),
  }));
  const index: CodebookIndex = { categories, keywordsByFirstStem: new Map(), patternsByKey: new Map(), patternsAlways: [] };
  let order = 0;
  for (const c of categories) {
    for (const term of c.keywords) pushTo(index.keywordsByFirstStem, term.words[0]!, { category: c.index, term, order: order++ });
    for (const term of c.patterns) {
      const keys = patternKeys(term.text);
      const entry = { category: c.index, term, order: order++ };
      for (const key of keys) pushTo(index.patternsByKey, key, entry);
      if (keys.length === 0) index.patternsAlways.push(entry);
    }
  }
  compiledCodebooks.set(codebook, index);
  return index;
}

export interface TextMatch extends Span {
  category: number;
  kind: 'keyword' | 'pattern';
  term: string;
  weight: number;
  /** The text matched as written, without an inflection added ("increased" for the pattern "increased"). */
  exact: boolean;
}

export interface SectionCue {
  category: number;
  weight: number;
}

/** Section cues found in a heading or question, with their weight by position (head, later, object). */
export function sectionCues(section: string, categories: readonly CompiledCategory[]): SectionCue[] {
  const stems = stemsOf(withoutHeadingLabel(section));
  const matches: Array<Span & { category: number }> = [];
  for (const c of categories) {
    for (const cue of c.cues) {
      for (const i of findSequence(stems, cue.words)) matches.push({ category: c.index, start: i, end: i + cue.words.length });
    }
  }
  // A heading that asks "who" ("Who is innovating?", "Who do we need to include?", "WHO") lists actors, whatever its
  // verb; a cue that starts there ("who does what", "who should") says more and is kept instead.
  const stakeholder = categories.find((c) => c.id === STAKEHOLDER_CATEGORY);
  if (stakeholder && stems[0] === 'who' && !matches.some((m) => m.start === 0)) matches.push({ category: stakeholder.index, start: 0, end: 1 });
  const kept = longestFirst(matches, (a, b) => a.category - b.category);
  const firstMarker = stems.findIndex((s) => OBJECT_MARKERS.has(s));
  let heads = 0;
  return kept.map((m) => {
    if (firstMarker >= 0 && m.start > firstMarker) return { category: m.category, weight: TAG_WEIGHTS.sectionObject };
    heads++;
    return { category: m.category, weight: heads === 1 ? TAG_WEIGHTS.sectionHead : TAG_WEIGHTS.sectionOther };
  });
}

/**
 * Keyword (stem sequence) and pattern (regex) matches in the text; where they overlap the longest wins.
 * Only the terms that can match are tried: keywords whose first stem is a token's, patterns at the runs
 * of the text filed under their keys (see patternKeys). Matches are then put in the order a scan of every
 * term would find them, so ties between equal matches are settled as by that scan.
 */
export function textMatches(norm: string, tokens: readonly Token[], codebook: CodebookIndex, runs: readonly Token[]): TextMatch[] {
  const stems = tokens.map((t) => stem(t.token));
  const matches: Array<TextMatch & { order: number }> = [];
  stems.forEach((first, i) => {
    for (const { category, term: k, order } of codebook.keywordsByFirstStem.get(first) ?? []) {
      if (i + k.words.length > stems.length || k.words.some((w, j) => stems[i + j] !== w)) continue;
      const weight = TAG_WEIGHTS.keyword + TAG_WEIGHTS.keywordExtraWord * (k.words.length - 1);
      matches.push({ category, kind: 'keyword', term: k.text, weight, exact: true, start: tokens[i]!.start, end: tokens[i + k.words.length - 1]!.end, order });
    }
  });
  const addPattern = ({ category, term: p, order }: IndexedTerm<CompiledPattern>, m: RegExpExecArray): void => {
    const weight = TAG_WEIGHTS.pattern + TAG_WEIGHTS.patternExtraWord * (p.words - 1);
    const exact = m[0].replace(/\s+/g, ' ').toLowerCase() === p.text.trim().toLowerCase();
    matches.push({ category, kind: 'pattern', term: p.text, weight, exact, start: m.index, end: m.index + m[0].length, order });
  };
  for (const entry of codebook.patternsAlways) for (const m of norm.matchAll(entry.term.re)) addPattern(entry, m);
  matchAtRuns(norm, runs, codebook.patternsByKey, (entry) => entry.term.sticky, addPattern);
  return longestFirst(inScanOrder(matches), (a, b) => Number(b.exact) - Number(a.exact) || b.weight - a.weight || a.category - b.category);
}

function quoteSection(section: string): string {
  const oneLine = section.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

/** What a section heading or question gives each category: the weight of its strongest cue there, and that evidence. */
export interface SectionReading {
  weights: number[];
  evidence: string[];
}

export function sectionReading(section: string, categories: readonly CompiledCategory[]): SectionReading {
  const weights = categories.map(() => 0);
  for (const cue of sectionCues(section, categories)) {
    if (cue.weight > weights[cue.category]!) weights[cue.category] = cue.weight;
  }
  return { weights, evidence: categories.map((c) => `section "${quoteSection(section)}" -> ${c.id}`) };
}
