// Uploads stream to temporary files in the data folder (never buffered whole in memory), which are removed whatever the answer.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { loadResources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { keptInlineRunner } from './helpers.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createApp } from '../../src/web/app.ts';
import type { UploadLimits } from '../../src/config.ts';
import { patient } from '../patience.ts';

const MB = 1024 * 1024;

/** V8's full garbage collection (exposed at run time when the process was not started with --expose-gc). */
function collector(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface Server {
  url: string;
  dir: string;
  uploads: string;
  service: HarvestService;
  logs: string[];
  close(): Promise<void>;
}

/** The app over a fresh data folder, listening on a free port (a real socket: bodies are streamed as a browser sends them). */
async function serve(limits?: Partial<UploadLimits>): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-upload-'));
  const uploads = path.join(dir, 'uploads');
  const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue(keptInlineRunner), { limits, uploadDir: uploads });
  const logs: string[] = [];
  const server = createApp({ service, limits, log: (m) => logs.push(m) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dir,
    uploads,
    service,
    logs,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The client, run in its own process so the test process holds only the server (whose memory is measured), and
 * so a connection the server closes early cannot disturb the test. POSTs one file as multipart/form-data, streamed
 * from disk; without a length the body is sent in chunks; `abortAfter` bytes cut the connection. Prints
 * {status, body}, with status 0 when no answer came.
 */
const CLIENT = `
import { createReadStream, statSync } from 'node:fs';
const o = JSON.parse(process.argv[1]);
const boundary = '----harvest' + Math.random().toString(16).slice(2);
const head = Buffer.from('--' + boundary + '\\r\\nContent-Disposition: form-data; name="' + o.field + '"; filename="' + o.name + '"\\r\\nContent-Type: text/csv\\r\\n\\r\\n');
const tail = Buffer.from('\\r\\n--' + boundary + '--\\r\\n');
const headers = { 'content-type': 'multipart/form-data; boundary=' + boundary };
if (o.length) headers['content-length'] = head.length + statSync(o.file).size + tail.length;
let done = false;
const finish = (status, body) => { if (!done) { done = true; process.stdout.write(JSON.stringify({ status, body })); process.exit(0); } };
const req = http.request(o.url, { method: 'POST', headers }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c) => (body += c));
  res.on('end', () => finish(res.statusCode, body));
  res.on('error', () => finish(res.statusCode, body));
});
req.on('error', (err) => setTimeout(() => finish(0, String(err.code)), 200));
req.write(head);
const source = createReadStream(o.file, { highWaterMark: 65536 });
let sent = 0;
source.on('data', (chunk) => {
  sent += chunk.length;
  if (o.abortAfter && sent >= o.abortAfter) { source.destroy(); req.destroy(); setTimeout(() => finish(0, 'aborted'), 100); }
});
source.on('error', () => undefined);
source.pipe(req, { end: false });
source.on('end', () => req.end(tail));
`;

function postFile(url: string, options: { field?: string; name: string; file: string; length?: boolean; abortAfter?: number }): Promise<{ status: number; body: string }> {
  const spec = JSON.stringify({ url, field: options.field ?? 'files', name: options.name, file: options.file, length: options.length !== false, abortAfter: options.abortAfter ?? 0 });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', CLIENT, spec], { maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as { status: number; body: string });
    });
  });
}

