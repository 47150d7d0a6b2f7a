// The text labelling reads: a segment's text without the people it names.
import type { PiiSpan } from '../model/index.ts';
/** A chat export's header of a message ("From ; to Everyone:" once its people are cut out): no label's words. */
const CHAT_HEADER = /^\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s+)?From\s+.{1,80}?\s+to\s+(?:Everyone|All|everyone|all|;)(?:\s*\([^()]{1,20}\))?\s*:/u;

/**
 * A segment's text as labelling reads it: the people it names ("From Nedim Hasić to Everyone: ...", "Ana said ...")
 * replaced by a clause break, so no label, key term or description is a person's name (annotate already leaves their
 * words out of the tokens the themes are made of); a chat message's "From X to Everyone:" header likewise.
 */
export function withoutPeople(text: string, pii: readonly PiiSpan[] | undefined): string {
  const people = (pii ?? []).filter((p) => p.kind === 'person').sort((a, b) => a.start - b.start);
  if (people.length === 0) return text.replace(CHAT_HEADER, ' ; ');
  let out = '';
  let at = 0;
  for (const p of people) {
    if (p.start < at) continue;
    out += `${text.slice(at, p.start)} ; `;
    at = p.end;
  }
  return (out + text.slice(at)).replace(CHAT_HEADER, ' ; ');
}
