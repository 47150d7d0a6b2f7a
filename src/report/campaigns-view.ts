// The report's "Campaigns and copies" section (answers pasted from one template, pipeline/campaigns) and the campaign
// part of every theme count: "of which 37 from one template", or each campaign counted once when the consultation says so.
import type { CampaignCounting, CampaignWord, Quote, Scope, Synthesis } from '../model/index.ts';
import { quoted } from '../pipeline/phrasing.ts';

/** A quote as the report shows it (view-model.ts makes them: view-types.ts QuoteView). */
export interface CampaignQuoteView {
  segmentId: string;
  text: string;
  provenance: string;
  language: string | null;
}

export interface CampaignThemeView {
  label: string;
  anchor: string;
  copies: number;
}

export interface CampaignView {
  id: string;
  anchor: string;
  /** "Campaign 1: 37 answers to “What one action…?”" */
  heading: string;
  /** The template (the copy most like the others), verbatim with where it is. */
  template: CampaignQuoteView;
  /** "37 answers from 37 respondents, in survey.csv." */
  countLine: string;
  /** "Copies are 82% alike to the template on average (the least alike 55%). Added most often: …; removed most often: …." */
  variation: string;
  themes: CampaignThemeView[];
  /** "“Cost of devices” (30 copies), “Other” (7 copies)" or "—". */
  themesText: string;
  /** "R001, R017, R020 and 34 more" or "—" (notes have no respondents). */
  respondentsText: string;
}

export interface CampaignsSectionView {
  /** How campaigns count in this report's theme counts. */
  counting: CampaignCounting;
  /** How campaigns were found, in words (or that this synthesis was made before they were looked for). */
  method: string;
  /** How campaigns count in the theme counts above, in words. */
  countingLine: string;
  campaigns: CampaignView[];
  /** Campaigns were looked for and none was found: the line the renderers write (null otherwise). */
  noneFound: string | null;
}

const NONE_FOUND = 'No campaign was found: no answers to one question (nor points in several notes documents) are copies of one template.';

/** Copies of each campaign in each theme, and how they count. */
export interface CampaignTally {
  counting: CampaignCounting;
  /** Theme id -> campaign id -> copies in the theme. */
  byTheme: Map<string, Map<string, number>>;
}

/** Where each campaign's copies went (from the segments' themes, so hand edits are followed), counted `counting` (default: the synthesis's own). */
export function campaignTally(s: Synthesis, counting?: CampaignCounting): CampaignTally {
  const byTheme = new Map<string, Map<string, number>>();
  const themeOf = new Map(s.segments.map((seg) => [seg.id, seg.themeId]));
  for (const c of s.campaigns?.list ?? []) {
    for (const id of c.segmentIds) {
      const themeId = themeOf.get(id);
      if (!themeId) continue;
      let per = byTheme.get(themeId);
      if (!per) byTheme.set(themeId, (per = new Map()));
      per.set(c.id, (per.get(c.id) ?? 0) + 1);
    }
  }
  return { counting: counting ?? s.campaigns?.counting ?? 'each', byTheme };
}

/** Copies from campaigns in a theme, and the number of campaigns they come from. */
function copiesIn(themeId: string, tally: CampaignTally): { copies: number; campaigns: number } {
  const per = tally.byTheme.get(themeId);
  if (!per) return { copies: 0, campaigns: 0 };
  let copies = 0;
  for (const n of per.values()) copies += n;
  return { copies, campaigns: per.size };
}

/**
 * A theme's count under the counting rule, and its line: counted each, "40 segments (50%), of which 37 from one
 * template"; counted once, the copies of each campaign in the theme count as one: "4 segments counted (10%): 40 in all,
 * of which the 37 from one template count once".
 */
export function themeCount(themeId: string, size: number, tally: CampaignTally): { counted: number; line: (share: string) => string; note: string | null } {
  const { copies, campaigns } = copiesIn(themeId, tally);
  const segments = (n: number) => `${n} segment${n === 1 ? '' : 's'}`;
  if (copies < 2) return { counted: size, line: (share) => `${segments(size)} (${share})`, note: null };
  const templates = campaigns === 1 ? 'one template' : `${campaigns} templates`;
  if (tally.counting === 'each') {
    const note = `of which ${copies} from ${templates}`;
    return { counted: size, line: (share) => `${segments(size)} (${share}), ${note}`, note };
  }
  const counted = size - copies + campaigns;
  const note = `${size} in all, of which the ${copies} from ${templates} count ${campaigns === 1 ? 'once' : `as ${campaigns}`}`;
  return { counted, line: (share) => `${segments(counted)} counted (${share}): ${note}`, note };
}

/** A theme's count in a table cell: "40 (of which 37 from one template)", "4 (40 in all, of which the 37 from one template count once)", "12". */
export function countCell(counted: number, note: string | null): string {
  return note ? `${counted} (${note})` : String(counted);
}

/** How many of a theme's segments are copies of campaign templates, as the JSON API gives them beside its size. */
export interface TemplateCopies {
  copies: number;
  templates: number;
  /** The report's words: "of which 37 from one template" (counted once: "40 in all, of which the 37 from one template count once"). */
  note: string;
}

