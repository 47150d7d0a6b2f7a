// Campaigns and copies (issue 19, item 1): the detector joins pasted copies of one template, never answers that are
// merely on the same topic nor short answers that are alike by chance, and gives the same campaigns for the same seed.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Segment } from '../../src/model/index.ts';
import { findCampaigns, liveCampaigns, MIN_WORDS } from '../../src/pipeline/campaigns/index.ts';
import { estimate, hashSeeds, HASHES, jaccard, leadersOf, shinglesOf, wordsOf, writeSignature } from '../../src/pipeline/campaigns/minhash.ts';
import { createRandom } from '../../src/pipeline/random.ts';
import { editCopy, sampleAnswers } from '../../src/eval/campaigns.ts';
import { campaignTally, themeCount } from '../../src/report/campaigns-view.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUESTION = 'What one action would make the biggest difference?';
const TEMPLATE =
  'We call on the ministry to fund free digital skills courses in every village, run by local women, with childcare on site and a laptop to borrow for every participant.';

function answer(id: string, text: string, opts: { kind?: 'answer' | 'note'; document?: string; section?: string } = {}): Segment {
  const document = opts.document ?? 'survey.csv';
  return {
    id,
    kind: opts.kind ?? 'answer',
    text,
    section: opts.section ?? QUESTION,
    respondentId: opts.kind === 'note' ? null : `R-${id}`,
    attributes: {},
    provenance: { documentId: document, document, line: 2, start: 0, end: text.length, column: opts.kind === 'note' ? null : QUESTION },
  };
}

/** The sample survey's distinct answers (no two alike) and, for question 1, the template pasted `copies` times with edits. */
function withCampaign(copies: number, seed = 3): Segment[] {
  const random = createRandom(seed);
  const vocabulary = ['really', 'urgently', 'families', 'region', 'towns', 'students'];
  const pasted = Array.from({ length: copies }, (_, i) => answer(`copy-${i + 1}`, i === 0 ? TEMPLATE : editCopy(TEMPLATE, random, vocabulary)));
  return [...sampleAnswers(ROOT, true), ...pasted];
}

describe('campaigns: shingles and MinHash', () => {
  it('compares words, not case or punctuation, and estimates Jaccard similarity closely', () => {
    expect(wordsOf('Don’t, DON\'T dont!')).to.deep.equal(['dont', 'dont', 'dont']);
    const a = shinglesOf(wordsOf(TEMPLATE));
    const b = shinglesOf(wordsOf(TEMPLATE.replace('every village', 'each town')));
    const exact = jaccard(a, b);
    expect(exact).to.be.within(0.6, 0.95);
    const signatures = new Uint32Array(2 * HASHES);
    const seeds = hashSeeds(42);
    writeSignature(a, seeds, signatures, 0);
    writeSignature(b, seeds, signatures, HASHES);
    expect(estimate(signatures, 0, 1)).to.be.closeTo(exact, 0.2);
    expect(jaccard(a, a)).to.equal(1);
  });

  it('leads each text by an earlier one at least as alike as the threshold, else by itself', () => {
    const texts = [TEMPLATE, TEMPLATE.replace('ministry', 'government'), 'Mobile coverage in the mountain villages is too weak for video calls or online forms.'];
    const seeds = hashSeeds(1);
    const signatures = new Uint32Array(texts.length * HASHES);
    texts.forEach((t, i) => writeSignature(shinglesOf(wordsOf(t)), seeds, signatures, i * HASHES));
    expect([...leadersOf(signatures, texts.length, 0.4)]).to.deep.equal([0, 0, 2]);
  });
});

