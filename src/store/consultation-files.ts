// The lowdb store's files of one consultation: the consultation, its previous analysis, and each analysis's segments in a file of their own.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AtomicJsonFile, writeAtomically, writeJson } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import { documentInfo, type AnalysedSegment } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';
import { recordsFromText, withLazyRecords, withoutRecords } from './lazy-records.ts';
import { restoreRecords, shareRecords, sharedRecords } from './shared-records.ts';
import { readSegmentLines, writeSegmentLines } from './segment-lines.ts';
import { auditEntry, consultationData, previousAnalysisApart, storedAnalysisApart, storedDocumentApart, type AnalysisHead, type ConsultationHead, type PreviousAnalysis, type StoredAnalysis, type StoredDocument, type StoredDocumentApart } from './schema.ts';
import { withoutSegments } from './store.ts';

/** The name of a file of segments: the consultation's id, then a random part (a new file for each analysis). */
const segmentsFileName = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.segments\.[0-9a-f]{16}\.jsonl$/);
/** The name of a file of a survey's records (a JSON array): the consultation's id, then a random part (a new file for each new survey). */
const recordsFileName = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.records\.[0-9a-f]{16}\.json$/);

/**
 * A consultation file: the consultation. Stores written before the audit log had its own file kept the log
 * here (`audit`); it is moved to the audit file at the first change. `segmentsFile` names the file holding the
 * analysis's segments (the analysis here then has none); files written before it kept them inside.
 */
export const consultationFile = consultationData.extend({ audit: z.array(auditEntry).optional() });
export type ConsultationFile = z.infer<typeof consultationFile>;

/**
 * An analysis as its file holds it: without `segments` when they are in a file of their own (so that an earlier
 * version, which expects them here, refuses the file instead of reading an analysis without segments and saving it so).
 */
/** In the consultation file, an analysis document's records are left out when they are a stored document's (`sharedRecords`). */
const analysisInMain = storedAnalysisApart.extend({ documents: z.array(documentInfo.extend({ records: documentInfo.shape.records.optional() })).max(LIMITS.documents) });
/** In the consultation file, a survey's records are left out when they are in a file of their own (`recordsFiles`). */
const mainFile = consultationFile.extend({
  documents: z.array(storedDocumentApart).max(LIMITS.documents),
  analysis: analysisInMain.nullable().default(null),
  segmentsFile: segmentsFileName.optional(),
  sharedRecords: sharedRecords.optional(),
  /** Which documents' records are in which file: [index in documents, file name] (absent in files written before: records inside). */
  recordsFiles: z.array(z.tuple([z.number().int().min(0).max(LIMITS.documents), recordsFileName])).max(LIMITS.documents).optional(),
});
type DocumentInMain = StoredDocumentApart;
const previousFile = z.object({ previous: previousAnalysisApart, segmentsFile: segmentsFileName.optional() });
/** An analysis whose segments may be in a file of their own. */
type Apart<A extends StoredAnalysis> = Omit<A, 'synthesis'> & { synthesis: z.infer<typeof storedAnalysisApart>['synthesis'] };

/** The consultation without its audit log. */
export function withoutAudit<F extends { audit?: unknown }>(file: F): Omit<F, 'audit'> {
  const { audit: _audit, ...data } = file;
  return data;
}

/** A consultation file without its analyses' segments. */
export type ConsultationHeadFile = ConsultationHead & { audit?: ConsultationFile['audit'] };

/** Where an analysis's segments are: in a file of their own, or (written before) inside the analysis as read. */
export type SegmentsAt = { file: string } | { inline: AnalysedSegment[] };

