// A facilitator's corrections to the themes: rename, merge, split, move, exclude, pin, the sub-theme edits, undo.
// Each is recorded as a ThemeEdit anchored to the segments it concerns, after a trial shows it applies.
import { AppError } from '../errors.ts';
import { LIMITS } from '../model/limits.ts';
import { segmentKey } from '../pipeline/edits/index.ts';
import type { Store } from '../store/store.ts';
import type { AnchoredTheme, ThemeEdit } from '../store/schema.ts';
import type { Analyses, CurrentSynthesis } from './analysis.ts';
import { changeConsultation, loadHead, newId, notFound } from './consultation-state.ts';
import { actorName, type Acting } from './acting.ts';

/** Who makes a theme edit: the acting account, or in the open mode the name the facilitator typed (`author`). */
export interface EditBy extends Acting {
  readonly author?: string;
}

/** An edit before it gets its id, time and author. */
type EditDraft = ThemeEdit extends infer E ? (E extends ThemeEdit ? Omit<E, 'id' | 'at' | 'by' | 'author'> : never) : never;

/** A theme label as stored: at most LIMITS.label characters (the store refuses longer ones when it reads them back). */
function checkLabel<L extends string | null>(label: L): L {
  if (label !== null && label.length > LIMITS.label) throw new AppError('BAD_ARGUMENT', `A theme label has at most ${LIMITS.label} characters.`);
  return label;
}

/** The ids named, each once, between two and LIMITS.mergeThemes of them (`what`: "themes" or "sub-themes"). */
function distinctForMerge(ids: string[], what: string): string[] {
  const distinct = [...new Set(ids)];
  if (distinct.length < 2) throw new AppError('BAD_ARGUMENT', `Name at least two different ${what} to merge.`);
  if (distinct.length > LIMITS.mergeThemes) throw new AppError('BAD_ARGUMENT', `At most ${LIMITS.mergeThemes} ${what} can be merged at once.`);
  return distinct;
}

export class ThemeEdits {
  constructor(
    private readonly store: Store,
    private readonly analyses: Analyses,
  ) {}

  private async anchor(id: string, themeId: string): Promise<AnchoredTheme> {
    const { synthesis } = await this.analyses.current(id);
    const theme = synthesis.scopes.flatMap((sc) => sc.themes).find((t) => t.id === themeId);
    if (!theme) throw notFound(`Theme ${themeId}`);
    const byId = new Map(synthesis.segments.map((s) => [s.id, s]));
    return { themeId, anchors: [...theme.segmentIds], anchorKeys: theme.segmentIds.map((sid) => segmentKey(byId.get(sid)!)) };
  }

  /** A sub-theme of a theme, anchored by its segments like a theme; NOT_FOUND when the theme has no such sub-theme. */
  private async anchorSub(id: string, themeId: string, subthemeId: string): Promise<AnchoredTheme> {
    const { synthesis } = await this.analyses.current(id);
    const sub = synthesis.scopes.flatMap((sc) => sc.themes).find((t) => t.id === themeId)?.subthemes.find((x) => x.id === subthemeId);
    if (!sub) throw notFound(`Sub-theme ${subthemeId}`);
    const byId = new Map(synthesis.segments.map((s) => [s.id, s]));
    return { themeId: subthemeId, anchors: [...sub.segmentIds], anchorKeys: sub.segmentIds.map((sid) => segmentKey(byId.get(sid)!)) };
  }

  /** The segment's content key; NOT_FOUND when the current synthesis has no such segment. */
  private async segmentKeyOf(id: string, segmentId: string): Promise<string> {
    const { synthesis } = await this.analyses.current(id);
    const seg = synthesis.segments.find((s) => s.id === segmentId);
    if (!seg) throw notFound(`Segment ${segmentId}`);
    return segmentKey(seg);
  }

  /** Record an edit after checking it applies to the current synthesis; BAD_ARGUMENT says why when it does not. */
  private async record(id: string, edit: EditDraft, what: string, by: EditBy): Promise<CurrentSynthesis> {
    const full = { ...edit, id: newId('e'), at: new Date().toISOString(), by: 'human', author: by.author?.trim() || actorName(by) } as ThemeEdit;
    const trial = await this.analyses.trial(id, full);
    const outcome = trial.outcomes.at(-1)!;
    if (!outcome.applied) throw new AppError('BAD_ARGUMENT', `This change cannot be made: ${outcome.note}.`);
    await changeConsultation(this.store, id, by, (d) => {
      d.edits.push(full);
      d.history.push({ at: full.at, by: 'human', author: full.author, what });
      return d;
    });
    return this.analyses.current(id);
  }

