// Streaming CSV ingest: read piece by piece (any piece size, from memory or disk), a CSV gives exactly what reading its whole text gave.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../src/errors.ts';
import { ingestFile, ingestPath } from '../../src/ingest/index.ts';
import { readCsvFrom } from '../../src/ingest/csv.ts';
import { bytesSource, fileSource } from '../../src/ingest/csv-decode.ts';
import { detectDelimiter, unclosedQuoteLine, type CsvDelimiter } from '../../src/ingest/csv-dialect.ts';
import { buildTable } from '../../src/ingest/survey-header.ts';
import { normaliseLineEnds } from '../../src/ingest/text.ts';
import { decodeTextBytes } from '../../src/ingest/encoding.ts';
import { fileError, reasonOf } from '../../src/ingest/common.ts';
import { createRandom } from '../../src/pipeline/random.ts';
import type { IngestedSurvey } from '../../src/model/index.ts';

/**
 * The reference: how a CSV was read before streaming, from its whole text (decode all, normalise all, parse all
 * with csv-parse's sync API, start lines from each record's raw text). Kept here to compare the streaming reader with.
 */
function readWhole(name: string, bytes: Uint8Array): IngestedSurvey {
  const { text: decoded, encoding, warning } = decodeTextBytes(bytes);
  const sample = decoded.slice(0, 4096);
  let control = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t') || code === 0xfffd) control++;
  }
  if (sample.includes('\u0000') || (sample.length > 0 && control / sample.length > 0.1)) {
    throw fileError('MALFORMED_FILE', name, 'this does not look like a text CSV file; export the survey again as CSV (UTF-8).');
  }
  let text = normaliseLineEnds(decoded);
  if (text.trim() === '') throw fileError('EMPTY_FILE', name, 'the file is empty.');
  const sep = /^sep=([,;\t|])\n/i.exec(text);
  if (sep) text = `\n${text.slice(sep[0].length)}`;
  const delimiter = sep ? (sep[1] as CsvDelimiter) : detectDelimiter(text);
  let parsed: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    parsed = parse(text, { delimiter, bom: true, info: true, raw: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (err) {
    const open = unclosedQuoteLine(text, delimiter);
    if (open !== null) {
      throw fileError('MALFORMED_FILE', name, `the CSV has a quote (") opened on line ${open} that is never closed; add the closing quote or remove it, then upload the file again.`, err);
    }
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : null;
    throw fileError('MALFORMED_FILE', name, `the CSV could not be read${line ? ` at line ${line}` : ''} (${reasonOf(err)}).`, err);
  }
  const rows = parsed.map(({ record, raw, info }) => {
    const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
    return { line: info.lines - (body.split('\n').length - 1), cells: record };
  });
  const { headers, records } = buildTable(name, rows);
  return { kind: 'survey', name, format: 'csv', sheet: null, headers, records, encoding, ...(warning ? { warnings: [warning] } : {}) };
}

type Outcome = { ok: IngestedSurvey } | { error: { code: string; message: string } };

async function outcome(read: () => IngestedSurvey | Promise<IngestedSurvey>): Promise<Outcome> {
  try {
    return { ok: await read() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { error: { code: err.code, message: err.message } };
  }
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const cp1252 = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ({ '“': 0x93, '”': 0x94, '€': 0x80, 'é': 0xe9 })[ch] ?? ch.charCodeAt(0));
const manyRows = (n: number, eol = '\n'): string => Array.from({ length: n }, (_, i) => `R${i},"answer ${i}${i % 7 === 0 ? `${eol}second line` : ''}",x`).join(eol);

const CASES: [string, Uint8Array][] = [
  ['plain', utf8('id,answer\n1,yes\n2,no\n')],
  ['CRLF with multi-line quoted answers', utf8('id,answer\r\n1,"first\r\nsecond"\r\n2,"a ""quoted"" word"\r\n')],
  ['lone CR line ends', utf8('id;answer\r1;oui\r2;"deux\rlignes"\r')],
  ['title line and blank rows', utf8('Exported 3 May 2024\n\nid,answer\n\n1,yes\n,\n2,no\n')],
  ['sep= line', utf8('sep=;\nid;answer\n1;a, b\n')],
  ['sep= line, CRLF', utf8('SEP=|\r\nid|answer\r\n1|a; b\r\n')],
  ['UTF-8 BOM', utf8('\ufeffid,answer\n1,čaj\n')],
  ['UTF-16 LE with BOM', new Uint8Array([0xff, 0xfe, ...Buffer.from('id\tanswer\r\n1\tčaj\r\n2\t"two\r\nlines"\r\n', 'utf16le')])],
  ['UTF-16 BE with BOM', new Uint8Array([0xfe, 0xff, ...Buffer.from('id,answer\n1,Ünïcode\n', 'utf16le').swap16()])],
  ['UTF-16 LE without a BOM', new Uint8Array(Buffer.from('id,answer\n1,no bus\n2,late trains\n', 'utf16le'))],
  ['windows-1252', cp1252('id,answer\n1,“Ok” €5 café\n')],
  ['windows-1252 after 200 KB of ASCII', cp1252(`id,answer\n${manyRows(6000)}\n9,“late” €\n`)],
  ['multi-byte UTF-8 everywhere', utf8(`id,answer\n${Array.from({ length: 3000 }, (_, i) => `${i},"ž€𝄞 ${i}\n😀"`).join('\n')}\n`)],
  ['delimiter evidence beyond a long first line', utf8(`id;answer;note\n"${'x'.repeat(100_000)}";b;c\n${manyRows(30).replace(/,/g, ';')}\n`)],
  ['more than 20 lines of quoted line breaks', utf8(`id,answer\n${manyRows(400)}\n`)],
  ['many rows, CRLF', utf8(`id,answer,extra\r\n${manyRows(5000, '\r\n')}\r\n`)],
  ['stray quotes', utf8('id,answer\n1,"closed"early\n2,he said "no"\n')],
  ['unclosed quote', utf8('id,answer\n1,fine\n2,"never closed\n3,more\n')],
  ['unclosed quote with escaped quotes inside', utf8('id,answer\n1,ok\n2,"she said ""no"" and ""left""\n3,x\n')],
  ['unclosed quote late in a long file', utf8(`id,answer\n${manyRows(3000)}\n4,"open\n5,x\n`)],
  ['only a header', utf8('id,answer\n')],
  ['white space only', utf8(' \r\n\t\r\n  ')],
  ['a BOM only', new Uint8Array([0xef, 0xbb, 0xbf])],
  ['sep= line then white space', utf8('sep=;\n   \n')],
  ['binary junk', Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) % 256)],
  ['NUL bytes after valid text', utf8(`${'\u0000'.repeat(10)}id,answer\n1,yes\n`)],
  ['ends in CR', utf8('id,answer\r\n1,yes\r')],
];

