// Page view models: everything a page shows, computed here so the EJS templates hold no logic.
import type { AnalysedSegment, CampaignCounting, DocumentInfo, Synthesis, Theme } from '../model/index.ts';
import { renderBarChart } from '../report/charts.ts';
import { buildReportView } from '../report/view-model.ts';
import { formatPercent, orderThemes, plural } from '../report/format.ts';
import type { NextStepView, ReportView, ThemeView } from '../report/view-types.ts';
import type { CurrentSynthesis } from '../services/harvest.ts';
import { describeFilter, filterSynthesis, markMultiChoice, matchesFilter, type AttributeFilter } from '../report/filtered.ts';
import { dateRangeOf, filterOptionsOf, type FilterOption } from './show-only.ts';

export { describeFilter, matchesFilter, type AttributeFilter };
import type { ThemeEdit } from '../store/schema.ts';
import { memoised } from './synthesis-memo.ts';

interface SynthesisIndex {
  segById: Map<string, AnalysedSegment>;
  themeById: Map<string, Theme>;
  quoteIds: Set<string>;
  categoryLabel: Map<string, string>;
}

/** Lookups by id over the synthesis, built once per version. */
function indexOf(current: CurrentSynthesis): SynthesisIndex {
  return memoised(current, 'index', () => {
    const s = current.synthesis;
    return {
      segById: new Map(s.segments.map((seg) => [seg.id, seg])),
      themeById: new Map(s.scopes.flatMap((sc) => sc.themes.map((t) => [t.id, t] as const))),
      quoteIds: new Set(s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.quotes.map((q) => q.segmentId)))),
      categoryLabel: new Map(s.method.categories.map((c) => [c.id, c.label])),
    };
  });
}

/** The shared report view model of a version (every page that shows themes starts from it). */
function reportViewOf(current: CurrentSynthesis): ReportView {
  return memoised(current, 'report-view', () => buildReportView(current.synthesis));
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
  /** 'group is “A”': said beside every section while *Show only* applies ('' without a filter). */
  filterDescription: string;
  filters: FilterOption[];
  /** The span of the survey answers' submission days, for the date range inputs (null when none is dated). */
  dates: { min: string; max: string } | null;
  scopes: (ReportView['scopes'][number] & { themes: ReportThemeModel[]; mergeable: { id: string; label: string }[]; filteredChartSvg: string })[];
  edits: EditLine[];
  skippedEdits: number;
  /** The Next steps register, each row linked to its segment's page (filtered like the themes). */
  nextSteps: (NextStepView & { url: string })[];
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
      : e.type === 'rename-subtheme' ? `Renamed sub-theme ${e.subtheme.themeId} to “${e.label}”`
      : e.type === 'merge-subthemes' ? `Merged sub-themes ${e.subthemes.map((t) => t.themeId).join(', ')}${e.label ? ` as “${e.label}”` : ''}`
      : e.type === 'promote-subtheme' ? `Made sub-theme ${e.subtheme.themeId} a theme`
      : `Pinned quote ${e.segmentId} in theme ${e.theme.themeId}`;
    const o = outcomes.get(e.id);
    return { id: e.id, what, when: e.at.slice(0, 16).replace('T', ' '), who: `${e.author} (${e.by})`, applied: o?.applied ?? false, note: o?.note ?? '' };
  });
}

/** The report page: the shared report view model plus theme links, filter counts, merge choices and the edit history. */
export function reportPage(consultationId: string, current: CurrentSynthesis, filter: AttributeFilter | null, campaigns?: CampaignCounting): ReportPageModel {
  const key = `report|${consultationId}|${filter ? `${filter.attribute}\u0000${filter.value}\u0000${filter.from ?? ''}\u0000${filter.to ?? ''}` : ''}|${campaigns ?? ''}`;
  return memoised(current, key, () => buildReportPage(consultationId, current, filter && markMultiChoice(filter, current.synthesis.segments), campaigns));
}

