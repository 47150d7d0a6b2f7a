// Blind surveys (issue 15): authored surveys a blind coder gave a theme and a sub-theme per answer; Harvest analyses
// each survey end to end, as a facilitator would run it, and its themes are scored against the coder's per question.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Resources } from '../corpus.ts';
import { ingestFile } from '../ingest/index.ts';
import { analyseDocuments } from '../pipeline/index.ts';
import { stemmerFor } from '../pipeline/text.ts';
import type { Theme } from '../model/index.ts';
import { ari, matchedF1, nmi } from './metrics.ts';
import { labelFigures, type LabelFigures, type LabelledTheme } from './labels.ts';

/** The coder's theme for an answer that says nothing about the question. */
export const NO_SUBSTANTIVE_ANSWER = 'No substantive answer';

/** One coded answer of a blind survey's label file. */
export interface CodedAnswer {
  id: string;
  respondentId: string;
  /** q1..q4: the question the answer is to. */
  group: string;
  /** The question's text, the survey's column header. */
  question: string;
  language: string;
  text: string;
  theme: string;
  subtheme: string;
  /** The theme of a mixed answer's second point ('' when the answer makes one point). */
  secondTheme: string;
}

export interface BlindSurvey {
  name: string;
  /** The survey file as a facilitator exports it (one row per respondent, one column per question). */
  file: string;
  answers: CodedAnswer[];
}

export type SurveyHalf = 'tune' | 'test';

/** The blind surveys of one half: every `S.labels.csv` beside its `S.csv`. */
export function blindSurveys(root: string, half: SurveyHalf): BlindSurvey[] {
  const dir = path.join(root, half);
  if (!existsSync(dir)) return [];
  const out: BlindSurvey[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.labels.csv')) continue;
    const name = f.slice(0, -'.labels.csv'.length);
    const file = path.join(dir, `${name}.csv`);
    if (existsSync(file)) out.push({ name, file, answers: readCodedAnswers(path.join(dir, f)) });
  }
  return out;
}

/** Read a label file (`id,respondent_id,group,question,language,text,theme,subtheme,second_theme`). */
export function readCodedAnswers(file: string): CodedAnswer[] {
  const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    for (const column of ['respondent_id', 'question', 'text', 'theme', 'subtheme']) {
      if (!(r[column] ?? '').trim()) throw new Error(`${path.basename(file)}, row ${i + 2}: column "${column}" is empty`);
    }
    return {
      id: r.id ?? `${r.respondent_id}-${r.group}`,
      respondentId: r.respondent_id!.trim(),
      group: (r.group ?? r.question!).trim(),
      question: r.question!.trim(),
      language: (r.language ?? '').trim(),
      text: r.text!,
      theme: r.theme!.trim(),
      subtheme: r.subtheme!.trim(),
      secondTheme: (r.second_theme ?? '').trim(),
    };
  });
}

/** What Harvest made of one coded answer. */
interface Placement {
  /** Theme id, `non-answer`, or `missing` (no segment holds the answer). */
  theme: string;
  /** Sub-theme id (the theme id when the theme has no sub-themes), or as `theme`. */
  subtheme: string;
  /** The theme is an Other theme (tiny or incoherent groups, answers in a language set aside...). */
  other: boolean;
}

const NON_ANSWER = 'non-answer';
const MISSING = 'missing';

export interface SurveyScore {
  surveys: number;
  answers: number;
  questions: number;
  /** Themes against the coder's themes, per question, weighted by the question's answers (non-answers included: a class each). */
  nmi: number;
  ari: number;
  f1: number;
  /** Sub-themes against the coder's sub-themes, the same way. */
  subNmi: number;
  subAri: number;
  /** Themes and sub-themes found (Other excluded) and the coder's, summed over questions. */
  themes: number;
  coderThemes: number;
  subthemes: number;
  coderSubthemes: number;
  /** Non-answers set apart against the coder's "No substantive answer". */
  nonAnswerPrecision: number;
  nonAnswerRecall: number;
  /** Coded content answers not in English: share in a content theme (not Other), share in the theme most of whose answers share their coder theme. */
  otherLanguageAnswers: number;
  otherLanguageThemed: number;
  otherLanguageRight: number;
  /** Share of coded answers Harvest has no segment for (should be 0). */
  missing: number;
  labels: LabelFigures;
  subLabels: LabelFigures;
}

const key = (respondentId: string, question: string): string => `${respondentId}\u0000${question.trim()}`;

