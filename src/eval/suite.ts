// The evaluation suite: which labelled sets to score, and one function that scores a set (clusters, told k, stability).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LabelledItem, LabelledSetSpec } from './data.ts';
import { readLabelledSet } from './data.ts';
import { labelFigures, type LabelFigures, type LabelledTheme } from './labels.ts';
import { stemmerFor } from '../pipeline/text.ts';
import { agreement, atSubLevel, prepareSet, scoreSet, themeSet, type EvalResources, type PreparedSet, type SetScore } from './runner.ts';

/** The shared development sets (../shared/eval/), with the filters their README asks for. */
export function developmentSets(evalDir: string): LabelledSetSpec[] {
  return [
    { name: 'themefinder (606, n_labels=1)', path: path.join(evalDir, 'themefinder_synthetic_consultation/data.csv'), where: { n_labels: '1' } },
    { name: 'IBM ArgKP (57 groups)', path: path.join(evalDir, 'ibm_argkp_key_points/data.csv'), groupColumn: 'group', minLabelsPerGroup: 3 },
    { name: 'StackOverflow (2000)', path: path.join(evalDir, 'stackoverflow_titles_benchmark/data.csv') },
    {
      name: 'Global Dialogues (2174, n_labels=1)',
      path: path.join(evalDir, 'global_dialogues_ai_survey_tagged/data.csv'),
      groupColumn: 'question_id',
      labelColumn: 'category',
      subLabelColumn: 'label',
      where: { n_labels: '1' },
    },
  ];
}

/** Reference NMI (scikit-learn TF-IDF + LSA + k-means told the true k), from ../shared/eval/README.md. */
export const REFERENCE_NMI: Record<string, number> = {
  'themefinder (606, n_labels=1)': 0.886,
  'IBM ArgKP (57 groups)': 0.206,
  'StackOverflow (2000)': 0.715,
  // Themes against categories: the better of TF-IDF (0.148) and LSA (0.121).
  'Global Dialogues (2174, n_labels=1)': 0.148,
};

/** Reference figures of the finer level of two-level sets (sub-themes against tags), from the same README. */
export const REFERENCE_SUB_NMI: Record<string, number> = {
  'Global Dialogues (2174, n_labels=1)': 0.321,
};

/**
 * The sample survey against the theme its generator gave each answer first (scripts/sample-src/survey-truth.csv),
 * clustered within each question. Answers mix themes, so this is a hard extra check.
 */