function buildReportPage(consultationId: string, current: CurrentSynthesis, filter: AttributeFilter | null, campaigns?: CampaignCounting): ReportPageModel {
  const s = current.synthesis;
  const { segById, themeById } = indexOf(current);
  const filterDescription = filter ? describeFilter(filter) : '';
  // A copy: the page changes its quotes (links) and minority views, the shared view stays as built. With a filter,
  // the whole report (summary, counts, charts, stakeholders) is built over the matching segments.
  // Campaigns counted otherwise than analysed (?campaigns=) give their own view, as a filter does.
  const view = filter
    ? buildReportView(filterSynthesis(s, (seg) => matchesFilter(seg, filter), filterDescription), { campaigns })
    : campaigns && campaigns !== (s.campaigns?.counting ?? 'each') ? buildReportView(s, { campaigns }) : { ...reportViewOf(current) };
  const matching = filter ? s.segments.filter((seg) => matchesFilter(seg, filter)).length : s.segments.length;
  const scopes = view.scopes.map((scope) => {
    const themes: ReportThemeModel[] = scope.themes.map((t) => {
      const memberIds = themeById.get(t.id)!.segmentIds;
      const shown = filter ? t.size : memberIds.length;
      const quotes = (filter ? t.quotes.filter((q) => matchesFilter(segById.get(q.segmentId)!, filter)) : t.quotes).map((q) => ({ ...q, url: quoteUrl(consultationId, segById.get(q.segmentId)) }));
      return { ...t, quotes, url: `/consultations/${consultationId}/themes/${encodeURIComponent(t.id)}`, shown, shownLine: filter ? `${shown} of the theme's ${memberIds.length} match the filter` : '' };
    });
    const filteredChartSvg = filter ? scope.chartSvg : '';
    return { ...scope, themes, filteredChartSvg, mergeable: themes.map((t) => ({ id: t.id, label: t.tableLabel })) };
  });
  view.minorityViews = view.minorityViews.map((mv) => ({ ...mv, quote: { ...mv.quote, url: quoteUrl(consultationId, segById.get(mv.quote.segmentId)) } }));
  const nextSteps = view.nextSteps
    .filter((n) => !filter || (segById.has(n.segmentId) && matchesFilter(segById.get(n.segmentId)!, filter)))
    .map((n) => ({ ...n, url: quoteUrl(consultationId, segById.get(n.segmentId)) }));
  return {
    view,
    filter,
    filterDescription,
    filterLine: filter ? `Showing ${plural(matching, 'segment')} where ${filterDescription} (${formatPercent(matching / Math.max(1, s.segments.length))} of all).` : '',
    filters: filterOptionsOf(current, filter),
    dates: dateRangeOf(current),
    scopes,
    edits: editLines(current),
    skippedEdits: current.outcomes.filter((o) => !o.applied).length,
    nextSteps,
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

function segmentRow(consultationId: string, index: SynthesisIndex, seg: AnalysedSegment, quotes: ReadonlySet<string>): SegmentRow {
  const theme = seg.themeId ? index.themeById.get(seg.themeId) : undefined;
  const category = index.categoryLabel.get(seg.coding.category) ?? 'Other';
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
  /** One line on what the members talk about, or null. */
  description: string | null;
  edited: boolean;
  isOther: boolean;
  /** The theme's segments on this page (all of them when they fit on one). */
  segments: SegmentRow[];
  /** All the theme's segments. */
  total: number;
  /** The number of the first segment on this page (1 on the first). */
  start: number;
  /** Which segments this page shows, and links to the pages before and after (null on one page). */
  pages: { line: string; previous: string | null; next: string | null } | null;
  /** Where a segment can be moved: the scope's other themes, and (for notes) the categories. */
  moveThemes: { id: string; label: string }[];
  moveCategories: { id: string; label: string }[];
  chartSvg: string;
  byAttribute: ThemeView['byAttribute'];
  /** The theme's sub-themes, largest first, for review (rename, merge, make a theme); empty when it has none. */
  subthemes: { id: string; label: string; sizeLine: string; keyTermsText: string; editedByHuman: boolean }[];
  /** The sub-theme of each segment on this page, by segment id. */
  subthemeOf: Map<string, string>;
}

/** Segments per theme page: a theme of a national survey can hold thousands; each row carries its edit forms. */
export const THEME_PAGE_SIZE = 100;

/** The theme page: its segments (a page of them) with source links and the edit forms' choices; null when there is no such theme. */
export function themePage(consultationId: string, current: CurrentSynthesis, themeId: string, page = 1): ThemePageModel | null {
  return memoised(current, `theme|${consultationId}|${themeId}|${page}`, () => buildThemePage(consultationId, current, themeId, page));
}

function buildThemePage(consultationId: string, current: CurrentSynthesis, themeId: string, page: number): ThemePageModel | null {
  const s = current.synthesis;
  const index = indexOf(current);
  const theme = index.themeById.get(themeId);
  const scope = theme ? s.scopes.find((sc) => sc.themes.includes(theme)) : undefined;
  if (!theme || !scope) return null;
  const view = reportViewOf(current).scopes.find((sc) => sc.id === scope.id)!.themes.find((t) => t.id === themeId)!;
  const quotes = new Set(theme.quotes.map((q) => q.segmentId));
  const total = theme.segmentIds.length;
  const count = Math.max(1, Math.ceil(total / THEME_PAGE_SIZE));
  const number = Math.min(Math.max(1, page), count);
  const from = (number - 1) * THEME_PAGE_SIZE;
  const segments = theme.segmentIds.slice(from, from + THEME_PAGE_SIZE).map((id) => segmentRow(consultationId, index, index.segById.get(id)!, quotes));
  const url = (n: number): string => `/consultations/${consultationId}/themes/${encodeURIComponent(theme.id)}${n > 1 ? `?page=${n}` : ''}`;
  const notes = scope.kind === 'category';
  const attrRows = view.byAttribute;
  return {
    id: theme.id,
    label: theme.label,
    heading: view.heading,
    scopeLabel: scope.label,
    sizeLine: view.sizeLine,
    keyTerms: view.keyTermsText,
    description: view.description,
    edited: theme.editedBy === 'human',
    isOther: theme.isOther,
    segments,
    total,
    start: from + 1,
    pages: count > 1 ? { line: `Segments ${from + 1}–${from + segments.length} of ${total} (page ${number} of ${count})`, previous: number > 1 ? url(number - 1) : null, next: number < count ? url(number + 1) : null } : null,
    moveThemes: orderThemes(scope.themes).filter((t) => t.id !== theme.id).map((t) => ({ id: t.id, label: t.label })),
    moveCategories: notes ? [...s.method.categories.map((c) => ({ id: c.id, label: c.label })), { id: 'other', label: 'Other' }].filter((c) => c.id !== scope.category) : [],
    chartSvg: attrRows.length
      ? renderBarChart(attrRows[0]!.rows.map((r) => ({ label: r.label, value: r.count, valueLabel: `${r.count} (${r.share})` })), { title: `${attrRows[0]!.heading}: ${theme.label}` })
      : '',
    byAttribute: attrRows,
    subthemes: view.subthemes.map((sub) => ({ id: sub.id, label: sub.label, sizeLine: sub.sizeLine, keyTermsText: sub.keyTermsText, editedByHuman: sub.editedByHuman })),
    subthemeOf: new Map(theme.subthemes.flatMap((sub) => sub.segmentIds.map((id) => [id, sub.id] as const))),
  };
}

/** Segments by document and line (a survey record), in synthesis order, built once per version. */
function segmentsByRecord(current: CurrentSynthesis): Map<string, AnalysedSegment[]> {
  return memoised(current, 'by-record', () => {
    const map = new Map<string, AnalysedSegment[]>();
    for (const seg of current.synthesis.segments) {
      const key = `${seg.provenance.documentId}\u0000${seg.provenance.line}`;
      const list = map.get(key);
      if (list) list.push(seg);
      else map.set(key, [seg]);
    }
    return map;
  });
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
  const index = indexOf(current);
  const seg = index.segById.get(segmentId);
  if (!seg) return null;
  const doc: DocumentInfo | undefined = current.documents.find((d) => d.id === seg.provenance.documentId);
  if (!doc) return null;
  const quotes = index.quoteIds;
  const row = segmentRow(consultationId, index, seg, quotes);
  if (doc.text !== null) {
    const endLine = seg.provenance.line + (doc.text.slice(seg.provenance.start, seg.provenance.end).match(/\n/g)?.length ?? 0);
    const lines = doc.text.split('\n').map((text, i) => ({ number: i + 1, text, highlight: i + 1 >= seg.provenance.line && i + 1 <= endLine }));
    return { document: doc.name, kind: 'notes', segment: row, lines, respondent: null, cells: [], answers: [] };
  }
  const record = doc.records?.find((r) => r.line === seg.provenance.line);
  const cells = (doc.headers ?? []).map((header, i) => ({ header, value: record?.cells[i] ?? '', highlight: header === seg.provenance.column }));
  const answers = (segmentsByRecord(current).get(`${doc.id}\u0000${seg.provenance.line}`) ?? []).map((x) => segmentRow(consultationId, index, x, quotes));
  return { document: doc.name, kind: 'survey', segment: row, lines: [], respondent: seg.respondentId, cells, answers };
}

export interface SearchPageModel {
  query: string;
  filter: AttributeFilter | null;
  filters: FilterOption[];
  /** The first and last submission day of the survey answers, for the date range (null: no answer is dated). */
  dates: { min: string; max: string } | null;
  total: number;
  shown: SegmentRow[];
  countLine: string;
}

const MAX_RESULTS = 200;

/** Text as search compares it: without accents, lower case. */
const fold = (t: string): string => t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Search all segments by words (every word must occur, case- and accent-insensitively), optionally within an attribute value and a submission date range. */
export function searchPage(consultationId: string, current: CurrentSynthesis, query: string, given: AttributeFilter | null): SearchPageModel {
  const s = current.synthesis;
  const filter = given && markMultiChoice(given, s.segments);
  const words = fold(query).split(/\s+/).filter(Boolean);
  const index = indexOf(current);
  // Folded once per version: a search then only compares strings.
  const folded = memoised(current, 'folded', () => s.segments.map((seg) => fold(seg.text)));
  const hits = words.length || filter ? s.segments.filter((seg, i) => matchesFilter(seg, filter) && words.every((w) => folded[i]!.includes(w))) : [];
  return {
    query,
    filter,
    filters: filterOptionsOf(current, filter),
    dates: dateRangeOf(current),
    total: hits.length,
    shown: hits.slice(0, MAX_RESULTS).map((seg) => segmentRow(consultationId, index, seg, index.quoteIds)),
    countLine:
      words.length || filter
        ? `${plural(hits.length, 'segment')} found${filter ? ` where ${describeFilter(filter)}` : ''}${hits.length > MAX_RESULTS ? ` (the first ${MAX_RESULTS} are shown)` : ''}.`
        : '',
  };
}
