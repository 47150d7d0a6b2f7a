// Tests of ingest: every format and every error case, on the generated fixtures in test/fixtures/ingest and on literal bytes.
import fs from 'node:fs';
import { expect } from 'chai';
import { AppError } from '../../src/errors.ts';
import { ingestedDocument, type IngestedDocument, type IngestedNotes, type IngestedSurvey } from '../../src/model/index.ts';
import { formatOf, ingestFile } from '../../src/ingest/index.ts';
import { decodeText } from '../../src/ingest/text.ts';
import { htmlToMarkdown } from '../../src/ingest/html.ts';
import { pdfItemsToText, type PdfTextItem } from '../../src/ingest/pdf.ts';
import { detectDelimiter } from '../../src/ingest/csv-dialect.ts';
import { buildTable } from '../../src/ingest/survey-header.ts';
import { cellValueText } from '../../src/ingest/xlsx.ts';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);

/** The bytes of one fixture (run `npm run make-fixtures` when one is missing). */
function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(new URL(name, FIXTURES)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Ingest and check the result against the model schema, so a shape drift fails here. */
async function ingest(name: string, bytes: Uint8Array = fixture(name)): Promise<IngestedDocument> {
  return ingestedDocument.parse(await ingestFile(name, bytes));
}

async function notes(name: string, bytes?: Uint8Array): Promise<IngestedNotes> {
  const doc = await ingest(name, bytes);
  if (doc.kind !== 'notes') throw new Error(`${name} was read as a survey`);
  return doc;
}

async function survey(name: string, bytes?: Uint8Array): Promise<IngestedSurvey> {
  const doc = await ingest(name, bytes);
  if (doc.kind !== 'survey') throw new Error(`${name} was read as notes`);
  return doc;
}

/** The AppError ingesting a file throws (fails the test when it does not throw one). */
async function ingestError(name: string, bytes: Uint8Array = fixture(name)): Promise<AppError> {
  try {
    await ingestFile(name, bytes);
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    return err as AppError;
  }
  throw new Error(`${name} was read without an error`);
}

describe('ingest: formatOf', () => {
  const cases: [string, string | null][] = [
    ['notes.txt', 'txt'],
    ['Notes.MD', 'md'],
    ['page.htm', 'html'],
    ['page.html', 'html'],
    ['write-up.docx', 'docx'],
    ['minutes.pdf', 'pdf'],
    ['export.csv', 'csv'],
    ['export.tsv', 'csv'],
    ['export.xlsx', 'xlsx'],
    ['old.doc', null],
    ['old.xls', null],
    ['README', null],
  ];
  for (const [name, format] of cases) {
    it(`${name} -> ${format}`, () => expect(formatOf(name)).to.equal(format));
  }
});

describe('ingest: text and Markdown', () => {
  const cases: [string, number[], string][] = [
    ['UTF-8 BOM is dropped', [0xef, 0xbb, 0xbf, 0x48, 0x69], 'Hi'],
    ['UTF-16 LE with BOM', [0xff, 0xfe, 0x48, 0x00, 0xe9, 0x00], 'Hé'],
    ['UTF-16 BE with BOM', [0xfe, 0xff, 0x00, 0x48, 0x00, 0xe9], 'Hé'],
    ['invalid UTF-8 falls back to windows-1252', [0x93, 0x4f, 0x6b, 0x94, 0x20, 0x80, 0x35], '\u201COk\u201D €5'],
    ['valid UTF-8 stays UTF-8', [0x5a, 0x6f, 0xc3, 0xab], 'Zoë'],
    ['UTF-16 LE without a BOM', [0x4e, 0, 0x6f, 0, 0x20, 0, 0x62, 0, 0x75, 0, 0x73, 0], 'No bus'],
    ['UTF-16 BE without a BOM', [0, 0x4e, 0, 0x6f, 0, 0x20, 0, 0x62, 0, 0x75, 0, 0x73], 'No bus'],
  ];
  for (const [label, bytes, expected] of cases) {
    it(`decodes: ${label}`, () => expect(decodeText(new Uint8Array(bytes))).to.equal(expected));
  }

  it('normalises CRLF and CR line ends and keeps everything else verbatim', async () => {
    const doc = await notes('group-a.txt', utf8('# Group A\r\n\r\n-  Fees  are high\rSecond line\n\tindented'));
    expect(doc).to.deep.equal({
      kind: 'notes',
      name: 'group-a.txt',
      format: 'txt',
      text: '# Group A\n\n-  Fees  are high\nSecond line\n\tindented',
      encoding: 'utf-8',
    });
  });

  it('reads .md as md', async () => {
    expect((await notes('plan.md', utf8('## Barriers\n- cost\n'))).format).to.equal('md');
  });

  it('reads a Markdown file\'s character references as their characters, line for line; a .txt file keeps them', async () => {
    const md = '- R &amp; D with Congress &amp; agencies\n- don&#39;t &quot;scale&quot; &#x2014; &lt;yet&gt;\n- &copy; &#0; &#10; stay';
    expect((await notes('n.md', utf8(md))).text).to.equal('- R & D with Congress & agencies\n- don\'t "scale" \u2014 <yet>\n- &copy; &#0; &#10; stay');
    expect((await notes('n.txt', utf8(md))).text).to.equal(md);
  });

  it('rejects a zero-byte file as EMPTY_FILE naming it', async () => {
    const err = await ingestError('empty.txt');
    expect(err.code).to.equal('EMPTY_FILE');
    expect(err.file).to.equal('empty.txt');
    expect(err.message).to.equal('empty.txt: the file is empty (0 bytes).');
  });

  it('rejects a whitespace-only file as EMPTY_FILE', async () => {
    const err = await ingestError('blank.md', utf8(' \r\n\t\n'));
    expect([err.code, err.message]).to.deep.equal(['EMPTY_FILE', 'blank.md: the file has no text.']);
  });
});

describe('ingest: HTML', () => {
  it('turns the fixture page into Markdown-like lines without head, scripts or styles', async () => {
    const doc = await notes('plenary.html');
    expect(doc.format).to.equal('html');
    expect(doc.text.split('\n')).to.deep.equal([
      '# Plenary summary: Coastal Livelihoods Workshop',
      '',
      'Prepared by the organising team on **12 March 2024**.',
      '',
      '## Main obstacles',
      '',
      '- Fishing permits take four months to renew.',
      '- Cold storage is shared by _three_ villages.',
      '',
      '## Agreed next steps',
      '',
      '1. Map the permit process with the port authority.',
      '2. Ask the cooperative to pilot a second cold room.',
      '',
      '| Group | Priority |',
      '| --- | --- |',
      '| Fishers | Faster permits |',
      '| Processors | Reliable power |',
      '',
      '![Photo of the flip chart](embedded-image)',
    ]);
  });

  const cases: [string, string, string][] = [
    ['adds no Markdown escapes', '<p>co_operation * 2 and 1. item [x]</p>', 'co_operation * 2 and 1. item [x]'],
    ['nests lists by two spaces', '<ul><li>Cost<ul><li>devices</li></ul></li></ul>', '- Cost\n  - devices'],
    ['numbers from an ol start attribute', '<ol start="4"><li>Four</li><li>Five</li></ol>', '4. Four\n5. Five'],
    ['turns <br> into a plain line break', '<p>one<br>two</p>', 'one\ntwo'],
    ['turns non-breaking spaces into spaces', '<p>12&nbsp;March</p>', '12 March'],
    ['keeps ordinary image links', '<img src="chart.png" alt="Chart">', '![Chart](chart.png)'],
    ['drops nav menus', '<nav><a href="/">Home</a></nav><h2>Notes</h2>', '## Notes'],
  ];
  for (const [label, html, expected] of cases) {
    it(label, () => expect(htmlToMarkdown(html)).to.equal(expected));
  }

  it('decodes a windows-1252 page that declares its charset', async () => {
    const bytes = new Uint8Array([...utf8('<meta charset="windows-1252"><p>'), 0x93, 0x48, 0x69, 0x94, ...utf8('</p>')]);
    expect((await notes('old.html', bytes)).text).to.equal('\u201CHi\u201D');
  });

  it('rejects a page with no text as EMPTY_FILE', async () => {
    const err = await ingestError('blank.html', utf8('<html><head><title>x</title></head><body><script>1</script></body></html>'));
    expect([err.code, err.message]).to.deep.equal(['EMPTY_FILE', 'blank.html: the page has no text.']);
  });
});

describe('ingest: DOCX', () => {
  it('keeps the title, Heading 2 sections, bullets, the numbered list and curly quotes', async () => {
    const doc = await notes('breakout-b.docx');
    expect(doc.format).to.equal('docx');
    expect(doc.text.split('\n')).to.deep.equal([
      '# Rural Clinics Dialogue: Breakout Group B',
      '',
      'Facilitator: Tomás Herrera. Rapporteur: Ilse Brandt.',
      '',
      '## Obstacles we heard',
      '',
      '- Nurses leave after one year because housing near the clinics is scarce.',
      '- Medicine deliveries stop for weeks when the river road floods.',
      '- Patients do not trust the referral letters from mobile teams.',
      '',
      '## Proposed actions',
      '',
      '1. Build staff flats next to the two largest clinics.',
      '2. Keep a one-month buffer stock at every clinic.',
      '3. Train mobile teams together with clinic staff.',
      '',
      '\u201CWe lose a nurse every spring and start again from zero,\u201D said **Zoë Kovačević** of the district health office.',
    ]);
  });

  const errors: [string, string, string][] = [
    [
      'locked.docx',
      'ENCRYPTED_FILE',
      'locked.docx: the Word document is password-protected (or is an old .doc file); remove the password or save it as .docx and upload it again.',
    ],
    [
      'truncated.docx',
      'MALFORMED_FILE',
      'truncated.docx: the file was refused because it is damaged or its zip structure cannot be checked (it has no zip directory); if it is a real document, save it again from Word or Excel.',
    ],
  ];
  for (const [name, code, message] of errors) {
    it(`${name} -> ${code}`, async () => {
      const err = await ingestError(name);
      expect([err.code, err.file, err.message]).to.deep.equal([code, name, message]);
    });
  }

  it('a file that is not a zip at all -> MALFORMED_FILE', async () => {
    const err = await ingestError('notes.docx', utf8('just some text saved with the wrong extension'));
    expect([err.code, err.message]).to.deep.equal([
      'MALFORMED_FILE',
      'notes.docx: this is not a valid Word (.docx) file; open it in Word and save it again as .docx.',
    ]);
  });

  it('a zero-byte DOCX -> EMPTY_FILE', async () => {
    expect((await ingestError('none.docx', new Uint8Array())).code).to.equal('EMPTY_FILE');
  });
});

describe('ingest: PDF', () => {
  it('rebuilds the two-page fixture: headings by font size, bullets, the wrapped paragraph as one line', async () => {
    const doc = await notes('youth-consultation.pdf');
    expect(doc.format).to.equal('pdf');
    expect(doc.text.split('\n')).to.deep.equal([
      '## Harbour Town Youth Consultation',
      '',
      'Session 2, held in the library hall. Notes by the secretariat.',
      '',
      '## What keeps young people away',
      '',
      '- The last bus leaves before evening classes end.',
      '- Sports grounds are locked at weekends.',
      '- Nobody answers the youth council email address.',
      '',
      'Several participants said that the town asks for their opinion only when a project is already decided. ' +
        'They would like to be invited while plans are still drafts, with enough time to talk to friends who could ' +
        'not attend, and they asked that the minutes of each meeting be shared within a week.',
      '',
      '## Ideas for next year',
      '',
      '- A late bus on Tuesdays and Thursdays.',
      '- A youth desk at the town hall, open after school.',
    ]);
  });

  it('leaves the caller\'s bytes intact', async () => {
    const bytes = fixture('youth-consultation.pdf');
    const before = bytes.length;
    await ingestFile('youth-consultation.pdf', bytes);
    expect(bytes.length).to.equal(before);
  });

  const errors: [string, string, string][] = [
    ['locked.pdf', 'ENCRYPTED_FILE', 'locked.pdf: the PDF is password-protected; remove the password and upload it again.'],
    [
      'scanned.pdf',
      'UNREADABLE_FILE',
      'scanned.pdf: the PDF has no text layer; it looks scanned. Run it through OCR (or export the original document as PDF again) and upload it again.',
    ],
  ];
  for (const [name, code, message] of errors) {
    it(`${name} -> ${code}`, async () => {
      const err = await ingestError(name);
      expect([err.code, err.file, err.message]).to.deep.equal([code, name, message]);
    });
  }

  it('a file without a PDF header -> MALFORMED_FILE', async () => {
    const err = await ingestError('minutes.pdf', utf8('<html>not a pdf</html>'));
    expect([err.code, err.message]).to.deep.equal([
      'MALFORMED_FILE',
      'minutes.pdf: this is not a PDF file (it has no PDF header); check that the right file was chosen.',
    ]);
  });

  it('a PDF cut off after its header -> MALFORMED_FILE naming the file', async () => {
    const err = await ingestError('cut.pdf', fixture('youth-consultation.pdf').subarray(0, 60));
    expect(err.code).to.equal('MALFORMED_FILE');
    expect(err.message.startsWith('cut.pdf: the PDF is damaged and could not be read')).to.equal(true);
  });

  it('does not print pdfjs warnings to stdout', async () => {
    const write = process.stdout.write;
    const log = console.log;
    let printed = '';
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    console.log = (...args: unknown[]) => {
      printed += args.join(' ');
    };
    try {
      await ingestFile('cut.pdf', fixture('youth-consultation.pdf').subarray(0, 1500)).catch(() => null);
      await ingestFile('youth-consultation.pdf', fixture('youth-consultation.pdf'));
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
    expect(printed).to.equal('');
  });

  describe('pdfItemsToText', () => {
    const item = (str: string, x: number, y: number, width: number, size = 10, hasEOL = false): PdfTextItem => ({
      str,
      x,
      y,
      width,
      size,
      hasEOL,
    });

    it('joins items on one baseline with a space only where there is a gap', () => {
      const text = pdfItemsToText([[item('Trans', 50, 700, 25), item('port', 75, 700, 20), item('costs', 100, 700, 25)]]);
      expect(text).to.equal('Transport costs');
    });

    it('breaks lines on end-of-line marks and baseline changes; drops running page numbers', () => {
      const text = pdfItemsToText([
        [item('First line', 50, 700, 50, 10, true), item('Second line', 50, 688, 55), item('Third', 50, 640, 30), item('3', 300, 40, 5)],
      ]);
      expect(text).to.equal('First line\nSecond line\n\nThird');
    });

    it('turns bullet glyphs into "- " and bigger lines into "## " headings; separates pages by a blank line', () => {
      const text = pdfItemsToText([
        [item('Barriers', 50, 720, 60, 16), item('\u25AA', 50, 700, 5), item('Fees', 60, 700, 20), item('– Distance', 50, 688, 50)],
        [item('\uF0B7 Time', 50, 720, 30)],
      ]);
      expect(text).to.equal('## Barriers\n\n- Fees\n- Distance\n\n- Time');
    });

    it('joins a hyphen-split word across a wrapped line without a space', () => {
      const wide = 'x'.repeat(60);
      const text = pdfItemsToText([[item(`${wide} co-`, 50, 700, 320), item('operation is key.', 50, 688, 85)]]);
      expect(text).to.equal(`${wide} co-operation is key.`);
    });
  });
});

describe('ingest: CSV', () => {
  it('reads the comma fixture (BOM, CRLF, multi-line quoted answer with doubled quotes)', async () => {
    const doc = await survey('survey-wide.csv');
    expect(doc.sheet).to.equal(null);
    expect(doc.headers).to.deep.equal([
      'respondent_id',
      'organisation_type',
      'country',
      'What are the main barriers?',
      'What support would help?',
    ]);
    expect(doc.records.map((r) => r.line)).to.deep.equal([2, 3, 6, 7]);
    expect(doc.records[1].cells[3]).to.equal(
      'Two things:\n- no budget line for consultations\n- staff say "we already know what people want"',
    );
    // The record after the three-line answer starts on source line 6, and a short row is padded.
    expect(doc.records[2]).to.deep.equal({ line: 6, cells: ['S3', 'University', 'Serbia', 'No reliable internet in the villages', ''] });
    expect(doc.records[3]).to.deep.equal({ line: 7, cells: ['S4', 'NGO', 'Albania', 'Short deadlines', ''] });
  });

  it('reads the semicolon fixture, keeping commas and a quoted semicolon inside answers', async () => {
    const doc = await survey('survey-semicolon.csv');
    expect(doc.headers).to.deep.equal(['ID', 'Sector', 'Answer']);
    expect(doc.records.map((r) => r.cells[2])).to.deep.equal([
      'Clinics close early, so working parents cannot come.',
      'Teachers want shorter forms; the current ones take an hour.',
      'Buses, trains and ferries do not connect.',
    ]);
  });

  it('reads the tab fixture', async () => {
    const doc = await survey('survey-tab.csv');
    expect(doc.headers).to.deep.equal(['Participant', 'Group', 'Comment']);
    expect(doc.records[1]).to.deep.equal({ line: 3, cells: ['T2', 'Traders', 'The market fee doubled, "without warning".'] });
  });

  const delimiterCases: [string, string, string][] = [
    ['commas', 'a,b,c\n1,2,3\n', ','],
    ['semicolons with commas in text', 'a;b\n"x, y, z";2\nfoo, bar;3\n', ';'],
    ['tabs', 'a\tb\n1\t2\n', '\t'],
    ['pipes', 'a|b|c\n1|2|3\n', '|'],
    ['delimiters inside a multi-line quoted field are not counted', 'id;text\n1;"a,b,\nc,d,e"\n2;f\n', ';'],
    ['a single column', 'answer\nyes\n', ','],
  ];
  for (const [label, text, expected] of delimiterCases) {
    it(`detects the delimiter: ${label}`, () => expect(detectDelimiter(text)).to.equal(expected));
  }

  it('names blank headers column_N, numbers duplicates and keeps cell text exactly', async () => {
    const doc = await survey('dup.csv', utf8('id,Answer,,Answer\n7,  spaced out  ,x,second\n'));
    expect(doc.headers).to.deep.equal(['id', 'Answer', 'column_3', 'Answer (2)']);
    expect(doc.records).to.deep.equal([{ line: 2, cells: ['7', '  spaced out  ', 'x', 'second'] }]);
  });

  it('skips blank lines and title lines above the header; line numbers stay source lines', async () => {
    const doc = await survey('kobo.csv', utf8('Exported 3 May 2024\n\nid,answer\n\n1,yes\n,\n2,no\n'));
    expect(doc.headers).to.deep.equal(['id', 'answer']);
    expect(doc.records).to.deep.equal([
      { line: 5, cells: ['1', 'yes'] },
      { line: 7, cells: ['2', 'no'] },
    ]);
  });

  it('follows an Excel "sep=" line and reads UTF-16 exports', async () => {
    const sepDoc = await survey('sep.csv', utf8('sep=;\nid;answer\n1;a, b\n'));
    expect([sepDoc.headers, sepDoc.records]).to.deep.equal([['id', 'answer'], [{ line: 3, cells: ['1', 'a, b'] }]]);
    const wide = new Uint8Array([0xff, 0xfe, ...Buffer.from('id\tanswer\r\n1\tčaj\r\n', 'utf16le')]);
    const wideDoc = await survey('unicode.csv', wide);
    expect([wideDoc.headers, wideDoc.records]).to.deep.equal([['id', 'answer'], [{ line: 2, cells: ['1', 'čaj'] }]]);
  });

  it('keeps stray quotes in a field literally instead of failing', async () => {
    const doc = await survey('stray.csv', utf8('id,answer\n1,"closed"early\n2,he said "no"\n'));
    expect(doc.records.map((r) => r.cells[1])).to.deep.equal(['"closed"early', 'he said "no"']);
  });

  it('gives extra cells of a ragged row their own column', () => {
    const table = buildTable('x.csv', [
      { line: 1, cells: ['id', 'answer'] },
      { line: 2, cells: ['1', 'yes', 'late note'] },
      { line: 3, cells: ['2'] },
    ]);
    expect(table).to.deep.equal({
      headers: ['id', 'answer', 'column_3'],
      records: [
        { line: 2, cells: ['1', 'yes', 'late note'] },
        { line: 3, cells: ['2', '', ''] },
      ],
    });
  });

  const errors: [string, Uint8Array | null, string, string][] = [
    ['only-header.csv', null, 'EMPTY_FILE', 'only-header.csv: the file has a header row but no answers.'],
    ['junk.csv', null, 'MALFORMED_FILE', 'junk.csv: this does not look like a text CSV file; export the survey again as CSV (UTF-8).'],
    ['zero.csv', new Uint8Array(), 'EMPTY_FILE', 'zero.csv: the file is empty (0 bytes).'],
    ['blank-lines.csv', utf8('\r\n\r\n'), 'EMPTY_FILE', 'blank-lines.csv: the file is empty.'],
    [
      'open-quote.csv',
      utf8('id,answer\n1,fine\n2,"never closed\n3,more\n'),
      'MALFORMED_FILE',
      'open-quote.csv: the CSV has a quote (") opened on line 3 that is never closed; add the closing quote or remove it, then upload the file again.',
    ],
  ];
  for (const [name, bytes, code, message] of errors) {
    it(`${name} -> ${code}`, async () => {
      const err = await ingestError(name, bytes ?? fixture(name));
      expect([err.code, err.file, err.message]).to.deep.equal([code, name, message]);
    });
  }
});

describe('ingest: XLSX', () => {
  it('reads the wide fixture from the first sheet with data: dates, rich text, formulas, hyperlinks', async () => {
    const doc = await survey('survey-wide.xlsx');
    expect(doc.sheet).to.equal('Responses');
    expect(doc.headers).to.deep.equal([
      'Respondent',
      'Organisation type',
      'Country',
      'What makes it hard to take part in planning?',
      'What would help most?',
      'Submitted',
      'Questions answered',
    ]);
    expect(doc.records).to.deep.equal([
      {
        line: 2,
        cells: ['R-01', 'Youth group', 'Albania', 'Meetings are announced on the notice board only.', 'Send invitations by text message.', '2024-02-05', '2'],
      },
      {
        line: 3,
        cells: ['R-02', 'Municipality', 'North Macedonia', 'Staff time: we have one officer for twelve villages.', '', '2024-02-06', '1'],
      },
      {
        line: 4,
        cells: ['R-03', 'NGO', 'Serbia', 'Forms are long and only in one language.', 'A shorter form, see our proposal', '2024-02-07', '2'],
      },
    ]);
  });

  it('reads the long fixture (respondent, question, answer)', async () => {
    const doc = await survey('survey-long.xlsx');
    expect([doc.sheet, doc.headers]).to.deep.equal(['Answers', ['respondent', 'question', 'answer']]);
    expect(doc.records.map((r) => [r.line, ...r.cells])).to.deep.equal([
      [2, 'P1', 'Barriers', 'Childcare during evening sessions.'],
      [3, 'P1', 'Ideas', 'Hold one session on a Saturday morning.'],
      [4, 'P2', 'Barriers', 'The venue has no ramp.'],
      [5, 'P2', 'Ideas', 'Use the school gym, it is accessible.'],
    ]);
  });

  const values: [string, Parameters<typeof cellValueText>[0], string][] = [
    ['empty', null, ''],
    ['number', 3.5, '3.5'],
    ['boolean', true, 'TRUE'],
    ['date at midnight', new Date(Date.UTC(2023, 11, 31)), '2023-12-31'],
    ['date with a time', new Date(Date.UTC(2023, 11, 31, 14, 5)), '2023-12-31 14:05'],
    ['formula without a result', { formula: 'A1+1' } as Parameters<typeof cellValueText>[0], ''],
    ['error value', { error: '#N/A' } as Parameters<typeof cellValueText>[0], '#N/A'],
  ];
  for (const [label, value, expected] of values) {
    it(`cell value: ${label}`, () => expect(cellValueText(value)).to.equal(expected));
  }

  const errors: [string, Uint8Array, string, string][] = [
    [
      'locked.xlsx',
      fixture('locked.docx'),
      'ENCRYPTED_FILE',
      'locked.xlsx: the workbook is password-protected (or is an old .xls file); remove the password or save it as .xlsx and upload it again.',
    ],
    [
      'text.xlsx',
      utf8('id,answer\n1,yes\n'),
      'MALFORMED_FILE',
      'text.xlsx: this is not a valid Excel (.xlsx) file; open it in Excel and save it again as .xlsx.',
    ],
    [
      'cut.xlsx',
      fixture('survey-wide.xlsx').subarray(0, 300),
      'MALFORMED_FILE',
      'cut.xlsx: the file was refused because it is damaged or its zip structure cannot be checked (it has no zip directory); if it is a real document, save it again from Word or Excel.',
    ],
    ['zero.xlsx', new Uint8Array(), 'EMPTY_FILE', 'zero.xlsx: the file is empty (0 bytes).'],
  ];
  for (const [name, bytes, code, message] of errors) {
    it(`${name} -> ${code}`, async () => {
      const err = await ingestError(name, bytes);
      expect([err.code, err.file, err.message]).to.deep.equal([code, name, message]);
    });
  }
});

describe('ingest: unsupported formats', () => {
  it('names the file and lists the supported extensions', async () => {
    const err = await ingestError('minutes.doc', utf8('x'));
    expect([err.code, err.file, err.status]).to.deep.equal(['UNSUPPORTED_FORMAT', 'minutes.doc', 415]);
    expect(err.message).to.equal(
      'minutes.doc: this kind of file is not supported; use one of: .txt, .text, .md, .markdown, .html, .htm, .docx, .pdf, .csv, .tsv, .xlsx, .json.',
    );
  });
});
