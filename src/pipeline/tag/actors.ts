// Tag: the stakeholder gazetteer compiled for matching, the actors a text names, the types of named organisations, and
// whether a mention is someone who acts (not a place or a beneficiary).
import type { StakeholderGazetteer } from '../../model/index.ts';
import { escapeRegExp } from '../../model/regexp.ts';
import { entityWords } from '../word-lists.ts';
import { normaliseText, tokeniseWithOffsets, type Token } from '../text.ts';
import { asciiRuns, inScanOrder, longestFirst, matchAtRuns, pushTo, type Span } from './matching.ts';

/** Plural- and spelling-tolerant form of a word for gazetteer matching ("organisations" -> "organization"). */
function canonicalWord(word: string): string {
  let w = word.toLowerCase().replace(/^(.{3,})is(e|es|ed|ing|ation|ations)$/, '$1iz$2');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

// Memo of canonical words: a survey repeats the same few thousand words many times.
const canonicalMemo = new Map<string, string>();
export function canonicalOf(word: string): string {
  let c = canonicalMemo.get(word);
  if (c === undefined) canonicalMemo.set(word, (c = canonicalWord(word)));
  return c;
}

interface GazetteerTerm {
  type: string;
  text: string;
  /** Canonical words, or null for an acronym matched case-sensitively. */
  words: string[] | null;
  /** An acronym's regex, sticky (see matchAtRuns); null for a word term. */
  sticky: RegExp | null;
  /** Position in the gazetteer: ties between equal matches keep this order. */
  order: number;
}

/** Gazetteer terms, indexed by how a match must begin (as the codebook's, see CodebookIndex). */
export interface GazetteerIndex {
  /** Every term, in gazetteer order. */
  terms: GazetteerTerm[];
  /** First canonical word -> the word terms starting with it. */
  wordsByFirst: Map<string, GazetteerTerm[]>;
  /** Lower-case acronym, and with a plural s -> its terms (one per stakeholder type listing it). */
  acronymsByKey: Map<string, GazetteerTerm[]>;
  /** Types that are population groups (see stakeholderType.group). */
  groupTypes: Set<string>;
}

const compiledGazetteers = new WeakMap<StakeholderGazetteer, GazetteerIndex>();

/**
 * Compile gazetteer terms. Acronyms ("UN", "EU", "NGO", "TV") are matched case-sensitively (with an
 * optional plural s) so Italian "un" or Portuguese "eu" are not actors; other terms case-insensitively
 * on plural- and spelling-tolerant words.
 */
export function compileGazetteer(gazetteer: StakeholderGazetteer): GazetteerIndex {
  const cached = compiledGazetteers.get(gazetteer);
  if (cached) return cached;
  const out: GazetteerIndex = { terms: [], wordsByFirst: new Map(), acronymsByKey: new Map(), groupTypes: new Set(gazetteer.types.filter((t) => t.group).map((t) => t.id)) };
  const seen = new Set<string>();
  for (const type of gazetteer.types) {
    for (const term of type.terms) {
      const trimmed = term.trim();
      const order = out.terms.length;
      if (/^[A-Z][A-Z0-9]+s?$/.test(trimmed)) {
        const core = trimmed.replace(/s$/, '');
        const key = `${type.id}:${core}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const compiled = { type: type.id, text: core, words: null, sticky: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(core)}(?:s|'s)?(?![\\p{L}\\p{N}])`, 'uy'), order };
        out.terms.push(compiled);
        // A match begins at a run of ASCII letters/digits: the acronym, or it with a plural s ("NGOs").
        pushTo(out.acronymsByKey, core.toLowerCase(), compiled);
        pushTo(out.acronymsByKey, `${core.toLowerCase()}s`, compiled);
      } else {
        const words = tokeniseWithOffsets(normaliseText(trimmed)).map((t) => canonicalWord(t.token));
        const key = `${type.id}:${words.join(' ')}`;
        if (words.length === 0 || seen.has(key)) continue;
        seen.add(key);
        const compiled = { type: type.id, text: trimmed, words, sticky: null, order };
        out.terms.push(compiled);
        pushTo(out.wordsByFirst, words[0]!, compiled);
      }
    }
  }
  compiledGazetteers.set(gazetteer, out);
  return out;
}

export interface ActorMatch extends Span {
  type: string;
  term: string;
}

// After a group word, the head of an organisation's name it belongs to.
const ORGANISATION_HEAD_AFTER = /^(?:\s+(?:and|&)\s+[\p{L}'-]+)?\s+(?:[\p{L}'-]+\s+)?(?:association|associations|organi[sz]ations?|organisations?|centre|center|centres|centers|club|clubs|directorate|bank|services|service|department|office|foundation|union|workers|worker)(?![\p{L}\p{N}])/iu;

