// Theme edits: recount everything an edit can change (theme and scope counts, sub-themes, quotes, overview,
// documents, stakeholders, next steps, minority views, summaries), so an edited synthesis passes the machine's checks.
import type { AnalysedSegment, Quote, Scope, Synthesis, Theme } from '../../model/index.ts';
import { dict, increment, own, type Dict } from '../../model/dict.ts';
import { mentionsAsWordStart } from '../../model/regexp.ts';
import { nextStepsOf } from '../actions.ts';
import { liveCampaigns } from '../campaigns/index.ts';
import { categoryLeadLine, otherLine, questionLeadLine, quoted } from '../phrasing.ts';
import { quoteOf } from '../quote.ts';
import { breakdownOf, byDocumentOf } from '../breakdowns.ts';
import type { EditContext, Workbench } from './workbench.ts';

const MAX_QUOTES = 4;

/**
 * Keep every sub-theme list a partition of its theme: segments that left the theme leave its sub-themes, a
 * segment that joined without a sub-theme goes to the one whose segments share most of its stems (the first on
 * a tie), emptied sub-themes go, and a single remaining sub-theme is the theme itself (none).
 */
function repairSubthemes(theme: Theme, live: ReadonlyMap<string, AnalysedSegment>): void {
  if (theme.subthemes.length === 0) return;
  const inTheme = new Set(theme.segmentIds);
  const placed = new Set<string>();
  for (const sub of theme.subthemes) {
    sub.segmentIds = sub.segmentIds.filter((id) => inTheme.has(id) && !placed.has(id));
    for (const id of sub.segmentIds) placed.add(id);
  }
  const strays = theme.segmentIds.filter((id) => !placed.has(id));
  if (strays.length) {
    const stemCounts = theme.subthemes.map((sub) => {
      const counts = new Map<string, number>();
      for (const id of sub.segmentIds) for (const st of new Set(live.get(id)!.annotation.stems)) counts.set(st, (counts.get(st) ?? 0) + 1);
      return counts;
    });
    for (const id of strays) {
      const stems = new Set(live.get(id)!.annotation.stems);
      let best = 0;
      let bestScore = -1;
      theme.subthemes.forEach((sub, j) => {
        let shared = 0;
        for (const st of stems) shared += stemCounts[j]!.get(st) ?? 0;
        const score = sub.segmentIds.length ? shared / sub.segmentIds.length : 0;
        if (score > bestScore + 1e-12) {
          bestScore = score;
          best = j;
        }
      });
      theme.subthemes[best]!.segmentIds.push(id);
    }
  }
  theme.subthemes = theme.subthemes.filter((sub) => sub.segmentIds.length > 0);
  if (theme.subthemes.length < 2) theme.subthemes = [];
  for (const sub of theme.subthemes) sub.size = sub.segmentIds.length;
}

/** Representative quotes of members (in the given order): readable length first, one per respondent where possible. */
function chooseQuotes(members: readonly AnalysedSegment[], keep: readonly Quote[]): Quote[] {
  const ids = new Set(members.map((m) => m.id));
  const out = keep.filter((q) => ids.has(q.segmentId));
  const target = Math.min(MAX_QUOTES, members.length);
  if (out.length >= Math.min(3, target)) return out;
  const readable = members.filter((m) => m.text.length >= 25 && m.text.length <= 400);
  const pool = readable.length >= target ? readable : members;
  const seen = new Set(out.map((q) => q.respondentId ?? q.segmentId));
  for (const m of pool) {
    if (out.length >= target) break;
    const who = m.respondentId ?? m.id;
    if (seen.has(who) || out.some((q) => q.segmentId === m.id)) continue;
    seen.add(who);
    out.push(quoteOf(m));
  }
  return out;
}

function count<T>(items: readonly T[], key: (item: T) => string): Dict<number> {
  const out = dict<number>();
  for (const item of items) increment(out, key(item));
  return out;
}