/** A consultation file read without its segments, and where each analysis's segments are. */
export interface HeadRead {
  head: ConsultationHeadFile;
  analysis: SegmentsAt | null;
  previous: SegmentsAt | null;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** An analysis as read: its header, and where its segments are (in a file of their own, else inside it). */
function apart<A extends StoredAnalysis>(analysis: Apart<A>, segmentsFile: string | undefined, where: string): { head: AnalysisHead<A>; at: SegmentsAt } {
  const { segments, ...rest } = analysis.synthesis;
  const head = { ...analysis, synthesis: rest } as AnalysisHead<A>;
  if (segmentsFile) return { head, at: { file: segmentsFile } };
  if (!segments) throw new AppError('INTERNAL', `${where} in the data folder is not valid: an analysis without its segments`);
  return { head, at: { inline: segments } };
}

/**
 * A consultation's files: the consultation in `<id>.json`; the analysis it replaced (kept for "what changed since the
 * last analysis") in `<id>.previous.json`, written only when it changes; and the segments of each of the two analyses
 * in `<id>.segments.<random>.jsonl`, one segment a line, written once per analysis. An edit rewrites the consultation
 * file alone, without the analyses' segments (most of a large consultation: 150 of its 200 MB at 100,000 answers),
 * and a read checks the segments one at a time instead of parsing and copying them all at once.
 * Files written before (the previous analysis, or the segments, inside the consultation file) are read as they
 * are, and split at their next write.
 */
export class ConsultationFiles {
  private readonly main: AtomicJsonFile<z.infer<typeof mainFile>>;
  private readonly previous: AtomicJsonFile<z.infer<typeof previousFile>>;
  /** The previous analysis was read from inside the consultation file (written before it had its own): moved at the next write. */
  private previousInMain = false;
  private previousSegmentsFile: string | undefined;
  /** The file each list of segments read or written is in: an analysis that becomes the previous one keeps its file. */
  private readonly segmentsFiles = new WeakMap<readonly AnalysedSegment[], string>();
  /** The file each survey read or written keeps its records in (surveys are replaced, never changed in place). */
  private readonly recordsFiles = new WeakMap<object, string>();

  constructor(
    private readonly dir: string,
    private readonly id: string,
  ) {
    this.main = new AtomicJsonFile(this.pathOf(''), mainFile);
    this.previous = new AtomicJsonFile(this.pathOf('.previous'), previousFile);
  }

  private pathOf(suffix: string): string {
    return path.join(this.dir, `${this.id}${suffix}.json`);
  }

  /**
   * The consultation without its analyses' segments (read by `readSegments` when needed): the consultation file
   * and the previous analysis's file, not the files of segments.
   */
  async readHead(): Promise<HeadRead | null> {
    const read = await this.main.read();
    if (!read) return null;
    const { segmentsFile, analysis: stored, sharedRecords: shared, recordsFiles, documents: inMain, previous, ...rest } = read;
    const documents = await this.withRecords(inMain, recordsFiles ?? []);
    const analysis = stored && { ...stored, documents: restoreRecords(stored.documents, documents, shared ?? [], `${this.id}.json`) };
    const current = analysis ? apart<StoredAnalysis>(analysis, segmentsFile, `${this.id}.json`) : null;
    const head: ConsultationHeadFile = { ...rest, documents, analysis: current?.head ?? null };
    this.previousInMain = previous !== undefined;
    let before: { head: AnalysisHead<PreviousAnalysis>; at: SegmentsAt } | null = null;
    if (previous) before = apart<PreviousAnalysis>(previous, undefined, `${this.id}.json`);
    else {
      const kept = await this.previous.read();
      if (kept) before = apart<PreviousAnalysis>(kept.previous, kept.segmentsFile, `${this.id}.previous.json`);
      this.previousSegmentsFile = kept?.segmentsFile;
    }
    if (before) head.previous = before.head;
    return { head, analysis: current?.at ?? null, previous: before?.at ?? null };
  }

  /**
   * The documents as read, each survey's records from its own file: read as text now (so a later write that removes
   * the file cannot pull it away), parsed and checked when first used (`withLazyRecords`).
   */
  private async withRecords(documents: DocumentInMain[], files: readonly (readonly [number, string])[]): Promise<StoredDocument[]> {
    const fileOf = new Map(files);
    const out: StoredDocument[] = [];
    for (const [i, doc] of documents.entries()) {
      const file = fileOf.get(i);
      const inside = doc.ingested.kind !== 'survey' || doc.ingested.records !== undefined;
      if (inside !== (file === undefined)) throw new AppError('INTERNAL', `${this.id}.json in the data folder is not valid: document ${i + 1} has ${inside ? 'its records twice' : 'no records'}`);
      if (file !== undefined) {
        const text = await readFile(path.join(this.dir, file), 'utf8');
        withLazyRecords(doc.ingested, recordsFromText(text, `${file} in the data folder`));
        this.recordsFiles.set(doc.ingested, file);
      }
      out.push(doc as StoredDocument);
    }
    return out;
  }

