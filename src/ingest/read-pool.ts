// Uploaded files are read in worker threads, each file with a time and a memory limit: a hostile file costs its own error, never the server's attention.
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.ts';
import type { IngestedDocument } from '../model/index.ts';
import { fileError } from './common.ts';
import type { ReaderLimits } from './limits.ts';
import { workerEntry } from '../worker-entry.ts';

/** One file to read, as posted to a reader worker: its temporary file or its bytes. */
export interface ReadRequest {
  id: number;
  name: string;
  path?: string;
  bytes?: Uint8Array;
  limits: ReaderLimits;
}

export type ReadResult = { id: number; ok: true; doc: IngestedDocument } | { id: number; ok: false; code: ErrorCode; message: string };

export interface ReaderPoolOptions {
  /** A file still being read after this long is stopped (its worker is ended). */
  timeMs: number;
  /** Heap a worker may use (resourceLimits.maxOldGenerationSizeMb); past it the worker is ended by V8. */
  memoryMb: number;
  /** Files read at once (default 2: the machine's other work goes on). */
  size?: number;
  /** The worker script (tests inject one that never answers). */
  workerUrl?: URL;
  /** Idle workers are ended after this long (default 30 s). */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
  /** The file being read and how to settle it. */
  task: Task | null;
}

interface Task {
  request: ReadRequest;
  resolve(doc: IngestedDocument): void;
  reject(err: AppError): void;
  timer: NodeJS.Timeout | null;
}

const DEFAULT_WORKER = workerEntry(import.meta.url, 'read-worker');

/**
 * A few reader workers, started when needed and reused for the next file. Each file gets `timeMs` once a worker
 * starts on it; a worker that runs over is ended and the file is refused ("took longer than N s"); a worker that
 * passes its heap limit is ended by V8 and the file refused ("needed more than N MB"). Other files go on.
 */
export class ReaderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private readonly size: number;
  private readonly idleMs: number;
  private readonly workerUrl: URL;

  constructor(private readonly options: ReaderPoolOptions) {
    this.size = Math.max(1, options.size ?? 2);
    this.idleMs = options.idleMs ?? 30_000;
    this.workerUrl = options.workerUrl ?? DEFAULT_WORKER;
  }

  private static readonly pools = new Map<string, ReaderPool>();

  /** One pool per settings for the whole process, so every service (and test app) reuses warm workers. */
  static shared(options: ReaderPoolOptions): ReaderPool {
    const key = JSON.stringify([options.timeMs, options.memoryMb, options.size ?? 2, String(options.workerUrl ?? DEFAULT_WORKER)]);
    let pool = ReaderPool.pools.get(key);
    if (!pool) ReaderPool.pools.set(key, (pool = new ReaderPool(options)));
    return pool;
  }

  /** Read one file in a worker: from its temporary file (`path`) or from `bytes`. Rejects with an AppError naming the file. */
  read(name: string, source: { path: string } | { bytes: Uint8Array }, limits: ReaderLimits): Promise<IngestedDocument> {
    return new Promise((resolve, reject) => {
      const request: ReadRequest = { id: this.nextId++, name, limits, ...('path' in source ? { path: source.path } : { bytes: source.bytes }) };
      this.queue.push({ request, resolve, reject, timer: null });
      this.dispatch();
    });
  }

  /** Workers started and not ended (for tests). */
  workerCount(): number {
    return this.slots.length;
  }

  /** End every worker (files being read are refused). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.end(s, fileError('UNREADABLE_FILE', s.task?.request.name ?? '', 'the server stopped while the file was read.'))));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
      }
      const task = this.queue.shift()!;
      slot.busy = true;
      slot.task = task;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      if (slot.ready) this.post(slot);
    }
  }

  private start(): Slot {
    // A small young generation: a file read in pieces leaves short-lived garbage, which then costs little memory.
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: 8 } });
    const slot: Slot = { worker, ready: false, busy: false, idleTimer: null, task: null };
    this.slots.push(slot);
    worker.unref();
    worker.on('message', (m: ReadResult | 'ready') => {
      if (m === 'ready') {
        slot.ready = true;
        if (slot.task) this.post(slot);
        return;
      }
      const task = slot.task;
      if (!task || task.request.id !== m.id) return;
      this.finish(slot);
      if (m.ok) task.resolve(m.doc);
      else task.reject(new AppError(m.code, m.message, { file: task.request.name }));
      this.dispatch();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const name = slot.task?.request.name ?? '';
      const why =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fileError('TOO_LARGE', name, `the file needed more than ${this.options.memoryMb} MB of memory to read, so reading it was stopped; split it into smaller files or save it in a simpler format.`)
          : fileError('UNREADABLE_FILE', name, `the file could not be read (the reader stopped: ${err.message}).`);
      void this.end(slot, why);
    });
    worker.on('exit', () => void this.end(slot, fileError('UNREADABLE_FILE', slot.task?.request.name ?? '', 'the file could not be read (the reader stopped).')));
    return slot;
  }

  private post(slot: Slot): void {
    const task = slot.task!;
    const seconds = this.options.timeMs / 1000;
    task.timer = setTimeout(() => {
      void this.end(
        slot,
        fileError('UNREADABLE_FILE', task.request.name, `the file took longer than ${seconds} s to read, so reading it was stopped; it may be damaged or built to stall readers. Save it again or split it, and upload it again.`),
      );
    }, this.options.timeMs);
    task.timer.unref();
    const { bytes } = task.request;
    // A copy of the bytes is moved to the worker, not cloned (the caller keeps its own).
    const transfer = bytes ? new Uint8Array(bytes) : undefined;
    slot.worker.postMessage({ ...task.request, ...(transfer ? { bytes: transfer } : {}) }, transfer ? [transfer.buffer] : []);
  }

  /** The file is done: the worker waits for the next one (and is ended when none comes for a while). */
  private finish(slot: Slot): void {
    if (slot.task?.timer) clearTimeout(slot.task.timer);
    slot.task = null;
    slot.busy = false;
    slot.idleTimer = setTimeout(() => void this.end(slot, null), this.idleMs);
    slot.idleTimer.unref();
  }

  /** End a worker, refusing its file with `err`; the next files go to other (or new) workers. */
  private async end(slot: Slot, err: AppError | null): Promise<void> {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const task = slot.task;
    slot.task = null;
    if (task) {
      if (task.timer) clearTimeout(task.timer);
      task.reject(err ?? fileError('UNREADABLE_FILE', task.request.name, 'the file could not be read (the reader stopped).'));
    }
    this.dispatch();
    await slot.worker.terminate();
  }
}
