// Actions: who will do what by when, read from each action segment as written (owner, task, due), for the Next steps register.
import { createRequire } from 'node:module';
import type { AnalysedSegment, NextStep } from '../model/index.ts';
import { actionWordsFile, type ActionWordsFile } from '../model/index.ts';
import { quoteOf } from './quote.ts';

/** The category id of follow-up tasks ("Goran to send the photos by Friday"). */
export const ACTION_CATEGORY = 'action';

/** One action line read: each part as written in the notes, '' when the line does not say. */
export interface ActionItem {
  owner: string;
  task: string;
  due: string;
}

/** The extractor's patterns, compiled once from the action words. */
export interface ActionPatterns {
  /** A date that needs a marker to count: a year, "2 weeks". */
  bareDate: RegExp;
  /** An article and a noun or names, then a verb: "Il segretariato invierà", "La Croce Rossa prepara". */
  articleOwner: RegExp;
  prefix: RegExp;
  fieldOwner: RegExp;
  fieldDue: RegExp;
  fieldTask: RegExp;
  due: RegExp;
  /** An owner phrase of any words, then a modal: "youth council to", "Ministry rep (MK) will". */
  ownerModal: RegExp;
  /** Capitalised names (with joiners and a bracket) then a modal, anywhere after a separator. */
  clauseOwner: RegExp;
  /** An owner then a separator: "Jelena - ", "Biljana: ", "Dino -> ". */
  ownerField: RegExp;
  /** A short owner then an imperative verb: "Ana type up", "youth council send". */
  ownerVerb: RegExp;
  /** Capitalised names then any lower-case word (a verb in any language): "Marco invierà". */
  namesThenWord: RegExp;
  trailingParen: RegExp;
  trailingDash: RegExp;
  imperative: RegExp;
  /** A modal word anywhere in a phrase. */
  modal: RegExp;
  notOwner: ReadonlySet<string>;
  weekdays: ReadonlySet<string>;
  verbs: ReadonlySet<string>;
}

const require = createRequire(import.meta.url);
let shipped: ActionPatterns | null = null;

