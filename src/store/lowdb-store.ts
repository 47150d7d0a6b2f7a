// The lowdb store: an index file (harvest.json) and, per consultation, a JSON file (and its analyses' segments, one a line), each written atomically.
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonFile, removeStaleTempFiles } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import { ConsultationFiles, withoutAudit, type ConsultationFile } from './consultation-files.ts';
import { auditEntry, consultationCounts, consultationRecord, type AuditEntry, type ConsultationData, type ConsultationListing } from './schema.ts';
import { copyForChange, countsOf, nextStamp, type Store } from './store.ts';

/** The index: each consultation's record with its counts (absent in stores written before the counts were kept). */
const indexSchema = z.object({ consultations: z.array(consultationRecord.extend({ counts: consultationCounts.optional() })) });
type IndexEntry = z.infer<typeof indexSchema>['consultations'][number];

/** The index entry of a consultation's state. */
function entryOf(data: ConsultationData): IndexEntry {
  return { ...data.consultation, counts: countsOf(data) };
}

/** A consultation's audit log, in its own file: adding a line must not rewrite a consultation of 200 MB. */
const auditFile = z.object({ audit: z.array(auditEntry) });
type AuditFile = z.infer<typeof auditFile>;
type Index = z.infer<typeof indexSchema>;

/** The default store: `<dataDir>/harvest.json` lists consultations, `<dataDir>/consultations/<id>.json` holds each one. */
export class LowdbStore implements Store {
  private readonly index: Low<Index>;
  private readonly files = new Map<string, { db: Low<ConsultationFile>; files: ConsultationFiles }>();
  private readonly auditFiles = new Map<string, Low<AuditFile>>();
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<void> | null = null;
  private indexRead = false;

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
        this.indexRead = true;
      })();
      await this.ready;
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private fileOf(id: string): Low<ConsultationFile> | null {
    if (!consultationRecord.shape.id.safeParse(id).success) return null;
    let entry = this.files.get(id);
    if (!entry) {
      const files = new ConsultationFiles(path.join(this.dataDir, 'consultations'), id);
      entry = { db: new Low<ConsultationFile>(files, null as unknown as ConsultationFile), files };
      this.files.set(id, entry);
    }
    return entry.db;
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

  /**
   * From the index in memory. Once it is read and every entry has its counts, the list does not wait for other store
   * operations (the first read of a 100,000-answer consultation takes seconds): each change replaces its entry whole,
   * so the list shows each consultation before or after a change, never half of one.
   */
  list(): Promise<ConsultationListing[]> {
    if (this.indexRead && this.index.data.consultations.every((c) => c.counts)) return Promise.resolve(this.listing());
    return this.serial(async () => {
      for (const [i, entry] of this.index.data.consultations.entries()) {
        if (entry.counts) continue;
        // A store written before the counts were kept: read the consultation once; the index keeps them from now on.
        const db = await this.load(entry.id);
        this.index.data.consultations[i] = { ...entry, counts: db ? countsOf(db.data) : { documents: 0, analysedAt: null, edits: 0, members: [] } };
      }
      return this.listing();
    });
  }

  private listing(): ConsultationListing[] {
    const out: ConsultationListing[] = [];
    for (const { counts, ...record } of this.index.data.consultations) out.push({ ...record, ...counts! });
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
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
      const files = this.files.get(id)?.files ?? new ConsultationFiles(path.join(this.dataDir, 'consultations'), id);
      this.files.delete(id);
      this.auditFiles.delete(id);
      await files.remove();
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
