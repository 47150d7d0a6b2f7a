// Personal data: who is a person, read from where consultations write names (people fields, role lines, signatures,
// e-mail addresses).
import { createRequire } from 'node:module';
import { notesVocabularyFile } from '../model/codebook.ts';
import { escapeRegExp } from '../model/regexp.ts';
import { emailAddressesIn } from './contact-data.ts';
import { nlp } from '../pipeline/annotate/compromise.ts';
import { peopleByShape, readsAsCommonWords, readsAsSomeone, thankedIn } from './name-shapes.ts';
import { CAP, GENERIC_MAILBOXES, GIVEN_NAME_ALSO_WORD, NAMES_ALSO_WORDS, NOT_A_NAME, PERSON_WORDS, ROLE, ROLE_ANYWHERE, ROLE_AT_START, TITLES } from './person-words.ts';

export { NAME_PREFIX_WORDS, NAMES_ALSO_WORDS, NOT_A_NAME, PLACE_KIND_WORDS, REPORTING_VERBS, ROLE, TITLES } from './person-words.ts';
export { chatUsernames, definedAcronyms, ownerInitials, readsAsSomeone } from './name-shapes.ts';

const require = createRequire(import.meta.url);

/**
 * Metadata keys and survey columns whose values are people ("Facilitator", "notes by", "Rapporteur", "Protokoll"...):
 * their values are redacted whole.
 */
export const PERSON_KEY =
  /facilitat|facilitad|rapporteur|relator|animat(?:eur|rice|ion|or)|verbalizz|protokoll|tischpat|zapisni|note.?tak|notes?.?by|minute|prepared.?by|written.?by|recorded.?by|reported.?by|author|focal|moderat|chair|scribe|recorder|organi[sz]er|organi[sz]ed.?by|host|convened|contact|interviewer|reporter|(?<!as)signed|speaker|presenter|panel(?:l?ists?)?$|interpreter|attendee|^present$|^in attendance$|^(?:sent )?apolog|^apols?$|^regrets$|^absent$|participant.?name|respondent.?name|^name$|full.?name|your.?name|e-?mail/i;

/**
 * An action tracker's column of owners ("Owner", "Task owner", "Assigned to", "Who", "Responsible"): people as often as
 * teams and organisations ("Comms team", "Housing Management"), so its names are candidates, checked as the other
 * candidates are, not a people field's listed names.
 */
const OWNER_KEY = /^(?:task.?|action.?)?owners?$|^assign(?:ee|ed.?to)s?$|^responsible(?:.?person)?$|^who$|^point.?person$|^lead.?person$/i;

/** Is this survey column or attribute an action tracker's owners (see OWNER_KEY)? */
export function isOwnerKey(key: string): boolean {
  return OWNER_KEY.test(key.trim());
}

/** Is this metadata key (or survey column) one whose values name people? */
export function isPersonKey(key: string): boolean {
  return PERSON_KEY.test(key) && !/number|count|organi[sz]ation$/i.test(key);
}

/** One name word: a capitalised word of letters (with inner hyphens or apostrophes), or an initial ("K", "K."). */
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}]*(?:['’-][\p{L}\p{M}]+)*['’]?|\p{Lu}\.?)$/u;

/**
 * The person names in one value of a people field or attendee line: "Marta Kovač (UNDP)" gives "Marta Kovač",
 * "Ana Lukić, UNICEF" gives "Ana Lukić", "Ana and Goran / Ivana" gives three. Words after the name (an
 * organisation after a comma, dash or bracket) are dropped; a part that does not read as a name is skipped.
 * A list of three or more names between commas gives them all ("Samuel Oyelaran, Greta Lindqvist, Hector
 * Villanueva", "apologies: Dragica (sick), Ljilja, Snežana"): every part must read as a name; two parts stay
 * "name, organisation or place" ("Marta Kovač, Zenica" gives Marta Kovač only) unless the value ends in a comma, a list
 * going on over the next line.
 */
