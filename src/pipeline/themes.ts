// Themes: within each scope, split by language, vectorise, cluster and label; tiny or incoherent groups go to "Other".
import { own } from '../model/dict.ts';
import type { AnalysedSegment } from '../model/index.ts';
import { withoutPeople } from './without-people.ts';
import { buildTfidf, reduceLsa, toDenseRows } from './vectorise.ts';
import { clusterVectors, type ClusterOptions } from './cluster.ts';
import { labelThemes } from './label.ts';
import { backgroundStems, contentWordsOf, subjectStems } from './label-candidates.ts';
import { endsOnNounAlone } from './label-grammar.ts';
import { stemmerFor } from './text.ts';
import { centreOf, textMeaning } from './label-meaning.ts';
import { englishNounPhrases } from './annotate/index.ts';
import { canonicalLanguage, languageDisplayName } from './languages.ts';
import { placeByGlossary } from './glossary-placement.ts';
import type { SubthemeDraft, ThemeDraft } from './theme-drafts.ts';
import { unmixedThemes } from './mixed-themes.ts';
import { splitTheme } from './subthemes.ts';
import type { WordVectors } from './word-vectors.ts';

export type { SubthemeDraft, ThemeDraft } from './theme-drafts.ts';

export interface ScopeThemes {
  themes: ThemeDraft[];
  /** Themes found (not counting Other) in the main language group. */
  k: number;
  silhouette: number;
  tried: { k: number; silhouette: number }[];
}

export interface ThemeOptions {
  seed: number;
  k?: number;
  stopwords: Record<string, ReadonlySet<string>>;
  /** Words that cannot start or end an English label. */
  genericWords?: ReadonlySet<string>;
  /** Below this many segments, a non-English language group is not clustered (default 8). */
  minLanguageGroup?: number;
  /**
   * Answers in BCMS, Albanian, Macedonian or Italian may join an English theme through the shipped glossary
   * (corpus/glossary.json; default true). False: each language is themed on its own, as before.
   */
  crossLanguage?: boolean;
  /**
   * The English answers were annotated without noun phrases (a large input, see answerPhrasesLeftToLabels):
   * the label stage asks compromise itself, for the few clauses whose phrases could become a label.
   */
  phrasesOnDemand?: boolean;
  /** Settings of the cluster stage (k range, Other thresholds, refinement rounds), for evaluation. */
  cluster?: Omit<ClusterOptions, 'seed' | 'k' | 'features'>;
  /** Method switches for the vectors (terms, document-frequency limits, LSA dimensions), for evaluation. */
  vectorise?: { terms?: TermFeatures; classifierTerms?: TermFeatures; minDf?: number; maxDfShare?: number; maxDims?: number };
  /**
   * The consultation's questions, one a line: their words (and words made from them, "farmers" of "farms") are its
   * subject, not a theme's, and none carries an English label alone (see subjectStems).
   */
  subjectText?: string;
  /**
   * Words that name actors (the last words of the stakeholder gazetteer's terms): in an English scope where most
   * answers name one (a question on who should act), a label naming actors is preferred (see ACTOR_SCOPE_SHARE).
   */
  actorWords?: readonly string[];
  /** Word meanings (corpus/word-vectors/), when loaded: English labels are chosen to mean what their members say. */
  wordVectors?: WordVectors;
  /** Called between a scope's steps (each k tried, refinement round, labels, sub-themes) to move a progress bar; this thread only. */
  onStep?: () => void;
}

/**
 * The language a segment is themed in, as Harvest reports it (an analysis stored before BCMS was one language
 * has "sr", "hr"): short undetermined texts go with the scope's main language (see findThemes).
 */
function themingLanguage(s: AnalysedSegment, main: string): string {
  return s.annotation.language === 'und' ? main : canonicalLanguage(s.annotation.language);
}

