// The report view model: every label, ordering, percentage and chart of a report, computed once from a Synthesis
// (the types in view-types.ts, the formatting in format.ts, the redactor in redactor.ts).
import { multiChoiceQuestions, type DocumentSummary, type Quote, type Scope, type Synthesis, type Theme } from '../model/index.ts';
import { redactSynthesis } from '../privacy/redact.ts';
import { quoteLanguage } from '../pipeline/languages.ts';
import { own } from '../model/dict.ts';
import { renderBarChart } from './charts.ts';
import { renderTreemap } from './treemap.ts';
import { boardGroupings } from './board-groups.ts';
import { differencesSection } from './differences-view.ts';
import { campaignsSection, campaignTally, countCell, scopeCount, themeCount as countWithCampaigns } from './campaigns-view.ts';
import { coherenceWords, joinWrappedLines } from '../pipeline/phrasing.ts';
import { nextStepsNote } from './next-steps-note.ts';
import { countRows, countsText, defaultTitle, distinctNonAnswers, formatNotAnalysed, formatPercent, languageName, oneVoiceOf, orderThemes, plural, provenanceOf, shortenQuote } from './format.ts';
import type { CountRow, AnalysedDocumentView, MinorityViewView, NextStepView, QuoteView, ReportOptions, ReportView, ScopeView, StakeholderView, ThemeView } from './view-types.ts';

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

/** Turns a quote into what a report shows of it. */
type QuoteViewer = (q: Quote) => QuoteView;

/** A quote in another language than the consultation's main one says so wherever it is shown. */
function quoteViewer(s: Synthesis): QuoteViewer {
  const segmentKinds = new Map(s.segments.map((seg) => [seg.id, seg.kind]));
  const segmentLanguages = new Map(s.segments.map((seg) => [seg.id, seg.annotation.language]));
  const detected = Object.entries(s.overview.languages).filter(([l]) => l !== 'und').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mainLanguage = own(s.overview.languages, 'en') || detected.length === 0 ? 'en' : detected[0]![0];
  return (q: Quote): QuoteView => {
    const language = quoteLanguage(segmentLanguages.get(q.segmentId) ?? 'und', q.text, mainLanguage);
    const joined = joinWrappedLines(q.text);
    const short = shortenQuote(joined);
    const where = provenanceOf(q, segmentKinds.get(q.segmentId) === 'answer') + (short === joined ? '' : `, characters ${(q.start + 1).toLocaleString('en')}–${q.end.toLocaleString('en')} (quote shortened)`);
    return { segmentId: q.segmentId, text: short, provenance: language ? `${where}, in ${language}` : where, language };
  };
}

/** The label of a category id: the codebook's, else "Other", "Action" or the id itself. */
function categoryLabeller(s: Synthesis): (id: string) => string {
  const categoryLabels = new Map(s.method.categories.map((c) => [c.id, c.label]));
  return (id: string): string => categoryLabels.get(id) ?? (id === 'other' ? 'Other' : id === 'action' ? 'Action' : id);
}

/** Categories: codebook categories and any other coded category, by count, "other" last. */
function categoryRows(s: Synthesis, categoryLabel: (id: string) => string): ReportView['categories'] {
  const categoryIds = [...s.method.categories.map((c) => c.id)];
  for (const id of Object.keys(s.overview.categories)) if (!categoryIds.includes(id)) categoryIds.push(id);
  return categoryIds
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
}

/** What a theme's view needs of its scope: where it sits, how campaigns count, how quotes are shown. */
interface ThemeContext {
  scope: Scope;
  scopeIndex: number;
  scopeCounted: number;
  tally: ReturnType<typeof campaignTally>;
  quoteView: QuoteViewer;
  /** The multi-choice questions: their "By" tables count ticked options, which overlap. */
  multiChoice: ReadonlySet<string>;
}

