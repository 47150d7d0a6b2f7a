// The lowdb store: an index file (harvest.json) and, per consultation, a JSON file (and its analyses' segments, one a line), each written atomically.
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonFile, removeStaleTempFiles } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import type { AnalysedSegment } from '../model/index.ts';
import { ConsultationFiles, withoutAudit, type ConsultationFile, type ConsultationHeadFile, type SegmentsAt } from './consultation-files.ts';
import { auditEntry, consultationCounts, consultationRecord, type AuditEntry, type ConsultationData, type ConsultationHead, type ConsultationListing } from './schema.ts';
import { copyForChange, countsOf, nextStamp, withoutSegments, withSegments, type Store } from './store.ts';

/** The index: each consultation's record with its counts (absent in stores written before the counts were kept). */
const indexSchema = z.object({ consultations: z.array(consultationRecord.extend({ counts: consultationCounts.optional() })) });
type IndexEntry = z.infer<typeof indexSchema>['consultations'][number];

/** The index entry of a consultation's state. */
function entryOf(data: ConsultationData): IndexEntry {
  return { ...data.consultation, counts: countsOf(data) };
}

type Which = 'analysis' | 'previous';

/**
 * A consultation as this store holds it in memory: read without its analyses' segments, each list of segments read
 * when first needed (`at` says where it is until then), and the whole consultation put together once both are.
 */
interface Held {
  files: ConsultationFiles;
  head: ConsultationHeadFile;
  at: Record<Which, SegmentsAt | null>;
  segments: Partial<Record<Which, AnalysedSegment[]>>;
  /** The whole consultation, once put together (the same object until the next change). */
  full: ConsultationFile | null;
}

/** What this store holds of a consultation it has just written whole. */
function heldOf(files: ConsultationFiles, data: ConsultationFile): Held {
  const head: ConsultationHeadFile = { ...data, analysis: data.analysis && withoutSegments(data.analysis) };
  if (data.previous) head.previous = withoutSegments(data.previous);
  const segments: Held['segments'] = {};
  if (data.analysis) segments.analysis = data.analysis.synthesis.segments;
  if (data.previous) segments.previous = data.previous.synthesis.segments;
  return { files, head, at: { analysis: null, previous: null }, segments, full: data };
}

/** A consultation's audit log, in its own file: adding a line must not rewrite a consultation of 200 MB. */
const auditFile = z.object({ audit: z.array(auditEntry) });
type AuditFile = z.infer<typeof auditFile>;
type Index = z.infer<typeof indexSchema>;

/** The default store: `<dataDir>/harvest.json` lists consultations, `<dataDir>/consultations/<id>.json` holds each one. */
export class LowdbStore implements Store {
  private readonly index: Low<Index>;
  private readonly held = new Map<string, Held>();
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

  private filesOf(id: string): ConsultationFiles | null {
    if (!consultationRecord.shape.id.safeParse(id).success) return null;
    return this.held.get(id)?.files ?? new ConsultationFiles(path.join(this.dataDir, 'consultations'), id);
  }

  private consultationPath(id: string, suffix = ''): string {
    return path.join(this.dataDir, 'consultations', `${id}${suffix}.json`);
  }

  /** The audit log of a consultation that exists: its own file, or the log an older store kept inside (`kept`). */
  private async auditOf(id: string, kept: AuditEntry[] | undefined): Promise<Low<AuditFile>> {
    let log = this.auditFiles.get(id);
    if (!log) {
      log = new Low<AuditFile>(new AtomicJsonFile(this.consultationPath(id, '.audit'), auditFile), null as unknown as AuditFile);
      await log.read();
      if (log.data === null) log.data = { audit: [...(kept ?? [])] };
      this.auditFiles.set(id, log);
    }
    return log;
  }

