// Small hostile files cannot freeze the server (issue 13, Medium 4): readers bound nesting and expansion, and each file is read in a worker with a time and memory limit.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { loadResources } from '../../src/corpus.ts';
import { AppError } from '../../src/errors.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../../src/ingest/limits.ts';
import { ReaderPool } from '../../src/ingest/read-pool.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createApp } from '../../src/web/app.ts';
import { FileAccountStore } from '../../src/auth/file-accounts.ts';
import { keptInlineRunner, ROOT } from '../web/helpers.ts';
import { bigStreamPdf, nestedHtml, refusal } from './hostile-files.ts';

const MB = 1024 * 1024;
const fixture = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(path.join(ROOT, 'test/fixtures/ingest', name)));

describe('security: readers bound nesting and expansion', function () {
  this.timeout(30_000);

  it('refuses 100,000 nested <div>s at once, without parsing them (the old reader froze for 90 s)', async () => {
    const t0 = performance.now();
    const err = await refusal(ingestFile('nested.html', nestedHtml(100_000)));
    process.stdout.write(`      (refused in ${(performance.now() - t0).toFixed(0)} ms)\n`);
    expect([err.code, err.message]).to.deep.equal(['MALFORMED_FILE', 'nested.html: the file was refused because its elements nest more than 500 levels deep, which no real document needs.']);
    // Real pages are untouched, and elements that cannot stack (paragraphs, list items, void elements) do not count.
    const flat = `<ul>${'<li>point<br><img src=x.png>'.repeat(5000)}</ul>${'<p>para'.repeat(5000)}`;
    expect((await ingestFile('flat.html', new TextEncoder().encode(flat))).kind).to.equal('notes');
    expect((await ingestFile('plenary.html', await fixture('plenary.html'))).kind).to.equal('notes');
  });

  it('refuses a PDF whose compressed stream unpacks past the limit, before pdfjs reads it', async () => {
    const pdf = bigStreamPdf(8);
    expect(pdf.length).to.be.below(64 * 1024);
    const err = await refusal(ingestFile('stream.pdf', pdf, { limits: { unzippedBytes: 2 * MB } }));
    expect([err.code, err.message]).to.deep.equal([
      'TOO_LARGE',
      'stream.pdf: the file was refused because it holds more than 2 MB of compressed content once unpacked; split it into smaller files and upload them.',
    ]);
    // Under the limit the same kind of file is read.
    expect(await ingestFile('small.pdf', bigStreamPdf(1))).to.deep.include({ text: 'The clinic is too far away.' });
  });

  it('bounds PDF pages, text and survey cells', async () => {
    expect((await refusal(ingestFile('pages.pdf', await fixture('youth-consultation.pdf'), { limits: { pdfPages: 1 } }))).message).to.equal(
      'pages.pdf: the file was refused because it holds more than 1 page; split it into smaller files and upload them.',
    );
    expect((await refusal(ingestFile('long.txt', new TextEncoder().encode('word '.repeat(400)), { limits: { textChars: 1000 } }))).message).to.contain('more than 1,000 characters of text');
    const csv = `id,answer\n${Array.from({ length: 200 }, (_, i) => `${i},The bus is late`).join('\n')}\n`;
    expect((await refusal(ingestFile('wide.csv', new TextEncoder().encode(csv), { limits: { cells: 100 } }))).message).to.equal(
      'wide.csv: the file was refused because it holds more than 100 cells; split it into smaller files and upload them.',
    );
    expect((await refusal(ingestFile('wide.xlsx', await fixture('survey-long.xlsx'), { limits: { cells: 5 } }))).code).to.equal('TOO_LARGE');
  });
});

