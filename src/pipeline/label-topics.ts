// Label topics: a label should say what a theme is about. Words that only say when ("August", "Fourth week"), where it
// was written down ("Note taker translation", "Photos") or who took part ("Trainer", "Participants") name no topic
// (corpus/label-words.json). Pure.
import { labelWords } from './word-lists.ts';

/** The stems of the words that say when or where it was written down (frame), and of the roles people take, for one stemmer. */
export interface NotTopicWords {
  frame: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  /** The words (as written, lower case) a note-taker frames what was said with ("thanked", "expressed"). */
  meeting: ReadonlySet<string>;
}

const byStemmer = new WeakMap<(w: string) => string, NotTopicWords>();

/** corpus/label-words.json's words as stems (worked out once per stemmer). */
export function notTopicWords(stem: (w: string) => string): NotTopicWords {
  let found = byStemmer.get(stem);
  if (!found) {
    const { dates, documents, roles, meeting } = labelWords();
    byStemmer.set(stem, (found = { frame: new Set([...dates, ...documents].map((w) => stem(w))), roles: new Set(roles.map((w) => stem(w))), meeting: new Set(meeting) }));
  }
  return found;
}

/**
 * Is a candidate (its key: stems joined by spaces) a date or a document's furniture and nothing else: every word that is
 * not a stop word or one of `background` is a month, a weekday, a unit of time, a word that counts one or a word of notes
 * and records ("august", "fourth week", "note taker translation", "photos")?
 */
export function onlyFrame(key: string, words: NotTopicWords, stopwords: ReadonlySet<string>, background: (w: string) => boolean): boolean {
  let frame = false;
  for (const w of key.split(' ')) {
    if (stopwords.has(w) || background(w)) continue;
    if (!words.frame.has(w)) return false;
    frame = true;
  }
  return frame;
}

/** Is a candidate one role word alone ("trainer", "participants")? */
export function loneRole(key: string, words: NotTopicWords): boolean {
  return !key.includes(' ') && words.roles.has(key);
}

/**
 * Does a phrase (as written) open with a word a note-taker frames what was said with ("Expressed concern", "Thank",
 * "Noted the delays")? It reports that something was said, not what: no label, no key term.
 */
export function opensWithMeetingWord(phrase: string, words: NotTopicWords): boolean {
  const first = /^[\p{L}'’-]+/u.exec(phrase.trimStart())?.[0].toLowerCase();
  return first !== undefined && words.meeting.has(first);
}
