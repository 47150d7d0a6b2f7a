// Label candidates: the phrases of a text that could name a theme (n-grams within a clause that start and end on a
// useful word, with the text's noun phrases), counted over a theme's members and over its scope.
import { normaliseText, tokenise } from './text.ts';
import { phraseWords } from './word-lists.ts';

export interface LabelItem {
  text: string;
  /**
   * Noun phrases found by annotate (lower-case), added as candidates. Absent: not annotated (an answer of a
   * large input); labelThemes then asks `nounPhrasesOf` for the clauses it needs.
   */
  nounPhrases?: readonly string[];
}

/** A phrase that could be a theme's label, with its counts over the theme's sample. */
export interface Candidate {
  key: string;
  words: number;
  /** Members of the theme's sample that use it. */
  df: number;
  /** Members of the theme's sample in whose text it runs on into a content word ("lack of digital" -> "skills"). */
  followed: number;
  /** Members of the theme's sample with annotated noun phrases that use it. */
  annotatedDf: number;
  /**
   * ... of which those where it is read as a noun phrase (a single word: also as the head of one, "cost" of
   * "the cost of devices", "girls" of "young girls").
   */
  nounDf: number;
  /** The first surface form seen and its count; other forms, with counts, only when there are any. */
  surface: string;
  surfaceCount: number;
  otherSurfaces: Map<string, number> | null;
}

/**
 * Does a phrase usually run on into a content word, so that as a label it would be
 * cut mid-phrase ("lack of digital" in "lack of digital skills")?
 */
export function isCut(c: Candidate): boolean {
  return c.followed >= Math.max(1, 0.5 * c.df);
}

export function addSurface(c: Candidate, surface: string): void {
  if (surface === c.surface) c.surfaceCount++;
  else (c.otherSurfaces ??= new Map()).set(surface, (c.otherSurfaces.get(surface) ?? 0) + 1);
}

export const MAX_WORDS = 5;
/** At most this many texts of a scope are read to measure how common a phrase is overall. */
export const LABEL_SCOPE_SAMPLE = 12_000;
/** At most this many members of a theme are read to find its label. */
export const LABEL_THEME_SAMPLE = 3_000;
/**
 * A word in more than this share of a scope's texts (most of them) is one of its background words (the
 * consultation's subject, "gambling" in a consultation on gambling adverts): it cannot carry a label alone.
 * Not lower: a theme holding a third of its scope would lose its own words.
 */
export const BACKGROUND_SHARE = 0.5;

/** The content words of a phrase (lower-case, stop words left out), in order. */
export function contentWordsOf(phrase: string, stopwords: ReadonlySet<string>): string[] {
  return tokenise(normaliseText(phrase)).filter((w) => !stopwords.has(w) && !/^\d+$/.test(w));
}

/** The stems of the words in more than BACKGROUND_SHARE of the texts (read on an evenly spaced sample of a large scope). */
export function backgroundStems(texts: readonly string[], stopwords: ReadonlySet<string>, stem: (w: string) => string): Set<string> {
  const sample = everyNth(texts, LABEL_SCOPE_SAMPLE);
  const df = new Map<string, number>();
  for (const text of sample) for (const s of new Set(contentWordsOf(text, stopwords).map(stem))) df.set(s, (df.get(s) ?? 0) + 1);
  return backgroundOf(df, sample.length);
}

/** The keys of `df` (document counts over `total` texts) above BACKGROUND_SHARE; none in a scope of fewer than 10 texts. */
export function backgroundOf(df: ReadonlyMap<string, number>, total: number): Set<string> {
  const out = new Set<string>();
  if (total < 10) return out;
  for (const [key, n] of df) if (n / total > BACKGROUND_SHARE) out.add(key);
  return out;
}

/** The stems of a text's content words (a consultation's questions: its subject; see isSubjectStem). */
export function subjectStems(text: string, stopwords: ReadonlySet<string>, stem: (w: string) => string): Set<string> {
  return new Set(contentWordsOf(text, stopwords).filter((w) => w.length > 2).map(stem));
}

/**
 * Is a stem one of the subject's, or a word made from one ("farmer" of "farm", "trainers" of "train": the subject's
 * stem of four letters or more and at most three letters more)?
 */
export function isSubjectStem(subject: ReadonlySet<string>, s: string): boolean {
  if (subject.has(s)) return true;
  for (let cut = s.length - 1; cut >= Math.max(4, s.length - 3); cut--) if (subject.has(s.slice(0, cut))) return true;
  return false;
}

