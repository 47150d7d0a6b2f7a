// The facilitator's clusters on a whiteboard beside Harvest's themes: analysed from the Miro and Mural fixtures,
// a cross-table per board and the adjusted Rand index of the two groupings, in the Markdown and HTML reports.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../../src/corpus.ts';
import { ari } from '../../src/eval/metrics.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import type { DocumentInfo, Synthesis } from '../../src/model/index.ts';
import { redactSynthesis } from '../../src/privacy/redact.ts';
import { analyseDocuments } from '../../src/pipeline/index.ts';
import { agreementWords, boardGroupings } from '../../src/report/board-groups.ts';
import { renderHtml } from '../../src/export/html.ts';
import { renderDocx } from '../../src/export/docx.ts';
import mammoth from 'mammoth';
import { renderMarkdown } from '../../src/export/markdown.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms');

describe("report: the facilitator's clusters beside Harvest's themes", function () {
  this.timeout(120_000);
  let synthesis: Synthesis;
  let documents: DocumentInfo[];

  before(async () => {
    const resources = await loadResources();
    const docs = await Promise.all(['miro-board.csv', 'mural-board.csv', 'google-forms.csv'].map(async (f) => ingestFile(f, new Uint8Array(readFileSync(path.join(DIR, f))))));
    ({ synthesis, documents } = analyseDocuments(docs, resources, { seed: 7, workers: 0 }));
  });

  it("stickies' authors: an attribute in the report, hidden in the redacted one", () => {
    const authors = ['Ana Petrović', 'Ilir Hoxha', 'Marija Stojanova', 'Besa Krasniqi'];
    expect([...new Set(synthesis.segments.map((s) => s.attributes.author).filter((a) => a && !a.startsWith('Participant')))].sort()).to.deep.equal([...authors].sort());
    const md = renderMarkdown(synthesis, { documents });
    expect(md).to.contain('**By author**');
    for (const name of authors) expect(md).to.contain(name);
    const redacted = [renderMarkdown(synthesis, { redact: true, documents }), renderHtml(synthesis, { redact: true, documents })];
    for (const report of redacted) {
      expect(report).to.contain('By author');
      for (const name of [...authors, ...authors.flatMap((a) => a.split(' '))]) expect(report, name).not.to.contain(name);
    }
    expect(redactSynthesis(synthesis, documents).segments.filter((s) => s.provenance.document === 'mural-board.csv').map((s) => s.attributes.author)).to.satisfy((a: string[]) => a.length === 10 && a.every((v) => v === '[name]'));
  });

  it('one table per board (not for the survey): every themed sticky counted once under its cluster', () => {
    const groupings = boardGroupings(synthesis);
    expect(groupings.map((g) => [g.document, g.groupedBy])).to.deep.equal([
      ['miro-board.csv', "the board's frames"],
      ['mural-board.csv', "the board's areas"],
    ]);
    for (const g of groupings) {
      const doc = synthesis.documents.find((d) => d.name === g.document)!;
      const themed = synthesis.segments.filter((s) => s.provenance.documentId === doc.id && s.themeId !== null);
      expect(g.stickies).to.equal(themed.length);
      expect(g.rows.reduce((n, r) => n + r.stickies, 0)).to.equal(themed.length);
      for (const r of g.rows) {
        const inCluster = themed.filter((s) => s.attributes.group === r.cluster);
        expect(r.stickies).to.equal(inCluster.length);
        // The theme counts of a row add up to its stickies.
        expect(r.themes.split(' · ').reduce((n, part) => n + Number(part.split(' ').at(-1)), 0)).to.equal(r.stickies);
      }
      const expected = ari(themed.map((s) => s.attributes.group!), themed.map((s) => s.themeId!));
      expect(g.agreement).to.equal(expected.toFixed(2));
      expect(g.agreementWords).to.equal(agreementWords(expected));
    }
    expect(groupings[1]!.rows.map((r) => r.cluster)).to.deep.equal(['Barriers', 'What already works', 'Ideas for the municipality']);
  });

  it('the agreement in words', () => {
    expect(agreementWords(1)).to.match(/mostly follow/);
    expect(agreementWords(0.4)).to.match(/partly follow/);
    expect(agreementWords(0.05)).to.match(/cut across/);
  });

  it('the Markdown and HTML reports show the section, listed in the contents', () => {
    const md = renderMarkdown(synthesis);
    expect(md).to.contain("## Facilitator's clusters");
    expect(md).to.contain('| Cluster on the board | Stickies | Harvest\'s themes |');
    expect(md).to.match(/stickies grouped by the board's areas\. Harvest's themes .* \(agreement -?\d\.\d\d, adjusted Rand index\)\./);
    const html = renderHtml(synthesis);
    expect(html).to.contain("<h2 id=\"board-groups-h\">Facilitator's clusters</h2>");
    expect(html).to.contain('<a href="#board-groups">');
    expect(html).to.contain('<th scope="row">Group B: Women and work</th>');
  });

  it('the Word report has the section too', async () => {
    const text = (await mammoth.extractRawText({ buffer: await renderDocx(synthesis) })).value;
    expect(text).to.contain("Facilitator's clusters");
    expect(text).to.match(/stickies grouped by the board's frames\./);
    expect(text).to.contain('Cluster on the board');
    // The documents table says which tool each file was exported from.
    expect(text).to.contain('notes (Miro board)');
    expect(text).to.contain('survey (Google Forms)');
  });

  it('no board, no section', () => {
    const withoutBoards = { ...synthesis, documents: synthesis.documents.filter((d) => d.name === 'google-forms.csv') };
    expect(boardGroupings(withoutBoards)).to.deep.equal([]);
    expect(renderMarkdown(withoutBoards)).not.to.contain("Facilitator's clusters");
  });
});
