// Theme edits: the working copy of a synthesis that edits change, with the lookups that follow every change.
import type { AnalysedSegment, Scope, StakeholderGazetteer, Subtheme, Synthesis, Theme } from '../../model/index.ts';
import type { AnchoredTheme } from '../../model/theme-edit.ts';
import { dict } from '../../model/dict.ts';
import type { WordVectors } from '../word-vectors.ts';

/** What re-clustering a theme (split) and recounting stakeholders need from the corpus data. */
export interface EditContext {
  seed: number;
  stopwords: Record<string, ReadonlySet<string>>;
  genericWords?: ReadonlySet<string>;
  /** Word meanings, when loaded (see ThemeOptions.wordVectors). */
  wordVectors?: WordVectors;
  gazetteer: StakeholderGazetteer;
}

export const OTHER_CATEGORY = 'other';

/** Mutable working state: the synthesis copy and lookups that follow every change. */
export class Workbench {
  readonly s: Synthesis;
  readonly segById: Map<string, AnalysedSegment>;
  readonly excluded = new Set<string>();
  readonly touchedScopes = new Set<string>();
  readonly touchedThemes = new Set<string>();

  constructor(s: Synthesis) {
    this.s = structuredClone(s);
    this.segById = new Map(this.s.segments.map((seg) => [seg.id, seg]));
  }

  themes(): { theme: Theme; scope: Scope }[] {
    return this.s.scopes.flatMap((scope) => scope.themes.map((theme) => ({ theme, scope })));
  }

  findTheme(id: string): { theme: Theme; scope: Scope } | undefined {
    return this.themes().find((t) => t.theme.id === id);
  }

  /** The theme an edit means: the one holding most of its anchor segments (the same id wins a tie). */
  resolve(ref: AnchoredTheme): { theme: Theme; scope: Scope } | undefined {
    const best = closestByAnchors(this.themes(), (t) => t.theme, ref);
    if (best) return best;
    // An edit recorded without anchors (none given) names its theme by id only.
    return ref.anchors.length === 0 && !ref.anchorKeys ? this.findTheme(ref.themeId) : undefined;
  }

  /** The theme and the sub-theme of it an edit means (the sub-theme found by its anchors within the theme, as themes are). */
  resolveSub(themeRef: AnchoredTheme, subRef: AnchoredTheme): { theme: Theme; scope: Scope; sub: Subtheme } | undefined {
    const t = this.resolve(themeRef);
    if (!t) return undefined;
    const sub = closestByAnchors(t.theme.subthemes, (x) => x, subRef) ?? (subRef.anchors.length === 0 && !subRef.anchorKeys ? t.theme.subthemes.find((x) => x.id === subRef.themeId) : undefined);
    return sub ? { ...t, sub } : undefined;
  }

  themeOfSegment(segmentId: string): { theme: Theme; scope: Scope } | undefined {
    return this.themes().find((t) => t.theme.segmentIds.includes(segmentId));
  }

  touch(theme: Theme, scope: Scope): void {
    this.touchedThemes.add(theme.id);
    this.touchedScopes.add(scope.id);
    theme.editedBy = 'human';
  }

  removeFromTheme(segmentId: string): void {
    const at = this.themeOfSegment(segmentId);
    if (!at) return;
    at.theme.segmentIds = at.theme.segmentIds.filter((id) => id !== segmentId);
    this.touch(at.theme, at.scope);
  }

  addToTheme(segmentId: string, theme: Theme, scope: Scope): void {
    theme.segmentIds.push(segmentId);
    this.segById.get(segmentId)!.themeId = theme.id;
    this.touch(theme, scope);
  }

  /** The scope's Other theme in a language, created when missing. */
  otherTheme(scope: Scope, language: string): Theme {
    const existing = scope.themes.find((t) => t.isOther && t.language === language) ?? scope.themes.find((t) => t.isOther);
    if (existing) return existing;
    const theme = emptyTheme(`${scope.id}-other${language === 'en' ? '' : `-${language}`}`, scope.id, 'Other', language, true);
    scope.themes.push(theme);
    return theme;
  }

  /** The category scope of a notes category, created when missing. */
  categoryScope(category: string): Scope {
    const existing = this.s.scopes.find((sc) => sc.kind === 'category' && sc.category === category);
    if (existing) return existing;
    const plural = this.s.method.categories.find((c) => c.id === category)?.plural ?? 'Other points';
    let n = this.s.scopes.length + 1;
    while (this.s.scopes.some((sc) => sc.id === `s${n}`)) n++;
    const scope: Scope = { id: `s${n}`, kind: 'category', label: plural, category, segments: 0, k: 0, themes: [], categoryCounts: dict(), summary: [] };
    this.s.scopes.push(scope);
    return scope;
  }
}

/** Of a list of themes or sub-themes, the one holding most of the anchor segments (the same id wins a tie); undefined when none holds one. */
function closestByAnchors<T>(items: readonly T[], of: (item: T) => { id: string; segmentIds: readonly string[] }, ref: AnchoredTheme): T | undefined {
  const anchors = new Set(ref.anchors);
  let best: T | undefined;
  let bestOverlap = 0;
  for (const item of items) {
    const x = of(item);
    const overlap = x.segmentIds.filter((id) => anchors.has(id)).length;
    if (overlap > bestOverlap || (overlap === bestOverlap && overlap > 0 && x.id === ref.themeId)) {
      best = item;
      bestOverlap = overlap;
    }
  }
  return best;
}

export function emptyTheme(id: string, scopeId: string, label: string, language: string, isOther: boolean): Theme {
  return { id, scopeId, label, keyTerms: [], size: 0, share: 0, language, isOther, coherence: 0, quotes: [], byAttribute: dict(), byDocument: dict(), segmentIds: [], editedBy: 'human', subthemes: [] };
}

/** A theme as sub-themes: its own, or itself as one sub-theme (how a theme merged into another keeps its point). */
export function asSubthemes(theme: Theme): Subtheme[] {
  if (theme.subthemes.length) return theme.subthemes;
  return [{ id: `${theme.id}-s1`, label: theme.label, keyTerms: theme.keyTerms, size: theme.segmentIds.length, quotes: theme.quotes, segmentIds: [...theme.segmentIds], editedBy: theme.editedBy }];
}