  /** The documents as the consultation file holds them (each survey without its records) and which file holds each survey's records. */
  private async recordsApart(documents: readonly StoredDocument[]): Promise<{ documents: DocumentInMain[]; files: [number, string][] }> {
    const files: [number, string][] = [];
    const out = await Promise.all(
      documents.map(async (doc, i): Promise<DocumentInMain> => {
        if (doc.ingested.kind !== 'survey') return doc;
        files.push([i, await this.recordsFileOf(doc.ingested)]);
        return { ...doc, ingested: withoutRecords(doc.ingested) };
      }),
    );
    return { documents: out, files: files.sort((a, b) => a[0] - b[0]) };
  }

  /** The file holding a survey's records: the one they were read from or written to (if it is still there), else a new one. */
  private async recordsFileOf(survey: Extract<StoredDocument['ingested'], { kind: 'survey' }>): Promise<string> {
    let name = this.recordsFiles.get(survey);
    if (!name || !(await exists(path.join(this.dir, name)))) {
      name = `${this.id}.records.${randomBytes(8).toString('hex')}.json`;
      const records = survey.records;
      await writeAtomically(path.join(this.dir, name), (handle) => writeJson(handle, records));
      this.recordsFiles.set(survey, name);
    }
    return name;
  }

  /** An analysis's segments, from their file (read and checked one at a time) or as read inside the analysis. */
  async readSegments(at: SegmentsAt): Promise<AnalysedSegment[]> {
    if ('inline' in at) return at.inline;
    const segments = await readSegmentLines(path.join(this.dir, at.file));
    this.segmentsFiles.set(segments, at.file);
    return segments;
  }

  /**
   * Write the consultation; the previous analysis's file only when `previousChanged` (changes replace the previous
   * analysis, never change it in place: see copyForChange) or when it is still inside the consultation file.
   */
  async write(data: ConsultationFile, previousChanged: boolean): Promise<void> {
    const { previous, ...rest } = data;
    // New segment files first, then the files naming them, then the files no longer named: a crash in between
    // leaves the old state whole, or the new one (and a file of segments nothing names, removed at the next write).
    const segmentsFile = rest.analysis ? await this.segmentsFileOf(rest.analysis.synthesis.segments) : undefined;
    if (previousChanged || this.previousInMain) {
      this.previousSegmentsFile = undefined;
      if (previous) {
        this.previousSegmentsFile = await this.segmentsFileOf(previous.synthesis.segments);
        await this.previous.write({ previous: withoutSegments(previous), segmentsFile: this.previousSegmentsFile });
      } else await rm(this.pathOf('.previous'), { force: true });
      this.previousInMain = false;
    }
    const apartAnalysis = rest.analysis && withoutSegments(rest.analysis);
    const shared = apartAnalysis && shareRecords(apartAnalysis.documents, rest.documents);
    const analysis = apartAnalysis && { ...apartAnalysis, documents: shared!.infos };
    const records = await this.recordsApart(rest.documents);
    await this.main.write({
      ...rest,
      documents: records.documents,
      analysis,
      ...(segmentsFile ? { segmentsFile } : {}),
      ...(shared?.shared.length ? { sharedRecords: shared.shared } : {}),
      ...(records.files.length ? { recordsFiles: records.files } : {}),
    });
    await this.removeUnnamedFiles(new Set([segmentsFile, this.previousSegmentsFile, ...records.files.map(([, name]) => name)]));
  }

  /** Remove every file of the consultation (it is deleted). */
  async remove(): Promise<void> {
    for (const suffix of ['', '.audit', '.previous']) await rm(this.pathOf(suffix), { force: true });
    await this.removeUnnamedFiles(new Set());
  }

  /** The file holding these segments: the one they were read from or written to (if it is still there), else a new one. */
  private async segmentsFileOf(segments: readonly AnalysedSegment[]): Promise<string> {
    let name = this.segmentsFiles.get(segments);
    if (!name || !(await exists(path.join(this.dir, name)))) {
      name = `${this.id}.segments.${randomBytes(8).toString('hex')}.jsonl`;
      await writeSegmentLines(path.join(this.dir, name), segments);
      this.segmentsFiles.set(segments, name);
    }
    return name;
  }

  /** Remove this consultation's files of segments and of records that are not in `keep`. */
  private async removeUnnamedFiles(keep: ReadonlySet<string | undefined>): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ours = (n: string): boolean => n.startsWith(`${this.id}.segments.`) || n.startsWith(`${this.id}.records.`);
    await Promise.all(names.filter((n) => ours(n) && !keep.has(n)).map((n) => rm(path.join(this.dir, n), { force: true })));
  }
}
