// corpus/action-words.json: the words the action extractor reads (prefixes, modals, verbs, due markers, dates).
import { z } from 'zod';

const words = z.array(z.string().min(1).max(100)).max(2000);

export const actionWordsFile = z.object({
  /** A note for whoever edits the file; ignored. */
  _about: z.string().optional(),
  /** Words that open an action line and are not part of it ("Action:", "AP -", "Zadatak:"). */
  prefixes: words,
  /** Keys of in-line fields naming the owner ("owner: Goran") and the due date ("due: Fri"). */
  ownerKeys: words,
  dueKeys: words,
  /** What joins an owner to the task: "to", "will", "će", "do të", "deve". */
  modals: words,
  /** Imperative verbs: a line starting with one has no owner written ("Send the photos..."). */
  verbs: words,
  /** Words before a date that belong to the due date as written: "by", "before", "do", "deri", "entro". */
  dueMarkers: words,
  weekdays: words,
  months: words,
  /** Dates written as words: "today", "end of the month", "do kraja mjeseca", "nesër", "domani". */
  relative: words,
  /** What can follow "next": "meeting", "mtg", "call", "session". */
  nextUnits: words,
});
export type ActionWordsFile = z.infer<typeof actionWordsFile>;
