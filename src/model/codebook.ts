// The codebook (categories with keywords, patterns and section cues) and the stakeholder gazetteer: data from corpus/.
import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** A keyword, pattern or cue: a word or short phrase. */
const term = z.string().min(1).max(LIMITS.codebookTerm);
const terms = z.array(term).max(LIMITS.codebookTerms);

export const codebookCategory = z.object({
  id: z.string().max(64).regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, - or _'),
  label: z.string().min(1).max(LIMITS.label),
  /** Plural heading for reports, e.g. "Barriers". */
  plural: z.string().min(1).max(LIMITS.label),
  description: z.string().max(LIMITS.description).default(''),
  /** Words or short phrases; matched on stems, so "barrier" also finds "barriers". */
  keywords: terms,
  /** Phrase patterns matched case-insensitively as words in the text: "lack of", "should", "need to". */
  patterns: terms.default([]),
  /** Words in a section heading that make the bullets under it this category ("obstacles", "challenges"). */
  sectionCues: terms.default([]),
});
export type CodebookCategory = z.infer<typeof codebookCategory>;

export const codebook = z.object({
  name: z.string().max(LIMITS.label).default('codebook'),
  version: z.string().max(64).default('1'),
  categories: z.array(codebookCategory).min(1).max(LIMITS.codebookCategories),
});
export type Codebook = z.infer<typeof codebook>;

export const stakeholderType = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  label: z.string().min(1),
  /** Terms that name this kind of actor ("ministry", "municipality", "UN Women"); matched as words, case-insensitively. */
  terms: z.array(z.string().min(1)),
  /**
   * A population group (citizens, families): named in a line it is often only affected ("girls lack devices"),
   * so it counts as an actor only where the line is about who is involved or says the group acts.
   */
  group: z.boolean().default(false),
});
export type StakeholderType = z.infer<typeof stakeholderType>;

export const stakeholderGazetteer = z.object({
  types: z.array(stakeholderType).min(1),
});
export type StakeholderGazetteer = z.infer<typeof stakeholderGazetteer>;

/** Words that make a line a prompt: it opens with one of `openers`, or holds one of `anywhere` (whole words). */
const promptWords = z.object({ openers: z.array(z.string().min(1)).default([]), anywhere: z.array(z.string().min(1)).default([]) }).default({ openers: [], anywhere: [] });

/** corpus/notes-vocabulary.json: the words the notes segmenter reads (all lower-case). */
export const notesVocabularyFile = z.object({
  /** A note for whoever edits the file; ignored. */
  _about: z.string().optional(),
  /** Header-line keys read as metadata (`Date: ...`, `**Facilitator:** ...`, `Venue - ...`). */
  metadataKeys: z.array(z.string().min(1)),
  /** Metadata keys whose value is the breakout group, copied to every segment as attribute `group` (first found wins). */
  groupKeys: z.array(z.string().min(1)),
  /** Words that can stand lower-case inside a person's name ("van", "de", "bin"). */
  nameParticles: z.array(z.string().min(1)),
  /** Abbreviations after which a full stop does not end a sentence (without the final dot). */
  abbreviations: z.array(z.string().min(1)),
  /** Metadata keys whose lines name people present (facilitator, note-taker, participants): registered as `attendees`. */
  attendeeKeys: z.array(z.string().min(1)).default([]),
  /** Words after a number that make a header line a head-count ("14 ppl at peak", "~18 participants"). */
  headCountWords: z.array(z.string().min(1)).default([]),
  /** Regular expressions (case-insensitive) for lines about the meeting itself: breaks, late starts, equipment. */
  logisticsCues: z.array(z.string().min(1).max(500)).default([]),
  /** Headings over a list of people present ("Attendees", "Participants", optionally "List of ..."/"The ..." and a bracket). */
  attendeeHeadings: z.array(z.string().min(1)).default([]),
  /** Column headers of an attendee table exported line by line, as regular expressions: `names` may open a header line, `others` open it or follow a separator. */
  attendeeTableColumns: z.object({ names: z.array(z.string().min(1).max(500)).default([]), others: z.array(z.string().min(1).max(500)).default([]) }).default({ names: [], others: [] }),
  /** Bold lines that instruct whoever fills in a form: opening with one of `openers`, or holding one of `anywhere`. */
  formPrompts: promptWords,
  /** Block-quoted prompts that head an answer though not phrased as questions ("Describe ...", "... please ..."). */
  answerPrompts: promptWords,
  /**
   * Headings of a form that ask for a title or a description ("Title + Description of idea", "Name of the idea"):
   * what is written under them is the answer, so a bold line there is content (an idea's title), not a heading.
   */
  titlePrompts: promptWords,
});
export type NotesVocabularyFile = z.infer<typeof notesVocabularyFile>;

