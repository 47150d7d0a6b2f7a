// The report view model: every label, ordering, percentage and chart of a report, computed once from a Synthesis.
import { multiChoiceQuestions, type CampaignCounting, type DocumentInfo, type Quote, type Scope, type Synthesis, type Theme } from '../model/index.ts';
import { replaceSpans } from '../privacy/personal-data.ts';
import { createRedaction, redactSynthesis } from '../privacy/redact.ts';
import { languageDisplayName, quoteLanguage } from '../pipeline/languages.ts';
import { own } from '../model/dict.ts';
import { renderBarChart } from './charts.ts';
import { renderTreemap } from './treemap.ts';
import { boardGroupings, type BoardGroupingView } from './board-groups.ts';
import { differencesSection, type DifferencesSectionView } from './differences-view.ts';
import { campaignsSection, campaignTally, scopeCount, themeCount as countWithCampaigns, type CampaignsSectionView } from './campaigns-view.ts';
import { coherenceWords, joinWrappedLines, oneVoiceLine } from '../pipeline/phrasing.ts';
import { nextStepsNote } from './next-steps-note.ts';

/** Options shared by every report renderer. */
export interface ReportOptions {
  /** Replace e-mail addresses, phone numbers and person names with [email], [phone], [name]. */
  redact?: boolean;
  /** The consultation's documents: their attendee lists and texts name people the synthesis does not keep. */
  documents?: readonly DocumentInfo[];
  /** The synthesis given was redacted already (redactSynthesis): the report says so and redacts nothing more. */
  alreadyRedacted?: boolean;
  /** The report's title: the consultation's name (web app) or `--title` (command line); default from the documents' own titles. */
  title?: string;
  /** How campaigns count in theme counts (default: as the synthesis was analysed, `--campaigns`). */
  campaigns?: CampaignCounting;
}

export interface QuoteView {
  segmentId: string;
  /** The quote verbatim, with lines its source wrapped mid-sentence joined (joinWrappedLines): one paragraph. */
  text: string;
  /** Where the quote is: "breakout-a.md, line 12, section 'Obstacles'" (no leading dash); ", in BCMS, Cyrillic" when not in the main language. */
  provenance: string;
  /** The quote's language when it is not the consultation's main one ("BCMS, Cyrillic", "Macedonian"), else null. */
  language: string | null;
}

export interface CountRow {
  label: string;
  count: number;
  /** Percentage of the row's whole, e.g. "40%". */
  share: string;
}

export interface CountTable {
  heading: string;
  rows: CountRow[];
}

export interface ThemeView {
  id: string;
  anchor: string;
  /** "1", "2"... for themes; "—" for the Other theme. */
  rank: string;
  label: string;
  /** The label with its markers for tables and charts: "Other", "(edited by hand)". */
  tableLabel: string;
  /** "1. Cost of devices" or "Other (not grouped into a theme)". */
  heading: string;
  isOther: boolean;
  editedByHuman: boolean;
  size: number;
  /** The size as counted: with campaigns counted once, each campaign's copies in the theme count as one. */
  counted: number;
  share: string;
  /** "2 segments (50%)", "40 segments (50%), of which 37 from one template". */
  sizeLine: string;
  keyTerms: string[];
  /** One line on what the members talk about (null: none, as for Other or a synthesis written before descriptions). */
  description: string | null;
  /** Key terms joined with ", " (or "—" when there are none). */
  keyTermsText: string;
  /** Coherence as a number, "0.64" (for a tooltip). */
  coherence: string;
  /** Coherence in words: "a tight theme", "a fairly tight theme", "a loose theme: check it". */
  coherenceText: string;
  /** "8 of 9 points from group C, which gave 31% of this section's points" when most of the theme comes from one voice, else null. */
  oneVoice: string | null;
  language: string;
  quotes: QuoteView[];
  byAttribute: CountTable[];
  byDocument: CountRow[];
  /** The theme's distinct points, largest first (none when the theme makes one point). */
  subthemes: SubthemeView[];
}

