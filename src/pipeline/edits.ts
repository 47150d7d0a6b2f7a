// Apply a facilitator's theme edits (rename, merge, split, move, exclude, pin; rename, merge and promote sub-themes) to the machine's synthesis, keeping every count consistent. Pure.
import type { AnalysedSegment, Quote, Scope, StakeholderGazetteer, Subtheme, Synthesis, Theme } from '../model/index.ts';
import { breakdownOf, byDocumentOf } from './synthesise.ts';
import { quoteOf } from './quote.ts';
import { findThemes } from './themes.ts';
import { answerPhrasesLeftToLabels } from './annotate/index.ts';
import { isNextStep, nextStepsOf } from './actions.ts';
import type { AnchoredTheme, ThemeEdit } from '../model/theme-edit.ts';
import { dict, increment, own, type Dict } from '../model/dict.ts';
import { categoryLeadLine, questionLeadLine, quoted } from './phrasing.ts';

/** What re-clustering a theme (split) and recounting stakeholders need from the corpus data. */
export interface EditContext {
  seed: number;
  stopwords: Record<string, ReadonlySet<string>>;
  genericWords?: ReadonlySet<string>;
  gazetteer: StakeholderGazetteer;
}

/** Whether an edit could be applied; edits whose themes or segments are gone after a re-analysis are skipped. */
export interface EditOutcome {
  editId: string;
  applied: boolean;
  note: string;
}

export interface EditedSynthesis {
  synthesis: Synthesis;
  outcomes: EditOutcome[];
  /** Segments excluded by hand (no longer in the synthesis). */
  excluded: string[];
}

const MAX_QUOTES = 4;
/** Stands for a segment that no longer exists, so nothing resolves to it. */
const GONE = '\u0000gone';

/**
 * A segment's content key: file, line, column and text. Segment ids number segments per document
 * position, so they change when a file is removed; the key finds the same words again.
 */
export function segmentKey(seg: AnalysedSegment): string {
  return [seg.provenance.document, seg.provenance.line, seg.provenance.column ?? '', seg.text].join('\u0001');
}

/** Rewrite an edit's segment references to this synthesis's ids, through their content keys where recorded. */
function localise(edit: ThemeEdit, byKey: Map<string, string>): ThemeEdit {
  const one = (id: string, key: string | undefined): string => (key === undefined ? id : byKey.get(key) ?? GONE);
  const theme = (t: AnchoredTheme): AnchoredTheme =>
    t.anchorKeys ? { ...t, anchors: t.anchorKeys.map((k) => byKey.get(k)).filter((x): x is string => x !== undefined) } : t;
  switch (edit.type) {
    case 'rename':
    case 'split':
      return { ...edit, theme: theme(edit.theme) };
    case 'merge':
      return { ...edit, themes: edit.themes.map(theme) };
    case 'move':
      return { ...edit, segmentId: one(edit.segmentId, edit.segmentKey), theme: edit.theme ? theme(edit.theme) : null, ...(edit.subtheme ? { subtheme: theme(edit.subtheme) } : {}) };
    case 'rename-subtheme':
    case 'promote-subtheme':
      return { ...edit, theme: theme(edit.theme), subtheme: theme(edit.subtheme) };
    case 'merge-subthemes':
      return { ...edit, theme: theme(edit.theme), subthemes: edit.subthemes.map(theme) };
    case 'exclude':
      return { ...edit, segmentId: one(edit.segmentId, edit.segmentKey) };
    case 'pin':
      return { ...edit, segmentId: one(edit.segmentId, edit.segmentKey), theme: theme(edit.theme) };
  }
}
const OTHER_CATEGORY = 'other';

