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
  const t = unwrapEmphasis(text.trim().replace(/[;.]$/, '')).trim();
  if (!t || t.length > 160 || /[?!]/.test(t)) return null;
  const seps: Array<{ at: number; len: number; paren: boolean }> = [];
  const comma = t.indexOf(',');
  if (comma > 0) seps.push({ at: comma, len: 1, paren: false });
  const dash = /\s[-–—|]\s/.exec(t);
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
