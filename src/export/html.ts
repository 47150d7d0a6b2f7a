// The HTML report: views/report.ejs rendered with the report view model into one self-contained page.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { Synthesis } from '../model/index.ts';
import { buildReportView } from '../report/view-model.ts';
import type { ReportOptions, ReportView } from '../report/view-types.ts';

/** The report template; partials are included relative to it. */
export const REPORT_TEMPLATE = fileURLToPath(new URL('../../views/report.ejs', import.meta.url));

/** Render a report view with views/report.ejs (read at call time, so template edits show without a restart). */
export function renderHtmlView(view: ReportView): string {
  const template = fs.readFileSync(REPORT_TEMPLATE, 'utf8');
  return ejs.render(template, { v: view }, { filename: REPORT_TEMPLATE, async: false });
}

/**
 * Render a synthesis as one standalone HTML page: inline styles (with a print stylesheet), inline SVG
 * charts, no scripts and no external resources; every text is HTML-escaped. With `redact`, personal
 * data is replaced by placeholders.
 */
export function renderHtml(s: Synthesis, options: ReportOptions = {}): string {
  return renderHtmlView(buildReportView(s, options));
}