/** A sparse survey export of about `mb` MB: an answer, then 2,000 empty lines (as some tools pad exports), over and over. */
async function writeSparseCsv(file: string, mb: number): Promise<{ size: number; answers: number }> {
  const out = createWriteStream(file);
  const padding = '\r\n'.repeat(2000);
  let size = 0;
  let answers = 0;
  const write = async (text: string): Promise<void> => {
    size += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('respondent_id,country,What should change first?\r\n');
  while (size < mb * MB) {
    answers++;
    await write(`R${answers},Kosovo,"Cheaper data plans, answer ${answers}; and ""free"" courses"\r\n${padding}`);
  }
  out.end();
  await once(out, 'close');
  return { size, answers };
}

/** Wait until the uploads folder holds no file (removal is asynchronous); the files still there after `ms` (generous: a busy machine only makes it wait longer, an empty folder returns at once). */
async function uploadsLeft(dir: string, ms = patient(30_000)): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.length === 0 || Date.now() > until) return names;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('web: uploads stream to disk', function () {
  this.timeout(180_000);
  let work: string;

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'harvest-upload-files-'));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('reads a 48 MB CSV upload without holding it in memory, and removes its temporary file', async () => {
    const file = path.join(work, 'sparse-export.csv');
    const { size, answers } = await writeSparseCsv(file, 48);
    const s = await serve();
    try {
      const id = (await s.service.createConsultation({ name: 'Big export' }, OPEN_MODE)).id;
      // A small upload first, so modules and buffers used by every upload are in place before measuring.
      const small = path.join(work, 'small.csv');
      await writeFile(small, 'id,answer\r\n1,yes\r\n2,no\r\n');
      expect((await postFile(`${s.url}/api/consultations/${id}/documents`, { name: 'small.csv', file: small })).status).to.equal(201);
      // Memory still in use, not garbage waiting for a collection: each sample follows a full collection, and another
      // once V8 has swept the dead buffers (it frees their memory in the background, after the collection).
      const gc = collector();
      const settle = async (): Promise<NodeJS.MemoryUsage> => {
        gc();
        await new Promise((r) => setTimeout(r, 20));
        gc();
        return process.memoryUsage();
      };
      const base = await settle();
      const peak = { rss: base.rss, offHeap: base.external + base.arrayBuffers, heap: base.heapUsed };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const started = Date.now();
          const m = await settle();
          peak.rss = Math.max(peak.rss, m.rss);
          peak.offHeap = Math.max(peak.offHeap, m.external + m.arrayBuffers);
          peak.heap = Math.max(peak.heap, m.heapUsed);
          // The full collections stop this thread, the server's: in a process whose heap earlier tests filled they take
          // long, so the pause between samples grows with them (at most a fifth of the time collecting), or the upload
          // would mostly wait for the sampler. A buffered file would be held for the whole upload: samples still see it.
          await new Promise((r) => setTimeout(r, Math.max(100, 4 * (Date.now() - started))));
        }
      })();
      let answer: { status: number; body: string };
      try {
        answer = await postFile(`${s.url}/api/consultations/${id}/documents`, { name: 'sparse-export.csv', file });
      } finally {
        sampling = false;
        await sampler;
      }
      expect(answer.status, answer.body.slice(0, 300)).to.equal(201);
      const doc = (JSON.parse(answer.body) as { documents: { name: string; size: number; survey: { records: number } }[] }).documents[0]!;
      expect([doc.name, doc.size, doc.survey.records]).to.deep.equal(['sparse-export.csv', size, answers]);
      const grew = { rssMb: (peak.rss - base.rss) / MB, offHeapMb: (peak.offHeap - base.external - base.arrayBuffers) / MB, heapMb: (peak.heap - base.heapUsed) / MB };
      // Buffered in memory (multer's memoryStorage), the file alone would add 48 MB outside the heap, and its decoded
      // text as much again in it; streamed, only the pieces in flight and the few records read are held.
      expect(grew.offHeapMb, JSON.stringify(grew)).to.be.below(size / MB / 4);
      expect(grew.heapMb, JSON.stringify(grew)).to.be.below(size / MB / 4);
      expect(grew.rssMb, JSON.stringify(grew)).to.be.below(size / MB / 2);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);
    } finally {
      await s.close();
    }
  });

  it('removes the temporary files of refused uploads: too large a file, too large a request, unreadable, no CSRF token, aborted', async () => {
    const s = await serve({ fileBytes: 1 * MB, requestBytes: 3 * MB });
    try {
      const id = (await s.service.createConsultation({ name: 'Limits' }, OPEN_MODE)).id;
      const api = `${s.url}/api/consultations/${id}/documents`;
      const two = path.join(work, 'two-mb.csv');
      await writeSparseCsv(two, 2);
      const four = path.join(work, 'four-mb.csv');
      await writeSparseCsv(four, 4);
      const junk = path.join(work, 'junk.csv');
      await writeFile(junk, randomBytes(64 * 1024));

      const tooBigFile = await postFile(api, { name: 'two-mb.csv', file: two });
      expect([tooBigFile.status, JSON.parse(tooBigFile.body).error.code]).to.deep.equal([413, 'TOO_LARGE']);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);

      // Sent in chunks, the request is counted as it arrives and cut at 3 MB (the connection closes: no answer may come).
      const chunked = await postFile(api, { name: 'four-mb.csv', file: four, length: false });
      expect([0, 413]).to.include(chunked.status);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);

      const unreadable = await postFile(api, { name: 'junk.csv', file: junk });
      expect([unreadable.status, JSON.parse(unreadable.body).errors[0].code]).to.deep.equal([422, 'MALFORMED_FILE']);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);

      // A page form without its CSRF token is refused after the file was stored.
      const noToken = await postFile(`${s.url}/consultations/${id}/documents`, { name: 'two-mb.csv', file: junk });
      expect(noToken.status).to.equal(403);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);

      const aborted = await postFile(api, { name: 'two-mb.csv', file: two, abortAfter: 512 * 1024 });
      expect(aborted.status).to.equal(0);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);

      // After all that, an upload within the limits works and leaves nothing behind either.
      const ok = path.join(work, 'ok.csv');
      const { answers } = await writeSparseCsv(ok, 0.5);
      const good = await postFile(api, { name: 'ok.csv', file: ok });
      expect([good.status, JSON.parse(good.body).documents[0].survey.records]).to.deep.equal([201, answers]);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);
      expect(s.logs).to.deep.equal([]);
    } finally {
      await s.close();
    }
  });

  it('restores a backup archive uploaded through a temporary file', async () => {
    const s = await serve();
    try {
      const id = (await s.service.createConsultation({ name: 'Archive me' }, OPEN_MODE)).id;
      const backup = await s.service.exportBackup(id);
      const file = path.join(work, 'archive.harvest.zip');
      await writeFile(file, backup.bytes);
      await s.service.deleteConsultation(id);
      const restored = await postFile(`${s.url}/api/consultations/import`, { field: 'file', name: 'archive.harvest.zip', file });
      expect([restored.status, JSON.parse(restored.body).consultation.name]).to.deep.equal([201, 'Archive me']);
      expect(await uploadsLeft(s.uploads)).to.deep.equal([]);
    } finally {
      await s.close();
    }
  });

  it('removes upload files a crash left behind (older than an hour) when the app starts, and nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-upload-stale-'));
    const uploads = path.join(dir, 'uploads');
    await mkdir(uploads);
    const stale = `${randomBytes(16).toString('hex')}.upload`;
    const fresh = `${randomBytes(16).toString('hex')}.upload`;
    await writeFile(path.join(uploads, stale), 'left by a crash');
    await writeFile(path.join(uploads, fresh), 'an upload in progress in another process');
    await writeFile(path.join(uploads, 'notes.txt'), 'not ours');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(path.join(uploads, stale), old, old);
    const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue(keptInlineRunner), { uploadDir: uploads });
    createApp({ service });
    expect((await readdir(uploads)).sort()).to.deep.equal([fresh, 'notes.txt'].sort());
    expect((await stat(path.join(uploads, fresh))).size).to.be.above(0);
    await rm(dir, { recursive: true, force: true });
  });
});
