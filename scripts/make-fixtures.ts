// Writes the ingest test fixtures (DOCX, PDF, CSV, XLSX, HTML and broken files) into test/fixtures/ingest/, and the
// survey-platform workbooks into test/fixtures/platforms/, deterministically.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformWorkbooks } from './platform-fixtures.ts';

// Zip entry times are written in local time: pin the zone before anything reads the clock.
process.env.TZ = 'UTC';

/** The fixed moment every library sees as "now", so re-running the script gives the same bytes. */
const FIXED_TIME = Date.UTC(2024, 2, 14, 9, 30, 0);

/** Make `new Date()` and `Date.now()` return FIXED_TIME while building the files (docx, exceljs and zips read the clock). */
function freezeClock(): void {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(FIXED_TIME);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return FIXED_TIME;
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
}
freezeClock();

const { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } = await import('docx');
const { default: PDFDocument } = await import('pdfkit');
const { default: ExcelJS } = await import('exceljs');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/ingest');

/** A Word write-up of one breakout group: title, sections, bullets, a numbered list, curly quotes, non-ASCII names. */
async function makeDocx(): Promise<Buffer> {
  const doc = new Document({
    creator: 'Harvest fixtures',
    title: 'Breakout group B',
    description: 'Made-up notes for ingest tests',
    numbering: {
      config: [
        {
          reference: 'actions',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Rural Clinics Dialogue: Breakout Group B', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Facilitator: Tomás Herrera. Rapporteur: Ilse Brandt.' }),
          new Paragraph({ text: 'Obstacles we heard', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Nurses leave after one year because housing near the clinics is scarce.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Medicine deliveries stop for weeks when the river road floods.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Patients do not trust the referral letters from mobile teams.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Proposed actions', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Build staff flats next to the two largest clinics.', numbering: { reference: 'actions', level: 0 } }),
          new Paragraph({ text: 'Keep a one-month buffer stock at every clinic.', numbering: { reference: 'actions', level: 0 } }),
          new Paragraph({ text: 'Train mobile teams together with clinic staff.', numbering: { reference: 'actions', level: 0 } }),
          new Paragraph({
            children: [
              new TextRun('\u201CWe lose a nurse every spring and start again from zero,\u201D said '),
              new TextRun({ text: 'Zoë Kovačević', bold: true }),
              new TextRun(' of the district health office.'),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Collect a pdfkit document into one buffer. */
function renderPdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    ...options,
    info: { Title: 'Harvest fixture', Producer: 'Harvest fixtures', Creator: 'Harvest fixtures', CreationDate: new Date(FIXED_TIME) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

/** Two pages of workshop notes: a bigger-font heading, bullet lines and a long wrapped paragraph. */
function drawWorkshopNotes(doc: PDFKit.PDFDocument): void {
  doc.font('Helvetica-Bold').fontSize(18).text('Harbour Town Youth Consultation');
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(11).text('Session 2, held in the library hall. Notes by the secretariat.');
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(14).text('What keeps young people away');
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(11);
  doc.text('\u2022 The last bus leaves before evening classes end.');
  doc.text('\u2022 Sports grounds are locked at weekends.');
  doc.text('\u2022 Nobody answers the youth council email address.');
  doc.moveDown();
  doc.text(
    'Several participants said that the town asks for their opinion only when a project is already decided. ' +
      'They would like to be invited while plans are still drafts, with enough time to talk to friends who could ' +
      'not attend, and they asked that the minutes of each meeting be shared within a week.',
  );
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(14).text('Ideas for next year');
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(11);
  doc.text('\u2022 A late bus on Tuesdays and Thursdays.');
  doc.text('\u2022 A youth desk at the town hall, open after school.');
}

/** The same notes locked with a user password. */
function drawLocked(doc: PDFKit.PDFDocument): void {
  doc.fontSize(11).text('Confidential minutes of the steering group.');
}

/** A page with only shapes and no text layer, as a scanner would produce. */
function drawScanned(doc: PDFKit.PDFDocument): void {
  doc.rect(72, 72, 400, 600).fill('#dddddd');
  doc.rect(100, 120, 300, 12).fill('#333333');
  doc.rect(100, 150, 280, 12).fill('#333333');
}

/** The wide survey: one row per respondent, on a second sheet after an empty cover sheet. */
async function makeWideXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Harvest fixtures';
  workbook.created = new Date(FIXED_TIME);
  workbook.modified = new Date(FIXED_TIME);
  workbook.addWorksheet('Cover');
  const sheet = workbook.addWorksheet('Responses');
  sheet.addRow([
    'Respondent',
    'Organisation type',
    'Country',
    'What makes it hard to take part in planning?',
    'What would help most?',
    'Submitted',
    'Questions answered',
  ]);
  sheet.addRow([
    'R-01',
    'Youth group',
    'Albania',
    'Meetings are announced on the notice board only.',
    'Send invitations by text message.',
    new Date(Date.UTC(2024, 1, 5)),
    { formula: 'COUNTA(D2:E2)', result: 2 },
  ]);
  sheet.addRow([
    'R-02',
    'Municipality',
    'North Macedonia',
    {
      richText: [
        { text: 'Staff time', font: { bold: true } },
        { text: ': we have one officer for twelve villages.' },
      ],
    },
    '',
    new Date(Date.UTC(2024, 1, 6)),
    { formula: 'COUNTA(D3:E3)', result: 1 },
  ]);
  sheet.addRow([
    'R-03',
    'NGO',
    'Serbia',
    'Forms are long and only in one language.',
    { text: 'A shorter form, see our proposal', hyperlink: 'https://example.org/proposal' },
    new Date(Date.UTC(2024, 1, 7)),
    { formula: 'COUNTA(D4:E4)', result: 2 },
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The long survey: one row per answer (respondent, question, answer). */
async function makeLongXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Harvest fixtures';
  workbook.created = new Date(FIXED_TIME);
  workbook.modified = new Date(FIXED_TIME);
  const sheet = workbook.addWorksheet('Answers');
  sheet.addRow(['respondent', 'question', 'answer']);
  sheet.addRow(['P1', 'Barriers', 'Childcare during evening sessions.']);
  sheet.addRow(['P1', 'Ideas', 'Hold one session on a Saturday morning.']);
  sheet.addRow(['P2', 'Barriers', 'The venue has no ramp.']);
  sheet.addRow(['P2', 'Ideas', 'Use the school gym, it is accessible.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const WIDE_CSV = [
  'respondent_id,organisation_type,country,What are the main barriers?,What support would help?',
  'S1,Women\'s association,Kosovo,"Travel costs, mostly.",Small grants for transport',
  'S2,Local government,Montenegro,"Two things:',
  '- no budget line for consultations',
  '- staff say ""we already know what people want""",Training for councillors',
  'S3,University,Serbia,No reliable internet in the villages,',
  'S4,NGO,Albania,Short deadlines',
].join('\r\n');

const SEMICOLON_CSV = [
  'ID;Sector;Answer',
  'A1;Health;Clinics close early, so working parents cannot come.',
  'A2;Education;"Teachers want shorter forms; the current ones take an hour."',
  'A3;Transport;Buses, trains and ferries do not connect.',
].join('\n');

const TAB_CSV = [
  'Participant\tGroup\tComment',
  'T1\tFarmers\tWater quotas are announced too late to plan planting.',
  'T2\tTraders\tThe market fee doubled, "without warning".',
].join('\n');

const HTML_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Plenary summary</title>
  <style>body { font-family: sans-serif; } .hidden { display: none; }</style>
  <script>window.trackVisit = function () { return 'tracking'; };</script>
</head>
<body>
  <h1>Plenary summary: Coastal Livelihoods Workshop</h1>
  <p>Prepared by the organising team on <strong>12 March 2024</strong>.</p>
  <h2>Main obstacles</h2>
  <ul>
    <li>Fishing permits take four months to renew.</li>
    <li>Cold storage is shared by <em>three</em> villages.</li>
  </ul>
  <h2>Agreed next steps</h2>
  <ol>
    <li>Map the permit process with the port authority.</li>
    <li>Ask the cooperative to pilot a second cold room.</li>
  </ol>
  <table>
    <thead><tr><th>Group</th><th>Priority</th></tr></thead>
    <tbody>
      <tr><td>Fishers</td><td>Faster permits</td></tr>
      <tr><td>Processors</td><td>Reliable power</td></tr>
    </tbody>
  </table>
  <p><img src="data:image/png;base64,${'iVBORw0KGgo'.repeat(400)}" alt="Photo of the flip chart"></p>
  <script>trackVisit();</script>
</body>
</html>
`;

/** Deterministic bytes that are not text: a PNG-like header then pseudo-random bytes with NULs. */
function binaryJunk(length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = state % 7 === 0 ? 0 : state & 0xff;
  }
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out, 0);
  return out;
}

/** A fake password-protected Word file: the OLE/CFB signature Word writes for encrypted documents. */
function oleFile(): Buffer {
  const out = Buffer.alloc(1024, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.write('EncryptedPackage', 64, 'utf16le');
  return out;
}

/** Build every fixture and write it; returns the file names written. */
export async function makeFixtures(dir = FIXTURES): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const docx = await makeDocx();
  const files: Record<string, Buffer | string> = {
    'breakout-b.docx': docx,
    'truncated.docx': docx.subarray(0, 200),
    'locked.docx': oleFile(),
    'youth-consultation.pdf': await renderPdf({ size: 'A4', margin: 72 }, drawWorkshopNotes),
    'locked.pdf': await renderPdf({ userPassword: 'harvest', ownerPassword: 'harvest-owner' }, drawLocked),
    'scanned.pdf': await renderPdf({ size: 'A4' }, drawScanned),
    'survey-wide.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${WIDE_CSV}\r\n`, 'utf8')]),
    'survey-semicolon.csv': `${SEMICOLON_CSV}\n`,
    'survey-tab.csv': `${TAB_CSV}\n`,
    'only-header.csv': 'respondent_id,answer\r\n',
    'junk.csv': binaryJunk(512),
    'survey-wide.xlsx': await makeWideXlsx(),
    'survey-long.xlsx': await makeLongXlsx(),
    'plenary.html': HTML_PAGE,
    'empty.txt': '',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return Object.keys(files);
}

/** The survey-platform workbooks, made from the hand-written CSVs beside them. */
const PLATFORMS = path.join(ROOT, 'test/fixtures/platforms');

const written = await makeFixtures();
const workbooks = await platformWorkbooks(ExcelJS, FIXED_TIME, PLATFORMS);
for (const [name, content] of Object.entries(workbooks)) await writeFile(path.join(PLATFORMS, name), content);
process.stdout.write(`make-fixtures: wrote ${written.length} files to ${path.relative(ROOT, FIXTURES)}, ${Object.keys(workbooks).length} to ${path.relative(ROOT, PLATFORMS)}\n`);
