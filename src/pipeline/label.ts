// Label: name each theme with a readable phrase that occurs in its segments and sets it apart from the rest of its scope.
import { normaliseText, tokenise } from './text.ts';
import { list } from './phrasing.ts';
import { asWritten, writtenAsName } from './written-form.ts';

export interface LabelItem {
  text: string;
  /**
   * Noun phrases found by annotate (lower-case), added as candidates. Absent: not annotated (an answer of a
   * large input); labelThemes then asks `nounPhrasesOf` for the clauses it needs.
   */
  nounPhrases?: readonly string[];
}

export interface ThemeLabel {
  label: string;
  keyTerms: string[];
  /** One line on what the theme's members talk about, from its top phrases besides the label (absent: none found). */
  description?: string;
}

interface Candidate {
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

function addSurface(c: Candidate, surface: string): void {
  if (surface === c.surface) c.surfaceCount++;
  else (c.otherSurfaces ??= new Map()).set(surface, (c.otherSurfaces.get(surface) ?? 0) + 1);
}

const MAX_WORDS = 5;
/** At most this many texts of a scope are read to measure how common a phrase is overall. */
const LABEL_SCOPE_SAMPLE = 12_000;
/** At most this many members of a theme are read to find its label. */
const LABEL_THEME_SAMPLE = 3_000;
/**
 * For items without annotated noun phrases: a candidate counts as a noun phrase when compromise reads it as
 * one in the clause it occurs in, in any of the theme's first (most central) this many members using it.
 */
const NOUN_CHECK_TEXTS = 3;

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
function backgroundOf(df: ReadonlyMap<string, number>, total: number): Set<string> {
  const out = new Set<string>();
  if (total < 10) return out;
  for (const [key, n] of df) if (n / total > BACKGROUND_SHARE) out.add(key);
  return out;
}

/** Clauses of a text: phrases never run across punctuation ("booking a doctor, paying bills" is two). */
function clausesOf(text: string): string[] {
  return normaliseText(text).split(/[,.;:!?()[\]"\n/]+|\s[-–—]\s/);
}

/** At most `limit` items, evenly spaced (all of them when there are few enough); keeps the order. */
function everyNth<T>(list: readonly T[], limit: number): readonly T[] {
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
function addClauseCandidates(clause: string, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string, out: Map<string, string>, followed?: Set<string>): void {
  const seq = tokenise(clause);
  const ok = seq.map((t) => usefulWord(t, stopwords, generic));
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
      if (followed && j + 1 < seq.length && ok[j + 1]) followed.add(key);
    }
  }
}

/** Words that end the head of an English noun phrase: its head is the last word before them ("cost" of "cost of devices"). */
export const HEAD_BREAKS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'on', 'at', 'to', 'from', 'with', 'without', 'by', 'about', 'against', 'and', 'or', 'between', 'through', 'among', 'into', 'under', 'over']);

/** The key of a noun phrase's head word (from its key: the last word before a preposition or conjunction). */
function headKeyOf(key: string): string {
  const words = key.split(' ');
  const cut = words.findIndex((w, i) => i > 0 && HEAD_BREAKS.has(w));
  return (cut < 0 ? words : words.slice(0, cut)).at(-1)!;
}

/** A noun phrase's candidate key and words (trimmed to useful words at both ends), or null. */
function nounPhraseCandidate(phrase: string, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string): { key: string; words: string[] } | null {
  const words = tokenise(normaliseText(phrase));
  while (words.length && !usefulWord(words[0]!, stopwords, generic)) words.shift();
  while (words.length && !usefulWord(words[words.length - 1]!, stopwords, generic)) words.pop();
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  return { key: words.map((w) => (stopwords.has(w) ? w : stem(w))).join(' '), words };
}

/**
 * Candidate phrases of one text: n-grams of 1-5 words within a clause that start and end on a specific
 * content word, so that every candidate occurs in the text as written. The text's noun phrases are not candidates
 * themselves (compromise may join words across punctuation or split "at-risk"): their keys go to `nouns`, with
 * their head words' keys and every run of two or more of their words unless `spans` is false.
 */
