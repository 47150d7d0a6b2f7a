// Notes segmentation: read attendee lines (`Name, Organisation`) as people.
import type { NotesVocabulary } from '../../model/index.ts';
import { hasLetters, unwrapEmphasis } from './notes-text.ts';

export function isNameLike(name: string, alone: boolean, particles: ReadonlySet<string>): boolean {
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 5 || name.length > 50 || /\d/.test(name)) return false;
  if (alone && (parts.length < 2 || parts.length > 4)) return false;
  return parts.every((p, i) => /^[\p{Lu}\p{Lt}]/u.test(p) || (i > 0 && particles.has(p.toLowerCase())));
}

/** `Name, Organisation` / `Name – Organisation` / `Name (Organisation)` / `Name`; null when the line is not a person. */
export function parseAttendee(text: string, vocabulary: Pick<NotesVocabulary, 'nameParticles'>): { name: string; organisation: string | null } | null {
  const seps: Array<{ at: number; len: number; paren: boolean }> = [];
  // A role before the name is not part of it: "Notes: Jonah Feldstein", "Interpreter: Ana Lukić (BCMS)".
  const t = unwrapEmphasis(text.trim().replace(/[;.]$/, '')).trim().replace(/^\p{L}[\p{L} -]{0,30}:\s+(?=\p{Lu})/u, '');
  if (!t || t.length > 160 || /[?!]/.test(t)) return null;
  // Columns of a table exported as text: two or more spaces, or a tab.
  const gap = /\t|\s{2,}/.exec(t);
  if (gap) seps.push({ at: gap.index, len: gap[0].length, paren: false });
  const comma = t.indexOf(',');
  if (comma > 0) seps.push({ at: comma, len: 1, paren: false });
  const dash = /\s[-–—|/]\s/.exec(t);
  if (dash) seps.push({ at: dash.index, len: dash[0].length, paren: false });
  const paren = t.indexOf('(');
  if (paren > 0 && t.endsWith(')')) seps.push({ at: paren, len: 1, paren: true });
  seps.sort((a, b) => a.at - b.at);
  const sep = seps[0];
  if (!sep) return isNameLike(t, true, vocabulary.nameParticles) ? { name: t, organisation: null } : null;
  const name = t.slice(0, sep.at).trim();
  let org = sep.paren ? t.slice(sep.at + 1, -1) : t.slice(sep.at + sep.len);
  org = org.replace(/\s*\(\p{Ll}[^()]*\)$/u, '').trim().replace(/[.;,]$/, '').trim();
  if (!isNameLike(name, false, vocabulary.nameParticles)) return null;
  return { name, organisation: org && hasLetters(org) ? org : null };
}

const SUBHEADING = /^[\p{L}][\p{L} -]{0,28}:$/u;

/** Inside an attendee list: a column header or a short sub-heading ("Virtual:", "In person:"), not a person. */
export function isAttendeeTableLabel(text: string, vocabulary: Pick<NotesVocabulary, 'attendeeTableHeader'>): boolean {
  const t = unwrapEmphasis(text.trim());
  return vocabulary.attendeeTableHeader.test(t) || SUBHEADING.test(t);
}

/**
 * The lines of a plain block under an attendee heading read as a table exported line by line: column headers and
 * sub-headings ("Virtual:", "In person:") skipped, a line that is an organisation on its own ("U.S. General
 * Services Administration") taken as the organisation of the person on the line before. Null when the block is not
 * such a list: a line is a sentence, or fewer than half of its other lines are a person or their organisation.
 */
export function readAttendeeTable(
  lines: readonly { text: string; line: number }[],
  vocabulary: Pick<NotesVocabulary, 'nameParticles' | 'attendeeTableHeader'>,
  organisationKind: (name: string) => string | null,
  before: { organisation: string | null; line: number } | null = null,
): { name: string; organisation: string | null; line: number }[] | null {
  const people: { name: string; organisation: string | null; line: number }[] = [];
  let counted = 0;
  let read = 0;
  for (const { text, line } of lines) {
    const t = unwrapEmphasis(text.trim());
    if (!t) continue;
    if (isAttendeeTableLabel(t, vocabulary)) continue;
    counted++;
    // A sentence (it ends on a lower-case word and a full stop): not a list. "(U.S.)", "Inc." end cells.
    if (/\s\p{Ll}{3,}[.!?]["'”’)]*$/u.test(t) && t.split(/\s+/).length > 6) return null;
    const previous = people.at(-1) ?? before;
    // An empty organisation cell.
    if (/^(?:n\/?a|none|-+|–|—)$/i.test(t)) {
      read++;
      continue;
    }
    const alone = !/[,(\t]|\s[-–—|/]\s|\s{2,}/.test(t);
    const isOrganisation = organisationKind(t) !== null;
    // In a table, a name is the first cell whatever its case ("marjan ehsassi  Federation for ...").
    const cells = t.split(/\t|\s{2,}/);
    const who = alone && isOrganisation ? null : parseAttendee(t, vocabulary) ?? (cells.length >= 2 && /^\p{L}[\p{L}.' -]*$/u.test(cells[0]!) && cells[0]!.split(' ').length <= 4 ? { name: cells[0]!, organisation: cells.slice(1).join(' ').trim() || null } : null);
    if (who) {
      people.push({ ...who, line });
      read++;
    } else if (isOrganisation) {
      // An organisation on its own line ("U.S. General Services Administration", "City of Houston, TX"): the column
      // beside the name before it.
      if (previous && previous.organisation === null && previous.line === line - 1) previous.organisation = t;
      read++;
    }
  }
  return read * 2 >= counted ? people : null;
}
