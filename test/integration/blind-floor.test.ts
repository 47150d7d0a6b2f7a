// Floors on the blind notes corpus (test/fixtures/blind-notes): written and labelled by sessions that never saw the
// code. The tune half and the authored test half are scored line by line; a change that loses ground fails here.
import { expect } from 'chai';
import path from 'node:path';
import { loadResources } from '../../src/corpus.ts';
import { blindDocuments, scoreBlindNotes } from '../../src/eval/blind-notes.ts';
import { ROOT } from './helpers.ts';

const CORPUS = path.join(ROOT, 'test/fixtures/blind-notes');

describe('blind notes: floors (docs/quality.md has the figures)', function () {
  this.timeout(180_000);

  it('the tune half: every content line in a segment, macro-F1 and action F1 above their floors', async () => {
    const r = await scoreBlindNotes(blindDocuments(CORPUS, 'tune', path.join(ROOT, '../shared/eval')), await loadResources());
    expect(r.lines).to.equal(409);
    expect(r.lostLines).to.equal(0);
    expect(r.macroF1).to.be.at.least(0.75);
    expect(r.categories.find((c) => c.category === 'action')!.f1).to.be.at.least(0.85);
  });

  it('the authored test half (never tuned on): macro-F1 and stakeholder types above their floors', async () => {
    const r = await scoreBlindNotes(blindDocuments(CORPUS, 'test', path.join(ROOT, '../shared/eval')), await loadResources());
    expect(r.lines).to.equal(373);
    expect(r.lostLines).to.be.at.most(8);
    expect(r.macroF1).to.be.at.least(0.53);
    expect(r.stakeholders.f1).to.be.at.least(0.5);
  });
});