/** The notes vocabulary as the segmenter uses it. */
export interface NotesVocabulary {
  metadataKeys: ReadonlySet<string>;
  groupKeys: readonly string[];
  nameParticles: ReadonlySet<string>;
  abbreviations: ReadonlySet<string>;
  attendeeKeys: ReadonlySet<string>;
  headCountWords: ReadonlySet<string>;
  logisticsCues: readonly RegExp[];
  /** attendeeHeadings compiled: does a whole heading name a list of people present? */
  attendeeHeading: RegExp;
  /** attendeeTableColumns compiled: is a whole line an attendee table's column headers ("Name / Organization")? */
  attendeeTableHeader: RegExp;
  /** formPrompts and answerPrompts compiled (case-insensitive, whole words). */
  formPrompt: RegExp;
  answerPrompt: RegExp;
  /** titlePrompts compiled: does a heading ask for a title or a description? */
  titlePrompt: RegExp;
}

/** A named piece of regex that cues can use as `{NAME}` (a task verb, a deadline, a person's name...). */
export const sentenceMacro = z.object({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'use upper-case letters, digits or _'),
  pattern: z.string().min(1).max(4_000),
});

/** A sentence-shape cue: a regex over a segment's text that is evidence for one codebook category. */
export const sentenceCue = z.object({
  /** The category (by codebook id) the cue is evidence for; cues of categories a codebook lacks are ignored. */
  category: z.string().max(64),
  /** What the cue means, shown as the evidence of a coding ("owner + to/will + task"). */
  name: z.string().min(1).max(LIMITS.label),
  /** A JavaScript regex (Unicode); `{NAME}` is replaced by the macro of that name. */
  pattern: z.string().min(1).max(4_000),
  weight: z.number().min(-10).max(10),
  /** Match case-sensitively (for cues that need a capital: a person's name). Default: case-insensitive. */
  caseSensitive: z.boolean().default(false),
});
export type SentenceCue = z.infer<typeof sentenceCue>;

/**
 * corpus/sentence-cues.json: what a sentence's shape says about its category, whatever heading it is under
 * (a result with numbers in the past tense, an owner with a task and a deadline, a proposal, a lack).
 * Shipped data only: a consultation's own codebook cannot carry regexes (see tag.ts).
 */
export const sentenceCuesFile = z.object({
  _about: z.string().optional(),
  macros: z.array(sentenceMacro).max(200).default([]),
  cues: z.array(sentenceCue).max(2_000),
});
export type SentenceCues = z.infer<typeof sentenceCuesFile>;

/**
 * corpus/category-model.json: a multinomial logistic regression over features of a segment (the rule scores of
 * each category, the sentence cues that fired, words seen in several training documents, the sentence's shape),
 * trained by scripts/train-categories.mts on the blind tune half. It decides the category where the codebook's
 * categories are exactly the ones it was trained for; its evidence names the features that weighed most.
 */
export const categoryModelFile = z.object({
  _about: z.string().optional(),
  /** What it was trained on (documents), for the record. */
  trainedOn: z.array(z.string().max(300)).max(1_000).default([]),
  /** Words a heading's features leave out (function words but question words), as when it was trained. */
  headingSkip: z.array(z.string().min(1).max(60)).max(2_000).default([]),
  /** Class ids: the codebook's category ids plus "other". */
  categories: z.array(z.string().min(1).max(60)).min(2).max(50),
  features: z.array(z.string().min(1).max(120)).max(20_000),
  /** weights[c][f]: category c, feature f. */
  weights: z.array(z.array(z.number())).max(50),
  bias: z.array(z.number()).max(50),
}).refine((m) => m.weights.length === m.categories.length && m.bias.length === m.categories.length && m.weights.every((w) => w.length === m.features.length), {
  message: 'weights must have one row per category and one column per feature, bias one value per category',
});
export type CategoryModel = z.infer<typeof categoryModelFile>;
