// Regular expressions built from data (names, stakeholder patterns): the one escape every builder uses.

/** Escape a string for use inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Word-start patterns made so far, by term (the stakeholder gazetteer's terms: about a thousand). */
const wordStarts = new Map<string, RegExp>();
const WORD_STARTS_MAX = 10_000;

/**
 * Does a lower-case term occur in a lower-case text at the start of a word ("ngo" in "the ngos", not in "mongo")? The
 * stakeholder map's rule, shared by the analysis, the recount after edits and the filtered report. A plain search
 * first (far cheaper); the pattern is made once per term.
 */
export function mentionsAsWordStart(lowerText: string, term: string): boolean {
  if (!lowerText.includes(term)) return false;
  let re = wordStarts.get(term);
  if (!re) {
    if (wordStarts.size >= WORD_STARTS_MAX) wordStarts.clear();
    wordStarts.set(term, (re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(term)}`, 'u')));
  }
  return re.test(lowerText);
}
