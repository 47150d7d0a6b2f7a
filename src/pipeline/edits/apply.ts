// Theme edits, one function per kind of edit: each changes the workbench and says why when it cannot apply.
import { answerPhrasesLeftToLabels } from '../annotate/index.ts';
import { isNextStep } from '../actions.ts';
import { quoteOf } from '../quote.ts';
import { findThemes } from '../themes.ts';
import type { ThemeEdit } from '../../model/theme-edit.ts';
import { asSubthemes, emptyTheme, OTHER_CATEGORY, type EditContext, type Workbench } from './workbench.ts';

/** The edit of one kind. */
type EditOf<K extends ThemeEdit['type']> = Extract<ThemeEdit, { type: K }>;

/** Rename a theme. */
function applyRename(w: Workbench, edit: EditOf<'rename'>): string | null {
  const t = w.resolve(edit.theme);
  if (!t) return 'the theme no longer exists';
  t.theme.label = edit.label;
  w.touch(t.theme, t.scope);
  return null;
}

/** Merge themes of one scope: the first keeps its id, the merged themes become its sub-themes. */
function applyMerge(w: Workbench, edit: EditOf<'merge'>): string | null {
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

/** Split a theme by clustering its members again (at least two parts; what fits neither goes to Other). */
function applySplit(w: Workbench, edit: EditOf<'split'>, ctx: EditContext): string | null {
  const t = w.resolve(edit.theme);
  if (!t) return 'the theme no longer exists';
  const members = t.theme.segmentIds.map((id) => w.segById.get(id)!);
  if (members.length < 4) return 'a theme needs at least 4 segments to be split';
  // A large consultation's answers were annotated without noun phrases: the labels ask for them.
  const phrasesOnDemand = answerPhrasesLeftToLabels(w.s.segments.length);
  let found = findThemes(members, { seed: ctx.seed, k: edit.k ?? undefined, stopwords: ctx.stopwords, genericWords: ctx.genericWords, wordVectors: ctx.wordVectors, minLanguageGroup: 1, phrasesOnDemand });
  if (found.themes.filter((d) => !d.isOther).length < 2 && edit.k === null) {
    found = findThemes(members, { seed: ctx.seed, k: 2, stopwords: ctx.stopwords, genericWords: ctx.genericWords, wordVectors: ctx.wordVectors, minLanguageGroup: 1, phrasesOnDemand });
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

/** Move a segment to another theme or sub-theme, or give it another category. */
function applyMove(w: Workbench, edit: EditOf<'move'>): string | null {
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

/** Take a segment out of the synthesis. */
function applyExclude(w: Workbench, edit: EditOf<'exclude'>): string | null {
  if (!w.segById.has(edit.segmentId)) return 'the segment no longer exists';
  if (w.excluded.has(edit.segmentId)) return 'the segment is already excluded';
  w.removeFromTheme(edit.segmentId);
  w.excluded.add(edit.segmentId);
  return null;
}

/** Rename a sub-theme. */
function applyRenameSubtheme(w: Workbench, edit: EditOf<'rename-subtheme'>): string | null {
  const t = w.resolveSub(edit.theme, edit.subtheme);
  if (!t) return 'the sub-theme no longer exists';
  t.sub.label = edit.label;
  t.sub.editedBy = 'human';
  w.touch(t.theme, t.scope);
  return null;
}

/** Merge sub-themes of one theme into the first. */
function applyMergeSubthemes(w: Workbench, edit: EditOf<'merge-subthemes'>): string | null {
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

/** Make a sub-theme a theme of its own, after its parent. */
function applyPromoteSubtheme(w: Workbench, edit: EditOf<'promote-subtheme'>): string | null {
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

/** Pin a segment as the theme's first quote. */
function applyPin(w: Workbench, edit: EditOf<'pin'>): string | null {
  const t = w.resolve(edit.theme);
  const seg = w.segById.get(edit.segmentId);
  if (!t) return 'the theme no longer exists';
  if (!seg || !t.theme.segmentIds.includes(seg.id)) return 'the segment is not in that theme';
  t.theme.quotes = [quoteOf(seg), ...t.theme.quotes.filter((q) => q.segmentId !== seg.id)];
  w.touch(t.theme, t.scope);
  return null;
}

/** Apply one edit to the workbench: null when applied, else why it could not be. */
export function apply(w: Workbench, edit: ThemeEdit, ctx: EditContext): string | null {
  switch (edit.type) {
    case 'rename':
      return applyRename(w, edit);
    case 'merge':
      return applyMerge(w, edit);
    case 'split':
      return applySplit(w, edit, ctx);
    case 'move':
      return applyMove(w, edit);
    case 'exclude':
      return applyExclude(w, edit);
    case 'rename-subtheme':
      return applyRenameSubtheme(w, edit);
    case 'merge-subthemes':
      return applyMergeSubthemes(w, edit);
    case 'promote-subtheme':
      return applyPromoteSubtheme(w, edit);
    case 'pin':
      return applyPin(w, edit);
  }
}
