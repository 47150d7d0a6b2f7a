// The PostgreSQL store for teams: the same Store interface, each change one transaction with the consultation's row locked.
import pg from 'pg';
import { AppError } from '../errors.ts';
import { checkSchemaName, inTransaction, migrate } from './pg-migrations.ts';
import type { AnalysedSegment } from '../model/index.ts';
import { parseSegmentLines, segmentLinesText } from './segment-lines.ts';
import { analysisColumn, analysisDocuments, analysisText, DOCUMENT_COLUMNS, previousColumn, rawDocument, saveDocuments, withRecords, type DocumentRow, type SavedDocument } from './pg-documents.ts';
import {
  auditEntry, consultationCounts, consultationData, consultationRecord, storedDocumentApart,
  type AnalysisHead, type AuditEntry, type ConsultationData, type ConsultationHead, type ConsultationListing, type ConsultationRecord,
} from './schema.ts';
import { LIMITS } from '../model/limits.ts';
import { z } from 'zod';

/** A consultation's rows before its analyses are added: a survey's records in their own column. */
const rowsSchema = consultationData.extend({ documents: z.array(storedDocumentApart).max(LIMITS.documents) });
import { copyForChange, countsOf, nextStamp, withoutSegments, withSegments, type Store } from './store.ts';

type Queryable = pg.Pool | pg.PoolClient;

interface RecordRow {
  id: string;
  name: string;
  description: string;
  date: string | null;
  created_at: string;
  updated_at: string;
  /** The list's counts as JSON (null in rows written before they were kept). */
  counts?: string | null;
}

export interface PgStoreOptions {
  /** A postgres:// URL. */
  connectionString: string;
  /** The schema holding Harvest's tables (default public); tests use a throw-away one. */
  schema?: string;
  /** Most connections this process opens (default 10). */
  maxConnections?: number;
}

function invalid(id: string, error: { issues: { path: PropertyKey[]; message: string }[] }, prefix = ''): AppError {
  const issue = error.issues[0];
  return new AppError('INTERNAL', `consultation ${id} in the database is not valid: ${prefix}${issue?.path.map(String).join('.')}: ${issue?.message}`);
}

