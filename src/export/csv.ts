// The segments CSV: one row per analysed segment with its provenance, coding and theme (RFC 4180, formula-safe).
import type { Synthesis } from '../model/index.ts';
import { redactSynthesis } from '../privacy/redact.ts';
import type { ReportOptions } from '../report/view-types.ts';
import { DIFFERENCES_CSV_COLUMNS, differencesRows } from '../report/differences-view.ts';

/** The columns of the segments CSV, in order. */
export const SEGMENT_CSV_COLUMNS: readonly string[] = Object.freeze([
  'segment_id',
  'document',
  'line',
  'respondent_id',
  'question',
  'category',
  'stakeholder_types',
  'theme_id',
  'theme_label',
  'subtheme_id',
  'subtheme_label',
  'campaign_id',
  'language',
  'text',
]);

/**
 * Make a cell safe to open in a spreadsheet (OWASP CSV injection): a value starting with
 * = + - @, a tab or a carriage return gets a leading single quote so it is read as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quote a field per RFC 4180 when it holds a comma, a double quote, CR or LF; quotes inside are doubled. */
export function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Write rows as CSV text: formula-neutralised, RFC 4180 quoted, CRLF line endings (also after the last row). */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => row.map((cell) => quoteField(neutraliseFormula(cell === null ? '' : String(cell)))).join(',') + '\r\n').join('');
}

/**
 * Render the segments of a synthesis as CSV (UTF-8 text, no BOM): a header row of SEGMENT_CSV_COLUMNS,
 * then one row per segment in synthesis order. With `redact`, personal data in every cell is replaced
 * by [email], [phone], [name] (see redactSynthesis).
 */
export function renderSegmentsCsv(input: Synthesis, options: ReportOptions = {}): string {
  const s = options.redact === true ? redactSynthesis(input, options.documents) : input;
  const themeLabels = new Map<string, string>();
  const subthemes = new Map<string, { id: string; label: string }>();
  for (const scope of s.scopes) {
    for (const theme of scope.themes) {
      themeLabels.set(theme.id, theme.label);
      for (const sub of theme.subthemes) for (const id of sub.segmentIds) subthemes.set(id, sub);
    }
  }
  // The campaign each copy belongs to (campaigns and copies), '' for an answer of its own.
  const campaignOf = new Map<string, string>();
  for (const c of s.campaigns?.list ?? []) for (const id of c.segmentIds) campaignOf.set(id, c.id);
  const rows = s.segments.map((seg) => [
    seg.id,
    seg.provenance.document,
    seg.provenance.line,
    seg.respondentId,
    seg.section,
    seg.coding.category,
    seg.coding.stakeholderTypes.join(';'),
    seg.themeId,
    seg.themeId === null ? null : (themeLabels.get(seg.themeId) ?? null),
    subthemes.get(seg.id)?.id ?? null,
    subthemes.get(seg.id)?.label ?? null,
    campaignOf.get(seg.id) ?? null,
    seg.annotation.language,
    seg.text,
  ]);
  return toCsv([SEGMENT_CSV_COLUMNS, ...rows]);
}

/** The columns of the Next steps CSV, in order. */
export const NEXT_STEPS_CSV_COLUMNS: readonly string[] = Object.freeze(['owner', 'action', 'due', 'document', 'line', 'segment_id', 'text']);

/**
 * Render the Next steps register as CSV: a header row of NEXT_STEPS_CSV_COLUMNS, then one row per next step
 * (owner, task and due date as written, '' when the line does not say; the action line verbatim in `text`).
 * With `redact`, personal data is replaced, owners' names too (see redactSynthesis).
 */
export function renderNextStepsCsv(input: Synthesis, options: ReportOptions = {}): string {
  const s = options.redact === true ? redactSynthesis(input, options.documents) : input;
  const rows = (s.nextSteps ?? []).map((n) => [n.owner, n.task, n.due, n.document, n.line, n.segmentId, n.text]);
  return toCsv([NEXT_STEPS_CSV_COLUMNS, ...rows]);
}

/**
 * Render the claims of "Who said it differently" as CSV (DIFFERENCES_CSV_COLUMNS; see differencesRows): every claim
 * that passed the corrected test, not only those the report shows. The header alone when none passed. With `redact`,
 * labels are those of the redacted synthesis (a theme label can hold a name).
 */
export function renderDifferencesCsv(input: Synthesis, options: ReportOptions = {}): string {
  const s = options.redact === true ? redactSynthesis(input, options.documents) : input;
  return toCsv([DIFFERENCES_CSV_COLUMNS, ...differencesRows(s)]);
}
