// Themes: within each scope, split by language, vectorise, cluster and label; tiny or incoherent groups go to "Other".
import { own } from '../model/dict.ts';
import type { AnalysedSegment } from '../model/index.ts';
import { buildTfidf, reduceLsa, toDenseRows } from './vectorise.ts';
import { clusterVectors, type ClusterOptions } from './cluster.ts';
import { labelThemes } from './label.ts';
import { stemmerFor } from './text.ts';
import { englishNounPhrases } from './annotate.ts';

/** A theme before statistics: its members in order of closeness to the centre. */
export interface ThemeDraft {
  label: string;
  keyTerms: string[];
  /** One line on what the members talk about (absent for Other and where no shared phrase was found). */
  description?: string;
  language: string;
  isOther: boolean;
  /** Member segment indices (into the scope's list), closest to the theme centre first. */
  members: number[];
  /** Cosine similarity of each member to the centre, same order as members. */
  similarity: number[];
  coherence: number;
}

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
   * The English answers were annotated without noun phrases (a large input, see answerPhrasesLeftToLabels):
   * the label stage asks compromise itself, for the few clauses whose phrases could become a label.
   */
  phrasesOnDemand?: boolean;
  /** Settings of the cluster stage (k range, Other thresholds, refinement rounds), for evaluation. */
  cluster?: Omit<ClusterOptions, 'seed' | 'k' | 'features'>;
  /** Method switches for the vectors (terms, document-frequency limits, LSA dimensions), for evaluation. */
  vectorise?: { terms?: TermFeatures; classifierTerms?: TermFeatures; minDf?: number; maxDfShare?: number; maxDims?: number };
}

export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', sr: 'Serbian', hr: 'Croatian', bs: 'Bosnian', sq: 'Albanian', mk: 'Macedonian', it: 'Italian',
  de: 'German', fr: 'French', es: 'Spanish', pt: 'Portuguese', ru: 'Russian', uk: 'Ukrainian', tr: 'Turkish',
  el: 'Greek', bg: 'Bulgarian', ro: 'Romanian', sl: 'Slovenian', nl: 'Dutch', pl: 'Polish', und: 'undetermined language',
};

