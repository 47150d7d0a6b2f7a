// Campaigns and copies: answers to one question pasted from one template with small edits (and points copied across
// notes documents), found in linear time by word shingles, MinHash and LSH banding, checked with the Jaccard estimate
// and grouped around leaders. Pure: it reads segments and returns campaigns, the same ones for the same seed.
import type { Campaign, CampaignCounting, CampaignsResult, CampaignWord, Segment } from '../../model/index.ts';
import { createRandom, type Random } from '../random.ts';
import { quoteOf } from '../quote.ts';
import { estimate, HASHES, hashSeeds, jaccard, leadersOf, shinglesOf, wordsOf, writeSignature } from './minhash.ts';

export { wordsOf } from './minhash.ts';

/** Fewest copies that make a campaign. */
export const MIN_COPIES = 3;
/** Fewest words an answer needs to be compared: short answers ("cost", "more training for women") are alike by chance. */
export const MIN_WORDS = 10;
/** Jaccard similarity of word shingles (estimated) from which two answers are copies of one another. */
export const THRESHOLD = 0.4;
/** Copies compared with each copy to choose the template in a large campaign. */
const MEDOID_SAMPLE = 30;
/** Words listed as added or removed. */
const TOP_WORDS = 6;
/** Words shorter than this are left out of the added and removed lists ("a", "of", "for"). */
const MIN_LISTED_WORD = 4;

/** The method note's line on campaigns. */
export const CAMPAIGN_STEP =
  `campaigns: answers to one question (and points across notes documents) of ${MIN_WORDS} words or more compared by word pairs (shingles), MinHash signatures (${HASHES} hashes) and LSH banding; ` +
  `${MIN_COPIES} or more copies at least ${THRESHOLD} alike (Jaccard estimate) around one template make a campaign`;

export interface CampaignOptions {
  seed: number;
  counting?: CampaignCounting;
  minCopies?: number;
  minWords?: number;
  threshold?: number;
}

/** What a campaign stage needs of a segment. */
export type CampaignInput = Pick<Segment, 'id' | 'kind' | 'text' | 'section' | 'respondentId' | 'provenance'>;

/** Answers are compared within their question; notes points across every notes document together. */
function poolKey(s: CampaignInput): string {
  return s.kind === 'answer' ? `a\u0000${s.provenance.documentId}\u0000${s.provenance.column ?? s.section ?? ''}` : 'n';
}

/** Members compared as candidate templates in a large group. */
const MEDOID_CANDIDATES = 60;

/**
 * The member most like the others (mean Jaccard estimate against all of them, or against a seeded sample of a large
 * group, candidates too sampled when the group is very large); ties to the first.
 */
function medoidOf(members: readonly number[], signatures: Uint32Array, random: Random): number {
  const sampleOf = (size: number): readonly number[] =>
    members.length <= size ? members : Array.from({ length: size }, () => members[random.int(members.length)]!);
  const sample = sampleOf(MEDOID_SAMPLE);
  const candidates = sampleOf(MEDOID_CANDIDATES);
  let best = candidates[0]!;
  let bestScore = -1;
  for (const m of candidates) {
    let score = 0;
    for (const o of sample) if (o !== m) score += estimate(signatures, m, o);
    if (score > bestScore || (score === bestScore && m < best)) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The words most copies added (or removed), with how many copies; ties in alphabetical order. In a campaign of more
 * than three copies a word only one copy changed is that writer's, not the campaign's, and is left out.
 */
function topWords(counts: Map<string, number>, copies: number): CampaignWord[] {
  const least = copies > 3 ? 2 : 1;
  return [...counts]
    .filter(([, n]) => n >= least)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_WORDS)
    .map(([word, copies]) => ({ word, copies }));
}

/** The variation of a campaign: similarity of each copy to the template, and the words copies added and removed. */
function variation(template: { text: string; shingles: Uint32Array }, copies: readonly { text: string; shingles: Uint32Array }[]): Pick<Campaign, 'meanSimilarity' | 'minSimilarity' | 'added' | 'removed'> {
  const templateWords = wordsOf(template.text);
  const templateSet = new Set(templateWords.filter((w) => w.length >= MIN_LISTED_WORD));
  const added = new Map<string, number>();
  const removed = new Map<string, number>();
  let sum = 0;
  let min = 1;
  for (const copy of copies) {
    const words = wordsOf(copy.text);
    const similarity = jaccard(template.shingles, copy.shingles);
    sum += similarity;
    min = Math.min(min, similarity);
    const set = new Set(words.filter((w) => w.length >= MIN_LISTED_WORD));
    for (const w of set) if (!templateSet.has(w)) added.set(w, (added.get(w) ?? 0) + 1);
    for (const w of templateSet) if (!set.has(w)) removed.set(w, (removed.get(w) ?? 0) + 1);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { meanSimilarity: round(copies.length ? sum / copies.length : 1), minSimilarity: round(copies.length ? min : 1), added: topWords(added, copies.length), removed: topWords(removed, copies.length) };
}

/** Respondent ids in the order a reader counts them (R2 before R10): one collator, not localeCompare per pair. */
const byNumber = new Intl.Collator('en', { numeric: true });

/** Members of each leader's group, groups in order of their leader. */
function byLeader(leader: Int32Array): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < leader.length; i++) {
    const list = groups.get(leader[i]!);
    if (list) list.push(i);
    else groups.set(leader[i]!, [i]);
  }
  return [...groups.values()];
}

