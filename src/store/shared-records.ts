// A survey's records kept once in a consultation file: the analysis's copy of a document's records (the same rows the
// upload stored) is written as a reference to that document, and read back as the same array.
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { DocumentInfo, SurveyRecord } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';
import { pendingRecords, recordsSource, withLazyRecords, withoutRecords } from './lazy-records.ts';
import type { StoredDocument } from './schema.ts';

/** Which analysis documents take their records from which stored document: [index in analysis.documents, document id]. */
export const sharedRecords = z.array(z.tuple([z.number().int().min(0).max(LIMITS.documents), z.string().max(LIMITS.id)])).max(LIMITS.documents);
export type SharedRecords = z.infer<typeof sharedRecords>;

/** An analysis document as the consultation file holds it: without `records` when they are shared with a stored document. */
export type DocumentInfoApart = Omit<DocumentInfo, 'records'> & { records?: DocumentInfo['records'] };

function sameRecords(a: readonly SurveyRecord[], b: readonly SurveyRecord[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.line !== y.line || x.cells.length !== y.cells.length) return false;
    for (let j = 0; j < x.cells.length; j++) if (x.cells[j] !== y.cells[j]) return false;
  }
  return true;
}

/** Two holders of the same records: one loader not read yet, else the same rows. */
function sameSource(a: { records: readonly SurveyRecord[] }, b: { records: readonly SurveyRecord[] }): boolean {
  const load = pendingRecords(a);
  return (load !== null && load === pendingRecords(b)) || sameRecords(a.records, b.records);
}

/**
 * The analysis's documents to write, each survey's records left out when a stored document of the same name holds the
 * same records (a 100,000-answer survey: 21 MB written, parsed and held once instead of twice), and which they share.
 */
export function shareRecords(infos: readonly DocumentInfo[], documents: readonly StoredDocument[]): { infos: DocumentInfoApart[]; shared: SharedRecords } {
  const shared: SharedRecords = [];
  const out = infos.map((info, i): DocumentInfoApart => {
    if (!pendingRecords(info) && !info.records) return info;
    const doc = documents.find((d) => d.name === info.name && d.ingested.kind === 'survey' && sameSource(d.ingested, info as { records: SurveyRecord[] }));
    if (!doc) return info;
    shared.push([i, doc.id]);
    return withoutRecords(info);
  });
  return { infos: out, shared };
}

/** The analysis's documents read back: each shared one with the stored document's records (the same array, read when the document's are). */
export function restoreRecords(infos: readonly DocumentInfoApart[], documents: readonly StoredDocument[], shared: SharedRecords, where: string): DocumentInfo[] {
  const from = new Map(shared);
  return infos.map((info, i) => {
    const id = from.get(i);
    if (id === undefined) {
      if (info.records === undefined) throw new AppError('INTERNAL', `${where} in the data folder is not valid: analysis document ${i + 1} has no records`);
      return info as DocumentInfo;
    }
    const doc = documents.find((d) => d.id === id);
    if (!doc || doc.ingested.kind !== 'survey') throw new AppError('INTERNAL', `${where} in the data folder is not valid: analysis document ${i + 1} shares the records of a survey it does not hold`);
    return withLazyRecords({ ...info }, recordsSource(doc.ingested)) as DocumentInfo;
  });
}