/** A sub-theme as the report shows it, collapsed under its theme. */
export interface SubthemeView {
  id: string;
  label: string;
  size: number;
  /** "12 segments (40% of the theme)". */
  sizeLine: string;
  keyTermsText: string;
  editedByHuman: boolean;
  quotes: QuoteView[];
}

export interface ScopeView {
  id: string;
  anchor: string;
  label: string;
  kind: Scope['kind'];
  /** "Survey question", "Category" or "Section". */
  kindLabel: string;
  /** "Barriers (category)". */
  heading: string;
  segments: number;
  /** "4 segments, 2 themes". */
  countsLine: string;
  summary: string[];
  themes: ThemeView[];
  chartSvg: string;
  /** The overview picture of the scope's theme tree (themes sized by segments, sub-themes inside, cells linked to the themes). */
  treemapSvg: string;
}

export interface StakeholderView {
  type: string;
  label: string;
  mentions: number;
  asStakeholder: number;
  /** "ministry (4), municipality (2)". */
  topTerms: string;
  /** "breakout-a.md (2), survey.csv (1)". */
  byDocument: string;
  /** "country: Serbia (1); group: Breakout A (2)" or "—". */
  byAttribute: string;
  quotes: QuoteView[];
}

export interface MinorityViewView {
  scopeLabel: string;
  categoryLabel: string;
  reason: string;
  quote: QuoteView;
}

/** One row of the Next steps register, ready to show. */
export interface NextStepView {
  /** Who will do it, as written, or "—" when the line names no one. */
  owner: string;
  /** What will be done (the whole line when it could not be told apart from owner and date). */
  task: string;
  /** By when, as written, or "—". */
  due: string;
  segmentId: string;
  document: string;
  line: number;
  /** "breakout-a.md, line 12". */
  source: string;
  /** The action line verbatim. */
  text: string;
}

export interface DocumentView {
  name: string;
  title: string;
  /** The document's title with its file name beside it ("Breakout Group A (breakout-a.md)"), or the file name alone. */
  label: string;
  kind: string;
  format: string;
  /** The text encoding the file was read with ('—' for DOCX, PDF, XLSX, which say their own). */
  encoding: string;
  /** Warnings about how the file was read (a weak encoding guess, mixed bytes, over-long lines). */
  warnings: string[];
  segments: number;
  attendees: number;
  /** Organisations joined with "; " ('' when none were listed). */
  organisations: string;
  sections: number;
  skippedLines: number;
  /** The not-analysed register in short: runs of lines with their reason ("1 title · 2–4 metadata · 9 timestamp"), '' when none. */
  notAnalysed: string;
  metadata: { key: string; value: string }[];
  /** Survey facts as label/value lines, empty for notes. */
  survey: { key: string; value: string }[];
}

export interface QuestionRow {
  document: string;
  question: string;
  answered: number;
  blank: number;
  nonAnswer: number;
  /** The non-answers as written, distinct, with how many gave each ("Don't know" ×3): the No substantive answer group, for review. */
  nonAnswers: { text: string; count: number }[];
  answerRate: string;
}

