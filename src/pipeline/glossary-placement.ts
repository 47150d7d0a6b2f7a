// Answers in another language placed in the English themes of their scope through the shipped glossary (corpus/glossary.json).
import type { AnalysedSegment } from '../model/index.ts';
import { cognatesIn, englishStemsOf, loadGlossary } from './glossary.ts';
import type { ThemeDraft } from './theme-drafts.ts';

/** An answer in another language joins an English theme only this close to it (cosine, idf-weighted stems). */
const MIN_PLACE_SIMILARITY = 0.2;
/**
 * ... and only with this many words the English answers of the scope use, read through the glossary or as cognates
 * (one is enough: a short answer often has one key word; two left three answers in four of the blind tune surveys
 * unplaced).
 */
const MIN_PLACE_TERMS = 1;

/**
 * Answers in another language that the glossary (corpus/glossary.json) can read join the English theme whose
 * answers share most of their words: their glossary words and cognates ("diskriminimi": "discrimination",
 * "asistenti": "assistant", "Germania": "Germany") as English stems, idf-weighted over the scope's English
 * answers, against each theme's centre; the closest theme takes them when close enough (MIN_PLACE_SIMILARITY,
 * MIN_PLACE_TERMS). They go last among its members (a quote is chosen from the English ones first), and the
 * theme keeps its label and key terms. Returns the indices left unplaced. Deterministic: no randomness, ties to
 * the first theme.
 */
export function placeByGlossary(segments: readonly AnalysedSegment[], indices: readonly number[], language: string, themes: ThemeDraft[], stopwords: Record<string, ReadonlySet<string>>): number[] {
  const targets = themes.filter((t) => !t.isOther);
  if (targets.length === 0 || indices.length === 0) return [...indices];
  const glossary = loadGlossary(stopwords);
  if (!glossary.has(language)) return [...indices];
  // idf over the English members of the themes, and each theme's centre (mean of unit vectors).
  const df = new Map<string, number>();
  let n = 0;
  for (const t of targets) {
    for (const m of t.members) {
      n++;
      for (const stem of new Set(segments[m]!.annotation.stems)) df.set(stem, (df.get(stem) ?? 0) + 1);
    }
  }
  const cognatesOf = cognatesIn([...df.keys()]);
  const idf = (stem: string): number => Math.log((n + 1) / ((df.get(stem) ?? 0) + 1)) + 1;
  const unit = (stems: Iterable<string>): Map<string, number> => {
    const v = new Map<string, number>();
    for (const s of stems) if (df.has(s)) v.set(s, idf(s));
    const norm = Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0)) || 1;
    for (const [k, x] of v) v.set(k, x / norm);
    return v;
  };
  const centreOf = (members: readonly number[]): Map<string, number> => {
    const c = new Map<string, number>();
    for (const m of members) for (const [k, x] of unit(new Set(segments[m]!.annotation.stems))) c.set(k, (c.get(k) ?? 0) + x / members.length);
    const norm = Math.sqrt([...c.values()].reduce((a, x) => a + x * x, 0)) || 1;
    for (const [k, x] of c) c.set(k, x / norm);
    return c;
  };
  const closest = (v: Map<string, number>, centres: readonly Map<string, number>[]): { best: number; bestSim: number } => {
    let best = -1;
    let bestSim = 0;
    centres.forEach((c, t) => {
      let dot = 0;
      for (const [k, x] of v) dot += x * (c.get(k) ?? 0);
      if (dot > bestSim) {
        bestSim = dot;
        best = t;
      }
    });
    return { best, bestSim };
  };
  const centres = targets.map((t) => centreOf(t.members));
  // Sub-theme centres from the English members only (before any answer is placed).
  const subCentres = targets.map((t) => t.subthemes.map((sub) => centreOf(sub.members)));
  const left: number[] = [];
  for (const i of indices) {
    const stems = segments[i]!.annotation.stems;
    const english = englishStemsOf(stems, language, glossary).filter((s) => df.has(s));
    for (const c of cognatesOf(stems)) if (!english.includes(c)) english.push(c);
    if (english.length < MIN_PLACE_TERMS) {
      left.push(i);
      continue;
    }
    const v = unit(english);
    const { best, bestSim } = closest(v, centres);
    if (best < 0 || bestSim < MIN_PLACE_SIMILARITY) {
      left.push(i);
      continue;
    }
    targets[best]!.members.push(i);
    targets[best]!.similarity.push(bestSim);
    // ... and the closest of its sub-theme (the largest when none shares a word).
    if (targets[best]!.subthemes.length) targets[best]!.subthemes[Math.max(0, closest(v, subCentres[best]!).best)]!.members.push(i);
  }
  return left;
}