/** Clauses of a text: phrases never run across punctuation ("booking a doctor, paying bills" is two). */
export function clausesOf(text: string): string[] {
  return normaliseText(text).split(/[,.;:!?()[\]"\n/]+|\s[-–—]\s/);
}

/** At most `limit` items, evenly spaced (all of them when there are few enough); keeps the order. */
export function everyNth<T>(list: readonly T[], limit: number): readonly T[] {
  if (list.length <= limit) return list;
  const step = list.length / limit;
  return Array.from({ length: limit }, (_, i) => list[Math.floor(i * step)]!);
}

/** Is a word worth starting or ending a phrase on (not a stop word, generic word, number or one of 1-2 letters)? */
function usefulWord(t: string, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>): boolean {
  return t.length > 2 && !stopwords.has(t) && !generic.has(t) && !/^\d+$/.test(t);
}

/**
 * Add the candidate phrases of one clause to `out` (key -> surface): n-grams of 1-5 words that start and end
 * on a useful word.
 */
export function addClauseCandidates(clause: string, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string, out: Map<string, string>, followed?: Set<string>): void {
  const seq = tokenise(clause);
  const ok = seq.map((t) => usefulWord(t, stopwords, generic));
  // A phrase runs on when the next word is a content word, a general one too ("training young" of "training young people").
  const content = seq.map((t, i) => ok[i]! || (t.length > 2 && !stopwords.has(t) && !/^\d+$/.test(t)));
  // Each word's key part once (the stem, or the word itself for a stop word inside a phrase).
  const keys = seq.map((w) => (stopwords.has(w) ? w : stem(w)));
  for (let i = 0; i < seq.length; i++) {
    if (!ok[i]) continue;
    let key = '';
    let surface = '';
    for (let j = i; j < Math.min(seq.length, i + MAX_WORDS); j++) {
      key = j === i ? keys[j]! : `${key} ${keys[j]!}`;
      surface = j === i ? seq[j]! : `${surface} ${seq[j]!}`;
      if (!ok[j]) continue;
      if (!out.has(key)) out.set(key, surface);
      if (followed && j + 1 < seq.length && content[j + 1]) followed.add(key);
    }
  }
}

/** Words that end the head of an English noun phrase: its head is the last word before them ("cost" of "cost of devices"); corpus/phrase-words.json. */
export const HEAD_BREAKS: ReadonlySet<string> = new Set(phraseWords().headBreaks);

/** The key of a noun phrase's head word (from its key: the last word before a preposition or conjunction). */
export function headKeyOf(key: string): string {
  const words = key.split(' ');
  const cut = words.findIndex((w, i) => i > 0 && HEAD_BREAKS.has(w));
  return (cut < 0 ? words : words.slice(0, cut)).at(-1)!;
}

/** A noun phrase's candidate key and words (trimmed to useful words at both ends), or null. */
export function nounPhraseCandidate(phrase: string, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string): { key: string; words: string[] } | null {
  const words = tokenise(normaliseText(phrase));
  while (words.length && !usefulWord(words[0]!, stopwords, generic)) words.shift();
  // A phrase whose head is a general word is not cut before it ("work of training young" of "... young people").
  const untrimmed = [...words];
  while (words.length && !usefulWord(words[words.length - 1]!, stopwords, generic)) words.pop();
  if (untrimmed.slice(words.length).some((w) => w.length > 2 && !stopwords.has(w) && !/^\d+$/.test(w))) return null;
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  return { key: words.map((w) => (stopwords.has(w) ? w : stem(w))).join(' '), words };
}

/**
 * Candidate phrases of one text: n-grams of 1-5 words within a clause that start and end on a specific
 * content word, so that every candidate occurs in the text as written. The text's noun phrases are not candidates
 * themselves (compromise may join words across punctuation or split "at-risk"): their keys go to `nouns`, with
 * their head words' keys and every run of two or more of their words unless `spans` is false.
 */
export function candidatesOf(item: LabelItem, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string, nouns?: Set<string>, followed?: Set<string>, spans = true): Map<string, string> {
  const out = new Map<string, string>();
  for (const clause of clausesOf(item.text)) addClauseCandidates(clause, stopwords, generic, stem, out, followed);
  for (const phrase of item.nounPhrases ?? []) {
    const found = nounPhraseCandidate(phrase, stopwords, generic, stem);
    if (!found) continue;
    if (nouns && !spans) nouns.add(found.key);
    else if (nouns) {
      nouns.add(headKeyOf(found.key));
      // Every run of two or more of its words reads as a noun phrase too ("gambling addiction" of "gambling
      // addiction rates"); a single word only as its head ("online" of "online harassment" is a modifier).
      const keyWords = found.key.split(' ');
      for (let i = 0; i < keyWords.length; i++) for (let j = i + 2; j <= keyWords.length; j++) nouns.add(keyWords.slice(i, j).join(' '));
      nouns.add(found.key);
    }
  }
  return out;
}

/** The surface form most of a candidate's users write (ties: the first in code-point order). */
export function mostCommonSurface(c: Candidate): string {
  return [[c.surface, c.surfaceCount] as [string, number], ...(c.otherSurfaces ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** The words labels are made of and trimmed of: stop words, words too general to start or end one, the stemmer. */
export interface LabelWords {
  stopwords: ReadonlySet<string>;
  generic: ReadonlySet<string>;
  stem: (w: string) => string;
}

/** The candidates of a theme's sample (indices into `items`), each with its counts over the sample. */
export function countThemeCandidates(members: readonly number[], items: readonly LabelItem[], words: LabelWords): Map<string, Candidate> {
  const { stopwords, generic, stem } = words;
  const local = new Map<string, Candidate>();
  const followed = new Set<string>();
  const nouns = new Set<string>();
  for (const i of members) {
    followed.clear();
    nouns.clear();
    const annotated = items[i]!.nounPhrases !== undefined;
    for (const [key, surface] of candidatesOf(items[i]!, stopwords, generic, stem, nouns, followed)) {
      let c = local.get(key);
      if (!c) local.set(key, (c = { key, words: 0, df: 0, followed: 0, annotatedDf: 0, nounDf: 0, surface, surfaceCount: 0, otherSurfaces: null }));
      c.df++;
      if (followed.has(key)) c.followed++;
      if (annotated) c.annotatedDf++;
      if (annotated && nouns.has(key)) c.nounDf++;
      addSurface(c, surface);
    }
  }
  // A phrase only one member uses is never ranked when some phrase is shared (see minDf in label.ts).
  if (members.length > 2 && [...local.values()].some((c) => c.df >= 2)) {
    for (const [key, c] of local) if (c.df < 2) local.delete(key);
  }
  for (const c of local.values()) c.words = c.key.split(' ').length;
  return local;
}

/** How a scope uses the phrases its themes want. */
export interface ScopeCounts {
  /** Texts of the scope's sample using each wanted phrase. */
  dfAll: Map<string, number>;
  /** Texts in the scope's sample. */
  total: number;
  /** The scope's background words (stems), with those of the wider scope given. */
  background: Set<string>;
  /** The noun phrases of the whole scope (compromise reads "gambling addiction" as one in some texts and "gambling" as a verb in others). */
  scopeNouns: Set<string>;
}

/**
 * Count the `wanted` phrases over the scope. Large scopes are read on an evenly spaced sample: shares of a few
 * thousand texts rank phrases as well as shares of all of them, at a fraction of the cost.
 */
export function countScopeCandidates(items: readonly LabelItem[], wanted: ReadonlySet<string>, words: LabelWords, outerBackground?: ReadonlySet<string>): ScopeCounts {
  const scopeSample = everyNth(items.map((_, i) => i), LABEL_SCOPE_SAMPLE);
  const dfAll = new Map<string, number>();
  // Every single word's count too, for the scope's background words.
  const wordDf = new Map<string, number>();
  const scopeNouns = new Set<string>();
  for (const i of scopeSample) {
    for (const key of candidatesOf(items[i]!, words.stopwords, words.generic, words.stem, scopeNouns, undefined, false).keys()) {
      if (wanted.has(key)) dfAll.set(key, (dfAll.get(key) ?? 0) + 1);
      if (!key.includes(' ')) wordDf.set(key, (wordDf.get(key) ?? 0) + 1);
    }
  }
  const total = scopeSample.length;
  const background = backgroundOf(wordDf, total);
  for (const w of outerBackground ?? []) background.add(w);
  return { dfAll, total, background, scopeNouns };
}

/** A label from a text's first words when no phrase of it can be one: at most six, never ending on a stop word. */
export function fallbackLabel(text: string, stopwords: ReadonlySet<string>): string {
  const words = text.split(/\s+/).filter((w) => w !== '').slice(0, 6);
  while (words.length > 1 && stopwords.has(tokenise(words[words.length - 1]!).at(-1) ?? '')) words.pop();
  const phrase = words.join(' ');
  return phrase.replace(/[,;:.!?]+$/, '') || phrase || 'Other';
}

/** The first letter in capitals. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A question about a phrase asked once per phrase. */
export function remembered(ask: (phrase: string) => boolean): (phrase: string) => boolean {
  const answers = new Map<string, boolean>();
  return (phrase) => {
    let answer = answers.get(phrase);
    if (answer === undefined) answers.set(phrase, (answer = ask(phrase)));
    return answer;
  };
}
