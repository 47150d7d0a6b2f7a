// The Word export: the report view model as an editable .docx (real headings, tables and indented quotes), built with the docx package.
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, ShadingType } from 'docx';
import type { Synthesis } from '../model/index.ts';
import { buildReportView } from '../report/view-model.ts';
import type { QuoteView, ReportOptions } from '../report/view-types.ts';

function para(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)], spacing: { after: 120 } });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
}

function bullet(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)], bullet: { level: 0 } });
}

function quote(q: QuoteView): Paragraph[] {
  return [
    new Paragraph({ children: [new TextRun({ text: `“${q.text}”`, italics: true })], indent: { left: 567 }, spacing: { before: 80 } }),
    new Paragraph({ children: [new TextRun({ text: `— ${q.provenance}`, size: 18, color: '555555' })], indent: { left: 567 }, spacing: { after: 120 } }),
  ];
}

function table(header: string[], rows: (string | number)[][]): Table {
  const cell = (text: string, bold = false): TableCell =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
      shading: bold ? { type: ShadingType.CLEAR, fill: 'E8EEF3', color: 'auto' } : undefined,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(String(v))) })),
    ],
  });
}

/**
 * Render a synthesis as a Word document: title, summary, overview and category tables, each question or
 * category with its theme table, themes with key terms and quotes (with their source), stakeholder map,
 * minority views, the Next steps register (a table of owner, action, due date and source), documents and method. Edited themes are marked. With `redact`, personal data is replaced.
 */
export async function renderDocx(s: Synthesis, options: ReportOptions = {}): Promise<Buffer> {
  const v = buildReportView(s, options);
  const children: (Paragraph | Table)[] = [new Paragraph({ text: v.title, heading: HeadingLevel.TITLE }), para(v.subtitle)];
  if (v.redacted) children.push(para(v.redactionNote));

  children.push(heading('Summary', HeadingLevel.HEADING_1), ...v.executiveSummary.map(bullet));

  children.push(heading('Overview', HeadingLevel.HEADING_1), table(['', ''], v.overview.facts.map((f) => [f.label, f.value])));
  if (v.overview.questions.length) {
    children.push(
      heading('Survey questions', HeadingLevel.HEADING_2),
      table(['Question', 'Document', 'Answered', 'Blank', 'Non-answers', 'Answer rate'], v.overview.questions.map((q) => [q.question, q.document, q.answered, q.blank, q.nonAnswer, q.answerRate])),
    );
  }

  children.push(heading('Categories', HeadingLevel.HEADING_1), table(['Category', 'All segments', 'Share', 'In notes'], v.categories.map((c) => [c.label, c.count, c.share, c.inNotes])), para(v.categoriesNote));

  for (const scope of v.scopes) {
    children.push(heading(scope.heading, HeadingLevel.HEADING_1), para(scope.countsLine), ...scope.summary.map(para));
    children.push(table(['#', 'Theme', 'Segments', 'Share'], scope.themes.map((t) => [t.rank, t.tableLabel, t.countText, t.share])));
    for (const t of scope.themes) {
      children.push(heading(`${t.heading}${t.editedByHuman ? ' (edited by hand)' : ''}`, HeadingLevel.HEADING_2));
      children.push(para(`${t.sizeLine}${t.isOther ? '' : `, ${t.coherenceText} (coherence ${t.coherence})`}. Key terms: ${t.keyTermsText}.`));
      if (t.oneVoice) children.push(para(`One voice: ${t.oneVoice}.`));
      for (const q of t.quotes) children.push(...quote(q));
      // Sub-themes as headings one level down: Word collapses a heading's content.
      for (const sub of t.subthemes) {
        children.push(heading(`${sub.label}${sub.editedByHuman ? ' (edited by hand)' : ''}`, HeadingLevel.HEADING_3), para(`${sub.sizeLine}. Key terms: ${sub.keyTermsText}.`));
        for (const q of sub.quotes) children.push(...quote(q));
      }
    }
  }

  if (v.boardGroupings.length > 0) {
    children.push(heading("Facilitator's clusters", HeadingLevel.HEADING_1), para("How the stickies of each whiteboard were grouped on the board, and which of Harvest's themes they are in."));
    for (const g of v.boardGroupings) {
      children.push(
        heading(g.document, HeadingLevel.HEADING_2),
        para(`${g.stickies} stick${g.stickies === 1 ? 'y' : 'ies'} grouped by ${g.groupedBy}. ${g.agreementWords} (agreement ${g.agreement}, adjusted Rand index).`),
        table(['Cluster on the board', 'Stickies', "Harvest's themes"], g.rows.map((r) => [r.cluster, r.stickies, r.themes])),
      );
    }
  }
  children.push(heading('Stakeholder map', HeadingLevel.HEADING_1));
  if (v.stakeholders.length) {
    children.push(table(['Stakeholder', 'Mentions', 'As stakeholder point', 'Terms', 'Named in'], v.stakeholders.map((e) => [e.label, e.mentions, e.asStakeholder, e.topTerms, e.byDocument])));
  } else children.push(para('No stakeholders were named.'));

  children.push(heading('Campaigns and copies', HeadingLevel.HEADING_1), para(v.campaigns.method), para(v.campaigns.countingLine));
  if (v.campaigns.noneFound) children.push(para(v.campaigns.noneFound));
  for (const c of v.campaigns.campaigns) {
    children.push(heading(c.heading, HeadingLevel.HEADING_3), para(c.countLine), ...quote(c.template), para(c.variation), para(`Themes: ${c.themesText}`), para(`Respondents: ${c.respondentsText}`));
  }
  children.push(heading('Who said it differently', HeadingLevel.HEADING_1), para(v.differences.method));
  if (v.differences.noneFound) children.push(para('No difference between groups passed the test.'));
  for (const d of v.differences.claims) children.push(para(d.sentence));
  children.push(heading('Minority views', HeadingLevel.HEADING_1));
  if (v.minorityViews.length === 0) children.push(para('None.'));
  for (const m of v.minorityViews) children.push(para(`${m.scopeLabel} · ${m.categoryLabel}: ${m.reason}`), ...quote(m.quote));

  if (v.showNextSteps) {
    children.push(heading('Next steps', HeadingLevel.HEADING_1));
    if (v.nextSteps.length === 0) children.push(para('No next steps (who will do what by when) were found in the notes.'));
    else children.push(table(['Owner', 'Action', 'Due', 'Source'], v.nextSteps.map((n) => [n.owner, n.task, n.due, n.source])));
    if (v.nextStepsNote) children.push(para(v.nextStepsNote));
  }

  // The kind says the tool a file was exported from, where it was recognised ("survey (SurveyMonkey)").
  const kindOf = (d: (typeof v.documents)[number]): string => {
    const from = d.metadata.find((m) => m.key === 'exported from')?.value;
    return from ? `${d.kind} (${from})` : d.kind;
  };
  children.push(heading('Documents', HeadingLevel.HEADING_1), table(['Document', 'File', 'Kind', 'Segments'], v.documents.map((d) => [d.title, d.name, kindOf(d), d.segments])));
  if (v.errors.length) children.push(heading('Files not read', HeadingLevel.HEADING_2), ...v.errors.map((e) => bullet(`${e.file}: ${e.message}`)));

  children.push(heading('Method', HeadingLevel.HEADING_1), ...v.method.steps.map(bullet));
  children.push(para(`Seed ${v.method.seed}; themes per scope: ${v.method.k}; codebook: ${v.method.codebook} (${v.method.categories}).`));

  const doc = new Document({
    creator: 'Harvest',
    title: v.title,
    description: v.subtitle,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