export interface ReportView {
  lang: string;
  title: string;
  /** "Harvest 0.1.0 · 2 documents · 11 segments". */
  subtitle: string;
  redacted: boolean;
  redactionNote: string;
  executiveSummary: string[];
  contents: { anchor: string; label: string }[];
  overview: {
    facts: { label: string; value: string }[];
    documents: DocumentView[];
    organisations: string[];
    questions: QuestionRow[];
    languages: CountRow[];
  };
  /** Every segment tagged with each category (`count`), and how many of them are notes points, themed in the category's section (`inNotes`). */
  categories: (CountRow & { id: string; inNotes: number })[];
  /** What the category numbers count. */
  categoriesNote: string;
  categoryChartSvg: string;
  scopes: ScopeView[];
  /** Whiteboard exports: the facilitator's clusters beside Harvest's themes (empty when there is no board). */
  boardGroupings: BoardGroupingView[];
  stakeholders: StakeholderView[];
  minorityViews: MinorityViewView[];
  /** Campaigns and copies: answers pasted from one template (campaigns-view.ts). */
  campaigns: CampaignsSectionView;
  /** Who said it differently: themes a group raised more or less often than the others, tested (differences-view.ts). */
  differences: DifferencesSectionView;
  /** Shown when the consultation has notes (the register of actions agreed in meetings), even when empty. */
  showNextSteps: boolean;
  nextSteps: NextStepView[];
  /** Why fewer steps are listed than segments tagged Action (survey answers are not steps), '' when all are. */
  nextStepsNote: string;
  documents: DocumentView[];
  errors: { file: string; code: string; message: string }[];
  method: {
    steps: string[];
    seed: number;
    k: string;
    codebook: string;
    /** Category labels joined with ", ". */
    categories: string;
    parameters: { name: string; value: string }[];
  };
}

const MAX_QUOTES = 5;
/** Quotes shown under each sub-theme (the theme already shows its most central ones). */
const SUBTHEME_QUOTES = 2;
const MAX_STAKEHOLDER_QUOTES = 2;
const MAX_TERMS = 6;

const KIND_LABELS: Record<Scope['kind'], string> = {
  question: 'Survey question',
  category: 'Category',
  section: 'Section',
};


/** Format a 0..1 share as a percentage: "40%", "0.4%" below one per cent, "0%" for nothing. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const pct = share * 100;
  if (pct < 1) return `${Math.max(0.1, Math.round(pct * 10) / 10).toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** "1 segment" / "3 segments". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** At most this many distinct non-answers are listed per question (a large survey repeats a few hundreds of times). */
const NON_ANSWERS_LISTED = 60;

/** Distinct non-answers by how many gave each, most first, then as first written ("N/A" and "n/a" apart: as written). */
function distinctNonAnswers(texts: readonly string[]): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count).slice(0, NON_ANSWERS_LISTED);
}

/** Human name of a language code: "English (en)". */
export function languageName(code: string): string {
  const name = languageDisplayName(code);
  return name !== code ? `${name} (${code})` : code;
}

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

/** Words in a consultation's own title ("Regional consultation - ...", "Workshop on ..."): such a title names the whole. */
const CONSULTATION_WORDS = /\b(?:consultations?|workshops?|webinars?|meetings?|forums?|dialogues?|conferences?|hearings?|summit)\b/i;

/**
 * The title of a report when none is given: the documents' one title, or the first title that names a consultation
 * (a workshop, a webinar...), or the first document's title; "Consultation synthesis" when no document has one.
 */
export function defaultTitle(documents: readonly { title: string | null }[]): string {
  const titles = [...new Set(documents.map((d) => d.title?.trim()).filter((t): t is string => Boolean(t)))];
  if (titles.length === 0) return 'Consultation synthesis';
  const named = titles.find((t) => CONSULTATION_WORDS.test(t)) ?? titles[0]!;
  return `Synthesis: ${named}`;
}

/** A voice a theme's segments can come from: a value of a respondent attribute or group, or a document. */
function voiceName(kind: 'attribute' | 'document', name: string, value: string): string {
  if (kind === 'document') return value;
  const attr = name.replace(/_/g, ' ');
  if (/^(?:breakout[ _-]?)?group$/i.test(name)) return /^(?:breakout|group)\b/i.test(value) ? value : `group ${value}`;
  return `${attr} “${value}”`;
}

/** Share of a theme a single voice must give, and how far above its share of the whole scope, to be named. */
const ONE_VOICE_SHARE = 0.5;
const ONE_VOICE_OVER = 0.2;
const ONE_VOICE_MIN_SIZE = 3;