/** The synthesis with each theme that holds two or more copies of campaign templates saying so (`fromTemplates`), for the JSON API. */
export function withTemplateCopies(s: Synthesis): Synthesis {
  if (!s.campaigns?.list.length) return s;
  const tally = campaignTally(s);
  const scopes = s.scopes.map((scope) => ({
    ...scope,
    themes: scope.themes.map((t) => {
      const { copies, campaigns } = copiesIn(t.id, tally);
      const { note } = themeCount(t.id, t.size, tally);
      const fromTemplates: TemplateCopies | null = note ? { copies, templates: campaigns, note } : null;
      return fromTemplates ? { ...t, fromTemplates } : t;
    }),
  }));
  return { ...s, scopes };
}

/** A scope's segments under the counting rule (each campaign once in each theme it went to). */
export function scopeCount(scope: Scope, tally: CampaignTally): number {
  if (tally.counting === 'each') return scope.segments;
  return scope.themes.reduce((n, t) => n - (t.size - themeCount(t.id, t.size, tally).counted), scope.segments);
}

const percent = (x: number): string => `${Math.round(x * 100)}%`;

function wordsText(words: readonly CampaignWord[]): string {
  return words.map((w) => `${quoted(w.word)} (${w.copies} ${w.copies === 1 ? 'copy' : 'copies'})`).join(', ');
}

/** How much a campaign's copies vary, in words. */
export function variationText(c: { size: number; meanSimilarity: number; minSimilarity: number; added: readonly CampaignWord[]; removed: readonly CampaignWord[] }): string {
  const alike = `The other copies share ${percent(c.meanSimilarity)} of their word pairs with the template on average (the least alike ${percent(c.minSimilarity)}).`;
  const by = c.size > 4 ? ' by two copies or more' : '';
  const added = c.added.length ? ` Words added most often: ${wordsText(c.added)}.` : ` No word was added${by}.`;
  const removed = c.removed.length ? ` Words removed most often: ${wordsText(c.removed)}.` : ` No word was removed${by}.`;
  return alike + added + removed;
}

function listText(items: readonly string[], max = 12): string {
  if (items.length === 0) return '—';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** The largest campaigns shown in the section (and in the JSON API's synthesis unless it is asked for all). */
export const MAX_SHOWN = 30;

/**
 * The section's view of a synthesis. `quoteView` shows a quote as the rest of the report does; `themeRefs` gives each
 * theme's label and anchor in the report.
 */
export function campaignsSection(
  s: Synthesis,
  tally: CampaignTally,
  quoteView: (q: Quote) => CampaignQuoteView,
  themeRefs: ReadonlyMap<string, { label: string; anchor: string }>,
): CampaignsSectionView {
  const result = s.campaigns;
  const countingLine =
    tally.counting === 'each'
      ? 'Theme counts count every answer of a campaign; the counts say how many came from one template.'
      : 'Theme counts count each campaign once in each theme its answers went to; the counts say how many copies were counted as one.';
  if (!result) return { counting: tally.counting, method: 'This synthesis was made before Harvest looked for campaigns: analyse the files again to look for them.', countingLine, campaigns: [], noneFound: null };
  const shown = result.list.slice(0, MAX_SHOWN);
  const more = result.list.length > MAX_SHOWN ? ` The ${MAX_SHOWN} largest are shown, of ${result.list.length}.` : '';
  const method =
    `A campaign is ${result.minCopies} or more answers to one question (or points in two or more notes documents) pasted from one template with small edits: ` +
    `answers of ${result.minWords} words or more whose word pairs are at least ${percent(result.threshold)} alike (Jaccard, estimated by MinHash) to the campaign's template, ` +
    `the copy most like the others. Shorter answers are never joined.${more}`;
  const themeOf = new Map(s.segments.map((seg) => [seg.id, seg.themeId]));
  const campaigns = shown.map((c, i): CampaignView => {
    const perTheme = new Map<string, number>();
    for (const id of c.segmentIds) {
      const t = themeOf.get(id);
      if (t && themeRefs.has(t)) perTheme.set(t, (perTheme.get(t) ?? 0) + 1);
    }
    const themes = [...perTheme]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([id, copies]) => ({ ...themeRefs.get(id)!, copies }));
    const unit = c.kind === 'answers' ? 'answers' : 'points';
    const heading = c.kind === 'answers' ? `Campaign ${i + 1}: ${c.size} answers to ${quoted(c.section ?? 'one question')}` : `Campaign ${i + 1}: a point copied ${c.size} times across ${c.documents.length} notes documents`;
    const from = c.respondents.length ? ` from ${c.respondents.length} respondent${c.respondents.length === 1 ? '' : 's'}` : '';
    return {
      id: c.id,
      anchor: `campaign-${i + 1}`,
      heading,
      template: quoteView(c.template),
      countLine: `${c.size} ${unit}${from}, in ${c.documents.join(', ')}.`,
      variation: variationText(c),
      themes,
      themesText: themes.length ? themes.map((t) => `${quoted(t.label)} (${t.copies} ${t.copies === 1 ? 'copy' : 'copies'})`).join(', ') : '—',
      respondentsText: listText(c.respondents),
    };
  });
  return { counting: tally.counting, method, countingLine, campaigns, noneFound: campaigns.length === 0 ? NONE_FOUND : null };
}
