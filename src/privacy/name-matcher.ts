// Personal data: finding a consultation's known names in text (full names, first or last names alone, initials),
// without taking ordinary words of the consultation for names.
import type { PiiSpan } from '../model/index.ts';
import { escapeRegExp } from '../model/regexp.ts';
import { EMAIL } from './contact-data.ts';
import { dropOverlaps, foldChars, upper } from './text-spans.ts';
import { DEFAULT_PARTICLES, NAME_PREFIX_WORDS, NOT_A_NAME, PLACE_KIND_WORDS, REPORTING_VERBS, ROLE, TITLES } from './names.ts';

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

export function partsOf(name: string, particles: ReadonlySet<string>): NameParts {
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

/** A zero or a one an OCR put for a letter: inside a word of letters, or a zero opening one ("0chieng"). */
const OCR_ZERO = /(?<=\p{L})0(?=\p{L})|(?<=\p{L}{2})0(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])0(?=\p{L}{2})/gu;
const OCR_ONE = /(?<=\p{L})1(?=\p{L})/gu;
/**
 * Reporting verbs after a name at the start of a sentence ("Grace noted", "Will said"), a question put to them ("Sunny
 * could you share..."), a bracket ("Grace (surname withheld)"), "who" ("Faith who cleans them"), another name or a
 * joining word: the word is a name there.
 */
const AFTER_NAME = new RegExp(String.raw`^(?:\s*[+/(]|\s+[-–—]\s|\s+(?:to|and|&|will|would|(?:could|can|do|did|are|have)\s+you|please|${REPORTING_VERBS})(?!\p{L})|\s+from\s+(?:the\s+)?\p{Lu}|\s+(?:is|was|has|had)\s+\p{Ll}{2,}(?:ing|ed)(?!\p{L})|\s+who(?!\p{L})|\s+(?:yes|no|thanks|thank you|sure|ok|okay)(?!\p{L})|['’]s(?!\p{L})|\s*[:,)]|[ \t]*(?:\n|$)|\s+\p{Lu}\.?(?![\p{L}]))`, 'u');

/**
 * A name right after a word that opens a place's or an organisation's name is part of that name ("Universidad San
 * Simón", "Via Galileo Ferraris", "Lake Victoria").
 */