export function namesInValue(value: string, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const cleaned = value.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').replace(/[*_`]/g, ' ');
  // Joining words as whole words of letters (\b would split "Hodžić" at its "i").
  const split = cleaned.split(/\s*([/|;&+]|(?<!\p{L})(?:and|i|et|und)(?!\p{L}))\s*/u);
  // A piece after "and" joins a list only when the piece before it is short ("Ana Lukić, UNICEF and Goran Ilić"), not
  // prose ("Amy Wilson, Fellow, detailed over to the Office of Products and Programs Innovation Portfolio").
  const pieces = split.filter((_, k) => k % 2 === 0).filter((_, k, all) => k === 0 || /^[/|;]$/u.test(split[2 * k - 1]!) || all[k - 1]!.trim().split(/\s+/u).length <= 8);
  const commaLists = pieces.map((piece) => {
    const parts = piece.split(/\s*,\s*/u).filter((part) => part.trim() !== '');
    const names = parts.map((part) => nameAt(part, particles));
    return parts.length >= 2 && names.every((name, k) => name !== null && name.replace(/\.$/u, '') === withoutTitles(parts[k]!)) ? (names as string[]) : null;
  });
  const single = pieces.map((piece) => nameAt(piece, particles));
  const listed = commaLists.reduce((n, list, k) => n + (list ? list.length : single[k] ? 1 : 0), 0);
  // A value that ends in a comma is a list going on over the next line ("present: Ana Lukić, Goran Ilić,").
  const list = listed >= 3 || /,\s*$/u.test(value);
  return pieces.flatMap((_, k) => (commaLists[k] && list ? commaLists[k] : single[k] ? [single[k]] : []));
}

