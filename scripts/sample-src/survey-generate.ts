// Generates the sample survey (respondents, open answers, true themes) from the answer banks with a seeded PRNG.
import {
  FOREIGN_ANSWERS,
  NON_ANSWERS,
  ORG_BIAS,
  QUESTIONS,
  RESPONDENT_MIX,
  YOUTH_BIAS,
  type OrgType,
  type QuestionBank,
  type ThemeBank,
  type Weighted,
} from './survey-bank.ts';

/** A random number generator returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG; the same seed always gives the same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One respondent's attribute columns. */
export interface Respondent {
  id: string;
  submittedAt: string;
  orgType: OrgType;
  country: string;
  ageGroup: string;
  breakoutGroup: string;
}

/** What a generated cell is, for the truth file. */
export type AnswerKind = 'answer' | 'blank' | 'non-answer';

/** One generated answer cell and the themes it truly expresses. */
export interface GeneratedAnswer {
  text: string;
  kind: AnswerKind;
  /** Theme labels, main theme first; empty for blanks and non-answers. */
  themes: string[];
  /** ISO 639-1 code of the answer's language, `en` unless written in another language. */
  language: string;
}

/** The whole generated survey. */
export interface GeneratedSurvey {
  headers: string[];
  respondents: Respondent[];
  /** answers[i][q]: respondent i, question q (in QUESTIONS order). */
  answers: GeneratedAnswer[][];
}

/** Options of the generator. */
export interface SurveyOptions {
  seed: number;
  respondents: number;
  blankRate: number;
  nonAnswerRate: number;
}

export const DEFAULT_SURVEY_OPTIONS: SurveyOptions = { seed: 20260514, respondents: 180, blankRate: 0.08, nonAnswerRate: 0.035 };

const ATTRIBUTE_HEADERS = ['respondent_id', 'submitted_at', 'organisation_type', 'country', 'age_group', 'breakout_group'];

/** Picks one value by weight. */
function pickWeighted<T>(rng: Rng, items: Weighted<T>[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item.value;
  }
  return items[items.length - 1]!.value;
}

/** Picks one element uniformly. */
function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Counts words the way the brief measures answer length. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w)).length;
}

