// The analysis job queue: states, progress, failures and the concurrency limit, with stand-in runners; then the
// jobs over HTTP on each store (in this process for lowdb, queued in the database for PostgreSQL).
import { expect } from 'chai';
import request from 'supertest';
import { AppError } from '../../src/errors.ts';
import { JobQueue, type AnalysisRunner, type WorkerInput } from '../../src/services/jobs.ts';
import type { Analysis } from '../../src/pipeline/index.ts';
import { describeEachStore, keptInlineRunner, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, waitForJob, type TestApp } from './helpers.ts';
import { patient } from '../patience.ts';

const input = {} as WorkerInput;
const analysis = { synthesis: {}, documents: [] } as unknown as Analysis;

describe('job queue', () => {
  it('reports progress, then done after the result is saved', async () => {
    const runner: AnalysisRunner = async (_in, onProgress) => {
      onProgress('annotate', 0.5);
      onProgress('annotate', 0.4); // progress never goes back
      return analysis;
    };
    const queue = new JobQueue(runner, 1);
    const saved: Analysis[] = [];
    const job = queue.submit('c1', async () => input, async (a) => void saved.push(a));
    expect(job.state).to.equal('running');
    await queue.idle();
    expect(job).to.include({ state: 'done', progress: 1, stage: 'done' });
    expect(saved).to.deep.equal([analysis]);
  });

  const failures: [string, AnalysisRunner, { code: string; message: string }][] = [
    ['an AppError', async () => { throw new AppError('VERIFICATION_FAILED', 'quote q1 differs'); }, { code: 'VERIFICATION_FAILED', message: 'quote q1 differs' }],
    ['anything else', async () => { throw new TypeError('x is undefined'); }, { code: 'INTERNAL', message: 'x is undefined' }],
  ];
  for (const [what, runner, error] of failures) {
    it(`fails the job with its code and message when the runner throws ${what}`, async () => {
      const queue = new JobQueue(runner, 1);
      const job = queue.submit('c1', async () => input, async () => {});
      await queue.idle();
      expect(job.state).to.equal('failed');
      expect(job.error).to.deep.equal(error);
      expect(queue.active('c1')).to.equal(undefined);
      expect(queue.latest('c1')).to.equal(job);
    });
  }

  it('runs at most `concurrency` jobs; the others wait as queued', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const queue = new JobQueue(async () => { await gate; return analysis; }, 1);
    const first = queue.submit('a', async () => input, async () => {});
    const second = queue.submit('b', async () => input, async () => {});
    await new Promise((r) => setTimeout(r, 10));
    expect([first.state, second.state]).to.deep.equal(['running', 'queued']);
    expect(queue.active('b')).to.equal(second);
    release();
    await queue.idle();
    expect([first.state, second.state]).to.deep.equal(['done', 'done']);
  });
});

describeEachStore('web: analysis jobs', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  // The runner reports progress, then waits for `gate`, then fails with `fail` or runs the real engine.
  let gate: Promise<void> = Promise.resolve();
  let fail: AppError | null = null;
  const runner: AnalysisRunner = async (input, onProgress) => {
    onProgress('annotate', 0.5);
    await gate;
    if (fail) throw fail;
    return keptInlineRunner(input, onProgress);
  };
  const job = async (jobId: string) => (await request(t.app).get(`/api/jobs/${jobId}`).expect(200)).body as { state: string; progress: number; stage: string };

  before(async () => {
    t = await makeApp(undefined, { backend, runner });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Jobs' }).expect(201)).body.id;
    await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout.txt').expect(201);
  });
  after(async () => {
    await t?.close();
  });

  it('reports progress while running, joins a second request to the running job, then is done with the synthesis saved', async () => {
    let release: () => void = () => {};
    gate = new Promise<void>((r) => (release = r));
    const first = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 4 }).expect(202)).body.jobId as string;
    const start = Date.now();
    let seen = await job(first);
    while (!(seen.state === 'running' && seen.progress > 0)) {
      if (Date.now() - start > patient(60_000)) throw new Error(`the job never reported progress: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 50));
      seen = await job(first);
    }
    expect(seen).to.include({ state: 'running', stage: 'annotate' });
    expect(seen.progress).to.be.closeTo(0.5 * 0.97, 1e-6);
    const second = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 4 }).expect(202)).body.jobId;
    expect(second, 'a second request joins the running job').to.equal(first);
    release();
    const done = await waitForJob(t.app, first);
    expect(done.state).to.equal('done');
    expect(done.progress.at(-1)).to.equal(1);
    const s = await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200);
    expect(s.body.segments.length).to.be.greaterThan(5);
  });

  it('a failed analysis is marked failed with its reason; the earlier synthesis stays available', async () => {
    const before = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    fail = new AppError('VERIFICATION_FAILED', 'quote q1 differs from its segment');
    try {
      const jobId = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 8 }).expect(202)).body.jobId;
      const end = await waitForJob(t.app, jobId);
      expect(end.state).to.equal('failed');
      expect(end.error).to.deep.equal({ code: 'VERIFICATION_FAILED', message: 'quote q1 differs from its segment' });
    } finally {
      fail = null;
    }
    expect((await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body).to.deep.equal(before);
    expect((await request(t.app).get(`/api/consultations/${id}`).expect(200)).body.analysis.seed).to.equal(4);
  });
});
