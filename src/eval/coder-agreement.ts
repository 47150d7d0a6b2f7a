// How far two blind coders agree on the same notes, line by line: the ceiling a tagger can fairly be held to.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readLabelFile, SCORED_CATEGORIES, type BlindDocument } from './blind-notes.ts';
import { categoryScores, type CategoryScore } from './metrics.ts';

export interface CoderAgreement {
  /** The documents both coders labelled (names as in the first coder's half). */
  documents: string[];
  lines: number;
  /** Macro-F1 over SCORED_CATEGORIES, the first coder read as the truth (symmetric for F1 per category). */
  macroF1: number;
  /** Cohen's kappa over every category, `none` included. */
  kappa: number;
  /** Micro-F1 of the (line, stakeholder type) pairs of lines both coders call content. */
  typesF1: number;
  categories: CategoryScore[];
}

/** Cohen's kappa of two labelings of the same items. */
export function cohensKappa(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n === 0) return 1;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let same = 0;
  for (let i = 0; i < n; i++) {
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
    if (a[i] === b[i]) same++;
  }
  let chance = 0;
  for (const [c, k] of countA) chance += (k / n) * ((countB.get(c) ?? 0) / n);
  return chance === 1 ? 1 : (same / n - chance) / (1 - chance);
}

/**
 * The first coder's documents that a second coder labelled again (`secondDir/X.labels.csv`), compared line by line.
 * Lines only one of them labelled are left out (both label every non-blank line, so there should be none).
 */
export function coderAgreement(first: readonly BlindDocument[], secondDir: string): CoderAgreement {
  const a: string[] = [];
  const b: string[] = [];
  const documents: string[] = [];
  let common = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (const doc of first) {
    const file = path.join(secondDir, `${doc.name}.labels.csv`);
    if (!existsSync(file)) continue;
    documents.push(doc.name);
    const second = new Map(readLabelFile(file).map((l) => [l.line, l]));
    for (const l of doc.labels) {
      const other = second.get(l.line);
      if (!other) continue;
      a.push(l.category);
      b.push(other.category);
      if (l.category === 'none' || other.category === 'none') continue;
      const mine = new Set(other.stakeholderTypes);
      for (const t of l.stakeholderTypes) (mine.has(t) ? common++ : onlyA++);
      for (const t of mine) if (!l.stakeholderTypes.includes(t)) onlyB++;
    }
  }
  const scores = categoryScores(a, b);
  const scored = SCORED_CATEGORIES.map((c) => scores.categories.find((s) => s.category === c)?.f1 ?? 0);
  return {
    documents,
    lines: a.length,
    macroF1: scored.reduce((s, f) => s + f, 0) / scored.length,
    kappa: cohensKappa(a, b),
    typesF1: common ? (2 * common) / (2 * common + onlyA + onlyB) : 0,
    categories: scores.categories,
  };
}