  /** The consultation as held, read without its segments the first time. */
  private async load(id: string): Promise<Held | null> {
    if (!this.index.data.consultations.some((c) => c.id === id)) return null;
    const known = this.held.get(id);
    if (known) return known;
    const files = this.filesOf(id);
    const read = files && (await files.readHead());
    if (!files || !read) return null;
    const held: Held = { files, head: read.head, at: { analysis: read.analysis, previous: read.previous }, segments: {}, full: null };
    this.held.set(id, held);
    return held;
  }

  /** One analysis's segments, read when first needed. */
  private async segmentsOf(held: Held, which: Which): Promise<AnalysedSegment[] | null> {
    const at = held.at[which];
    if (!held.segments[which] && at) {
      held.segments[which] = await held.files.readSegments(at);
      held.at[which] = null;
    }
    return held.segments[which] ?? null;
  }

  /** The whole consultation, its segments read if they were not yet. */
  private async fullOf(held: Held): Promise<ConsultationFile> {
    if (held.full) return held.full;
    const { analysis, previous, ...rest } = held.head;
    const full: ConsultationFile = { ...rest, analysis: analysis && withSegments(analysis, (await this.segmentsOf(held, 'analysis'))!) };
    if (previous) full.previous = withSegments(previous, (await this.segmentsOf(held, 'previous'))!);
    held.full = full;
    return full;
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
        const held = await this.load(entry.id);
        this.index.data.consultations[i] = { ...entry, counts: held ? countsOf(held.head) : { documents: 0, analysedAt: null, edits: 0, members: [] } };
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
      const held = await this.load(id);
      return held ? withoutAudit(await this.fullOf(held)) : null;
    });
  }

  /** Without reading any file of segments; callers must not change the object. */
  head(id: string): Promise<ConsultationHead | null> {
    return this.serial(async () => {
      const held = await this.load(id);
      return held ? withoutAudit(held.head) : null;
    });
  }

  segments(id: string, runAt: string): Promise<AnalysedSegment[] | null> {
    return this.serial(async () => {
      const held = await this.load(id);
      if (held?.head.analysis?.runAt === runAt) return this.segmentsOf(held, 'analysis');
      if (held?.head.previous?.runAt === runAt) return this.segmentsOf(held, 'previous');
      return null;
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
      const files = this.filesOf(id);
      if (!files) throw new AppError('BAD_ARGUMENT', `"${id}" cannot be a consultation id`);
      await files.write(data, true);
      this.held.set(id, heldOf(files, data));
      this.index.data.consultations.push(entryOf(data));
      await this.index.write();
    });
  }

  update(id: string, change: (data: ConsultationData) => ConsultationData): Promise<ConsultationData | null> {
    return this.serial(async () => {
      const held = await this.load(id);
      if (!held) return null;
      const before = await this.fullOf(held);
      const next = change(copyForChange(withoutAudit(before)));
      next.consultation.updatedAt = nextStamp(before.consultation.updatedAt);
      if (held.head.audit) {
        // An older store's log moves to its own file before the consultation is written without it.
        const log = await this.auditOf(id, held.head.audit);
        await log.write();
      }
      await held.files.write(next, next.previous !== before.previous);
      this.held.set(id, heldOf(held.files, next));
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
      const files = this.held.get(id)?.files ?? new ConsultationFiles(path.join(this.dataDir, 'consultations'), id);
      this.held.delete(id);
      this.auditFiles.delete(id);
      await files.remove();
      return true;
    });
  }

  /** Audit lines are kept in `<id>.audit.json` beside the consultation: adding one neither rewrites it nor changes its version. */
  appendAudit(id: string, entry: AuditEntry): Promise<boolean> {
    return this.serial(async () => {
      const held = await this.load(id);
      if (!held) return false;
      const log = await this.auditOf(id, held.head.audit);
      log.data = { audit: [...log.data.audit, auditEntry.parse(entry)] };
      await log.write();
      return true;
    });
  }

  audit(id: string): Promise<AuditEntry[]> {
    return this.serial(async () => {
      const held = await this.load(id);
      return held ? [...(await this.auditOf(id, held.head.audit)).data.audit] : [];
    });
  }
}
