// Analysis jobs queued in PostgreSQL: a worker process killed in the middle of a job, and another process finishing it.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { inlineRunner, JobQueue, type AnalysisRunner } from '../../src/services/jobs.ts';
import { PgJobQueue } from '../../src/services/pg-jobs.ts';
import { NOTES_BREAKOUT, NOTES_WORKSHOP } from '../web/helpers.ts';
import { openPgBackend, PG_UNAVAILABLE, skipUnavailable } from './backends.ts';
import { patient } from '../patience.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LEASE_MS = 800;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = patient(60_000)): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('analysis jobs queued in PostgreSQL', function () {
  this.timeout(120_000);
  before(function () {
    skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'database job queue');
  });

  it('a worker killed mid-job loses it to another process once its lease runs out; no job is lost', async () => {
    const pgb = await openPgBackend();
    let child: ChildProcess | null = null;
    // The survivor's own lease is long: it runs the job in its event loop (the inline runner), which renews no lease while
    // it analyses, and a lapsed lease would let it take its own job again on a busy machine (a second attempt and save).
    const survivor = new PgJobQueue(pgb.store, { workerId: 'survivor', leaseMs: 60_000, pollMs: 100 });
    try {
      const service = new HarvestService(pgb.store, await loadResources(), new JobQueue(), { dbJobs: survivor, runner: inlineRunner });
      await service.createConsultation({ name: 'Queued', id: 'q1' }, OPEN_MODE);
      await service.addDocuments('q1', [
        { name: 'workshop.md', bytes: Buffer.from(NOTES_WORKSHOP) },
        { name: 'breakout.txt', bytes: Buffer.from(NOTES_BREAKOUT) },
      ], OPEN_MODE);
      // Queued here, not run here: this process's queue is not started yet.
      const job = await service.analyse('q1', { seed: 9 });
      expect(job.state).to.equal('queued');
      expect((await service.analyse('q1')).id, 'a second request joins the queued job').to.equal(job.id);

      child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'job-worker-child.ts')], {
        env: { ...process.env, HARVEST_TEST_SCHEMA: pgb.store.schema, LEASE_MS: String(LEASE_MS) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await until('the child to claim the job', async () => out.includes('claimed'));
      // Its heartbeat keeps the job while it lives, even with another worker polling for three lease periods.
      survivor.start();
      await new Promise((r) => setTimeout(r, 3 * LEASE_MS));
      const held = (await survivor.lookup(job.id))!;
      expect([held.state, held.worker, held.attempts]).to.deep.equal(['running', 'doomed', 1]);
      expect(held.progress).to.be.closeTo(0.4 * 0.97, 1e-6);

      child.kill('SIGKILL');
      const done = await until('the survivor to finish the job', async () => {
        const j = await survivor.lookup(job.id);
        return j && (j.state === 'done' || j.state === 'failed') ? j : null;
      });
      expect([done.state, done.worker, done.attempts, done.progress]).to.deep.equal(['done', 'survivor', 2, 1]);
      expect((await service.findJob(job.id)).state).to.equal('done');
      expect((await service.latestJob('q1'))!.id).to.equal(job.id);
      const saved = await service.getConsultation('q1');
      expect(saved.analysis!.seed).to.equal(9);
      expect(saved.history.filter((h) => h.by === 'machine').length).to.equal(1);
      expect((await service.current('q1')).synthesis.segments.length).to.be.greaterThan(5);
    } finally {
      survivor.stop();
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
      await pgb.dispose();
    }
  });

  it('a process that lost its job while it worked (lease lapsed, another took it over) does not save its result', async () => {
    const pgb = await openPgBackend();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let analysed = false;
    // The runner waits at the gate, as a process paused past its lease would; meanwhile another process takes the job.
    const paused: AnalysisRunner = async (input, onProgress) => {
      await gate;
      const result = await inlineRunner(input, onProgress);
      analysed = true;
      return result;
    };
    const slow = new PgJobQueue(pgb.store, { workerId: 'paused', leaseMs: 60_000, pollMs: 100 });
    try {
      const service = new HarvestService(pgb.store, await loadResources(), new JobQueue(), { dbJobs: slow, runner: paused });
      await service.createConsultation({ name: 'Fenced', id: 'f1' }, OPEN_MODE);
      await service.addDocuments('f1', [{ name: 'workshop.md', bytes: Buffer.from(NOTES_WORKSHOP) }], OPEN_MODE);
      const job = await service.analyse('f1', { seed: 3 });
      slow.start();
      await until('the job to be claimed', async () => (await slow.lookup(job.id))?.worker === 'paused');
      await pgb.store.pool.query("UPDATE jobs SET worker = 'other', attempts = attempts + 1 WHERE id = $1", [job.id]);
      release();
      await until('the paused process to finish its run', async () => analysed);
      await until('the paused process to let the job go', async () => !(slow as unknown as { running: number }).running);
      const saved = await service.getConsultation('f1');
      expect(saved.analysis ?? null, 'no analysis saved by the process that lost the job').to.equal(null);
      expect(saved.history.filter((h) => h.by === 'machine')).to.deep.equal([]);
      const row = (await slow.lookup(job.id))!;
      expect([row.state, row.worker], 'the job stays with the process that took it').to.deep.equal(['running', 'other']);
    } finally {
      slow.stop();
      await pgb.dispose();
    }
  });
});
