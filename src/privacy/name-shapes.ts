// Who is a person by the sentence around them: the subject of a reporting verb ("Teuta asked..."), someone set off
// beside a role, before "who", after a task's verb, a hearing's speaker, who is thanked, a name before a word of
// respect; the compromise checks that tell a person from a role, a group, an organisation, a place or common words;
// and the tokens that are someone wherever written so (a next step's owner's initials, a live chat's usernames).
import { escapeRegExp } from '../model/regexp.ts';
import { nlp } from '../pipeline/annotate/compromise.ts';
import { CAP, GENERIC_MAILBOXES, NAMES_ALSO_WORDS, NOT_A_NAME, NOT_INITIALS, PERSON_WORDS, REPORTING_VERBS } from './person-words.ts';

// The subject of a reporting verb ("Teuta asked not to be pictured", "Beppe Arduino told the story"): a candidate.
const TOLD_OF = new RegExp(String.raw`(?<![\p{L}\p{M}'’-])(${CAP}(?:\s+${CAP}){0,2})\s+(?:${REPORTING_VERBS})(?!\p{L})`, 'gu');
// A person set off beside what they do ("Grace, the nurse from the dispensary", "The chief, Mwangi, he promised",
// "the chairman is Baraka.", "Haris (a teacher)", "librarian Kwame Asante", "the enumerator from Kongwa (Baraka)"), or
// written as someone ("Faith who cleans them", "JO to call Baraka re ...").
const PERSON_ROLE = PERSON_WORDS.personRoles.map((w) => escapeRegExp(w).replace(/ /g, String.raw`\s+`)).join('|') || '(?!)';
/** The first word of each role ("youth" of "youth worker"), lower case: a line without one has no role shape. */
const ROLE_FIRST_WORDS: ReadonlySet<string> = new Set(PERSON_WORDS.personRoles.map((w) => w.toLowerCase().split(/\s+/u)[0]!));
/** The verbs of a task put to someone (CONTACT), and their first words: a line without one has no task shape. */
const TASK_VERB_PHRASES = ['call', 'phone', 'ring', 'email', 'e-mail', 'contact', 'ask', 'meet', 'visit', 'thank', 'invite', 'remind', 'brief', 'consult', 'check with', 'follow up with', 'talk to', 'speak to', 'speak with'];
const TASK_VERBS: ReadonlySet<string> = new Set(TASK_VERB_PHRASES.map((v) => v.split(' ')[0]!));
const DETERMINER = String.raw`(?:[Tt]he|[Oo]ur|[Tt]heir|[Hh]is|[Hh]er|[Mm]y|[Aa]n?)`;
// After the role: the end of the phrase, not another noun ("Access, the chief barrier" is no person).
const ROLE_END = String.raw`(?=\s*(?:[,.;:)!?]|$)|\s+(?:of|from|at|in|for|with|who|and|said|says|told|is|was)(?!\p{L}))`;
const NAMED_ROLE = new RegExp(String.raw`(?<![\p{L}\p{M}'’-])(${CAP}(?:\s+${CAP}){0,2}),\s+(?:${DETERMINER}\s+)?(?:\p{Ll}[\p{Ll}-]*\s+){0,2}(?:${PERSON_ROLE})${ROLE_END}`, 'gu');
const ROLE_NAMED = new RegExp(String.raw`(?<![\p{L}\p{M}])${DETERMINER}\s+(?:\p{Ll}[\p{Ll}-]*\s+){0,2}(?:${PERSON_ROLE}),\s+(${CAP}(?:\s+${CAP}){0,2})\s*,`, 'gu');
const ROLE_IS = new RegExp(String.raw`(?<![\p{L}\p{M}])${DETERMINER}\s+(?:\p{Ll}[\p{Ll}-]*\s+){0,2}(?:${PERSON_ROLE})\s+(?:is|was)\s+(${CAP}(?:\s+${CAP}){0,2})(?=\s*(?:[,.;:)!?]|$))`, 'gu');
const WHO = new RegExp(String.raw`(?<![\p{L}\p{M}'’-])(${CAP}(?:\s+${CAP}){0,2}),?\s+who(?!\p{L})`, 'gu');
const ROLE_BRACKET = new RegExp(String.raw`(?<![\p{L}\p{M}'’-])(${CAP}(?:\s+${CAP}){0,2})\s*\(\s*(?:${DETERMINER}\s+)?(?:[\p{L}-]+\s+){0,3}(?:${PERSON_ROLE})\s*\)`, 'gu');
const ROLE_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{M}-])(?:${PERSON_ROLE})\s+(${CAP}(?:\s+${CAP}){0,2})(?=\s+\p{Ll}|\s*[,.;:)!?]|\s*$)`, 'gu');
const ROLE_THEN_BRACKETED = new RegExp(String.raw`(?<![\p{L}\p{M}-])(?:${PERSON_ROLE})(?:\s+(?:from|of|at|in|for)\s+${CAP}(?:\s+${CAP})?)?\s*\(\s*(${CAP}(?:\s+${CAP}){0,2})\s*\)`, 'gu');
// After a task's verb, when what a task says next follows the name ("call Baraka re the wages", "check with Gjorgji's
// carer"), not a noun of a place's or an organisation's name ("ask Dom zdravlja", "call Niš shop", "invite Toplane +").
const CONTACT = new RegExp(String.raw`(?<![\p{L}\p{M}])(?:${TASK_VERB_PHRASES.map(escapeRegExp).join('|')})\s+(${CAP}(?:\s+(?:${CAP}|\p{Lu}\.))?)(?![\p{L}\p{M}'’-])(?=(?<=\p{L}['’]s)\s|\s+(?:re|about|to|for|on|by|and|asap|today|tomorrow|this|next|before|after)(?!\p{L})|\s*[,.;:)!?]|\s*$)`, 'gu');
// A hearing's record: a speaker, their street or town, then what they did ("3.4 Bill Krasinski, Frank Street, asked about
// parking", "Will O'Rourke, Beacon Hill Road, spoke in opposition").
const HEARING = new RegExp(String.raw`^\s*(?:\d+(?:\.\d+)*\.?\s+)?(${CAP}(?:\s+${CAP}){1,2}),\s+(?:\d+[A-Za-z]?\s+)?${CAP}(?:\s+${CAP}){0,4},\s+(?:${REPORTING_VERBS})(?!\p{L})`, 'u');

// Who is thanked: "Thanks to Amara, Josué and Wanjiru for the sessions", "thank you Senad!", "Merci à Fatou Bintou
// pour la facilitation, à Mamadou et Awa", "grazie a Lucia". The thanks words open the list; each item that starts
// with a capitalised run (after "to", "à", "a") is someone when what follows it ends the item or says what for.
const THANKS = /(?<![\p{L}\p{M}])(?:thanks|thank\s+you|thank|thx|grateful|gratitude|merci|gracias|grazie|obrigad[oa]|hvala|faleminderit|asante)(?![\p{L}\p{M}])/giu;
const THANKS_ITEM_SPLIT = /\s*[,;]\s*|\s+(?:and|&|et|y|e|i|und)\s+/u;
const THANKS_LEAD = /^(?:(?:also|especially|in\s+particular|so\s+much|very\s+much|again|beaucoup|mille|to|à|a|ao|aux?|al)\s+)*/iu;
const THANKS_NAME = new RegExp(String.raw`^(${CAP}(?:\s+${CAP}){0,2})(?=$|[!.?:)]|\s+(?:for|pour|por|per|za|who|qui|que|from|de|du|at|of|on)(?![\p{L}\p{M}]))`, 'u');

const THANKS_ITEMS_MAX = 40;

/** The people a line thanks by name (see THANKS): each as written, for namesInValue to cut. */
export function thankedIn(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(THANKS)) {
    // The rest of the sentence, without the words between the thanks and the first name ("you", "to", "so much").
    const rest = line.slice(m.index + m[0].length).replace(/^\s*(?:you\s+)?/iu, '').split(/[.!?](?:\s|$)/u)[0]!;
    // (At most THANKS_ITEMS_MAX items: each is read with compromise, and a hostile line may list thousands.)
    for (const item of rest.split(THANKS_ITEM_SPLIT).slice(0, THANKS_ITEMS_MAX)) {
      const named = THANKS_NAME.exec(item.trim().replace(THANKS_LEAD, ''));
      if (!named) continue;
      const who = withoutOpeningWords(named[1]!);
      if (readsAsSomeone(who, '#Date')) out.push(who);
    }
  }
  return out;
}

// A given name before a word of respect written after it ("Rekha-ji", "Rahim bhai", "Ahmet Bey", "Selin Hanım").
// Each word of respect with its first letter in either case ("Bey", "bey").
const HONORIFIC = PERSON_WORDS.honorificsAfter.map((w) => `[${escapeRegExp(w.charAt(0).toUpperCase())}${escapeRegExp(w.charAt(0))}]${escapeRegExp(w.slice(1))}`).join('|') || '(?!)';
const HONORIFIC_AFTER = new RegExp(String.raw`(?<![\p{L}\p{M}'’-])(\p{Lu}[\p{L}\p{M}'’]+(?:\s+\p{Lu}[\p{L}\p{M}'’]+)?)(?:-|\s+)(?:${HONORIFIC})(?![\p{L}\p{M}])`, 'gu');

/**
 * Is the subject of a reporting verb someone? Not after a preposition, a joining word or a bracket ("Respondents in
 * Hrasnica said", "Trnovo and Pale asked", "(Confcommercio says"), no word written like a brand ("ProCredit"), and
 * none that compromise reads as a role or a group ("Adviser mentioned", "Mayors asked", "She said").
 */
export function toldOfSomeone(line: string, at: number, who: string): boolean {
  if (/(?:(?<![\p{L}\p{M}])(?:in|at|from|of|for|to|with|by|above|below|near|and|or|the|a|an)\s+|\(\s*)$/iu.test(line.slice(Math.max(0, at - 12), at))) return false;
  return readsAsSomeone(who);
}

/** A capitalised run without the words that open its sentence ("Also Grace" -> "Grace", "And Mwangi" -> "Mwangi"). */
function withoutOpeningWords(run: string): string {
  const words = run.split(/\s+/u);
  while (words.length > 1 && nlp()(words[0]!.toLowerCase()).has('(#Adverb|#Conjunction|#Preposition|#Determiner|#Pronoun)')) words.shift();
  return words.join(' ');
}

/**
 * No word written like a brand ("ProCredit"), and nothing compromise reads as a role, a group, an organisation or a
 * place (nor as `alsoNot`, a tag such as "#Date", when given).
 */
export function readsAsSomeone(who: string, alsoNot?: string): boolean {
  if (who.split(/\s+/u).some((w) => /\p{Ll}\p{Lu}/u.test(w) && !/^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)\p{Lu}/u.test(w))) return false;
  return !nlp()(who).has(`(#Actor|#Plural|#Pronoun|#Determiner|#Organization|#Place|#Demonym${alsoNot ? `|${alsoNot}` : ''})`);
}

/**
 * Does a capitalised label read as common words rather than a name: a verb, an adjective, a plural or a determiner
 * by compromise's lexicon ("Allocate Ample Time", "Key Findings", "Damp"), none of it a known person's name?
 * compromise is loaded here only for notes with speaker labels.
 */
export function readsAsCommonWords(label: string): boolean {
  const doc = nlp()(label);
  if (doc.has('#Person')) return false;
  // One word ending as abstract nouns end ("Awareness:", "Transparency:", "Paperwork:") is a heading's label.
  return doc.has('(#Verb|#Adjective|#Plural|#Determiner)') || (!/\s/u.test(label) && COMMON_NOUN_ENDING.test(label));
}
const COMMON_NOUN_ENDING = /(?:tion|sion|ness|ity|ment|ance|ence|ency|ism|ship|ure|ing|work|age|ary|ogy|ics)$/iu;


/**
 * The people one line names by its shapes: `told`, subjects of a reporting verb (candidates), and `shaped`, people
 * set off beside a role, before "who", after a task's verb or opening a hearing's record (a given name that is also a
 * word is sure there: see candidateNamesInText). Each as written, for namesInValue to cut. `raw` is the line with its
 * bold marks (a bold label that ends in a colon names no one: "**Target agreed:** ...").
 */
export function peopleByShape(raw: string, line: string): { told: string[]; shaped: string[] } {
  const told: string[] = [];
  const shaped: string[] = [];
  const boldLabel = /^\s*(?:[-*•]\s+)?(?:\*\*|__)[^*_]{1,60}:\s*(?:\*\*|__)/u.test(raw);
  if (!boldLabel) for (const m of line.matchAll(TOLD_OF)) if (toldOfSomeone(line, m.index, m[1]!)) told.push(m[1]!);
  for (const m of line.matchAll(HONORIFIC_AFTER)) if (readsAsSomeone(m[1]!)) shaped.push(withoutOpeningWords(m[1]!));
  const heard = HEARING.exec(line);
  if (heard && readsAsSomeone(heard[1]!)) shaped.push(heard[1]!);
  // (The role patterns try every role word at every place: only on a line that holds one of them.)
  const words = line.toLowerCase().split(/[^\p{L}-]+/u);
  const shapes = [
    ...(words.some((w) => ROLE_FIRST_WORDS.has(w)) ? [NAMED_ROLE, ROLE_NAMED, ROLE_IS, ROLE_BRACKET, ROLE_BEFORE, ROLE_THEN_BRACKETED] : []),
    ...(words.includes('who') ? [WHO] : []),
    ...(words.some((w) => TASK_VERBS.has(w)) ? [CONTACT] : []),
  ];
  for (const re of shapes) {
    for (const m of line.matchAll(re)) {
      const who = withoutOpeningWords(m[1]!.replace(/\.$/u, ''));
      if (re === WHO || re === NAMED_ROLE ? !toldOfSomeone(line, m.index, who) : !readsAsSomeone(who)) continue;
      // Beside a role in brackets or after one, a word of the text's own ("Volunteers (the farmer)", "teacher
      // Training Unit") is no one.
      if ((re === ROLE_BRACKET || re === ROLE_BEFORE || re === ROLE_THEN_BRACKETED) && !NAMES_ALSO_WORDS.has(who.split(/\s+/u)[0]!.toLowerCase()) && readsAsCommonWords(who)) continue;
      shaped.push(who);
    }
  }
  return { told, shaped };
}

/** Two-letter words that shorthand owners are not initials of ("we", "it", "me"). */
const SHORT_WORDS = /^(?:am|an|as|at|be|by|do|go|he|hi|if|in|is|it|me|my|no|of|ok|on|or|so|to|tv|up|us|we|ye|ya)$/u;

/**
 * The initials a next step's owner is written as, alone or joined ("KH + WN", "FO / DL", "IK et MD", "JRO", "mk +
 * dj", "M.K."): people, where the whole owner is initials and none is an acronym of NOT_INITIALS ("UN", "HR", "IOM").
 * Lower-case initials only of two letters that are no word ("mk", not "we").
 */
export function ownerInitials(owner: string): string[] {
  const parts = owner.trim().split(/\s*(?:\+|\/|&|,|\band\b|\bet\b|\bi\b|\by\b|\be\b)\s*/u).filter(Boolean);
  if (parts.length === 0 || parts.length > 4) return [];
  const ok = parts.every((p) => (/^\p{Lu}{2,3}$/u.test(p) && !NOT_INITIALS.has(p)) || /^(?:\p{Lu}\.){2,3}$/u.test(p) || (/^\p{Ll}{2}$/u.test(p) && !SHORT_WORDS.test(p)));
  return ok ? parts : [];
}

/**
 * The acronyms a text defines as an organisation's or a project's ("Rural Digital Classrooms (RDC)", "Open
 * Municipalities Network (OMN)"): the capitals of the words before the bracket spell it, and those words are three or
 * more or read as no one ("Lena Hofbauer-Nikolić (LHN)" gives a person's initials, not an acronym).
 */
export function definedAcronyms(text: string): string[] {
  const out: string[] = [];
  if (!text.includes('(')) return out;
  for (const m of text.matchAll(/((?:\p{Lu}[\p{L}\p{M}'’-]*\s+(?:(?:of|for|and|the|on|in|de|del|di|du|des|i|e|y|za|na)\s+)?){1,7})\((\p{Lu}{2,6})\)/gu)) {
    const words = m[1]!.trim().split(/\s+/u).filter((w) => /^\p{Lu}/u.test(w));
    const acronym = m[2]!;
    for (let k = Math.min(words.length, 7); k >= 1; k--) {
      const phrase = words.slice(words.length - k);
      const capitals = phrase.map((w) => (w.match(/(?:^|-)\p{Lu}/gu) ?? []).map((c) => c.replace('-', '')).join('')).join('');
      if (capitals !== acronym && phrase.map((w) => w.charAt(0)).join('') !== acronym) continue;
      if (k >= 3 || !readsAsSomeone(phrase.join(' '))) out.push(acronym);
      break;
    }
  }
  return out;
}

/** A role alone, lower case, as a chat's username ("host", "moderator"). */
const ROLE_WORDS_ALONE = /^(?:host|co-?host|moderator|admin|organi[sz]er|facilitator|panelist|panellist|speaker|guest|user|anonymous|everyone)$/iu;

// A live chat's line by a username ("[00:04:10] iam_kemi: ...", "[12:03] Kunle_DaArchitect: ..."): a handle with an
// underscore, a full stop or a digit in it (a plain word there may be a label: "[10:01] update: ...").
const CHAT_USERNAME = /^\s*\[[^\]\n]{0,30}?\d:\d\d[^\]\n]{0,30}\]\s*([\p{L}\p{N}][\p{L}\p{N}._]{1,30}[\p{L}\p{N}])\s*:/u;

/**
 * The usernames a live chat's lines are written by ("iam_kemi", "Kunle_DaArchitect", "ada2024"), found where written
 * so; not a time or a number, a generic mailbox or a role ("host").
 */
export function chatUsernames(text: string): string[] {
  const out = new Set<string>();
  if (!text.includes(']')) return [];
  for (const line of text.split(/\r?\n/u)) {
    const who = CHAT_USERNAME.exec(line)?.[1];
    if (!who || !/[_.\d]/u.test(who) || !/\p{L}{2}/u.test(who) || /^\d/u.test(who)) continue;
    const first = who.split(/[._\d]/u)[0]!;
    if (GENERIC_MAILBOXES.test(first) || ROLE_WORDS_ALONE.test(first) || NOT_A_NAME.test(first)) continue;
    out.add(who);
  }
  return [...out];
}
