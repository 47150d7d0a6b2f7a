// A facilitator's edit of the themes (rename, merge, split, move, exclude, pin; rename, merge and promote sub-themes), anchored so it survives a re-analysis.
import { z } from 'zod';
import { LIMITS } from './limits.ts';

const id = z.string().max(LIMITS.id);
/** A time stamp (ISO 8601). */
const stamp = z.string().max(40);
const author = z.string().max(LIMITS.author);

const anchoredTheme = z.object({
  themeId: id,
  /** The theme's segments when the edit was made: how the theme is found again after a re-analysis. */
  anchors: z.array(id).max(LIMITS.segments),
  /** The same segments as content keys (file, line, column, text), which survive renumbering. */
  anchorKeys: z.array(z.string().max(2_100_000)).max(LIMITS.segments).optional(),
});
export type AnchoredTheme = z.infer<typeof anchoredTheme>;

const editBase = {
  id,
  at: stamp,
  by: z.enum(['machine', 'human']),
  author,
};
const label = z.string().max(LIMITS.label);
const segmentKey = z.string().max(2_100_000);

export const themeEdit = z.discriminatedUnion('type', [
  z.object({ ...editBase, type: z.literal('rename'), theme: anchoredTheme, label }),
  z.object({ ...editBase, type: z.literal('merge'), themes: z.array(anchoredTheme).min(2).max(LIMITS.mergeThemes), label: label.nullable() }),
  z.object({ ...editBase, type: z.literal('split'), theme: anchoredTheme, k: z.number().int().min(2).nullable() }),
  z.object({
    ...editBase,
    type: z.literal('move'),
    segmentId: id,
    segmentKey: segmentKey.optional(),
    theme: anchoredTheme.nullable(),
    /** The sub-theme of `theme` the segment goes to (absent: the one whose answers share most of its words). */
    subtheme: anchoredTheme.optional(),
    category: id.nullable(),
  }),
  // Sub-themes (a theme's distinct points) are found by their anchors within their theme, as themes are.
  z.object({ ...editBase, type: z.literal('rename-subtheme'), theme: anchoredTheme, subtheme: anchoredTheme, label }),
  z.object({ ...editBase, type: z.literal('merge-subthemes'), theme: anchoredTheme, subthemes: z.array(anchoredTheme).min(2).max(LIMITS.mergeThemes), label: label.nullable() }),
  z.object({ ...editBase, type: z.literal('promote-subtheme'), theme: anchoredTheme, subtheme: anchoredTheme }),
  z.object({ ...editBase, type: z.literal('exclude'), segmentId: id, segmentKey: segmentKey.optional() }),
  z.object({ ...editBase, type: z.literal('pin'), theme: anchoredTheme, segmentId: id, segmentKey: segmentKey.optional() }),
]);
export type ThemeEdit = z.infer<typeof themeEdit>;
