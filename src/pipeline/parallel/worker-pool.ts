// Worker threads for the pipeline's parallel stages (annotate+tag, themes), started once and reused by both stages and
// by the analyses after (a server's, a test process's): a new worker loads its modules and compromise and JIT-warms
// again (a first annotation of 300 answers: 5.5 s of CPU in a new worker, 1.6 s in a warm one).
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { IdleLimit } from '../../idle-limit.ts';
import { workerEntry } from '../../worker-entry.ts';

/**
 * One pipeline worker: it loads the stage modules once (about half a second: tsx, natural, compromise,
 * franc), then runs the jobs posted on `port` one after another (see pipeline-worker-main.ts).
 */
export interface PipelineWorker {
  worker: Worker;
  port: MessagePort;
  /** Exited or failed: never handed out again. */
  dead: boolean;
  /** Which annotation resources the worker holds (see annotate-parallel.ts): sent once, not with every job. */
  holds?: string;
}

/** Started workers waiting for a job. */
let idle: PipelineWorker[] = [];
/**
 * Idle workers are stopped (they hold memory) once this thread's event loop has been idle this long since the pool
 * was last used (see idle-limit.ts: not wall time, so a loaded machine does not stop workers the next analysis takes).
 */
export const IDLE_MS = 30_000;
/** At most this many idle workers are kept (the most an analysis takes by default); more are stopped when handed back. */
export const KEEP_MAX = 3;
const idleLimit = new IdleLimit(IDLE_MS, () => stopIdleWorkers());

/** The default number of workers: one less than the CPUs, at most 3. */
export function defaultWorkerCount(): number {
  return Math.min(3, Math.max(0, availableParallelism() - 1));
}

/** Start a pipeline worker, with a port to talk to it; null when no thread can start here. */
export function startWorker(): PipelineWorker | null {
  try {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerEntry(import.meta.url, 'pipeline-worker'), { workerData: { port: port2 }, transferList: [port2] });
    const pooled: PipelineWorker = { worker, port: port1, dead: false };
    const die = (): void => {
      pooled.dead = true;
      idle = idle.filter((w) => w !== pooled);
    };
    worker.on('error', die); // a failed worker's work is done by the caller (see the stages' fallbacks)
    worker.on('exit', die);
    worker.unref();
    port1.unref();
    return pooled;
  } catch {
    return null; // no worker threads here: the calling thread does all the work
  }
}

/** The pool was used: its idle workers' idle time counts from now. */
function armIdleTimer(): void {
  idleLimit.used(idle.length > 0);
}

/** How long (ms) this thread's event loop has been idle since the pool was last used (0 when it holds no idle worker). */
export function idleTimeSinceUsed(): number {
  return idleLimit.idleTime();
}

/** Stop the idle workers when `idleMs` (the event loop's idle time since the pool was last used) reaches IDLE_MS. */
export function stopWorkersIdleFor(idleMs: number): void {
  idleLimit.check(idleMs);
}

/**
 * Start workers now, up to `count` idle ones, so that their modules load while this thread does other work
 * (reading and segmenting a large input). The next takeWorkers gets them.
 */
export function prestartWorkers(count = defaultWorkerCount()): void {
  while (idle.length < count) {
    const w = startWorker();
    if (!w) break;
    idle.push(w);
  }
  armIdleTimer();
}

/** `count` workers for one job: idle ones first, then new ones (fewer when threads cannot start). */
export function takeWorkers(count: number): PipelineWorker[] {
  const taken = idle.filter((w) => !w.dead).slice(0, count);
  idle = idle.filter((w) => !taken.includes(w));
  while (taken.length < count) {
    const w = startWorker();
    if (!w) break;
    taken.push(w);
  }
  armIdleTimer();
  return taken;
}

/**
 * Hand workers back after a job. Only a worker that finished its job cleanly (`clean`) is kept for the next
 * one; any other is stopped, so a late message from it can never reach the next job.
 */
export function giveBackWorkers(workers: readonly PipelineWorker[], clean: boolean): void {
  for (const w of workers) {
    if (clean && !w.dead && idle.length < KEEP_MAX) idle.push(w);
    else stopWorker(w);
  }
  armIdleTimer();
}

/** Stop a worker thread; it is never handed out again. */
export function stopWorker(w: PipelineWorker): void {
  w.dead = true;
  w.port.close();
  void w.worker.terminate();
}

/** Stop every idle worker (when they have been idle long enough, see IDLE_MS; tests). */
export function stopIdleWorkers(): void {
  for (const w of idle) stopWorker(w);
  idle = [];
  armIdleTimer();
}

/** The thread ids of the idle workers (for tests: which threads an analysis reused). */
export function idleThreadIds(): number[] {
  return idle.map((w) => w.worker.threadId);
}

/** How many started workers wait for a job (for tests). */
export function idleWorkerCount(): number {
  return idle.length;
}
