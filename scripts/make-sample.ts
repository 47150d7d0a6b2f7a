// Builds the generated files of the sample consultation (DOCX, PDF, CSV, XLSX) in corpus/sample; deterministic and re-runnable.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import ExcelJS from 'exceljs';
import { countWords, DEFAULT_SURVEY_OPTIONS, generateSurvey, surveyToCsv, truthToCsv } from './sample-src/survey-generate.ts';
import { POLL_HEADERS, POLL_PARTICIPANTS, POLL_QUESTIONS, POLL_SHEET } from './sample-src/webinar-poll.ts';
import { normaliseOfficeZip } from './sample-src/zip-normalise.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'scripts/sample-src');
const OUT = path.join(ROOT, 'corpus/sample');

/** Every generated file carries this date (the day of the consultation), so bytes do not change between runs. */
export const SAMPLE_DATE = new Date('2026-05-14T12:00:00Z');
const AUTHOR = 'Regional Digital Inclusion Programme';

/** Builds the breakout group C report as DOCX from a small Markdown subset (#, ##, ###, -, 1., **Key:** value). */
export async function buildBreakoutDocx(markdown: string): Promise<Buffer> {
  const children: Paragraph[] = [];
  let listInstance = 0;
  let inNumbered = false;
  let title = 'Breakout report';
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const numbered = /^\d+\.\s+(.*)$/.exec(line);
    if (numbered && !inNumbered) listInstance++;
    inNumbered = Boolean(numbered);
    if (line === '') continue;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const meta = /^\*\*(.+?)\*\*\s*(.*)$/.exec(line);
    if (heading) {
      const level = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][heading[1]!.length - 1]!;
      if (heading[1]!.length === 1) title = heading[2]!;
      children.push(new Paragraph({ text: heading[2]!, heading: level }));
    } else if (line.startsWith('- ')) {
      children.push(new Paragraph({ text: line.slice(2), bullet: { level: 0 } }));
    } else if (numbered) {
      children.push(new Paragraph({ text: numbered[1]!, numbering: { reference: 'numbered', level: 0, instance: listInstance } }));
    } else if (meta) {
      children.push(new Paragraph({ children: [new TextRun({ text: meta[1]!, bold: true }), new TextRun(` ${meta[2]!}`)] }));
    } else {
      children.push(new Paragraph({ text: line }));
    }
  }
  const doc = new Document({
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    title,
    description: 'Breakout group report of the regional consultation, 14 May 2026',
    revision: 1,
    numbering: {
      config: [
        { reference: 'numbered', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] },
      ],
    },
    sections: [{ children }],
  });
  return normaliseOfficeZip(Buffer.from(await Packer.toBuffer(doc)), SAMPLE_DATE);
}

/**
 * Builds the plenary whiteboard export as PDF from a line format: `# title`, `## section`,
 * `- bullet`, `> sticky note`, `(note)` in italics, `---` for a new page, other lines as plain text.
 */