/** Analyse one survey and place every coded answer in Harvest's themes; also the labelled themes for label figures. */
async function placeAnswers(survey: BlindSurvey, resources: Resources, seed: number) {
  const doc = await ingestFile(path.basename(survey.file), new Uint8Array(readFileSync(survey.file)));
  const { synthesis, documents } = analyseDocuments([doc], resources, { seed, workers: 0 });
  const nonAnswers = new Set<string>();
  for (const q of documents[0]?.survey?.questions ?? []) for (const cell of q.nonAnswers) nonAnswers.add(key(cell.respondentId, q.question));
  const themeOf = new Map<string, Theme>();
  const subthemeOf = new Map<string, string>();
  for (const scope of synthesis.scopes) {
    for (const theme of scope.themes) {
      for (const id of theme.segmentIds) themeOf.set(id, theme);
      for (const sub of theme.subthemes) for (const id of sub.segmentIds) subthemeOf.set(id, sub.id);
    }
  }
  const segmentOf = new Map<string, string>();
  for (const s of synthesis.segments) {
    const k = key(s.respondentId ?? '', s.provenance.column ?? '');
    if (!segmentOf.has(k)) segmentOf.set(k, s.id);
  }
  const placements: Placement[] = survey.answers.map((a) => {
    const k = key(a.respondentId, a.question);
    if (nonAnswers.has(k)) return { theme: NON_ANSWER, subtheme: NON_ANSWER, other: false };
    const id = segmentOf.get(k);
    const theme = id === undefined ? undefined : themeOf.get(id);
    if (!theme) return { theme: MISSING, subtheme: MISSING, other: false };
    return { theme: theme.id, subtheme: subthemeOf.get(id!) ?? theme.id, other: theme.isOther };
  });
  // The label figures read each theme's and sub-theme's members with their coder themes.
  const answerOfSegment = new Map<string, CodedAnswer>();
  for (const a of survey.answers) {
    const id = segmentOf.get(key(a.respondentId, a.question));
    if (id !== undefined) answerOfSegment.set(id, a);
  }
  const themes: LabelledTheme[] = [];
  const subthemes: LabelledTheme[] = [];
  const labelled = (label: string, ids: readonly string[], level: 'theme' | 'subtheme'): LabelledTheme | null => {
    const members = ids.map((id) => answerOfSegment.get(id)).filter((a): a is CodedAnswer => a !== undefined);
    if (!members.length) return null;
    return { label, members: members.map((m) => m.text), truth: members.map((m) => m[level]), scope: `${survey.name}/${members[0]!.group}` };
  };
  for (const scope of synthesis.scopes) {
    for (const theme of scope.themes) {
      if (theme.isOther) continue;
      const t = labelled(theme.label, theme.segmentIds, 'theme');
      if (t) themes.push(t);
      for (const sub of theme.subthemes) {
        const s = labelled(sub.label, sub.segmentIds, 'subtheme');
        if (s) subthemes.push(s);
      }
    }
  }
  return { placements, themes, subthemes };
}

