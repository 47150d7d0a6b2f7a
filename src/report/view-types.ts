// The report view model's types: every value a report shows, formatted and ordered (built by view-model.ts).
import type { CampaignCounting, DocumentInfo, Scope } from '../model/index.ts';
import type { BoardGroupingView } from './board-groups.ts';
import type { DifferencesSectionView } from './differences-view.ts';
import type { CampaignsSectionView } from './campaigns-view.ts';

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
  /** The campaign part of the count, "of which 37 from one template" (null: no campaign copies in the theme). */
  campaignNote: string | null;
  /** The count for a table cell, with the campaign note: "40 (of which 37 from one template)" or "12". */
  countText: string;
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

/** An analysed document as the report's Documents section shows it (how it was read, what it holds). */
export interface AnalysedDocumentView {
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
    documents: AnalysedDocumentView[];
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
  documents: AnalysedDocumentView[];
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