function recordOf(row: RecordRow): ConsultationRecord {
  return { id: row.id, name: row.name, description: row.description, date: row.date, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The state columns of consultation_state as stored (JSON texts): the analyses without their segments. */
interface StateText {
  codebook: string | null;
  analysis: string | null;
  edits: string;
  history: string;
  members: string | null;
  projector: string | null;
  previous: string | null;
}

type Which = 'analysis' | 'previous';
const WHICH: readonly Which[] = ['analysis', 'previous'];

/**
 * The state columns of `data` as JSON texts. The analysis and the previous analysis are the largest parts and a change
 * shares them with the state it started from (copyForChange) unless it replaced them: shared, their text is reused.
 */
function stateText(data: ConsultationData, before: Cached | null): StateText {
  // An analysis's text names the documents whose records it shares: reused only while they hold the same ones.
  const sameDocuments = !!before && data.documents.length === before.head.documents.length && data.documents.every((d, i) => d.id === before.head.documents[i]!.id && d.ingested === before.head.documents[i]!.ingested);
  const text = (key: Which): string | null => {
    // Reused only when the row keeps the segments and shared records apart (a row stored before has them inside the analysis's text).
    if (before?.full && data[key] === before.full[key] && (!data[key] || (before.apart[key] && sameDocuments))) return before.state[key];
    const analysis = data[key];
    return analysis ? analysisText(withoutSegments(analysis), data.documents) : null;
  };
  return {
    codebook: data.codebook === null ? null : JSON.stringify(data.codebook),
    analysis: text('analysis'),
    edits: JSON.stringify(data.edits),
    history: JSON.stringify(data.history),
    members: data.members === undefined ? null : JSON.stringify(data.members),
    projector: data.projector === undefined ? null : JSON.stringify(data.projector),
    previous: text('previous'),
  };
}

/**
 * A consultation read (or written) by this process, valid while its row keeps the same created_at and updated_at:
 * every change makes updated_at later (in any process), so a matching version means the same content and the
 * large JSON need not be fetched and validated again. It is read without its analyses' segments; each list of
 * segments is read when first needed (`segments`). The texts let a change write only the parts that changed.
 */
interface Cached {
  version: string;
  head: ConsultationHead;
  state: StateText;
  /** Each document as saved, by id. */
  documents: Map<string, SavedDocument>;
  segments: Partial<Record<Which, AnalysedSegment[]>>;
  /**
   * Whether the row's `<which>_segments` column holds that analysis's segments and its column shares the documents'
   * records (a row stored before has them inside the analysis's column).
   */
  apart: Record<Which, boolean>;
  /** The whole consultation, once put together (the same object until the next change). */
  full: ConsultationData | null;
}

/** How many consultations a process keeps parsed (the largest hold analyses of thousands of answers). */
const CACHE_SIZE = 16;
const versionOf = (row: { created_at: string; updated_at: string }): string => `${row.created_at}|${row.updated_at}`;

/** PostgreSQL implementation of Store; call `migrate()` (or `harvest db migrate`) before use. */
export class PgStore implements Store {
  readonly pool: pg.Pool;
  readonly schema: string;
  private readonly cache = new Map<string, Cached>();

  constructor(options: PgStoreOptions) {
    this.schema = checkSchemaName(options.schema ?? 'public');
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${this.schema}`,
    });
    // An idle connection the server drops must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Create or upgrade the tables; returns the migration versions applied now. */
  migrate(): Promise<number[]> {
    return migrate(this.pool, this.schema);
  }

  /** Run `task` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(task: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    return inTransaction(this.pool, task);
  }

  async list(): Promise<ConsultationListing[]> {
    const out: ConsultationListing[] = [];
    for (const row of (await this.pool.query<RecordRow>('SELECT * FROM consultations')).rows) {
      const kept = row.counts ? consultationCounts.safeParse(JSON.parse(row.counts)) : null;
      let counts = kept?.success ? kept.data : null;
      if (!counts) {
        // A row written before the counts were kept: read the consultation once and keep its counts (its version unchanged).
        const data = await this.head(row.id);
        if (!data) continue;
        counts = countsOf(data);
        await this.pool.query('UPDATE consultations SET counts = $2 WHERE id = $1 AND updated_at = $3', [row.id, JSON.stringify(counts), row.updated_at]);
      }
      out.push({ ...recordOf(row), ...counts });
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
  }

  private remember(id: string, entry: Cached): void {
    this.cache.delete(id);
    this.cache.set(id, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The consultation as stored, without its segments (from the cache when its version is current); shared: do not change it. */
  private async load(db: Queryable, id: string, lock: boolean): Promise<Cached | null> {
    if (!consultationRecord.shape.id.safeParse(id).success) return null;
    const rec = await db.query<RecordRow>(`SELECT * FROM consultations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    const row = rec.rows[0];
    if (!row) {
      this.cache.delete(id);
      return null;
    }
    const version = versionOf(row);
    const hit = this.cache.get(id);
    if (hit && hit.version === version) return hit;
    const st = (
      await db.query<StateText & { analysis_apart: boolean; previous_apart: boolean }>(
        `SELECT codebook, analysis, edits, history, members, projector, previous, analysis_segments IS NOT NULL AS analysis_apart,
          previous_segments IS NOT NULL AS previous_apart FROM consultation_state WHERE consultation_id = $1`,
        [id],
      )
    ).rows[0];
    const docs = (await db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE consultation_id = $1 ORDER BY position`, [id])).rows.map(rawDocument);
    const state: StateText = { codebook: st?.codebook ?? null, analysis: st?.analysis ?? null, edits: st?.edits ?? '[]', history: st?.history ?? '[]', members: st?.members ?? null, projector: st?.projector ?? null, previous: st?.previous ?? null };
    const raw = {
      consultation: recordOf(row),
      documents: docs.map((d) => d.doc),
      codebook: state.codebook ? (JSON.parse(state.codebook) as unknown) : null,
      analysis: null,
      edits: JSON.parse(state.edits) as unknown,
      history: JSON.parse(state.history) as unknown,
      ...(state.members ? { members: JSON.parse(state.members) as unknown } : {}),
      ...(state.projector ? { projector: JSON.parse(state.projector) as unknown } : {}),
    };
    const parsed = rowsSchema.safeParse(raw);
    if (!parsed.success) throw invalid(id, parsed.error);
    const { analysis: _none, previous: _absent, documents: apartDocuments, ...rest } = parsed.data;
    const { documents, saved } = withRecords(id, apartDocuments, docs.map((d) => d.records));
    const segments: Cached['segments'] = {};
    const apart = { analysis: st?.analysis_apart ?? false, previous: st?.previous_apart ?? false };
    const head: ConsultationHead = { ...rest, documents, analysis: state.analysis ? this.analysisHead(id, state.analysis, 'analysis', segments, documents, apart) : null };
    if (state.previous) head.previous = this.analysisHead(id, state.previous, 'previous', segments, documents, apart) as AnalysisHead<NonNullable<ConsultationData['previous']>>;
    const entry: Cached = { version, head, state, documents: saved, segments, apart, full: null };
    this.remember(id, entry);
    return entry;
  }

  /**
   * An analysis's header from its column, its shared records the documents'; segments a row stored before holds inside
   * it are kept in `inside`, and `apart` says false for a column written before the records were shared.
   */
  private analysisHead(id: string, text: string, which: Which, inside: Cached['segments'], documents: ConsultationHead['documents'], apart: Cached['apart']): AnalysisHead {
    const parsed = (which === 'analysis' ? analysisColumn : previousColumn).safeParse(JSON.parse(text));
    if (!parsed.success) throw invalid(id, parsed.error, `${which}.`);
    if (parsed.data.sharedRecords === undefined) apart[which] = false;
    const { segments, ...synthesis } = parsed.data.synthesis;
    if (segments) inside[which] = segments;
    return { ...analysisDocuments(id, parsed.data, documents), synthesis } as AnalysisHead;
  }

  /**
   * One analysis's segments, read when first needed from the version `entry` is; undefined when the consultation
   * changed since (the caller reads it again).
   */
  private async segmentsOf(db: Queryable, id: string, entry: Cached, which: Which): Promise<AnalysedSegment[] | null | undefined> {
    if (!entry.head[which]) return null;
    const known = entry.segments[which];
    if (known) return known;
    const [created, updated] = entry.version.split('|');
    const row = (
      await db.query<{ lines: string | null }>(
        `SELECT s.${which}_segments AS lines FROM consultation_state s JOIN consultations c ON c.id = s.consultation_id
          WHERE c.id = $1 AND c.created_at = $2 AND c.updated_at = $3`,
        [id, created, updated],
      )
    ).rows[0];
    if (!row) return undefined;
    if (row.lines === null) throw new AppError('INTERNAL', `consultation ${id} in the database is not valid: its ${which} has no segments`);
    return (entry.segments[which] = parseSegmentLines(row.lines, `the segments of consultation ${id}'s ${which} in the database`));
  }

  /** The whole consultation (the version `entry` is), its segments read if they were not yet; undefined when it changed since. */
  private async fullOf(db: Queryable, id: string, entry: Cached): Promise<ConsultationData | undefined> {
    if (entry.full) return entry.full;
    const { analysis, previous, ...rest } = entry.head;
    const current = await this.segmentsOf(db, id, entry, 'analysis');
    const before = await this.segmentsOf(db, id, entry, 'previous');
    if (current === undefined || before === undefined) return undefined;
    const full: ConsultationData = { ...rest, analysis: analysis && withSegments(analysis, current!) };
    if (previous) full.previous = withSegments(previous, before!);
    return (entry.full = full);
  }

  /** The stored state; callers must not change the object (use update). */
  async get(id: string): Promise<ConsultationData | null> {
    for (;;) {
      const entry = await this.load(this.pool, id, false);
      if (!entry) return null;
      const full = await this.fullOf(this.pool, id, entry);
      if (full) return full;
    }
  }

  /** Without reading the analyses' segments; the object is shared: do not change it. */
  async head(id: string): Promise<ConsultationHead | null> {
    return (await this.load(this.pool, id, false))?.head ?? null;
  }

  async segments(id: string, runAt: string): Promise<AnalysedSegment[] | null> {
    for (;;) {
      const entry = await this.load(this.pool, id, false);
      const which = WHICH.find((w) => entry?.head[w]?.runAt === runAt);
      if (!entry || !which) return null;
      const segments = await this.segmentsOf(this.pool, id, entry, which);
      if (segments !== undefined) return segments;
    }
  }

  /** One row of the consultations table (the same version the cache is checked against), nothing else read. */
  async version(id: string): Promise<string | null> {
    if (!consultationRecord.shape.id.safeParse(id).success) return null;
    const row = (await this.pool.query<Pick<RecordRow, 'created_at' | 'updated_at'>>('SELECT created_at, updated_at FROM consultations WHERE id = $1', [id])).rows[0];
    return row ? versionOf(row) : null;
  }

  /**
   * Write what changed since `before` (null for a new consultation): the record, the state columns whose JSON
   * differs, and the documents that were added, changed, moved or removed. Returns the new cache entry.
   */
  private async save(client: pg.PoolClient, data: ConsultationData, before: Cached | null): Promise<Cached> {
    const c = data.consultation;
    await client.query('UPDATE consultations SET name = $2, description = $3, date = $4, created_at = $5, updated_at = $6, counts = $7 WHERE id = $1', [
      c.id, c.name, c.description, c.date, c.createdAt, c.updatedAt, JSON.stringify(countsOf(data)),
    ]);
    const state = stateText(data, before);
    const changed = new Map<string, string | null>();
    for (const k of Object.keys(state) as (keyof StateText)[]) if (!before || before.state[k] !== state[k]) changed.set(k, state[k]);
    for (const w of WHICH) {
      // Each analysis's segments are written once: a change that keeps the analysis leaves its column alone.
      const analysis = data[w] ?? null;
      if (before?.full && analysis === (before.full[w] ?? null) && (!analysis || before.apart[w])) continue;
      changed.set(`${w}_segments`, analysis && segmentLinesText(analysis.synthesis.segments));
    }
    if (changed.size > 0) {
      const keys = [...changed.keys()];
      await client.query(
        `INSERT INTO consultation_state (consultation_id, ${keys.join(', ')}) VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')})
         ON CONFLICT (consultation_id) DO UPDATE SET ${keys.map((k) => `${k} = EXCLUDED.${k}`).join(', ')}`,
        [c.id, ...changed.values()],
      );
    }
    const documents = await saveDocuments(client, c.id, data.documents, before && { saved: before.documents, order: before.head.documents.map((d) => d.id) });
    const head: ConsultationHead = { ...data, analysis: data.analysis && withoutSegments(data.analysis) };
    if (data.previous) head.previous = withoutSegments(data.previous);
    else delete head.previous;
    const segments: Cached['segments'] = {};
    for (const w of WHICH) if (data[w]) segments[w] = data[w].synthesis.segments;
    return { version: versionOf({ created_at: c.createdAt, updated_at: c.updatedAt }), head, state, documents, segments, apart: { analysis: !!data.analysis, previous: !!data.previous }, full: data };
  }

  async create(data: ConsultationData): Promise<void> {
    const id = data.consultation.id;
    if (!consultationRecord.shape.id.safeParse(id).success) throw new AppError('BAD_ARGUMENT', `"${id}" cannot be a consultation id`);
    await this.transaction(async (client) => {
      const c = data.consultation;
      const inserted = await client.query(
        'INSERT INTO consultations (id, name, description, date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
        [c.id, c.name, c.description, c.date, c.createdAt, c.updatedAt],
      );
      if (inserted.rowCount === 0) throw new AppError('BAD_ARGUMENT', `a consultation with id "${id}" exists already`);
      await this.save(client, data, null);
    });
  }

  async update(id: string, change: (data: ConsultationData) => ConsultationData): Promise<ConsultationData | null> {
    const saved = await this.transaction(async (client) => {
      // FOR UPDATE: a second process changing the same consultation waits here, then sees this change.
      const before = await this.load(client, id, true);
      // Locked: it cannot change before the transaction ends, so its segments are those of this version.
      const full = before && (await this.fullOf(client, id, before));
      if (!before || !full) return null;
      const next = change(copyForChange(full));
      next.consultation.updatedAt = nextStamp(full.consultation.updatedAt);
      return this.save(client, next, before);
    });
    // Cached only once committed: a rolled-back change must not be seen.
    if (saved) this.remember(id, saved);
    return saved?.full ?? null;
  }

  async delete(id: string): Promise<boolean> {
    this.cache.delete(id);
    const res = await this.pool.query('DELETE FROM consultations WHERE id = $1', [id]);
    return (res.rowCount ?? 0) > 0;
  }

  async appendAudit(id: string, entry: AuditEntry): Promise<boolean> {
    const e = auditEntry.parse(entry);
    const res = await this.pool.query(
      'INSERT INTO audit (consultation_id, at, actor, action, detail) SELECT id, $2, $3, $4, $5 FROM consultations WHERE id = $1',
      [id, e.at, e.user, e.action, e.detail],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async audit(id: string): Promise<AuditEntry[]> {
    const res = await this.pool.query<{ at: string; actor: string; action: string; detail: string }>('SELECT at, actor, action, detail FROM audit WHERE consultation_id = $1 ORDER BY seq', [id]);
    return res.rows.map((r) => auditEntry.parse({ at: r.at, user: r.actor, action: r.action, detail: r.detail }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
