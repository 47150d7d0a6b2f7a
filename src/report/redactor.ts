// The report's redactor: personal data replaced in the texts a report shows (privacy/redact.ts decides what it is).
import type { DocumentInfo, Synthesis } from '../model/index.ts';
import { replaceSpans } from '../privacy/personal-data.ts';
import { createRedaction } from '../privacy/redact.ts';

/** Redacts personal data in the texts a report shows. */
export interface Redactor {
  readonly enabled: boolean;
  /** Redact free text (summaries, labels, metadata): known names, e-mail addresses, phone numbers. */
  text(text: string): string;
  /** Redact the text of a segment or a quote of it. */
  segment(segmentId: string, text: string): string;
}

/** Replace spans (offsets into `text`) with placeholders; spans whose offsets do not match their text are skipped. */
export const redactSpans = replaceSpans;

/**
 * Build the redactor for a synthesis. Disabled, it returns texts unchanged. Enabled, every text has the
 * consultation's people (see gatherPeople: attendees from `documents`, people fields, role lines, e-mail
 * addresses...), e-mail addresses and phone numbers replaced.
 */
export function createRedactor(s: Synthesis, enabled: boolean, documents: readonly DocumentInfo[] = []): Redactor {
  if (!enabled) return { enabled, text: (t) => t, segment: (_id, t) => t };
  const r = createRedaction(s, documents);
  return { enabled, text: r.text, segment: (_id, t) => r.text(t) };
}
