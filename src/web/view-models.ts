// Page view models: everything a page shows, computed here so the EJS templates hold no logic.
import type { AnalysedSegment, DocumentInfo, Synthesis } from '../model/index.ts';
import { renderBarChart } from '../report/charts.ts';
import { buildReportView, formatPercent, orderThemes, plural, type ReportView, type ThemeView } from '../report/view-model.ts';
import type { CurrentSynthesis } from '../services/harvest.ts';
import type { ThemeEdit } from '../store/schema.ts';

export interface AttributeFilter {
  attribute: string;
  value: string;
}

export interface FilterOption {
  attribute: string;
  label: string;
  values: { value: string; count: number; selected: boolean }[];
}

/** Attribute values of all segments (organisation type, country, breakout group...), for the filter menus. */
export function filterOptions(s: Synthesis, current: AttributeFilter | null): FilterOption[] {
  const counts = new Map<string, Map<string, number>>();
  for (const seg of s.segments) {
    for (const [attr, value] of Object.entries(seg.attributes)) {
      if (!value) continue;
      if (!counts.has(attr)) counts.set(attr, new Map());
      counts.get(attr)!.set(value, (counts.get(attr)!.get(value) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    // Attributes that tell groups apart: 2..40 values, not one per segment (dates, ids).
    .filter(([, values]) => values.size >= 2 && values.size <= 40)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([attribute, values]) => ({
      attribute,
      label: attribute.replace(/_/g, ' '),
      values: [...values.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, count]) => ({ value, count, selected: current?.attribute === attribute && current.value === value })),
    }));
}

export function matchesFilter(seg: AnalysedSegment, filter: AttributeFilter | null): boolean {
  return !filter || seg.attributes[filter.attribute] === filter.value;
}

/** Link from a quote to its source: the notes at its line, or the respondent's answers. */
export function quoteUrl(consultationId: string, seg: AnalysedSegment | undefined): string {
  if (!seg) return '#';
  return `/consultations/${consultationId}/segments/${encodeURIComponent(seg.id)}${seg.kind === 'note' ? `#L${seg.provenance.line}` : ''}`;
}

export interface ReportThemeModel extends ThemeView {
  url: string;
  /** Segments of the theme that match the filter (all without a filter). */
  shown: number;
  shownLine: string;
}

export interface ReportPageModel {
  view: ReportView;
  filter: AttributeFilter | null;
  filterLine: string;
  filters: FilterOption[];
  scopes: (ReportView['scopes'][number] & { themes: ReportThemeModel[]; mergeable: { id: string; label: string }[]; filteredChartSvg: string })[];
  edits: EditLine[];
  skippedEdits: number;
}

export interface EditLine {
  id: string;
  what: string;
  when: string;
  who: string;
  applied: boolean;
  note: string;
}

/** One line per edit for the history list: "Renamed theme s1-t2 to “Cost of data”". */
export function editLines(current: CurrentSynthesis): EditLine[] {
  const outcomes = new Map(current.outcomes.map((o) => [o.editId, o]));
  return current.edits.map((e: ThemeEdit) => {
    const what =
      e.type === 'rename' ? `Renamed theme ${e.theme.themeId} to “${e.label}”`
      : e.type === 'merge' ? `Merged themes ${e.themes.map((t) => t.themeId).join(', ')}${e.label ? ` as “${e.label}”` : ''}`
      : e.type === 'split' ? `Split theme ${e.theme.themeId}${e.k ? ` into ${e.k}` : ''}`
      : e.type === 'move' ? `Moved segment ${e.segmentId} to ${e.theme ? `theme ${e.theme.themeId}` : `category ${e.category}`}`
      : e.type === 'exclude' ? `Excluded segment ${e.segmentId}`
      : `Pinned quote ${e.segmentId} in theme ${e.theme.themeId}`;
    const o = outcomes.get(e.id);
    return { id: e.id, what, when: e.at.slice(0, 16).replace('T', ' '), who: `${e.author} (${e.by})`, applied: o?.applied ?? false, note: o?.note ?? '' };
  });
}

/** The report page: the shared report view model plus theme links, filter counts, merge choices and the edit history. */
export function reportPage(consultationId: string, current: CurrentSynthesis, filter: AttributeFilter | null): ReportPageModel {
  const s = current.synthesis;
  const view = buildReportView(s);
  const segById = new Map(s.segments.map((seg) => [seg.id, seg]));
  const themeById = new Map(s.scopes.flatMap((sc) => sc.themes.map((t) => [t.id, t] as const)));
  const matching = s.segments.filter((seg) => matchesFilter(seg, filter)).length;
  const scopes = view.scopes.map((scope) => {
    const themes: ReportThemeModel[] = scope.themes.map((t) => {
      const members = themeById.get(t.id)!.segmentIds.map((id) => segById.get(id)!);
      const shown = members.filter((m) => matchesFilter(m, filter)).length;
      const quotes = (filter ? t.quotes.filter((q) => matchesFilter(segById.get(q.segmentId)!, filter)) : t.quotes).map((q) => ({ ...q, url: quoteUrl(consultationId, segById.get(q.segmentId)) }));
      return { ...t, quotes, url: `/consultations/${consultationId}/themes/${encodeURIComponent(t.id)}`, shown, shownLine: filter ? `${shown} of ${t.size} match the filter` : '' };
    });
    const filteredChartSvg = filter
      ? renderBarChart(themes.map((t) => ({ label: t.tableLabel, value: t.shown, muted: t.isOther, valueLabel: String(t.shown) })), { title: `Theme sizes for ${filter.attribute} = ${filter.value}: ${scope.label}` })
      : '';
    return { ...scope, themes, filteredChartSvg, mergeable: themes.map((t) => ({ id: t.id, label: t.tableLabel })) };
  });
  view.minorityViews = view.minorityViews.map((mv) => ({ ...mv, quote: { ...mv.quote, url: quoteUrl(consultationId, segById.get(mv.quote.segmentId)) } }));
  return {
    view,
    filter,
    filterLine: filter ? `Showing ${plural(matching, 'segment')} where ${filter.attribute.replace(/_/g, ' ')} is “${filter.value}” (${formatPercent(matching / Math.max(1, s.segments.length))} of all).` : '',
    filters: filterOptions(s, filter),
    scopes,
    edits: editLines(current),
    skippedEdits: current.outcomes.filter((o) => !o.applied).length,
  };
}

export interface SegmentRow {
  id: string;
  text: string;
  where: string;
  category: string;
  theme: string;
  themeUrl: string | null;
  sourceUrl: string;
  isQuote: boolean;
}

function segmentRow(consultationId: string, s: Synthesis, seg: AnalysedSegment, quotes: Set<string>): SegmentRow {
  const theme = s.scopes.flatMap((sc) => sc.themes).find((t) => t.id === seg.themeId);
  const category = s.method.categories.find((c) => c.id === seg.coding.category)?.label ?? 'Other';
  const where = seg.respondentId
    ? `${seg.provenance.document}, respondent ${seg.respondentId}, line ${seg.provenance.line}`
    : `${seg.provenance.document}, line ${seg.provenance.line}${seg.section ? `, section “${seg.section}”` : ''}`;
  return {
    id: seg.id,
    text: seg.text,
    where,
    category,
    theme: theme?.label ?? '—',
    themeUrl: theme ? `/consultations/${consultationId}/themes/${encodeURIComponent(theme.id)}` : null,
    sourceUrl: quoteUrl(consultationId, seg),
    isQuote: quotes.has(seg.id),
  };
}

export interface ThemePageModel {
  id: string;
  label: string;
  heading: string;
  scopeLabel: string;
  sizeLine: string;
  keyTerms: string;
  edited: boolean;
  isOther: boolean;
  segments: SegmentRow[];
  /** Where a segment can be moved: the scope's other themes, and (for notes) the categories. */
  moveThemes: { id: string; label: string }[];
  moveCategories: { id: string; label: string }[];
  chartSvg: string;
  byAttribute: ThemeView['byAttribute'];
}

/** The theme page: every member segment with its source link and the edit forms' choices. */
export function themePage(consultationId: string, current: CurrentSynthesis, themeId: string): ThemePageModel | null {
  const s = current.synthesis;
  const scope = s.scopes.find((sc) => sc.themes.some((t) => t.id === themeId));
  if (!scope) return null;
  const theme = scope.themes.find((t) => t.id === themeId)!;
  const view = buildReportView(s).scopes.find((sc) => sc.id === scope.id)!.themes.find((t) => t.id === themeId)!;
  const segById = new Map(s.segments.map((seg) => [seg.id, seg]));
  const quotes = new Set(theme.quotes.map((q) => q.segmentId));
  const segments = theme.segmentIds.map((id) => segmentRow(consultationId, s, segById.get(id)!, quotes));
  const notes = scope.kind === 'category';
  const attrRows = view.byAttribute;
  return {
    id: theme.id,
    label: theme.label,
    heading: view.heading,
    scopeLabel: scope.label,
    sizeLine: view.sizeLine,
    keyTerms: view.keyTermsText,
    edited: theme.editedBy === 'human',
    isOther: theme.isOther,
    segments,
    moveThemes: orderThemes(scope.themes).filter((t) => t.id !== theme.id).map((t) => ({ id: t.id, label: t.label })),
    moveCategories: notes ? [...s.method.categories.map((c) => ({ id: c.id, label: c.label })), { id: 'other', label: 'Other' }].filter((c) => c.id !== scope.category) : [],
    chartSvg: attrRows.length
      ? renderBarChart(attrRows[0]!.rows.map((r) => ({ label: r.label, value: r.count, valueLabel: `${r.count} (${r.share})` })), { title: `${attrRows[0]!.heading}: ${theme.label}` })
      : '',
    byAttribute: attrRows,
  };
}

export interface SourcePageModel {
  document: string;
  kind: 'notes' | 'survey';
  segment: SegmentRow;
  /** Notes: every line with its number, the segment's lines highlighted. */
  lines: { number: number; text: string; highlight: boolean }[];
  /** Survey: the respondent's row, the answered question highlighted, and their segments. */
  respondent: string | null;
  cells: { header: string; value: string; highlight: boolean }[];
  answers: SegmentRow[];
}

/** The source of a segment: the notes with its lines highlighted, or the respondent's whole row. */
export function sourcePage(consultationId: string, current: CurrentSynthesis, segmentId: string): SourcePageModel | null {
  const s = current.synthesis;
  const seg = s.segments.find((x) => x.id === segmentId);
  if (!seg) return null;
  const doc: DocumentInfo | undefined = current.documents.find((d) => d.id === seg.provenance.documentId);
  if (!doc) return null;
  const quotes = new Set(s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.quotes.map((q) => q.segmentId))));
  const row = segmentRow(consultationId, s, seg, quotes);
  if (doc.text !== null) {
    const endLine = seg.provenance.line + (doc.text.slice(seg.provenance.start, seg.provenance.end).match(/\n/g)?.length ?? 0);
    const lines = doc.text.split('\n').map((text, i) => ({ number: i + 1, text, highlight: i + 1 >= seg.provenance.line && i + 1 <= endLine }));
    return { document: doc.name, kind: 'notes', segment: row, lines, respondent: null, cells: [], answers: [] };
  }
  const record = doc.records?.find((r) => r.line === seg.provenance.line);
  const cells = (doc.headers ?? []).map((header, i) => ({ header, value: record?.cells[i] ?? '', highlight: header === seg.provenance.column }));
  const answers = s.segments
    .filter((x) => x.provenance.documentId === doc.id && x.provenance.line === seg.provenance.line)
    .map((x) => segmentRow(consultationId, s, x, quotes));
  return { document: doc.name, kind: 'survey', segment: row, lines: [], respondent: seg.respondentId, cells, answers };
}

export interface SearchPageModel {
  query: string;
  filter: AttributeFilter | null;
  filters: FilterOption[];
  total: number;
  shown: SegmentRow[];
  countLine: string;
}

const MAX_RESULTS = 200;

/** Search all segments by words (every word must occur, case- and accent-insensitively), optionally within an attribute value. */
export function searchPage(consultationId: string, current: CurrentSynthesis, query: string, filter: AttributeFilter | null): SearchPageModel {
  const s = current.synthesis;
  const fold = (t: string): string => t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  const quotes = new Set(s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.quotes.map((q) => q.segmentId))));
  const hits = words.length || filter ? s.segments.filter((seg) => matchesFilter(seg, filter) && words.every((w) => fold(seg.text).includes(w))) : [];
  return {
    query,
    filter,
    filters: filterOptions(s, filter),
    total: hits.length,
    shown: hits.slice(0, MAX_RESULTS).map((seg) => segmentRow(consultationId, s, seg, quotes)),
    countLine: words.length || filter ? `${plural(hits.length, 'segment')} found${hits.length > MAX_RESULTS ? ` (the first ${MAX_RESULTS} are shown)` : ''}.` : '',
  };
}