/**
 * "8 of 9 points from group C, which gave 31% of this section's points": when more than half of a theme's segments come from one
 * breakout group, respondent type or document that gave far less of the scope, so one table's point is not overstated.
 * Counts are the theme's and scope's own breakdowns (byAttribute, byDocument), so they can be recomputed.
 */
export function oneVoiceOf(theme: Theme, scopeThemes: readonly Theme[], unit: string, where = 'section'): string | null {
  if (theme.isOther || theme.size < ONE_VOICE_MIN_SIZE) return null;
  const scopeTotal = scopeThemes.reduce((a, t) => a + t.size, 0);
  const sources: { kind: 'attribute' | 'document'; name: string; counts: Record<string, number>; all: Map<string, number> }[] = [];
  const sum = (pick: (t: Theme) => Record<string, number> | undefined): Map<string, number> => {
    const all = new Map<string, number>();
    for (const t of scopeThemes) for (const [k, n] of Object.entries(pick(t) ?? {})) all.set(k, (all.get(k) ?? 0) + n);
    return all;
  };
  for (const name of Object.keys(theme.byAttribute).sort()) {
    sources.push({ kind: 'attribute', name, counts: theme.byAttribute[name]!, all: sum((t) => own(t.byAttribute, name)) });
  }
  sources.push({ kind: 'document', name: 'document', counts: theme.byDocument, all: sum((t) => t.byDocument) });
  let best: { n: number; line: string } | null = null;
  for (const src of sources) {
    if (src.all.size < 2) continue;
    for (const [value, n] of Object.entries(src.counts)) {
      const inScope = src.all.get(value) ?? 0;
      if (n / theme.size <= ONE_VOICE_SHARE || n / theme.size < inScope / scopeTotal + ONE_VOICE_OVER) continue;
      if (best && best.n >= n) continue;
      const whole = formatPercent(scopeTotal > 0 ? inScope / scopeTotal : 0);
      best = { n, line: `${oneVoiceLine(n, theme.size, unit, voiceName(src.kind, src.name, value))}, which gave ${whole} of this ${where}'s ${unit}` };
    }
  }
  return best?.line ?? null;
}

