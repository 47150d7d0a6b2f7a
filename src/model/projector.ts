// The live plenary's projector: what the projector page shows of a consultation (themes with their counts), and
// the snapshot kept while the facilitator has frozen it.
import { z } from 'zod';
import { LIMITS } from './limits.ts';

const label = z.string().max(LIMITS.label);
const count = z.number().int().nonnegative();
const stamp = z.string().max(40);

/** Largest themes a scope shows on the projector (the rest are counted in `more`). */
export const PROJECTOR_THEMES = 6;

/** A theme and its count; `note` says how many of them are copies of a campaign's template ("of which 37 from one template"). */
export const projectorTheme = z.object({ label, count, note: z.string().max(200).optional() });
export type ProjectorTheme = z.infer<typeof projectorTheme>;

/** One question, category or section with its largest themes, largest first. */
export const projectorScope = z.object({
  label,
  /** Points in the scope. */
  points: count,
  themes: z.array(projectorTheme).max(PROJECTOR_THEMES),
  /** Themes of the scope not shown. */
  more: count,
});
export type ProjectorScope = z.infer<typeof projectorScope>;

/** The emerging themes as the projector shows them. */
export const projectorThemes = z.object({
  consultation: z.string().max(LIMITS.consultationName),
  scopes: z.array(projectorScope).max(LIMITS.listItems),
  /** Points (segments) analysed so far. */
  contributions: count,
  /** Breakout groups (or, for a document without a group, documents) the points came from. */
  groups: count,
  /** When the analysis shown was made; null before the first one. */
  analysedAt: stamp.nullable(),
});
export type ProjectorThemes = z.infer<typeof projectorThemes>;

/** The projector as the facilitator froze it: what it showed then, who froze it and when. */
export const frozenProjector = z.object({
  at: stamp,
  by: z.string().max(LIMITS.author),
  themes: projectorThemes,
});
export type FrozenProjector = z.infer<typeof frozenProjector>;

/** What the projector page and its events carry: the themes, and whether they are a frozen snapshot. */
export interface ProjectorView extends ProjectorThemes {
  frozen: { at: string; by: string } | null;
}
