// Label scope: what labelling one theme reads of its scope (the scope's counts, the phrases other themes have taken, the
// word lists), and which phrases are the scope's background. Pure.
import { isSubjectStem, type LabelItem, type LabelWords, type ScopeCounts } from './label-candidates.ts';
import type { LabelMeanings } from './label-meaning.ts';
import { onlyFrame, type NotTopicWords } from './label-topics.ts';

/** What labelling one theme reads of its scope. */
export interface ScopeLabelling {
  items: readonly LabelItem[];
  words: LabelWords;
  scope: ScopeCounts;
  /** Phrases other themes of the scope have taken: labels are chosen largest theme first, each taking a phrase no other theme has. */
  taken: Set<string>;
  /** Is `key` a noun phrase in the clauses it occurs in, among a few of `members` without annotated noun phrases? */
  nounInClauses: (key: string, members: readonly number[]) => boolean;
  /** The meanings of the scope's texts and of candidate phrases (absent: no word vectors). */
  meaning?: LabelMeanings;
  /** The mean meaning of the scope's texts (worked out when first wanted). */
  scopeMeaning?: Float32Array | null;
  /** Does a phrase read alone end on a noun (absent: not asked)? */
  endsOnNoun?: (phrase: string) => boolean;
  /** The consultation's subject (the stems of its questions' words): background words wherever they are. */
  subject?: ReadonlySet<string>;
  /** Stems of actor words, in a scope about who should act (absent: any other scope). */
  actors?: ReadonlySet<string>;
  /** Words that say when or who, not what (corpus/label-words.json). */
  notTopic: NotTopicWords;
  /** An item's noun phrases: annotated, or read from its clauses when asked (none where no reader is given). */
  phrasesOf: (i: number) => readonly string[];
}

/**
 * Is a phrase made of the scope's background words only (and stop words)? A single word of the consultation's subject
 * is one too ("farmers"); a phrase of several subject words is not ("women's organisations" of a consultation whose
 * questions ask about women and about organisations). A date or a document's furniture alone says no more ("August",
 * "fourth week", "note taker translation").
 */
export function backgroundOnly(ctx: ScopeLabelling, key: string): boolean {
  const words = key.split(' ').filter((w) => !ctx.words.stopwords.has(w));
  const subject = words.length === 1 ? ctx.subject : undefined;
  return words.every((w) => ctx.scope.background.has(w) || (subject !== undefined && isSubjectStem(subject, w)))
    || onlyFrame(key, ctx.notTopic, ctx.words.stopwords, (w) => ctx.scope.background.has(w));
}
