// Show only on the report and search pages: the attribute values (and ticked options) to offer, and the submission days' span.
import { groupingValues, multiChoiceQuestions, type Synthesis } from '../model/index.ts';
import type { AttributeFilter } from '../report/filtered.ts';
import type { CurrentSynthesis } from '../services/harvest.ts';
import { memoised } from './synthesis-memo.ts';

/** The first and last day survey answers were submitted (for the date range inputs), null when no answer is dated. */
export function dateRangeOf(current: CurrentSynthesis): { min: string; max: string } | null {
  return memoised(current, 'date-range', () => {
    let min: string | null = null;
    let max: string | null = null;
    for (const seg of current.synthesis.segments) {
      if (!seg.date) continue;
      if (min === null || seg.date < min) min = seg.date;
      if (max === null || seg.date > max) max = seg.date;
    }
    return min !== null && max !== null ? { min, max } : null;
  });
}

export interface FilterOption {
  attribute: string;
  label: string;
  /** A multi-choice question: each value is an option, offered as "ticked X". */
  multiChoice: boolean;
  values: { value: string; count: number; selected: boolean }[];
}

/** Attribute values of all segments (organisation type, country, breakout group...) and ticked options of multi-choice questions, for the filter menus. */
export function filterOptions(s: Synthesis, current: AttributeFilter | null): FilterOption[] {
  const counts = new Map<string, Map<string, number>>();
  const multiChoice = multiChoiceQuestions(s.segments);
  for (const seg of s.segments) {
    for (const [attr, value] of groupingValues(seg)) {
      if (!counts.has(attr)) counts.set(attr, new Map());
      counts.get(attr)!.set(value, (counts.get(attr)!.get(value) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    // Attributes that tell groups apart: 2..40 values, not one per segment (dates, ids).
    // (A multi-choice question's options are offered even when only one was ever ticked.)
    .filter(([attribute, values]) => (values.size >= 2 || multiChoice.has(attribute)) && values.size <= 40)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([attribute, values]) => ({
      attribute,
      label: attribute.replace(/_/g, ' '),
      multiChoice: multiChoice.has(attribute),
      values: [...values.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, count]) => ({ value, count, selected: current?.attribute === attribute && current.value === value })),
    }));
}

/** filterOptions with the counting done once per version (only the selected value differs between filters). */
export function filterOptionsOf(current: CurrentSynthesis, filter: AttributeFilter | null): FilterOption[] {
  const all = memoised(current, 'filter-options', () => filterOptions(current.synthesis, null));
  if (!filter) return all;
  return all.map((f) => ({ ...f, values: f.values.map((v) => ({ ...v, selected: f.attribute === filter.attribute && v.value === filter.value })) }));
}