/** Lower-cases the first letter after an opener, unless the first word is an acronym or "I". */
function lowerFirst(text: string): string {
  if (/^(I |[A-Z]{2})/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Joins an opener and a phrase: after a sentence end the phrase keeps its capital. */
function withOpener(opener: string, text: string): string {
  if (opener === '') return text;
  if (/[.?!] $/.test(opener)) return opener + text;
  return opener + lowerFirst(text);
}

/** Date of the i-th of n submissions, spread over the survey window (20 April to 12 May 2026). */
function submissionDates(rng: Rng, n: number): string[] {
  const start = Date.UTC(2026, 3, 20);
  const days = 23;
  // More answers arrive just after the launch and just before the deadline.
  const offsets = Array.from({ length: n }, () => {
    const u = rng();
    const skew = u < 0.3 ? rng() * 4 : u > 0.8 ? days - 1 - rng() * 4 : rng() * days;
    return Math.min(days - 1, Math.floor(skew));
  }).sort((a, b) => a - b);
  return offsets.map((d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
}

/** Small deterministic slips of a hurried respondent; returns the text unchanged when no slip fits. */
function addTypo(rng: Rng, text: string): string {
  const words = text.split(' ');
  const kind = Math.floor(rng() * 5);
  const longWords = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{6,}$/.test(w));
  if (kind === 0 && longWords.length > 0) {
    const [w, i] = pick(rng, longWords);
    const p = 1 + Math.floor(rng() * (w.length - 3));
    words[i] = w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
    return words.join(' ');
  }
  if (kind === 1 && longWords.length > 0) {
    const [w, i] = pick(rng, longWords);
    const p = 2 + Math.floor(rng() * (w.length - 3));
    words[i] = w.slice(0, p) + w.slice(p + 1);
    return words.join(' ');
  }
  if (kind === 2) return text.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
  if (kind === 3 && /\b(do not|does not|cannot|it is)\b/.test(text)) {
    return text.replace(/\b(do not|does not|cannot|it is)\b/, (m) => ({ 'do not': 'dont', 'does not': 'doesnt', cannot: 'cant', 'it is': 'its' })[m]!);
  }
  if (kind === 4 && longWords.length > 0) {
    const [w, i] = pick(rng, longWords);
    const p = 2 + Math.floor(rng() * (w.length - 3));
    words[i] = w.slice(0, p) + w[p] + w.slice(p);
    return words.join(' ');
  }
  return text.replace(/\. /, '.  ');
}

/** Tracks how often each phrasing was used so that generation spreads over all of them. */
class UsageCounter {
  private readonly counts = new Map<string, number>();

  /** Picks among the least-used strings of a list. */
  pickFresh(rng: Rng, items: readonly string[]): string {
    const min = Math.min(...items.map((s) => this.counts.get(s) ?? 0));
    const fresh = items.filter((s) => (this.counts.get(s) ?? 0) === min);
    const chosen = pick(rng, fresh);
    this.counts.set(chosen, min + 1);
    return chosen;
  }
}

/** Theme weights for one respondent: base weight times organisation and age biases. */
function themeWeights(q: QuestionBank, r: Respondent): Weighted<ThemeBank>[] {
  return q.themes.map((t) => {
    let w = t.weight * (ORG_BIAS[r.orgType][t.id] ?? 1);
    if (r.ageGroup === '18-24') w *= YOUTH_BIAS[t.id] ?? 1;
    if (r.country === 'Italy' && t.id === 'barrier-connectivity') w *= 0.5;
    return { value: t, weight: w };
  });
}

/** Picks n distinct themes by weight. */
function pickThemes(rng: Rng, weights: Weighted<ThemeBank>[], n: number): ThemeBank[] {
  const left = [...weights];
  const out: ThemeBank[] = [];
  while (out.length < n && left.length > 0) {
    const t = pickWeighted(rng, left);
    out.push(t);
    left.splice(left.findIndex((w) => w.value === t), 1);
  }
  return out;
}

/** Formats short items as a list in one of the ways people type lists. */
function formatList(rng: Rng, intro: string, items: string[]): string {
  // Most people type lists on one line; a few press Enter between items.
  const style = pick(rng, [0, 0, 0, 1, 1, 2, 3, 4, 4]);
  if (style === 0) return `${intro}${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}.`;
  if (style === 1) return `${intro}${items.map((s, i) => `${i + 1}) ${s}`).join(' ')}`;
  if (style === 2) return `${intro.trimEnd()}\n${items.map((s, i) => `${i + 1}. ${upperFirst(s)}`).join('\n')}`;
  if (style === 3) return `${intro.trimEnd()}\n${items.map((s) => `- ${s}`).join('\n')}`;
  return `${items.map((s, i) => (i === 0 ? upperFirst(s) : s)).join('; ')}.`;
}

/** Composes one English answer; returns the text and the themes it uses. */
function composeAnswer(rng: Rng, q: QuestionBank, r: Respondent, usage: UsageCounter): { text: string; themes: ThemeBank[] } {
  const weights = themeWeights(q, r);
  const shape = rng();
  const opener = (p: number): string => (rng() < p ? pick(rng, q.openers) : '');
  const closer = (p: number): string => (rng() < p ? pick(rng, q.closers) : '');
  const connectors = ['', 'Also, ', 'And ', 'On top of that, ', 'Plus '];
  if (shape < 0.58) {
    const [t] = pickThemes(rng, weights, 1);
    return { text: withOpener(opener(0.45), usage.pickFresh(rng, t!.cores)) + closer(0.2), themes: [t!] };
  }
  if (shape < 0.72) {
    const [t] = pickThemes(rng, weights, 1);
    return { text: `${withOpener(opener(0.3), usage.pickFresh(rng, t!.cores))} ${pick(rng, t!.details)}`, themes: [t!] };
  }
  if (shape < 0.83) {
    const ts = pickThemes(rng, weights, 2);
    const second = withOpener(pick(rng, connectors), usage.pickFresh(rng, ts[1]!.cores));
    return { text: `${withOpener(opener(0.25), usage.pickFresh(rng, ts[0]!.cores))} ${second}`, themes: ts };
  }
  if (shape < 0.96) {
    const ts = pickThemes(rng, weights, rng() < 0.5 ? 2 : 3);
    return { text: formatList(rng, pick(rng, q.listIntros), ts.map((t) => pick(rng, t.shorts))), themes: ts };
  }
  // A longer answer typed over two paragraphs: the line break stays inside the quoted CSV field.
  if (rng() < 0.5) {
    const [t] = pickThemes(rng, weights, 1);
    return { text: `${usage.pickFresh(rng, t!.cores)}\n${pick(rng, t!.details)}${closer(0.5)}`, themes: [t!] };
  }
  const ts = pickThemes(rng, weights, 2);
  return { text: `${usage.pickFresh(rng, ts[0]!.cores)}\n\n${usage.pickFresh(rng, ts[1]!.cores)}`, themes: ts };
}

/**
 * Generates the survey: respondents with attributes, three open answers each, and the true
 * themes; deterministic for a given seed, with no two substantive answers identical.
 */
export function generateSurvey(options: SurveyOptions = DEFAULT_SURVEY_OPTIONS): GeneratedSurvey {
  const rng = mulberry32(options.seed);
  const dates = submissionDates(rng, options.respondents);
  const respondents: Respondent[] = dates.map((submittedAt, i) => ({
    id: `R${String(i + 1).padStart(3, '0')}`,
    submittedAt,
    orgType: pickWeighted(rng, RESPONDENT_MIX.orgTypes),
    country: pickWeighted(rng, RESPONDENT_MIX.countries),
    ageGroup: pickWeighted(rng, RESPONDENT_MIX.ageGroups),
    breakoutGroup: pickWeighted(rng, RESPONDENT_MIX.breakoutGroups),
  }));

  // Plan the cells first: blanks and non-answers, then foreign-language and one-off answers on free cells.
  const plan: (GeneratedAnswer | null)[][] = respondents.map(() => QUESTIONS.map(() => null));
  for (const [i] of respondents.entries()) {
    for (const [qi, q] of QUESTIONS.entries()) {
      const tiredOfWriting = qi > 0 && plan[i]![qi - 1]?.kind === 'blank' && rng() < 0.4;
      const u = rng();
      if (tiredOfWriting || u < options.blankRate) {
        plan[i]![qi] = { text: '', kind: 'blank', themes: [], language: 'en' };
      } else if (u < options.blankRate + options.nonAnswerRate) {
        const choices = q.key === 'q1' ? NON_ANSWERS.filter((s) => !/above/i.test(s)) : NON_ANSWERS;
        plan[i]![qi] = { text: pick(rng, choices), kind: 'non-answer', themes: [], language: 'en' };
      }
    }
  }
  const labelOf = new Map(QUESTIONS.flatMap((q) => q.themes.map((t) => [t.id, t.label] as const)));
  for (const f of FOREIGN_ANSWERS) {
    const qi = QUESTIONS.findIndex((q) => q.key === f.question);
    const candidates = respondents.map((r, i) => i).filter((i) => f.countries.includes(respondents[i]!.country) && plan[i]![qi] === null);
    const i = pick(rng, candidates);
    plan[i]![qi] = { text: f.text, kind: 'answer', themes: f.themes.map((id) => labelOf.get(id)!), language: f.language };
  }
  for (const [qi, q] of QUESTIONS.entries()) {
    for (const rare of q.rare) {
      const candidates = respondents.map((r, i) => i).filter((i) => plan[i]![qi] === null);
      plan[pick(rng, candidates)]![qi] = { text: rare.text, kind: 'answer', themes: [rare.label], language: 'en' };
    }
  }

  const seen = new Set(plan.flat().filter((a) => a?.kind === 'answer').map((a) => a!.text.toLowerCase()));
  const usage = new UsageCounter();
  const answers = respondents.map((r, i) =>
    QUESTIONS.map((q, qi) => {
      const planned = plan[i]![qi];
      if (planned) return planned;
      for (let attempt = 0; attempt < 100; attempt++) {
        const { text: composed, themes } = composeAnswer(rng, q, r, usage);
        const text = rng() < 0.09 ? addTypo(rng, composed) : composed;
        const words = countWords(text);
        if (words < 5 || words > 60 || seen.has(text.toLowerCase())) continue;
        seen.add(text.toLowerCase());
        return { text, kind: 'answer' as const, themes: themes.map((t) => t.label), language: 'en' };
      }
      throw new Error(`could not compose a distinct answer for ${r.id} ${q.key}`);
    }),
  );
  return { headers: [...ATTRIBUTE_HEADERS, ...QUESTIONS.map((q) => q.header)], respondents, answers };
}

/** Quotes a CSV field when it holds a comma, a quote, a line break or edge spaces (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The survey as CSV text: header row, then one record per respondent. */
export function surveyToCsv(survey: GeneratedSurvey): string {
  const lines = [survey.headers.map(csvField).join(',')];
  for (const [i, r] of survey.respondents.entries()) {
    const cells = [r.id, r.submittedAt, r.orgType, r.country, r.ageGroup, r.breakoutGroup, ...survey.answers[i]!.map((a) => a.text)];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The truth file: one row per theme of each answer, `blank` / `non-answer` for empty cells. */
export function truthToCsv(survey: GeneratedSurvey): string {
  const lines = [['respondent_id', 'question', 'theme'].join(',')];
  for (const [i, r] of survey.respondents.entries()) {
    for (const [qi, a] of survey.answers[i]!.entries()) {
      const question = QUESTIONS[qi]!.header;
      const themes = a.kind === 'answer' ? a.themes : [a.kind];
      for (const theme of themes) lines.push([r.id, question, theme].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