/** The scope's main language: English when any segment is English, else the most frequent determined one (ties by code). */
function mainLanguage(segments: readonly AnalysedSegment[]): string {
  const counts = new Map<string, number>();
  for (const s of segments) {
    const lang = canonicalLanguage(s.annotation.language);
    if (lang !== 'und') counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  if (counts.has('en') || counts.size === 0) return 'en';
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** Which terms describe a segment for clustering. */
export type TermFeatures = 'stems+bigrams' | 'stems' | 'tokens' | 'tokens+bigrams' | 'stems+parts';

/**
 * Stems plus the parts of joined-up words ("#DigitalInclusion", "WhatsApp", "NSTextView") cluster best;
 * stems plus bigrams were worse (measured: docs/quality.md); bigrams still feed the labels.
 */
const DEFAULT_TERMS: TermFeatures = 'stems+parts';
/** At most this many LSA dimensions: short texts have a flat spectrum, and 50 keeps the signal without the noise. */
const DEFAULT_MAX_DIMS = 50;

// A word written in joined-up capitals: "WhatsApp", "#DigitalInclusion", "eGovernment", "NSTextView"
// (a capital after a small letter, or a run of capitals before a word), not a plural acronym ("NGOs", "ICTs").
const JOINED_WORD = /[\p{L}\p{N}]*(?:\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}{2})[\p{L}\p{N}]*/gu;
// Boundaries inside one: lower to upper ("eGovernment"), and the last capital of a run before lower case ("NSText").
const JOINED_PARTS = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu;

/** The stems of the parts of joined-up words ("#DigitalInclusion": digit, inclus), as extra terms. */
export function joinedParts(text: string, stem: (w: string) => string, stopwords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(JOINED_WORD)) {
    for (const part of m[0].match(JOINED_PARTS) ?? []) {
      const lower = part.toLowerCase();
      if (lower.length > 1 && !stopwords.has(lower)) out.push(stem(lower));
    }
  }
  return out;
}

/** Does theming with these options read the segments' tokens, and their bigrams (only some evaluation term choices)? */
export function termsRead(options: ThemeOptions): { tokens: boolean; bigrams: boolean } {
  const kinds = [options.vectorise?.terms ?? DEFAULT_TERMS, options.vectorise?.classifierTerms ?? options.vectorise?.terms ?? DEFAULT_TERMS];
  return { tokens: kinds.some((k) => k.startsWith('tokens')), bigrams: kinds.some((k) => k.endsWith('bigrams')) };
}

function featuresOf(s: AnalysedSegment, kind: TermFeatures, stem: (w: string) => string, stopwords: ReadonlySet<string>): string[] {
  const a = s.annotation;
  switch (kind) {
    case 'stems+parts':
      return [...a.stems, ...joinedParts(s.text, stem, stopwords)];
    case 'stems':
      return [...a.stems];
    case 'tokens':
      return [...a.tokens];
    case 'tokens+bigrams':
      return [...a.tokens, ...a.bigrams];
    default:
      return [...a.stems, ...a.bigrams];
  }
}

/**
 * A scope is about actors when at least this share of its answers start on one: their first noun phrase names an actor.
 * Measured on the sample and the blind surveys' tune half: 0.75-0.96 on the questions of who should act, at most 0.56
 * elsewhere (most answers about barriers or actions name some actor somewhere, so "names one anywhere" does not tell).
 */
const ACTOR_SCOPE_SHARE = 0.65;

/** The stems of the actor words, when most of a scope's answers (their noun phrases) start on an actor; else undefined. */
function actorsOfScope(nounPhrases: readonly (readonly string[])[], actorWords: readonly string[], stem: (w: string) => string): ReadonlySet<string> | undefined {
  if (actorWords.length === 0 || nounPhrases.length === 0) return undefined;
  const actors = new Set(actorWords.map((w) => stem(w)));
  const naming = nounPhrases.filter((phrases) => (phrases[0] ?? '').toLowerCase().split(/\s+/).some((w) => w !== '' && actors.has(stem(w)))).length;
  return naming >= ACTOR_SCOPE_SHARE * nounPhrases.length ? actors : undefined;
}

