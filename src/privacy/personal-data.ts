// Personal data, decided in one place: e-mail addresses, phone numbers and the names of the people a consultation names.
import type { PiiSpan } from '../model/index.ts';

export { PLACEHOLDERS } from './text-spans.ts';

export * from './contact-data.ts';
export * from './names.ts';
export * from './name-matcher.ts';
export * from './text-spans.ts';
import { findContactData } from './contact-data.ts';
import { DEFAULT_PARTICLES, NOT_A_NAME, TITLES } from './names.ts';
import { NAME_PREFIX_WORDS, ROLE_OR_TITLE_WORDS } from './person-words.ts';
import { partsOf, type NameMatcher, type OrdinaryWordTest, type PeopleSources } from './name-matcher.ts';
import { dropOverlaps, foldChars, replaceSpans, upper } from './text-spans.ts';

/**
 * The known names of a consultation: every listed name, and every candidate none of whose words is an
 * ordinary word here (so "Digital Skills – Priorities" is no person when "digital" is written elsewhere).
 */
export function knownNames(sources: PeopleSources, isOrdinary: OrdinaryWordTest, particles: ReadonlySet<string> = DEFAULT_PARTICLES): string[] {
  const out = new Set<string>();
  for (const n of sources.listed) if (partsOf(n, particles).words.length) out.add(n.trim());
  for (const n of sources.candidates) {
    // A sentence's end inside it is no name ("in June. Children cannot learn" read as "June. Children"); a title's
    // full stop is ("Dr. Musyoka").
    if ([...n.matchAll(/(?<![\p{L}\p{M}])([\p{L}\p{M}]{2,})\.\s+\S/gu)].some((m) => !TITLES.test(m[1]!))) continue;
    // A place's or an organisation's name ("Avenida Simón Bolívar", "Premio Micaela Bastidas") is no one's.
    if (NAME_PREFIX_WORDS.has(n.trim().split(/\s+/u)[0]!.replace(/\.$/u, ''))) continue;
    // A role or a title alone ("Chief" of "the Chief's rep", "Mayor") is no one's name.
    if (ROLE_OR_TITLE_WORDS.has(n.trim().replace(/['’]s$/u, '').toLowerCase())) continue;
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