/** One theme as the report shows it (`rankText`: "1", "2"... or "—" for Other). */
function themeView(theme: Theme, themeIndex: number, rankText: string, ctx: ThemeContext): ThemeView {
  const { scope, tally } = ctx;
  const label = theme.label;
  const { counted, line, note } = countWithCampaigns(theme.id, theme.size, tally);
  const share = formatPercent(tally.counting === 'each' ? theme.share : counted / Math.max(1, ctx.scopeCounted));
  const keyTerms = theme.keyTerms;
  const otherMark = theme.isOther && !/^other\b/i.test(label.trim()) ? ' (other)' : '';
  const tableLabel = `${label}${otherMark}${theme.editedBy === 'human' ? ' (edited by hand)' : ''}`;
  return {
    id: theme.id,
    anchor: `theme-${ctx.scopeIndex + 1}-${themeIndex + 1}`,
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
    campaignNote: note,
    countText: countCell(counted, note),
    keyTerms,
    description: theme.description ?? null,
    keyTermsText: keyTerms.length > 0 ? keyTerms.join(', ') : '—',
    coherence: theme.coherence.toFixed(2),
    coherenceText: theme.isOther ? 'not a theme' : coherenceWords(theme.coherence),
    oneVoice: oneVoiceOf(theme, scope.themes, scope.kind === 'question' ? 'answers' : 'points', scope.kind === 'question' ? 'question' : 'section'),
    language: languageName(theme.language),
    quotes: theme.quotes.slice(0, MAX_QUOTES).map(ctx.quoteView),
    byAttribute: Object.entries(theme.byAttribute)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([attribute, counts]) => ({
        heading: `By ${attribute.replace(/_/g, ' ')}${ctx.multiChoice.has(attribute) ? ' (options ticked; one respondent may tick several)' : ''}`,
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
        quotes: sub.quotes.slice(0, SUBTHEME_QUOTES).map(ctx.quoteView),
      })),
  };
}

/** One scope (a question, a category, a section) with its themes in report order, its chart and its treemap. */
function scopeView(scope: Scope, scopeIndex: number, label: string, shared: Pick<ThemeContext, 'tally' | 'quoteView' | 'multiChoice'>): ScopeView {
  const ctx: ThemeContext = { scope, scopeIndex, scopeCounted: scopeCount(scope, shared.tally), ...shared };
  let rank = 0;
  const themes = orderThemes(scope.themes).map((theme, ti) => themeView(theme, ti, theme.isOther ? '—' : String(++rank), ctx));
  const themeCount = themes.filter((t) => !t.isOther).length;
  return {
    id: scope.id,
    anchor: `scope-${scopeIndex + 1}`,
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
}

/** The stakeholder map: most mentioned first. */
function stakeholderViews(s: Synthesis, quoteView: QuoteViewer): StakeholderView[] {
  return s.stakeholders
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
}

/** One row of the Next steps register. */
function nextStepView(step: NonNullable<Synthesis['nextSteps']>[number]): NextStepView {
  return {
    owner: step.owner || '—',
    task: step.task || step.text,
    due: step.due || '—',
    segmentId: step.segmentId,
    document: step.document,
    line: step.line,
    source: `${step.document}, line ${step.line}`,
    text: step.text,
  };
}

/** One analysed document: how it was read, what it holds, its metadata and survey facts. */
function documentView(d: DocumentSummary): AnalysedDocumentView {
  return {
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
  };
}

/** The overview: facts, documents, organisations, questions and languages. */
function overviewView(s: Synthesis, documents: AnalysedDocumentView[]): ReportView['overview'] {
  const o = s.overview;
  const totalLanguages = Object.values(o.languages).reduce((a, b) => a + b, 0);
  const languages: CountRow[] = countRows(o.languages, totalLanguages, languageName);
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
  return {
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
  };
}

/** The table of contents: the sections the report has. */
function contentsOf(scopes: readonly ScopeView[], hasBoardGroups: boolean, showNextSteps: boolean, hasErrors: boolean): ReportView['contents'] {
  return [
    { anchor: 'summary', label: 'Summary' },
    { anchor: 'overview', label: 'Overview' },
    { anchor: 'categories', label: 'Categories' },
    ...scopes.map((sc) => ({ anchor: sc.anchor, label: sc.heading })),
    ...(hasBoardGroups ? [{ anchor: 'board-groups', label: "Facilitator's clusters" }] : []),
    { anchor: 'stakeholders', label: 'Stakeholder map' },
    { anchor: 'campaigns', label: 'Campaigns and copies' },
    { anchor: 'differences', label: 'Who said it differently' },
    { anchor: 'minority-views', label: 'Minority views' },
    ...(showNextSteps ? [{ anchor: 'next-steps', label: 'Next steps' }] : []),
    { anchor: 'documents', label: 'Documents' },
    ...(hasErrors ? [{ anchor: 'errors', label: 'Files not read' }] : []),
    { anchor: 'method', label: 'Method' },
  ];
}

/** The method section: steps, seed, k, codebook and parameters. */
function methodView(s: Synthesis): ReportView['method'] {
  return {
    steps: s.method.steps,
    seed: s.method.seed,
    k: s.method.k === null ? 'chosen per scope' : String(s.method.k),
    codebook: s.method.codebook,
    categories: s.method.categories.map((c) => c.label).join(', '),
    parameters: Object.entries(s.method.parameters)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([name, value]) => ({ name, value: String(value) })),
  };
}

