// No data lost: serialised concurrent writes, a SIGKILL crash test, backup and restore, a failed analysis keeps the last synthesis.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { AppError } from '../../src/errors.ts';
import { JobQueue, type AnalysisRunner } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { formClient, keptInlineRunner, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, ROOT, waitForJob, type TestApp } from '../web/helpers.ts';

/** A supertest parser keeping a binary answer as a Buffer. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Acknowledged writes before the kill timer starts: every run kills during writes however slow the machine is. */
const ACKS_BEFORE_KILL = 4;

/** Run the crash writer, let it write for `ms` after its first ACKS_BEFORE_KILL acknowledgements, kill it with SIGKILL; the keys it acknowledged. */
function writeThenKill(dir: string, run: number, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/security/crash-writer.ts'), dir, String(run)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && (out.match(/^ack /gm) ?? []).length >= ACKS_BEFORE_KILL) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer stopped by itself (code ${code}): ${err}`));
      else resolve([...out.matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!));
    });
  });
}

describe('data safety: crash test', function () {
  this.timeout(60_000);

  it('after 6 SIGKILLs at random moments the store loads and holds every acknowledged write', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-crash-'));
    // Seeded so a failure can be replayed: the kill delays are 0-250 ms after the writer's first acknowledged writes.
    let seed = 20260423;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const acked: string[] = [];
    for (let run = 0; run < 6; run++) {
      acked.push(...(await writeThenKill(dir, run, Math.floor(random() * 250))));
      const data = await new LowdbStore(dir).get('crash');
      expect(data, `run ${run}: the consultation loads`).to.not.equal(null);
      const present = new Set([...data!.documents.map((d) => d.id.slice(1)), ...data!.edits.map((e) => e.id.slice(1))]);
      const missing = acked.filter((k) => !present.has(k));
      expect(missing, `run ${run}: acknowledged writes missing`).to.deep.equal([]);
    }
    expect(acked.length, 'writes were acknowledged').to.be.at.least(6 * ACKS_BEFORE_KILL);
    expect((await readdir(path.join(dir, 'consultations'))).filter((f) => f.endsWith('.tmp')).length, 'a restart clears temporary files').to.be.at.most(1);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('data safety: concurrent writes from several tabs', function () {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Concurrent' }).expect(201)).body.id;
  });
  after(async () => t.close());

  it('12 simultaneous uploads all land, each with its own id', async () => {
    const uploads = Array.from({ length: 12 }, (_, i) =>
      request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(`${i % 2 ? NOTES_WORKSHOP : NOTES_BREAKOUT}\nExtra line ${i}.\n`), `tab-${i}.md`),
    );
    const results = await Promise.all(uploads);
    expect(results.map((r) => r.status)).to.deep.equal(Array(12).fill(201));
    const docs = (await t.service.getConsultation(id)).documents;
    expect(docs.map((d) => d.name).sort()).to.deep.equal(Array.from({ length: 12 }, (_, i) => `tab-${i}.md`).sort());
    expect(new Set(docs.map((d) => d.id)).size).to.equal(12);
  });

  it('simultaneous theme edits are all kept, in the history too', async () => {
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({}).expect(202)).body.jobId;
    expect((await waitForJob(t.app, job)).state).to.equal('done');
    const synthesis = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    const themes = synthesis.scopes.flatMap((s: { themes: { id: string; isOther: boolean }[] }) => s.themes).filter((x: { isOther: boolean }) => !x.isOther).slice(0, 4);
    expect(themes.length).to.equal(4);
    const edits = themes.flatMap((th: { id: string }, i: number) => [0, 1].map((j) => request(t.app).patch(`/api/consultations/${id}/themes/${th.id}`).send({ label: `Tab ${j} theme ${i}` })));
    const results = await Promise.all(edits);
    expect(results.map((r) => r.status)).to.deep.equal(Array(8).fill(200));
    const data = await t.service.getConsultation(id);
    expect(data.edits.map((e) => (e.type === 'rename' ? e.label : '')).sort()).to.deep.equal(
      [0, 1, 2, 3].flatMap((i) => [`Tab 0 theme ${i}`, `Tab 1 theme ${i}`]).sort(),
    );
    expect(data.history.filter((h) => h.what.startsWith('renamed theme')).length).to.equal(8);
  });
});

