// The lowdb store: an index file (harvest.json) and one JSON file per consultation, each written atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { auditEntry, consultationData, consultationRecord, type AuditEntry, type ConsultationData, type ConsultationRecord } from './schema.ts';
import { copyForChange, nextStamp, type Store } from './store.ts';

/**
 * A lowdb adapter writing JSON atomically: a temporary file beside the target, fsync, then rename,
 * so a crash leaves either the old or the new file, never half of one. Read data is checked with `schema`.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  async read(): Promise<T | null> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = this.schema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      throw new AppError('INTERNAL', `${path.basename(this.file)} in the data folder is not valid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  }

  async write(data: T): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    // Owner-only: the files hold confidential notes (and password hashes in accounts.json).
    const handle = await open(temp, 'w', 0o600);
    try {
      await writeJson(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDirectory(path.dirname(this.file));
  }
}

/** Arrays longer than this are written element by element. */
const LONG_ARRAY = 64;
/** Objects and short arrays are opened up to this depth to find long arrays; deeper values are stringified whole. */
const MAX_DEPTH = 5;
/** Written out (and the event loop let go) whenever this much JSON is waiting. */
const FLUSH_CHARS = 1 << 18;

/** What JSON.stringify writes for a value inside an array (undefined and functions become null). */
const inArray = (v: unknown): string => JSON.stringify(v) ?? 'null';

/**
 * Write `value` exactly as JSON.stringify(value) would, in pieces: long arrays (a large consultation's segments
 * and survey records) element by element, with a write, and so a turn of the event loop, every 256 KB. One
 * JSON.stringify of a 100,000-answer consultation (190 MB) held the server for seconds. For plain data
 * (what the store keeps: no toJSON, no cycles).
 */
export async function writeJson(handle: { write(data: string): Promise<unknown> }, value: unknown): Promise<void> {
  const parts: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = parts.join('');
    parts.length = 0;
    size = 0;
    await handle.write(chunk);
  };
  /** Queue text; true when it is time to flush. */
  const push = (text: string): boolean => {
    parts.push(text);
    size += text.length;
    return size >= FLUSH_CHARS;
  };
  const walk = async (v: unknown, depth: number): Promise<void> => {
    if (Array.isArray(v) && v.length > LONG_ARRAY) {
      push('[');
      for (let i = 0; i < v.length; i++) if (push(`${i ? ',' : ''}${inArray(v[i])}`)) await flush();
      push(']');
    } else if (depth < MAX_DEPTH && Array.isArray(v)) {
      push('[');
      for (let i = 0; i < v.length; i++) {
        if (i) push(',');
        const item = v[i];
        if (item === undefined || typeof item === 'function') push('null');
        else await walk(item, depth + 1);
      }
      push(']');
    } else if (depth < MAX_DEPTH && v !== null && typeof v === 'object') {
      push('{');
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        // As JSON.stringify: keys whose value is undefined or a function are left out.
        if (item === undefined || typeof item === 'function') continue;
        push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await walk(item, depth + 1);
      }
      push('}');
    } else if (push(JSON.stringify(v) ?? 'null')) {
      await flush();
    }
  };
  await walk(value, 0);
  if (parts.length) await flush();
}

/** fsync a folder so a rename in it survives a power cut, not only a crash (a no-op where folders cannot be opened). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** Remove temporary files a crash left behind in the middle of a write (the real files are untouched). */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => /\.[0-9a-f]{8}\.tmp$/.test(n));
  await Promise.all(stale.map((n) => rm(path.join(dir, n), { force: true })));
  return stale.length;
}

const indexSchema = z.object({ consultations: z.array(consultationRecord) });

/**
 * A consultation file: the consultation. Stores written before the audit log had its own file kept the log
 * here (`audit`); it is moved to the audit file at the first change.
 */
const consultationFile = consultationData.extend({ audit: z.array(auditEntry).optional() });
type ConsultationFile = z.infer<typeof consultationFile>;
/** A consultation's audit log, in its own file: adding a line must not rewrite a consultation of 200 MB. */
const auditFile = z.object({ audit: z.array(auditEntry) });
type AuditFile = z.infer<typeof auditFile>;

/** The consultation without its audit log. */
function withoutAudit(file: ConsultationFile): ConsultationData {
  const { audit: _audit, ...data } = file;
  return data;
}
type Index = z.infer<typeof indexSchema>;

/** The default store: `<dataDir>/harvest.json` lists consultations, `<dataDir>/consultations/<id>.json` holds each one. */
export class LowdbStore implements Store {
  private readonly index: Low<Index>;
  private readonly files = new Map<string, Low<ConsultationFile>>();
  private readonly auditFiles = new Map<string, Low<AuditFile>>();
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<void> | null = null;

