// Analysis jobs queued in PostgreSQL: any Harvest process takes the next one; a job whose process died is taken again when its lease runs out.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { AppError } from '../errors.ts';
import type { PgStore } from '../store/pg-store.ts';
import type { AnalysisQueue, Job, JobSpec } from './jobs.ts';

/**
 * Whether this process still holds a claimed job: a process that stopped renewing its lease (a long pause) may have
 * lost the job to another, and must then not save what it computed over that process's result.
 */
export interface JobLease {
  held(): Promise<boolean>;
}

/** Runs a claimed job (prepare, analyse, save only while `lease.held()`); reports progress 0..1; throws to fail it. */
export type JobHandler = (spec: JobSpec, onProgress: (stage: string, fraction: number) => void, lease: JobLease) => Promise<void>;

export interface PgJobQueueOptions {
  /** This process's name in the jobs table (default host:pid). */
  workerId?: string;
  /** How long a claimed job stays this worker's without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often to look for queued jobs (default 1 s). */
  pollMs?: number;
  /** Most jobs this process runs at once (default 2). */
  concurrency?: number;
  /**
   * Times a job is started before a process dying under it makes it fail (default 3): a job that takes its
   * process down every time (or is killed with it at every restart) ends as failed, not retried for ever.
   */
  maxAttempts?: number;
}

/** What a job says when the processes running it stopped `attempts` times and no further one may take it over. */
export function serverStoppedMessage(attempts: number): string {
  return `The server stopped during the analysis (it was restarted or it crashed) ${attempts === 1 ? 'once' : `${attempts} times`}, so the analysis was given up; start it again.`;
}

interface JobRow {
  id: string;
  consultation_id: string;
  seed: number;
  k: number | null;
  state: Job['state'];
  progress: number;
  stage: string;
  error_code: string | null;
  error_message: string | null;
  worker: string | null;
  attempts: number;
  created_at: string;
  finished_at: string | null;
}

function jobOf(row: JobRow): Job & { worker: string | null; attempts: number } {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    state: row.state,
    progress: Number(row.progress),
    stage: row.stage,
    ...(row.error_code ? { error: { code: row.error_code, message: row.error_message ?? '' } } : {}),
    createdAt: row.created_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    worker: row.worker,
    attempts: row.attempts,
  };
}

/** A job queue in the database shared by every Harvest process; each process polls and runs what it claims. */
export class PgJobQueue implements AnalysisQueue {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private handler: JobHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  private polling = false;

  constructor(
    private readonly store: PgStore,
    options: PgJobQueueOptions = {},
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 2;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  }

  /** Set what running a job means (the service does: prepare, analyse, save). */
  setHandler(handler: JobHandler): void {
    this.handler = handler;
  }

  /** Queue an analysis, or return the consultation's queued or running one. */
  async enqueue(spec: JobSpec): Promise<Job> {
    const id = `j-${randomBytes(6).toString('hex')}`;
    const res = await this.store.pool.query<JobRow>(
      `INSERT INTO jobs (id, consultation_id, seed, k, state, created_at) VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT (consultation_id) WHERE state IN ('queued', 'running') DO NOTHING RETURNING *`,
      [id, spec.consultationId, spec.seed, spec.k, new Date().toISOString()],
    );
    const job = res.rows[0] ? jobOf(res.rows[0]) : await this.activeFor(spec.consultationId);
    if (!job) throw new AppError('INTERNAL', 'the analysis could not be queued');
    void this.poll();
    return job;
  }