/**
 * Build the report view model: every value a Markdown or HTML report shows, formatted and ordered,
 * with charts as SVG strings. With `redact`, personal data is replaced in every text shown.
 */
export function buildReportView(input: Synthesis, options: ReportOptions = {}): ReportView {
  const redacted = options.redact === true || options.alreadyRedacted === true;
  // Redacted once, as data: every text below comes from the redacted copy, so none can be missed.
  const s = options.redact === true && !options.alreadyRedacted ? redactSynthesis(input, options.documents) : input;
  const categoryLabel = categoryLabeller(s);
  const scopeLabels = new Map(s.scopes.map((sc) => [sc.id, sc.label]));
  const quoteView = quoteViewer(s);

  const categories = categoryRows(s, categoryLabel);
  const categoryChartSvg = renderBarChart(
    categories.filter((c) => c.count > 0).map((c) => ({ label: c.label, value: c.count, muted: c.id === 'other', valueLabel: `${c.count} (${c.share})` })),
    { title: 'Segments per category' },
  );

  const tally = campaignTally(s, options.campaigns);
  const multiChoice = multiChoiceQuestions(s.segments);
  const scopes = s.scopes.map((scope, si) => scopeView(scope, si, scopeLabels.get(scope.id) ?? scope.label, { tally, quoteView, multiChoice }));
  const minorityViews: MinorityViewView[] = s.minorityViews.map((m) => ({
    scopeLabel: scopeLabels.get(m.scopeId) ?? m.scopeId,
    categoryLabel: categoryLabel(m.category),
    reason: m.reason,
    quote: quoteView(m.quote),
  }));
  const nextSteps = (s.nextSteps ?? []).map(nextStepView);
  const showNextSteps = nextSteps.length > 0 || s.overview.notesDocuments > 0;
  const documents = s.documents.map(documentView);
  const groupings = boardGroupings(s);
  const themeRefs = new Map(scopes.flatMap((sc) => sc.themes.map((t) => [t.id, { label: t.label, anchor: t.anchor }] as const)));

  return {
    lang: 'en',
    title: options.title?.trim() || defaultTitle(s.documents),
    subtitle: `Harvest ${s.version} · ${plural(s.overview.documents, 'document')} · ${plural(s.overview.segments, 'segment')}`,
    redacted,
    redactionNote: redacted ? 'Personal data (e-mail addresses, phone numbers, names) is replaced by [email], [phone] and [name].' : '',
    executiveSummary: s.executiveSummary,
    contents: contentsOf(scopes, groupings.length > 0, showNextSteps, s.errors.length > 0),
    overview: overviewView(s, documents),
    categories,
    categoriesNote: categories.some((c) => c.count !== c.inNotes)
      ? 'All segments: every segment tagged with the category, notes and survey answers alike. In notes: the notes points among them, themed in the category\'s own section below; survey answers are themed under their question.'
      : 'Every segment tagged with the category; each category\'s points are themed in its section below.',
    categoryChartSvg,
    scopes,
    boardGroupings: groupings,
    stakeholders: stakeholderViews(s, quoteView),
    minorityViews,
    campaigns: campaignsSection(s, tally, quoteView, themeRefs),
    differences: differencesSection(s),
    showNextSteps,
    nextSteps,
    nextStepsNote: nextStepsNote(s),
    documents,
    errors: s.errors.map((e) => ({ file: e.file, code: e.code, message: e.message })),
    method: methodView(s),
  };
}