/**
 * Groups of near-copies: each text joins its most similar leader (leadersOf); then the groups, largest first, are led
 * in turn by their templates (medoids), so a campaign whose first copy was an outlier is not split in two. Two levels
 * of leaders and no more: joining every similar pair (union-find, single linkage) chains answers that share a clause
 * into one "campaign" of thousands whose members are not alike (measured on the bench survey). Members in order.
 */
function groupsOf(signatures: Uint32Array, n: number, threshold: number, random: Random): { members: number[]; medoid: number | null }[] {
  const groups = byLeader(leadersOf(signatures, n, threshold)).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const medoidsOf = groups.map((g) => (g.length === 1 ? g[0]! : medoidOf(g, signatures, random)));
  const medoids = new Uint32Array(groups.length * HASHES);
  medoidsOf.forEach((m, j) => medoids.set(signatures.subarray(m * HASHES, (m + 1) * HASHES), j * HASHES));
  // A group no other joined keeps its template; a merged one has its template chosen again.
  return byLeader(leadersOf(medoids, groups.length, threshold)).map((led) => ({
    members: led.flatMap((j) => groups[j]!).sort((x, y) => x - y),
    medoid: led.length === 1 ? medoidsOf[led[0]!]! : null,
  }));
}

/** The campaigns of one pool of segments (one question's answers, or all notes points). */
function campaignsOfPool(pool: readonly CampaignInput[], seeds: Uint32Array, seed: number, minCopies: number, minWords: number, threshold: number): Omit<Campaign, 'id'>[] {
  const kept: number[] = [];
  const shingleLists: Uint32Array[] = [];
  for (let i = 0; i < pool.length; i++) {
    const words = wordsOf(pool[i]!.text);
    if (words.length < minWords) continue;
    kept.push(i);
    shingleLists.push(shinglesOf(words));
  }
  if (kept.length < minCopies) return [];
  const signatures = new Uint32Array(kept.length * HASHES);
  shingleLists.forEach((sh, j) => writeSignature(sh, seeds, signatures, j * HASHES));
  const random = createRandom(seed);
  const groups = groupsOf(signatures, kept.length, threshold, random).filter((g) => g.members.length >= minCopies);
  const found: Omit<Campaign, 'id'>[] = [];
  for (const { members: group, medoid: known } of groups) {
    const medoid = known ?? medoidOf(group, signatures, random);
    const segments = group.map((j) => pool[kept[j]!]!);
    const documents = [...new Set(segments.map((s) => s.provenance.document))].sort();
    // A point copied within one set of notes is a repetition, not a copy across documents.
    if (segments[0]!.kind === 'note' && documents.length < 2) continue;
    const template = pool[kept[medoid]!]!;
    const respondents = [...new Set(segments.map((s) => s.respondentId).filter((r): r is string => r !== null))].sort(byNumber.compare);
    found.push({
      kind: template.kind === 'answer' ? 'answers' : 'notes',
      section: template.kind === 'answer' ? template.section : null,
      template: quoteOf(template),
      size: segments.length,
      segmentIds: segments.map((s) => s.id),
      respondents,
      documents,
      ...variation({ text: template.text, shingles: shingleLists[medoid]! }, group.filter((j) => j !== medoid).map((j) => ({ text: pool[kept[j]!]!.text, shingles: shingleLists[j]! }))),
    });
  }
  return found;
}

/**
 * Find the campaigns among segments: groups of at least `minCopies` answers to one question (or notes points in two or
 * more documents) of at least `minWords` words, joined where the Jaccard estimate of their word shingles reaches
 * `threshold`. Largest campaign first; ids c1, c2... in that order.
 */
export function findCampaigns(segments: readonly CampaignInput[], options: CampaignOptions): CampaignsResult {
  const minCopies = options.minCopies ?? MIN_COPIES;
  const minWords = options.minWords ?? MIN_WORDS;
  const threshold = options.threshold ?? THRESHOLD;
  const seeds = hashSeeds(options.seed);
  const pools = new Map<string, CampaignInput[]>();
  for (const s of segments) {
    const key = poolKey(s);
    const pool = pools.get(key);
    if (pool) pool.push(s);
    else pools.set(key, [s]);
  }
  const found: Omit<Campaign, 'id'>[] = [];
  for (const pool of pools.values()) found.push(...campaignsOfPool(pool, seeds, options.seed, minCopies, minWords, threshold));
  const order = new Map(segments.map((s, i) => [s.id, i]));
  found.sort((a, b) => b.size - a.size || order.get(a.segmentIds[0]!)! - order.get(b.segmentIds[0]!)!);
  return {
    counting: options.counting ?? 'each',
    minCopies,
    minWords,
    threshold,
    list: found.map((c, i) => ({ id: `c${i + 1}`, ...c })),
  };
}

/**
 * The campaigns after segments were excluded by hand: each keeps its live copies, and a campaign whose template is
 * gone, or that has fewer than its minimum copies left, is no longer a campaign.
 */
export function liveCampaigns(result: CampaignsResult, live: { has(id: string): boolean }): CampaignsResult {
  const list = result.list
    .map((c) => {
      const segmentIds = c.segmentIds.filter((id) => live.has(id));
      return { ...c, segmentIds, size: segmentIds.length };
    })
    .filter((c) => live.has(c.template.segmentId) && c.size >= result.minCopies);
  return { ...result, list };
}
