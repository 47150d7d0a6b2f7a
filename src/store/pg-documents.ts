// The PostgreSQL store's documents: one row each, a survey's records in a column of their own (parsed when first
// used), and an analysis's copy of a survey's records kept as a reference to the document that holds the same rows.
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { documentInfo } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';
import { recordsFromText, withLazyRecords, withoutRecords } from './lazy-records.ts';
import { previousAnalysisApart, storedAnalysisApart, type StoredDocument, type StoredDocumentApart } from './schema.ts';
import { restoreRecords, shareRecords, sharedRecords, type DocumentInfoApart } from './shared-records.ts';

export interface DocumentRow {
  id: string;
  name: string;
  size: string;
  uploaded_at: string;
  mapping: string | null;
  ingested: Buffer;
  /**
   * A survey's records as JSON (null for notes, and in rows written before: the records are inside `ingested`). Text,
   * not bytea as `ingested`: JSON escapes every control character, and a bytea comes in hex, twice the size to decode.
   */
  records: string | null;
  /** A survey's columns as detected (`StoredDocument.columns`) as JSON, or null. */
  columns: string | null;
}

/** The columns `documentRows` reads. */
export const DOCUMENT_COLUMNS = 'id, name, size, uploaded_at, mapping, ingested, records, columns';

/**
 * What a saved document is, to tell whether a change touched it: its JSON without a survey's records, and the survey
 * object holding them (surveys are replaced, never changed in place, so the same object means the same records).
 * `apart`: its row keeps the records in their own column (false: a row written before, rewritten at the next change).
 */
export interface SavedDocument {
  key: string;
  ingested: object;
  apart: boolean;
}

function documentKey(doc: StoredDocument): string {
  return JSON.stringify(doc.ingested.kind === 'survey' ? { ...doc, ingested: withoutRecords(doc.ingested) } : doc);
}

export function savedDocument(doc: StoredDocument, apart = true): SavedDocument {
  return { key: documentKey(doc), ingested: doc.ingested, apart };
}

/** A document's rows as the consultation's JSON expects them (before validation), a survey's records still as text. */
export function rawDocument(row: DocumentRow): { doc: unknown; records: string | null } {
  const doc = {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    uploadedAt: row.uploaded_at,
    ingested: JSON.parse(row.ingested.toString('utf8')) as unknown,
    mapping: row.mapping === null ? null : (JSON.parse(row.mapping) as unknown),
    ...(row.columns === null ? {} : { columns: JSON.parse(row.columns) as unknown }),
  };
  return { doc, records: row.records };
}

/** The documents as validated, each survey's records from their column, parsed when first used. */
export function withRecords(id: string, documents: StoredDocumentApart[], records: readonly (string | null)[]): { documents: StoredDocument[]; saved: Map<string, SavedDocument> } {
  const saved = new Map<string, SavedDocument>();
  const out = documents.map((doc, i): StoredDocument => {
    const text = records[i] ?? null;
    const inside = doc.ingested.kind !== 'survey' || doc.ingested.records !== undefined;
    if (inside === (text !== null)) throw new AppError('INTERNAL', `consultation ${id} in the database is not valid: document ${doc.id} has ${inside ? 'its records twice' : 'no records'}`);
    if (text !== null) withLazyRecords(doc.ingested, recordsFromText(text, `the records of document ${doc.id} of consultation ${id} in the database`));
    const stored = doc as StoredDocument;
    saved.set(doc.id, savedDocument(stored, doc.ingested.kind !== 'survey' || text !== null));
    return stored;
  });
  return { documents: out, saved };
}

/** Write the documents that were added, changed, moved or removed since `before` (null: a new consultation); returns what is saved. */
export async function saveDocuments(client: pg.PoolClient, id: string, documents: readonly StoredDocument[], before: { saved: Map<string, SavedDocument>; order: readonly string[] } | null): Promise<Map<string, SavedDocument>> {
  const old = before?.saved ?? new Map<string, SavedDocument>();
  const oldPositions = new Map((before?.order ?? []).map((docId, i) => [docId, i]));
  const keep = new Set(documents.map((d) => d.id));
  const gone = [...old.keys()].filter((docId) => !keep.has(docId));
  if (gone.length > 0) await client.query('DELETE FROM documents WHERE consultation_id = $1 AND id = ANY($2::text[])', [id, gone]);
  const saved = new Map<string, SavedDocument>();
  for (const [position, doc] of documents.entries()) {
    const now = savedDocument(doc);
    saved.set(doc.id, now);
    const was = old.get(doc.id);
    if (was && was.apart && was.key === now.key && was.ingested === now.ingested) {
      if (oldPositions.get(doc.id) !== position) await client.query('UPDATE documents SET position = $3 WHERE consultation_id = $1 AND id = $2', [id, doc.id, position]);
      continue;
    }
    const survey = doc.ingested.kind === 'survey';
    const ingested = Buffer.from(JSON.stringify(survey ? withoutRecords(doc.ingested) : doc.ingested), 'utf8');
    const records = doc.ingested.kind === 'survey' ? JSON.stringify(doc.ingested.records) : null;
    const mapping = doc.mapping === null ? null : JSON.stringify(doc.mapping);
    const columns = doc.columns === undefined ? null : JSON.stringify(doc.columns);
    await client.query(
      `INSERT INTO documents (consultation_id, position, id, name, size, uploaded_at, mapping, ingested, records, columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (consultation_id, id) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name, size = EXCLUDED.size,
         uploaded_at = EXCLUDED.uploaded_at, mapping = EXCLUDED.mapping, ingested = EXCLUDED.ingested, records = EXCLUDED.records, columns = EXCLUDED.columns`,
      [id, position, doc.id, doc.name, doc.size, doc.uploadedAt, mapping, ingested, records, columns],
    );
  }
  return saved;
}

/** An analysis's documents in its column: a survey's records left out when a stored document holds the same rows (`sharedRecords`). */
const documentsApart = z.array(documentInfo.extend({ records: documentInfo.shape.records.optional() })).max(LIMITS.documents);
export const analysisColumn = storedAnalysisApart.extend({ documents: documentsApart, sharedRecords: sharedRecords.optional() });
export const previousColumn = previousAnalysisApart.extend({ documents: documentsApart, sharedRecords: sharedRecords.optional() });

/** An analysis (without its segments) for its column: the records it shares with the documents written as references. */
export function analysisText<A extends { documents: readonly DocumentInfoApart[] }>(analysis: A, documents: readonly StoredDocument[]): string {
  const { infos, shared } = shareRecords(analysis.documents as Parameters<typeof shareRecords>[0], documents);
  // sharedRecords written even when empty: it marks a column written so (one written before keeps every copy inside).
  return JSON.stringify({ ...analysis, documents: infos, sharedRecords: shared });
}

/** An analysis read from its column, each shared survey's records the document's (the same array, read when the document's are). */
export function analysisDocuments<A extends { documents: DocumentInfoApart[]; sharedRecords?: z.infer<typeof sharedRecords> }>(id: string, analysis: A, documents: readonly StoredDocument[]): Omit<A, 'sharedRecords'> & { documents: ReturnType<typeof restoreRecords> } {
  const { sharedRecords: shared, ...rest } = analysis;
  return { ...rest, documents: restoreRecords(rest.documents, documents, shared ?? [], `consultation ${id}`) };
}