/** The patterns of the shipped corpus/action-words.json (read and validated once). */
export function defaultActionPatterns(): ActionPatterns {
  shipped ??= compileActionWords(actionWordsFile.parse(require('../../corpus/action-words.json')));
  return shipped;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Alternatives longest first (so "no later than" wins over "no"), spaces matching any run of spaces. */
const alt = (list: readonly string[]): string =>
  [...new Set(list.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length || a.localeCompare(b)).map((w) => escape(w).replace(/ /g, '\\s+')).join('|');
/** Word edges for any script (\b knows only ASCII letters). */
const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';
/** A capitalised word, an acronym or a title ("Goran", "UNICEF", "Dr.", "O'Neil", "Sub-county"). */
const NAME = "(?:\\p{Lu}[\\p{L}\\p{M}\\p{N}'’.\\-]*)";
const JOINER = '(?:and|&|\\+|/|i|e|dhe|и|та|y|und)';
const PAREN = '\\([^()]{1,60}\\)';
/** Names joined by "and", "i", "+", with an organisation or person in brackets: "Anita (Ministry)", "Mirjana i Zoran". */
const NAMES = `(?:${NAME}|${PAREN})(?:\\s+(?:${NAME}|${JOINER}(?=\\s+(?:${NAME}|${PAREN}))|${PAREN})){0,5}`;
/** Any word of an owner phrase written lower-case too ("youth council", "the secretariat"). */
const WORD = "(?:[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}'’.&+/\\-]*|" + PAREN + '|&|\\+|/)';

/** Compile the action words into the extractor's patterns. */
export function compileActionWords(w: ActionWordsFile): ActionPatterns {
  const day = '\\d{1,2}(?:st|nd|rd|th|\\.)?';
  const months = `(?:${alt(w.months)})\\.?`;
  const weekdays = `(?:${alt(w.weekdays)})\\.?`;
  const count = '(?:\\d+|a|one|two|three|four|five|six|a\\s+few|a\\s+couple\\s+of|couple\\s+of)';
  const counted = `${count}\\s+(?:days?|weeks?|wks?|months?)`;
  // A month alone is no date when it names an event ("the October session").
  const notEvent = `(?!\\s+(?:${alt(w.nextUnits)})${E})`;
  const endOf = '(?:(?:the\\s+)?(?:end|beginning|start|middle|mid)\\s+of\\s+(?:the\\s+)?)';
  const date = [
    '\\d{4}-\\d{1,2}-\\d{1,2}',
    '\\d{1,2}[./]\\d{1,2}(?:[./]\\d{2,4})?\\.?',
    `${day}(?:\\s+of)?\\s+${months}(?:\\s*[-–]\\s*${day}\\s+${months})?(?:,?\\s+\\d{4})?`,
    `${months}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`,
    `(?:(?:this|next|coming|the)\\s+)?${weekdays}(?:\\s+${day}(?:\\s+${months})?)?`,
    `(?:(?:early|mid|late|end\\s+of|the\\s+end\\s+of|beginning\\s+of|start\\s+of|middle\\s+of)[-\\s]+)?${months}(?:(?:\\s*[-–]\\s*|\\s+to\\s+)${months})?(?:\\s+\\d{4})?${notEvent}`,
    `${endOf}(?:q[1-4]|week|month|year|term|quarter|semester)`,
    `(?:the\\s+)?(?:next|following|coming|upcoming)\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:${alt(w.nextUnits)})(?:\\s+(?:meeting|mtg|call|session))?`,
    `(?:${alt(w.relative)})`,
    counted,
    '(?:19|20)\\d{2}',
  ].join('|');
  const marker = `(?:${alt(w.dueMarkers)})\\s+|~\\s*`;
  // Group 1: the marker ("by "), group 2: the date.
  const due = new RegExp(`${B}(${marker})?(${date})${E}`, 'giu');
  const modal = `(?:${alt(w.modals)})`;
  const notOwner = new Set([...w.verbs, ...w.prefixes, 'need', 'needs', 'remember', 'try', 'want', 'plan', 'how', 'what', 'who', 'why', 'when',
    'where', 'and', 'or', 'but', 'so', 'it', 'this', 'that', 'these', 'those', 'there', 'here', 'below', 'above', 'attached', 'overall',
    'first', 'second', 'third', 'next', 'last', 'another', 'everyone', 'everybody', 'anyone', 'all', 'each', 'every', 'important', 'nice', 'hard', 'going', 'also', 'then', 'please', 'if', 'whether', 'note', 'q', 'nb']
    .map((x) => x.toLowerCase()));
  return {
    bareDate: new RegExp(`^(?:(?:19|20)\\d{2}|${counted})$`, 'iu'),
    articleOwner: new RegExp(`^((?:[Tt]he|[Ii]l|[Ll]o|[Ll]a|[Gg]li|[Ll]e|[Ll]['’])\\s*(?:${NAMES}|\\p{Ll}[\\p{L}\\p{M}-]*))\\s+(?=\\p{Ll})`, 'u'),
    prefix: new RegExp(`^[*_\\[]*(?:${alt(w.prefixes)})[*_\\]]*\\s*(?:\\(([^()]{1,60})\\))?\\s*[*_]*\\s*(?::|-|–|—|->|→|=>)\\s*[*_]*\\s*`, 'iu'),
    fieldOwner: new RegExp(`(?:^|[;,|]\\s*|\\s)(?:${alt(w.ownerKeys)})\\s*[:=]\\s*([^;,|]+?)\\s*(?=[;,|]|$)`, 'iu'),
    fieldDue: new RegExp(`(?:^|[;,|]\\s*|\\s)(?:${alt(w.dueKeys)})\\s*[:=]\\s*([^;,|]+?)\\s*(?=[;,|]|$)`, 'iu'),
    fieldTask: /^(?:task|what|zadatak|detyra|compito)\s*[:=]\s*/iu,
    due,
    ownerModal: new RegExp(`^(${WORD}(?:\\s+${WORD}){0,5}?)(?:\\s+(${modal})|('ll))\\s+(?=[\\p{L}"“„«'])`, 'iu'),
    clauseOwner: new RegExp(`(?:^|\\s[-–—]\\s|[;,:]\\s(?:(?:so|then|and)\\s)?|->\\s*|→\\s*)(${NAMES})\\s+(?:${modal})\\s+(?=\\p{L})`, 'u'),
    ownerField: new RegExp(`^(${NAMES}|${WORD}(?:\\s+${WORD}){0,2}?)\\s*(?:\\s[-–—]|:|->|→|=>)\\s*(?=\\S)`, 'u'),
    ownerVerb: new RegExp(`^(${WORD}(?:\\s+${WORD}){0,2}?)\\s+(?:${alt(w.verbs)})${E}`, 'iu'),
    namesThenWord: new RegExp(`^(${NAMES})\\s+(?=\\p{Ll})`, 'u'),
    trailingParen: new RegExp(`\\s*\\((${NAMES})\\)\\s*[.!]?$`, 'u'),
    trailingDash: new RegExp(`\\s+[-–—]\\s+(${NAMES})\\s*[.!]?$`, 'u'),
    modal: new RegExp(`${B}${modal}${E}`, 'iu'),
    imperative: new RegExp(`^(?:${alt(w.verbs)})${E}`, 'iu'),
    notOwner,
    weekdays: new Set(w.weekdays.map((x) => x.toLowerCase())),
    verbs: new Set(w.verbs.map((x) => x.toLowerCase())),
  };
}

/** Separators and punctuation left at the ends of a part once its neighbours are cut out. */
function tidy(text: string): string {
  let out = text
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([,;.!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/(\s[-–—])(\s[-–—])+/g, '$1')
    .trim();
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/^[\s,;:.\-–—>→=~|]+/u, '').replace(/[\s,;:\-–—>→=~(|]+$/u, '').replace(/\s*\.$/u, '').trim();
    // A task quoted whole ("Mirjana: “We will send the list”") is the words inside the quotes.
    const quoted = /^["“„«'](.*)["”“»']$/su.exec(out);
    if (quoted && !/["“”„«»]/u.test(quoted[1]!)) out = quoted[1]!.trim();
  }
  return out;
}

/** The first word of a phrase, lower-case, without brackets. */
function firstWord(phrase: string): string {
  return (/[\p{L}\p{N}'’-]+/u.exec(phrase)?.[0] ?? '').toLowerCase();
}

/** The due date of a line as written, and the line without it; the last date with a marker ("by", "do", "entro") wins, else one that ends the line or a field. */
function findDue(text: string, p: ActionPatterns): { due: string; rest: string } {
  const found: { start: number; end: number; marked: boolean; standalone: boolean }[] = [];
  p.due.lastIndex = 0;
  for (let m = p.due.exec(text); m; m = p.due.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(0, start);
    const after = text.slice(end);
    // Unmarked, a date must end the line or stand as a field of it ("- 15 April -"), never open it ("Marta -> ...").
    const standalone = start > 0 && (/^\s*[.!)]*\s*$/u.test(after) || (/\S\s*(?:[-–—,;:(~]|->|→)\s*$/u.test(before) && /^\s*(?:$|[-–—,;.)]|\s[-–—])/u.test(after)));
    // A bare year or count ("2 days", "2024") is a date only with a marker.
    const bare = p.bareDate.test(m[2]!);
    if (m[1] || (standalone && !bare)) found.push({ start, end, marked: Boolean(m[1]), standalone });
    if (m[0].length === 0) p.due.lastIndex++;
  }
  const pick = found.filter((f) => f.marked).pop() ?? found.pop();
  if (!pick) return { due: '', rest: text };
  const due = text.slice(pick.start, pick.end).replace(/^~\s*/, '').trim();
  return { due, rest: `${text.slice(0, pick.start)} ${text.slice(pick.end)}` };
}

/** Is this phrase a possible owner (not an imperative verb, a filler word or a date)? */
function ownerLike(phrase: string, p: ActionPatterns): boolean {
  const first = firstWord(phrase);
  // An acronym is an organisation even when it spells a filler word ("WHO", "IT").
  const acronym = /^\(?\p{Lu}{2,}(?![\p{Ll}])/u.test(phrase.trim());
  if (!first || (!acronym && p.notOwner.has(first))) return false;
  p.due.lastIndex = 0;
  const asDate = p.due.exec(phrase);
  if (!asDate || asDate[0].length !== phrase.trim().length) return true;
  // A capitalised month is a name as often as a date ("Marta", "Maja", "April"); a weekday is not.
  return /^\p{Lu}\p{Ll}+$/u.test(phrase.trim()) && !p.weekdays.has(first);
}

/** Strip brackets around a whole owner: "(UNDP)" is "UNDP". */
function bareOwner(owner: string): string {
  const o = owner.trim().replace(/[,:;]$/u, '');
  return /^\([^()]*\)$/u.test(o) ? o.slice(1, -1).trim() : o;
}

/** Owner and task from the line without its due date. */
function findOwner(text: string, p: ActionPatterns): { owner: string; task: string } {
  // "Anita (Ministry) - check ... ", "Biljana: draft ...", "Dino -> ask GIZ ..."; "Marta -> DK to share" is DK's.
  const field = p.ownerField.exec(text);
  if (field && ownerLike(field[1]!, p) && field[1]!.split(/\s+/).length <= 6) {
    const rest = text.slice(field[0].length);
    const inner = p.ownerModal.exec(rest);
    if (/->|→|=>/u.test(field[0]) && inner && new RegExp(`^${NAMES}$`, 'u').test(inner[1]!) && ownerLike(inner[1]!, p)) {
      return { owner: bareOwner(inner[1]!), task: rest.slice(inner[0].length) };
    }
    return { owner: bareOwner(field[1]!), task: rest };
  }
  const modal = p.ownerModal.exec(text);
  // "Photos to be sent by Friday" names no one.
  const passive = modal !== null && /^be\s/iu.test(text.slice(modal[0].length));
  if (!p.imperative.test(text) && !passive) {
    // "Goran to send", "youth council will", "(UNICEF) to merge", "Ana të dërgojë".
    const holdsVerb = (phrase: string): boolean => phrase.toLowerCase().split(/\s+/).slice(1).some((w) => p.verbs.has(w));
    if (modal && ownerLike(modal[1]!, p) && !holdsVerb(modal[1]!)) {
      return { owner: bareOwner(modal[1]!), task: text.slice(modal[0].length) };
    }
    // "Study visit to Korçë: Besnik and OMN to propose dates": a named subject after a separator, before the first
    // words are read as an owner with a verb ("Study visit").
    const named = clauseOwnerOf(text, p);
    if (named) return named;
    // An action register's row: the task, then its owner in a field of its own, or in brackets at the end ("Draft the
    // protocols | Ministry of Health |", "Hold drop-in sessions — Community Engagement Team —", "Circulate the summary –
    // **Ilir**,", "Contattare il preside (Anna)"): before reading a capitalised first word as the owner.
    const trailing = trailingOwner(text, p);
    if (trailing) return trailing;
    // "Ana type up notes", "youth council send 2 names".
    const verb = p.ownerVerb.exec(text);
    if (verb && ownerLike(verb[1]!, p) && !p.modal.test(verb[1]!)) return { owner: bareOwner(verb[1]!), task: text.slice(verb[1]!.length) };
    // "Marco invierà il verbale", "Ana pošalje listu": names, then a verb of any language.
    const article = p.articleOwner.exec(text);
    if (article) return { owner: article[1]!, task: text.slice(article[0].length) };
    // ("Below are the notes", "Attendance was low": a capitalised word before "is" or "are" states, it does not act.)
    const names = p.namesThenWord.exec(text);
    if (names && ownerLike(names[1]!, p) && !/^(?:is|are|was|were|has|had|seems?|looks?)(?![\p{L}])/u.test(text.slice(names[0].length))) {
      return { owner: bareOwner(names[1]!), task: text.slice(names[0].length) };
    }
  }
  // "follow up w bureau re data - Selma to ask her director".
  const clause = clauseOwnerOf(text, p);
  if (clause) return clause;
  // "The report will be published by the Monitoring Committee in September": the agent of a passive task.
  const agent = /\b(?:will|shall|to)\s+be\s+\p{L}+(?:ed|en|t)\s+by\s+(?:the\s+)?((?:\p{Lu}[\p{L}'’-]*\s*){1,5})/u.exec(text);
  if (agent && ownerLike(agent[1]!.trim(), p)) return { owner: agent[1]!.trim(), task: text };
  // "Ask TikTok for a joint call (Arta)", "Contact OSCE re police materials – Drita".
  return trailingOwner(text, p) ?? { owner: '', task: text };
}

/** A named owner after a separator, with a modal ("follow up w bureau re data - Selma to ask her director"). */
function clauseOwnerOf(text: string, p: ActionPatterns): { owner: string; task: string } | null {
  const clause = p.clauseOwner.exec(text);
  if (!clause || !ownerLike(clause[1]!, p) || /^be\s/iu.test(text.slice(clause.index + clause[0].length))) return null;
  // The separator before the owner holds no letters, so the owner's place in the match is where it starts.
  const at = clause.index + clause[0].indexOf(clause[1]!);
  return { owner: clause[1]!, task: `${text.slice(0, at)} ${text.slice(clause.index + clause[0].length)}` };
}

/** An owner after the task: in brackets or after a dash at the end, or the last field of a row ("task | owner |"). */
function trailingOwner(text: string, p: ActionPatterns): { owner: string; task: string } | null {
  for (const trailing of [p.trailingParen, p.trailingDash]) {
    const t = trailing.exec(text);
    if (t && ownerLike(t[1]!, p) && !/\?\s*$/u.test(t[1]!)) return { owner: t[1]!, task: text.slice(0, t.index) };
  }
  const fields = text.split(/\s+[-–—|]\s+|\s*\|\s*|\s+[-–—]\s*$/u).map((f) => f.trim()).filter(Boolean);
  if (fields.length < 2) return null;
  // A table's row ("task | owner | due") has its owner right after the task, in any case ("| rapporteurs |"); a line of
  // dashes has it last, capitalised or in bold ("task – **Milan**, before the spring sowing").
  const row = text.includes('|');
  const at = row ? 1 : fields.length - 1;
  const bold = /^(?:\*\*|__)(.+?)(?:\*\*|__)/u.exec(fields[at]!);
  const owner = (bold ? bold[1]! : fields[at]!).replace(/[,.;]$/u, '').trim();
  const task = fields.slice(0, at).join(' – ');
  if (task.split(/\s+/u).length < 3 || owner.split(/\s+/u).length > 6 || owner.endsWith('?') || !(row || bold || /^[\p{Lu}(]/u.test(owner)) || !ownerLike(owner, p)) return null;
  return { owner: bareOwner(owner), task };
}

/**
 * Read one action line: its owner, task and due date, each as written ("Goran", "send the flipchart photos",
 * "by Friday"); '' for a part the line does not give ("follow up w/ ministry re data" has no owner).
 * Handles "X to/will V", "X: V", "X - task - due", numbered items, "Action: ...", "X and Y to", "(X) to",
 * imperatives, "owner:/due:" fields, and owners and dates in Serbian/Bosnian/Croatian, Macedonian, Albanian
 * and Italian as far as corpus/action-words.json lists their words.
 */
export function extractAction(line: string, patterns: ActionPatterns = defaultActionPatterns()): ActionItem {
  const p = patterns;
  let text = line
    .replace(/\s+/gu, ' ')
    .trim()
    // List markers the segmenter may have left: "1.", "2)", "a)", "(iv)", bullets.
    .replace(/^(?:[-*•◦▪‣–—+>]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))\s+/u, '')
    .replace(/^\[[ xX]?\]\s*/u, '');
  let owner = '';
  let due = '';
  const prefix = p.prefix.exec(text);
  if (prefix) {
    owner = prefix[1]?.trim() ?? '';
    text = text.slice(prefix[0].length);
  }
  // In-line fields: "send photos; owner: Goran; due: Fri".
  const fieldOwner = p.fieldOwner.exec(text);
  if (fieldOwner) {
    owner ||= fieldOwner[1]!.trim();
    text = text.replace(fieldOwner[0], ' ');
  }
  const fieldDue = p.fieldDue.exec(text);
  if (fieldDue) {
    due = fieldDue[1]!.trim();
    text = text.replace(fieldDue[0], ' ');
  }
  text = tidy(text.replace(p.fieldTask, ''));
  if (!due) {
    const found = findDue(text, p);
    due = found.due;
    text = tidy(found.rest);
  }
  if (!owner) {
    const found = findOwner(text, p);
    owner = found.owner.trim();
    text = found.task;
  }
  return { owner: tidy(owner), task: tidy(text), due: tidy(due.replace(/[.,;:]+$/u, '')) };
}

/** Is this segment a next step (a note of the action category)? Survey answers are never the workshop's next steps. */
export function isNextStep(s: AnalysedSegment): boolean {
  return s.kind === 'note' && s.coding.category === ACTION_CATEGORY;
}

/** The Next steps register: one entry per action segment, in segment order, with its owner, task, due date and source. */
export function nextStepsOf(segments: readonly AnalysedSegment[], patterns: ActionPatterns = defaultActionPatterns()): NextStep[] {
  return segments.filter(isNextStep).map((s) => ({
    ...extractAction(s.text, patterns),
    ...quoteOf(s),
  }));
}
