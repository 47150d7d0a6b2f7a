// The facilitator's own grouping of a whiteboard (frames, areas or colours) beside Harvest's themes: a cross-table and their agreement.
import { ari } from '../eval/metrics.ts';
import { own } from '../model/dict.ts';
import type { Synthesis } from '../model/index.ts';

/** One board's clusters set beside the themes its stickies went to. */
export interface BoardGroupingView {
  document: string;
  /** What the facilitator grouped by: "the board's frames", "sticky colours (...)". */
  groupedBy: string;
  stickies: number;
  /** Adjusted Rand index of clusters against themes, two decimals ("0.41"), for a tooltip. */
  agreement: string;
  /** The agreement in words. */
  agreementWords: string;
  /** Each cluster, its sticky count, and the themes its stickies are in, most first ("Connectivity 3 · Teachers 2"). */
  rows: { cluster: string; stickies: number; themes: string }[];
}

/** The adjusted Rand index in words: how far Harvest's themes follow the facilitator's clusters. */
export function agreementWords(index: number): string {
  if (index >= 0.65) return "Harvest's themes mostly follow the facilitator's clusters";
  if (index >= 0.3) return "Harvest's themes partly follow the facilitator's clusters";
  return "Harvest's themes cut across the facilitator's clusters: they group the stickies by what they say, not where they were put";
}

/**
 * For each board export in the synthesis (a document whose metadata says what its groups came from), its
 * stickies' clusters (the `group` attribute) against the themes they are in: a cross-table by cluster and the
 * adjusted Rand index of the two groupings. Stickies in no theme (next steps) are left out.
 */
export function boardGroupings(s: Synthesis): BoardGroupingView[] {
  const themeLabels = new Map(s.scopes.flatMap((scope) => scope.themes.map((t) => [t.id, t.label] as const)));
  const out: BoardGroupingView[] = [];
  for (const doc of s.documents) {
    const groupedBy = own(doc.metadata, 'groups_from')?.[0];
    if (groupedBy === undefined) continue;
    const stickies = s.segments.filter((seg) => seg.provenance.documentId === doc.id && seg.themeId !== null && own(seg.attributes, 'group') !== undefined);
    if (stickies.length === 0) continue;
    const clusters = stickies.map((seg) => own(seg.attributes, 'group')!);
    const themes = stickies.map((seg) => seg.themeId!);
    const index = ari(clusters, themes);
    const byCluster = new Map<string, Map<string, number>>();
    stickies.forEach((_, i) => {
      const row = byCluster.get(clusters[i]!) ?? new Map<string, number>();
      row.set(themes[i]!, (row.get(themes[i]!) ?? 0) + 1);
      byCluster.set(clusters[i]!, row);
    });
    const rows = [...byCluster].map(([cluster, row]) => ({
      cluster,
      stickies: [...row.values()].reduce((a, b) => a + b, 0),
      themes: [...row]
        .sort((a, b) => b[1] - a[1] || (themeLabels.get(a[0]) ?? a[0]).localeCompare(themeLabels.get(b[0]) ?? b[0]))
        .map(([theme, n]) => `${themeLabels.get(theme) ?? theme} ${n}`)
        .join(' · '),
    }));
    out.push({ document: doc.name, groupedBy, stickies: stickies.length, agreement: index.toFixed(2), agreementWords: agreementWords(index), rows });
  }
  return out;
}
