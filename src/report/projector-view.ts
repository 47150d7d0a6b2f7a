// The live plenary's projector view: each scope's largest themes with their counts, and how many points and breakout
// groups they come from. Pure: built from the current synthesis, no I/O.
import { own } from '../model/dict.ts';
import type { Synthesis } from '../model/index.ts';
import { campaignTally, themeCount } from './campaigns-view.ts';
import { PROJECTOR_THEMES, type ProjectorScope, type ProjectorThemes } from '../model/projector.ts';

/** The projector's themes of a synthesis (null: not analysed yet), each scope's largest themes first. */
export function projectorThemes(consultation: string, synthesis: Synthesis | null, analysedAt: string | null, top = PROJECTOR_THEMES): ProjectorThemes {
  if (!synthesis) return { consultation, scopes: [], contributions: 0, groups: 0, analysedAt: null };
  const scopes: ProjectorScope[] = [];
  // Every answer counts on the projector; copies of a campaign's template are said beside the count, as in the report.
  const tally = campaignTally(synthesis, 'each');
  for (const scope of synthesis.scopes) {
    const themes = scope.themes
      .filter((t) => t.size > 0)
      .map((t) => {
        const { note } = themeCount(t.id, t.size, tally);
        return { label: t.label, count: t.size, ...(note ? { note } : {}) };
      })
      // Largest first; equal counts keep the synthesis's order (a stable sort), so the projector does not shuffle.
      .sort((a, b) => b.count - a.count);
    if (themes.length === 0) continue;
    scopes.push({ label: scope.label, points: scope.segments, themes: themes.slice(0, top), more: Math.max(0, themes.length - top) });
  }
  // A breakout group is the segment's group attribute; notes without one count as a group of their own (their document).
  const groups = new Set<string>();
  for (const seg of synthesis.segments) groups.add(own(seg.attributes, 'group') ?? `document:${seg.provenance.document}`);
  return { consultation, scopes, contributions: synthesis.segments.length, groups: groups.size, analysedAt };
}
