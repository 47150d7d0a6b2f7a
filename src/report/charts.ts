// Server-side SVG horizontal bar charts: self-contained markup (no scripts, no external resources) for reports.

/** One bar: a label, a value, and optionally a muted colour (the "Other" theme) and the text shown after the bar. */
export interface Bar {
  label: string;
  value: number;
  muted?: boolean;
  /** Text written after the bar; defaults to the value. */
  valueLabel?: string;
}

/** Layout of a bar chart, in SVG user units (pixels at 100%). */
export interface BarChartOptions {
  /** Accessible name of the chart: becomes the <title> and the aria-label. */
  title: string;
  /** Total width of the chart. */
  width?: number;
  /** Width of the label column left of the bars. */
  labelWidth?: number;
  /** Room kept right of the longest bar for its value label. */
  valueWidth?: number;
  barHeight?: number;
  gap?: number;
  /** Label characters per line: a longer label wraps onto a second line at a space, and only what is longer than two lines is cut with an ellipsis (the full label stays in the bar's <title>). */
  maxLabelChars?: number;
}

const DEFAULTS = {
  width: 640,
  labelWidth: 220,
  valueWidth: 90,
  barHeight: 20,
  gap: 8,
  maxLabelChars: 34,
} as const;

const BAR_COLOUR = '#2f6690';
const MUTED_COLOUR = '#6e7781';
const TEXT_COLOUR = '#1f2328';

/** Escape text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Bar lengths proportional to the values: the largest value gets `maxWidth`, the others
 * `value / max * maxWidth`, rounded to 0.1. A non-zero value never drops below 1 so it stays visible.
 */
export function barWidths(values: readonly number[], maxWidth: number): number[] {
  const max = Math.max(0, ...values);
  return values.map((value) => {
    if (max <= 0 || value <= 0) return 0;
    const width = Math.round((value / max) * maxWidth * 10) / 10;
    return Math.max(1, width);
  });
}

function truncate(label: string, maxChars: number): string {
  const flat = label.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= maxChars ? flat : `${chars.slice(0, maxChars - 1).join('').trimEnd()}…`;
}

/** A label in at most two lines of `maxChars`, broken at the last space that fits ("Rural connectivity", "(edited by hand)"). */
export function wrapLabel(label: string, maxChars: number): string[] {
  const flat = label.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= maxChars) return [flat];
  const head = chars.slice(0, maxChars + 1).join('');
  const cut = head.lastIndexOf(' ');
  if (cut <= 0) return [truncate(flat, maxChars)];
  return [flat.slice(0, cut), truncate(flat.slice(cut + 1), maxChars)];
}

/** Height of a row whose label takes two lines. */
const TWO_LINE_ROW = 32;

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * Render a horizontal bar chart as an inline SVG string: one row per bar, label on the left,
 * bar proportional to its value, value label after the bar. Every label is XML-escaped, so the
 * result can be placed unescaped in HTML. Returns '' when there are no bars.
 */
export function renderBarChart(bars: readonly Bar[], options: BarChartOptions): string {
  if (bars.length === 0) return '';
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const barArea = o.width - o.labelWidth - o.valueWidth;
  const widths = barWidths(
    bars.map((b) => b.value),
    barArea,
  );
  const labels = bars.map((bar) => wrapLabel(bar.label, o.maxLabelChars));
  const heights = labels.map((lines) => Math.max(o.barHeight, lines.length > 1 ? TWO_LINE_ROW : 0));
  const height = heights.reduce((a, h) => a + h + o.gap, o.gap);
  const title = escapeXml(o.title);
  let top = o.gap;
  const rows = bars.map((bar, i) => {
    const rowTop = top;
    top += heights[i]! + o.gap;
    const mid = rowTop + heights[i]! / 2;
    const y = mid - o.barHeight / 2;
    const textY = fmt(mid);
    const lines = labels[i]!;
    const labelText =
      lines.length === 1
        ? escapeXml(lines[0]!)
        : lines.map((line, l) => `<tspan x="${o.labelWidth - 8}" dy="${l === 0 ? '-0.6em' : '1.2em'}">${escapeXml(line)}</tspan>`).join('');
    const fill = bar.muted ? MUTED_COLOUR : BAR_COLOUR;
    const valueLabel = bar.valueLabel ?? String(bar.value);
    return (
      `<g class="bar${bar.muted ? ' bar-muted' : ''}">` +
      `<title>${escapeXml(`${bar.label}: ${valueLabel}`)}</title>` +
      `<text x="${o.labelWidth - 8}" y="${textY}" text-anchor="end" dominant-baseline="middle">${labelText}</text>` +
      `<rect x="${o.labelWidth}" y="${fmt(y)}" width="${fmt(widths[i])}" height="${o.barHeight}" fill="${fill}" rx="2"></rect>` +
      `<text x="${fmt(o.labelWidth + widths[i] + 6)}" y="${textY}" dominant-baseline="middle">${escapeXml(valueLabel)}</text>` +
      `</g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${o.width} ${height}" width="${o.width}" height="${height}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" font-size="12" fill="${TEXT_COLOUR}">` +
    `<title>${title}</title>` +
    rows.join('') +
    `</svg>`
  );
}

function stripUndefined(options: BarChartOptions): Partial<typeof DEFAULTS> & { title: string } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out as Partial<typeof DEFAULTS> & { title: string };
}
