// Regular expressions built from data (names, stakeholder patterns): the one escape every builder uses.

/** Escape a string for use inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
