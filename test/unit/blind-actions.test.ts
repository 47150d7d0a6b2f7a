// The blind notes' Next steps score: Harvest's owner and due date of an action line against the coder's.
import { expect } from 'chai';
import path from 'node:path';
import { loadResources } from '../../src/corpus.ts';
import { blindDocuments, sameActionPart, scoreBlindNotes } from '../../src/eval/blind-notes.ts';

describe('blind notes: owners and due dates of the Next steps against the coder', () => {
  it('agree when both are empty, or when one\'s words are within the other\'s', () => {
    expect(sameActionPart('', '')).to.equal(true);
    expect(sameActionPart('by 2 July', '2 July')).to.equal(true);
    expect(sameActionPart('by Friday', 'by Friday, March 31')).to.equal(true);
    expect(sameActionPart('Lejla & Amer', 'Lejla and Amer')).to.equal(true);
    expect(sameActionPart('Dr. Musyoka', 'Dr Musyoka')).to.equal(true);
    expect(sameActionPart('Hold', 'Community Engagement Team')).to.equal(false);
    expect(sameActionPart('Below', '')).to.equal(false);
    expect(sameActionPart('', 'Ana')).to.equal(false);
    // Whole words only: "Ana" is not within "Anamarija".
    expect(sameActionPart('Ana', 'Anamarija')).to.equal(false);
  });

  it('counts, on a labelled document, the coder\'s action lines Harvest read as actions and how many owners and dates agree', async function () {
    this.timeout(120_000);
    const root = path.resolve(import.meta.dirname, '../fixtures/blind-notes');
    const docs = blindDocuments(root, 'tune', '').filter((d) => d.name.startsWith('26-') || d.name.startsWith('84-'));
    const report = await scoreBlindNotes(docs, await loadResources());
    const coderActions = docs.flatMap((d) => d.labels).filter((l) => l.category === 'action').length;
    expect(report.actions.lines).to.be.greaterThan(0).and.at.most(coderActions);
    expect(report.actions.ownerAgrees).to.be.at.most(report.actions.lines);
    expect(report.actions.dueAgrees).to.be.at.most(report.actions.lines);
    // These two registers give each row's owner in a field after the task ("task – **Owner**, date", "task | owner |
    // date"): most owners are read.
    expect(report.actions.ownerAgrees / report.actions.lines).to.be.at.least(0.7);
  });
});
