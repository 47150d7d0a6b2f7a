// Apply a facilitator's theme edits (rename, merge, split, move, exclude, pin; rename, merge and promote sub-themes) to
// the machine's synthesis, keeping every count consistent. Pure.
import type { AnalysedSegment, Synthesis } from '../../model/index.ts';
import type { AnchoredTheme, ThemeEdit } from '../../model/theme-edit.ts';
import { apply } from './apply.ts';
import { recount } from './recount.ts';
import { Workbench, type EditContext } from './workbench.ts';

export type { EditContext } from './workbench.ts';

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