export function sampleSurveyItems(root: string): LabelledItem[] {
  const answers = parse(readFileSync(path.join(root, 'corpus/sample/survey-responses.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const truth = parse(readFileSync(path.join(root, 'scripts/sample-src/survey-truth.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const first = new Map<string, string>();
  for (const t of truth) {
    const key = `${t.respondent_id}\u0000${t.question}`;
    if (!first.has(key)) first.set(key, t.theme!);
  }
  const items: LabelledItem[] = [];
  for (const row of answers) {
    for (const [question, text] of Object.entries(row)) {
      const label = first.get(`${row.respondent_id}\u0000${question}`);
      if (label && text.trim()) items.push({ id: `${row.respondent_id}-${items.length}`, text: text.trim(), label, group: question });
    }
  }
  return items;
}

export interface SetReport extends SetScore {
  name: string;
  /** NMI when told the true number of labels per group. */
  nmiToldK: number;
  ariToldK: number;
  /** ARI between the themes of two seeds (null when not run). */
  seedAri: number | null;
  /** ARI between a run on all data and one on a random 90% (on the shared items). */
  subsetAri: number | null;
  /** Sub-themes against the finer labels of a two-level set (absent for one-level sets). */
  sub?: { nmi: number; ari: number; f1: number; subthemes: number; labels: number; seedAri: number | null };
  /** Label figures of the run choosing k itself. */
  labelFigures: LabelFigures;
  /** The same figures for the sub-themes' labels (background words: of the whole group). */
  subLabelFigures: LabelFigures;
  seconds: number;
}

export interface SuiteOptions {
  seed: number;
  stability: boolean;
  toldK: boolean;
  themeOptions?: EvalRunTweaks;
}

/** Method switches forwarded to findThemes (for experiments). */
export type EvalRunTweaks = Parameters<typeof themeSet>[2]['themeOptions'];

/** Score one prepared set: automatic k, told k, and the two stability figures. */
export function scorePrepared(name: string, set: PreparedSet, resources: EvalResources, options: SuiteOptions): SetReport {
  const started = Date.now();
  const labelsOut = { themes: [] as LabelledTheme[], subthemes: [] as LabelledTheme[], scopeTexts: new Map<string, string[]>() };
  const subSet = atSubLevel(set);
  const subRun: (string | null)[] = set.items.map(() => null);
  const run = themeSet(set, resources, { seed: options.seed, themeOptions: options.themeOptions, labelsOut, subOut: subRun });
  const labels = labelFigures(labelsOut.themes, labelsOut.scopeTexts, resources.stopwords.en ?? new Set(), stemmerFor('en'));
  const subLabels = labelFigures(labelsOut.subthemes, labelsOut.scopeTexts, resources.stopwords.en ?? new Set(), stemmerFor('en'));
  const auto = scoreSet(set, run);
  let told = { nmi: NaN, ari: NaN };
  if (options.toldK) told = scoreSet(set, themeSet(set, resources, { seed: options.seed, k: 'truth', themeOptions: options.themeOptions }));
  let seedAri: number | null = null;
  let subsetAri: number | null = null;
  let subSeedAri: number | null = null;
  if (options.stability) {
    const subOther: (string | null)[] = set.items.map(() => null);
    const other = themeSet(set, resources, { seed: options.seed + 1000, themeOptions: options.themeOptions, subOut: subOther });
    seedAri = agreement(set, run, other);
    subSeedAri = agreement(set, subRun, subOther);
    const subset = themeSet(set, resources, { seed: options.seed, share: 0.9, shareSeed: options.seed + 7, themeOptions: options.themeOptions });
    subsetAri = agreement(set, run, subset);
  }
  let sub: SetReport['sub'];
  if (subSet) {
    const scored = scoreSet(subSet, subRun);
    sub = { nmi: scored.nmi, ari: scored.ari, f1: scored.f1, subthemes: scored.themes, labels: scored.labels, seedAri: subSeedAri };
  }
  return { name, ...auto, ...(sub ? { sub } : {}), nmiToldK: told.nmi, ariToldK: told.ari, seedAri, subsetAri, labelFigures: labels, subLabelFigures: subLabels, seconds: (Date.now() - started) / 1000 };
}

/** Read, annotate and score one labelled CSV. */
export function scoreSpec(spec: LabelledSetSpec, resources: EvalResources, options: SuiteOptions): SetReport {
  return scorePrepared(spec.name, prepareSet(readLabelledSet(spec), resources), resources, options);
}

const f3 = (x: number | null): string => (x === null || Number.isNaN(x) ? '-' : x.toFixed(3));

/** The results as one Markdown table. */
export function formatTable(reports: readonly SetReport[]): string {
  const lines = [
    '| set | items | groups | NMI | ARI | F1 (matched) | themes / labels | in Other | reference NMI | NMI told k | ARI told k | ARI seeds | ARI 90% |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    lines.push(
      `| ${r.name} | ${r.items} | ${r.groups} | ${f3(r.nmi)} | ${f3(r.ari)} | ${f3(r.f1)} | ${r.themes} / ${r.labels} | ${(100 * r.otherShare).toFixed(1)}% | ${f3(REFERENCE_NMI[r.name] ?? null)} | ${f3(r.nmiToldK)} | ${f3(r.ariToldK)} | ${f3(r.seedAri)} | ${f3(r.subsetAri)} |`,
    );
  }
  return lines.join('\n');
}

/** Two-level sets: themes against the broad labels, sub-themes against the fine ones, with their references. */
export function formatTreeTable(reports: readonly SetReport[]): string {
  const lines = [
    '| set | level | clusters / labels | NMI | ARI | reference NMI | ARI seeds |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    if (!r.sub) continue;
    lines.push(`| ${r.name} | themes | ${r.themes} / ${r.labels} | ${f3(r.nmi)} | ${f3(r.ari)} | ${f3(REFERENCE_NMI[r.name] ?? null)} | ${f3(r.seedAri)} |`);
    lines.push(`| ${r.name} | sub-themes | ${r.sub.subthemes} / ${r.sub.labels} | ${f3(r.sub.nmi)} | ${f3(r.sub.ari)} | ${f3(REFERENCE_SUB_NMI[r.name] ?? null)} | ${f3(r.sub.seedAri)} |`);
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

const pc = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

/**
 * Label figures as one Markdown table: one-word labels, labels of background words only (a word in more than
 * half of the group's texts), coverage of the label's head word, and fidelity to the coder's theme names.
 */
export function formatLabelTable(reports: readonly SetReport[]): string {
  const lines = [
    '| set | level | labels | one-word labels | background words only | occurs verbatim in a member | head-word coverage | coder\'s themes whose name shares a word with the label |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    for (const [level, l] of [['themes', r.labelFigures], ['sub-themes', r.subLabelFigures]] as const) {
      if (level === 'sub-themes' && l.themes === 0) continue;
      lines.push(`| ${r.name} | ${level} | ${l.themes} | ${pc(l.oneWord)} | ${pc(l.backgroundOnly)} | ${pc(l.verbatim)} | ${pc(l.coverage)} | ${pc(l.fidelity)} |`);
    }
  }
  return lines.join('\n');
}

/** The coder's theme names against the labels given to the themes holding most of their members (one line each). */
export function formatLabelPairs(report: SetReport): string {
  return report.labelFigures.pairs.map((p) => `- ${p.truth} -> ${p.label}${p.shared ? '' : ' (no shared word)'}`).join('\n');
}