function afterPrefixWord(text: string, start: number): boolean {
  // The prefix word may open a run of capitalised words and particles before the name ("St. Vincent de Paul"); in the
  // region's languages it may be declined and in lower case, the name in quotes ("фондације „Никола Тесла“").
  const line = text.slice(Math.max(0, start - 80), start).split('\n').at(-1)!;
  if (!/[ \t]["„“«‚]?$/u.test(line)) return false;
  const words = line.trim().split(/[ \t]+/u);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!.replace(/^["„“«‚(]+|["„“«‚.,]+$/gu, '');
    if (w === '') continue;
    // In lower case only a word of the region's letters ("фондације"): "via", "rue" or "san" in lower case are English.
    if (NAME_PREFIX_WORDS.has(w) || (!/^[a-z]+$/u.test(w) && NAME_PREFIX_WORDS.has(w.charAt(0).toUpperCase() + w.slice(1)))) return true;
    if (!/^\p{Lu}/u.test(w) && !/^(?:de|da|di|del|della|van|von|der|la|le|e|i)$/u.test(w)) return false;
  }
  return false;
}

const TO_LATIN: ReadonlyMap<string, string> = new Map(
  Object.entries({ а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š', ѓ: 'gj', ќ: 'kj', ѕ: 'dz' }),
);
const TO_CYRILLIC: ReadonlyMap<string, string> = new Map([...TO_LATIN].map(([c, l]) => [l, c]));

/**
 * A BCMS or Macedonian name in the other script (Cyrillic to Latin, or Latin to Cyrillic with the digraphs "lj", "nj",
 * "dž", "gj", "kj", "dz" as one letter), keeping the capital; null for a word of neither script or of both.
 */
export function otherScript(word: string): string | null {
  const lower = word.toLowerCase();
  const cyrillic = /^[\p{Script=Cyrillic}'’-]+$/u.test(word);
  if (!cyrillic && !/^[\p{Script=Latin}'’-]+$/u.test(word)) return null;
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const two = lower.slice(i, i + 2);
    if (!cyrillic && TO_CYRILLIC.has(two)) {
      out += TO_CYRILLIC.get(two);
      i++;
    } else out += (cyrillic ? TO_LATIN : TO_CYRILLIC).get(lower[i]!) ?? (/[\p{L}]/u.test(lower[i]!) ? '\u0000' : lower[i]);
  }
  if (out.includes('\u0000')) return null;
  return word.charAt(0) === word.charAt(0).toUpperCase() ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** Case endings of names in BCMS, Macedonian and Albanian (Latin and Cyrillic, folded as the text is), longest first. */
const DECLENSIONS = ['ovoj', 'evoj', 'ovom', 'evom', 'ova', 'eva', 'ove', 'eve', 'ovi', 'evi', 'ov', 'ev', 'om', 'em', 'oj', 'in', 'ina', 'it', 'es', 'ës', 'a', 'e', 'i', 'u', 'ë', 'ом', 'ем', 'ов', 'ев', 'ова', 'ева', 'ин', 'ина', 'ој', 'а', 'е', 'и', 'у', 'ју', 'ја']
  .sort((a, b) => b.length - a.length)
  .join('|');

/**
 * Names as the region's languages decline them ("Draganu", "Jelenom", "Markovićeva", "Agimit", "Ђорђем"): each name
 * word (also without its final vowel, "Jelen-om", "Ђорђ-ем"), four letters or more so, with a case ending. The caller
 * keeps only matches written capitalised.
 */
function declinedNames(words: readonly string[]): RegExp | null {
  // A stem of four letters or more: "Nina" gives no "Nine", "Lina" no "Line", "Rosa" no "Rose".
  const stems = [...new Set(words.flatMap((w) => (/[aeoаео]$/u.test(w) ? [w.slice(0, -1), w] : [w])).filter((w) => [...w].length >= 4))];
  if (stems.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.map(escapeRegExp).sort((a, b) => b.length - a.length).join('|')})(?:${DECLENSIONS})(?![\\p{L}\\p{N}])`, 'gu');
}

/** The initials one person signs with, folded and upper case ("Marta Kovač": "MK"; see the comments). */
function initialsOf(ws: readonly string[], initials: readonly string[]): string[] {
  const out: string[] = [];
  const given = ws[0]!;
  // "María José de la Cruz" signs as "MJ" too.
  if (ws.length >= 3) out.push(`${ws[0]!.charAt(0)}${ws[1]!.charAt(0)}`);
  if (ws.length >= 2) out.push(`${given.charAt(0)}${ws[ws.length - 1]!.charAt(0)}`);
  // "J. K. Mutua" signs as "J.K." or "JKM".
  else if (initials.length >= 2) out.push(initials.join(''), `${initials.join('')}${given.charAt(0)}`);
  // "Tom H" signs as "TH"; "M Kilonzo" as "MK".
  else if (initials[0]) out.push(`${given.charAt(0)}${initials[0]}`, `${initials[0]}${given.charAt(0)}`);
  return out.map((f) => foldChars(f).toUpperCase());
}

/**
 * Are initials someone's, by what is written around them? After a role word or "by", before "to do" or a reporting verb
 * ("M.K. agreed"), alone in a table's cell ("| WK |"), joined to another name ("MJ + Rosa"), signing a note at its end
 * ("... own session - DW"), or opening a line as its speaker ("WN: Karibuni"); never alone in prose ("UN agencies").
 */
function initialsOfSomeone(before: string, after: string, roleBefore: RegExp): boolean {
  const cell = /\|\s*$/u.test(before) && /^\s*\|/u.test(after);
  const joined = /[+/&]\s*$/u.test(before) || /^\s*[+/&]/u.test(after);
  const signs = /\s[-–—]\s*$/u.test(before) && /^\s*$/u.test(after);
  const speaks = /(?:^|\n)[ \t]*$/u.test(before) && /^\s*:/u.test(after);
  return speaks || cell || joined || signs || roleBefore.test(before) || /(?<!\p{L})by\s+$/iu.test(before) || /^\s+to\s+\p{Ll}/u.test(after) || REPORTED.test(after);
}

/** A reporting verb right after a name or initials ("M.K. agreed"). */
const REPORTED = new RegExp(String.raw`^\s+(?:${REPORTING_VERBS})(?!\p{L})`, 'u');

/** A name right before an organisation or place word is part of that name ("Pupin Institute", "Keats Walk", "Darwin Close"). */
function beforePlaceWord(text: string, end: number): boolean {
  // The capitalised words that go on after the name, a "Jr." among them ("Queen Victoria Park", "Martin Luther King Jr.
  // Park"), hold such a word; or a place word in lower case follows ("the Terry Fox memorial garden").
  const after = text.slice(end, end + 90);
  // A regnal number ("King Abdullah II Park") and a name's particles ("Khalid bin al-Walid Street") go on too.
  const run = /^(?:[ \t]+(?:\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*\.?|[IVX]{1,4}(?![\p{L}\p{N}])|(?:bin|ibn|al-\p{L}+|el-\p{L}+|de|da|di|del|della|van|von|der|la|le)(?![\p{L}\p{N}]))){0,5}/u.exec(after)![0];
  if (run.trim().split(/[ \t]+/u).some((w) => w && NOT_A_NAME.test(w.replace(/[.'’]+s?$/u, '')))) return true;
  const lower = /^\s+(\p{Ll}+)/u.exec(after.slice(run.length));
  return lower !== null && PLACE_KIND_WORDS.has(lower[1]!);
}

/** Does a sentence (or a bracket) open right before `at`? Quotes, bullets and spaces between do not count. */
function sentenceStart(text: string, at: number): boolean {
  let p = at - 1;
  while (p >= 0 && /[\s"'“‘(\[*•>_-]/u.test(text.charAt(p))) {
    if (text.charAt(p) === '(' || text.charAt(p) === '[') return true;
    p--;
  }
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
 * word ("notes MK") or before "to" ("MK to send"), where they cannot be an acronym ("UN agencies can...").
 */
export function createNameMatcher(names: Iterable<string>, isOrdinary: OrdinaryWordTest, particles: ReadonlySet<string> = DEFAULT_PARTICLES, writtenSo: Iterable<string> = []): NameMatcher {
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
    // A name is found in the other script too ("Goran" as "Горан", "Ђорђе" as "Đorđe"), as bilingual notes write it.
    for (const w of ws) if ([...w].length >= 3) for (const v of [w, otherScript(w)]) if (v) words.add(foldChars(v));
    const anyOrdinary = ws.some((w) => isOrdinary(foldChars(w)));
    if (ws.length >= 2) {
      addForm(ws, anyOrdinary);
      const other = ws.map(otherScript);
      if (other.every((w) => w !== null)) addForm(other as string[], anyOrdinary);
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
      addForm([`${given.charAt(0)}.`, ws[ws.length - 1]!], true);
      addForm([given.charAt(0), ws[ws.length - 1]!], true);
    }
    for (const f of initialsOf(ws, initials)) initialsForms.add(f);
  }
  const alternation = (items: Iterable<string>): string =>
    [...items].sort((a, b) => b.length - a.length || a.localeCompare(b)).map((f) => f.split(' ').map(escapeRegExp).join('\\s+')).join('|');
  const formRe = forms.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(forms.keys())})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const wordRe = words.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(words)})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const ordinary = new Set([...words].filter((w) => isOrdinary(w)));
  const declinedRe = declinedNames([...words].filter((w) => !ordinary.has(w)));
  // Initials written plain or with full stops ("MK", "M.K.", "M. K.").
  const initialsRe = initialsForms.size
    ? new RegExp(`(?<![\\p{L}\\p{N}.])(?:${[...initialsForms].map((f) => [...f].map(escapeRegExp).join('(?:\\.\\s?)?') + '\\.?').join('|')})(?![\\p{L}\\p{N}])`, 'gu')
    : null;
  const roleBefore = new RegExp(`(?:${ROLE})\\s*[:\\-–—]?\\s*$`, 'iu');
  // Tokens that are someone wherever written so, as written (case kept: "KH" not "kh"; initials with full stops or
  // without): the initials a next step's owner is written as ("KH + WN", "mk + dj"), a live chat's usernames ("iam_kemi").
  const owned = [...new Set([...writtenSo].map((i) => i.replace(/\./gu, '')))].filter((i) => i.length >= 2).slice(0, 500);
  const ownedRe = owned.length
    ? new RegExp(`(?<![\\p{L}\\p{N}.])(?:${owned.sort((a, b) => b.length - a.length || a.localeCompare(b)).map((f) => [...f].map(escapeRegExp).join('') + (/\p{Lu}/u.test(f) ? `|${[...f].map(escapeRegExp).join('\\.\\s?')}\\.` : '')).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
    : null;

  const find = (text: string): PiiSpan[] => {
    if (!formRe && !wordRe && !ownedRe) return [];
    // A scan's OCR writes O as 0 and i as 1 inside names ("0chieng", "Kipr0no", "Kev1n"): read as letters there.
    const folded = /\d/u.test(text) ? foldChars(text).replace(OCR_ZERO, 'o').replace(OCR_ONE, 'i') : foldChars(text);
    const spans: PiiSpan[] = [];
    const add = (start: number, end: number): void => void spans.push({ kind: 'person', start, end, text: text.slice(start, end) });
    if (formRe) {
      for (const m of folded.matchAll(formRe)) {
        const original = text.slice(m.index, m.index + m[0].length);
        const capitalsOnly = forms.get(m[0].replace(/\s+/g, ' ')) ?? true;
        if (capitalsOnly && !original.split(/\s+/).every((w) => upper(w.charAt(0)) || w.charAt(0) === '0')) continue;
        add(m.index, m.index + m[0].length);
      }
    }
    if (wordRe) {
      for (const m of folded.matchAll(wordRe)) {
        const start = m.index;
        const end = start + m[0].length;
        if (ordinary.has(m[0])) {
          const first = text.charAt(start);
          if (!upper(first) && first !== '0') continue;
          // "MAY" in a capitalised heading says nothing; "May 2026" and "14 May" are dates.
          if (m[0].length > 1 && text.slice(start, end) === text.slice(start, end).toUpperCase()) continue;
          // A day before it ("14 May"), not a numbered point ("3.1 Grace described...").
          if (/^\s*\d/.test(text.slice(end, end + 3)) || /(?<![\d.,:])\d{1,4}\s*$/.test(text.slice(Math.max(0, start - 8), start))) continue;
          if (sentenceStart(text, start) && !AFTER_NAME.test(text.slice(end, end + 40))) continue;
          // After an article or a determiner it names a thing ("the Summer fair", "a Frank answer", "this Hope Centre").
          if (/(?<![\p{L}\p{M}])(?:the|a|an|this|that|these|those|our|its)\s+$/iu.test(text.slice(Math.max(0, start - 7), start))) continue;
        }
        add(start, end);
      }
    }
    if (declinedRe) {
      for (const m of folded.matchAll(declinedRe)) if (upper(text.charAt(m.index))) add(m.index, m.index + m[0].length);
    }
    if (ownedRe) for (const m of text.matchAll(ownedRe)) add(m.index, m.index + m[0].length);
    if (initialsRe) {
      for (const m of text.matchAll(initialsRe)) {
        const end = m.index + m[0].length;
        if (initialsOfSomeone(text.slice(Math.max(0, m.index - 30), m.index), text.slice(end, end + 20), roleBefore)) add(m.index, end);
      }
    }
    return dropOverlaps(spans.filter((span) => !beforePlaceWord(text, span.end) && !afterPrefixWord(text, span.start)).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start));
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
