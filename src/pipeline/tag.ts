// Tag: give each segment a codebook category by explainable scoring (section cues, keywords, patterns, actors) and find the stakeholder types it names.
import type { Annotation, CategoryModel, Codebook, Coding, Segment, SentenceCues, StakeholderGazetteer } from '../model/index.ts';
import { escapeRegExp } from '../model/regexp.ts';
import { compileModel, describeFeature, MODEL_OTHER, modelFits, readWithModel, segmentFeatures, type CompiledModel, type ModelInput } from './category-model.ts';
import { compileSentenceCues, matchSentenceCues, type CompiledSentenceCue } from './sentence-cues.ts';
import { normaliseText, stemmerFor, tokeniseWithOffsets, type Token } from './text.ts';

/** Weights of the evidence; a section cue is the strongest signal. */
export const TAG_WEIGHTS = {
  /** The first cue in the section heading / question. */
  sectionHead: 2.5,
  /** A later cue in the heading ("Key challenges and priorities": priorities). */
  sectionOther: 2,
  /** A cue that is the object of the heading ("interventions to address these obstacles": obstacles). */
  sectionObject: 0.5,
  keyword: 1,
  /** Added per extra word of a multi-word keyword. */
  keywordExtraWord: 0.5,
  pattern: 1.25,
  patternExtraWord: 0.25,
  /** Each further keyword/pattern of a category counts this much less than the one before (strongest first). */
  decay: 0.7,
  /** Per distinct actor (gazetteer term) named, for the stakeholder category, at most three (with decay). */
  actor: 0.75,
  /** When actors make up at least half of the segment's content words. */
  mostlyActors: 2.5,
  /** When the segment names nothing but actors ("Donors", "Media, universities"): outweighs a heading cue. */
  onlyActors: 3.5,
  /** Keyword and pattern weights are multiplied by this (the codebook's words next to the sentence cues). */
  termScale: 1,
  /** When the text opens with an actor ("Telcos - they can block numbers", "The ministry must lead"). */
  leadingActor: 1,
  /** Minimum score for a category to be primary; below it the segment is 'other'. */
  threshold: 1,
  /** A secondary category needs at least this share of the primary's score (and the threshold). */
  secondaryShare: 0.5,
} as const;

/** Category given when nothing scores above the threshold. */
export const OTHER_CATEGORY = 'other';
/** The codebook category that actor mentions count towards. */
const STAKEHOLDER_CATEGORY = 'stakeholder';

// Words after which a cue in a heading names what is acted on, not what the bullets are.
const OBJECT_MARKERS = new Set(['address', 'tackl', 'overcom', 'reduc', 'remov', 'against', 'despit', 'combat', 'prevent', 'face', 'solv', 'respond', 'mitig', 'elimin']);

const stem = stemmerFor('en');

function stemsOf(text: string): string[] {
  return tokeniseWithOffsets(normaliseText(text)).map((t) => stem(t.token));
}

interface SequenceTerm {
  text: string;
  words: string[];
}

interface CompiledPattern {
  text: string;
  words: number;
  re: RegExp;
  /** The same regex, sticky: tried at one position only (see matchAtRuns). */
  sticky: RegExp;
}

interface CompiledCategory {
  id: string;
  index: number;
  keywords: SequenceTerm[];
  patterns: CompiledPattern[];
  cues: SequenceTerm[];
}

/** A keyword or pattern of one category, numbered in the order the scan of all categories meets it. */
interface IndexedTerm<T> {
  category: number;
  term: T;
  /** Category by category, keywords before patterns, in codebook order: ties between equal matches keep this order. */
  order: number;
}

/**
 * The codebook's keywords and patterns indexed by how a match must begin, so a segment is checked only
 * against the few terms whose first word it contains instead of every term of every category.
 */
