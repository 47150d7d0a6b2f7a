// Personal data, decided in one place: e-mail addresses, phone numbers and the names of the people a consultation names.
import type { PiiSpan } from '../model/index.ts';
import { escapeRegExp } from '../model/regexp.ts';

/** What each kind of personal data is replaced by. */
export const PLACEHOLDERS: Readonly<Record<PiiSpan['kind'], string>> = Object.freeze({ email: '[email]', phone: '[phone]', person: '[name]' });

// ---------- e-mail addresses and phone numbers ----------

// Letters and digits of any script on both sides of the "@" ("jelena.babić@udruženje.rs" is an address too).
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}.,/-])(?:\+|00)?\(?\d[\d\s().\/\u2013-]{5,}\d(?![\p{L}\p{N}])/gu;

/** Is this digit run a phone number rather than a year range, date, coordinate or amount? */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  const trimmed = candidate.trim();
  if (/^\d{4}\s*[-\u2013/]\s*\d{4}$/.test(trimmed)) return false; // 2021-2025, 1244/1999
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(trimmed)) return false; // 22/11/2024
  if (/^\d{4}[./-]\d{1,2}[./-]\d{1,2}$/.test(trimmed)) return false; // 2024-03-14
  if (/\d\.\d{5,}/.test(trimmed)) return false; // 44.2221476
  if (/\n/.test(candidate)) return false;
  if (/^(?:\+|00)/.test(trimmed)) return true;
  // Local numbers start with 0 or are grouped (064/123-4567, 011 123 4567); a bare 8+ digit run also counts.
  return /^0/.test(trimmed) || /^\(?\d{2,4}\)?[\s/.-]/.test(trimmed) || /^\d{8,}$/.test(trimmed);
}

/** E-mail addresses and phone numbers in a text (8-15 digits; not years, year ranges, dates or coordinates). */
export function findContactData(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  // An address needs an "@", a phone number digits: most answers have neither.
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) spans.push({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  if (/\d/.test(text)) {
    for (const m of text.matchAll(PHONE_CANDIDATE)) {
      const raw = m[0].replace(/[\s.\/-]+$/, '');
      if (isPhone(raw)) spans.push({ kind: 'phone', start: m.index, end: m.index + raw.length, text: raw });
    }
  }
  return dropOverlaps(spans);
}

/** The e-mail addresses in a text. */
export function emailAddressesIn(text: string): string[] {
  return text.includes('@') ? [...text.matchAll(EMAIL)].map((m) => m[0]) : [];
}

// ---------- text helpers ----------

/** Length-preserving fold for name search: lower case, straight apostrophes, no diacritics, plain spaces. */
export function foldChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += (code >= 9 && code <= 13) || code === 32 ? ' ' : ch.toLowerCase();
      continue;
    }
    let f = ch.toLowerCase();
    if (f.length !== ch.length) f = ch;
    if (f === 'đ') f = 'd';
    else if (/[\u2018\u2019]/.test(f)) f = "'";
    else if (/\s/.test(f)) f = ' ';
    else {
      const base = f.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === f.length) f = base;
    }
    out += f;
  }
  return out;
}

/** Keep the first-listed span where spans overlap (callers list higher-priority kinds first), in text order. */
export function dropOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const kept: PiiSpan[] = [];
  for (const s of spans) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Replace spans (offsets into `text`) with placeholders; spans whose offsets do not match their text are skipped. */
export function replaceSpans(text: string, spans: readonly PiiSpan[]): string {
  const valid = spans
    .filter((s) => s.end > s.start && s.end <= text.length && text.slice(s.start, s.end) === s.text)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of valid) {
    if (span.start < at) continue; // overlaps a span already replaced
    out += text.slice(at, span.start) + PLACEHOLDERS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}

const upper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

// ---------- who is a person: reading names from where consultations write them ----------

/** Metadata keys whose values are people ("Facilitator", "notes by", "Rapporteur"...): their values are redacted whole. */
export const PERSON_KEY =
  /facilitat|rapporteur|note.?tak|notes?.?by|minute|prepared.?by|written.?by|recorded.?by|reported.?by|author|focal|moderat|chair|scribe|recorder|organi[sz]er|organi[sz]ed.?by|host|convened|contact|interviewer|reporter|signed|speaker|presenter|attendee|participant.?name|respondent.?name|^name$|full.?name|e-?mail/i;

/** Is this metadata key (or survey column) one whose values name people? */
export function isPersonKey(key: string): boolean {
  return PERSON_KEY.test(key) && !/number|count|organi[sz]ation$/i.test(key);
}

