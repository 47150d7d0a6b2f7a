// The JSON export: the synthesis as it is, or with personal data replaced for sharing.
import type { Synthesis } from '../model/index.ts';
import { dictFrom } from '../model/dict.ts';
import { createRedactor } from '../report/view-model.ts';

/**
 * A copy of the synthesis with personal data replaced by [email], [phone], [name] in every text
 * (segments, quotes, labels, summaries, metadata) and the personal-data annotations removed.
 */
export function redactSynthesis(s: Synthesis): Synthesis {
  const r = createRedactor(s, true);
  const out = structuredClone(s);
  const piiWords = new Set(s.segments.flatMap((seg) => seg.annotation.pii.flatMap((p) => p.text.toLowerCase().split(/\s+/))));
  const quote = <Q extends { segmentId: string; text: string; section: string | null }>(q: Q): Q => ({ ...q, text: r.segment(q.segmentId, q.text), section: q.section && r.text(q.section) });
  out.segments = out.segments.map((seg) => ({
    ...seg,
    text: r.segment(seg.id, seg.text),
    section: seg.section && r.text(seg.section),
    attributes: dictFrom(Object.entries(seg.attributes).map(([k, v]) => [k, r.text(v)] as const)),
    annotation: {
      ...seg.annotation,
      tokens: seg.annotation.tokens.filter((t) => !piiWords.has(t)),
      stems: seg.annotation.stems.filter((_, i) => !piiWords.has(seg.annotation.tokens[i] ?? '')),
      nounPhrases: seg.annotation.nounPhrases.map((p) => r.text(p)),
      people: [],
      pii: [],
    },
  }));
  out.executiveSummary = out.executiveSummary.map(r.text);
  out.overview.organisations = out.overview.organisations.map(r.text);
  out.documents = out.documents.map((d) => ({
    ...d,
    title: d.title && r.text(d.title),
    organisations: d.organisations.map(r.text),
    metadata: dictFrom(Object.entries(d.metadata).map(([k, vs]) => [k, vs.map(r.text)] as const)),
  }));
  out.errors = out.errors.map((e) => ({ ...e, message: r.text(e.message) }));
  for (const scope of out.scopes) {
    scope.label = r.text(scope.label);
    scope.summary = scope.summary.map(r.text);
    for (const t of scope.themes) {
      t.label = r.text(t.label);
      t.keyTerms = t.keyTerms.map(r.text);
      t.quotes = t.quotes.map(quote);
    }
  }
  out.stakeholders = out.stakeholders.map((e) => ({ ...e, quotes: e.quotes.map(quote) }));
  out.minorityViews = out.minorityViews.map((m) => ({ ...m, reason: r.text(m.reason), quote: quote(m.quote) }));
  return out;
}

/** The synthesis as pretty-printed JSON (redacted with `redact`). */
export function renderJson(s: Synthesis, options: { redact?: boolean } = {}): string {
  return `${JSON.stringify(options.redact ? redactSynthesis(s) : s, null, 2)}\n`;
}
