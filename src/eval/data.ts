// Labelled evaluation data: read any CSV with id,text,label[,group] columns (plus optional filters) into items.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One labelled text: what a human coder said it is about, and the group it is clustered within. */
export interface LabelledItem {
  id: string;
  text: string;
  label: string;
  group: string;
  /** The finer label (a two-level set: `label` is the broad one), when the set has one. */
  subLabel?: string;
}

export interface LabelledSetSpec {
  /** Name shown in the table. */
  name: string;
  /** Path of the CSV file. */
  path: string;
  /** Column holding the label (default `label`); for a two-level set, the broad level. */
  labelColumn?: string;
  /** Column holding the finer label of a two-level set (scored against sub-themes). */
  subLabelColumn?: string;
  /** Column naming the group to cluster within (default `group` when present, else everything is one group). */
  groupColumn?: string;
  /** Keep only rows whose column equals the value (e.g. n_labels = 1 for single-label scoring). */
  where?: Record<string, string>;
  /** Drop groups with fewer distinct labels than this (default 1). */
  minLabelsPerGroup?: number;
  /** Keep at most this many rows per group, a stratified deterministic subset (for CI). */
  maxPerGroup?: number;
  /** Keep at most this many groups (the largest first, then by name) (for CI). */
  maxGroups?: number;
}

/** Parse labelled rows from CSV text; rows without text or label are skipped. */
export function parseLabelledCsv(csv: string, spec: Omit<LabelledSetSpec, 'path' | 'name'> = {}): LabelledItem[] {
  const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  for (const needed of ['id', 'text', 'label']) {
    if (!columns.includes(needed)) throw new Error(`labelled CSV needs a column "${needed}" (has: ${columns.join(', ')})`);
  }
  const groupColumn = spec.groupColumn ?? (columns.includes('group') ? 'group' : undefined);
  let items = rows
    .filter((r) => Object.entries(spec.where ?? {}).every(([c, v]) => (r[c] ?? '').trim() === v))
    .map((r) => ({
      id: r.id!,
      text: (r.text ?? '').trim(),
      label: (r[spec.labelColumn ?? 'label'] ?? '').trim(),
      group: groupColumn ? (r[groupColumn] ?? '').trim() : 'all',
      ...(spec.subLabelColumn ? { subLabel: (r[spec.subLabelColumn] ?? '').trim() } : {}),
    }))
    .filter((r) => r.text !== '' && r.label !== '' && r.subLabel !== '');
  const byGroup = groupItems(items);
  const minLabels = spec.minLabelsPerGroup ?? 1;
  let groups = [...byGroup.entries()].filter(([, g]) => new Set(g.map((x) => x.label)).size >= minLabels);
  if (spec.maxGroups !== undefined) {
    groups = groups.sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, spec.maxGroups);
  }
  const keep = new Set(groups.map(([g]) => g));
  items = items.filter((x) => keep.has(x.group));
  if (spec.maxPerGroup !== undefined) items = stratifiedSubset(items, spec.maxPerGroup);
  return items;
}

/** Read a labelled CSV file. */
export function readLabelledSet(spec: LabelledSetSpec): LabelledItem[] {
  return parseLabelledCsv(readFileSync(spec.path, 'utf8'), spec);
}

/** Items by group, groups in order of first appearance. */
export function groupItems(items: readonly LabelledItem[]): Map<string, LabelledItem[]> {
  const out = new Map<string, LabelledItem[]>();
  for (const item of items) {
    if (!out.has(item.group)) out.set(item.group, []);
    out.get(item.group)!.push(item);
  }
  return out;
}

/** At most `max` items per group, taking every label's items in turn (round robin, file order): deterministic. */
function stratifiedSubset(items: readonly LabelledItem[], max: number): LabelledItem[] {
  const kept = new Set<LabelledItem>();
  for (const group of groupItems(items).values()) {
    const byLabel = new Map<string, LabelledItem[]>();
    for (const x of group) {
      if (!byLabel.has(x.label)) byLabel.set(x.label, []);
      byLabel.get(x.label)!.push(x);
    }
    const queues = [...byLabel.values()];
    let taken = 0;
    for (let round = 0; taken < Math.min(max, group.length); round++) {
      for (const q of queues) {
        if (round < q.length && taken < max) {
          kept.add(q[round]!);
          taken++;
        }
      }
    }
  }
  return items.filter((x) => kept.has(x));
}
