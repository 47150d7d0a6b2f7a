// A quote: a segment's verbatim text with where it stands in its source, as every quote in a synthesis holds it.
import type { Quote, Segment } from '../model/index.ts';

/** Quote for a segment, exactly as stored. */
export function quoteOf(s: Pick<Segment, 'id' | 'text' | 'provenance' | 'section' | 'respondentId'>): Quote {
  return {
    segmentId: s.id,
    text: s.text,
    document: s.provenance.document,
    line: s.provenance.line,
    start: s.provenance.start,
    end: s.provenance.end,
    section: s.section,
    respondentId: s.respondentId,
  };
}
