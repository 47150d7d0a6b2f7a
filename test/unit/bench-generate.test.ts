// The bench generator: seeded, sized as asked, answers of 10-60 words with known themes; NMI as scikit-learn computes it.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { generateSurvey, QUESTIONS } from '../../bench/generate.ts';
import { normalisedMutualInformation } from '../../bench/nmi.ts';
import { ingestFile } from '../../src/ingest/index.ts';

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

describe('bench generator', () => {
  it('gives the same bytes for the same size and seed, other bytes for another seed', () => {
    const hash = (n: number, seed: number): string => createHash('sha256').update(generateSurvey(n, seed).csv).digest('hex');
    expect(hash(500, 42)).to.equal(hash(500, 42));
    expect(hash(500, 42)).to.not.equal(hash(500, 43));
  });

  it('writes answers/2 respondents with attribute columns, and a true theme for every non-blank answer', async () => {
    const g = generateSurvey(1000, 42);
    const doc = await ingestFile('survey.csv', new TextEncoder().encode(g.csv));
    if (doc.kind !== 'survey') throw new Error('not read as a survey');
    expect(doc.headers).to.deep.equal(['respondent_id', 'submitted_at', 'organisation_type', 'country', 'age_group', ...QUESTIONS.map((q) => q.header)]);
    expect(doc.records).to.have.length(500);
    expect(doc.records[0]!.cells[0]).to.equal('R00001');
    const answered = doc.records.flatMap((r) => [r.cells[5]!, r.cells[6]!]).filter((c) => c.trim() !== '');
    // About 3% blank; non-answers ("N/A"...) are cells but have no theme.
    expect(answered.length).to.be.within(950, 985);
    expect(g.answers.length).to.equal(g.truth.size);
    expect(g.answers.length).to.be.within(940, 975);
    for (const a of g.answers) {
      expect(words(a.text), a.text).to.be.within(10, 60);
      expect(g.truth.get(`${a.respondentId}\t${a.question}`)).to.equal(a.theme);
    }
    const themes = new Set(g.answers.map((a) => a.theme));
    expect(themes.size).to.equal(16);
  });

  it('adds three breakout notes documents with Obstacles and Proposed actions sections', () => {
    const g = generateSurvey(100, 1);
    expect(Object.keys(g.notes)).to.deep.equal(['breakout-a.md', 'breakout-b.md', 'breakout-c.md']);
    const a = g.notes['breakout-a.md']!;
    expect(a).to.match(/^# Breakout group A/);
    expect(a).to.include('\n## Obstacles\n');
    expect(a).to.include('\n## Proposed actions\n');
    expect(a.split('\n').filter((l) => l.startsWith('- '))).to.have.length(27);
  });
});

describe('normalisedMutualInformation', () => {
  const cases: [string, string[], string[], number][] = [
    ['identical partitions', ['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'], 1],
    ['independent partitions', ['a', 'a', 'b', 'b'], ['x', 'y', 'x', 'y'], 0],
    // scikit-learn: normalized_mutual_info_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.5158037429793889
    ['a partial match', ['a', 'a', 'a', 'b', 'b', 'b'], ['x', 'x', 'y', 'y', 'z', 'z'], 0.5158037429793889],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => {
      expect(normalisedMutualInformation(a, b)).to.be.closeTo(expected, 1e-9);
    });
  }
});
