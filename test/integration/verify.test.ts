// The verification step catches a quote that is not verbatim at its place and counts that do not recompute.
import { expect } from 'chai';
import path from 'node:path';
import type { Synthesis, DocumentInfo } from '../../src/model/index.ts';
import { findInconsistencies, verifySynthesis } from '../../src/pipeline/verify.ts';
import { AppError } from '../../src/errors.ts';
import { analysePaths, SAMPLE } from './helpers.ts';

describe('verify: findInconsistencies', function () {
  this.timeout(120_000);
  let base: Synthesis;
  let documents: DocumentInfo[];

  before(async () => {
    const a = await analysePaths([path.join(SAMPLE, 'breakout-a-obstacles.md'), path.join(SAMPLE, 'survey-responses.csv')]);
    base = a.synthesis;
    documents = a.documents;
  });

  const copy = (): Synthesis => structuredClone(base);
  const firstTheme = (s: Synthesis) => s.scopes.find((sc) => sc.themes.some((t) => !t.isOther && t.quotes.length))!.themes.find((t) => !t.isOther && t.quotes.length)!;
  const noteTheme = (s: Synthesis) => s.scopes.filter((sc) => sc.kind === 'category').flatMap((sc) => sc.themes).find((t) => t.quotes.length)!;

  it('finds nothing wrong in a fresh synthesis', () => {
    expect(findInconsistencies(base, documents)).to.deep.equal([]);
  });

  const cases: [string, (s: Synthesis) => void, RegExp][] = [
    ['a reworded survey quote', (s) => { firstTheme(s).quotes[0]!.text += ' (edited)'; }, /text differs from its segment/],
    ['a notes quote moved by one character', (s) => { const q = noteTheme(s).quotes[0]!; q.start += 1; q.end += 1; }, /not found verbatim/],
    ['a notes quote on the wrong line', (s) => { noteTheme(s).quotes[0]!.line += 1; }, /starts on line/],
    ['a segment text altered', (s) => { s.segments[0]!.text = s.segments[0]!.text.toUpperCase() + '!'; }, /not found verbatim|text differs/],
    ['a theme size off by one', (s) => { firstTheme(s).size += 1; }, /size .* but .* segments/],
    ['a share that does not recompute', (s) => { firstTheme(s).share = 0.99; }, /share does not recompute/],
    ['a breakdown count changed', (s) => { const t = firstTheme(s); const attr = Object.keys(t.byAttribute)[0]!; const v = Object.keys(t.byAttribute[attr]!)[0]!; t.byAttribute[attr]![v]! += 1; }, /counts by/],
    ['category counts changed', (s) => { s.overview.categories.barrier = (s.overview.categories.barrier ?? 0) + 1; }, /category counts/],
    ['stakeholder mentions changed', (s) => { s.stakeholders[0]!.mentions += 2; }, /mentions but/],
  ];
  for (const [name, mutate, expected] of cases) {
    it(`reports ${name}`, () => {
      const s = copy();
      mutate(s);
      const problems = findInconsistencies(s, documents);
      expect(problems.join('\n')).to.match(expected);
    });
  }

  it('verifySynthesis throws VERIFICATION_FAILED naming the problem', () => {
    const s = copy();
    firstTheme(s).size += 1;
    try {
      verifySynthesis(s, documents);
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(AppError);
      expect((err as AppError).code).to.equal('VERIFICATION_FAILED');
      expect((err as AppError).message).to.match(/size/);
    }
  });
});