  async renameTheme(id: string, themeId: string, label: string, by: EditBy): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    return this.record(id, { type: 'rename', theme, label: checkLabel(label.trim()) }, `renamed theme ${themeId} to "${label.trim()}"`, by);
  }

  async mergeThemes(id: string, themeIds: string[], label: string | null, by: EditBy): Promise<CurrentSynthesis> {
    // A theme named twice is merged once: anchoring reads the whole synthesis, so each copy would cost as much again.
    const distinct = distinctForMerge(themeIds, 'themes');
    const themes = [];
    for (const t of distinct) themes.push(await this.anchor(id, t));
    return this.record(id, { type: 'merge', themes, label: checkLabel(label?.trim() || null) }, `merged themes ${distinct.join(', ')}`, by);
  }

  async splitTheme(id: string, themeId: string, k: number | null, by: EditBy): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    return this.record(id, { type: 'split', theme, k }, `split theme ${themeId}${k ? ` into ${k}` : ''}`, by);
  }

  async moveSegment(id: string, segmentId: string, target: { themeId?: string; subthemeId?: string; category?: string }, by: EditBy): Promise<CurrentSynthesis> {
    const key = await this.segmentKeyOf(id, segmentId);
    const theme = target.themeId ? await this.anchor(id, target.themeId) : null;
    const subtheme = theme && target.subthemeId ? await this.anchorSub(id, target.themeId!, target.subthemeId) : undefined;
    const where = subtheme ? `sub-theme ${target.subthemeId}` : target.themeId ? `theme ${target.themeId}` : `category ${target.category}`;
    return this.record(id, { type: 'move', segmentId, segmentKey: key, theme, ...(subtheme ? { subtheme } : {}), category: theme ? null : target.category ?? null }, `moved segment ${segmentId} to ${where}`, by);
  }

  async renameSubtheme(id: string, themeId: string, subthemeId: string, label: string, by: EditBy): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const subtheme = await this.anchorSub(id, themeId, subthemeId);
    return this.record(id, { type: 'rename-subtheme', theme, subtheme, label: checkLabel(label.trim()) }, `renamed sub-theme ${subthemeId} to "${label.trim()}"`, by);
  }

  async mergeSubthemes(id: string, themeId: string, subthemeIds: string[], label: string | null, by: EditBy): Promise<CurrentSynthesis> {
    const distinct = distinctForMerge(subthemeIds, 'sub-themes');
    const theme = await this.anchor(id, themeId);
    const subthemes = [];
    for (const sub of distinct) subthemes.push(await this.anchorSub(id, themeId, sub));
    return this.record(id, { type: 'merge-subthemes', theme, subthemes, label: checkLabel(label?.trim() || null) }, `merged sub-themes ${distinct.join(', ')}`, by);
  }

  async promoteSubtheme(id: string, themeId: string, subthemeId: string, by: EditBy): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const subtheme = await this.anchorSub(id, themeId, subthemeId);
    return this.record(id, { type: 'promote-subtheme', theme, subtheme }, `made sub-theme ${subthemeId} a theme`, by);
  }

  async excludeSegment(id: string, segmentId: string, by: EditBy): Promise<CurrentSynthesis> {
    const key = await this.segmentKeyOf(id, segmentId);
    return this.record(id, { type: 'exclude', segmentId, segmentKey: key }, `excluded segment ${segmentId}`, by);
  }

  async pinQuote(id: string, themeId: string, segmentId: string, by: EditBy): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const key = await this.segmentKeyOf(id, segmentId).catch(() => undefined);
    return this.record(id, { type: 'pin', theme, segmentId, segmentKey: key }, `pinned quote ${segmentId} in theme ${themeId}`, by);
  }

  /** Withdraw an edit (the others are re-applied without it). */
  async undo(id: string, editId: string, acting: Acting): Promise<CurrentSynthesis> {
    const data = await loadHead(this.store, id);
    const edit = data.edits.find((e) => e.id === editId);
    if (!edit) throw notFound('Edit');
    await changeConsultation(this.store, id, acting, (d) => {
      d.edits = d.edits.filter((e) => e.id !== editId);
      d.history.push({ at: new Date().toISOString(), by: 'human', author: actorName(acting), what: `withdrew the ${edit.type} edit of ${edit.at.slice(0, 16).replace('T', ' ')}` });
      return d;
    });
    return this.analyses.current(id);
  }
}
