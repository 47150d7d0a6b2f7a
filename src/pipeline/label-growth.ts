// Label growth: a single word label grown into the phrase around it that members write ("Smartphone" to "One
// smartphone for everyone", "emotion" to "lack of emotion"). Pure.
import { asWritten } from './written-form.ts';
import { cutBeforeVerb, nounPhraseAlone } from './label-grammar.ts';
import { isCut, mostCommonSurface, nounPhraseCandidate, type Candidate, type LabelItem, type LabelWords } from './label-candidates.ts';

/** What growing a label reads of its scope's labelling. */
export interface Growing {
  items: readonly LabelItem[];
  words: LabelWords;
  /** Phrases other themes of the scope have taken. */
  taken: ReadonlySet<string>;
  /** Is a phrase made of the scope's background words only (and stop words)? */
  backgroundOnly: (key: string) => boolean;
  /** Does a phrase read alone end on a noun (absent: not asked, not English)? */
  endsOnNoun?: (phrase: string) => boolean;
}

/** A grown label must be written by at least this share of the members using its word. */
const GROWN_SHARE = 0.04;

/**
 * How many members must write a grown label: a phrase a few of a large theme's members write does not name it
 * ("Haskell type class" for a theme on Haskell), nor one member's phrase a theme where ten or more use the word.
 */
function grownNeeded(word: Candidate): number {
  return Math.max(word.df >= 10 ? 2 : 1, Math.ceil(GROWN_SHARE * word.df));
}

/**
 * A single word label grown into a phrase of the theme's candidates around it, where no annotated noun phrase
 * has it (English only: the phrase must read alone as a noun phrase, "lack of emotion" for "emotion"): as many
 * members as a grown noun phrase needs write it, it is not cut mid-phrase, and no other theme has it.
 */
export function grownPhrase(ctx: Growing, local: ReadonlyMap<string, Candidate>, word: Candidate, texts: readonly string[], lowered: readonly string[]): { key: string; written: string } | null {
  if (!ctx.endsOnNoun) return null;
  const needed = grownNeeded(word);
  const around = [...local.values()]
    .filter((c) => c.words >= 2 && c.words <= 4 && c.df >= needed && c.key.split(' ').includes(word.key) && !isCut(c) && !ctx.taken.has(c.key) && !ctx.backgroundOnly(c.key))
    .sort((a, b) => b.df - a.df || a.words - b.words || (a.key < b.key ? -1 : 1));
  for (const c of around) {
    const surface = mostCommonSurface(c);
    if (!nounPhraseAlone(surface) || cutBeforeVerb(surface, lowered)) continue;
    return { key: c.key, written: asWritten(surface, texts, lowered) };
  }
  return null;
}

/**
 * A single word label grown into the noun phrase around it that most of the members using it write (a small
 * sub-theme rarely shares a longer phrase): "Smartphone" to "One smartphone for everyone". Only annotated noun
 * phrases of 2-4 words, as written in a member, none another theme has taken; null when there is none.
 */
export function grownWord(ctx: Growing, members: readonly number[], word: Candidate, texts: readonly string[], lowered: readonly string[]): { key: string; written: string } | null {
  const { stopwords, generic, stem } = ctx.words;
  const found = new Map<string, { words: string[]; df: number; first: number }>();
  members.forEach((i, order) => {
    const seen = new Set<string>();
    for (const phrase of ctx.items[i]!.nounPhrases ?? []) {
      const np = nounPhraseCandidate(phrase, stopwords, generic, stem);
      if (!np || np.words.length < 2 || np.words.length > 4 || seen.has(np.key) || !np.key.split(' ').includes(word.key)) continue;
      if (ctx.taken.has(np.key) || ctx.backgroundOnly(np.key) || ctx.endsOnNoun?.(np.words.join(' ')) === false) continue;
      seen.add(np.key);
      const entry = found.get(np.key);
      if (entry) entry.df++;
      else found.set(np.key, { words: np.words, df: 1, first: order });
    }
  });
  const needed = grownNeeded(word);
  const ranked = [...found].filter(([, f]) => f.df >= needed).sort((a, b) => b[1].df - a[1].df || a[1].first - b[1].first || a[1].words.length - b[1].words.length || (a[0] < b[0] ? -1 : 1));
  for (const [key, { words }] of ranked) {
    const written = asWritten(words.join(' '), texts, lowered);
    const lower = written.toLowerCase();
    // English: not a phrase its members write on into a verb ("reason women" of "the reason women drop out").
    if (lowered.some((t) => t.includes(lower)) && !(ctx.endsOnNoun && cutBeforeVerb(written, lowered))) return { key, written };
  }
  return null;
}

/**
 * A word written by this many members or more is not grown into a phrase only one of them writes when a second point
 * is written by as many.
 */
export const LONELY_GROWTH_DF = 3;

/**
 * ... in a theme of this many members or more (in a sub-theme of five, "Demo fields" and "Extra hours" said more than
 * "Field; farmers" and "Hours; teachers": docs/quality.md, session 20).
 */
const LONELY_GROWTH_SIZE = 6;

/**
 * Was a word several members write grown into a phrase only one of them writes, the word its head ("school" into "rural
 * primary school"), in a theme large enough for a second point to say more?
 */
export function isLonelyGrowth(size: number, chosen: { key: string; df: number }, grownKey: string, grownHead: string, grownUsers: number): boolean {
  return size >= LONELY_GROWTH_SIZE && chosen.df >= LONELY_GROWTH_DF && grownKey.split(' ').at(-1) === chosen.key && grownHead === chosen.key && grownUsers <= 1;
}