/** A part of a value without its titles and closing punctuation, as nameAt reads it whole. */
function withoutTitles(part: string): string {
  return part.trim().split(/\s+/u).filter((w) => w && !TITLES.test(w)).join(' ').replace(/[.,;:!?"]+$/u, '');
}

/** The name at the start of one piece of a value, before a comma, a spaced dash or a colon; null when none. */
function nameAt(piece: string, particles: ReadonlySet<string>): string | null {
  // The name is before a comma or a spaced dash: "Ana Lukić, UNICEF", "Marta Kovač – UNDP".
  const head = piece.split(/\s*,\s*|\s+[–—-]\s+|\s*:\s*/u)[0] ?? '';
  const words = head.trim().split(/\s+/u).filter((w) => w && !TITLES.test(w));
  const kept: string[] = [];
  for (const [k, w] of words.entries()) {
    const word = w.replace(/[.,;:!?"]+$/u, (m) => (m.startsWith('.') && /^\p{Lu}$/u.test(w.slice(0, -1)) ? '.' : ''));
    if (particles.has(word.toLowerCase()) && kept.length > 0) {
      kept.push(word);
      continue;
    }
    // An acronym ("UNDP", "MoH", "MoES") names an organisation.
    const givenName = k === 0 && GIVEN_NAME_ALSO_WORD.test(word) && isSurname(words[1]);
    // A title's or an organisation word's possessive ("Mayor's office") ends the name too.
    const base = word.replace(/['’]s$/u, '');
    if (!NAME_WORD.test(word) || (NOT_A_NAME.test(word) && !givenName) || (base !== word && (TITLES.test(base) || NOT_A_NAME.test(base))) || /^\p{Lu}{2,}$|^\p{Lu}\p{Ll}{1,2}\p{Lu}+$/u.test(word)) break;
    kept.push(word);
  }
  while (kept.length && particles.has(kept[kept.length - 1]!.toLowerCase())) kept.pop();
  return kept.length >= 1 && kept.length <= 4 && kept.some((w) => /\p{L}{2}/u.test(w)) ? kept.join(' ') : null;
}

/**
 * A chat's sender is a person when compromise knows them as one, or when they are written as a given name and a
 * surname that compromise does not know ("From Sunny Nakato to Everyone:": "Sunny" is also an ordinary word, but a
 * sender of two to four capitalised words whose last is no organisation or place word, none of them read as an
 * organisation or a place, is someone; "Red Cross Kenya", "Youth Council" and "Secretariat" stay candidates).
 */
function chatSenderIsPerson(who: string): boolean {
  const doc = nlp()(who);
  if (doc.has('#Person')) return true;
  const words = who.split(/\s+/u);
  return words.length >= 2 && words.length <= 4 && words.every((w) => NAME_WORD.test(w) && !NOT_A_NAME.test(w)) && isSurname(words[words.length - 1]) && !doc.has('#Organization') && !doc.has('#Place');
}

/**
 * The names of a people field written in lower case, as shorthand writes them ("present: ana, goran, mk, grace (new)"):
 * each item of a list of short items whose first word is three letters or more, no function word (compromise) and no
 * organisation or place word, capitalised ("Ana", "Goran", "Grace"). Initials and "the coordinator" give nothing.
 */
export function lowerCaseNames(value: string): string[] {
  const items = value.replace(/\([^)]*\)/gu, ' ').split(/\s*[,;/+&]\s*|\s+and\s+/u).map((i) => i.trim()).filter(Boolean);
  if (items.length < 2 || items.some((i) => i.split(/\s+/u).length > 4)) return [];
  return items.flatMap((item) => {
    const first = item.split(/\s+/u)[0]!;
    // Groups and roles ("farmers", "teachers", "finance") are no one: plurals and role nouns compromise knows are left.
    if (!/^\p{Ll}{3,}$/u.test(first) || NOT_A_NAME.test(first) || nlp()(first).has('(#Determiner|#Preposition|#Conjunction|#Pronoun|#Modal|#Adverb|#Verb|#Adjective|#Plural|#Actor)')) return [];
    return [first.charAt(0).toUpperCase() + first.slice(1)];
  });
}

/** A people line of shorthand: "present: ana, goran", "apols: bill, sunny (sick)". */
const PEOPLE_LINE = /^\s*(?:[-*•]\s*)?(?:present|attendees?|attending|in attendance|apol(?:ogie)?s?|absent|regrets)\s*(?:\([^)]*\))?\s*[:\-–]\s*(.+)$/iu;

/** The lower-case names of a text's shorthand people lines ("present: ana, goran" gives "Ana", "Goran"). */
export function lowerCaseListed(text: string): string[] {
  return text.split(/\r?\n/u).flatMap(lowerCaseNamesOfLine);
}

/** The lower-case names of one shorthand people line; none for another line. */
function lowerCaseNamesOfLine(line: string): string[] {
  const people = PEOPLE_LINE.exec(line);
  return people ? lowerCaseNames(people[1]!) : [];
}

/** The name a value is, whole ("Ana Lukić" in "From Ana Lukić to Everyone:"); none when it reads as more or less. */
function wholeName(value: string, particles: ReadonlySet<string>): string[] {
  const trimmed = value.replace(/^["'\s]+|["'\s]+$/gu, '');
  return namesInValue(trimmed, particles).filter((name) => name === trimmed);
}

/** A word that can follow a given name as its surname: a capitalised word, no acronym, no organisation or place word. */
function isSurname(word: string | undefined): boolean {
  return word !== undefined && /^\p{Lu}\p{Ll}/u.test(word) && NAME_WORD.test(word.replace(/[.,;:!?"]+$/u, '')) && !NOT_A_NAME.test(word.replace(/[.,;:!?"]+$/u, ''));
}

/** The names on a line that starts with a role word: "facil Marta K (UNDP) / notes Ana" gives "Marta K" and "Ana". */
export function namesInRoleLine(line: string, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  if (!ROLE_AT_START.test(line)) return [];
  const out: string[] = [];
  // Each role word starts a chunk; the chunk's name runs to the next role word or separator.
  const starts = [...line.matchAll(ROLE_ANYWHERE)];
  starts.forEach((m, i) => {
    const from = m.index + m[0].length;
    const to = i + 1 < starts.length ? starts[i + 1]!.index : line.length;
    out.push(...namesInValue(line.slice(from, to), particles));
  });
  return out;
}


/** The name in an e-mail address's local part: "marta.kovac@..." gives "Marta Kovac"; "info@..." gives nothing. */
export function nameInEmail(address: string): string | null {
  const local = address.split('@')[0] ?? '';
  if (GENERIC_MAILBOXES.test(local)) return null;
  const parts = local.split(/[._-]+/u).filter((p) => /^\p{L}+$/u.test(p));
  if (parts.length < 2 || parts.some((p) => GENERIC_MAILBOXES.test(p))) return null;
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}

// "— Ana Lukić", "Signed, Ana Lukić", "Marta Kovač – UNDP", "Jelena Babić – Youth Network Zenica".
const SIGNATURE = /^\s*(?:[—–-]{1,2}|~)\s*(\p{Lu}[^,()\n]{1,60})(?:[,(].*)?$/u;
const NAME_DASH_ORG = /^\s*(?:[-*•]\s+)?(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){1,3})\s+[–—-]\s+\S.*$/u;
// "The session was led by Ana Lukić", "moderated by Dr Marta Kovač": the agent of a session's verb.
// The verb also opens a line ("Presented by Dr Sergiu Rotaru, project coordinator").
const LED_BY = new RegExp(String.raw`\b(?:[Cc]omments?|[Qq]uestions?|[Rr]eviewed|[Tt]ranslated|[Tt]yped|[Ss]ubmitted|[Ll]ed|[Pp]resented|[Mm]oderated|[Ff]acilitated|[Cc]haired|[Hh]osted|[Ii]ntroduced|[Oo]pened|[Cc]losed|[Dd]elivered|[Gg]iven|[Rr]un|[Cc]oordinated|[Ss]ummari[sz]ed|[Ww]elcomed|[Oo]rgani[sz]ed)\s+by\s+((?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?${CAP}(?:\s+${CAP}){1,3})`, 'gu');
// A person named with a title or an office: "Ms Aurelia Grosu-Țurcanu", "Dr Rotaru concluded", "Mr. Țîcu", "Mayor
// Whitfield opened", "Assessora Ferraro to bring...": the capitalised words after it (the title capitalised too).
// Written capitalised; an office also in lower case, as shorthand writes it ("cllr Whitfield", "minister Rama"), and
// CM / CLLR in capitals; Spanish, Portuguese, Polish and Indonesian forms of address are written in lower case too
// ("don Julio", "seu Zé", "pani Agnieszka", "pak Budi"). Other courtesy titles and ranks only capitalised: "ms Teams",
// "MS Teams", "DR Congo" name no one.
const WRITTEN_LOWER_TOO = /^(?:mayors?|council(?:member|man|woman|lor|or)s?|cllrs?|alder(?:man|woman)|senators?|ministers?|assessor[ae]|sindac[oa]|cm|don|doña|dona|seu|pani|pan|pak|ibu)$/;
const TITLE_WORDS = PERSON_WORDS.titles
  .filter((t) => t.length >= 2)
  .flatMap((t) => [t.charAt(0).toUpperCase() + t.slice(1), ...(WRITTEN_LOWER_TOO.test(t) ? [t, ...(/^(?:cm|cllr)$/.test(t) ? [t.toUpperCase()] : [])] : [])])
  .map(escapeRegExp);
const TITLED = new RegExp(String.raw`(?<![\p{L}\p{M}])(?:${TITLE_WORDS.join('|')})\.?\s+(${CAP}(?:\s+${CAP}){0,2})`, 'gu');
// A speaker before what they said: "[10:45] Goran Ilievski (Municipality of Kočani): Our municipality...",
// "Giulia Ferraro: In Pesaro we...", "Hope A - tenants assoc chair": one to three capitalised words (perhaps an
// initial after them) at the line's start (after a bullet or a time), perhaps their organisation in brackets, then a
// colon or a spaced dash and words.
const SPEAKER = new RegExp(
  String.raw`^\s*(?:[-*•]\s+)?(?<time>[[(]?(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?[\])]?\s*[-–—]?\s*)?(?<name>${CAP}(?:\s+${CAP}){0,2}(?:\s+\p{Lu}\.?(?=[\s(:]))?)(?:\s*[\p{Extended_Pictographic}\u{FE0F}\u{200D}]+)?\s*(?<org>\([^()]{1,80}\))?(?:\s*:|\s+[-–—])\s+\S`,
  'u',
);
/** Notes written as "who said what" (three speakers or more): then every speaker is a candidate. */
const SPEAKER_STYLE_MIN = 3;
// A chat export's sender (and addressee): "14:02:11 From Ana Lukić to Everyone: ...", "From Dr. Ana Lukić (Host) to
// Everyone:", "From Ana (she/her) to Marko Ilić (privately):".
const CHAT_SENDER = new RegExp(String.raw`(?:^|\s)From\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?(${CAP}(?:\s+${CAP}){0,3})(?:\s*\([^()]{1,30}\))?\s+to\s+(${CAP}(?:\s+${CAP}){0,3})(?:\s*\([^()]{1,30}\))?\s*:`, 'u');
// A role in brackets anywhere: "### Group 1: Financing (rapporteur: Cristina Gațcan)".
/** Who asked or commented, in brackets after a question marker opening the line: "Q (online, Kofi Mensah):", "**Q (Ana Lukić, parent):**". */
const ASKER = /^\s*(?:[-*•>]\s*)?(?:Q|A|Question|Comment)\s*\(([^()]{2,120})\)/gu;
const ROLE_IN_BRACKETS = new RegExp(`\\(\\s*(?:${ROLE})\\s*(?::|-|–|—)\\s*([^()]{2,80})\\)`, 'giu');
// A heading naming its presenters after the topic: "Introduction, Ana Lukić UNICEF", "Survey results, Ana Lukić and
// Marta Kovač, UNDP": two or three capitalised words (with "and" between people) after the first comma, then their
// organisation's acronym (after a comma or not). Not at the end of the line: "Places, Novi Sad and Banja Luka" is no
// list of presenters.
const TOPIC_THEN_PRESENTERS = new RegExp(
  String.raw`^[^,.!?]{3,80},\s+(${CAP}(?:\s+${CAP}){1,2}(?:\s+(?:and|&|i)\s+${CAP}(?:\s+${CAP}){1,2})*)(?=\s*,\s*\p{Lu}{2,}\b|\s+\p{Lu}{2,}\b)`,
  'u',
);
// Who is told of as someone: a relative, neighbour or colleague named after the word ("my grandmother nana Hajrije",
// "our colleague Ana Petrović"; the subject of a reporting verb is in name-shapes.ts). Candidates, checked as usual: a
// word written in lower case elsewhere in the consultation is dropped by the ordinary-word check, and organisation or
// place words end the name (namesInValue).
const RELATIVE = new RegExp(String.raw`(?<![\p{L}\p{M}])(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:grand(?:mother|father|ma|pa|son|daughter)|mother|father|mum|mom|dad|son|daughter|sister|brother|aunt|uncle|cousin|niece|nephew|wife|husband|partner|neighbou?r|colleague|friend|boss|manager|teacher)(?:\s+\p{Ll}{2,12})?\s+(${CAP}(?:\s+${CAP}){0,2})`, 'gu');
// A chat export's message header alone on its line: "[2026-11-12 08:58] Amina Kowalczyk (@amina.k)", "[09:14] Ana
// Lukić", "Amina Kowalczyk  8:58 AM" (Slack, Teams): the sender, before the message on the next lines.
const CHAT_HEADER = new RegExp(String.raw`^\s*(?:\[[^\]\n]{0,30}?\d:\d\d[^\]\n]{0,30}\]\s*(${CAP}(?:\s+${CAP}){0,3})\s*(?:\((?:@[\p{L}\p{N}._-]+|[^()]{1,30})\))?|(${CAP}(?:\s+${CAP}){1,3})\s*(?:\(@[\p{L}\p{N}._-]+\))?\s+\d{1,2}:\d\d(?:\s*[AaPp]\.?[Mm]\.?)?)\s*$`, 'u');
// Who wrote or said a point, after it: "more buses at night (Selin)", "harassment on the bus (Selin + Derya)", "too
// expensive? — Oluwaseun", "trotro mates shouting — Abena": people when a document marks three points or more so
// (a flipchart's or a sticky board's transcription), not one bracket ("Training for teachers (Oxfam)").
// One to three people joined by "+", "/", "&" or "and" (a comma lists places: "(Skopje, Tetovo, Bitola)"); after a
// dash only a long one (a hyphen ends too many lines: "visit - Zenica").
const ATTRIBUTED = String.raw`${CAP}(?:\s+(?:${CAP}|\p{Lu}\.))?(?:\s*(?:\+|/|&|and)\s*${CAP}(?:\s+(?:${CAP}|\p{Lu}\.))?){0,2}`;
const ATTRIBUTION_AT_END = new RegExp(String.raw`(?:\((?:[^()]*?\s[—–]\s*)?(${ATTRIBUTED})\s*\)|\S\s+[—–]\s+(${ATTRIBUTED}))\s*[.!]?\s*$`, 'u');
/** Lines of a document that mark their points with who wrote them (see ATTRIBUTION_AT_END). */
const ATTRIBUTION_STYLE_MIN = 3;
const INITIALS_OF = new RegExp(String.raw`(?<![\p{L}\p{N}])(\p{Lu}{2,3})\s*\((${CAP})\)`, 'gu');
const NAME_AND_AGE = new RegExp(String.raw`(?:^|[–—-]\s*|[.;:]\s+|\(\s*(?:including\s+)?)(${CAP}(?:\s+${CAP})?),\s*(?:aged?\s*)?\d{1,2}(?!\d)(?=\s*(?:,|\)|$|said|says|told|years|yrs))`, 'gu');

const CLOSING = /^\s*(?:>\s*)*(?:signed|sincerely|yours sincerely|regards|best regards|kind regards|warm regards|warmest regards|best wishes|best|all the best|warmly|many thanks|with thanks|thanks|thank you|cheers|rgds|srdačan pozdrav|pozdrav|pozdrav svima|s poštovanjem|hvala|faleminderit|me respekt|asante|saludos|un saluto|cordiali saluti|cordialement)(?![\p{L}]),?\s*(.*)$/iu;
// An e-mail's header names its people with their addresses ("From: Ana Pereira <ana.pereira@...>", "Cc: Joy Nakato
// <...>; Mark Whitby <...>"), and a reply names who wrote what it quotes ("On Mon, 26 Jan 2026 at 09:14, Ana Pereira
// <...> wrote:", "Ana Pereira wrote:").
const MAIL_HEADER = /^\s*(?:>\s*)*(?:from|to|cc|bcc|sender|reply-to|od|za|kopija|von|an|de|para|da|a)\s*:\s*(.+)$/iu;
const MAIL_PERSON = /([^<>;,"]{2,60}?)\s*<[^<>\s@]+@[^<>\s]+>/gu;
const WROTE = /^\s*(?:>\s*)*(?:on\s+.{4,60}?,\s*)?([^,<>]{2,60}?)\s*(?:<[^<>\s@]+@[^<>\s]+>)?\s+(?:wrote|napisao|napisala|schrieb|escribió|ha scritto|a écrit)\s*:\s*$/iu;

/** A Markdown table's column header that names people. */
const PEOPLE_COLUMN = /^(?:full\s+)?names?$|^(?:first\s+and\s+last\s+name|participant|attendee|speaker|panellist|panelist|facilitator|rapporteur|person|who)s?$/iu;

/**
 * One line of a Markdown table of people ("| Name | Organisation |", then a row a person): the names in the people
 * column go to `out`. Returns the people column for the next line (null when this line is no such table's).
 */
function tableNames(line: string, column: number | null, particles: ReadonlySet<string>, out: string[]): number | null {
  const t = line.trim();
  if (!t.startsWith('|')) return null;
  const cells = t.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  if (column === null) {
    const at = cells.findIndex((c) => PEOPLE_COLUMN.test(c));
    return at >= 0 ? at : null;
  }
  if (cells.every((c) => /^:?-{2,}:?$/.test(c))) return column;
  out.push(...namesInValue(cells[column] ?? '', particles));
  return column;
}

/**
 * Candidate names written in a text's lines: role lines, signatures ("— Ana", a closing then a name),
 * "Name Surname – Organisation" lines, the agents of "led by", "presented by"..., the presenters a heading names
 * after its topic ("Introduction, Ana Lukić UNICEF"), and the names in e-mail addresses. Candidates are checked later
 * (see createNameMatcher's `isOrdinary`), so a heading shaped like a name line does not become a name; the sure ones
 * (people named with a title or an office, chat senders compromise knows as people) are not, when the caller asks for
 * them apart.
 */
export function candidateNamesInText(text: string, particles: ReadonlySet<string> = DEFAULT_PARTICLES, sure?: string[]): string[] {
  const out: string[] = [];
  // Names in shapes that only people take (a title or office before them, a chat's sender compromise knows as a
  // person) go to `sure` when asked: known names even when a word of theirs is an ordinary word here ("From Grace
  // Atieno to Everyone:").
  const strong = sure ?? out;
  // A shape only people take makes a given name that is also a word ("Faith who...", "– Will, 41", "his sister Hope")
  // a name there, sure; any other name it holds is a candidate, checked as usual.
  const bySureShape = (names: readonly string[]): void => {
    for (const name of names) (NAMES_ALSO_WORDS.has(name.split(/\s+/u)[0]!.toLowerCase()) ? strong : out).push(name);
  };
  const lines = text.split(/\r?\n/);
  const speakers = new Map<string, { lines: number; marked: boolean; timed: number }>();
  let nameColumn: number | null = null;
  let attributionLines = 0;
  const attributed: string[] = [];
  let lastWritten = lines.length - 1;
  while (lastWritten >= 0 && lines[lastWritten]!.trim() === '') lastWritten--;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\*\*|__/g, '');
    nameColumn = tableNames(line, nameColumn, particles, strong);
    out.push(...namesInRoleLine(line, particles));
    for (const m of line.matchAll(ROLE_IN_BRACKETS)) out.push(...namesInValue(m[1]!, particles));
    for (const m of line.matchAll(ASKER)) for (const part of m[1]!.split(/\s*[,;]\s*/u)) if (nameAt(part, particles) === part.trim()) out.push(part.trim());
    const chat = CHAT_SENDER.exec(line);
    // A sender compromise knows as a person is sure; another ("Red Cross Kenya", "Secretariat": organisations chat
    // too) is a candidate, checked against the consultation's ordinary words like any other.
    if (chat) for (const who of [chat[1]!, chat[2]!]) (chatSenderIsPerson(who) ? strong : out).push(...wholeName(who, particles));
    // A people line ("Apols: Ruth Adhiambo", "Present: ...") names no speaker.
    const spoke = PEOPLE_LINE.test(line) ? undefined : SPEAKER.exec(line)?.groups;
    if (spoke) {
      const seen = speakers.get(spoke.name!) ?? { lines: 0, marked: false, timed: 0 };
      speakers.set(spoke.name!, { lines: seen.lines + 1, marked: seen.marked || Boolean(spoke.time || spoke.org), timed: seen.timed + (spoke.time ? 1 : 0) });
    }
    // A hyphen opens bullets too ("- Accessible", "- Risk Aversion" in a brainstorm list): a name after a lone
    // hyphen signs only the text's last line.
    const sig = /^\s*-(?!-)/u.test(line) && i < lastWritten ? null : SIGNATURE.exec(line);
    // A signature is a name alone ("— Ana Lukić", "— Ana Lukić, UNDP"); a bullet ("- Scam messages in our
    // language...") is not: its first capitalised word is no person.
    if (sig) out.push(...namesInValue(sig[1]!, particles).filter((name) => name === sig[1]!.trim().replace(/[.!?]+$/u, '')));
    const dash = NAME_DASH_ORG.exec(line);
    if (dash) out.push(...namesInValue(dash[1]!, particles));
    const led = [...line.matchAll(LED_BY)].flatMap((m) => namesInValue(m[1]!, particles));
    out.push(...led);
    for (const m of line.matchAll(TITLED)) strong.push(...namesInValue(m[1]!, particles).filter((name) => !led.includes(name)));
    // Initials with the first name they stand for ("Moderators: WN (Wanjiru) and JO (Joseph)"): the person, with the
    // initial of the surname ("Wanjiru N"), so the initials are found where they speak ("WN: Karibuni").
    for (const m of line.matchAll(INITIALS_OF)) if (m[1]!.charAt(0) === m[2]!.charAt(0)) strong.push(`${m[2]} ${m[1]!.slice(1).split('').join(' ')}`);
    // A person quoted with their age ("– Destiny, 16", "Fatima, 34, said").
    for (const m of line.matchAll(NAME_AND_AGE)) bySureShape(wholeName(m[1]!, particles));
    strong.push(...lowerCaseNamesOfLine(line));
    for (const m of line.matchAll(RELATIVE)) bySureShape(wholeName(m[1]!, particles));
    // The subject of a reporting verb is a candidate; a shape only people take makes a given name that is also a word a
    // name there ("Faith who cleans them", "Grace, the nurse", "call Baraka re ..."): see peopleByShape.
    const shapes = peopleByShape(lines[i]!, line);
    for (const who of shapes.told) out.push(...wholeName(who, particles));
    for (const who of shapes.shaped) bySureShape(wholeName(who, particles));
    for (const who of thankedIn(line)) bySureShape(wholeName(who, particles));
    const chatHeader = CHAT_HEADER.exec(line);
    const sender = chatHeader?.[1] ?? chatHeader?.[2];
    if (sender) {
      const whole = wholeName(sender, particles);
      // Two words or more compromise does not read as common words are someone, as a chat's sender is.
      (/\s/u.test(sender) && readsAsSomeone(sender) && !readsAsCommonWords(sender) ? strong : out).push(...whole);
    }
    const by = line.length <= 300 ? ATTRIBUTION_AT_END.exec(line) : null;
    if (by) {
      attributionLines++;
      attributed.push(...(by[1] ?? by[2])!.split(/\s*(?:\+|\/|&|\band\b)\s*/u).filter(Boolean));
    }
    const presenters = line.length <= 160 ? TOPIC_THEN_PRESENTERS.exec(line.trim()) : null;
    if (presenters) out.push(...namesInValue(presenters[1]!, particles));
    const header = MAIL_HEADER.exec(line);
    if (header) for (const m of header[1]!.matchAll(MAIL_PERSON)) strong.push(...wholeName(m[1]!, particles));
    const wrote = WROTE.exec(line);
    if (wrote) strong.push(...wholeName(wrote[1]!, particles));
    const closing = CLOSING.exec(line);
    if (closing) {
      if (closing[1]) out.push(...namesInValue(closing[1], particles));
      else {
        const next = lines.slice(i + 1).find((l) => l.trim() !== '');
        if (next && next.trim().split(/\s+/).length <= 5) out.push(...namesInValue(next.replace(/^\s*(?:>\s*)*/u, '').replace(/^[-*•]\s+/, ''), particles));
      }
    }
  }
  // A speaker is a person when a time or their organisation marks the line, or when they speak on two lines or more;
  // a first name alone needs both ("Key Takeaways: ..." once, or "Note: ..." twice, is no speaker).
  // In notes written as who said what, every speaker (the ordinary-word check still applies: see knownNames).
  // Unmarked, a label must not read as common words ("Time Constraints:", "Allocate Ample Time:", "Key Findings:").
  const named = [...speakers]
    .map(([name, seen]) => ({ seen, name: namesInValue(name, particles).find((n) => n === name || n === name.replace(/\.$/u, '')) }))
    .filter((s) => s.name !== undefined && (s.seen.marked || !readsAsCommonWords(s.name)));
  const style = named.length >= SPEAKER_STYLE_MIN;
  for (const { name, seen } of named) {
    if (name === undefined) continue;
    const oneWord = !/\s/u.test(name);
    // A chat's or a transcript's speaker of two words or more at a time on two lines is someone, also when a word of
    // theirs is an ordinary word ("[10:03] Hope M.: good morning!" and later lines): sure, as a chat's sender is.
    // A given name that is also a word before a surname that is not one is someone too ("[00:14:55] Hope Eyo:").
    const [given, ...rest] = name.split(/\s+/u);
    const sure = !oneWord && seen.timed >= 2 && (/^\p{Lu}[\p{L}\p{M}'’-]+\s+\p{Lu}\.?$/u.test(name) || !readsAsCommonWords(name) || (NAMES_ALSO_WORDS.has(given!.toLowerCase()) && !readsAsCommonWords(rest.join(' '))));
    if (sure) strong.push(name);
    else if (style || (oneWord ? seen.marked && seen.lines >= 2 : seen.marked || seen.lines >= 2)) out.push(name);
  }
  // (compromise reads who they are only in such a document: most texts have a line or two that end in a bracket.)
  if (attributionLines >= ATTRIBUTION_STYLE_MIN) for (const who of attributed) if (readsAsSomeone(who) && !readsAsCommonWords(who)) bySureShape(wholeName(who, particles));
  for (const address of emailAddressesIn(text)) {
    const name = nameInEmail(address);
    if (name) out.push(name);
  }
  return out;
}

/** The name particles of the shipped corpus/notes-vocabulary.json, for callers that have no vocabulary of their own. */
export const DEFAULT_PARTICLES: ReadonlySet<string> = new Set(notesVocabularyFile.parse(require('../../corpus/notes-vocabulary.json')).nameParticles.map((w) => w.toLowerCase()));
