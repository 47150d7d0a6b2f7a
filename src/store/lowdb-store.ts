// The lowdb store: an index file (harvest.json) and one JSON file per consultation, each written atomically.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonFile, removeStaleTempFiles } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import { auditEntry, consultationCounts, consultationData, consultationRecord, previousAnalysis, type AuditEntry, type ConsultationData, type ConsultationListing, type PreviousAnalysis } from './schema.ts';
import { copyForChange, countsOf, nextStamp, type Store } from './store.ts';

/** The index: each consultation's record with its counts (absent in stores written before the counts were kept). */
const indexSchema = z.object({ consultations: z.array(consultationRecord.extend({ counts: consultationCounts.optional() })) });
type IndexEntry = z.infer<typeof indexSchema>['consultations'][number];

/** The index entry of a consultation's state. */
function entryOf(data: ConsultationData): IndexEntry {
  return { ...data.consultation, counts: countsOf(data) };
}

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

const previousFile = z.object({ previous: previousAnalysis });
/** Not read or written yet: the first write writes the previous analysis whatever it is. */
const UNKNOWN = Symbol('unknown');

/**
 * A consultation's files: the consultation in `<id>.json`, and the analysis it replaced (kept for "what changed since
 * the last analysis") in `<id>.previous.json`, written only when it changes. Every change rewrites the consultation
 * file; with the previous analysis inside, an edit of a 100,000-answer consultation would write its analysis twice.
 * (A file written with the previous analysis inside is read as it is, and split at its next write.)
 */
class ConsultationFiles implements Adapter<ConsultationFile> {
  private readonly main: AtomicJsonFile<ConsultationFile>;
  private readonly previous: AtomicJsonFile<z.infer<typeof previousFile>>;
  private written: PreviousAnalysis | undefined | typeof UNKNOWN = UNKNOWN;

  constructor(file: string, private readonly previousPath: string) {
    this.main = new AtomicJsonFile(file, consultationFile);
    this.previous = new AtomicJsonFile(previousPath, previousFile);
  }

  async read(): Promise<ConsultationFile | null> {
    const data = await this.main.read();
    if (!data || data.previous) return data;
    const kept = await this.previous.read();
    this.written = kept?.previous;
    return kept ? { ...data, previous: kept.previous } : data;
  }

  async write(data: ConsultationFile): Promise<void> {
    const { previous, ...rest } = data;
    // Changes replace the previous analysis, never change it in place (see copyForChange): the same object is the same analysis.
    if (previous !== this.written) {
      if (previous) await this.previous.write({ previous });
      else await rm(this.previousPath, { force: true });
      this.written = previous;
    }
    await this.main.write(rest);
  }
}

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
      db = new Low<ConsultationFile>(new ConsultationFiles(this.consultationPath(id), this.consultationPath(id, '.previous')), null as unknown as ConsultationFile);
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

  list(): Promise<ConsultationListing[]> {
    return this.serial(async () => {
      const out: ConsultationListing[] = [];
      for (const [i, entry] of this.index.data.consultations.entries()) {
        let { counts, ...record } = entry;
        if (!counts) {
          // A store written before the counts were kept: read the consultation once; the index keeps them from now on.
          const db = await this.load(record.id);
          counts = db ? countsOf(db.data) : { documents: 0, analysedAt: null, edits: 0, members: [] };
          this.index.data.consultations[i] = { ...record, counts };
        }
        out.push({ ...record, ...counts });
      }
      return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
    });
  }

  /** The stored state; callers must not change the object (use update). */
  get(id: string): Promise<ConsultationData | null> {
    return this.serial(async () => {
      const db = await this.load(id);
      return db ? withoutAudit(db.data) : null;
    });
  }

  /** From the index in memory: no consultation file is read. */
  version(id: string): Promise<string | null> {
    return this.serial(async () => {
      const record = this.index.data.consultations.find((c) => c.id === id);
      return record ? `${record.createdAt}|${record.updatedAt}` : null;
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
      this.index.data.consultations.push(entryOf(data));
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
      this.index.data.consultations = this.index.data.consultations.map((c) => (c.id === id ? entryOf(next) : c));
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
      await rm(this.consultationPath(id, '.previous'), { force: true });
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
