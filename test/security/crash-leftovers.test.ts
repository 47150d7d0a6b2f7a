// After a crash (issue 13, Low): partial uploads of a dead process are swept at start-up whatever their age, and a job killed with its process ends as failed, not lost.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import type { Analysis } from '../../src/pipeline/index.ts';
import { JobQueue, SERVER_STOPPED, type AnalysisRunner } from '../../src/services/jobs.ts';
import { PgJobQueue, serverStoppedMessage } from '../../src/services/pg-jobs.ts';
import { makeUpload } from '../../src/web/upload.ts';
import { openPgBackend, PG_UNAVAILABLE, skipUnavailable } from '../store/backends.ts';

const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
const uploadName = (host: string, pid: number): string => `${host}-${pid}-${randomBytes(16).toString('hex')}.upload`;

/** The id of a process that has exited (a child run to its end). */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

describe('security: what a crash leaves behind', function () {
  this.timeout(30_000);

  it('at start-up, removes the partial uploads of a dead process at once, and keeps those of live processes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-leftovers-'));
    try {
      const uploads = path.join(dir, 'uploads');
      await mkdir(uploads);
      const dead = uploadName(HOST, deadPid());
      const mine = uploadName(HOST, process.pid);
      const parent = uploadName(HOST, process.ppid);
      const otherHost = uploadName('0123abcd' === HOST ? '0123abce' : '0123abcd', deadPid());
      const legacyFresh = `${randomBytes(16).toString('hex')}.upload`;
      const oldOfLiveProcess = uploadName(HOST, process.ppid);
      for (const name of [dead, mine, parent, otherHost, legacyFresh, oldOfLiveProcess]) await writeFile(path.join(uploads, name), 'part of an upload');
      const old = new Date(Date.now() - 2 * 3600_000);
      await utimes(path.join(uploads, oldOfLiveProcess), old, old);
      makeUpload(DEFAULT_LIMITS, uploads);
      // The dead process's upload goes although it is seconds old; another machine's and an older version's wait for the hour.
      expect((await readdir(uploads)).sort()).to.deep.equal([mine, parent, otherHost, legacyFresh].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lowdb: a job queued or running when its process stopped is marked failed at the next start, with the reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-journal-'));
    try {
      const file = path.join(dir, 'jobs.json');
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      // The first process: one job runs (and never ends: the process will "die" under it), one waits behind it.
      const hangs: AnalysisRunner = () => {
        started();
        return new Promise<Analysis>(() => undefined);
      };
      const first = await JobQueue.recover(file, hangs, 1);
      const input = async () => ({ docs: [], resources: {} as never, seed: 1, k: null, mappings: [] });
      const a = first.submit('c1', input, async () => undefined);
      const b = first.submit('c2', input, async () => undefined);
      await running;
      await first.journalWritten();
      const journal = JSON.parse(await readFile(file, 'utf8')) as { jobs: { id: string; state: string }[] };
      expect(journal.jobs.map((j) => `${j.id}:${j.state}`)).to.deep.equal([`${a.id}:running`, `${b.id}:queued`]);

      // The process is gone (nothing of `first` is used again); the next one opens the same folder.
      const second = await JobQueue.recover(file);
      for (const job of [a, b]) {
        expect(second.get(job.id)).to.deep.include({ state: 'failed', stage: 'failed', error: { code: 'INTERNAL', message: SERVER_STOPPED } });
      }
      expect(second.latest('c1')!.id).to.equal(a.id);
      const rewritten = JSON.parse(await readFile(file, 'utf8')) as { jobs: { state: string }[] };
      expect(rewritten.jobs.map((j) => j.state)).to.deep.equal(['failed', 'failed']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('security: a PostgreSQL job whose processes keep dying under it', function () {
  this.timeout(60_000);
  before(function () {
    skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'job attempts');
  });

  it('is taken over while it has attempts left, and marked failed once they are used', async () => {
    const pgb = await openPgBackend();
    const queue = new PgJobQueue(pgb.store, { workerId: 'survivor', pollMs: 50, maxAttempts: 3 });
    try {
      const pool = pgb.store.pool;
      const at = '2026-01-01T00:00:00.000Z';
      for (const id of ['c-twice', 'c-thrice']) {
        await pgb.store.create({ consultation: { id, name: id, description: '', date: null, createdAt: at, updatedAt: at }, documents: [], codebook: null, analysis: null, edits: [], history: [] });
      }
      // Two jobs left running by dead processes, their leases run out: one started twice, one three times.
      for (const [id, consultation, attempts] of [['j-twice', 'c-twice', 2], ['j-thrice', 'c-thrice', 3]] as const) {
        await pool.query(
          `INSERT INTO jobs (id, consultation_id, seed, k, state, stage, worker, attempts, lease_until, created_at)
           VALUES ($1, $2, 1, NULL, 'running', 'themes', 'dead:1', $3, now() - interval '1 minute', $4)`,
          [id, consultation, attempts, new Date().toISOString()],
        );
      }
      const ran: string[] = [];
      queue.setHandler(async (spec) => {
        ran.push(spec.consultationId);
      });
      queue.start();
      await queue.idle();
      expect(ran).to.deep.equal(['c-twice']);
      expect(await queue.lookup('j-twice')).to.deep.include({ state: 'done', attempts: 3, worker: 'survivor' });
      expect(await queue.lookup('j-thrice')).to.deep.include({ state: 'failed', attempts: 3, error: { code: 'INTERNAL', message: serverStoppedMessage(3) } });
    } finally {
      queue.stop();
      await pgb.dispose();
    }
  });
});
