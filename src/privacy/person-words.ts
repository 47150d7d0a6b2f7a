// The words of corpus/person-words.json, read and validated once, as the privacy module uses them (names.ts,
// name-shapes.ts, name-matcher.ts): role words, titles, not-a-name words, reporting verbs, role nouns.
import { createRequire } from 'node:module';
import { personWordsFile } from '../model/word-lists.ts';
import { escapeRegExp } from '../model/regexp.ts';

const require = createRequire(import.meta.url);
/** corpus/person-words.json, read and validated once (annotation in worker threads and report redaction both use it). */
export const PERSON_WORDS = personWordsFile.parse(require('../../corpus/person-words.json'));

/** The role words that start a line naming people: "facil Marta K (UNDP) / notes Ana", "Rapporteur: ..." (a regular expression source). */
export const ROLE = PERSON_WORDS.roles.join('|');
export const ROLE_AT_START = new RegExp(`^\\s*(?:[-*•>]\\s*)?(?:\\*\\*|__)?(${ROLE})(?:\\*\\*|__)?\\s*(?::|-|–|—)?\\s*(?:\\*\\*|__)?\\s*`, 'iu');
export const ROLE_ANYWHERE = new RegExp(`(?:^|[/|;]\\s*|\\s)(${ROLE})(?:\\*\\*|__)?\\s*(?::|-|–|—)?\\s*(?:\\*\\*|__)?\\s*`, 'giu');

/** A courtesy title ("Mr", "Dr.", "gđa"), not part of the name. */
export const TITLES = new RegExp(`^(?:${PERSON_WORDS.titles.map(escapeRegExp).join('|')})\\.?$`, 'iu');
/** Words that make a capitalised run an organisation or a place, not a person. */
export const NOT_A_NAME = new RegExp(`^(?:${PERSON_WORDS.notANameWords.map(escapeRegExp).join('|')})$`, 'iu');

/** Given names that are also words of NOT_A_NAME ("Will"): a name when another name word follows in a people field. */
export const GIVEN_NAME_ALSO_WORD = new RegExp(`^(?:${PERSON_WORDS.givenNamesAlsoWords.map(escapeRegExp).join('|') || '(?!)'})$`, 'iu');

/** Verbs that follow a person ("said", "asked", "described"), as a regular expression source of alternatives. */
export const REPORTING_VERBS = PERSON_WORDS.reportingVerbs.map(escapeRegExp).join('|') || '(?!)';

/** Words that open a place's or an organisation's name before a capitalised run ("Universidad San Simón", "Lake Victoria"). */
export const NAME_PREFIX_WORDS: ReadonlySet<string> = new Set(PERSON_WORDS.namePrefixWords);

/** Place and organisation words that, in lower case after a name, make it the name of a place ("Terry Fox memorial garden"). */
export const PLACE_KIND_WORDS: ReadonlySet<string> = new Set(PERSON_WORDS.placeKindWords.map((w) => w.toLowerCase()));

/** Given names that are also English words ("hope", "grace", "mark"), lower case: ordinary words wherever they are written. */
export const NAMES_ALSO_WORDS: ReadonlySet<string> = new Set(PERSON_WORDS.namesAlsoWords.map((w) => w.toLowerCase()));

/** A capitalised name word (not an acronym: checked in namesInValue), for the patterns of names.ts and name-shapes.ts. */
export const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’-]+`;

/** Role words and titles of one word, lower case ("chief", "nurse", "mayor"): alone, no one's name ("the Chief's rep"). */
export const ROLE_OR_TITLE_WORDS: ReadonlySet<string> = new Set([...PERSON_WORDS.personRoles, ...PERSON_WORDS.titles].filter((w) => !/\s/u.test(w)).map((w) => w.toLowerCase()));

/** Acronyms that are no one's initials as a next step's owner ("UN", "HR", "IOM", "TBC"). */
export const NOT_INITIALS: ReadonlySet<string> = new Set(PERSON_WORDS.notInitials.map((w) => w.toUpperCase()));

/** A generic mailbox's local part ("info", "office", "secretariat"): no one's name. */
export const GENERIC_MAILBOXES = /^(?:info|office|contact|admin|hello|mail|secretariat|team|support|press|media|no-?reply|noreply|webmaster|enquiries|inquiries|registration|events?|hr|jobs|postmaster)$/i;