function pct(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** The summary sentences of a scope whose themes were edited by hand. */
function summariseEditedScope(scope: Scope): string[] {
  const themed = [...scope.themes].filter((t) => !t.isOther).sort((a, b) => b.size - a.size);
  const unit = scope.kind === 'question' ? 'answers' : 'points';
  const out = [`${scope.segments} ${unit} in ${themed.length} theme${themed.length === 1 ? '' : 's'} (themes corrected by hand).`];
  if (themed[0]) out.push(`The largest theme was ${quoted(themed[0].label)} (${themed[0].size} of ${scope.segments} ${unit}, ${pct(themed[0].size, scope.segments)}%).`);
  const next = themed.slice(1, 3).map((t) => `${quoted(t.label)} (${t.size}, ${pct(t.size, scope.segments)}%)`);
  if (next.length) out.push(`Next came ${next.join(' and ')}.`);
  const other = scope.themes.filter((t) => t.isOther).reduce((a, t) => a + t.size, 0);
  if (other) out.push(otherLine(other, unit));
  return out;
}

/** The executive summary's line about a scope, as the engine writes it: its prefix, and a fresh line. */
function executiveLine(s: Synthesis, scope: Scope): { prefix: string; line: string | null } {
  const unit = scope.kind === 'question' ? 'answers' : 'points';
  const top = [...scope.themes].filter((t) => !t.isOther).sort((a, b) => b.size - a.size)[0];
  if (scope.kind === 'category') {
    const plural = s.method.categories.find((c) => c.id === scope.category)?.plural ?? scope.label;
    const line = top ? categoryLeadLine(plural, top.label, top.size, scope.segments, unit) : null;
    return { prefix: `${plural}: `, line };
  }
  const line = top ? questionLeadLine(scope.label, top.label, top.size, scope.segments, unit) : null;
  return { prefix: `"${scope.label}": `, line };
}

/** Recompute everything an edit can change: theme and scope counts, overview, documents, stakeholders, minority views, summaries. */
export function recount(w: Workbench, ctx: EditContext, edits: number): void {
  const s = w.s;
  const originalSegments = s.segments.length;
  s.segments = s.segments.filter((seg) => !w.excluded.has(seg.id));
  const live = new Map(s.segments.map((seg) => [seg.id, seg]));
  for (const scope of s.scopes) {
    for (const theme of scope.themes) {
      theme.segmentIds = theme.segmentIds.filter((id) => live.has(id));
      for (const id of theme.segmentIds) live.get(id)!.themeId = theme.id;
    }
    scope.themes = scope.themes.filter((t) => t.segmentIds.length > 0);
    scope.segments = scope.themes.reduce((a, t) => a + t.segmentIds.length, 0);
  }
  s.scopes = s.scopes.filter((sc) => sc.segments > 0);
  for (const scope of s.scopes) {
    const touched = w.touchedScopes.has(scope.id);
    for (const theme of scope.themes) {
      const members = theme.segmentIds.map((id) => live.get(id)!);
      theme.size = members.length;
      theme.share = theme.size / scope.segments;
      repairSubthemes(theme, live);
      if (!touched) continue;
      for (const sub of theme.subthemes) sub.quotes = chooseQuotes(sub.segmentIds.map((id) => live.get(id)!), sub.quotes);
      theme.byAttribute = breakdownOf(members);
      theme.byDocument = byDocumentOf(members);
      theme.quotes = chooseQuotes(members, theme.quotes.filter((q, i, all) => all.findIndex((x) => x.segmentId === q.segmentId) === i));
    }
    if (touched) {
      scope.categoryCounts = count(scope.themes.flatMap((t) => t.segmentIds.map((id) => live.get(id)!)), (seg) => seg.coding.category);
      scope.summary = summariseEditedScope(scope);
      const { prefix, line } = executiveLine(s, scope);
      const at = s.executiveSummary.findIndex((x) => x.startsWith(prefix));
      if (at >= 0 && line) s.executiveSummary[at] = line;
      else if (at >= 0) s.executiveSummary.splice(at, 1);
    }
  }
  s.overview.segments = s.segments.length;
  s.overview.categories = count(s.segments, (seg) => seg.coding.category);
  s.overview.languages = count(s.segments, (seg) => seg.annotation.language);
  const perDocument = count(s.segments, (seg) => seg.provenance.documentId);
  for (const d of s.documents) d.segments = own(perDocument, d.id) ?? 0;
  if (w.excluded.size > 0 && s.executiveSummary[0]) {
    s.executiveSummary[0] = s.executiveSummary[0].replace(`: ${originalSegments} segments`, `: ${s.segments.length} segments`);
  }
  s.stakeholders = s.stakeholders
    .map((entry) => {
      const members = s.segments.filter((seg) => seg.coding.stakeholderTypes.includes(entry.type));
      const type = ctx.gazetteer.types.find((t) => t.id === entry.type);
      const terms = dict<number>();
      for (const seg of members) {
        const lower = seg.text.toLowerCase();
        for (const term of type?.terms ?? []) {
          const lowerTerm = term.toLowerCase();
          if (mentionsAsWordStart(lower, lowerTerm)) increment(terms, lowerTerm);
        }
      }
      return {
        ...entry,
        mentions: members.length,
        asStakeholder: members.filter((seg) => seg.coding.category === 'stakeholder').length,
        terms: type ? terms : entry.terms,
        byDocument: byDocumentOf(members),
        byAttribute: breakdownOf(members),
        quotes: entry.quotes.filter((q) => live.has(q.segmentId)),
      };
    })
    .filter((entry) => entry.mentions > 0);
  s.nextSteps = nextStepsOf(s.segments);
  if (s.campaigns) s.campaigns = liveCampaigns(s.campaigns, live);
  s.minorityViews = s.minorityViews
    .filter((m) => live.has(m.quote.segmentId))
    .map((m) => ({ ...m, category: live.get(m.quote.segmentId)!.coding.category }));
  if (edits > 0) {
    s.method.parameters = Object.assign(dict<string | number | boolean>(), s.method.parameters, { humanEdits: edits, excludedSegments: w.excluded.size });
    const note = `${edits} correction${edits === 1 ? ' was' : 's were'} made by hand after the analysis; themes changed by hand are marked "edited by hand".`;
    s.executiveSummary = [...s.executiveSummary.filter((x) => !x.includes('made by hand after the analysis')), note];
  }
}