/** Score the blind surveys of a half: each survey analysed alone, every figure over all their questions. */
export async function scoreBlindSurveys(surveys: readonly BlindSurvey[], resources: Resources, seed = 42): Promise<SurveyScore> {
  const score = { nmi: 0, ari: 0, f1: 0, subNmi: 0, subAri: 0, themes: 0, coderThemes: 0, subthemes: 0, coderSubthemes: 0 };
  let answers = 0;
  let questions = 0;
  let missing = 0;
  const na = { tp: 0, fp: 0, fn: 0 };
  const foreign = { n: 0, themed: 0, right: 0 };
  const allThemes: LabelledTheme[] = [];
  const allSubthemes: LabelledTheme[] = [];
  const scopeTexts = new Map<string, string[]>();
  for (const survey of surveys) {
    const { placements, themes, subthemes } = await placeAnswers(survey, resources, seed);
    allThemes.push(...themes);
    allSubthemes.push(...subthemes);
    const byGroup = new Map<string, number[]>();
    survey.answers.forEach((a, i) => {
      byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), i]);
      const scope = `${survey.name}/${a.group}`;
      scopeTexts.set(scope, [...(scopeTexts.get(scope) ?? []), a.text]);
    });
    for (const indices of byGroup.values()) {
      const coded = indices.map((i) => survey.answers[i]!);
      const placed = indices.map((i) => placements[i]!);
      const truth = coded.map((a) => (a.theme === NO_SUBSTANTIVE_ANSWER ? NON_ANSWER : a.theme));
      const subTruth = coded.map((a) => (a.theme === NO_SUBSTANTIVE_ANSWER ? NON_ANSWER : `${a.theme}\u0000${a.subtheme}`));
      const w = indices.length;
      score.nmi += w * nmi(truth, placed.map((p) => p.theme));
      score.ari += w * ari(truth, placed.map((p) => p.theme));
      score.f1 += w * matchedF1(truth, placed.map((p) => p.theme)).f1;
      score.subNmi += w * nmi(subTruth, placed.map((p) => p.subtheme));
      score.subAri += w * ari(subTruth, placed.map((p) => p.subtheme));
      const content = (xs: readonly string[]): number => new Set(xs.filter((x) => x !== NON_ANSWER && x !== MISSING)).size;
      score.themes += content(placed.filter((p) => !p.other).map((p) => p.theme));
      score.subthemes += content(placed.filter((p) => !p.other).map((p) => p.subtheme));
      score.coderThemes += content(truth);
      score.coderSubthemes += content(subTruth);
      // The coder theme most of each Harvest theme's answers have: where an answer in another language should be.
      const majority = majorityTruth(placed.map((p) => p.theme), truth);
      coded.forEach((a, j) => {
        const p = placed[j]!;
        const coderNa = truth[j] === NON_ANSWER;
        if (p.theme === MISSING) missing++;
        if (p.theme === NON_ANSWER && coderNa) na.tp++;
        else if (p.theme === NON_ANSWER) na.fp++;
        else if (coderNa) na.fn++;
        if (!coderNa && a.language && a.language !== 'en') {
          foreign.n++;
          if (p.theme !== NON_ANSWER && p.theme !== MISSING && !p.other) foreign.themed++;
          if (!p.other && majority.get(p.theme) === truth[j]) foreign.right++;
        }
      });
      answers += w;
      questions++;
    }
  }
  const n = Math.max(1, answers);
  const stop = resources.stopwords.en ?? new Set<string>();
  return {
    surveys: surveys.length,
    answers,
    questions,
    nmi: score.nmi / n,
    ari: score.ari / n,
    f1: score.f1 / n,
    subNmi: score.subNmi / n,
    subAri: score.subAri / n,
    themes: score.themes,
    coderThemes: score.coderThemes,
    subthemes: score.subthemes,
    coderSubthemes: score.coderSubthemes,
    nonAnswerPrecision: na.tp / Math.max(1, na.tp + na.fp),
    nonAnswerRecall: na.tp / Math.max(1, na.tp + na.fn),
    otherLanguageAnswers: foreign.n,
    otherLanguageThemed: foreign.themed / Math.max(1, foreign.n),
    otherLanguageRight: foreign.right / Math.max(1, foreign.n),
    missing: missing / n,
    labels: labelFigures(allThemes, scopeTexts, stop, stemmerFor('en')),
    subLabels: labelFigures(allSubthemes, scopeTexts, stop, stemmerFor('en')),
  };
}

/** For each predicted cluster, the truth value most of its members have (ties: the first met). */
function majorityTruth(predicted: readonly string[], truth: readonly string[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  predicted.forEach((p, i) => {
    const c = counts.get(p) ?? new Map<string, number>();
    c.set(truth[i]!, (c.get(truth[i]!) ?? 0) + 1);
    counts.set(p, c);
  });
  const out = new Map<string, string>();
  for (const [p, c] of counts) out.set(p, [...c].sort((a, b) => b[1] - a[1])[0]![0]);
  return out;
}

const f3 = (x: number): string => x.toFixed(3);

/** The figures as a short table; with `pairs`, each coder theme beside the label of the theme holding most of it (tune half only: the test half is not read). */
export function formatSurveyScore(title: string, s: SurveyScore, pairs = false): string {
  const lines = [
    `${title}: ${s.surveys} surveys, ${s.questions} questions, ${s.answers} coded answers`,
    '',
    '| level | NMI | ARI | matched F1 | Harvest (coder) | one-word labels | labels naming the coder theme |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| themes | ${f3(s.nmi)} | ${f3(s.ari)} | ${f3(s.f1)} | ${s.themes} (${s.coderThemes}) | ${f3(s.labels.oneWord)} | ${s.labels.fidelity === null ? '-' : f3(s.labels.fidelity)} |`,
    `| sub-themes | ${f3(s.subNmi)} | ${f3(s.subAri)} | - | ${s.subthemes} (${s.coderSubthemes}) | ${f3(s.subLabels.oneWord)} | ${s.subLabels.fidelity === null ? '-' : f3(s.subLabels.fidelity)} |`,
    '',
    `Non-answers set apart: precision ${f3(s.nonAnswerPrecision)}, recall ${f3(s.nonAnswerRecall)}. ` +
      `Answers in other languages (${s.otherLanguageAnswers}): ${f3(s.otherLanguageThemed)} in a content theme, ${f3(s.otherLanguageRight)} in the theme of their coder theme. ` +
      `Coded answers without a segment: ${f3(s.missing)}.`,
  ];
  if (pairs) {
    lines.push('', 'Coder theme -> Harvest label of the theme holding most of its answers:');
    for (const p of s.labels.pairs) lines.push(`  ${p.shared ? ' ' : '!'} ${p.truth} -> ${p.label}`);
  }
  return lines.join('\n');
}
