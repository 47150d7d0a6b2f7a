// Tag: the acronyms a notes document defines for itself ("Civil Society Organisations (CSOs)"), typed by what they stand
// for, so that a later "CSOs to draft ..." names that type although the gazetteer does not know the acronym.
import type { Coding, DocumentInfo, Segment, StakeholderGazetteer } from '../../model/index.ts';
import { normaliseText, tokeniseWithOffsets } from '../text.ts';
import { actorsNamedAsActing, compileGazetteer, findActors, organisationTypes, type GazetteerIndex } from './actors.ts';

/** Acronyms a document defines, each with the stakeholder types of what it stands for. */
export type LocalAcronyms = Map<string, Set<string>>;

// "Name (Inside)" on one line: Name the words back to a clause boundary, Inside a short bracket.
const BRACKETED = /([^\n()[\]:;,.!?|*#•–—]{2,80})\(([^()\n]{2,60})\)/gu;
// An acronym: 2-8 letters with at least two capitals, a plural s allowed ("CSOs", "ANOFM", "MoE").
const ACRONYM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]{1,7}$/u;

const lastWords = (s: string, n: number): string =>
  s
    .trim()
    .split(/\s+/)
    .slice(-n)
    .join(' ')
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');

/**
 * The acronyms a document defines, either way round ("Civil Society Organisations (CSOs)", "MFPT (Ministria e
 * Financave ...)"), each with the types the gazetteer or the words of its long form give. Acronyms the gazetteer
 * already knows are left to it.
 */
export function readLocalAcronyms(text: string, gazetteer: GazetteerIndex): LocalAcronyms {
  const out: LocalAcronyms = new Map();
  const known = (name: string): boolean => organisationTypes(name, gazetteer).length > 0;
  const add = (acronym: string, types: readonly string[]): void => {
    if (!types.length) return;
    const key = acronym.replace(/s$/, '');
    const set = out.get(key) ?? out.set(key, new Set()).get(key)!;
    for (const t of types) set.add(t);
  };
  for (const m of normaliseText(text).matchAll(BRACKETED)) {
    const before = lastWords(m[1]!, 8);
    const inside = m[2]!.trim();
    const last = lastWords(before, 1);
    if (ACRONYM.test(inside)) {
      if (!known(inside)) add(inside, organisationTypes(before, gazetteer));
    } else if (ACRONYM.test(last) && !known(last)) add(last, organisationTypes(inside, gazetteer));
  }
  return out;
}

/** The acronyms as a gazetteer (matched case-sensitively, as the gazetteer's own acronyms). */
function acronymGazetteer(acronyms: LocalAcronyms, gazetteer: GazetteerIndex): GazetteerIndex {
  const byType = new Map<string, string[]>();
  for (const [name, types] of acronyms) for (const t of types) (byType.get(t) ?? byType.set(t, []).get(t)!).push(name);
  const g: StakeholderGazetteer = { types: [...byType].map(([id, terms]) => ({ id, label: id, terms, group: gazetteer.groupTypes.has(id) })) };
  return compileGazetteer(g);
}

/**
 * Codings with the types of the document's own acronyms that each segment names as acting (as the gazetteer's actors
 * are read, see actorsNamedAsActing); `documents` gives each document's text (surveys, without one, are left as they are).
 */
export function withLocalActors(segments: readonly Pick<Segment, 'text' | 'provenance'>[], codings: readonly Coding[], documents: readonly Pick<DocumentInfo, 'id' | 'text'>[], gazetteer: StakeholderGazetteer): Coding[] {
  const index = compileGazetteer(gazetteer);
  const locals = new Map<string, GazetteerIndex>();
  for (const d of documents) {
    const acronyms = d.text ? readLocalAcronyms(d.text, index) : null;
    if (acronyms?.size) locals.set(d.id, acronymGazetteer(acronyms, index));
  }
  if (!locals.size) return [...codings];
  return codings.map((coding, i) => {
    const segment = segments[i]!;
    const local = locals.get(segment.provenance.documentId);
    if (!local) return coding;
    const norm = normaliseText(segment.text);
    const found = findActors(norm, tokeniseWithOffsets(norm), local);
    if (!found.length) return coding;
    const acting = coding.category === 'stakeholder' ? found : actorsNamedAsActing(norm, found, index, coding.category);
    const types = new Set([...coding.stakeholderTypes, ...acting.map((a) => a.type)]);
    return types.size === coding.stakeholderTypes.length ? coding : { ...coding, stakeholderTypes: [...types].sort() };
  });
}