interface CodebookIndex {
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

/** A regex's sticky twin: it matches only at its lastIndex. */
function stickyTwin(re: RegExp): RegExp {
  return new RegExp(re.source, `${re.flags.replace('g', '')}y`);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compileCodebook(codebook: Codebook): CodebookIndex {
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

// ---------- stakeholder gazetteer ----------

/** Plural- and spelling-tolerant form of a word for gazetteer matching ("organisations" -> "organization"). */
function canonicalWord(word: string): string {
  let w = word.toLowerCase().replace(/^(.{3,})is(e|es|ed|ing|ation|ations)$/, '$1iz$2');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

// Memo of canonical words: a survey repeats the same few thousand words many times.
const canonicalMemo = new Map<string, string>();
function canonicalOf(word: string): string {
  let c = canonicalMemo.get(word);
  if (c === undefined) canonicalMemo.set(word, (c = canonicalWord(word)));
  return c;
}

interface GazetteerTerm {
  type: string;
  text: string;
  /** Canonical words, or null for an acronym matched case-sensitively. */
  words: string[] | null;
  /** An acronym's regex, sticky (see matchAtRuns); null for a word term. */
  sticky: RegExp | null;
  /** Position in the gazetteer: ties between equal matches keep this order. */
  order: number;
}

/** Gazetteer terms, indexed by how a match must begin (as the codebook's, see CodebookIndex). */
interface GazetteerIndex {
  /** Every term, in gazetteer order. */
  terms: GazetteerTerm[];
  /** First canonical word -> the word terms starting with it. */
  wordsByFirst: Map<string, GazetteerTerm[]>;
  /** Lower-case acronym, and with a plural s -> its terms (one per stakeholder type listing it). */
  acronymsByKey: Map<string, GazetteerTerm[]>;
  /** Types that are population groups (see stakeholderType.group). */
  groupTypes: Set<string>;
}

const compiledGazetteers = new WeakMap<StakeholderGazetteer, GazetteerIndex>();

/**
 * Compile gazetteer terms. Acronyms ("UN", "EU", "NGO", "TV") are matched case-sensitively (with an
 * optional plural s) so Italian "un" or Portuguese "eu" are not actors; other terms case-insensitively
 * on plural- and spelling-tolerant words.
 */
function compileGazetteer(gazetteer: StakeholderGazetteer): GazetteerIndex {
  const cached = compiledGazetteers.get(gazetteer);
  if (cached) return cached;
  const out: GazetteerIndex = { terms: [], wordsByFirst: new Map(), acronymsByKey: new Map(), groupTypes: new Set(gazetteer.types.filter((t) => t.group).map((t) => t.id)) };
  const seen = new Set<string>();
  for (const type of gazetteer.types) {
    for (const term of type.terms) {
      const trimmed = term.trim();
      const order = out.terms.length;
      if (/^[A-Z][A-Z0-9]+s?$/.test(trimmed)) {
        const core = trimmed.replace(/s$/, '');
        const key = `${type.id}:${core}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const compiled = { type: type.id, text: core, words: null, sticky: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(core)}(?:s|'s)?(?![\\p{L}\\p{N}])`, 'uy'), order };
        out.terms.push(compiled);
        // A match begins at a run of ASCII letters/digits: the acronym, or it with a plural s ("NGOs").
        pushTo(out.acronymsByKey, core.toLowerCase(), compiled);
        pushTo(out.acronymsByKey, `${core.toLowerCase()}s`, compiled);
      } else {
        const words = tokeniseWithOffsets(normaliseText(trimmed)).map((t) => canonicalWord(t.token));
        const key = `${type.id}:${words.join(' ')}`;
        if (words.length === 0 || seen.has(key)) continue;
        seen.add(key);
        const compiled = { type: type.id, text: trimmed, words, sticky: null, order };
        out.terms.push(compiled);
        pushTo(out.wordsByFirst, words[0]!, compiled);
      }
    }
  }
  compiledGazetteers.set(gazetteer, out);
  return out;
}

/** Runs of ASCII letters/digits in a text, lower-cased, with their offsets: a match of a pattern or acronym starts at one. */
const ASCII_RUN = /[a-z0-9]+/gi;
/** ASCII text without an apostrophe or hyphen: its word tokens are exactly its runs of ASCII letters/digits. */
const ASCII_NO_APOSTROPHE_OR_HYPHEN = /^[\x00-\x26\x28-\x2C\x2E-\x7F]*$/;

function asciiRuns(norm: string, tokens: readonly Token[]): readonly Token[] {
  if (ASCII_NO_APOSTROPHE_OR_HYPHEN.test(norm)) return tokens;
  return Array.from(norm.matchAll(ASCII_RUN), (m) => ({ token: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/**
 * Every match of the terms filed in `byKey` under the runs where their match can begin: each term's
 * sticky regex is tried at those runs only, left to right, and not again inside its last match, which
 * finds exactly what a global search of the whole text would (that cannot begin anywhere else).
 */
function matchAtRuns<T>(
  norm: string,
  runs: readonly Token[],
  byKey: ReadonlyMap<string, T[]>,
  stickyOf: (term: T) => RegExp,
  found: (term: T, m: RegExpExecArray) => void,
): void {
  let endOfLast: Map<T, number> | null = null;
  for (const run of runs) {
    const terms = byKey.get(run.token);
    if (!terms) continue;
    for (const term of terms) {
      if (run.start < (endOfLast?.get(term) ?? 0)) continue;
      const re = stickyOf(term);
      re.lastIndex = run.start;
      const m = re.exec(norm);
      if (!m) continue;
      found(term, m);
      (endOfLast ??= new Map()).set(term, m.index + m[0].length);
    }
  }
}

/** Sort matches into the order a scan of every term in turn finds them (term by term, then by position). */
function inScanOrder<T extends { order: number; start: number }>(matches: T[]): T[] {
  return matches.sort((a, b) => a.order - b.order || a.start - b.start);
}

interface Span {
  start: number;
  end: number;
}

interface ActorMatch extends Span {
  type: string;
  term: string;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Keep the longest of overlapping matches (then the earliest), returned in text order. */
function longestFirst<T extends Span>(matches: T[], tieBreak: (a: T, b: T) => number = () => 0): T[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || tieBreak(a, b) || a.start - b.start);
  const kept: T[] = [];
  for (const m of sorted) if (!kept.some((k) => overlaps(k, m))) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

/** Occurrences of a word sequence in a token sequence, as token index ranges. */
function findSequence(haystack: readonly string[], needle: readonly string[]): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}

/**
 * Actor mentions in normalised text: gazetteer terms, longest match winning where they overlap. Only the
 * terms that can match are tried: word terms whose first word is a token's, acronyms found among the runs.
 */
function findActors(norm: string, tokens: readonly Token[], gazetteer: GazetteerIndex, runs: readonly Token[] = asciiRuns(norm, tokens)): ActorMatch[] {
  const canonical = tokens.map((t) => canonicalOf(t.token));
  const matches: Array<ActorMatch & { order: number }> = [];
  canonical.forEach((word, i) => {
    for (const term of gazetteer.wordsByFirst.get(word) ?? []) {
      const words = term.words!;
      if (i + words.length > canonical.length || words.some((w, j) => canonical[i + j] !== w)) continue;
      matches.push({ type: term.type, term: term.text, start: tokens[i]!.start, end: tokens[i + words.length - 1]!.end, order: term.order });
    }
  });
  matchAtRuns(norm, runs, gazetteer.acronymsByKey, (term) => term.sticky!, (term, m) => {
    matches.push({ type: term.type, term: term.text, start: m.index, end: m.index + m[0].length, order: term.order });
  });
  return longestFirst(inScanOrder(matches)).map(({ order: _, ...m }) => m);
}

// Words in an organisation's name that tell its type, most specific types first.
/** A case-insensitive regex for any of the |-separated words, as whole words in any script. */
function words(alternatives: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
}

const ORGANISATION_WORDS: Array<[string, RegExp]> = [
  ['international', words('un|undp|unicef|unfpa|unesco|united nations|european|eu|osce|itu|oecd')],
  ['donor', words('embassy|usaid|giz|sida')],
  ['government', words('ministry|ministarstvo|ministria|municipality|opština|općina|komuna|agency|agencija|council|parliament|government|office|directorate|inspectorate|administration|police|court')],
  ['academia', words('university|univerzitet|sveučilište|universiteti|institute|institut|faculty|fakultet|academy|akademija|college|research')],
  ['education', words('school|škola|shkolla|gymnasium|gimnazija|kindergarten')],
  ['media', words('media|tv|television|radio|news|press|magazine|portal|journal|times')],
  ['private_sector', words('company|ltd|llc|inc|doo|corporation|bank|chamber|enterprise|solutions|technologies|telecom|labs')],
  ['civil_society', words('association|udruženje|udruzenje|udruga|shoqata|foundation|fondacija|fondacioni|center|centre|centar|qendra|ngo|nvo|network|mreža|rrjeti|coalition|alliance|initiative|movement|forum|observatory|line|house|club')],
];

/** The stakeholder type a name's words suggest ("Women's Center Uzice" -> civil_society), or null if none. */
export function organisationKind(name: string): string | null {
  const norm = normaliseText(name);
  return ORGANISATION_WORDS.find(([, re]) => re.test(norm))?.[0] ?? null;
}

/** Stakeholder types of a named organisation: its gazetteer terms, else the first telling word in its name. */
function organisationTypes(name: string, gazetteer: GazetteerIndex): string[] {
  const norm = normaliseText(name);
  const actors = findActors(norm, tokeniseWithOffsets(norm), gazetteer);
  if (actors.length) return actors.map((a) => a.type);
  const kind = organisationKind(norm);
  return kind ? [kind] : [];
}

/** Stakeholder types named in a text (gazetteer terms), sorted and distinct. */
export function stakeholderTypesIn(text: string, gazetteer: StakeholderGazetteer, organisations: readonly string[] = []): string[] {
  const index = compileGazetteer(gazetteer);
  const norm = normaliseText(text);
  const types = new Set(findActors(norm, tokeniseWithOffsets(norm), index).map((a) => a.type));
  for (const org of organisations) for (const t of organisationTypes(org, index)) types.add(t);
  return [...types].sort();
}

// ---------- scoring ----------

interface TextMatch extends Span {
  category: number;
  kind: 'keyword' | 'pattern';
  term: string;
  weight: number;
  /** The text matched as written, without an inflection added ("increased" for the pattern "increased"). */
  exact: boolean;
}

interface SectionCue {
  category: number;
  weight: number;
}

/** Section cues found in a heading or question, with their weight by position (head, later, object). */
function sectionCues(section: string, categories: readonly CompiledCategory[]): SectionCue[] {
  const stems = stemsOf(section);
  const matches: Array<Span & { category: number }> = [];
  for (const c of categories) {
    for (const cue of c.cues) {
      for (const i of findSequence(stems, cue.words)) matches.push({ category: c.index, start: i, end: i + cue.words.length });
    }
  }
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
function textMatches(norm: string, tokens: readonly Token[], codebook: CodebookIndex, runs: readonly Token[]): TextMatch[] {
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

/** What tagging reads from a segment's text alone: its tokens, keyword/pattern matches, actors and sentence cues. */
interface TextEvidence {
  /** The normalised text. */
  norm: string;
  tokens: Token[];
  matches: TextMatch[];
  actors: ActorMatch[];
  /** Sentence-shape cues found, as (category index, cue). */
  cues: Array<{ category: number; cue: CompiledSentenceCue; start: number }>;
  /** Where the actor the text opens with ends, when it opens with one ("Telcos - ...", "The ministry must ..."); else -1. */
  leadingActorEnd: number;
}

/** Texts up to this long are remembered while tagging: short answers ("More funding") repeat, long ones rarely. */
const MEMO_MAX_CHARS = 120;

/** Words a text may open with before the actor it is about ("The ministry", "Also the municipalities"). */
const LEADING_FILLER = /^[\s\p{P}]*(?:(?:also|and|the|all|local|national|public|private|our|their|big|small|international)\s+)*/iu;

const ACTOR_LIST_NEXT = /^(?:\s*\([^)]*\))?\s*(?:$|[-+,&/]|and\b|or\b|for\b|as\b|who\b|which\b|with\b|must\b|should\b|shd\b|need\b|needs\b|have to\b|has to\b|to (?:lead|own|chair|coordinate|fund|co-?finance|join|host)\b)/iu;

/** Where an actor the text opens with ends, or -1 (see TextEvidence.leadingActorEnd). */
function leadingActorEnd(norm: string, actors: readonly ActorMatch[]): number {
  const first = actors[0];
  if (!first) return -1;
  const lead = LEADING_FILLER.exec(norm)![0].length;
  // The actor may follow a word or two of its name ("Chamber of Commerce", "municipal employment offices").
  const before = norm.slice(lead, first.start);
  if (before.trim().split(/\s+/).filter(Boolean).length > 2 || /[.;:!?]/.test(before)) return -1;
  // What follows says the line lists actors or their role, not that the actor does something ("Employers think ...").
  return ACTOR_LIST_NEXT.test(norm.slice(first.end)) ? first.end : -1;
}

function readText(text: string, codebook: CodebookIndex, gazetteer: GazetteerIndex, cues: readonly CompiledSentenceCue[]): TextEvidence {
  const norm = normaliseText(text);
  const tokens = tokeniseWithOffsets(norm);
  const runs = asciiRuns(norm, tokens);
  const actors = findActors(norm, tokens, gazetteer, runs);
  const found = matchSentenceCues(norm, cues).flatMap(({ cue, start }) => {
    const category = codebook.categories.findIndex((c) => c.id === cue.category);
    return category >= 0 ? [{ category, cue, start }] : [];
  });
  return { norm, tokens, matches: textMatches(norm, tokens, codebook, runs), actors, cues: found, leadingActorEnd: leadingActorEnd(norm, actors) };
}

function quoteSection(section: string): string {
  const oneLine = section.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

/** What a section heading or question gives each category: the weight of its strongest cue there, and that evidence. */
interface SectionReading {
  weights: number[];
  evidence: string[];
}

function sectionReading(section: string, categories: readonly CompiledCategory[]): SectionReading {
  const weights = categories.map(() => 0);
  for (const cue of sectionCues(section, categories)) {
    if (cue.weight > weights[cue.category]!) weights[cue.category] = cue.weight;
  }
  return { weights, evidence: categories.map((c) => `section "${quoteSection(section)}" -> ${c.id}`) };
}

function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

// A mention after these is a place or a beneficiary ("in our school", "for local TV"), not someone who acts.
const PLACE_BEFORE = /(?<![\p{L}\p{N}])(?:in|at|into|inside|for|on|across|around)\s+(?:(?:the|a|an|our|their|its|all|every|each|local|some|many|other|most|both|two|three|[\p{L}-]+'s?)\s+){0,2}$/iu;
// After a group's mention, words that say the group acts or must be involved ("parents must", "youth want a seat").
const GROUP_ACTS_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:[\p{L}'-]+\s+){0,2}?(?:must|should|shd|need|needs|want|wants|will|to|can|could|say|said|says|ask|asked|demand|demanded|organi[sz]e|run|runs|lead|leads|volunteer|help|helps|join|decide|decides)(?![\p{L}\p{N}])/iu;

/**
 * Does the line name this mention as an actor (someone who acts, must act or must be involved)? Not where it is
 * a place or beneficiary ("courses in schools"); a population group only where the line says it acts.
 */
function namedAsActor(norm: string, actor: ActorMatch, gazetteer: GazetteerIndex): boolean {
  if (PLACE_BEFORE.test(norm.slice(Math.max(0, actor.start - 60), actor.start))) return false;
  if (gazetteer.groupTypes.has(actor.type)) return GROUP_ACTS_AFTER.test(norm.slice(actor.end, actor.end + 60));
  return true;
}

/** Tag one segment; see tagSegments. */
function tagOne(
  segment: TaggableSegment,
  annotation: Annotation | undefined,
  codebook: CodebookIndex,
  gazetteer: GazetteerIndex,
  readSection: (section: string) => SectionReading,
  textEvidence: (text: string) => TextEvidence,
  model: CompiledModel | null,
  capture?: (input: ModelInput) => void,
): Coding {
  const categories = codebook.categories;
  const scores = categories.map(() => 0);
  const evidence: Array<Array<{ at: number; text: string }>> = categories.map(() => []);
  const section = segment.section ? readSection(segment.section) : null;
  const sectionWeight = section ? section.weights : categories.map(() => 0);
  if (section) {
    sectionWeight.forEach((w, i) => {
      if (w > 0) {
        scores[i]! += w;
        evidence[i]!.push({ at: -1, text: section.evidence[i]! });
      }
    });
  }

  const { norm, tokens, matches, actors, cues, leadingActorEnd: actorLeads } = textEvidence(segment.text);
  const counted = categories.map(() => new Map<string, TextMatch>());
  for (const m of matches) {
    const key = `${m.kind}:${m.term}`;
    if (!counted[m.category]!.has(key)) counted[m.category]!.set(key, m);
  }
  counted.forEach((found, i) => {
    const weights = [...found.values()].map((m) => m.weight * TAG_WEIGHTS.termScale).sort((a, b) => b - a);
    weights.forEach((w, rank) => (scores[i]! += w * TAG_WEIGHTS.decay ** rank));
    for (const m of found.values()) evidence[i]!.push({ at: m.start, text: `${m.kind} "${m.term}"` });
  });
  // Sentence shape: strongest cue first, each further one of the same category counting less.
  const cueWeights = categories.map(() => [] as number[]);
  for (const c of cues) {
    cueWeights[c.category]!.push(c.cue.weight);
    evidence[c.category]!.push({ at: c.start, text: `sentence: ${c.cue.name}` });
  }
  cueWeights.forEach((ws, i) => ws.sort((a, b) => b - a).forEach((w, rank) => (scores[i]! += w * TAG_WEIGHTS.decay ** rank)));

  const stakeholder = categories.find((c) => c.id === STAKEHOLDER_CATEGORY);
  let distinctActorCount = 0;
  let onlyActors = false;
  let mostlyActors = false;
  if (stakeholder && actors.length) {
    const distinctActors = [...new Map(actors.map((a) => [a.term.toLowerCase(), a])).values()];
    distinctActorCount = distinctActors.length;
    distinctActors.slice(0, 3).forEach((a, rank) => {
      scores[stakeholder.index]! += TAG_WEIGHTS.actor * TAG_WEIGHTS.decay ** rank;
      evidence[stakeholder.index]!.push({ at: a.start, text: `actor "${a.term}" (${a.type})` });
    });
    const content = new Set(annotation?.tokens ?? []);
    const contentTokens = tokens.filter((t) => content.has(t.token));
    const covered = contentTokens.filter((t) => actors.some((a) => t.start >= a.start && t.end <= a.end)).length;
    const coverage = contentTokens.length > 0 ? covered / contentTokens.length : 0;
    if (actorLeads >= 0 && coverage < 1) {
      scores[stakeholder.index]! += TAG_WEIGHTS.leadingActor;
      evidence[stakeholder.index]!.push({ at: actorLeads, text: 'opens with an actor' });
    }
    onlyActors = coverage === 1;
    mostlyActors = coverage >= 0.5;
    if (coverage === 1) {
      scores[stakeholder.index]! += TAG_WEIGHTS.onlyActors;
      evidence[stakeholder.index]!.push({ at: Number.MAX_SAFE_INTEGER, text: 'names only actors' });
    } else if (coverage >= 0.5) {
      scores[stakeholder.index]! += TAG_WEIGHTS.mostlyActors;
      evidence[stakeholder.index]!.push({ at: Number.MAX_SAFE_INTEGER, text: 'mostly names actors' });
    }
  }

  const order = categories
    .map((c) => c.index)
    .sort((a, b) => scores[b]! - scores[a]! || sectionWeight[b]! - sectionWeight[a]! || a - b);
  const best = order[0]!;
  const bestScore = scores[best]!;
  // In a stakeholder line every actor counts; elsewhere only those the line names as acting.
  const typesFor = (category: string): Set<string> => {
    const types = new Set(actors.filter((a) => category === STAKEHOLDER_CATEGORY || namedAsActor(norm, a, gazetteer)).map((a) => a.type));
    for (const org of annotation?.organisations ?? []) for (const t of organisationTypes(org, gazetteer)) types.add(t);
    return types;
  };
  const ruleCategory = bestScore >= TAG_WEIGHTS.threshold ? categories[best]!.id : OTHER_CATEGORY;

  if (model || capture) {
    const input: ModelInput = {
      categories: categories.map((c) => c.id),
      sectionWeights: sectionWeight,
      textScores: scores.map((s, i) => s - sectionWeight[i]!),
      ruleCategory,
      cues: cues.map((c) => c.cue.name),
      norm,
      tokens,
      actors: distinctActorCount,
      onlyActors,
      mostlyActors,
      section: segment.section ?? null,
    };
    capture?.(input);
    if (model) return modelCoding(model, input, typesFor);
  }
  const stakeholderTypes = typesFor(ruleCategory);

  if (bestScore < TAG_WEIGHTS.threshold) {
    const weak = order.filter((i) => scores[i]! > 0).map((i) => `${categories[i]!.id} ${round(scores[i]!)}`);
    return {
      category: OTHER_CATEGORY,
      confidence: 0,
      secondary: [],
      stakeholderTypes: [...stakeholderTypes].sort(),
      evidence: weak.length ? [`below threshold: ${weak.join(', ')}`] : ['no section cue, keyword or pattern matched'],
    };
  }
  const second = order.length > 1 ? scores[order[1]!]! : 0;
  const strength = 1 - Math.exp(-bestScore / 2.5);
  const margin = (bestScore - second) / bestScore;
  const confidence = round(Math.min(1, Math.max(0, strength * (0.5 + 0.5 * margin))));
  const secondaryMin = Math.max(TAG_WEIGHTS.threshold, TAG_WEIGHTS.secondaryShare * bestScore);
  return {
    category: categories[best]!.id,
    confidence,
    secondary: order.slice(1).filter((i) => scores[i]! >= secondaryMin).map((i) => categories[i]!.id),
    stakeholderTypes: [...stakeholderTypes].sort(),
    evidence: evidence[best]!.sort((a, b) => a.at - b.at).map((e) => e.text),
  };
}

/** A secondary class needs at least this share of the chosen class's probability (and this probability). */
const MODEL_SECONDARY_SHARE = 0.5;
const MODEL_SECONDARY_MIN = 0.2;

/**
 * The coding the trained model gives (see category-model.ts): the most probable class, its probability as the
 * confidence, the classes close to it as secondary, and the features that weighed most as evidence.
 */
function modelCoding(
  model: CompiledModel,
  input: ModelInput,
  typesFor: (category: string) => Set<string>,
): Coding {
  const reading = readWithModel(model, segmentFeatures(input));
  const classes = model.model.categories;
  const order = classes.map((_, i) => i).sort((a, b) => reading.probabilities[b]! - reading.probabilities[a]! || a - b);
  const best = order[0]!;
  const p = reading.probabilities[best]!;
  const category = classes[best]!;
  const reasons = reading.reasons(best).map(([name, w]) => `${describeFeature(name)} (+${round(w)})`);
  const evidence = [`trained model: ${category} ${round(p)}`, ...reasons];
  return {
    category: category === MODEL_OTHER ? OTHER_CATEGORY : category,
    confidence: round(p),
    secondary: order
      .slice(1)
      .filter((i) => classes[i] !== MODEL_OTHER && reading.probabilities[i]! >= Math.max(MODEL_SECONDARY_MIN, MODEL_SECONDARY_SHARE * p))
      .map((i) => classes[i]!),
    stakeholderTypes: [...typesFor(category)].sort(),
    evidence,
  };
}

/** What tagging reads of a segment: its text and its section (heading or survey question). */
export type TaggableSegment = Pick<Segment, 'text' | 'section'>;

/**
 * A tagger for one codebook and gazetteer: codes one segment at a time (see tagSegments), compiling the
 * codebook once and remembering survey questions and short texts it has read. Pure apart from its memos.
 */
export function createTagger(
  codebook: Codebook,
  gazetteer: StakeholderGazetteer,
  sentenceCues?: SentenceCues,
  categoryModel?: CategoryModel,
  capture?: (input: ModelInput) => void,
): (segment: TaggableSegment, annotation: Annotation | undefined) => Coding {
  const index = compileCodebook(codebook);
  const model = categoryModel && modelFits(categoryModel, index.categories.map((c) => c.id)) ? compileModel(categoryModel) : null;
  const actors = compileGazetteer(gazetteer);
  const cues = sentenceCues ? compileSentenceCues(sentenceCues) : [];
  // A survey question is the section of every answer to it: read it once.
  const sections = new Map<string, SectionReading>();
  const readSection = (section: string): SectionReading => {
    let found = sections.get(section);
    if (!found) sections.set(section, (found = sectionReading(section, index.categories)));
    return found;
  };
  // Short answers repeat ("More funding", "Internet access"): read each such text once.
  const memo = new Map<string, TextEvidence>();
  const textEvidence = (text: string): TextEvidence => {
    if (text.length > MEMO_MAX_CHARS) return readText(text, index, actors, cues);
    let found = memo.get(text);
    if (!found) memo.set(text, (found = readText(text, index, actors, cues)));
    return found;
  };
  return (segment, annotation) => tagOne(segment, annotation, index, actors, readSection, textEvidence, model, capture);
}

/**
 * Code each segment with a codebook category (same order as the segments). Scores per category:
 * section cues in the segment's heading or survey question (strongest; the first cue counts most, a cue
 * after "address"/"tackle"... least), keywords matched on stems, patterns matched as words, and for the
 * stakeholder category the actors the gazetteer finds (a segment that mostly names actors is a stakeholder).
 * The best score at or above the threshold wins, else 'other'. Evidence lists what decided it.
 */
export function tagSegments(
  segments: readonly TaggableSegment[],
  annotations: readonly Annotation[],
  codebook: Codebook,
  gazetteer: StakeholderGazetteer,
  sentenceCues?: SentenceCues,
  categoryModel?: CategoryModel,
): Coding[] {
  const tag = createTagger(codebook, gazetteer, sentenceCues, categoryModel);
  return segments.map((segment, i) => tag(segment, annotations[i]));
}