function candidatesOf(item: LabelItem, stopwords: ReadonlySet<string>, generic: ReadonlySet<string>, stem: (w: string) => string, nouns?: Set<string>, followed?: Set<string>, spans = true): Map<string, string> {
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

/** A label from a text's first words when no phrase of it can be one: at most six, never ending on a stop word. */
function fallbackLabel(text: string, stopwords: ReadonlySet<string>): string {
  const words = text.split(/\s+/).filter((w) => w !== '').slice(0, 6);
  while (words.length > 1 && stopwords.has(tokenise(words[words.length - 1]!).at(-1) ?? '')) words.pop();
  const phrase = words.join(' ');
  return phrase.replace(/[,;:.!?]+$/, '') || phrase || 'Other';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function mostCommonSurface(c: Candidate): string {
  return [[c.surface, c.surfaceCount] as [string, number], ...(c.otherSurfaces ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/**
 * Label each group of items (indices into `items`) with its most distinctive phrase, preferring a longer
 * phrase that still covers most of the members who used the key word ("cost of devices" over "cost").
 * Scores weigh how many of the theme's members use a phrase (coverage) and how specific it is to them (lift).
 */
export function labelThemes(
  groups: readonly (readonly number[])[],
  items: readonly LabelItem[],
  stopwords: ReadonlySet<string>,
  stem: (w: string) => string,
  generic: ReadonlySet<string> = new Set(),
  nounPhrasesOf?: (clause: string) => readonly string[],
  /** Background words (stems) of the wider scope the groups come from (sub-themes: the theme's scope), besides their own. */
  outerBackground?: ReadonlySet<string>,
): ThemeLabel[] {
  // Noun phrase keys of the clauses read for items without annotated noun phrases (see nounInClauses).
  const clauseNouns = new Map<string, Set<string>>();
  const nounKeysOfClause = (clause: string): Set<string> => {
    let keys = clauseNouns.get(clause);
    if (!keys) {
      keys = new Set();
      for (const phrase of nounPhrasesOf!(clause)) {
        const found = nounPhraseCandidate(phrase, stopwords, generic, stem);
        if (found) keys.add(found.key);
      }
      clauseNouns.set(clause, keys);
    }
    return keys;
  };
  /**
   * Is `key` a noun phrase in the clauses it occurs in, among the first NOUN_CHECK_TEXTS members (of a theme's
   * sample, most central first) that use it and have no annotated noun phrases? Only the few candidates that
   * could become a label are asked, so compromise reads a few clauses per theme instead of every text.
   */
  const nounInClauses = (key: string, members: readonly number[]): boolean => {
    if (!nounPhrasesOf) return false;
    let read = 0;
    for (const i of members) {
      if (items[i]!.nounPhrases !== undefined) continue;
      // The clause of this member's text that has the phrase (none: the member does not use it).
      const clause = clausesOf(items[i]!.text).find((cl) => {
        const inClause = new Map<string, string>();
        addClauseCandidates(cl, stopwords, generic, stem, inClause);
        return inClause.has(key);
      });
      if (clause === undefined) continue;
      if (nounKeysOfClause(clause).has(key)) return true;
      if (++read >= NOUN_CHECK_TEXTS) break;
    }
    return false;
  };

  // First each theme's sample, counted per phrase; then the scope's sample, only for the phrases the themes
  // still want. A text's candidates are not kept: for a large scope they would take hundreds of MB. Every text
  // is read before any theme is labelled, so which phrases count as noun phrases does not depend on the order
  // of the themes.
  const samples = groups.map((members) => everyNth(members, LABEL_THEME_SAMPLE));
  const locals = samples.map((members) => {
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
    // A phrase only one member uses is never ranked when some phrase is shared (see minDf below).
    if (members.length > 2 && [...local.values()].some((c) => c.df >= 2)) {
      for (const [key, c] of local) if (c.df < 2) local.delete(key);
    }
    for (const c of local.values()) c.words = c.key.split(' ').length;
    return local;
  });
  const wanted = new Set<string>();
  for (const local of locals) for (const key of local.keys()) wanted.add(key);
  // Large scopes are read on an evenly spaced sample: shares of a few thousand texts rank phrases as
  // well as shares of all of them, at a fraction of the cost.
  const scopeSample = everyNth(items.map((_, i) => i), LABEL_SCOPE_SAMPLE);
  const dfAll = new Map<string, number>();
  // Every single word's count too, for the scope's background words.
  const wordDf = new Map<string, number>();
  // The noun phrases of the whole scope (compromise reads "gambling addiction" as one in some texts and "gambling"
  // as a verb in others).
  const scopeNouns = new Set<string>();
  for (const i of scopeSample) {
    for (const key of candidatesOf(items[i]!, stopwords, generic, stem, scopeNouns, undefined, false).keys()) {
      if (wanted.has(key)) dfAll.set(key, (dfAll.get(key) ?? 0) + 1);
      if (!key.includes(' ')) wordDf.set(key, (wordDf.get(key) ?? 0) + 1);
    }
  }
  const total = scopeSample.length;
  const background = backgroundOf(wordDf, total);
  for (const w of outerBackground ?? []) background.add(w);
  /** Is a phrase made of the scope's background words only (and stop words)? */
  const backgroundOnly = (key: string): boolean => key.split(' ').every((w) => stopwords.has(w) || background.has(w));
  /**
   * Does a phrase usually run on into a content word, so that as a label it would be
   * cut mid-phrase ("lack of digital" in "lack of digital skills")?
   */
  const cut = (c: Candidate): boolean => c.followed >= Math.max(1, 0.5 * c.df);
  // Labels are chosen largest theme first, each taking a phrase no other theme of the scope has taken.
  const taken = new Set<string>();
  const order = samples.map((m, t) => t).sort((a, b) => groups[b]!.length - groups[a]!.length || a - b);
  const results: ThemeLabel[] = new Array(samples.length);
  for (const t of order) results[t] = labelOne(t);
  return results;

  function labelOne(t: number): ThemeLabel {
    const members = samples[t]!;
    const local = locals[t]!;
    const size = members.length;
    /** How much more often the theme's members use a phrase than the scope as a whole. */
    const liftOf = (c: Candidate): number => c.df / size / (Math.max(dfAll.get(c.key) ?? 0, 1) / total);
    const score = (c: Candidate): number => {
      // Coverage: the share of the theme's members who use the phrase; lift: how much more often
      // they use it than the scope as a whole (a small floor keeps coverage deciding when the theme
      // is the whole scope). Multi-word phrases get a small bonus.
      const coverage = c.df / size;
      // A phrase of sampled members may be missing from the scope's sample: count it as met once.
      const lift = coverage / (Math.max(dfAll.get(c.key) ?? 0, 1) / total);
      return coverage ** 1.2 * (Math.log(Math.max(lift, 1)) + 0.05) * (1 + 0.3 * Math.min(c.words - 1, 2));
    };
    const rank = (minimum: number) =>
      [...local.values()]
        .filter((c) => c.df >= minimum)
        .map((c) => ({ c, score: score(c) }))
        .sort((a, b) => b.score - a.score || a.c.key.localeCompare(b.c.key));
    // A phrase two members share is wanted; in a theme where none is shared, the most specific one.
    let minDf = size <= 2 ? 1 : 2;
    let scored = rank(minDf);
    if (scored.length === 0 && minDf > 1) scored = rank((minDf = 1));
    if (scored.length === 0) {
      return { label: capitalise(fallbackLabel(items[members[0]!]?.text ?? '', stopwords)), keyTerms: [] };
    }
    // A label should read as a noun phrase ("local community offices"), not a fragment ("put digital
    // inclusion"): take the best multi-word noun phrase when it scores close to the best candidate,
    // else the best noun phrase, else the best candidate; then extend it to a longer noun phrase
    // containing it that most of its users share.
    const best = scored[0]!;
    // Asked only of candidates that can still win (score thresholds first): compromise may be behind it.
    const nounMemo = new Map<string, boolean>();
    // The members' texts, and the same lower-cased for quick "does it contain the word" checks (the long s folded
    // as a case-insensitive regex folds it), made once per theme when first wanted.
    let memberTexts: { texts: string[]; lowered: string[] } | null = null;
    const textsOfMembers = (): { texts: string[]; lowered: string[] } => {
      if (!memberTexts) {
        const texts = members.map((i) => items[i]!.text);
        memberTexts = { texts, lowered: texts.map((t) => t.toLowerCase().replaceAll('\u017f', 's')) };
      }
      return memberTexts;
    };
    const isNoun = (c: Candidate): boolean => {
      // Read in this theme's own texts: most members that use it (and were annotated) have it as a noun phrase,
      // or a single word as the head of one ("online" of "online harassment" is not one); a run of two or more
      // words is also one when it is read as one anywhere in the scope.
      // A single word its writers capitalise mid-sentence is a name ("Wordpress", "Cocoa"), a noun wherever it stands.
      if (c.annotatedDf > 0 && (2 * c.nounDf >= c.annotatedDf || (c.words >= 2 && scopeNouns.has(c.key)))) return true;
      let found = nounMemo.get(c.key);
      if (c.annotatedDf > 0) {
        if (found === undefined) nounMemo.set(c.key, (found = c.words === 1 && writtenAsName(mostCommonSurface(c), textsOfMembers().texts, textsOfMembers().lowered)));
        return found;
      }
      if (found === undefined) nounMemo.set(c.key, (found = nounInClauses(c.key, members)));
      return found;
    };
    /** Do most of a phrase's users (more than half, two or more) write it on into the same useful word (a longer candidate)? */
    const runsOn = (c: Candidate): boolean => {
      const prefix = `${c.key} `;
      for (const d of local.values()) if (d.words === c.words + 1 && d.df >= 2 && 2 * d.df > c.df && d.key.startsWith(prefix)) return true;
      return false;
    };
    /** Is a phrase's last word read as a noun in this theme (see isNoun)? */
    const endsOnNoun = (c: Candidate): boolean => {
      const last = local.get(c.key.slice(c.key.lastIndexOf(' ') + 1));
      return last !== undefined && isNoun(last);
    };
    // Which phrases may be a label: not one another theme of the scope already has, not the scope's background
    // words alone, not cut mid-phrase. When none is left, the rules are dropped in that order of importance.
    const free = (c: Candidate): boolean => !taken.has(c.key);
    const allowed = (c: Candidate): boolean => free(c) && !backgroundOnly(c.key);
    const pick = (ok: (c: Candidate) => boolean): Candidate | undefined => {
      const shared = Math.max(2, minDf);
      // A multi-word noun phrase scoring within reach of the best; then a single noun; then a shared phrase not cut
      // mid-phrase (a noun phrase, as compromise read it, is never cut); then any phrase not cut.
      // (A phrase the whole scope uses about as often, such as "girls and women", says little about the theme.)
      // A noun phrase is cut too when most of its users write it on into the same word, whatever compromise read
      // ("price of a data" of "the price of a data bundle", "old stone" of "old stone houses").
      return scored.find((x) => x.score >= 0.15 * best.score && x.c.words >= 2 && x.c.df >= shared && liftOf(x.c) >= 1.5 && ok(x.c) && !runsOn(x.c) && isNoun(x.c))?.c
        ?? scored.find((x) => x.score >= 0.5 * best.score && ok(x.c) && !runsOn(x.c) && isNoun(x.c))?.c
        ?? scored.find((x) => x.score >= 0.2 * best.score && x.c.words >= 2 && x.c.df >= shared && ok(x.c) && !cut(x.c))?.c
        ?? scored.find((x) => ok(x.c) && !cut(x.c))?.c;
    };
    let top = pick(allowed) ?? pick(free) ?? best.c;
    if (top.words === 1) {
      // A single word yields to a longer phrase that as many members write and that scores at least as well, when
      // it ends on a noun of the theme ("door to door" over "door", "volunteers who know every household").
      const topScore = scored.find((x) => x.c === top)!.score;
      top = scored.find((x) => x.score >= topScore && x.c.words >= 2 && x.c.df >= top.df && allowed(x.c) && !cut(x.c) && !runsOn(x.c) && endsOnNoun(x.c))?.c ?? top;
    }
    // Extend it to a longer noun phrase containing it that a good share of its users write.
    const topWords = ` ${top.key} `;
    let chosen = top;
    for (const { c } of scored) {
      if (c.words <= chosen.words || !` ${c.key} `.includes(topWords) || !allowed(c)) continue;
      if (c.df >= Math.max(minDf, Math.ceil(0.34 * top.df)) && (chosen === top || c.df >= chosen.df) && isNoun(c)) chosen = c;
    }
    // A phrase most of its users write on into the same word gives way to that longer phrase ("price of a data" to
    // "price of a data bundle"), as long as there is one.
    for (let next = chosen; next.words < MAX_WORDS; chosen = next) {
      const prefix = `${chosen.key} `;
      const longer = [...local.values()].filter((d) => d.words === chosen.words + 1 && d.df >= 2 && 2 * d.df > chosen.df && d.key.startsWith(prefix) && allowed(d));
      next = longer.sort((a, b) => b.df - a.df || a.key.localeCompare(b.key))[0] ?? chosen;
      if (next === chosen) break;
    }
    taken.add(chosen.key);
    const { texts, lowered } = textsOfMembers();
    const label = capitalise(asWritten(mostCommonSurface(chosen), texts, lowered));

    // Key terms: the best phrases of 1-3 words besides the label, with no stop word, no repeated word and not
    // the scope's background words alone; none that is part of a term already listed, or contains one.
    // Where the members' noun phrases are known, a term must read as a noun phrase in most of its uses (see isNoun).
    const keyTerms: string[] = [];
    const seenKeys: string[] = [chosen.key];
    for (const { c } of scored) {
      if (keyTerms.length >= 6) break;
      const parts = c.key.split(' ');
      if (parts.length > 3 || parts.some((w) => stopwords.has(w)) || new Set(parts).size < parts.length || backgroundOnly(c.key)) continue;
      if (c.annotatedDf > 0 && !isNoun(c)) continue;
      if (seenKeys.some((k) => ` ${k} `.includes(` ${c.key} `) || ` ${c.key} `.includes(` ${k} `))) continue;
      seenKeys.push(c.key);
      keyTerms.push(asWritten(mostCommonSurface(c), texts, lowered));
    }
    // The description: the first two or three key terms that members share.
    const described = keyTerms
      .map((term, i) => ({ term, i, df: local.get(seenKeys[i + 1]!)!.df }))
      .filter((x) => x.df >= Math.max(2, minDf))
      .slice(0, 3)
      .map((x) => x.term);
    const description = described.length ? `Often mentioned: ${list(described)}.` : undefined;
    return { label, keyTerms, ...(description ? { description } : {}) };
  }
}