// The role words that start a line naming people: "facil Marta K (UNDP) / notes Ana", "Rapporteur: ...".
const ROLE =
  '(?:co-?)?facil(?:itator|itators|itated by|itation|\\.)?|notes?(?:\\s+(?:taken\\s+)?by|\\s*-?\\s*takers?)?|note-?takers?|rapporteurs?|moderat(?:or|ors|ed by)|minutes(?:\\s+by)?|chair(?:ed by|s)?|scribe|recorder|prepared by|written by|reported by|recorded by|hosted by|host|convened by|organi[sz]ed by|signed(?:\\s+by)?|contact(?:\\s+person)?|focal point|interviewer|speakers?|presenters?';
const ROLE_AT_START = new RegExp(`^\\s*(?:[-*•>]\\s*)?(?:\\*\\*|__)?(${ROLE})(?:\\*\\*|__)?\\s*(?::|-|–|—)?\\s*(?:\\*\\*|__)?\\s*`, 'iu');
const ROLE_ANYWHERE = new RegExp(`(?:^|[/|;]\\s*|\\s)(${ROLE})(?:\\*\\*|__)?\\s*(?::|-|–|—)?\\s*(?:\\*\\*|__)?\\s*`, 'giu');

const TITLES = /^(?:mr|mrs|ms|miss|dr|prof|sir|madam|mme|gđa|g|gdin)\.?$/iu;
// Words that make a capitalised run an organisation or a place, not a person.
const NOT_A_NAME =
  /^(?:ministry|ministries|association|foundation|fund|centre|center|council|committee|office|agency|department|municipality|city|town|village|region|regional|school|university|faculty|college|institute|network|union|club|radio|tv|bank|group|team|programme|program|project|organisation|organization|society|chamber|youth|women|national|local|public|private|government|state|republic|school|hospital|clinic|church|company|ltd|llc|inc|ngo|cso|un|eu|the|of|and|for|in|on|at|to|a|an|breakout|session|meeting|workshop|notes|note|discussion|participants|attendees|obstacles|actions|summary|date|venue|country|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/iu;

/** One name word: a capitalised word of letters (with inner hyphens or apostrophes), or an initial ("K", "K."). */
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}]*(?:['’-][\p{L}\p{M}]+)*|\p{Lu}\.?)$/u;

/**
 * The person names in one value of a people field or attendee line: "Marta Kovač (UNDP)" gives "Marta Kovač",
 * "Ana Lukić, UNICEF" gives "Ana Lukić", "Ana and Goran / Ivana" gives three. Words after the name (an
 * organisation after a comma, dash or bracket) are dropped; a part that does not read as a name is skipped.
 */
export function namesInValue(value: string, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const out: string[] = [];
  const cleaned = value.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').replace(/[*_`]/g, ' ');
  // Joining words as whole words of letters (\b would split "Hodžić" at its "i").
  for (const piece of cleaned.split(/\s*(?:[/|;&+]|(?<!\p{L})(?:and|i|et|und)(?!\p{L}))\s*/u)) {
    // The name is before a comma or a spaced dash: "Ana Lukić, UNICEF", "Marta Kovač – UNDP".
    const head = piece.split(/\s*,\s*|\s+[–—-]\s+|\s*:\s*/u)[0] ?? '';
    const words = head.trim().split(/\s+/u).filter((w) => w && !TITLES.test(w));
    const kept: string[] = [];
    for (const w of words) {
      const word = w.replace(/[.,;:!?"]+$/u, (m) => (m.startsWith('.') && /^\p{Lu}$/u.test(w.slice(0, -1)) ? '.' : ''));
      if (particles.has(word.toLowerCase()) && kept.length > 0) {
        kept.push(word);
        continue;
      }
      if (!NAME_WORD.test(word) || NOT_A_NAME.test(word) || /^\p{Lu}{2,}$/u.test(word)) break;
      kept.push(word);
    }
    while (kept.length && particles.has(kept[kept.length - 1]!.toLowerCase())) kept.pop();
    if (kept.length >= 1 && kept.length <= 4 && kept.some((w) => /\p{L}{2}/u.test(w))) out.push(kept.join(' '));
  }
  return out;
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

const GENERIC_MAILBOXES = /^(?:info|office|contact|admin|hello|mail|secretariat|team|support|press|media|no-?reply|noreply|webmaster|enquiries|inquiries|registration|events?|hr|jobs|postmaster)$/i;

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
const CLOSING = /^\s*(?:signed|sincerely|regards|best regards|kind regards|best wishes|thanks|thank you|cheers|srdačan pozdrav|pozdrav|s poštovanjem),?\s*(.*)$/iu;

/**
 * Candidate names written in a text's lines: role lines, signatures ("— Ana", a closing then a name),
 * "Name Surname – Organisation" lines, and the names in e-mail addresses. Candidates are checked later
 * (see createNameMatcher's `isOrdinary`), so a heading shaped like a name line does not become a name.
 */
export function candidateNamesInText(text: string, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\*\*|__/g, '');
    out.push(...namesInRoleLine(line, particles));
    const sig = SIGNATURE.exec(line);
    if (sig) out.push(...namesInValue(sig[1]!, particles));
    const dash = NAME_DASH_ORG.exec(line);
    if (dash) out.push(...namesInValue(dash[1]!, particles));
    const closing = CLOSING.exec(line);
    if (closing) {
      if (closing[1]) out.push(...namesInValue(closing[1], particles));
      else {
        const next = lines.slice(i + 1).find((l) => l.trim() !== '');
        if (next && next.trim().split(/\s+/).length <= 5) out.push(...namesInValue(next.replace(/^[-*•]\s+/, ''), particles));
      }
    }
  }
  for (const address of emailAddressesIn(text)) {
    const name = nameInEmail(address);
    if (name) out.push(name);
  }
  return out;
}

const DEFAULT_PARTICLES: ReadonlySet<string> = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'der', 'den', 'di', 'du', 'la', 'le', 'bin', 'binti', 'al', 'el', 'dos', 'das', 'ter', 'y']);

// ---------- finding known names in text ----------

/** Where a consultation's people come from; names as written ("Marta Kovač", "Marta K", "Ana"). */
export interface PeopleSources {
  /** Names listed by the notes themselves (attendees, people fields): trusted as names. */
  listed: Iterable<string>;
  /** Names guessed from text shapes or by compromise: kept only when no word of them is an ordinary word here. */
  candidates: Iterable<string>;
}

/** One person's name split into what is searched for. */
interface NameParts {
  /** Name words of two or more letters ("Marta", "Kovač"). */
  words: string[];
  /** Initials written as such in the name ("K" of "Marta K"). */
  initials: string[];
}

function partsOf(name: string, particles: ReadonlySet<string>): NameParts {
  const words: string[] = [];
  const initials: string[] = [];
  for (const raw of name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/)) {
    const w = raw.replace(/^['"“”]+|['"“”,;:]+$/gu, '');
    if (!w || TITLES.test(w) || particles.has(w.toLowerCase())) continue;
    if (/^\p{L}\.?$/u.test(w)) initials.push(w.charAt(0).toUpperCase());
    else if (/\p{L}{2}/u.test(w)) for (const piece of w.split(/-/)) if (/\p{L}{2}/u.test(piece)) words.push(piece.replace(/['’]s$/u, ''));
  }
  return { words, initials };
}

/** What a name matcher needs to know about words: is this (lower-case, folded) word also an ordinary word here? */
export type OrdinaryWordTest = (foldedWord: string) => boolean;

/** The known names of a consultation, compiled for search; built by createNameMatcher. */
export interface NameMatcher {
  /** The distinct name words searched for (folded), for tests and for filtering token lists. */
  readonly words: ReadonlySet<string>;
  /** Person spans in prose: full names and their forms, and bare name words (see createNameMatcher). */
  find(text: string): PiiSpan[];
  /** Person spans in a lower-case term (a key term, noun phrase or token): only words that are never ordinary words. */
  findInTerm(term: string): PiiSpan[];
}

/** Reporting verbs after a name at the start of a sentence ("Grace noted", "Will said"): the word is a name there. */
const AFTER_NAME = /^(?:\s+(?:to|and|&|said|says|noted|notes|asked|asks|added|explained|presented|proposed|suggested|shared|mentioned|agreed|offered|promised|will|would|wants|wanted|thinks|thought|reported|stressed|argued|recommended|underlined|emphasised|emphasized|raised)(?!\p{L})|\s*[:,]|\s+\p{Lu}\.?(?![\p{L}]))/u;

function sentenceStart(text: string, at: number): boolean {
  let p = at - 1;
  while (p >= 0 && /[\s"'“‘(\[*•>_-]/u.test(text.charAt(p))) p--;
  return p < 0 || /[.!?:;\n]/.test(text.charAt(p)) || text.charAt(p) === '\u2022';
}

/**
 * Compile the known names for search. For each name: the name itself and its word pairs in either order
 * ("Marta Kovač", "Kovač Marta"), its initial forms ("Marta K", "Marta K.", "M. Kovač", "M Kovač") and
 * each of its words alone. Search folds case and accents ("kovac" finds "Kovač"). A word that is also an
 * ordinary word here (`isOrdinary`: a stop word, or written in lower case somewhere in the consultation,
 * such as "will", "may", "hope", "grace") is replaced alone only where it is written as a name: capitalised,
 * not beside a number ("May 2026", "14 May"), and at the start of a sentence only when a name follows it
 * ("Will and Ana", "Grace noted", "Will to send"). Initials alone ("MK") are replaced only right after a role
 * word ("notes MK") or before "to" ("MK to send"), where they cannot be an acronym.
 */
export function createNameMatcher(names: Iterable<string>, isOrdinary: OrdinaryWordTest, particles: ReadonlySet<string> = DEFAULT_PARTICLES): NameMatcher {
  const people = new Map<string, NameParts>();
  for (const name of names) {
    const parts = partsOf(name, particles);
    if (parts.words.length === 0) continue;
    const key = foldChars([...parts.words, ...parts.initials].join(' '));
    if (!people.has(key)) people.set(key, parts);
  }
  // Multi-word forms, folded, each with whether every word of it must be capitalised where found.
  const forms = new Map<string, boolean>();
  const words = new Set<string>();
  const initialsForms = new Set<string>();
  const addForm = (ws: string[], capitalsOnly: boolean): void => {
    const f = foldChars(ws.join(' '));
    forms.set(f, (forms.get(f) ?? capitalsOnly) && capitalsOnly);
  };
  for (const { words: ws, initials } of people.values()) {
    // Two-letter words alone ("Li", "Al") are too often something else; they are found in full names only.
    for (const w of ws) if ([...w].length >= 3) words.add(foldChars(w));
    const anyOrdinary = ws.some((w) => isOrdinary(foldChars(w)));
    if (ws.length >= 2) {
      addForm(ws, anyOrdinary);
      addForm([ws[0]!, ws[ws.length - 1]!], anyOrdinary);
      addForm([ws[ws.length - 1]!, ws[0]!], anyOrdinary);
    }
    const given = ws[0]!;
    const surnameInitial = ws.length >= 2 ? ws[ws.length - 1]!.charAt(0) : initials[0];
    if (surnameInitial) {
      addForm([given, `${surnameInitial}.`], true);
      addForm([given, surnameInitial], true);
    }
    if (ws.length >= 2) {
      const last = ws[ws.length - 1]!;
      addForm([`${given.charAt(0)}.`, last], true);
      addForm([given.charAt(0), last], true);
      initialsForms.add(foldChars(`${given.charAt(0)}${last.charAt(0)}`).toUpperCase());
    }
  }
  const alternation = (items: Iterable<string>): string =>
    [...items].sort((a, b) => b.length - a.length || a.localeCompare(b)).map((f) => f.split(' ').map(escapeRegExp).join('\\s+')).join('|');
  const formRe = forms.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(forms.keys())})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const wordRe = words.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(words)})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const ordinary = new Set([...words].filter((w) => isOrdinary(w)));
  const initialsRe = initialsForms.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...initialsForms].map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const roleBefore = new RegExp(`(?:${ROLE})\\s*[:\\-–—]?\\s*$`, 'iu');

  const find = (text: string): PiiSpan[] => {
    if (!formRe && !wordRe) return [];
    const folded = foldChars(text);
    const spans: PiiSpan[] = [];
    const add = (start: number, end: number): void => void spans.push({ kind: 'person', start, end, text: text.slice(start, end) });
    if (formRe) {
      for (const m of folded.matchAll(formRe)) {
        const original = text.slice(m.index, m.index + m[0].length);
        const capitalsOnly = forms.get(m[0].replace(/\s+/g, ' ')) ?? true;
        if (capitalsOnly && !original.split(/\s+/).every((w) => upper(w.charAt(0)))) continue;
        add(m.index, m.index + m[0].length);
      }
    }
    if (wordRe) {
      for (const m of folded.matchAll(wordRe)) {
        const start = m.index;
        const end = start + m[0].length;
        if (ordinary.has(m[0])) {
          const first = text.charAt(start);
          if (!upper(first)) continue;
          // "MAY" in a capitalised heading says nothing; "May 2026" and "14 May" are dates.
          if (m[0].length > 1 && text.slice(start, end) === text.slice(start, end).toUpperCase()) continue;
          if (/^\s*\d/.test(text.slice(end, end + 3)) || /\d\s*$/.test(text.slice(Math.max(0, start - 3), start))) continue;
          if (sentenceStart(text, start) && !AFTER_NAME.test(text.slice(end, end + 40))) continue;
        }
        add(start, end);
      }
    }
    if (initialsRe) {
      for (const m of text.matchAll(initialsRe)) {
        const end = m.index + m[0].length;
        if (roleBefore.test(text.slice(Math.max(0, m.index - 30), m.index)) || /^\s+to\s+\p{Ll}/u.test(text.slice(end, end + 20))) add(m.index, end);
      }
    }
    return dropOverlaps(spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start));
  };

  const findInTerm = (term: string): PiiSpan[] => {
    if (!formRe && !wordRe) return [];
    const folded = foldChars(term);
    const spans: PiiSpan[] = [];
    for (const re of [formRe, wordRe]) {
      if (!re) continue;
      for (const m of folded.matchAll(re)) {
        const isForm = re === formRe;
        if (isForm ? forms.get(m[0].replace(/\s+/g, ' ')) !== false : ordinary.has(m[0])) continue;
        spans.push({ kind: 'person', start: m.index, end: m.index + m[0].length, text: term.slice(m.index, m.index + m[0].length) });
      }
    }
    return dropOverlaps(spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start));
  };

  return { words, find, findInTerm };
}