/**
 * Actor mentions in normalised text: gazetteer terms, longest match winning where they overlap. Only the
 * terms that can match are tried: word terms whose first word is a token's, acronyms found among the runs.
 */
export function findActors(norm: string, tokens: readonly Token[], gazetteer: GazetteerIndex, runs: readonly Token[] = asciiRuns(norm, tokens)): ActorMatch[] {
  const canonical = tokens.map((t) => canonicalOf(t.token));
  const matches: Array<ActorMatch & { order: number }> = [];
  canonical.forEach((word, i) => {
    for (const term of gazetteer.wordsByFirst.get(word) ?? []) {
      const words = term.words!;
      if (i + words.length > canonical.length || words.some((w, j) => canonical[i + j] !== w)) continue;
      matches.push({ type: term.type, term: term.text, start: tokens[i]!.start, end: tokens[i + words.length - 1]!.end, order: term.order });
    }
  });
  matchAtRuns(norm, runs, gazetteer.acronymsByKey, (term) => term.sticky!, (term, m) => {
    matches.push({ type: term.type, term: term.text, start: m.index, end: m.index + m[0].length, order: term.order });
  });
  const found = longestFirst(inScanOrder(matches));
  // A word right after an actor's possessive is that actor's part ("UNDP's office"), not another actor.
  const owned = (m: ActorMatch, i: number): boolean => {
    const before = found[i - 1];
    return !!before && /['\u2019]s$/u.test(norm.slice(before.start, before.end)) && /^\s+$/.test(norm.slice(before.end, m.start));
  };
  // A group word that opens an organisation's name is not the group ("Youth Centre", "Housing and Communities Directorate").
  const inName = (m: ActorMatch): boolean => gazetteer.groupTypes.has(m.type) && ORGANISATION_HEAD_AFTER.test(norm.slice(m.end, m.end + 40));
  return found.filter((m, i) => !owned(m, i) && !inName(m)).map(({ order: _, ...m }) => m);
}

/** A case-insensitive regex for any of the words, as whole words in any script. */
function anyWord(list: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** Words in an organisation's name that tell its type, most specific types first (corpus/entity-words.json). */
const ORGANISATION_WORDS: Array<[string, RegExp]> = entityWords().organisationWords.map(({ type, words }) => [type, anyWord(words)]);

/** The stakeholder type a name's words suggest ("Women's Center Uzice" -> civil_society), or null if none. */
export function organisationKind(name: string): string | null {
  const norm = normaliseText(name);
  return ORGANISATION_WORDS.find(([, re]) => re.test(norm))?.[0] ?? null;
}

/** Stakeholder types of a named organisation: its gazetteer terms, else the first telling word in its name. */
export function organisationTypes(name: string, gazetteer: GazetteerIndex): string[] {
  const norm = normaliseText(name);
  const actors = findActors(norm, tokeniseWithOffsets(norm), gazetteer);
  if (actors.length) return actors.map((a) => a.type);
  const kind = organisationKind(norm);
  return kind ? [kind] : [];
}

/** Stakeholder types named in a text (gazetteer terms), sorted and distinct. */
export function stakeholderTypesIn(text: string, gazetteer: StakeholderGazetteer, organisations: readonly string[] = []): string[] {
  const index = compileGazetteer(gazetteer);
  const norm = normaliseText(text);
  const types = new Set(findActors(norm, tokeniseWithOffsets(norm), index).map((a) => a.type));
  for (const org of organisations) for (const t of organisationTypes(org, index)) types.add(t);
  return [...types].sort();
}

/** Words a text may open with before the actor it is about ("The ministry", "Also the municipalities"). */
const LEADING_FILLER = /^[\s\p{P}]*(?:(?:also|and|the|all|local|national|public|private|our|their|big|small|international)\s+)*/iu;

const ACTOR_LIST_NEXT = /^(?:\s*\([^)]*\))?\s*(?:$|[-+,&/]|and\b|or\b|for\b|as\b|who\b|which\b|with\b|must\b|should\b|shd\b|need\b|needs\b|have to\b|has to\b|to (?:lead|own|chair|coordinate|fund|co-?finance|join|host)\b)/iu;

/** Where an actor the text opens with ends, or -1 (see TextEvidence.leadingActorEnd). */
export function leadingActorEnd(norm: string, actors: readonly ActorMatch[]): number {
  const first = actors[0];
  if (!first) return -1;
  const lead = LEADING_FILLER.exec(norm)![0].length;
  // The actor may follow a word or two of its name ("Chamber of Commerce", "municipal employment offices").
  const before = norm.slice(lead, first.start);
  if (before.trim().split(/\s+/).filter(Boolean).length > 2 || /[.;:!?]/.test(before)) return -1;
  // What follows says the line lists actors or their role, not that the actor does something ("Employers think ...").
  return ACTOR_LIST_NEXT.test(norm.slice(first.end)) ? first.end : -1;
}

// A mention after these is a place or a beneficiary ("in our school", "for local TV", "going to an office in person"),
// not someone who acts.
const PLACE_BEFORE = /(?<![\p{L}\p{N}])(?:in|at|into|inside|outside|for|on|across|around|(?:go|goes|going|gone|went|come|comes|coming|came|travel(?:s|l?ed|l?ing)?|walk(?:s|ed|ing)?|drive|drives|driving|drove|move|moves|moving|moved|return(?:s|ed|ing)?)\s+(?:back\s+)?to)\s+(?:(?:the|a|an|our|their|its|all|every|each|local|some|many|other|most|both|two|three|[\p{L}-]+'s?)\s+){0,2}$/iu;
// Before a mention that opens the text or a clause, with at most a few words of its name or a determiner ("- The school", "; most ICT teachers").
const CLAUSE_SUBJECT_BEFORE = /(?:^|[.;:!?(\u2013\u2014-]\s|^[\s\p{P}]+)\s*(?:(?:the|our|their|its|most|many|some|all|local|public|[\p{L}'-]+)\s+){0,2}$/iu;
// After a group's mention, words that say the group acts or must be involved ("parents must", "youth want a seat").
const GROUP_ACTS_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:[\p{L}'-]+\s+){0,2}?(?:must|should|shd|need|needs|want|wants|will|to|can|could|demand|demanded|organi[sz]e|organi[sz]ed|run|runs|ran|lead|leads|led|volunteer|volunteered|help|helps|join|joined|decide|decides|sign|signs|signed|agree|agrees|agreed|offer|offers|offered|willing|ready|together|jointly|meet|meets|teach|teaches|mentor|mentors)(?![\p{L}\p{N}])/iu;

// After a mention, words that make it the line's speaker ("Council tenants said ...", "Ivana (Women in Tech ME) said", "Dorin (USM): ...").
const SPEAKS_AFTER = /^\s*(?:\([^)]*\)\s*)?(?::|(?:[\p{L}'-]+\s+){0,2}?(?:said|say|says|told|tell|tells|mentioned|described|reported|complained|noted|explained|shared|stressed|asked)(?![\p{L}\p{N}]))/iu;

/**
 * Does the line name this mention as an actor (someone who acts, must act or must be involved)? Not where it is
 * a place or beneficiary ("courses in schools"); a population group only where the line says it acts.
 */
export function namedAsActor(norm: string, actor: ActorMatch, gazetteer: GazetteerIndex, category?: string, list: Span = actor): boolean {
  if (PLACE_BEFORE.test(norm.slice(Math.max(0, list.start - 60), list.start))) return false;
  // A capacity gap is missing inside those who must act: the one the clause is about lacks it ("Teachers have no training").
  if (category === 'capacity_gap' && CLAUSE_SUBJECT_BEFORE.test(norm.slice(Math.max(0, list.start - 40), list.start))) return true;
  if (gazetteer.groupTypes.has(actor.type)) return GROUP_ACTS_AFTER.test(norm.slice(list.end, list.end + 60));
  // A barrier names an organisation as an actor where the clause is about it ("KESH releases water ..."), not in passing.
  // The one who reports a barrier is its speaker, not its actor ("Builders told us the planning process is slow").
  if (category === 'barrier') return CLAUSE_SUBJECT_BEFORE.test(norm.slice(Math.max(0, list.start - 40), list.start)) && !SPEAKS_AFTER.test(norm.slice(list.end, list.end + 60));
  return true;
}

// Between two actors of one list: a comma, "and", "or", "+", "&", "/", with a word or two of the next one's name
// ("ministries, NGOs and schools", "police + transit staff + youth workers", "cos + schools").
const LIST_JOIN = /^\s*(?:\([^)]*\)\s*)?(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&|\+|\/)\s+|\s*[+&/]\s*)(?:(?:the|all|local|their|our|other|some|[\p{L}'-]+)\s+){0,2}$/iu;

/**
 * The actors the line names as acting (see namedAsActor), each read with the list of actors it stands in: what is
 * said before the list's first and after its last holds for all ("in schools, libraries and NGOs" are places;
 * "police + transit staff + youth workers should walk" all act).
 */
export function actorsNamedAsActing(norm: string, actors: readonly ActorMatch[], gazetteer: GazetteerIndex, category?: string): ActorMatch[] {
  const lists: Span[] = [];
  actors.forEach((a, i) => {
    const previous = actors[i - 1];
    if (previous && LIST_JOIN.test(norm.slice(previous.end, a.start))) lists[lists.length - 1]!.end = a.end;
    else lists.push({ start: a.start, end: a.end });
  });
  let at = 0;
  return actors.filter((a) => {
    while (lists[at]!.end < a.end) at++;
    return namedAsActor(norm, a, gazetteer, category, lists[at]);
  });
}
