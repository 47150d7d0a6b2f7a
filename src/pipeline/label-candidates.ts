// Label candidates: the phrases of a text that could name a theme (n-grams within a clause that start and end on a
// useful word, with the text's noun phrases), counted over a theme's members and over its scope.
import { normaliseText, tokenise } from './text.ts';
import { phraseWords } from './word-lists.ts';
import { nlp } from './annotate/compromise.ts';

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
function headKeyOf(key: string): string {
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

/** The tags compromise gives each word of an English phrase read alone, and the words. */
function tagsAlone(phrase: string): { text: string; tags: string[] }[] {
  const terms = nlp()(phrase).terms().json() as { text: string; terms: { tags: string[] }[] }[];
  return terms.map((t) => ({ text: t.text, tags: t.terms[0]?.tags ?? [] }));
}

/** Is a word, as compromise tagged it, a noun (a gerund, a date, a number; a plural it took for a verb: "accounts")? */
function nounLike({ text, tags }: { text: string; tags: string[] }): boolean {
  if (tags.some((t) => t === 'Noun' || t === 'Date' || t === 'Gerund' || t === 'Value')) return true;
  return tags.includes('PresentTense') && /s$/i.test(text);
}

/**
 * Does an English phrase, read alone, end on a noun? compromise reads a phrase cut out of a sentence better alone
 * than in its clause: "weak signal mean" (of "a weak signal mean you cannot...") and "evaluation tools simple" end
 * on an adjective, "project ended" on a verb; "village centre", "cost of a laptop", "awareness raising" (a gerund)
 * and "firsthand accounts" (a plural compromise takes for a verb) end on nouns. A phrase holding a clause
 * ("training makes sense") does not count as ending on a noun: it is no name for a theme, nor one starting on an
 * adverb in -ly ("publicly on progress").
 */
export function endsOnNounAlone(phrase: string): boolean {
  const terms = tagsAlone(phrase);
  const last = terms.at(-1);
  return last !== undefined && nounLike(last) && !hasClause(terms) && !startsOnAdverb(terms);
}

/**
 * Does a phrase of several words start on an adverb in -ly ("publicly on progress" of "report publicly on progress")? It
 * is cut from the verb before it. ("More time" starts on an adjective.)
 */
function startsOnAdverb(terms: readonly { text: string; tags: string[] }[]): boolean {
  const first = terms[0];
  return terms.length > 1 && first !== undefined && /ly$/i.test(first.text) && first.tags.includes('Adverb') && !first.tags.includes('Adjective') && !nounLike(first);
}

/**
 * Does a phrase hold a clause: a verb after its first word, not after "who", "that" or "which" ("training makes
 * sense", "women say")? A verb first is an action ("train local women"), a relative clause a noun phrase
 * ("volunteers who know every household"), a gerund or participle a modifier.
 */
function hasClause(terms: readonly { text: string; tags: string[] }[]): boolean {
  // (The last word is read by nounLike: "firsthand accounts" is a plural there.)
  return terms.some((t, i) => i > 0 && i < terms.length - 1 && t.tags.includes('Verb') && !t.tags.some((g) => g === 'Gerund' || g === 'Participle' || g === 'Noun')
    && !terms[i - 1]!.tags.includes('QuestionWord') && !/^(?:that|which|who)$/i.test(terms[i - 1]!.text));
}

/**
 * Is an English phrase, read alone, a noun phrase: no verb before its last word, which is a noun? "Trainers know the
 * subject" and "houses the signal" (of "old stone houses the signal...") are not.
 */
export function nounPhraseAlone(phrase: string): boolean {
  const terms = tagsAlone(phrase);
  const last = terms.at(-1);
  if (!last || !nounLike(last)) return false;
  return !startsOnAdverb(terms) && terms.slice(0, -1).every((t) => !t.tags.includes('Verb') || t.tags.includes('Gerund') || t.tags.includes('Participle'));
}

/** Nouns a clause with no "that" follows ("the reason women drop out"); corpus/phrase-words.json. */
const CLAUSE_HEADS: ReadonlySet<string> = new Set(phraseWords().clauseHeads);
/** Words before a noun that make it a noun phrase's start ("the project" in "when the project ends"). */
const DETERMINERS = /^(?:the|a|an|this|that|our|their|its|his|her|my|your|each|every)$/;
/** How many of a phrase's uses are read in their clause. */
const USES_READ = 3;

/**
 * Is an English phrase, as its members write it, a verb or cut before one: does it end on a verb in most of its uses
 * ("project ends" of "when the project ends", "ended" of "after it ended"), or on the subject of a clause that
 * follows a noun with no "that" ("reason women" of "the reason women drop out", "collateral requirements farmers"
 * of "collateral requirements farmers cannot meet": a plural noun or a clause head, then a noun, then a verb)?
 * compromise reads "the project ends" alone as a noun phrase; in its clause, with "it" for the noun, it reads the
 * verb. `lowered`: the members' texts, lower-cased.
 */
export function cutBeforeVerb(phrase: string, lowered: readonly string[]): boolean {
  const words = tokenise(phrase.toLowerCase());
  if (words.length === 0) return false;
  const [before, last] = [words.at(-2) ?? '', words.at(-1)!];
  // (A single word only in -ed: a plural noun alone reads as a verb after "it", "subsidies for drip irrigation".)
  const endsOnVerbForm = (words.length === 1 ? /ed$/.test(last) : /[^s']s$|ed$/.test(last)) && isVerbForm(last);
  const clauseSubject = words.length >= 2 && (CLAUSE_HEADS.has(before) || /[^su'’]s$/.test(before));
  if (!endsOnVerbForm && !clauseSubject) return false;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s-]+')}(?![\\p{L}\\p{N}])`, 'u');
  let uses = 0;
  let cut = 0;
  for (const text of lowered) {
    let found: RegExpExecArray | null = null;
    const clause = clausesOf(text).find((cl) => (found = pattern.exec(cl)) !== null);
    if (clause === undefined || found === null) continue;
    const match: RegExpExecArray = found;
    const previous = tokenise(clause.slice(0, match.index + match[1]!.length)).at(-1) ?? '';
    const rest = clause.slice(match.index + match[0].length).trim();
    uses++;
    // Two words after a determiner ("the project ends"), or one word after anything but one ("it ended").
    const subjectBefore = words.length === 2 ? DETERMINERS.test(previous) : words.length === 1 && !DETERMINERS.test(previous);
    if (endsOnVerbForm && subjectBefore && readsAsVerb(`it ${last} ${rest}`, 1)) cut++;
    else if (clauseSubject && rest !== '' && readsAsVerb(`${before} ${last} ${rest}`, 2)) cut++;
    if (uses >= USES_READ) break;
  }
  return uses > 0 && 2 * cut > uses;
}

/**
 * Can a word in -s or -ed be a verb: compromise reads its base alone as one ("ends": "end"; not "villages":
 * "village"), or the word alone as a past tense ("ended")?
 */
function isVerbForm(word: string): boolean {
  if (/ed$/.test(word)) return tagsAlone(word)[0]?.tags.includes('PastTense') ?? false;
  return [word.slice(0, -1), word.replace(/es$/, '')].some((base) => base !== word && (tagsAlone(base)[0]?.tags.includes('Verb') ?? false));
}

/** Does compromise read the word at `index` of a clause as a verb (not a gerund or participle)? */
function readsAsVerb(clause: string, index: number): boolean {
  const tags = tagsAlone(clause)[index]?.tags ?? [];
  return tags.includes('Verb') && !tags.includes('Gerund') && !tags.includes('Participle') && !tags.includes('Noun');
}

/** Tags that say a word, as compromise reads it in its sentence, is no noun ("more", "fund" of "should fund"). */
const NOT_NOUN_TAGS = /^(?:Verb|Adverb|Adjective|Determiner|Preposition|Conjunction|Pronoun|QuestionWord|Expression)$/;
/** Longer texts are read only this far (compromise's cost grows with the words). */
const USE_CHARS = 1000;

/**
 * Is an English word, as a theme's members write it, no noun in most of its uses: a verb, an adverb, an adjective or a
 * determiner ("end" of "after the project ends" and "projects shorter than a year end", "fund" of "should fund longer
 * programmes", "more" of "trusted more", "work" of "short weekly sessions work better")? Each use is read as compromise
 * tags it in its sentence; a noun right after a noun or a pronoun (or after "and"/"or" before its object) is read again
 * in its clause with "it" for what comes before, as cutBeforeVerb does: compromise reads "the project ends" as a noun
 * phrase, "it ends" as a verb. "the end" and "a three-year fund" stay nouns. Up to USES_READ_WORD uses are read; `texts`: the members' texts.
 */
export function mostlyNotNoun(word: string, texts: readonly string[]): boolean {
  const w = word.toLowerCase();
  const plain = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, '');
  const forms = new Set([w, `${w}s`, `${w}es`, `${w}ed`, `${w}d`]);
  let uses = 0;
  let notNoun = 0;
  for (const text of texts) {
    if (!text.toLowerCase().includes(w)) continue;
    const terms = nlp()(text.slice(0, USE_CHARS)).terms().json() as { text: string; terms: { tags: string[] }[] }[];
    // The word or its -s and -ed forms ("ends", "ended"; not "working": a gerund is another word as a label).
    const at = terms.findIndex((t) => forms.has(plain(t.text)));
    if (at < 0) continue;
    uses++;
    const tags = terms[at]!.terms[0]?.tags ?? [];
    const tagsAt = (j: number): string[] => terms[j]?.terms[0]?.tags ?? [];
    const ends = (j: number): boolean => /[,.;:!?-]$/.test(terms[j]?.text ?? '');
    if (tags.includes('Noun') && !tags.includes('Pronoun')) {
      if (mayBeVerbAfter(terms, at, forms.has(plain(terms[at]!.text)) && plain(terms[at]!.text) !== w)) {
        // The rest of its clause, up to the first punctuation.
        const rest: string[] = [];
        for (let j = at + 1; j < terms.length && rest.length < 8; j++) {
          rest.push(terms[j]!.text.replace(/[,.;:!?]+$/, ''));
          if (ends(j)) break;
        }
        if (readsAsVerb(`it ${plain(terms[at]!.text)} ${rest.join(' ')}`.trim(), 1)) notNoun++;
      }
    } else if (tags.some((t) => NOT_NOUN_TAGS.test(t)) && !(tags.includes('Gerund') && /ing$/.test(w))) {
      // compromise takes a noun for a verb after an adjective or a determiner ("free transport") or as a verb's object
      // ("cover transport and meals"): those uses stay nouns.
      const before = at > 0 && !ends(at - 1) ? tagsAt(at - 1) : [];
      const after = ends(at) ? [] : tagsAt(at + 1);
      const objectOrModified = tags.includes('Verb') && (before.some((t) => t === 'Adjective' || t === 'Determiner' || t === 'Possessive' || t === 'QuestionWord' || t === 'Preposition')
        || (before.includes('Verb') && !before.some((t) => t === 'Auxiliary' || t === 'Modal' || t === 'Copula'))
        // (or after a noun and before a preposition or the end, "social media campaign with ...", or joined to a noun: "wheat and maize")
        || (before.includes('Noun') && !before.includes('Pronoun') && (after.length === 0 || after.includes('Preposition')) && isNounAlone(plain(terms[at]!.text)))
        || (at >= 2 && /^(?:and|or)$/i.test(terms[at - 1]!.text) && !ends(at - 2) && tagsAt(at - 2).includes('Noun') && !tagsAt(at - 2).includes('Pronoun')));
      if (!objectOrModified) notNoun++;
    }
    if (uses >= USES_READ_WORD) break;
  }
  return uses > 0 && 2 * notNoun > uses;
}
/**
 * Can a word compromise read as a noun be a verb after its subject: an -s or -ed form (`inflected`) right after a determiner and a
 * noun or a pronoun ("the project ends"; not after a possessive or a hyphenated modifier: "a three-year fund"), a bare form after a plural
 * noun earlier in its clause with no verb or preposition between ("projects shorter than a year end"; not "weak extension
 * service"), or a bare form after "and"/"or" after no noun, before its object ("make e-services simpler and fund assisted access points")?
 */
function mayBeVerbAfter(terms: readonly { text: string; terms: { tags: string[] }[] }[], at: number, inflected: boolean): boolean {
  const tagsAt = (j: number): string[] => terms[j]?.terms[0]?.tags ?? [];
  const ends = (j: number): boolean => /[,.;:!?-]$/.test(terms[j]?.text ?? '');
  if (at === 0 || ends(at - 1)) return false;
  const before = tagsAt(at - 1);
  if (/^(?:and|or)$/i.test(terms[at - 1]!.text)) {
    // (Not after a noun or a gerund, "wheat and maize", "funding and pilot projects", nor before an auxiliary: "maize has".)
    return !inflected && at >= 2 && !ends(at - 2) && !tagsAt(at - 2).some((t) => t === 'Noun' || t === 'Gerund') && at + 1 < terms.length && !ends(at)
      && !tagsAt(at + 1).some((t) => t === 'Preposition' || t === 'Conjunction' || t === 'Auxiliary' || t === 'Copula' || t === 'Modal');
  }
  if (!before.includes('Noun') || before.some((t) => t === 'Possessive' || t === 'Hyphenated')) return false;
  // (An -s form only after "the project", "a pilot" or a pronoun: "information campaigns" is a noun phrase.)
  if (inflected) return before.includes('Pronoun') || (at >= 2 && DETERMINERS.test(terms[at - 2]!.text.toLowerCase()));
  if (before.includes('ProperNoun')) return false;
  // (No verb and no preposition but "than" between: "campaigns in Albanian and Macedonian language" has no verb.)
  for (let j = at - 1; j >= 0 && !ends(j); j--) {
    const t = tagsAt(j);
    if (t.includes('Verb') || (t.includes('Preposition') && !/^than$/i.test(terms[j]!.text))) return false;
    if (t.includes('Plural') && !t.includes('Pronoun')) return true;
  }
  return false;
}

/** Does compromise read a word alone as a noun ("campaign"; not "more")? */
function isNounAlone(word: string): boolean {
  return tagsAlone(word)[0]?.tags.includes('Noun') ?? false;
}

/** How many of a single word's uses are read in their sentence. */
const USES_READ_WORD = 6;
