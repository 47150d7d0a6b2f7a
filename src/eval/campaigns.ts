// Campaign evaluation: synthetic campaigns (a template answer pasted many times with small random edits: words swapped,
// a word replaced, sentences added or removed, typos) mixed into the sample survey's answers, and the detector's
// pairwise precision and recall on the mixture.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CampaignsResult, Segment } from '../model/index.ts';
import { createRandom, type Random } from '../pipeline/random.ts';
import { findCampaigns } from '../pipeline/campaigns/index.ts';
import { jaccard, shinglesOf, wordsOf } from '../pipeline/campaigns/minhash.ts';

/** Sample answers this similar to an earlier one are copies of it, left out of a mixture's background. */
export const DISTINCT_BELOW = 0.25;

/** Sentences a respondent may add to a pasted template (a personal touch, as real campaign answers have). */
const ADDED_SENTENCES = [
  'I write as a mother of three.',
  'This matters a great deal to our village.',
  'Please take this seriously.',
  'I have seen this happen to my neighbours.',
  'Our association has said so for years.',
  'Thank you for asking us.',
  'It is the same for many families I know.',
  'Nothing has changed since the last consultation.',
];

export interface MixtureOptions {
  seed: number;
  /** How many campaigns to mix in, and the range of copies each (the template's own answer included). */
  campaigns?: number;
  minCopies?: number;
  maxCopies?: number;
}

export interface Mixture {
  segments: Segment[];
  /** The campaign each pasted answer (and the answer its template came from) belongs to. */
  truth: Map<string, string>;
}

/**
 * The sample survey's answers as segments, one per non-empty answer, with the question as section and column. The
 * sample's generator reuses answers from its banks with small additions, so it holds copies of its own; with
 * `distinct`, an answer whose exact word-shingle Jaccard similarity to an earlier answer of its question reaches
 * DISTINCT_BELOW is left out, so the only copies in a mixture are the ones mixed in.
 */