function sortCounts(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function countRows(record: Record<string, number>, total: number, label: (key: string) => string = (k) => k): CountRow[] {
  return sortCounts(record).map(([key, count]) => ({
    label: label(key),
    count,
    share: formatPercent(total > 0 ? count / total : 0),
  }));
}

function countsText(record: Record<string, number>, label: (key: string) => string = (k) => k, limit = Infinity): string {
  const entries = sortCounts(record).slice(0, limit);
  return entries.length === 0 ? '—' : entries.map(([k, n]) => `${label(k)} (${n})`).join(', ');
}

/** Themes in report order: by size (largest first, ties in their original order), the Other theme last. */
export function orderThemes(themes: readonly Theme[]): Theme[] {
  return themes
    .map((theme, index) => ({ theme, index }))
    .sort((a, b) => {
      if (a.theme.isOther !== b.theme.isOther) return a.theme.isOther ? 1 : -1;
      return b.theme.size - a.theme.size || a.index - b.index;
    })
    .map((x) => x.theme);
}

/** Characters of a quote shown in full; a longer one is cut at a word and ends with an ellipsis (its provenance says where it is). */
export const QUOTE_SHOWN_CHARS = 300;

/** A quote as shown: whole when short, else cut at the last space before QUOTE_SHOWN_CHARS with "…". */
export function shortenQuote(text: string, max = QUOTE_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.lastIndexOf(' ', max);
  if (cut < max / 2) cut = /[\uDC00-\uDFFF]/.test(text[max] ?? '') ? max - 1 : max;
  return `${text.slice(0, cut).trimEnd()} …`;
}

/** Build the provenance line of a quote; survey answers name the respondent, notes the section. */
function provenanceOf(q: Quote, isAnswer: boolean): string {
  if (q.respondentId) return `${q.document}, respondent ${q.respondentId}, line ${q.line}`;
  const where = `${q.document}, line ${q.line}`;
  if (!q.section) return where;
  return `${where}, ${isAnswer ? 'question' : 'section'} '${q.section}'`;
}

/**
 * Build the report view model: every value a Markdown or HTML report shows, formatted and ordered,
 * with charts as SVG strings. With `redact`, personal data is replaced in every text shown.
 */
export function buildReportView(input: Synthesis, options: ReportOptions = {}): ReportView {
  const redacted = options.redact === true || options.alreadyRedacted === true;
  // Redacted once, as data: every text below comes from the redacted copy, so none can be missed.
  const s = options.redact === true && !options.alreadyRedacted ? redactSynthesis(input, options.documents) : input;
  const segmentKinds = new Map(s.segments.map((seg) => [seg.id, seg.kind]));
  const multiChoice = multiChoiceQuestions(s.segments);
  const categoryLabels = new Map(s.method.categories.map((c) => [c.id, c.label]));
  const categoryLabel = (id: string): string => categoryLabels.get(id) ?? (id === 'other' ? 'Other' : id === 'action' ? 'Action' : id);
  const scopeLabels = new Map(s.scopes.map((sc) => [sc.id, sc.label]));

  // A quote in another language than the consultation's main one says so wherever it is shown.
  const segmentLanguages = new Map(s.segments.map((seg) => [seg.id, seg.annotation.language]));
  const detected = Object.entries(s.overview.languages).filter(([l]) => l !== 'und').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mainLanguage = own(s.overview.languages, 'en') || detected.length === 0 ? 'en' : detected[0]![0];
  const quoteView = (q: Quote): QuoteView => {
    const language = quoteLanguage(segmentLanguages.get(q.segmentId) ?? 'und', q.text, mainLanguage);
    const joined = joinWrappedLines(q.text);
    const short = shortenQuote(joined);
    const where = provenanceOf(q, segmentKinds.get(q.segmentId) === 'answer') + (short === joined ? '' : `, characters ${(q.start + 1).toLocaleString('en')}–${q.end.toLocaleString('en')} (quote shortened)`);
    return { segmentId: q.segmentId, text: short, provenance: language ? `${where}, in ${language}` : where, language };
  };

  const title = options.title?.trim() || defaultTitle(s.documents);

  // Categories: codebook categories and any other coded category, by count, "other" last.
  const categoryIds = [...s.method.categories.map((c) => c.id)];
  for (const id of Object.keys(s.overview.categories)) if (!categoryIds.includes(id)) categoryIds.push(id);
  const categories = categoryIds
    .map((id, index) => ({ id, index, count: own(s.overview.categories, id) ?? 0 }))
    .sort((a, b) => {
      if ((a.id === 'other') !== (b.id === 'other')) return a.id === 'other' ? 1 : -1;
      return b.count - a.count || a.index - b.index;
    })
    .map(({ id, count }) => ({
      id,
      label: categoryLabel(id),
      count,
      inNotes: s.scopes.filter((sc) => sc.kind === 'category' && sc.category === id).reduce((a, sc) => a + sc.segments, 0)
        + (id === 'action' ? (s.nextSteps ?? []).length : 0),
      share: formatPercent(s.overview.segments > 0 ? count / s.overview.segments : 0),
    }));
  const categoryChartSvg = renderBarChart(
    categories.filter((c) => c.count > 0).map((c) => ({ label: c.label, value: c.count, muted: c.id === 'other', valueLabel: `${c.count} (${c.share})` })),
    { title: 'Segments per category' },
  );

  const tally = campaignTally(s, options.campaigns);
  const scopes: ScopeView[] = s.scopes.map((scope, si) => {
    const ordered = orderThemes(scope.themes);
    const scopeCounted = scopeCount(scope, tally);
    let rank = 0;
    const themes: ThemeView[] = ordered.map((theme, ti) => {
      const label = theme.label;
      const rankText = theme.isOther ? '—' : String(++rank);
      const { counted, line } = countWithCampaigns(theme.id, theme.size, tally);
      const share = formatPercent(tally.counting === 'each' ? theme.share : counted / Math.max(1, scopeCounted));
      const keyTerms = theme.keyTerms;
      const otherMark = theme.isOther && !/^other\b/i.test(label.trim()) ? ' (other)' : '';
      const tableLabel = `${label}${otherMark}${theme.editedBy === 'human' ? ' (edited by hand)' : ''}`;
      return {
        id: theme.id,
        anchor: `theme-${si + 1}-${ti + 1}`,
        rank: rankText,
        label,
        tableLabel,
        heading: theme.isOther ? `${label} (not grouped into a theme)` : `${rankText}. ${label}`,
        isOther: theme.isOther,
        editedByHuman: theme.editedBy === 'human',
        size: theme.size,
        counted,
        share,
        sizeLine: line(share),
        keyTerms,
        description: theme.description ?? null,
        keyTermsText: keyTerms.length > 0 ? keyTerms.join(', ') : '—',
        coherence: theme.coherence.toFixed(2),
        coherenceText: theme.isOther ? 'not a theme' : coherenceWords(theme.coherence),
        oneVoice: oneVoiceOf(theme, scope.themes, scope.kind === 'question' ? 'answers' : 'points', scope.kind === 'question' ? 'question' : 'section'),
        language: languageName(theme.language),
        quotes: theme.quotes.slice(0, MAX_QUOTES).map(quoteView),
        byAttribute: Object.entries(theme.byAttribute)
          .sort((a, b) => a[0].localeCompare(b[0]))
          .map(([attribute, counts]) => ({
            heading: `By ${attribute.replace(/_/g, ' ')}${multiChoice.has(attribute) ? ' (options ticked; one respondent may tick several)' : ''}`,
            rows: countRows(counts, theme.size),
          })),
        byDocument: countRows(theme.byDocument, theme.size),
        subthemes: [...theme.subthemes]
          .sort((a, b) => b.size - a.size)
          .map((sub) => ({
            id: sub.id,
            label: sub.label,
            size: sub.size,
            sizeLine: `${plural(sub.size, 'segment')} (${formatPercent(theme.size > 0 ? sub.size / theme.size : 0)} of the theme)`,
            keyTermsText: sub.keyTerms.length > 0 ? sub.keyTerms.join(', ') : '—',
            editedByHuman: sub.editedBy === 'human',
            quotes: sub.quotes.slice(0, SUBTHEME_QUOTES).map(quoteView),
          })),
      };
    });
    const label = scopeLabels.get(scope.id) ?? scope.label;
    const themeCount = themes.filter((t) => !t.isOther).length;
    return {
      id: scope.id,
      anchor: `scope-${si + 1}`,
      label,
      kind: scope.kind,
      kindLabel: KIND_LABELS[scope.kind],
      heading: `${label} (${KIND_LABELS[scope.kind].toLowerCase()})`,
      segments: scope.segments,
      countsLine: `${plural(scope.segments, 'segment')}, ${plural(themeCount, 'theme')}`,
      summary: scope.summary,
      themes,
      chartSvg: renderBarChart(
        themes.map((t) => ({ label: t.tableLabel, value: t.counted, muted: t.isOther, valueLabel: `${t.counted} (${t.share})` })),
        { title: `Theme sizes: ${label}` },
      ),
      treemapSvg: renderTreemap(
        themes.map((t) => ({ label: t.label, value: t.size, href: `#${t.anchor}`, muted: t.isOther, children: t.subthemes.map((sub) => ({ label: sub.label, value: sub.size })) })),
        { title: `Themes and sub-themes: ${label}`, unit: scope.kind === 'question' ? 'answers' : 'segments' },
      ),
    };
  });

  const stakeholders: StakeholderView[] = s.stakeholders
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.mentions - a.entry.mentions || a.index - b.index)
    .map(({ entry }) => ({
      type: entry.type,
      label: entry.label,
      mentions: entry.mentions,
      asStakeholder: entry.asStakeholder,
      topTerms: countsText(entry.terms, undefined, MAX_TERMS),
      byDocument: countsText(entry.byDocument),
      byAttribute:
        Object.keys(entry.byAttribute).length === 0
          ? '—'
          : Object.entries(entry.byAttribute)
              .sort((a, b) => a[0].localeCompare(b[0]))
              .map(([attr, counts]) => `${attr.replace(/_/g, ' ')}: ${countsText(counts)}`)
              .join('; '),
      quotes: entry.quotes.slice(0, MAX_STAKEHOLDER_QUOTES).map(quoteView),
    }));

  const minorityViews: MinorityViewView[] = s.minorityViews.map((m) => ({
    scopeLabel: scopeLabels.get(m.scopeId) ?? m.scopeId,
    categoryLabel: categoryLabel(m.category),
    reason: m.reason,
    quote: quoteView(m.quote),
  }));

  const nextSteps: NextStepView[] = (s.nextSteps ?? []).map((step) => ({
    owner: step.owner || '—',
    task: step.task || step.text,
    due: step.due || '—',
    segmentId: step.segmentId,
    document: step.document,
    line: step.line,
    source: `${step.document}, line ${step.line}`,
    text: step.text,
  }));
  const showNextSteps = nextSteps.length > 0 || s.overview.notesDocuments > 0;

  const documents: DocumentView[] = s.documents.map((d) => ({
    name: d.name,
    title: d.title || '—',
    label: d.title ? `${d.title} (${d.name})` : d.name,
    kind: d.kind,
    format: d.format,
    encoding: d.encoding ?? '—',
    warnings: d.warnings ?? [],
    segments: d.segments,
    attendees: d.attendees,
    organisations: d.organisations.join('; '),
    sections: d.sections.length,
    skippedLines: d.skippedLines,
    notAnalysed: formatNotAnalysed(d.notAnalysed),
    metadata: Object.entries(d.metadata)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([key, values]) => ({
        key: key.replace(/_/g, ' '),
        // Metadata that names a person (facilitator, rapporteur, focal point...) is a name whatever it says.
        value: values.join('; '),
      })),
    survey: d.survey
      ? [
          { key: 'Respondents', value: String(d.survey.respondents) },
          { key: 'Layout', value: d.survey.mapping.shape === 'wide' ? 'one row per respondent' : 'one row per answer' },
          { key: 'Respondent id column', value: d.survey.mapping.idColumn ?? '—' },
          { key: d.survey.mapping.shape === 'wide' ? 'Question columns' : 'Answer column', value: d.survey.mapping.textColumns.join('; ') || '—' },
          ...(d.survey.mapping.questionColumn ? [{ key: 'Question column', value: d.survey.mapping.questionColumn }] : []),
          { key: 'Attribute columns', value: d.survey.mapping.attributeColumns.join('; ') || '—' },
        ]
      : [],
  }));

  const o = s.overview;
  const totalLanguages = Object.values(o.languages).reduce((a, b) => a + b, 0);
  const languages = countRows(o.languages, totalLanguages, languageName);
  const facts = [
    {
      label: 'Documents',
      value: `${o.documents} (${plural(o.notesDocuments, 'notes document')}, ${plural(o.surveyDocuments, 'survey')})`,
    },
    { label: 'Segments', value: String(o.segments) },
    { label: 'Survey respondents', value: String(o.respondents) },
    { label: 'Attendees listed', value: String(o.attendees) },
    { label: 'Organisations present', value: String(o.organisations.length) },
    { label: 'Languages', value: languages.length === 0 ? '—' : languages.map((l) => `${l.label}: ${l.count}`).join(', ') },
  ];

  const groupings = boardGroupings(s);
  const differences = differencesSection(s);
  const themeRefs = new Map(scopes.flatMap((sc) => sc.themes.map((t) => [t.id, { label: t.label, anchor: t.anchor }] as const)));
  const campaigns = campaignsSection(s, tally, quoteView, themeRefs);
  const contents = [
    { anchor: 'summary', label: 'Summary' },
    { anchor: 'overview', label: 'Overview' },
    { anchor: 'categories', label: 'Categories' },
    ...scopes.map((sc) => ({ anchor: sc.anchor, label: sc.heading })),
    ...(groupings.length > 0 ? [{ anchor: 'board-groups', label: "Facilitator's clusters" }] : []),
    { anchor: 'stakeholders', label: 'Stakeholder map' },
    { anchor: 'campaigns', label: 'Campaigns and copies' },
    { anchor: 'differences', label: 'Who said it differently' },
    { anchor: 'minority-views', label: 'Minority views' },
    ...(showNextSteps ? [{ anchor: 'next-steps', label: 'Next steps' }] : []),
    { anchor: 'documents', label: 'Documents' },
    ...(s.errors.length > 0 ? [{ anchor: 'errors', label: 'Files not read' }] : []),
    { anchor: 'method', label: 'Method' },
  ];

  return {
    lang: 'en',
    title,
    subtitle: `Harvest ${s.version} · ${plural(o.documents, 'document')} · ${plural(o.segments, 'segment')}`,
    redacted,
    redactionNote: redacted ? 'Personal data (e-mail addresses, phone numbers, names) is replaced by [email], [phone] and [name].' : '',
    executiveSummary: s.executiveSummary,
    contents,
    overview: {
      facts,
      documents,
      organisations: o.organisations,
      questions: o.questions.map((q) => ({
        document: q.document,
        question: q.question,
        answered: q.answered,
        blank: q.blank,
        nonAnswer: q.nonAnswer,
        nonAnswers: distinctNonAnswers(q.nonAnswers.map((n) => n.text)),
        answerRate: formatPercent(q.answerRate),
      })),
      languages,
    },
    categories,
    categoriesNote: categories.some((c) => c.count !== c.inNotes)
      ? 'All segments: every segment tagged with the category, notes and survey answers alike. In notes: the notes points among them, themed in the category\'s own section below; survey answers are themed under their question.'
      : 'Every segment tagged with the category; each category\'s points are themed in its section below.',
    categoryChartSvg,
    scopes,
    boardGroupings: groupings,
    stakeholders,
    minorityViews,
    campaigns,
    differences,
    showNextSteps,
    nextSteps,
    nextStepsNote: nextStepsNote(s),
    documents,
    errors: s.errors.map((e) => ({ file: e.file, code: e.code, message: e.message })),
    method: {
      steps: s.method.steps,
      seed: s.method.seed,
      k: s.method.k === null ? 'chosen per scope' : String(s.method.k),
      codebook: s.method.codebook,
      categories: s.method.categories.map((c) => c.label).join(', '),
      parameters: Object.entries(s.method.parameters)
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([name, value]) => ({ name, value: String(value) })),
    },
  };
}

/** Runs of consecutive lines with the same reason, shortest form first: "1 title · 2–4 metadata · 9 timestamp" (at most 40 runs). */
export function formatNotAnalysed(register: ReadonlyArray<{ line: number; reason: string }>): string {
  const runs: Array<{ from: number; to: number; reason: string }> = [];
  for (const r of [...register].sort((a, b) => a.line - b.line)) {
    const last = runs[runs.length - 1];
    if (last && last.reason === r.reason && last.to === r.line - 1) last.to = r.line;
    else runs.push({ from: r.line, to: r.line, reason: r.reason });
  }
  const shown = runs.slice(0, 40).map((x) => `${x.from === x.to ? x.from : `${x.from}–${x.to}`} ${x.reason}`);
  if (runs.length > 40) shown.push(`and ${runs.length - 40} more`);
  return shown.join(' · ');
}