describe('data safety: backup and restore', function () {
  this.timeout(120_000);
  let t: TestApp;
  let other: TestApp;
  let id: string;

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    other = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Valley workshops', description: 'Spring' }).expect(201)).body.id;
    await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout.txt').expect(201);
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 7 }).expect(202)).body.jobId;
    await waitForJob(t.app, job);
    const s = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    const theme = s.scopes.flatMap((x: { themes: { id: string; isOther: boolean }[] }) => x.themes).find((x: { isOther: boolean }) => !x.isOther);
    await request(t.app).patch(`/api/consultations/${id}/themes/${theme.id}`).send({ label: 'Renamed before the backup', author: 'Dana' }).expect(200);
  });
  after(async () => {
    await t.close();
    await other.close();
  });

  it('exports one archive and imports it elsewhere with the identical synthesis, edits and exports', async () => {
    const backup = await request(t.app).get(`/api/consultations/${id}/backup`).buffer(true).parse(binary).expect(200);
    expect(backup.headers['content-type']).to.equal('application/zip');
    expect(backup.headers['content-disposition']).to.equal('attachment; filename="valley-workshops-backup.harvest.zip"');
    const restored = await request(other.app).post('/api/consultations/import').attach('files', Buffer.from('x'), 'x.txt').expect(400);
    expect(restored.body.error.message).to.equal('Upload the file in the field "file" (got "files").');
    const imported = await request(other.app).post('/api/consultations/import').attach('file', backup.body as Buffer, 'valley.harvest.zip').expect(201);
    // Always under a new id: a backup never takes over an id (nor the share links once made for it).
    const copy = imported.body.id as string;
    expect(copy).to.match(/^c[0-9a-f]{10}$/).and.not.equal(id);
    const [a, b] = await Promise.all([request(t.app).get(`/api/consultations/${id}/synthesis`), request(other.app).get(`/api/consultations/${copy}/synthesis`)]);
    expect(b.body).to.deep.equal(a.body);
    expect(JSON.stringify(b.body)).to.contain('Renamed before the backup');
    const [ma, mb] = await Promise.all([request(t.app).get(`/api/consultations/${id}/export/md`), request(other.app).get(`/api/consultations/${copy}/export/md`)]);
    expect(mb.text).to.equal(ma.text);
    const edits = (await request(other.app).get(`/api/consultations/${copy}/edits`).expect(200)).body;
    expect(edits.edits.map((e: { author: string }) => e.author)).to.deep.equal(['Dana']);
    expect(edits.history.at(-1).what).to.equal('restored from the backup valley.harvest.zip');
    // Importing again gives another new id.
    const again = await request(other.app).post('/api/consultations/import').attach('file', backup.body as Buffer, 'valley.harvest.zip').expect(201);
    expect(again.body.id).to.match(/^c[0-9a-f]{10}$/).and.not.equal(copy);
  });

  it('the pages offer the backup and restore it from the home page form (with its CSRF token)', async () => {
    const page = await request(t.app).get(`/consultations/${id}`).expect(200);
    expect(page.text).to.contain(`<a href="/consultations/${id}/backup" download>Download a backup</a>`);
    const redirect = await request(t.app).get(`/consultations/${id}/backup`).expect(303);
    expect(redirect.headers.location).to.equal(`/api/consultations/${id}/backup`);
    const archive = (await request(t.app).get(redirect.headers.location).buffer(true).parse(binary).expect(200)).body as Buffer;
    const c = await formClient(other.app, '/');
    await c.agent.post('/consultations/import').attach('file', archive, 'valley.harvest.zip').expect(403);
    const res = await c.post('/consultations/import').attach('file', archive, 'valley.harvest.zip').expect(303);
    expect(res.headers.location).to.match(/^\/consultations\/c[0-9a-f]{10}\?notice=restored$/);
    const restored = await c.agent.get(res.headers.location).expect(200);
    expect(restored.text).to.contain('The consultation was restored from the backup, with its analysis and edits.');
    expect(restored.text).to.contain('restored from the backup valley.harvest.zip');
  });

  it('refuses an archive that is not a Harvest backup, naming why', async () => {
    const res = await request(other.app).post('/api/consultations/import').attach('file', Buffer.from('hello'), 'notes.zip').expect(400);
    expect(res.body.error.message).to.equal('notes.zip is not a Harvest backup: it is not a zip archive.');
  });
});

describe('data safety: a failed analysis', function () {
  this.timeout(120_000);

  it('marks the job failed with its reason, keeps the earlier synthesis and keeps serving', async () => {
    let calls = 0;
    const flaky: AnalysisRunner = async (input, onProgress) => {
      calls++;
      if (calls === 2) throw new AppError('INTERNAL', 'the clustering ran out of memory');
      return keptInlineRunner(input, onProgress);
    };
    const t = await makeApp(undefined, { jobs: new JobQueue(flaky) });
    const id = (await request(t.app).post('/api/consultations').send({ name: 'Flaky' }).expect(201)).body.id;
    await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    const first = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({}).expect(202)).body.jobId;
    // Its error said when it fails (it failed once under load, unexplained: docs/performance.md).
    const firstDone = await waitForJob(t.app, first);
    expect(firstDone.state, `first analysis ${firstDone.state} after ${calls} runner call(s): ${JSON.stringify(firstDone.error)}`).to.equal('done');
    const before = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    const second = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 9 }).expect(202)).body.jobId;
    const result = await waitForJob(t.app, second);
    expect([result.state, result.error]).to.deep.equal(['failed', { code: 'INTERNAL', message: 'the clustering ran out of memory' }]);
    const after = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    expect(after).to.deep.equal(before);
    const page = await request(t.app).get(`/consultations/${id}`).expect(200);
    expect(page.text).to.contain('the clustering ran out of memory');
    await request(t.app).get(`/consultations/${id}/report`).expect(200);
    await t.close();
  });
});
