// Show only: the synthesis as one group sees it. Every count, share, chart, summary sentence and quote is recomputed over the segments that match.
import { groupingValues, hasGroupingValue, type AnalysedSegment, type Quote, type Scope, type StakeholderEntry, type Synthesis, type Theme } from '../model/index.ts';
import { dict, increment, own, type Dict } from '../model/dict.ts';
import { mentionsAsWordStart } from '../model/regexp.ts';
import { categoryLeadLine, count, list, questionLeadLine } from '../pipeline/phrasing.ts';
import { quoteOf } from '../pipeline/quote.ts';
import { liveCampaigns } from '../pipeline/campaigns/index.ts';
import { formatPercent } from './format.ts';

export interface AttributeFilter {
  /** The attribute and value to show ('' and '' when only a date range applies). */
  attribute: string;
  value: string;
  /** The attribute is a multi-choice question and the value one of its options (said "ticked"). */
  multiChoice?: boolean;
  /** Survey answers submitted on or after `from` and on or before `to` (YYYY-MM-DD), when set. */
  from?: string;
  to?: string;
}

/** What a filter shows, said beside every section: 'group is “A”, submitted 2026-03-04 to 2026-03-09'. */
export function describeFilter(filter: AttributeFilter): string {
  const parts: string[] = [];
  if (filter.attribute && filter.multiChoice) parts.push(`${filter.attribute.replace(/_/g, ' ')}: ticked “${filter.value}”`);
  else if (filter.attribute) parts.push(`${filter.attribute.replace(/_/g, ' ')} is “${filter.value}”`);
  if (filter.from && filter.to) parts.push(`submitted ${filter.from === filter.to ? `on ${filter.from}` : `${filter.from} to ${filter.to}`}`);
  else if (filter.from) parts.push(`submitted on or after ${filter.from}`);
  else if (filter.to) parts.push(`submitted on or before ${filter.to}`);
  return parts.join(', ');
}

/** The filter, said as a ticked option ("ticked “Smartphone”") when its attribute is a multi-choice question of these segments. */
export function markMultiChoice(filter: AttributeFilter, segments: readonly AnalysedSegment[]): AttributeFilter {
  const attribute = filter.attribute;
  if (!attribute || segments.some((seg) => Object.hasOwn(seg.attributes, attribute))) return filter;
  return segments.some((seg) => seg.choices !== undefined && Object.hasOwn(seg.choices, attribute)) ? { ...filter, multiChoice: true } : filter;
}

/** True when a segment is shown under the filter: its attribute has the value (a multi-choice question: the option is ticked), and (with a date range) it was submitted within it. */
export function matchesFilter(seg: AnalysedSegment, filter: AttributeFilter | null): boolean {
  if (!filter) return true;
  if (filter.attribute && !hasGroupingValue(seg, filter.attribute, filter.value)) return false;
  if (filter.from || filter.to) {
    if (!seg.date) return false;
    if (filter.from && seg.date < filter.from) return false;
    if (filter.to && seg.date > filter.to) return false;
  }
  return true;
}

/** Counts of a set of segments by attribute value (the stored breakdowns, over the matching segments). */
function breakdown(members: readonly AnalysedSegment[]): Dict<Dict<number>> {
  const out = dict<Dict<number>>();
  for (const seg of members) {
    for (const [attr, value] of groupingValues(seg)) {
      if (attr !== 'document') increment((out[attr] = own(out, attr) ?? dict<number>()), value);
    }
  }
  return out;
}

function byDocument(members: readonly AnalysedSegment[]): Dict<number> {
  const out = dict<number>();
  for (const seg of members) increment(out, seg.provenance.document);
  return out;
}

/** The lead sentence of a scope over its matching segments, as the executive summary writes it (null: no theme left). */
function leadLine(s: Synthesis, scope: Scope): string | null {
  const top = scope.themes.filter((t) => !t.isOther).sort((a, b) => b.size - a.size)[0];
  if (!top || (scope.kind === 'category' && scope.category === 'other')) return null;
  const unit = scope.kind === 'question' ? 'answers' : 'points';
  if (scope.kind === 'category') {
    const plural = s.method.categories.find((c) => c.id === scope.category)?.plural ?? scope.label;
    return categoryLeadLine(plural, top.label, top.size, scope.segments, unit);
  }
  return questionLeadLine(scope.label, top.label, top.size, scope.segments, unit);
}

/**
 * The synthesis over the segments `keep` accepts, for *Show only*: themes and sub-themes keep only their matching
 * members (themes and sub-themes left empty are dropped), with sizes, shares and breakdowns recomputed; quotes,
 * minority views, next steps, campaigns and stakeholder mentions are those of matching segments; the executive summary and each
 * scope's summary are rewritten from the new counts, the first line saying which filter is applied (`description`,
 * e.g. 'group is “A”'). Labels, key terms, descriptions and coherence stay the theme's own.
 */
