// Word lists the code reads from corpus/ as shipped data: corpus/person-words.json (who is a person),
// corpus/entity-words.json (organisation types by their words, pronouns), corpus/phrase-words.json (where phrases are cut)
// and corpus/label-words.json (words that say when or who, not what).
import { z } from 'zod';

const words = z.array(z.string().min(1).max(200)).max(2000);

/** corpus/person-words.json, read by src/privacy/names.ts. */
export const personWordsFile = z.object({
  /** A note for whoever edits the file; ignored. */
  _about: z.string().optional(),
  /** Role words that start a line naming people ("facil", "Rapporteur"), each a regular expression, tried in order. */
  roles: words.min(1),
  /** Courtesy titles before a name ("Mr", "Dr", "gđa"), with or without a full stop. */
  titles: words,
  /** Words that make a capitalised run an organisation, a place or a heading, not a person. */
  notANameWords: words,
  /** Words of notANameWords that are also given names ("Will"): a name when a surname follows them in a people field. */
  givenNamesAlsoWords: words.default([]),
  /** Words that open a place's or an organisation's name before a capitalised run ("Universidad", "Via", "Lake"). */
  namePrefixWords: words.default([]),
  /** Place words that, in lower case after a name, make it a place's name ("Terry Fox memorial garden"). */
  placeKindWords: words.default([]),
  /** Given names that are also English words ("hope", "grace", "mark"): replaced alone only where written as a name. */
  namesAlsoWords: words.default([]),
  /** Acronyms of two or three capitals that are no one's initials as a next step's owner ("UN", "HR", "IOM", "TBC"). */
  notInitials: words.default([]),
  /** Words of respect written after a given name ("Rekha-ji", "Rahim bhai", "Ahmet Bey"): the name before one is someone. */
  honorificsAfter: words.default([]),
  /** Verbs that follow a person at the start of a sentence ("said", "asked", "described"). */
  reportingVerbs: words.default([]),
  /** Singular words for what one person does ("nurse", "chairman"): a capitalised word set off beside one is a candidate name. */
  personRoles: words.default([]),
});
export type PersonWordsFile = z.infer<typeof personWordsFile>;

/** corpus/entity-words.json, read by src/pipeline/tag/actors.ts and src/pipeline/annotate/entities.ts. */
export const entityWordsFile = z.object({
  _about: z.string().optional(),
  /** Words in an organisation's name that tell its stakeholder type, most specific type first. */
  organisationWords: z.array(z.object({ type: z.string().min(1).max(100), words: words.min(1) })).max(100),
  /** Words trimmed from either end of a noun phrase ("we", "this", "something"). */
  pronouns: words,
});
export type EntityWordsFile = z.infer<typeof entityWordsFile>;

/** corpus/phrase-words.json, read by src/pipeline/text.ts and src/pipeline/label-candidates.ts. */
export const phraseWordsFile = z.object({
  _about: z.string().optional(),
  /** Words that end the head of an English noun phrase ("cost" of "cost of devices"). */
  headBreaks: words,
  /** Elided articles and prepositions cut off before an apostrophe ("l'accesso" -> "accesso"). */
  elided: words,
  /** Nouns a clause with no "that" follows ("the reason women drop out"): a label may not end on one and that clause's subject. */
  clauseHeads: words,
});
export type PhraseWordsFile = z.infer<typeof phraseWordsFile>;

/** corpus/label-words.json, read by src/pipeline/label-topics.ts. */
export const labelWordsFile = z.object({
  _about: z.string().optional(),
  /** Months, weekdays, units of time and the words that count them: a label of these alone names no topic. */
  dates: words.min(1),
  /** The furniture of notes and their records (a note-taker's translation, photos, a slide): a label of these alone names no topic. */
  documents: words.min(1),
  /** Roles people take in a meeting, a programme or a survey: a label of one of these alone says who, not what. */
  roles: words.min(1),
  /** How a note-taker frames what was said ("thanked", "expressed", "noted"): a phrase opening with one is no label. */
  meeting: words.min(1),
});
export type LabelWordsFile = z.infer<typeof labelWordsFile>;
