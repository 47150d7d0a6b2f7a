// The store seam: services read and write consultations through this interface; lowdb (default) and PostgreSQL implement it.
import type { AnalysedSegment } from '../model/index.ts';
import type { AnalysisHead, AuditEntry, ConsultationCounts, ConsultationData, ConsultationHead, ConsultationListing, StoredAnalysis } from './schema.ts';

export interface Store {
  /** Every consultation's record with its counts, newest first, without reading any consultation in full. */
  list(): Promise<ConsultationListing[]>;
  /** One consultation with its documents, analysis and edits, or null when there is none with that id. */
  get(id: string): Promise<ConsultationData | null>;
  /**
   * The consultation without its analyses' segments (the current and the previous analysis), or null when there is
   * none: what the role check, the consultation page and the list of files need. The segments are not read for it
   * (a 100,000-answer analysis: 150 MB of them); `segments` or `get` reads them when first needed.
   */
  head(id: string): Promise<ConsultationHead | null>;
  /**
   * The segments of the consultation's analysis that ran at `runAt` (the current one, or the previous one), read when
   * first asked for; null when the consultation has no such analysis (it was replaced meanwhile, or deleted).
   */
  segments(id: string, runAt: string): Promise<AnalysedSegment[] | null>;
  /**
   * The consultation's version: a stamp that changes with every change to it (and when it is deleted and made
   * again), null when there is none. Cheap (no documents or analysis are read): for a watcher that reads the
   * consultation again only when it changed (the live plenary's projector).
   */
  version(id: string): Promise<string | null>;
  /** Save a new consultation. */
  create(data: ConsultationData): Promise<void>;
  /**
   * Change a consultation: `change` gets a copy (see `copyForChange`: the record, the lists and each
   * document are its own; analysis, codebook and document contents are shared and must be replaced, not
   * changed in place) and returns the new state. Changes to one consultation are applied one after the
   * other (a throw in `change` leaves it untouched); returns null when the consultation does not exist.
   * Every change makes `updatedAt` later than before: it is the version checked for optimistic concurrency.
   */
  update(id: string, change: (data: ConsultationData) => ConsultationData): Promise<ConsultationData | null>;
  /** Remove a consultation; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Add a line to a consultation's audit log (does not change its version); false when there is no such consultation. */
  appendAudit(id: string, entry: AuditEntry): Promise<boolean>;
  /** The consultation's audit log, oldest first (empty when there is none). */
  audit(id: string): Promise<AuditEntry[]>;
  /** Release connections (PostgreSQL); optional. */
  close?(): Promise<void>;
}

/** The counts a list of consultations shows, from a consultation's stored state (stores keep them beside the record). */
export function countsOf(data: ConsultationHead): ConsultationCounts {
  return {
    documents: data.documents.length,
    analysedAt: data.analysis?.runAt ?? null,
    edits: data.edits.length,
    members: (data.members ?? []).map((m) => m.user),
  };
}

/** The next version stamp: now, or 1 ms after `previous` when the clock has not moved past it (so versions always increase). */
export function nextStamp(previous: string, now: Date = new Date()): string {
  const prev = Date.parse(previous);
  return Number.isFinite(prev) && now.getTime() <= prev ? new Date(prev + 1).toISOString() : now.toISOString();
}

/**
 * The copy `Store.update` hands to a change: deep enough for what changes do (set a field, push to or
 * filter a list, set a document's mapping), without copying the analysis and the documents' contents,
 * which a 100,000-answer consultation makes hundreds of megabytes (a full structuredClone blocked the
 * server for seconds). Those shared parts are replaced by changes, never changed in place.
 */
export function copyForChange(data: ConsultationData): ConsultationData {
  return {
    ...data,
    consultation: { ...data.consultation },
    documents: data.documents.map((d) => ({ ...d })),
    edits: [...data.edits],
    history: [...data.history],
    ...(data.members ? { members: data.members.map((m) => ({ ...m })) } : {}),
  };
}

/** The analysis with these segments. */
export function withSegments<A extends StoredAnalysis>(analysis: AnalysisHead<A>, segments: AnalysedSegment[]): A {
  return { ...analysis, synthesis: { ...analysis.synthesis, segments } } as unknown as A;
}

/** The analysis without its segments. */
export function withoutSegments<A extends StoredAnalysis>(analysis: A): AnalysisHead<A> {
  const { segments: _segments, ...rest } = analysis.synthesis;
  return { ...analysis, synthesis: rest };
}