/** Mutable working state: the synthesis copy and lookups that follow every change. */
class Workbench {
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

function emptyTheme(id: string, scopeId: string, label: string, language: string, isOther: boolean): Theme {
  return { id, scopeId, label, keyTerms: [], size: 0, share: 0, language, isOther, coherence: 0, quotes: [], byAttribute: dict(), byDocument: dict(), segmentIds: [], editedBy: 'human', subthemes: [] };
}

/** A theme as sub-themes: its own, or itself as one sub-theme (how a theme merged into another keeps its point). */
function asSubthemes(theme: Theme): Subtheme[] {
  if (theme.subthemes.length) return theme.subthemes;
  return [{ id: `${theme.id}-s1`, label: theme.label, keyTerms: theme.keyTerms, size: theme.segmentIds.length, quotes: theme.quotes, segmentIds: [...theme.segmentIds], editedBy: theme.editedBy }];
}

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

function apply(w: Workbench, edit: ThemeEdit, ctx: EditContext): string | null {
  switch (edit.type) {
    case 'rename': {
      const t = w.resolve(edit.theme);
      if (!t) return 'the theme no longer exists';
      t.theme.label = edit.label;
      w.touch(t.theme, t.scope);
      return null;
    }
    case 'merge': {
      // The same theme named twice is one theme: resolving each copy again would only cost time.
      const refs = [...new Map(edit.themes.map((ref) => [ref.themeId, ref])).values()];
      const resolved = refs.map((ref) => w.resolve(ref));
      if (resolved.some((t) => !t)) return 'one of the themes no longer exists';
      const distinct = [...new Map(resolved.map((t) => [t!.theme.id, t!])).values()];
      if (distinct.length < 2) return 'the themes are already one theme';
      if (new Set(distinct.map((t) => t.scope.id)).size > 1) return 'themes can only be merged within one question or category';
      const [target, ...rest] = distinct;
      // The merged themes become sub-themes of the one theme (their own sub-themes, or each as one).
      target.theme.subthemes = distinct.flatMap((t) => asSubthemes(t.theme));
      for (const t of rest) {
        for (const id of t.theme.segmentIds) w.addToTheme(id, target.theme, target.scope);
        target.theme.quotes.push(...t.theme.quotes);
        target.theme.keyTerms = [...new Set([...target.theme.keyTerms, ...t.theme.keyTerms])].slice(0, 10);
        t.theme.segmentIds = [];
        target.scope.themes = target.scope.themes.filter((x) => x !== t.theme);
      }
      target.theme.isOther = distinct.every((t) => t.theme.isOther);
      if (edit.label) target.theme.label = edit.label;
      w.touch(target.theme, target.scope);
      return null;
    }
    case 'split': {
      const t = w.resolve(edit.theme);
      if (!t) return 'the theme no longer exists';
      const members = t.theme.segmentIds.map((id) => w.segById.get(id)!);
      if (members.length < 4) return 'a theme needs at least 4 segments to be split';
      // A large consultation's answers were annotated without noun phrases: the labels ask for them.
      const phrasesOnDemand = answerPhrasesLeftToLabels(w.s.segments.length);
      let found = findThemes(members, { seed: ctx.seed, k: edit.k ?? undefined, stopwords: ctx.stopwords, genericWords: ctx.genericWords, minLanguageGroup: 1, phrasesOnDemand });
      if (found.themes.filter((d) => !d.isOther).length < 2 && edit.k === null) {
        found = findThemes(members, { seed: ctx.seed, k: 2, stopwords: ctx.stopwords, genericWords: ctx.genericWords, minLanguageGroup: 1, phrasesOnDemand });
      }
      const parts = found.themes.filter((d) => !d.isOther);
      if (parts.length < 2) return 'the theme could not be split: its segments are too alike';
      const index = t.scope.themes.indexOf(t.theme);
      const created = parts.map((d, i) => {
        const theme = emptyTheme(`${t.theme.id}.${i + 1}`, t.scope.id, d.label, d.language, false);
        theme.keyTerms = d.keyTerms;
        if (d.description) theme.description = d.description;
        theme.coherence = Number(d.coherence.toFixed(4));
        theme.segmentIds = d.members.map((p) => members[p]!.id);
        theme.subthemes = d.subthemes.map((sub, j) => ({ id: `${theme.id}-s${j + 1}`, label: sub.label, keyTerms: sub.keyTerms, size: sub.members.length, quotes: [], segmentIds: sub.members.map((p) => members[p]!.id), editedBy: 'machine' }));
        for (const id of theme.segmentIds) w.segById.get(id)!.themeId = theme.id;
        return theme;
      });
      t.scope.themes.splice(index, 1, ...created);
      for (const theme of created) w.touch(theme, t.scope);
      // Members the split leaves over (too far from both parts) go to the scope's Other theme.
      for (const d of found.themes.filter((x) => x.isOther)) {
        const other = w.otherTheme(t.scope, d.language);
        for (const p of d.members) w.addToTheme(members[p]!.id, other, t.scope);
      }
      return null;
    }
    case 'move': {
      const seg = w.segById.get(edit.segmentId);
      if (!seg || w.excluded.has(seg.id)) return 'the segment no longer exists';
      if (edit.theme) {
        const target = w.resolve(edit.theme);
        if (!target) return 'the theme no longer exists';
        const from = w.themeOfSegment(seg.id);
        const sub = edit.subtheme ? w.resolveSub(edit.theme, edit.subtheme)?.sub : undefined;
        if (edit.subtheme && !sub) return 'the sub-theme no longer exists';
        if (from?.theme === target.theme) {
          if (!sub) return 'the segment is already in that theme';
          if (sub.segmentIds.includes(seg.id)) return 'the segment is already in that sub-theme';
          for (const x of target.theme.subthemes) x.segmentIds = x.segmentIds.filter((id) => id !== seg.id);
          sub.segmentIds.push(seg.id);
          sub.editedBy = 'human';
          w.touch(target.theme, target.scope);
          return null;
        }
        // A next step is in no theme: moved into one, it takes that theme's category like a note from another scope.
        if ((from && from.scope !== target.scope) || (!from && isNextStep(seg))) {
          if (seg.kind === 'answer') return 'a survey answer can only move to a theme of its own question';
          if (target.scope.kind !== 'category' || !target.scope.category) return 'notes can only move to a theme of a category';
          seg.coding.category = target.scope.category;
        }
        w.removeFromTheme(seg.id);
        w.addToTheme(seg.id, target.theme, target.scope);
        if (sub) {
          sub.segmentIds.push(seg.id);
          sub.editedBy = 'human';
        }
        return null;
      }
      const category = edit.category!;
      if (category !== OTHER_CATEGORY && !w.s.method.categories.some((c) => c.id === category)) return `there is no category "${category}"`;
      if (seg.coding.category === category) return 'the segment already has that category';
      seg.coding.category = category;
      seg.coding.evidence = [...seg.coding.evidence.filter((e) => !e.startsWith('set by hand')), 'set by hand'];
      const from = w.themeOfSegment(seg.id);
      if (seg.kind === 'answer') {
        if (from) w.touch(from.theme, from.scope);
        return null;
      }
      w.removeFromTheme(seg.id);
      // A note made an action leaves the themes for the Next steps register (recount lists it).
      if (isNextStep(seg)) {
        seg.themeId = null;
        return null;
      }
      const scope = w.categoryScope(category);
      w.addToTheme(seg.id, w.otherTheme(scope, seg.annotation.language === 'und' ? 'en' : seg.annotation.language), scope);
      return null;
    }
    case 'exclude': {
      if (!w.segById.has(edit.segmentId)) return 'the segment no longer exists';
      if (w.excluded.has(edit.segmentId)) return 'the segment is already excluded';
      w.removeFromTheme(edit.segmentId);
      w.excluded.add(edit.segmentId);
      return null;
    }
    case 'rename-subtheme': {
      const t = w.resolveSub(edit.theme, edit.subtheme);
      if (!t) return 'the sub-theme no longer exists';
      t.sub.label = edit.label;
      t.sub.editedBy = 'human';
      w.touch(t.theme, t.scope);
      return null;
    }
    case 'merge-subthemes': {
      const resolved = edit.subthemes.map((ref) => w.resolveSub(edit.theme, ref));
      if (resolved.some((t) => !t)) return 'one of the sub-themes no longer exists';
      const distinct = [...new Set(resolved.map((t) => t!.sub))];
      if (distinct.length < 2) return 'the sub-themes are already one sub-theme';
      const { theme, scope } = resolved[0]!;
      const [target, ...rest] = distinct;
      for (const sub of rest) target!.segmentIds.push(...sub.segmentIds);
      target!.keyTerms = [...new Set(distinct.flatMap((sub) => sub.keyTerms))].slice(0, 10);
      target!.quotes = distinct.flatMap((sub) => sub.quotes);
      if (edit.label) target!.label = edit.label;
      target!.editedBy = 'human';
      theme.subthemes = theme.subthemes.filter((sub) => !rest.includes(sub));
      w.touch(theme, scope);
      return null;
    }
    case 'promote-subtheme': {
      const t = w.resolveSub(edit.theme, edit.subtheme);
      if (!t) return 'the sub-theme no longer exists';
      if (t.theme.isOther) return 'a sub-theme of Other cannot become a theme';
      let n = 1;
      while (w.findTheme(`${t.theme.id}.p${n}`)) n++;
      const theme = emptyTheme(`${t.theme.id}.p${n}`, t.scope.id, t.sub.label, t.theme.language, false);
      theme.keyTerms = t.sub.keyTerms;
      theme.quotes = t.sub.quotes;
      const moving = new Set(t.sub.segmentIds);
      t.theme.segmentIds = t.theme.segmentIds.filter((id) => !moving.has(id));
      t.theme.subthemes = t.theme.subthemes.filter((sub) => sub !== t.sub);
      t.scope.themes.splice(t.scope.themes.indexOf(t.theme) + 1, 0, theme);
      for (const id of moving) w.addToTheme(id, theme, t.scope);
      w.touch(t.theme, t.scope);
      return null;
    }
    case 'pin': {
      const t = w.resolve(edit.theme);
      const seg = w.segById.get(edit.segmentId);
      if (!t) return 'the theme no longer exists';
      if (!seg || !t.theme.segmentIds.includes(seg.id)) return 'the segment is not in that theme';
      t.theme.quotes = [quoteOf(seg), ...t.theme.quotes.filter((q) => q.segmentId !== seg.id)];
      w.touch(t.theme, t.scope);
      return null;
    }
  }
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
  if (themed[0]) out.push(`${quoted(themed[0].label)} came up most (${themed[0].size} of ${scope.segments} ${unit}, ${pct(themed[0].size, scope.segments)}%).`);
  const next = themed.slice(1, 3).map((t) => `${quoted(t.label)} (${t.size}, ${pct(t.size, scope.segments)}%)`);
  if (next.length) out.push(`Next came ${next.join(' and ')}.`);
  const other = scope.themes.filter((t) => t.isOther).reduce((a, t) => a + t.size, 0);
  if (other) out.push(`${other} ${unit} did not fit a theme and are listed under Other.`);
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
function recount(w: Workbench, ctx: EditContext, edits: number): void {
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
          const escaped = term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}`, 'u').test(lower)) increment(terms, term.toLowerCase());
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
  s.minorityViews = s.minorityViews
    .filter((m) => live.has(m.quote.segmentId))
    .map((m) => ({ ...m, category: live.get(m.quote.segmentId)!.coding.category }));
  if (edits > 0) {
    s.method.parameters = Object.assign(dict<string | number | boolean>(), s.method.parameters, { humanEdits: edits, excludedSegments: w.excluded.size });
    const note = `${edits} correction${edits === 1 ? ' was' : 's were'} made by hand after the analysis; themes changed by hand are marked "edited by hand".`;
    s.executiveSummary = [...s.executiveSummary.filter((x) => !x.includes('made by hand after the analysis')), note];
  }
}

/**
 * Apply edits, in order, to a copy of the machine's synthesis. Themes are found by the segments they
 * held when the edit was made, so edits survive a re-analysis wherever those segments still exist;
 * an edit that no longer fits is skipped and reported in `outcomes`. Counts, shares, breakdowns,
 * quotes and summaries are recomputed, so the result passes the same consistency check as the machine's.
 */
export function applyEdits(machine: Synthesis, edits: readonly ThemeEdit[], ctx: EditContext): EditedSynthesis {
  const w = new Workbench(machine);
  const byKey = new Map(w.s.segments.map((seg) => [segmentKey(seg), seg.id]));
  const outcomes: EditOutcome[] = [];
  for (const edit of edits) {
    const problem = apply(w, localise(edit, byKey), ctx);
    outcomes.push({ editId: edit.id, applied: problem === null, note: problem ?? 'applied' });
  }
  recount(w, ctx, outcomes.filter((o) => o.applied).length);
  return { synthesis: w.s, outcomes, excluded: [...w.excluded] };
}
