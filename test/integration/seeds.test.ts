// Acceptance on the project's reference inputs (../shared/seeds): categories under the consultation's
// questions, attendees kept out of themes, [[key:value]] tags as metadata, survey-annex priorities kept.
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Synthesis } from '../../src/model/index.ts';
import { analysePaths, SEEDS } from './helpers.ts';

describe('reference documents (../shared/seeds)', function () {
  this.timeout(240_000);
  let s: Synthesis;

  before(async function () {
    if (!existsSync(SEEDS)) this.skip();
    const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => path.join(SEEDS, f));
    s = (await analysePaths(files)).synthesis;
  });

  const consultation = (): Synthesis['segments'] => s.segments.filter((x) => x.provenance.document.startsWith('003_'));

  for (const [question, category] of [
    [/key interventions/i, 'intervention'],
    [/key stakeholders/i, 'stakeholder'],
    [/key capacity gaps/i, 'capacity_gap'],
  ] as const) {
    it(`tags the bullets under "${question.source}" as ${category}`, () => {
      const under = consultation().filter((x) => x.section && question.test(x.section) && x.provenance.line < 120);
      expect(under.length).to.be.greaterThanOrEqual(6);
      const right = under.filter((x) => x.coding.category === category).length;
      // The heading is a prior, not the answer (issue 14): a bullet shaped otherwise may differ ("A needs analysis
      // ... is necessary" under the capacity question reads as a proposal), so at least 4 in 5 follow the heading.
      expect(right / under.length, under.map((x) => `${x.coding.category}: ${x.text.slice(0, 50)}`).join('\n')).to.be.greaterThanOrEqual(0.8);
    });
  }

  it('keeps the attendees as document facts, not segments or themes', () => {
    const doc = s.documents.find((d) => d.name.startsWith('003_'))!;
    expect(doc.attendees).to.be.greaterThanOrEqual(20);
    expect(doc.organisations.length).to.be.greaterThanOrEqual(15);
    const attendeeLines = consultation().filter((x) => x.section && /^attendees$/i.test(x.section));
    expect(attendeeLines).to.deep.equal([]);
    const labels = s.scopes.flatMap((sc) => sc.themes.map((t) => t.label.toLowerCase()));
    for (const name of ['hoxha', 'bektashi', 'trajcheva']) expect(labels.join(' | ')).to.not.include(name);
    expect(consultation().some((x) => /hoxha/i.test(x.text))).to.equal(false);
  });

  it('skips the table of contents', () => {
    expect(consultation().some((x) => /\t\d+$/.test(x.text) || /^Meeting Aims\s*\d/.test(x.text))).to.equal(false);
  });

  it('keeps the survey annex priorities as segments', () => {
    const annex = consultation().filter((x) => x.section && /key challenges and priorities/i.test(x.section));
    expect(annex.length).to.be.greaterThanOrEqual(15);
    expect(annex.some((x) => /entrepreneurship training/i.test(x.text))).to.equal(true);
  });

  it("reads the experiment record's [[key:value]] tags as metadata, not content", () => {
    const doc = s.documents.find((d) => d.name.startsWith('000_'))!;
    expect(doc.metadata.year).to.deep.equal(['2024']);
    expect(doc.metadata.country).to.deep.equal(['Serbia']);
    expect(doc.metadata.sdgs).to.have.length(2);
    expect(s.segments.some((x) => x.text.includes('[['))).to.equal(false);
  });
});
