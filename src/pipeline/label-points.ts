// Label points: a theme whose members share no phrase that names it gets a label that says what they do share, two short
// points ("Funding; trainers"), rather than one member's phrase ("Fourth week") or a word few of them write. Pure.
import { candidatesOf, isCut, nounPhraseCandidate, type Candidate, type LabelItem, type LabelWords } from './label-candidates.ts';

/** What choosing a theme's points reads of its ranked candidates. */
export interface PointsInput {
  /** Members in the theme's sample. */
  size: number;
  /** Its candidates, best score first. */
  scored: readonly { c: Candidate; score: number }[];
  /** May a candidate be a label in this scope (not taken, not background words, not cut)? */
  allowed: (c: Candidate) => boolean;
  /** Does a candidate read as a noun phrase in the members' texts? */
  isNoun: (c: Candidate) => boolean;
  /** The members (positions in the sample) that write a candidate. */
  usersOf: (key: string) => ReadonlySet<number>;
  /** How much more often the members write a candidate than the scope does. */
  liftOf: (c: Candidate) => number;
}

/** A point is at most this many words long: two points make one label. */
const POINT_WORDS = 3;
/** A second point is looked for among this many of a theme's best candidates. */
const POINT_CANDIDATES = 40;
/** A single word label written by fewer than this share of its theme's members does not say what the theme is. */
const FEW_WRITE = 0.4;

/**
 * Does a label leave most of its theme unnamed: a word that is no noun (the last fallback), or a single word (not a
 * name) that fewer than FEW_WRITE of a theme of four or more write, grown or not ("Fourth week" of "week": one member's
 * phrase around a word few write)? A phrase of several words is shared by two or more members (see chooseLabelPhrase);
 * a phrase grown from a word most members write says what they share, with detail ("Short weekly sessions").
 */
export function weakLabel(size: number, chosen: Candidate, isName: boolean, noun: boolean): boolean {
  if (size < 3 || chosen.words > 1) return false;
  return !noun || (!isName && size >= 4 && chosen.df < FEW_WRITE * size);
}

/** Do two candidate keys share a word (stem)? */
function overlaps(a: string, b: string): boolean {
  const words = new Set(a.split(' '));
  return b.split(' ').some((w) => words.has(w));
}

/**
 * Two points that together name more of a theme than its label does: the best shared noun phrase (the label itself
 * when it is one), then the best one that other members write (at least two of them not writing the first, one in a
 * theme of five or fewer), sharing no word with it. Null when the theme has no such pair.
 */
export function twoPoints(input: PointsInput, label: Candidate): [Candidate, Candidate] | null {
  const { size, scored, allowed, isNoun, usersOf, liftOf } = input;
  // (A single noun may run on: "signal" of "the signal drops".)
  const fits = (c: Candidate): boolean => c.df >= 2 && c.words <= POINT_WORDS && liftOf(c) >= 1.5 && (c.words === 1 || !isCut(c)) && allowed(c) && isNoun(c);
  const first = fits(label) ? label : scored.slice(0, POINT_CANDIDATES).find((x) => fits(x.c))?.c;
  if (!first) return null;
  const firstUsers = usersOf(first.key);
  const newNeeded = size <= 5 ? 1 : 2;
  // (The best candidates only: whether a word is a noun is read in the members' sentences, which costs.)
  for (const { c } of scored.slice(0, POINT_CANDIDATES)) {
    if (c === first || overlaps(first.key, c.key) || !fits(c)) continue;
    let fresh = 0;
    for (const m of usersOf(c.key)) if (!firstUsers.has(m)) fresh++;
    if (fresh >= newNeeded) return [first, c];
  }
  return null;
}

/** Which members (positions in `members`) write each candidate key, read once per member when first asked. */
export function membersWriting(members: readonly number[], items: readonly LabelItem[], words: LabelWords): (key: string) => ReadonlySet<number> {
  let byKey: Map<string, Set<number>> | null = null;
  return (key) => {
    if (!byKey) {
      byKey = new Map();
      members.forEach((i, m) => {
        for (const k of candidatesOf(items[i]!, words.stopwords, words.generic, words.stem).keys()) {
          let users = byKey!.get(k);
          if (!users) byKey!.set(k, (users = new Set()));
          users.add(m);
        }
      });
    }
    return byKey.get(key) ?? new Set();
  };
}

/** A noun phrase one member writes: its candidate key and its words. */
export interface MemberPhrase {
  key: string;
  phrase: string;
}

/** Members read for their phrases when a theme's members share no noun: the most central ones. */
const PHRASE_MEMBERS = 10;

/**
 * A label for a theme whose members share no noun (its best word is no noun: "Too", "Know", "Without"): the noun
 * phrases of two or three words its first (most central) members write, one each from two members ("Low floor; ramps"),
 * none made of background words or taken; null when fewer than two are found. `phrasesOf` gives a member's noun phrases
 * (annotated, or read when asked).
 */
export function membersPhrases(members: readonly number[], phrasesOf: (i: number) => readonly string[], words: LabelWords, ok: (key: string, phrase: string) => boolean): [MemberPhrase, MemberPhrase] | null {
  const found: MemberPhrase[] = [];
  for (const i of members.slice(0, PHRASE_MEMBERS)) {
    for (const phrase of phrasesOf(i)) {
      const np = nounPhraseCandidate(phrase, words.stopwords, words.generic, words.stem);
      if (!np || np.words.length < 2 || np.words.length > POINT_WORDS || found.some((f) => overlaps(f.key, np.key)) || !ok(np.key, np.words.join(' '))) continue;
      found.push({ key: np.key, phrase: np.words.join(' ') });
      break;
    }
    if (found.length === 2) return [found[0]!, found[1]!];
  }
  return null;
}