export async function buildWhiteboardPdf(source: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: 'Plenary whiteboard export',
      Author: AUTHOR,
      Subject: 'Regional consultation, 14 May 2026: priorities, lessons learned, next steps',
      Creator: 'Whiteboard export',
      Producer: 'Harvest sample builder',
      CreationDate: SAMPLE_DATE,
      ModDate: SAMPLE_DATE,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  let pages = 1;
  doc.on('pageAdded', () => pages++);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let sticky = 0;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    if (line === '---') {
      doc.addPage();
      continue;
    }
    if (line.startsWith('# ')) {
      doc.font('Helvetica-Bold').fontSize(24).fillColor('#1d3557').text(line.slice(2), left, doc.y, { width });
      doc.moveDown(0.4);
    } else if (line.startsWith('## ')) {
      doc.moveDown(0.8);
      doc.font('Helvetica-Bold').fontSize(15).fillColor('#1d3557').text(line.slice(3), left, doc.y, { width });
      doc.moveDown(0.3);
      sticky = 0;
    } else if (line.startsWith('- ')) {
      doc.font('Helvetica').fontSize(11).fillColor('#000000').text(`\u2022 ${line.slice(2)}`, left + 8, doc.y, { width: width - 8 });
      doc.moveDown(0.25);
    } else if (line.startsWith('> ')) {
      // A sticky note: a yellow square with one short line, set slightly off the grid like on a real board.
      const note = line.slice(2);
      const x = left + 20 + (sticky % 3) * 14;
      const y = doc.y + 4;
      doc.font('Helvetica').fontSize(11);
      if (doc.widthOfString(note) > 314) throw new Error(`sticky note too long for one line: ${note}`);
      doc.save().rect(x, y, 330, 24).fill('#ffe66d').restore();
      doc.fillColor('#333333').text(note, x + 8, y + 7, { lineBreak: false });
      doc.y = y + 28;
      sticky++;
    } else if (line.startsWith('(')) {
      doc.font('Helvetica-Oblique').fontSize(9).fillColor('#555555').text(line, left, doc.y, { width });
      doc.moveDown(0.3);
    } else {
      doc.font('Helvetica').fontSize(10).fillColor('#444444').text(line, left, doc.y, { width });
    }
  }
  doc.end();
  await done;
  if (pages !== 2) throw new Error(`whiteboard PDF should have 2 pages, got ${pages}`);
  return Buffer.concat(chunks);
}

/** Builds the webinar poll as a long-form XLSX (one row per participant and question). */
export async function buildPollXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = AUTHOR;
  wb.lastModifiedBy = AUTHOR;
  wb.created = SAMPLE_DATE;
  wb.modified = SAMPLE_DATE;
  const ws = wb.addWorksheet(POLL_SHEET);
  ws.columns = [
    { header: POLL_HEADERS[0], key: 'participant', width: 16 },
    { header: POLL_HEADERS[1], key: 'type', width: 24 },
    { header: POLL_HEADERS[2], key: 'question', width: 42 },
    { header: POLL_HEADERS[3], key: 'answer', width: 90 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const [qi, question] of POLL_QUESTIONS.entries()) {
    for (const p of POLL_PARTICIPANTS) {
      const answer = p.answers[qi]!;
      ws.addRow({ participant: p.participant, type: p.organisationType, question, answer: answer === '' ? null : answer });
    }
  }
  return normaliseOfficeZip(Buffer.from(await wb.xlsx.writeBuffer()), SAMPLE_DATE);
}

/** Writes every generated sample file and prints what it wrote. */
async function main(): Promise<void> {
  const survey = generateSurvey(DEFAULT_SURVEY_OPTIONS);
  await writeFile(path.join(OUT, 'survey-responses.csv'), surveyToCsv(survey), 'utf8');
  await writeFile(path.join(SRC, 'survey-truth.csv'), truthToCsv(survey), 'utf8');

  const docx = await buildBreakoutDocx(await readFile(path.join(SRC, 'breakout-c.md'), 'utf8'));
  await writeFile(path.join(OUT, 'breakout-c-report.docx'), docx);

  const pdf = await buildWhiteboardPdf(await readFile(path.join(SRC, 'plenary-whiteboard.txt'), 'utf8'));
  await writeFile(path.join(OUT, 'plenary-whiteboard.pdf'), pdf);

  await writeFile(path.join(OUT, 'webinar-poll.xlsx'), await buildPollXlsx());

  const cells = survey.answers.flat();
  const answered = cells.filter((a) => a.kind === 'answer');
  const words = answered.map((a) => countWords(a.text));
  process.stdout.write(
    [
      `survey-responses.csv: ${survey.respondents.length} respondents, ${answered.length} answers, ` +
        `${cells.filter((a) => a.kind === 'blank').length} blank, ${cells.filter((a) => a.kind === 'non-answer').length} non-answers, ` +
        `${answered.filter((a) => a.language !== 'en').length} not in English, ${Math.min(...words)}-${Math.max(...words)} words`,
      `breakout-c-report.docx: ${docx.length} bytes`,
      `plenary-whiteboard.pdf: ${pdf.length} bytes`,
      `webinar-poll.xlsx: ${POLL_PARTICIPANTS.length} participants x ${POLL_QUESTIONS.length} questions`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