export function filterSynthesis(s: Synthesis, keep: (seg: AnalysedSegment) => boolean, description: string): Synthesis {
  const kept = s.segments.filter(keep);
  const keptIds = new Set(kept.map((seg) => seg.id));
  const segById = new Map(kept.map((seg) => [seg.id, seg]));
  const has = (id: string): boolean => keptIds.has(id);
  const quotes = (qs: readonly Quote[]): Quote[] => qs.filter((q) => has(q.segmentId));
  const membersOf = (ids: readonly string[]): AnalysedSegment[] => ids.filter(has).map((id) => segById.get(id)!);
  // A theme whose chosen quotes all fall outside the filter quotes its first matching members instead (verbatim, located).
  const quotesOrMembers = (qs: readonly Quote[], members: readonly AnalysedSegment[]): Quote[] => {
    const matching = quotes(qs);
    return matching.length > 0 ? matching : members.slice(0, 2).map(quoteOf);
  };

  const scopes: Scope[] = s.scopes.map((scope) => {
    const themes: Theme[] = [];
    for (const theme of scope.themes) {
      const members = membersOf(theme.segmentIds);
      if (members.length === 0) continue;
      const subthemes = theme.subthemes
        .map((sub) => ({ ...sub, segmentIds: sub.segmentIds.filter(has), quotes: quotes(sub.quotes) }))
        .filter((sub) => sub.segmentIds.length > 0)
        .map((sub) => ({ ...sub, size: sub.segmentIds.length }));
      themes.push({
        ...theme,
        segmentIds: members.map((m) => m.id),
        size: members.length,
        quotes: quotesOrMembers(theme.quotes, members),
        byAttribute: breakdown(members),
        byDocument: byDocument(members),
        subthemes,
      });
    }
    const segments = themes.reduce((a, t) => a + t.size, 0);
    for (const t of themes) t.share = segments > 0 ? t.size / segments : 0;
    const categoryCounts = dict<number>();
    for (const t of themes) for (const m of membersOf(t.segmentIds)) increment(categoryCounts, m.coding.category);
    return { ...scope, themes, segments, categoryCounts, summary: [] };
  });
  for (const scope of scopes) {
    const line = leadLine(s, scope);
    scope.summary = [line ?? (scope.segments === 0 ? `No ${scope.kind === 'question' ? 'answers' : 'points'} match.` : 'No theme among the matching segments.')];
  }

  const stakeholders: StakeholderEntry[] = [];
  for (const entry of s.stakeholders) {
    const members = kept.filter((seg) => seg.coding.stakeholderTypes.includes(entry.type));
    if (members.length === 0) continue;
    const terms = dict<number>();
    const texts = members.map((m) => m.text.toLowerCase());
    for (const term of Object.keys(entry.terms)) for (const t of texts) if (mentionsAsWordStart(t, term)) increment(terms, term);
    stakeholders.push({
      ...entry,
      mentions: members.length,
      asStakeholder: members.filter((m) => m.coding.category === 'stakeholder').length,
      terms,
      byDocument: byDocument(members),
      byAttribute: breakdown(members),
      quotes: quotes(entry.quotes),
    });
  }
  stakeholders.sort((a, b) => b.mentions - a.mentions || a.type.localeCompare(b.type));

  const categories = dict<number>();
  const languages = dict<number>();
  for (const seg of kept) {
    increment(categories, seg.coding.category);
    increment(languages, seg.annotation.language);
  }
  const respondents = new Set(kept.filter((seg) => seg.respondentId).map((seg) => `${seg.provenance.document}\u0000${seg.respondentId}`)).size;
  const keptDocs = s.documents.filter((d) => kept.some((seg) => seg.provenance.document === d.name));
  const documents = keptDocs.length;
  const nextSteps = (s.nextSteps ?? []).filter((n) => has(n.segmentId));

  const summary = [
    `Show only ${description}: ${kept.length} of ${count(s.segments.length, 'segment')} (${formatPercent(s.segments.length > 0 ? kept.length / s.segments.length : 0)}), ` +
      `from ${documents} of ${count(s.documents.length, 'document')}${respondents > 0 ? `, ${count(respondents, 'survey respondent')}` : ''}. Every number below counts these segments only.`,
    ...scopes.map((sc) => leadLine(s, sc)).filter((l): l is string => l !== null),
  ];
  const named = stakeholders.slice(0, 4).map((e) => `${e.label.toLowerCase()} (${e.mentions})`);
  if (named.length > 0) summary.push(`The actors named most often were ${list(named)}.`);
  if (nextSteps.length > 0) summary.push(`${count(nextSteps.length, 'next step')} ${nextSteps.length === 1 ? 'comes' : 'come'} from these segments; ${nextSteps.length === 1 ? 'it is' : 'they are'} listed under Next steps.`);

  return {
    ...s,
    overview: {
      ...s.overview,
      documents,
      notesDocuments: keptDocs.filter((d) => d.kind === 'notes').length,
      surveyDocuments: keptDocs.filter((d) => d.kind !== 'notes').length,
      // Attendees and organisations are facts of a document: those of the documents the matching segments come from.
      attendees: keptDocs.reduce((a, d) => a + d.attendees, 0),
      organisations: [...new Set(keptDocs.flatMap((d) => d.organisations))],
      segments: kept.length,
      respondents,
      categories,
      languages,
    },
    scopes,
    stakeholders,
    minorityViews: s.minorityViews.filter((m) => has(m.quote.segmentId)),
    nextSteps,
    // A campaign's matching copies (one whose template or enough copies do not match is not shown).
    ...(s.campaigns ? { campaigns: liveCampaigns(s.campaigns, keptIds) } : {}),
    executiveSummary: summary,
    segments: kept,
  };
}
