// The report's "Who said it differently" section: each claim that passed the corrected test (pipeline/differences.ts)
// as a sentence a facilitator can paste, the counts it rests on, and a two-bar chart of the two shares.
import type { Synthesis } from '../model/index.ts';
import { ALPHA, findDifferences, type Difference } from '../pipeline/differences.ts';
import { quoted } from '../pipeline/phrasing.ts';
import { renderBarChart } from './charts.ts';

export interface DifferenceView {
  scopeLabel: string;
  themeLabel: string;
  /** "Where organisation type is “Government”, “Cost of devices” came up half as often as in the other answers (…)." */
  sentence: string;
  /** The counts and the test, for the table: "5 of 42 (12%)", "30 of 120 (25%)", "Fisher's exact, q = 0.004". */
  group: string;
  groupCount: string;
  restCount: string;
  test: string;
  chartSvg: string;
}

export interface DifferencesSectionView {
  /** What was tested and how claims were chosen, in words. */
  method: string;
  claims: DifferenceView[];
  /** Comparisons were made but none passed the test (the renderers say so). */
  noneFound: boolean;
}

/** An attribute's column name as words ("organisation_type" -> "organisation type"). */
function attributeWords(attribute: string): string {
  return attribute.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** How often a theme came up in a group, in words, for the ratio of its share to the others' ("came up twice as often as in <others>"). */
export function howOften(ratio: number, others: string): string {
  if (!Number.isFinite(ratio)) return `came up only there, never in ${others}`;
  if (ratio === 0) return `did not come up, though it did in ${others}`;
  const near = (x: number, target: number) => Math.abs(x - target) / target < 0.12;
  const times = (r: number): string => {
    if (near(r, 2)) return 'twice';
    if (near(r, 3)) return 'three times';
    if (near(r, 4)) return 'four times';
    if (r >= 1) return `${r.toFixed(1)} times`;
    if (near(r, 0.5)) return 'half';
    if (near(r, 1 / 3)) return 'a third';
    if (near(r, 0.25)) return 'a quarter';
    return `${Math.round(r * 100)}%`;
  };
  return `came up ${times(ratio)} as often as in ${others}`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)}%`;
}

/** A q-value as written in a sentence: "q < 0.001", "q = 0.004", "q = 0.03". */
export function qText(q: number): string {
  if (q < 0.001) return 'q < 0.001';
  return `q = ${q < 0.01 ? q.toFixed(3) : q.toFixed(2)}`;
}

function claimView(d: Difference, scopeLabel: string, themeLabel: string, unit: string): DifferenceView {
  const who =
    d.attribute === 'language' ? `In ${quoted(d.group)}` : d.ticked ? `Where ${quoted(d.group)} was ticked in ${attributeWords(d.attribute)}` : `Where ${attributeWords(d.attribute)} is ${quoted(d.group)}`;
  const how = howOften(d.ratio, `the other ${unit} of ${quoted(scopeLabel)}`);
  const shares = `${percent(d.groupInTheme, d.groupSegments)} of ${d.groupSegments} ${unit} against ${percent(d.restInTheme, d.restSegments)} of ${d.restSegments}`;
  const test = `${d.test === 'fisher' ? 'Fisher’s exact test' : 'chi-square test'}, ${qText(d.pAdjusted)}`;
  const sentence = `${who}, ${quoted(themeLabel)} ${how} (${shares}; ${test}).${pairsSentence(d, unit)}`;
  const chartSvg = renderBarChart(
    [
      { label: `${attributeWords(d.attribute)}: ${d.group}`, value: Math.round(d.groupShare * 1000) / 10, valueLabel: `${percent(d.groupInTheme, d.groupSegments)} (${d.groupInTheme} of ${d.groupSegments})` },
      { label: 'everyone else', value: Math.round(d.restShare * 1000) / 10, valueLabel: `${percent(d.restInTheme, d.restSegments)} (${d.restInTheme} of ${d.restSegments})`, muted: true },
    ],
    { title: `Share of ${unit} in “${themeLabel}”: ${d.group} against everyone else`, width: 560, labelWidth: 200, valueWidth: 130, maxLabelChars: 30 },
  );
  return {
    scopeLabel,
    themeLabel,
    sentence,
    group: `${attributeWords(d.attribute)}: ${d.group}`,
    groupCount: `${d.groupInTheme} of ${d.groupSegments} (${percent(d.groupInTheme, d.groupSegments)})`,
    restCount: `${d.restInTheme} of ${d.restSegments} (${percent(d.restInTheme, d.restSegments)})`,
    test,
    chartSvg,
  };
}

/** The groups a claim's group differs from one by one, as a sentence ('' when none passed, or the attribute has two groups). */
function pairsSentence(d: Difference, unit: string): string {
  if (d.pairs.length === 0) return '';
  const more = d.groupShare > d.restShare;
  const each = d.pairs.map((pair) => `${quoted(pair.other)} (${percent(pair.otherInTheme, pair.otherSegments)} of ${pair.otherSegments} ${unit}, ${qText(pair.pAdjusted)})`);
  const listed = each.length === 1 ? each[0]! : `${each.slice(0, -1).join(', ')} and ${each.at(-1)!}`;
  return ` Group by group, ${more ? 'more' : 'less'} often than ${listed}.`;
}

/** The columns of differences.csv, in order. */
export const DIFFERENCES_CSV_COLUMNS: readonly string[] = Object.freeze([
  'scope', 'theme', 'attribute', 'group', 'compared_with', 'group_in_theme', 'group_total', 'group_share',
  'compared_in_theme', 'compared_total', 'compared_share', 'ratio', 'test', 'p', 'q',
]);

/**
 * Every claim of "Who said it differently" as table rows (DIFFERENCES_CSV_COLUMNS): a row for the group against
 * everyone else (compared_with "everyone else"), then a row for each other group it differs from on its own. Shares
 * are fractions, p and q unrounded, so every figure can be checked against the counts.
 */
export function differencesRows(s: Synthesis): (string | number)[][] {
  const { differences } = findDifferences(s);
  const scopes = new Map(s.scopes.map((sc) => [sc.id, sc]));
  const rows: (string | number)[][] = [];
  const round = (x: number): number | string => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : 'inf');
  for (const d of differences) {
    const scope = scopes.get(d.scopeId)!;
    const theme = scope.themes.find((t) => t.id === d.themeId)!;
    const head = [scope.label, theme.label, d.attribute, d.group];
    rows.push([...head, 'everyone else', d.groupInTheme, d.groupSegments, round(d.groupShare), d.restInTheme, d.restSegments, round(d.restShare), round(d.ratio), d.test, d.p, d.pAdjusted]);
    for (const pair of d.pairs) {
      rows.push([...head, pair.other, d.groupInTheme, d.groupSegments, round(d.groupShare), pair.otherInTheme, pair.otherSegments, round(pair.otherShare), round(pair.ratio), pair.test, pair.p, pair.pAdjusted]);
    }
  }
  return rows;
}

/** The section's view of a synthesis (at most `max` claims, strongest evidence first). */
export function differencesSection(s: Synthesis, max = 20): DifferencesSectionView {
  const { differences, tests } = findDifferences(s);
  const scopes = new Map(s.scopes.map((sc) => [sc.id, sc]));
  const claims = differences.slice(0, max).map((d) => {
    const scope = scopes.get(d.scopeId)!;
    const theme = scope.themes.find((t) => t.id === d.themeId)!;
    return claimView(d, scope.label, theme.label, scope.kind === 'question' ? 'answers' : 'points');
  });
  const more = differences.length > max ? ` The ${max} with the strongest evidence are shown, of ${differences.length}.` : '';
  const method =
    tests === 0
      ? 'No group was large enough to compare (each group needs at least 5 answers or points in a question or category, and each theme 5).'
      : `Each theme was compared, group by group, with everyone else in its question or category, for every attribute with 2 to 12 values (and the language): ${tests} comparisons. ` +
        `Only differences that pass Fisher’s exact test (chi-square for large counts) after the Benjamini-Hochberg correction for that many comparisons (q < ${ALPHA}) are written here.${more}`;
  return { method, claims, noneFound: tests > 0 && claims.length === 0 };
}