/** Cluster one language group of a scope into themes (indices are into `segments`). */
function themesOfGroup(segments: readonly AnalysedSegment[], indices: number[], language: string, options: ThemeOptions, clusterable: boolean): { themes: ThemeDraft[]; k: number; silhouette: number; tried: { k: number; silhouette: number }[] } {
  // The language comes from stored data (a restored backup): read only the table's own entries.
  const stopwords = own(options.stopwords, language) ?? own(options.stopwords, 'en') ?? new Set<string>();
  const stem = stemmerFor(language);
  const generic = language === 'en' ? options.genericWords ?? new Set<string>() : new Set<string>();
  // The word vectors are English: other languages' labels are chosen without them.
  const meanings = language === 'en' ? options.wordVectors : undefined;
  // A large input's English answers have no annotated noun phrases (and notes none found): asked for on demand.
  const onDemand = options.phrasesOnDemand === true && language === 'en';
  const items = indices.map((i) => {
    const a = segments[i]!.annotation;
    return { text: withoutPeople(segments[i]!.text, a.pii), nounPhrases: onDemand && a.language === 'en' && a.nounPhrases.length === 0 ? undefined : a.nounPhrases };
  });
  // Once per clause: the sub-themes' labels ask again about many of the clauses their theme's label asked about.
  const phrasesByClause = new Map<string, readonly string[]>();
  const nounPhrasesOf = onDemand
    ? (clause: string): readonly string[] => {
        let phrases = phrasesByClause.get(clause);
        if (!phrases) phrasesByClause.set(clause, (phrases = englishNounPhrases(clause, stopwords)));
        return phrases;
      }
    : undefined;
  const languageName = languageDisplayName(language);
  // compromise reads English only: other languages' labels are not asked whether they end on a noun.
  const endsOnNoun = language === 'en' ? endsOnNounAlone : undefined;
  // The questions are in the consultation's language: their words are the subject of its English labels.
  const subject = language === 'en' && options.subjectText ? subjectStems(options.subjectText, stopwords, stem) : undefined;
  const actors = language === 'en' ? actorsOfScope(indices.map((i) => segments[i]!.annotation.nounPhrases), options.actorWords ?? [], stem) : undefined;

  if (!clusterable) {
    const [labelled] = labelThemes([items.map((_, p) => p)], items, stopwords, stem, generic, { nounPhrasesOf, meanings, endsOnNoun });
    return {
      themes: [{
        label: language === 'en' ? 'Other' : `Other: in ${languageName}`,
        keyTerms: labelled?.keyTerms ?? [],
        language,
        isOther: true,
        members: indices,
        similarity: indices.map(() => 0),
        coherence: 0,
        subthemes: [],
      }],
      k: 0,
      silhouette: NaN,
      tried: [],
    };
  }

  const vec = options.vectorise ?? {};
  const tfidf = buildTfidf(indices.map((i) => featuresOf(segments[i]!, vec.terms ?? DEFAULT_TERMS, stem, stopwords)), { minDf: vec.minDf, maxDfShare: vec.maxDfShare });
  const n = indices.length;
  options.onStep?.();
  const vectors = n >= 40 && tfidf.matrix.cols > 20
    ? reduceLsa(tfidf.matrix, { dims: Math.min(vec.maxDims ?? DEFAULT_MAX_DIMS, Math.max(10, Math.floor(n / 4))), seed: options.seed, onStep: options.onStep })
    : toDenseRows(tfidf.matrix);
  if (meanings && n <= MAX_MEANING_SCOPE) joinMeanings(vectors, indices.map((i) => segments[i]!.text), meanings, MEANING_WEIGHT);
  const classifierTerms = vec.classifierTerms ?? vec.terms ?? DEFAULT_TERMS;
  const classifierFeatures = classifierTerms === (vec.terms ?? DEFAULT_TERMS)
    ? tfidf.matrix
    : buildTfidf(indices.map((i) => featuresOf(segments[i]!, classifierTerms, stem, stopwords)), { minDf: vec.minDf, maxDfShare: vec.maxDfShare }).matrix;
  const clustering = clusterVectors(vectors, { ...options.cluster, seed: options.seed, k: options.k, features: options.cluster?.refineRounds === 0 ? undefined : classifierFeatures, onStep: options.onStep });
  options.onStep?.();

  const { clustered, other } = groupsOf(clustering.k, clustering.assignments, clustering.similarity);
  // A theme whose label few of its members write is split into its parts, each labelled anew (see mixed-themes.ts);
  // not when the number of themes was given (`--k`, a facilitator's split into k).
  const labelAll = (gs: readonly number[][]) => labelThemes(gs, items, stopwords, stem, generic, { nounPhrasesOf, meanings, endsOnNoun, subject, actors, onStep: options.onStep });
  const { groups, labels } = options.k === undefined
    ? unmixedThemes(clustered, labelAll, (g, c) => splitTheme(vectors, tfidf.matrix, g, options.seed + 7919 * (c + 1)))
    : { groups: clustered, labels: labelAll(clustered) };
  options.onStep?.();
  // The scope's background words cannot carry a sub-theme's label alone either (computed once, only if a theme splits).
  let scopeBackground: ReadonlySet<string> | undefined;
  // Each theme's distinct points, labelled against the rest of the theme (a sub-theme's label says what sets it apart from its siblings).
  const subthemesOf = (g: number[], c: number): SubthemeDraft[] => {
    options.onStep?.();
    const split = splitTheme(vectors, tfidf.matrix, g, options.seed + 7919 * (c + 1));
    if (split.length === 0) return [];
    const position = new Map(g.map((p, i) => [p, i]));
    const themeItems = g.map((p) => items[p]!);
    // The theme's label words (of two points, the first: "Money" under "Roof; money") cannot start or end a sub-theme's.
    const subGeneric = new Set([...generic, ...contentWordsOf(labels[c]!.label.split('; ')[0]!, stopwords)]);
    scopeBackground ??= backgroundStems(items.map((x) => x.text), stopwords, stem);
    const subLabels = labelThemes(split.map((sub) => sub.map((p) => position.get(p)!)), themeItems, stopwords, stem, subGeneric, { nounPhrasesOf, outerBackground: scopeBackground, meanings, endsOnNoun, actors });
    const subthemes = split.map((sub, j) => ({ label: subLabels[j]!.label, keyTerms: subLabels[j]!.keyTerms, members: sub.map((p) => indices[p]!) }));
    uniqueLabels(subthemes, labels[c]!.label);
    return subthemes;
  };
  const themes: ThemeDraft[] = groups.map((g, c) => {
    const sims = g.map((p) => clustering.similarity[p]!);
    return {
      label: language === 'en' ? labels[c]!.label : `${labels[c]!.label} (${languageName})`,
      keyTerms: labels[c]!.keyTerms,
      ...(labels[c]!.description ? { description: labels[c]!.description } : {}),
      language,
      isOther: false,
      members: g.map((p) => indices[p]!),
      similarity: sims,
      coherence: sims.reduce((a, b) => a + b, 0) / Math.max(1, sims.length),
      subthemes: subthemesOf(g, c),
    };
  });
  uniqueLabels(themes);
  if (other.length) {
    themes.push({
      label: language === 'en' ? 'Other' : `Other: in ${languageName}`,
      keyTerms: [],
      language,
      isOther: true,
      members: other.map((p) => indices[p]!),
      similarity: other.map(() => 0),
      coherence: 0,
      subthemes: [],
    });
  }
  return { themes, k: clustering.k, silhouette: clustering.silhouette, tried: clustering.tried };
}