describe('campaigns: the detector', () => {
  it('finds a template pasted with small edits among the sample survey’s answers, and nothing else', () => {
    const segments = withCampaign(12);
    const result = findCampaigns(segments, { seed: 42 });
    expect(result.list).to.have.length(1);
    const c = result.list[0]!;
    expect(c.kind).to.equal('answers');
    expect(c.section).to.equal(QUESTION);
    expect(c.size).to.be.at.least(11);
    expect(c.segmentIds.every((id) => id.startsWith('copy-'))).to.equal(true);
    // The template is one of the copies, verbatim, with where it is.
    const byId = new Map(segments.map((s) => [s.id, s]));
    expect(c.template.text).to.equal(byId.get(c.template.segmentId)!.text);
    expect(c.segmentIds).to.include(c.template.segmentId);
    expect(c.respondents).to.have.length(c.size);
    expect(c.meanSimilarity).to.be.within(c.minSimilarity, 1);
    expect(c.minSimilarity).to.be.greaterThan(0.3);
  });

  it('joins no two of the sample survey’s distinct answers, though they answer the same questions on one topic', () => {
    const segments = sampleAnswers(ROOT, true);
    expect(segments.length).to.be.greaterThan(200);
    expect(findCampaigns(segments, { seed: 42 }).list).to.deep.equal([]);
  });

  it('finds the sample survey’s own reused answers (its generator pastes answers from a bank with small additions)', () => {
    const result = findCampaigns(sampleAnswers(ROOT), { seed: 42 });
    expect(result.list.length).to.be.greaterThan(10);
    for (const c of result.list) expect(c.minSimilarity).to.be.greaterThan(0.2);
  });

  it('never joins short answers, however many are the same', () => {
    const short = ['cost', 'Cost.', 'too expensive', 'The cost of devices and data is too high'];
    const segments = Array.from({ length: 40 }, (_, i) => answer(`s${i}`, short[i % short.length]!));
    expect(wordsOf(short[3]!).length).to.be.lessThan(MIN_WORDS);
    expect(findCampaigns(segments, { seed: 42 }).list).to.deep.equal([]);
  });

  it('keeps answers to different questions apart', () => {
    const segments = [0, 1, 2].flatMap((q) => [answer(`q${q}`, TEMPLATE, { section: `Question ${q}` })]);
    segments.forEach((s, i) => (s.provenance.column = `Question ${i}`));
    expect(findCampaigns(segments, { seed: 42 }).list).to.deep.equal([]);
  });

  it('finds a point copied into three sets of notes, not one repeated within a single document', () => {
    const point = 'The municipality should open the library computers to women on Saturday mornings with a volunteer to help.';
    const across = ['a.md', 'b.md', 'c.md'].map((d, i) => answer(`n${i}`, point, { kind: 'note', document: d, section: 'Actions' }));
    const found = findCampaigns(across, { seed: 42 }).list;
    expect(found).to.have.length(1);
    expect(found[0]!.kind).to.equal('notes');
    expect(found[0]!.section).to.equal(null);
    expect(found[0]!.documents).to.deep.equal(['a.md', 'b.md', 'c.md']);
    const within = [0, 1, 2].map((i) => answer(`w${i}`, point, { kind: 'note', document: 'a.md', section: 'Actions' }));
    expect(findCampaigns(within, { seed: 42 }).list).to.deep.equal([]);
  });

  it('says which words copies added and removed, most frequent first', () => {
    const urgently = TEMPLATE.replace('village', 'village urgently');
    const tablet = urgently.replace('laptop', 'tablet');
    const copies = [TEMPLATE, TEMPLATE, TEMPLATE, TEMPLATE, urgently, tablet, tablet, TEMPLATE.replace('ministry', 'minister')];
    const c = findCampaigns(copies.map((t, i) => answer(`c${i}`, t)), { seed: 42 }).list[0]!;
    expect(c.template.text).to.equal(TEMPLATE);
    // In a campaign of more than three copies, a word one copy alone changed ("minister") is not listed.
    expect(c.added).to.deep.equal([{ word: 'urgently', copies: 3 }, { word: 'tablet', copies: 2 }]);
    expect(c.removed).to.deep.equal([{ word: 'laptop', copies: 2 }]);
  });

  it('is deterministic for a seed', () => {
    const segments = withCampaign(25, 9);
    const first = JSON.stringify(findCampaigns(segments, { seed: 7 }));
    expect(JSON.stringify(findCampaigns(segments, { seed: 7 }))).to.equal(first);
    expect(findCampaigns(segments, { seed: 8 }).list).to.have.length(1);
  });

  it('drops copies excluded by hand, and a campaign whose template or enough copies are gone', () => {
    const result = findCampaigns([TEMPLATE, TEMPLATE, TEMPLATE, TEMPLATE].map((t, i) => answer(`c${i}`, t)), { seed: 42 });
    const c = result.list[0]!;
    const others = c.segmentIds.filter((id) => id !== c.template.segmentId);
    expect(liveCampaigns(result, new Set(c.segmentIds.filter((id) => id !== others[0]))).list[0]!.size).to.equal(3);
    expect(liveCampaigns(result, new Set(others)).list).to.deep.equal([]);
    expect(liveCampaigns(result, new Set([c.template.segmentId, others[0]!])).list).to.deep.equal([]);
  });
});

describe('campaigns: theme counts', () => {
  it('say how many answers came from a template, or count each campaign once in a theme', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const s = {
      segments: ids.map((id) => ({ id, themeId: 't1' })),
      campaigns: { counting: 'each', minCopies: 3, minWords: 10, threshold: 0.4, list: [{ id: 'c1', segmentIds: ['a', 'b', 'c'] }] },
    } as unknown as Parameters<typeof campaignTally>[0];
    expect(themeCount('t1', 5, campaignTally(s)).line('100%')).to.equal('5 segments (100%), of which 3 from one template');
    const once = themeCount('t1', 5, campaignTally(s, 'once'));
    expect(once.counted).to.equal(3);
    expect(once.line('100%')).to.equal('3 segments counted (100%): 5 in all, of which the 3 from one template count once');
    expect(themeCount('t2', 4, campaignTally(s, 'once'))).to.include({ counted: 4 });
  });
});