/** The language a segment is themed in: short undetermined texts go with English. */
function themingLanguage(s: AnalysedSegment): string {
  return s.annotation.language === 'und' ? 'en' : s.annotation.language;
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

/** Cluster one language group of a scope into themes (indices are into `segments`). */
function themesOfGroup(segments: readonly AnalysedSegment[], indices: number[], language: string, options: ThemeOptions, clusterable: boolean): { themes: ThemeDraft[]; k: number; silhouette: number; tried: { k: number; silhouette: number }[] } {
  // The language comes from stored data (a restored backup): read only the table's own entries.
  const stopwords = own(options.stopwords, language) ?? own(options.stopwords, 'en') ?? new Set<string>();
  const stem = stemmerFor(language);
  const generic = language === 'en' ? options.genericWords ?? new Set<string>() : new Set<string>();
  // A large input's English answers have no annotated noun phrases (and notes none found): asked for on demand.
  const onDemand = options.phrasesOnDemand === true && language === 'en';
  const items = indices.map((i) => {
    const a = segments[i]!.annotation;
    return { text: segments[i]!.text, nounPhrases: onDemand && a.language === 'en' && a.nounPhrases.length === 0 ? undefined : a.nounPhrases };
  });
  const nounPhrasesOf = onDemand ? (clause: string): string[] => englishNounPhrases(clause, stopwords) : undefined;
  const languageName = own(LANGUAGE_NAMES, language) ?? language;

  if (!clusterable) {
    const [labelled] = labelThemes([items.map((_, p) => p)], items, stopwords, stem, generic, nounPhrasesOf);
    return {
      themes: [{
        label: language === 'en' ? 'Other' : `Other: in ${languageName}`,
        keyTerms: labelled?.keyTerms ?? [],
        language,
        isOther: true,
        members: indices,
        similarity: indices.map(() => 0),
        coherence: 0,
      }],
      k: 0,
      silhouette: NaN,
      tried: [],
    };
  }

  const vec = options.vectorise ?? {};
  const tfidf = buildTfidf(indices.map((i) => featuresOf(segments[i]!, vec.terms ?? DEFAULT_TERMS, stem, stopwords)), { minDf: vec.minDf, maxDfShare: vec.maxDfShare });
  const n = indices.length;
  const vectors = n >= 40 && tfidf.matrix.cols > 20
    ? reduceLsa(tfidf.matrix, { dims: Math.min(vec.maxDims ?? DEFAULT_MAX_DIMS, Math.max(10, Math.floor(n / 4))), seed: options.seed })
    : toDenseRows(tfidf.matrix);
  const classifierTerms = vec.classifierTerms ?? vec.terms ?? DEFAULT_TERMS;
  const classifierFeatures = classifierTerms === (vec.terms ?? DEFAULT_TERMS)
    ? tfidf.matrix
    : buildTfidf(indices.map((i) => featuresOf(segments[i]!, classifierTerms, stem, stopwords)), { minDf: vec.minDf, maxDfShare: vec.maxDfShare }).matrix;
  const clustering = clusterVectors(vectors, { ...options.cluster, seed: options.seed, k: options.k, features: options.cluster?.refineRounds === 0 ? undefined : classifierFeatures });

  const groups: number[][] = Array.from({ length: clustering.k }, () => []);
  const other: number[] = [];
  for (let p = 0; p < n; p++) {
    const c = clustering.assignments[p]!;
    if (c >= 0) groups[c]!.push(p);
    else other.push(p);
  }
  const bySimilarity = (a: number, b: number): number => clustering.similarity[b]! - clustering.similarity[a]! || a - b;
  for (const g of groups) g.sort(bySimilarity);
  const labels = labelThemes(groups, items, stopwords, stem, generic, nounPhrasesOf);
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
    };
  });
  // Make labels unique within the group: a repeated label gets its next key term.
  const seen = new Map<string, number>();
  for (const t of themes) {
    const key = t.label.toLowerCase();
    if (seen.has(key)) {
      const extra = t.keyTerms.find((term) => !key.includes(term.toLowerCase()));
      t.label = extra ? `${t.label}: ${extra}` : `${t.label} (${seen.get(key)! + 1})`;
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  if (other.length) {
    themes.push({
      label: language === 'en' ? 'Other' : `Other: in ${languageName}`,
      keyTerms: [],
      language,
      isOther: true,
      members: other.map((p) => indices[p]!),
      similarity: other.map(() => 0),
      coherence: 0,
    });
  }
  return { themes, k: clustering.k, silhouette: clustering.silhouette, tried: clustering.tried };
}

/**
 * Find the themes of one scope. English (and undetermined short texts) are clustered together;
 * each other language is clustered on its own, or kept as an explicit "Other: in <language>" theme
 * when there are too few segments, so languages are never mixed in one theme.
 */
export function findThemes(segments: readonly AnalysedSegment[], options: ThemeOptions): ScopeThemes {
  const byLanguage = new Map<string, number[]>();
  segments.forEach((s, i) => {
    const lang = themingLanguage(s);
    if (!byLanguage.has(lang)) byLanguage.set(lang, []);
    byLanguage.get(lang)!.push(i);
  });
  const languages = [...byLanguage.keys()].sort((a, b) => byLanguage.get(b)!.length - byLanguage.get(a)!.length || a.localeCompare(b));
  const main = byLanguage.has('en') ? 'en' : languages[0];
  const minGroup = options.minLanguageGroup ?? 8;
  const result: ScopeThemes = { themes: [], k: 0, silhouette: NaN, tried: [] };
  const others: ThemeDraft[] = [];
  for (const lang of languages) {
    const indices = byLanguage.get(lang)!;
    const clusterable = lang === main ? indices.length >= 2 : indices.length >= minGroup;
    const group = themesOfGroup(segments, indices, lang, lang === main ? options : { ...options, k: undefined }, clusterable);
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