  constructor(private readonly dataDir: string) {
    this.index = new Low(new AtomicJsonFile(path.join(dataDir, 'harvest.json'), indexSchema), { consultations: [] });
  }

  /** Run store operations one at a time, so concurrent requests never interleave their writes. */
  private serial<R>(task: () => Promise<R>): Promise<R> {
    const run = this.queue.then(async () => {
      this.ready ??= (async () => {
        await removeStaleTempFiles(this.dataDir);
        await removeStaleTempFiles(path.join(this.dataDir, 'consultations'));
        await this.index.read();
      })();
      await this.ready;
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private fileOf(id: string): Low<ConsultationFile> | null {
    if (!consultationRecord.shape.id.safeParse(id).success) return null;
    let db = this.files.get(id);
    if (!db) {
      db = new Low<ConsultationFile>(new AtomicJsonFile(this.consultationPath(id), consultationFile), null as unknown as ConsultationFile);
      this.files.set(id, db);
    }
    return db;
  }

  private consultationPath(id: string, suffix = ''): string {
    return path.join(this.dataDir, 'consultations', `${id}${suffix}.json`);
  }

  /** The audit log of a consultation that exists (`db` loaded): its own file, or the log an older store kept inside. */
  private async auditOf(id: string, db: Low<ConsultationFile>): Promise<Low<AuditFile>> {
    let log = this.auditFiles.get(id);
    if (!log) {
      log = new Low<AuditFile>(new AtomicJsonFile(this.consultationPath(id, '.audit'), auditFile), null as unknown as AuditFile);
      await log.read();
      if (log.data === null) log.data = { audit: [...(db.data.audit ?? [])] };
      this.auditFiles.set(id, log);
    }
    return log;
  }

  private async load(id: string): Promise<Low<ConsultationFile> | null> {
    if (!this.index.data.consultations.some((c) => c.id === id)) return null;
    const db = this.fileOf(id);
    if (!db) return null;
    if (db.data === null) await db.read();
    return db.data === null ? null : db;
  }

  list(): Promise<ConsultationRecord[]> {
    return this.serial(async () =>
      [...this.index.data.consultations].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name)),
    );
  }

  /** The stored state; callers must not change the object (use update). */
  get(id: string): Promise<ConsultationData | null> {
    return this.serial(async () => {
      const db = await this.load(id);
      return db ? withoutAudit(db.data) : null;
    });
  }

  create(data: ConsultationData): Promise<void> {
    return this.serial(async () => {
      const id = data.consultation.id;
      if (this.index.data.consultations.some((c) => c.id === id)) throw new AppError('BAD_ARGUMENT', `a consultation with id "${id}" exists already`);
      const db = this.fileOf(id);
      if (!db) throw new AppError('BAD_ARGUMENT', `"${id}" cannot be a consultation id`);
      db.data = data;
      await db.write();
      this.index.data.consultations.push(data.consultation);
      await this.index.write();
    });
  }

  update(id: string, change: (data: ConsultationData) => ConsultationData): Promise<ConsultationData | null> {
    return this.serial(async () => {
      const db = await this.load(id);
      if (!db) return null;
      const next = change(copyForChange(withoutAudit(db.data)));
      next.consultation.updatedAt = nextStamp(db.data.consultation.updatedAt);
      if (db.data.audit) {
        // An older store's log moves to its own file before the consultation is written without it.
        const log = await this.auditOf(id, db);
        await log.write();
      }
      db.data = next;
      await db.write();
      this.index.data.consultations = this.index.data.consultations.map((c) => (c.id === id ? next.consultation : c));
      await this.index.write();
      return next;
    });
  }

  delete(id: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.index.data.consultations.some((c) => c.id === id)) return false;
      this.index.data.consultations = this.index.data.consultations.filter((c) => c.id !== id);
      await this.index.write();
      this.files.delete(id);
      this.auditFiles.delete(id);
      await rm(this.consultationPath(id), { force: true });
      await rm(this.consultationPath(id, '.audit'), { force: true });
      return true;
    });
  }

  /** Audit lines are kept in `<id>.audit.json` beside the consultation: adding one neither rewrites it nor changes its version. */
  appendAudit(id: string, entry: AuditEntry): Promise<boolean> {
    return this.serial(async () => {
      const db = await this.load(id);
      if (!db) return false;
      const log = await this.auditOf(id, db);
      log.data = { audit: [...log.data.audit, auditEntry.parse(entry)] };
      await log.write();
      return true;
    });
  }

  audit(id: string): Promise<AuditEntry[]> {
    return this.serial(async () => {
      const db = await this.load(id);
      return db ? [...(await this.auditOf(id, db)).data.audit] : [];
    });
  }
}