/**
 * The ordinary-word test for a consultation: a name word is ordinary when it is a stop word of one of
 * its languages, or is written in lower case somewhere in its texts ("grace period", "we hope").
 */
export function ordinaryWordTest(nameWords: Iterable<string>, texts: Iterable<string>, stopwords: Iterable<ReadonlySet<string>>): OrdinaryWordTest {
  const wanted = new Set([...nameWords].map((w) => foldChars(w)).filter((w) => w.length > 0));
  const ordinary = new Set<string>();
  for (const list of stopwords) for (const w of wanted) if (list.has(w)) ordinary.add(w);
  const left = [...wanted].filter((w) => !ordinary.has(w));
  if (left.length) {
    // Case-sensitive on purpose: only a lower-case occurrence shows the word is used as a word.
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${left.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    for (const text of texts) {
      if (ordinary.size === wanted.size) break;
      // An e-mail address is no evidence: "marta.kovac@..." names Marta, it does not use "marta" as a word.
      const plain = text.includes('@') ? text.replace(EMAIL, ' ') : text;
      for (const m of plain.normalize('NFC').matchAll(re)) ordinary.add(m[0]);
    }
  }
  return (w) => ordinary.has(w);
}

/** All name words of a set of names (folded), as searched for. */
export function nameWordsOf(names: Iterable<string>, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const out = new Set<string>();
  for (const n of names) for (const w of partsOf(n, particles).words) out.add(foldChars(w));
  return [...out];
}

/**
 * The known names of a consultation: every listed name, and every candidate none of whose words is an
 * ordinary word here (so "Digital Skills – Priorities" is no person when "digital" is written elsewhere).
 */
export function knownNames(sources: PeopleSources, isOrdinary: OrdinaryWordTest, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const out = new Set<string>();
  for (const n of sources.listed) if (partsOf(n, particles).words.length) out.add(n.trim());
  for (const n of sources.candidates) {
    const { words } = partsOf(n, particles);
    if (words.length && words.every((w) => !isOrdinary(foldChars(w)) && !NOT_A_NAME.test(w) && upper(w.charAt(0)) && !/^\p{Lu}{2,}$/u.test(w))) out.add(n.trim());
  }
  return [...out].sort();
}

/** Personal data in a text: e-mail addresses and phone numbers first, then the known names. */
export function findPersonalData(text: string, names: NameMatcher | null): PiiSpan[] {
  const contacts = findContactData(text);
  if (!names) return contacts;
  return dropOverlaps([...contacts, ...names.find(text)]);
}

/** The text with its personal data replaced by [email], [phone] and [name]; "[name] [name]" becomes one "[name]". */
export function redactPersonalData(text: string, names: NameMatcher | null): string {
  const spans = findPersonalData(text, names);
  if (spans.length === 0) return text;
  return replaceSpans(text, spans).replace(/\[name\](?:\s+\[name\])+/g, '[name]');
}