  async lookup(id: string): Promise<(Job & { worker: string | null; attempts: number }) | undefined> {
    const row = (await this.store.pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id])).rows[0];
    return row ? jobOf(row) : undefined;
  }

  async activeFor(consultationId: string): Promise<Job | undefined> {
    const row = (await this.store.pool.query<JobRow>("SELECT * FROM jobs WHERE consultation_id = $1 AND state IN ('queued', 'running') LIMIT 1", [consultationId])).rows[0];
    return row ? jobOf(row) : undefined;
  }

  async latestFor(consultationId: string): Promise<Job | undefined> {
    const row = (await this.store.pool.query<JobRow>('SELECT * FROM jobs WHERE consultation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [consultationId])).rows[0];
    return row ? jobOf(row) : undefined;
  }

  /**
   * Take the oldest queued job, or a running one whose worker stopped renewing its lease (it died) and that may be
   * tried again; one that has used its attempts is marked failed instead (its processes died under it).
   */
  async claim(): Promise<JobRow | null> {
    // One statement (one round trip): jobs out of attempts are failed, and the next one is claimed.
    const res = await this.store.pool.query<JobRow>(
      `WITH given_up AS (
         UPDATE jobs SET state = 'failed', stage = 'failed', error_code = 'INTERNAL', error_message = $4, finished_at = $5, lease_until = NULL
         WHERE state = 'running' AND lease_until < now() AND attempts >= $3
       )
       UPDATE jobs SET state = 'running', stage = 'starting', worker = $1, attempts = attempts + 1, lease_until = now() + $2 * interval '1 millisecond'
       WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until < now() AND attempts < $3)
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [this.workerId, this.leaseMs, this.maxAttempts, serverStoppedMessage(this.maxAttempts), new Date().toISOString()],
    );
    return res.rows[0] ?? null;
  }

  /** Start polling for jobs. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
    void this.poll();
  }

  /** Stop polling (jobs already running finish). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.handler || !this.timer) return;
    this.polling = true;
    try {
      while (this.running < this.concurrency) {
        const row = await this.claim();
        if (!row) break;
        this.running++;
        void this.run(row).finally(() => {
          this.running--;
          void this.poll();
        });
      }
    } catch {
      // The database is unreachable for now: the next tick tries again.
    } finally {
      this.polling = false;
    }
  }

  private async run(row: JobRow): Promise<void> {
    const pool = this.store.pool;
    const mine = 'id = $1 AND worker = $2';
    let progress = 0;
    let stage = 'starting';
    // Heartbeat: renew the lease and save the progress, so another process takes the job only if this one dies.
    const beat = setInterval(() => {
      void pool.query(`UPDATE jobs SET lease_until = now() + $3 * interval '1 millisecond', progress = $4, stage = $5 WHERE ${mine} AND state = 'running'`, [row.id, this.workerId, this.leaseMs, progress, stage]).catch(() => undefined);
    }, Math.max(50, Math.min(1000, Math.floor(this.leaseMs / 3))));
    const lease: JobLease = {
      held: async () => ((await pool.query(`SELECT 1 FROM jobs WHERE ${mine} AND state = 'running'`, [row.id, this.workerId])).rowCount ?? 0) > 0,
    };
    try {
      await this.handler!(
        { consultationId: row.consultation_id, seed: row.seed, k: row.k },
        (s, fraction) => {
          stage = s;
          progress = Math.max(progress, Math.min(0.97, fraction * 0.97));
        },
        lease,
      );
      await pool.query(`UPDATE jobs SET state = 'done', stage = 'done', progress = 1, finished_at = $3, lease_until = NULL WHERE ${mine}`, [row.id, this.workerId, new Date().toISOString()]);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', err instanceof Error ? err.message : String(err));
      await pool
        .query(`UPDATE jobs SET state = 'failed', stage = 'failed', error_code = $3, error_message = $4, finished_at = $5, lease_until = NULL WHERE ${mine}`, [row.id, this.workerId, e.code, e.message, new Date().toISOString()])
        .catch(() => undefined);
    } finally {
      clearInterval(beat);
    }
  }

  /** Resolves when this process runs no job and none is queued (for tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const waiting = (await this.store.pool.query("SELECT 1 FROM jobs WHERE state IN ('queued', 'running') LIMIT 1")).rowCount ?? 0;
      if (this.running === 0 && waiting === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
