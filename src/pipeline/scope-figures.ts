// One scope's figures once its themes are known: themes with their ids, counts, quotes and breakdowns, the scope's
// summary sentences, its minority views and the k values tried.
import type { AnalysedSegment, Codebook, MinorityView, Scope, Theme } from '../model/index.ts';
import type { ScopeThemes, ThemeDraft } from './themes.ts';
import { breakdownOf, byDocumentOf, dominantCategory, pickQuotes } from './breakdowns.ts';
import { summariseScope } from './summaries.ts';
import { quoteOf } from './quote.ts';
import { withArticle } from './phrasing.ts';

/** A scope before themes: its key, kind, label and segments (indices into the analysed list). */
export interface ScopeDraft {
  key: string;
  kind: Scope['kind'];
  label: string;
  category: string | null;
  members: number[];
}

/** What one scope adds to the synthesis. */
export interface ScopeFigures {
  scope: Scope;
  minority: MinorityView[];
  /** "s1: k=2 0.31, k=3 0.28", or null when no k was tried. */
  tried: string | null;
}

/** Minority views: substantive points that did not join a theme (English Other only; other languages are listed as themes). */
function minorityViewsOf(themes: readonly Theme[], themeMembers: ReadonlyMap<string, AnalysedSegment[]>, scopeId: string, scopeLabel: string): MinorityView[] {
  const out: MinorityView[] = [];
  const other = themes.find((t) => t.isOther && t.language === 'en');
  if (other) {
    const distinctStems = new Map<AnalysedSegment, number>();
    const stemsOf = (s: AnalysedSegment): number => {
      let n = distinctStems.get(s);
      if (n === undefined) distinctStems.set(s, (n = new Set(s.annotation.stems).size));
      return n;
    };
    const candidates = themeMembers.get(other.id)!
      .filter((s) => s.annotation.tokens.length >= 6 && s.coding.category !== 'other')
      .sort((a, b) => stemsOf(b) - stemsOf(a) || a.id.localeCompare(b.id))
      .slice(0, 3);
    for (const s of candidates) {
      out.push({ scopeId, quote: quoteOf(s), category: s.coding.category, reason: `${withArticle(s.coding.category.replace('_', ' '))} point in "${scopeLabel}" that no other segment shares closely enough to form a theme` });
    }
  }
  return out;
}

/**
 * The figures of scope number `scopeIndex` (its `members` in analysed order) from the themes found in it; each member
 * gets its theme's id as `themeId`.
 */
export function scopeFigures(draft: ScopeDraft, scopeIndex: number, members: readonly AnalysedSegment[], found: ScopeThemes, codebook: Codebook, documentCount: number): ScopeFigures {
  const scopeId = `s${scopeIndex + 1}`;
  const themeMembers = new Map<string, AnalysedSegment[]>();
  let themeNumber = 0;
  const themes: Theme[] = found.themes.map((t: ThemeDraft) => {
    const id = t.isOther ? `${scopeId}-other${t.language === 'en' ? '' : `-${t.language}`}` : `${scopeId}-t${++themeNumber}`;
    const ms = t.members.map((p) => members[p]!);
    for (const s of ms) s.themeId = id;
    themeMembers.set(id, ms);
    return {
      id,
      scopeId,
      label: t.label,
      keyTerms: t.keyTerms,
      ...(t.description ? { description: t.description } : {}),
      size: ms.length,
      share: ms.length / members.length,
      language: t.language,
      isOther: t.isOther,
      coherence: Number(t.coherence.toFixed(4)),
      quotes: pickQuotes(ms),
      byAttribute: breakdownOf(ms),
      byDocument: byDocumentOf(ms),
      segmentIds: ms.map((s) => s.id),
      editedBy: 'machine',
      subthemes: t.subthemes.map((sub, j) => {
        const subMembers = sub.members.map((p) => members[p]!);
        return { id: `${id}-s${j + 1}`, label: sub.label, keyTerms: sub.keyTerms, size: subMembers.length, quotes: pickQuotes(subMembers), segmentIds: subMembers.map((s) => s.id), editedBy: 'machine' as const };
      }),
    };
  });
  const { category, counts } = dominantCategory(members);
  const scope: Scope = {
    id: scopeId,
    kind: draft.kind,
    label: draft.label,
    category: draft.category ?? category,
    segments: members.length,
    k: found.k,
    themes,
    categoryCounts: counts,
    summary: [],
  };
  scope.summary = summariseScope(scope, members, themeMembers, codebook, documentCount);
  const triedText = found.tried.length ? `${scopeId}: ${found.tried.map((t) => `k=${t.k} ${t.silhouette}`).join(', ')}` : null;
  return { scope, minority: minorityViewsOf(themes, themeMembers, scopeId, draft.label), tried: triedText };
}
