// Agreement between two blind coders of the same notes (src/eval/coder-agreement.ts): the ceiling `npm run eval` prints.
import { expect } from 'chai';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blindDocuments } from '../../src/eval/blind-notes.ts';
import { coderAgreement, cohensKappa } from '../../src/eval/coder-agreement.ts';
import { ROOT } from '../integration/helpers.ts';

const CORPUS = path.join(ROOT, 'test/fixtures/blind-notes');

describe('agreement between two blind coders', () => {
  it("Cohen's kappa: 1 for the same labels, chance-corrected otherwise", () => {
    expect(cohensKappa(['a', 'b', 'a'], ['a', 'b', 'a'])).to.equal(1);
    // Observed 0.75, by chance 0.5 x 0.25 + 0.5 x 0.75 = 0.5: kappa (0.75 - 0.5) / 0.5.
    expect(cohensKappa(['x', 'x', 'y', 'y'], ['x', 'y', 'y', 'y'])).to.be.closeTo(0.5, 1e-12);
  });

  it('a coder agrees fully with a copy of their own labels, on the documents the copy covers', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'harvest-coders-'));
    try {
      const test = path.join(CORPUS, 'test');
      for (const f of readdirSync(test).filter((f) => f.startsWith('31-') && f.endsWith('.labels.csv'))) cpSync(path.join(test, f), path.join(dir, f));
      const a = coderAgreement(blindDocuments(CORPUS, 'test', ''), dir);
      expect(a.documents).to.deep.equal(['31-pdftext-housing-displacement.txt']);
      expect([a.macroF1, a.kappa, a.typesF1]).to.deep.equal([1, 1, 1]);
      expect(a.lines).to.equal(92);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the second coder of the test half labelled 8 documents line for line, and the two mostly agree', () => {
    const a = coderAgreement(blindDocuments(CORPUS, 'test', ''), path.join(CORPUS, 'second-coder'));
    expect(a.documents).to.have.length(8);
    expect(a.lines).to.equal(632);
    expect(a.macroF1).to.be.within(0.85, 0.99);
    expect(a.kappa).to.be.within(0.85, 0.99);
  });
});