export function sampleAnswers(root: string, distinct = false): Segment[] {
  const rows = parse(readFileSync(path.join(root, 'corpus/sample/survey-responses.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const questions = Object.keys(rows[0] ?? {}).filter((h) => h.includes('?'));
  const segments: Segment[] = [];
  const kept: Uint32Array[] = [];
  rows.forEach((row, r) => {
    for (const q of questions) {
      const text = (row[q] ?? '').trim();
      if (!text) continue;
      const shingles = shinglesOf(wordsOf(text));
      if (distinct && segments.some((s, i) => s.section === q && jaccard(kept[i]!, shingles) >= DISTINCT_BELOW)) continue;
      segments.push(answer(`sample-${segments.length + 1}`, text, q, row.respondent_id ?? `R${r + 1}`, r + 2));
      kept.push(shingles);
    }
  });
  return segments;
}

function answer(id: string, text: string, question: string, respondent: string, line: number): Segment {
  return {
    id,
    kind: 'answer',
    text,
    section: question,
    respondentId: respondent,
    attributes: {},
    provenance: { documentId: 'd1', document: 'mixture.csv', line, start: 0, end: text.length, column: question },
  };
}

/** A typo: two neighbouring letters of a word swapped, or one dropped. */
function typo(word: string, random: Random): string {
  if (word.length < 4) return word;
  const i = 1 + random.int(word.length - 2);
  return random.next() < 0.5 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
}

const sentencesOf = (text: string): string[] => text.match(/[^.!?]+[.!?]*\s*/g)?.map((s) => s.trim()).filter(Boolean) ?? [text];

/** One pasted copy of a template with 1 to 3 small edits. */
export function editCopy(template: string, random: Random, vocabulary: readonly string[]): string {
  let sentences = sentencesOf(template);
  const edits = 1 + random.int(3);
  for (let e = 0; e < edits; e++) {
    const kind = random.int(5);
    if (kind === 0) {
      sentences.splice(random.int(sentences.length + 1), 0, ADDED_SENTENCES[random.int(ADDED_SENTENCES.length)]!);
    } else if (kind === 1 && sentences.length > 2) {
      sentences.splice(random.int(sentences.length), 1);
    } else {
      const s = random.int(sentences.length);
      const words = sentences[s]!.split(' ');
      const w = random.int(words.length);
      if (kind === 2 && w + 1 < words.length) [words[w], words[w + 1]] = [words[w + 1]!, words[w]!];
      else if (kind === 3) words[w] = vocabulary[random.int(vocabulary.length)]!;
      else words[w] = typo(words[w]!, random);
      sentences[s] = words.join(' ');
    }
  }
  sentences = sentences.filter(Boolean);
  return sentences.join(' ');
}

/**
 * The sample survey's answers with campaigns mixed in: each campaign takes one answer of 15 words or more as its
 * template and pastes it, edited, as the answers of new respondents to the same question.
 */
export function campaignMixture(root: string, options: MixtureOptions): Mixture {
  const random = createRandom(options.seed);
  const segments = sampleAnswers(root, true);
  const vocabulary = [...new Set(segments.flatMap((s) => s.text.split(/\s+/)).filter((w) => /^[a-z]{4,}$/.test(w)))].sort();
  const candidates = segments.filter((s) => s.text.split(/\s+/).length >= 15);
  const truth = new Map<string, string>();
  const count = Math.min(options.campaigns ?? 12, candidates.length);
  const minCopies = options.minCopies ?? 3;
  const maxCopies = options.maxCopies ?? 40;
  let line = segments.length + 2;
  for (let c = 0; c < count; c++) {
    const [template] = candidates.splice(random.int(candidates.length), 1);
    const key = `campaign-${c + 1}`;
    truth.set(template!.id, key);
    const copies = minCopies - 1 + random.int(maxCopies - minCopies + 2);
    for (let k = 0; k < copies; k++) {
      const id = `${key}-copy-${k + 1}`;
      segments.push(answer(id, editCopy(template!.text, random, vocabulary), template!.section!, `${key.toUpperCase()}-${k + 1}`, line++));
      truth.set(id, key);
    }
  }
  return { segments, truth };
}

export interface CampaignScore {
  /** Pairs of answers put in one campaign that are copies of one template (precision), and of those pairs, how many were found (recall). */
  precision: number;
  recall: number;
  /** True campaigns, found campaigns, and true campaigns whose largest share of answers went to one found campaign. */
  trueCampaigns: number;
  foundCampaigns: number;
  answersInTrue: number;
  answersFound: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise precision and recall of found campaigns against the truth. */
export function scoreCampaigns(found: CampaignsResult, truth: ReadonlyMap<string, string>): CampaignScore {
  const cells = new Map<string, number>();
  const foundSizes: number[] = [];
  let answersFound = 0;
  for (const c of found.list) {
    foundSizes.push(c.size);
    answersFound += c.size;
    for (const id of c.segmentIds) {
      const t = truth.get(id);
      if (t) cells.set(`${c.id}\u0000${t}`, (cells.get(`${c.id}\u0000${t}`) ?? 0) + 1);
    }
  }
  const trueSizes = new Map<string, number>();
  for (const t of truth.values()) trueSizes.set(t, (trueSizes.get(t) ?? 0) + 1);
  const together = [...cells.values()].reduce((a, n) => a + pairs(n), 0);
  const foundPairs = foundSizes.reduce((a, n) => a + pairs(n), 0);
  const truePairs = [...trueSizes.values()].reduce((a, n) => a + pairs(n), 0);
  return {
    precision: foundPairs ? together / foundPairs : 1,
    recall: truePairs ? together / truePairs : 1,
    trueCampaigns: trueSizes.size,
    foundCampaigns: found.list.length,
    answersInTrue: truth.size,
    answersFound,
  };
}

/** Detect campaigns in a mixture made with `seed` and score them. */
export function evaluateCampaigns(root: string, seed: number, options: Omit<MixtureOptions, 'seed'> = {}): CampaignScore {
  const mixture = campaignMixture(root, { seed, ...options });
  return scoreCampaigns(findCampaigns(mixture.segments, { seed }), mixture.truth);
}

/** Campaigns found in the sample survey as it is (its generator reuses answers), and the answers they hold. */
export function sampleCampaigns(root: string, seed: number): { campaigns: number; answers: number; of: number } {
  const segments = sampleAnswers(root);
  const found = findCampaigns(segments, { seed }).list;
  return { campaigns: found.length, answers: found.reduce((n, c) => n + c.size, 0), of: segments.length };
}

/** The eval's lines on campaigns. */
export function formatCampaignReport(scores: readonly { seed: number; score: CampaignScore }[], sample?: { campaigns: number; answers: number; of: number }): string {
  const f = (x: number) => x.toFixed(3);
  const lines = scores.map(({ seed, score: s }) =>
    `| ${seed} | ${s.trueCampaigns} (${s.answersInTrue} answers) | ${s.foundCampaigns} (${s.answersFound} answers) | ${f(s.precision)} | ${f(s.recall)} |`);
  return [
    'Campaigns (synthetic campaigns mixed into the sample survey; pairwise precision and recall of answers put in one campaign):',
    '',
    '| seed | campaigns mixed in | campaigns found | precision | recall |',
    '|---|---|---|---:|---:|',
    ...lines,
    ...(sample ? ['', `The sample survey as it is: ${sample.campaigns} campaigns holding ${sample.answers} of its ${sample.of} answers (its generator reuses answers from a bank with small additions; the mixtures leave those copies out).`] : []),
  ].join('\n');
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The sample survey as a CSV with campaigns mixed in, as a consultation would receive it: every sample row, then one
 * row per pasted copy (a new respondent answering only the campaign's question, with the template writer's attributes).
 */
export function mixtureCsv(root: string, options: MixtureOptions): { csv: string; truth: Map<string, string> } {
  const text = readFileSync(path.join(root, 'corpus/sample/survey-responses.csv'), 'utf8');
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  const mixture = campaignMixture(root, options);
  const byRespondent = new Map(rows.map((r) => [r.respondent_id, r]));
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => header.map((h) => csvCell(r[h] ?? '')).join(','))];
  const truth = new Map<string, string>();
  const templateOf = new Map<string, Segment>();
  for (const s of mixture.segments) if (s.id.startsWith('sample-') && mixture.truth.has(s.id)) templateOf.set(mixture.truth.get(s.id)!, s);
  for (const s of mixture.segments) {
    const key = mixture.truth.get(s.id);
    if (!key) continue;
    const template = templateOf.get(key)!;
    truth.set(`${template.respondentId}\u0000${template.section}`, key);
    if (s === template) continue;
    const source = byRespondent.get(template.respondentId!) ?? {};
    const row = header.map((h) => (h === 'respondent_id' ? s.respondentId! : h === s.section ? s.text : h.includes('?') ? '' : (source[h] ?? '')));
    lines.push(row.map(csvCell).join(','));
    truth.set(`${s.respondentId}\u0000${s.section}`, key);
  }
  return { csv: `${lines.join('\n')}\n`, truth };
}
