// Tag: give each segment a codebook category by explainable scoring (section cues, keywords, patterns, actors) and find the stakeholder types it names.
import type { Annotation, Codebook, Coding, Segment, StakeholderGazetteer } from '../model/index.ts';
import { normaliseText, stemmerFor, tokeniseWithOffsets, type Token } from './text.ts';

/** Weights of the evidence; a section cue is the strongest signal. */
export const TAG_WEIGHTS = {
  /** The first cue in the section heading / question. */
  sectionHead: 4,
  /** A later cue in the heading ("Key challenges and priorities": priorities). */
  sectionOther: 3,
  /** A cue that is the object of the heading ("interventions to address these obstacles": obstacles). */
  sectionObject: 1,
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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface SequenceTerm {
  text: string;
  words: string[];
}

interface CompiledPattern {
  text: string;
  words: number;
  re: RegExp;
}

interface CompiledCategory {
  id: string;
  index: number;
  keywords: SequenceTerm[];
  patterns: CompiledPattern[];
  cues: SequenceTerm[];
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

const compiledCodebooks = new WeakMap<Codebook, CompiledCategory[]>();

function compileCodebook(codebook: Codebook): CompiledCategory[] {
  const cached = compiledCodebooks.get(codebook);
  if (cached) return cached;
  const compiled = codebook.categories.map((c, index) => ({
    id: c.id,
    index,
    keywords: distinctTerms(c.keywords.map((k) => ({ text: k, words: stemsOf(k) }))),
    patterns: c.patterns
      .filter((p) => p.trim().length > 0)
      .map((p) => ({ text: p, words: p.trim().split(/\s+/).length, re: patternRegex(p) })),
    cues: distinctTerms(c.sectionCues.map((k) => ({ text: k, words: stemsOf(k) }))),
  }));
  compiledCodebooks.set(codebook, compiled);
  return compiled;
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

interface GazetteerTerm {
  type: string;
  text: string;
  /** Canonical words, or null for an acronym matched case-sensitively. */
  words: string[] | null;
  re: RegExp | null;
}

const compiledGazetteers = new WeakMap<StakeholderGazetteer, GazetteerTerm[]>();

/**
 * Compile gazetteer terms. Acronyms ("UN", "EU", "NGO", "TV") are matched case-sensitively (with an
 * optional plural s) so Italian "un" or Portuguese "eu" are not actors; other terms case-insensitively
 * on plural- and spelling-tolerant words.
 */
function compileGazetteer(gazetteer: StakeholderGazetteer): GazetteerTerm[] {
  const cached = compiledGazetteers.get(gazetteer);
  if (cached) return cached;
  const out: GazetteerTerm[] = [];
  const seen = new Set<string>();
  for (const type of gazetteer.types) {
    for (const term of type.terms) {
      const trimmed = term.trim();
      if (/^[A-Z][A-Z0-9]+s?$/.test(trimmed)) {
        const core = trimmed.replace(/s$/, '');
        const key = `${type.id}:${core}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ type: type.id, text: core, words: null, re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(core)}(?:s|'s)?(?![\\p{L}\\p{N}])`, 'gu') });
      } else {
        const words = tokeniseWithOffsets(normaliseText(trimmed)).map((t) => canonicalWord(t.token));
        const key = `${type.id}:${words.join(' ')}`;
        if (words.length === 0 || seen.has(key)) continue;
        seen.add(key);
        out.push({ type: type.id, text: trimmed, words, re: null });
      }
    }
  }
  compiledGazetteers.set(gazetteer, out);
  return out;
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

/** Actor mentions in normalised text: gazetteer terms, longest match winning where they overlap. */
function findActors(norm: string, tokens: readonly Token[], terms: readonly GazetteerTerm[]): ActorMatch[] {
  const canonical = tokens.map((t) => canonicalWord(t.token));
  const matches: ActorMatch[] = [];
  for (const term of terms) {
    if (term.re) {
      for (const m of norm.matchAll(term.re)) matches.push({ type: term.type, term: term.text, start: m.index, end: m.index + m[0].length });
    } else if (term.words) {
      for (const i of findSequence(canonical, term.words)) {
        matches.push({ type: term.type, term: term.text, start: tokens[i]!.start, end: tokens[i + term.words.length - 1]!.end });
      }
    }
  }
  return longestFirst(matches);
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
function organisationTypes(name: string, terms: readonly GazetteerTerm[]): string[] {
  const norm = normaliseText(name);
  const actors = findActors(norm, tokeniseWithOffsets(norm), terms);
  if (actors.length) return actors.map((a) => a.type);
  const kind = organisationKind(norm);
  return kind ? [kind] : [];
}

/** Stakeholder types named in a text (gazetteer terms), sorted and distinct. */
export function stakeholderTypesIn(text: string, gazetteer: StakeholderGazetteer, organisations: readonly string[] = []): string[] {
  const terms = compileGazetteer(gazetteer);
  const norm = normaliseText(text);
  const types = new Set(findActors(norm, tokeniseWithOffsets(norm), terms).map((a) => a.type));
  for (const org of organisations) for (const t of organisationTypes(org, terms)) types.add(t);
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

/** Keyword (stem sequence) and pattern (regex) matches in the text; where they overlap the longest wins. */
function textMatches(norm: string, tokens: readonly Token[], categories: readonly CompiledCategory[]): TextMatch[] {
  const stems = tokens.map((t) => stem(t.token));
  const matches: TextMatch[] = [];
  for (const c of categories) {
    for (const k of c.keywords) {
      for (const i of findSequence(stems, k.words)) {
        const weight = TAG_WEIGHTS.keyword + TAG_WEIGHTS.keywordExtraWord * (k.words.length - 1);
        matches.push({ category: c.index, kind: 'keyword', term: k.text, weight, exact: true, start: tokens[i]!.start, end: tokens[i + k.words.length - 1]!.end });
      }
    }
    for (const p of c.patterns) {
      for (const m of norm.matchAll(p.re)) {
        const weight = TAG_WEIGHTS.pattern + TAG_WEIGHTS.patternExtraWord * (p.words - 1);
        const exact = m[0].replace(/\s+/g, ' ').toLowerCase() === p.text.trim().toLowerCase();
        matches.push({ category: c.index, kind: 'pattern', term: p.text, weight, exact, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return longestFirst(matches, (a, b) => Number(b.exact) - Number(a.exact) || b.weight - a.weight || a.category - b.category);
}

function quoteSection(section: string): string {
  const oneLine = section.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** Tag one segment; see tagSegments. */
function tagOne(
  segment: Segment,
  annotation: Annotation | undefined,
  categories: readonly CompiledCategory[],
  terms: readonly GazetteerTerm[],
  cuesOf: (section: string) => SectionCue[],
): Coding {
  const scores = categories.map(() => 0);
  const sectionWeight = categories.map(() => 0);
  const evidence: Array<Array<{ at: number; text: string }>> = categories.map(() => []);

  if (segment.section) {
    for (const cue of cuesOf(segment.section)) {
      if (cue.weight > sectionWeight[cue.category]!) sectionWeight[cue.category] = cue.weight;
    }
    sectionWeight.forEach((w, i) => {
      if (w > 0) {
        scores[i]! += w;
        evidence[i]!.push({ at: -1, text: `section "${quoteSection(segment.section!)}" -> ${categories[i]!.id}` });
      }
    });
  }

  const norm = normaliseText(segment.text);
  const tokens = tokeniseWithOffsets(norm);
  const counted = categories.map(() => new Map<string, TextMatch>());
  for (const m of textMatches(norm, tokens, categories)) {
    const key = `${m.kind}:${m.term}`;
    if (!counted[m.category]!.has(key)) counted[m.category]!.set(key, m);
  }
  counted.forEach((found, i) => {
    const weights = [...found.values()].map((m) => m.weight).sort((a, b) => b - a);
    weights.forEach((w, rank) => (scores[i]! += w * TAG_WEIGHTS.decay ** rank));
    for (const m of found.values()) evidence[i]!.push({ at: m.start, text: `${m.kind} "${m.term}"` });
  });

  const actors = findActors(norm, tokens, terms);
  const stakeholder = categories.find((c) => c.id === STAKEHOLDER_CATEGORY);
  if (stakeholder && actors.length) {
    const distinctActors = [...new Map(actors.map((a) => [a.term.toLowerCase(), a])).values()];
    distinctActors.slice(0, 3).forEach((a, rank) => {
      scores[stakeholder.index]! += TAG_WEIGHTS.actor * TAG_WEIGHTS.decay ** rank;
      evidence[stakeholder.index]!.push({ at: a.start, text: `actor "${a.term}" (${a.type})` });
    });
    const content = new Set(annotation?.tokens ?? []);
    const contentTokens = tokens.filter((t) => content.has(t.token));
    const covered = contentTokens.filter((t) => actors.some((a) => t.start >= a.start && t.end <= a.end)).length;
    const coverage = contentTokens.length > 0 ? covered / contentTokens.length : 0;
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
  const stakeholderTypes = new Set(actors.map((a) => a.type));
  for (const org of annotation?.organisations ?? []) for (const t of organisationTypes(org, terms)) stakeholderTypes.add(t);

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

/**
 * Code each segment with a codebook category (same order as the segments). Scores per category:
 * section cues in the segment's heading or survey question (strongest; the first cue counts most, a cue
 * after "address"/"tackle"... least), keywords matched on stems, patterns matched as words, and for the
 * stakeholder category the actors the gazetteer finds (a segment that mostly names actors is a stakeholder).
 * The best score at or above the threshold wins, else 'other'. Evidence lists what decided it.
 */
export function tagSegments(
  segments: readonly Segment[],
  annotations: readonly Annotation[],
  codebook: Codebook,
  gazetteer: StakeholderGazetteer,
): Coding[] {
  const categories = compileCodebook(codebook);
  const terms = compileGazetteer(gazetteer);
  // A survey question is the section of every answer to it: read its cues once.
  const cues = new Map<string, SectionCue[]>();
  const cuesOf = (section: string): SectionCue[] => {
    let found = cues.get(section);
    if (!found) cues.set(section, (found = sectionCues(section, categories)));
    return found;
  };
  return segments.map((segment, i) => tagOne(segment, annotations[i], categories, terms, cuesOf));
}