describe('security: each upload is read in a worker with a time and a memory limit', function () {
  this.timeout(60_000);
  const limits: ReaderLimits = DEFAULT_READER_LIMITS;

  it('a reader that never ends is stopped at the time limit and its file reported', async () => {
    const pool = new ReaderPool({ timeMs: 1000, memoryMb: 128, workerUrl: new URL('./workers/never-ending-reader.js', import.meta.url) });
    try {
      const err = await refusal(pool.read('stalls.html', { bytes: nestedHtml(10) }, limits));
      expect([err.code, err.file, err.message]).to.deep.equal([
        'UNREADABLE_FILE',
        'stalls.html',
        'stalls.html: the file took longer than 1 s to read, so reading it was stopped; it may be damaged or built to stall readers. Save it again or split it, and upload it again.',
      ]);
      expect(pool.workerCount(), 'the stalled worker was ended').to.equal(0);
    } finally {
      await pool.close();
    }
  });

  it('a reader that needs more memory than its limit is stopped and its file reported', async () => {
    const pool = new ReaderPool({ timeMs: 60_000, memoryMb: 64, workerUrl: new URL('./workers/greedy-reader.js', import.meta.url) });
    try {
      const err = await refusal(pool.read('greedy.xlsx', { bytes: new Uint8Array(10) }, limits));
      expect([err.code, err.message]).to.deep.equal([
        'TOO_LARGE',
        'greedy.xlsx: the file needed more than 64 MB of memory to read, so reading it was stopped; split it into smaller files or save it in a simpler format.',
      ]);
      expect(pool.workerCount()).to.equal(0);
    } finally {
      await pool.close();
    }
  });

  it('the real reader worker reads files as ingestFile does, and refuses what it refuses', async () => {
    const pool = new ReaderPool({ timeMs: 60_000, memoryMb: 512 });
    try {
      const docx = await fixture('breakout-b.docx');
      expect(await pool.read('breakout-b.docx', { bytes: docx }, limits)).to.deep.equal(await ingestFile('breakout-b.docx', docx));
      expect((await refusal(pool.read('nested.html', { bytes: nestedHtml(100_000) }, limits))).code).to.equal('MALFORMED_FILE');
      expect(pool.workerCount(), 'a refused file does not cost its worker').to.equal(1);
    } finally {
      await pool.close();
    }
  });
});

describe('security: the app keeps answering while a hostile upload is read (web)', function () {
  this.timeout(120_000);

  it('answers GET /api/consultations while the hostile file is read; the hostile files get their errors, the good file is kept', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-read-'));
    // Nesting allowed very deep here, so the nested page is really parsed (for seconds) and stopped at the 1 s limit.
    class WatchedPool extends ReaderPool {
      readStarted: number | null = null;
      override read(...args: Parameters<ReaderPool['read']>): ReturnType<ReaderPool['read']> {
        if (args[0] === 'nested.html') this.readStarted = performance.now();
        return super.read(...args);
      }
    }
    const readers = new WatchedPool({ timeMs: 1000, memoryMb: 512 });
    const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue(keptInlineRunner), {
      limits: { unzippedBytes: 2 * MB },
      reading: { nesting: 1_000_000 },
      readers,
      uploadDir: path.join(dir, 'uploads'),
    });
    const accounts = new FileAccountStore(dir);
    const app = createApp({ service, accounts, sessionSecret: await accounts.sessionSecret(null), log: () => undefined });
    try {
      const id = (await request(app).post('/api/consultations').send({ name: 'Hostile upload' }).expect(201)).body.id;
      let uploadDone: number | null = null;
      const upload = request(app)
        .post(`/api/consultations/${id}/documents`)
        .attach('files', Buffer.from('# Notes\n- The clinic is too far away.\n'), 'good.md')
        .attach('files', Buffer.from(nestedHtml(30_000)), 'nested.html')
        .attach('files', Buffer.from(bigStreamPdf(8)), 'stream.pdf')
        .then((res) => {
          uploadDone = performance.now();
          return res;
        });
      const answered: { at: number; ms: number }[] = [];
      while (uploadDone === null) {
        const t0 = performance.now();
        await request(app).get('/api/consultations').expect(200);
        answered.push({ at: performance.now(), ms: performance.now() - t0 });
        await new Promise((r) => setTimeout(r, 20));
      }
      const res = await upload;
      const during = answered.filter((a) => readers.readStarted !== null && a.at > readers.readStarted && a.at < uploadDone!);
      process.stdout.write(`      (${during.length} requests answered while the file was read; slowest ${Math.max(...during.map((a) => a.ms), 0).toFixed(0)} ms)\n`);
      expect(during.length, 'requests answered while the hostile file was read').to.be.at.least(1);
      expect(res.status).to.equal(201);
      expect(res.body.documents.map((d: { name: string }) => d.name)).to.deep.equal(['good.md']);
      expect(res.body.errors).to.have.length(2);
      // The PDF's unpacked size passes the 2 MB limit; on a busy machine the 1 s time limit may stop it first. Either
      // way it is refused with its name and a reason, never stored.
      const pdfError = res.body.errors[1];
      expect(pdfError.file).to.equal('stream.pdf');
      expect(pdfError.message).to.match(/^stream\.pdf: the file (was refused because it holds more than 2 MB of compressed content once unpacked|took longer than 1 s to read)/);
      expect(['TOO_LARGE', 'UNREADABLE_FILE']).to.include(pdfError.code);
      expect(res.body.errors.slice(0, 1)).to.deep.equal([
        {
          file: 'nested.html',
          code: 'UNREADABLE_FILE',
          message: 'nested.html: the file took longer than 1 s to read, so reading it was stopped; it may be damaged or built to stall readers. Save it again or split it, and upload it again.',
        },
      ]);
    } finally {
      await readers.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