const PIECE_SIZES = [1, 2, 3, 7, 64, 4096, 65536];

describe('ingest: streaming CSV reader', function () {
  this.timeout(120_000);

  for (const [label, bytes] of CASES) {
    it(`reads "${label}" as the whole-text reader did, in pieces of any size`, async () => {
      const expected = await outcome(() => readWhole('x.csv', bytes));
      // Pieces of a few bytes split every CRLF, quote pair and character somewhere (the small inputs); on large inputs they are only slow.
      for (const size of PIECE_SIZES.filter((n) => n >= 64 || bytes.length < 50_000)) {
        const got = await outcome(() => readCsvFrom('x.csv', bytesSource(bytes, size)));
        expect(got, `pieces of ${size} bytes`).to.deep.equal(expected);
      }
    });
  }

  it('gives the expected records for quoted line breaks (the reference is not trusted blindly)', async () => {
    const doc = await readCsvFrom('x.csv', bytesSource(utf8('id,answer\r\n1,"first\r\nsecond"\r\n\r\n2,"a\n\nb"\r\n3,c\r\n'), 5));
    expect(doc.records).to.deep.equal([
      { line: 2, cells: ['1', 'first\nsecond'] },
      { line: 5, cells: ['2', 'a\n\nb'] },
      { line: 8, cells: ['3', 'c'] },
    ]);
  });

  it('reads random CSVs (quotes, line breaks, delimiters, Unicode) as the whole-text reader did', async () => {
    const r = createRandom(7);
    const alphabet = ['a', 'b', 'é', '€', '𝄞', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', 'word', '"q"'];
    for (let n = 0; n < 150; n++) {
      const delimiter = [',', ';', '\t', '|'][r.int(4)]!;
      const lines: string[] = [];
      const rows = 1 + r.int(30);
      for (let row = 0; row < rows; row++) {
        const cells: string[] = [];
        const width = 1 + r.int(5);
        for (let c = 0; c < width; c++) {
          let cell = '';
          for (let k = r.int(8); k > 0; k--) cell += alphabet[r.int(alphabet.length)];
          cells.push(r.next() < 0.5 ? `"${cell.replace(/"/g, '""')}"` : cell.replace(/["\n\r]/g, ''));
        }
        lines.push(cells.join(delimiter));
      }
      const text = `${r.next() < 0.2 ? `sep=${delimiter}\n` : ''}${lines.join(r.next() < 0.5 ? '\n' : '\r\n')}`;
      const bytes = r.next() < 0.2 ? new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]) : utf8(text);
      const expected = await outcome(() => readWhole('r.csv', bytes));
      const size = 1 + r.int(40);
      expect(await outcome(() => readCsvFrom('r.csv', bytesSource(bytes, size))), `case ${n}: ${JSON.stringify(text)} in pieces of ${size}`).to.deep.equal(expected);
    }
  });

  describe('from a file on disk', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-ingest-stream-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('fileSource and ingestPath read a CSV as ingestFile reads its bytes', async () => {
      const bytes = CASES.find(([label]) => label === 'many rows, CRLF')![1];
      const file = path.join(dir, 'upload-1');
      await writeFile(file, bytes);
      const expected = await ingestFile('survey.csv', bytes);
      expect(await readCsvFrom('survey.csv', fileSource(file))).to.deep.equal(expected);
      expect(await ingestPath('survey.csv', file)).to.deep.equal(expected);
      expect((expected as IngestedSurvey).records.length).to.equal(5000);
    });

    it('ingestPath reads other formats from the file and refuses what ingestFile refuses, with the same message', async () => {
      const notes = utf8('# Breakout A\n\n- Costs are too high.\n');
      await writeFile(path.join(dir, 'notes'), notes);
      expect(await ingestPath('notes.md', path.join(dir, 'notes'))).to.deep.equal(await ingestFile('notes.md', notes));
      await writeFile(path.join(dir, 'empty'), new Uint8Array());
      const refused = await ingestPath('zero.csv', path.join(dir, 'empty')).then(() => null, (e: AppError) => [e.code, e.message]);
      expect(refused).to.deep.equal(['EMPTY_FILE', 'zero.csv: the file is empty (0 bytes).']);
      await writeFile(path.join(dir, 'doc'), notes);
      const unsupported = await ingestPath('minutes.doc', path.join(dir, 'doc')).then(() => null, (e: AppError) => e.code);
      expect(unsupported).to.equal('UNSUPPORTED_FORMAT');
    });
  });
});