/** The clustering's groups (positions, most similar first) and the positions it left out. */
function groupsOf(k: number, assignments: ArrayLike<number>, similarity: ArrayLike<number>): { clustered: number[][]; other: number[] } {
  const clustered: number[][] = Array.from({ length: k }, () => []);
  const other: number[] = [];
  for (let p = 0; p < assignments.length; p++) {
    const c = assignments[p]!;
    if (c >= 0) clustered[c]!.push(p);
    else other.push(p);
  }
  for (const g of clustered) g.sort((a, b) => similarity[b]! - similarity[a]! || a - b);
  return { clustered, other };
}

/**
 * The weight of a text's word meaning beside its LSA vector (unit length): 0.3 raised NMI on all four outside
 * development sets; 0.6 lowered StackOverflow (docs/quality.md, session 12).
 */
const MEANING_WEIGHT = 0.3;
/**
 * Above this many segments a scope is clustered without the word meanings: their 100 dimensions beside at most 50
 * doubled the themes stage's time on a 30,000-answer survey (docs/quality.md, session 12).
 */
const MAX_MEANING_SCOPE = 4000;

/**
 * Each row (scaled to unit length) gets the text's mean word meaning, less the scope's, times `weight`, as extra
 * dimensions: answers that say the same thing in other words come closer.
 */
export function joinMeanings(vectors: Float64Array[], texts: readonly string[], table: WordVectors, weight: number): void {
  const meaning = texts.map((t) => textMeaning(table, t));
  const origin = centreOf(meaning);
  if (!origin) return;
  const dims = origin.length;
  for (let r = 0; r < vectors.length; r++) {
    const row = vectors[r]!;
    let norm = 0;
    for (let d = 0; d < row.length; d++) norm += row[d]! * row[d]!;
    // Every row gets the same length: an empty row stays empty (all zeros, so it goes to Other) but as long as the
    // others, or a centre computed from it would be too short and every similarity to it NaN.
    const out = new Float64Array(row.length + dims);
    if (norm === 0) {
      vectors[r] = out;
      continue;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < row.length; d++) out[d] = row[d]! / norm;
    const m = meaning[r];
    if (m) {
      let mn = 0;
      for (let d = 0; d < dims; d++) mn += (m[d]! - origin[d]!) ** 2;
      mn = Math.sqrt(mn) || 1;
      for (let d = 0; d < dims; d++) out[row.length + d] = (weight * (m[d]! - origin[d]!)) / mn;
    }
    vectors[r] = out;
  }
}

/**
 * Make labels unique within a list: a repeated label gets its next key term, or a number. With `parent`, a
 * label equal to the parent's (a sub-theme named as its theme) is a repeat too.
 */
function uniqueLabels(list: { label: string; keyTerms: string[] }[], parent?: string): void {
  const seen = new Map<string, number>();
  if (parent !== undefined) seen.set(parent.toLowerCase(), 1);
  for (const t of list) {
    const key = t.label.toLowerCase();
    if (seen.has(key)) {
      const extra = t.keyTerms.find((term) => !key.includes(term.toLowerCase()));
      t.label = extra ? `${t.label}: ${extra}` : `${t.label} (${seen.get(key)! + 1})`;
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
}

/**
 * Find the themes of one scope. English (and undetermined short texts) are clustered together;
 * each other language is clustered on its own, or kept as an explicit "Other: in <language>" theme
 * when there are too few segments, so languages are never mixed in one theme.
 */
export function findThemes(segments: readonly AnalysedSegment[], options: ThemeOptions): ScopeThemes {
  const byLanguage = new Map<string, number[]>();
  const scopeMain = mainLanguage(segments);
  segments.forEach((s, i) => {
    const lang = themingLanguage(s, scopeMain);
    if (!byLanguage.has(lang)) byLanguage.set(lang, []);
    byLanguage.get(lang)!.push(i);
  });
  const languages = [...byLanguage.keys()].sort((a, b) => byLanguage.get(b)!.length - byLanguage.get(a)!.length || a.localeCompare(b));
  const main = scopeMain;
  const minGroup = options.minLanguageGroup ?? 8;
  const result: ScopeThemes = { themes: [], k: 0, silhouette: NaN, tried: [] };
  const others: ThemeDraft[] = [];
  const groupOf = (lang: string, indices: number[]): ReturnType<typeof themesOfGroup> => {
    const clusterable = lang === main ? indices.length >= 2 : indices.length >= minGroup;
    return themesOfGroup(segments, indices, lang, lang === main ? options : { ...options, k: undefined }, clusterable);
  };
  // The main language first: answers in other languages may join its themes (see placeByGlossary).
  const mainGroup = byLanguage.has(main) ? groupOf(main, byLanguage.get(main)!) : null;
  if (mainGroup && main === 'en' && options.crossLanguage !== false) {
    for (const lang of languages) {
      if (lang === main) continue;
      byLanguage.set(lang, placeByGlossary(segments, byLanguage.get(lang)!, lang, mainGroup.themes, options.stopwords));
    }
  }
  for (const lang of languages) {
    const indices = byLanguage.get(lang)!;
    if (lang !== main && indices.length === 0) continue;
    const group = lang === main ? mainGroup! : groupOf(lang, indices);
    result.themes.push(...group.themes.filter((t) => !t.isOther));
    others.push(...group.themes.filter((t) => t.isOther));
    if (lang === main) {
      result.k = group.k;
      result.silhouette = group.silhouette;
      result.tried = group.tried;
    }
  }
  // Other themes last: the main language's first, then the other languages.
  result.themes.push(...others);
  return result;
}
