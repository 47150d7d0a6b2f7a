// The lowdb store's files of one consultation: the consultation, its previous analysis, and each analysis's segments in a file of their own.
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonFile } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import { synthesis, type AnalysedSegment } from '../model/index.ts';
import { readSegmentLines, writeSegmentLines } from './segment-lines.ts';
import { auditEntry, consultationData, previousAnalysis, storedAnalysis, type ConsultationData, type PreviousAnalysis, type StoredAnalysis } from './schema.ts';

/** The name of a file of segments: the consultation's id, then a random part (a new file for each analysis). */
const segmentsFileName = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.segments\.[0-9a-f]{16}\.jsonl$/);

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
const synthesisApart = synthesis.extend({ segments: synthesis.shape.segments.optional() });
const mainFile = consultationFile.extend({ analysis: storedAnalysis.extend({ synthesis: synthesisApart }).nullable().default(null), segmentsFile: segmentsFileName.optional() });
const previousFile = z.object({ previous: previousAnalysis.extend({ synthesis: synthesisApart }), segmentsFile: segmentsFileName.optional() });
/** An analysis whose segments may be in a file of their own. */
type Apart<A extends StoredAnalysis> = Omit<A, 'synthesis'> & { synthesis: z.infer<typeof synthesisApart> };

/** The consultation without its audit log. */
export function withoutAudit(file: ConsultationFile): ConsultationData {
  const { audit: _audit, ...data } = file;
  return data;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Not read or written yet: the first write writes the previous analysis whatever it is. */
const UNKNOWN = Symbol('unknown');

/** The analysis with these segments. */
function withSegments<A extends StoredAnalysis>(analysis: Apart<A>, segments: AnalysedSegment[]): A {
  return { ...analysis, synthesis: { ...analysis.synthesis, segments } } as A;
}

/** The analysis as written beside a file of its segments: without them. */
function segmentsApart<A extends StoredAnalysis>(analysis: A): Apart<A> {
  const { segments: _segments, ...rest } = analysis.synthesis;
  return { ...analysis, synthesis: rest };
}

/** An analysis read from a file: its segments from their own file, or (written before) from the analysis itself. */
async function segmentsOf<A extends StoredAnalysis>(analysis: Apart<A>, segmentsFile: string | undefined, read: (name: string) => Promise<AnalysedSegment[]>, where: string): Promise<A> {
  if (segmentsFile) return withSegments(analysis, await read(segmentsFile));
  if (!analysis.synthesis.segments) throw new AppError('INTERNAL', `${where} in the data folder is not valid: an analysis without its segments`);
  return analysis as A;
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
export class ConsultationFiles implements Adapter<ConsultationFile> {
  private readonly main: AtomicJsonFile<z.infer<typeof mainFile>>;
  private readonly previous: AtomicJsonFile<z.infer<typeof previousFile>>;
  private writtenPrevious: PreviousAnalysis | undefined | typeof UNKNOWN = UNKNOWN;
  private previousSegmentsFile: string | undefined;
  /** The file each list of segments read or written is in: an analysis that becomes the previous one keeps its file. */
  private readonly segmentsFiles = new WeakMap<readonly AnalysedSegment[], string>();

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

  async read(): Promise<ConsultationFile | null> {
    const read = await this.main.read();
    if (!read) return null;
    const { segmentsFile, analysis, ...rest } = read;
    const readSegments = (name: string): Promise<AnalysedSegment[]> => this.readSegments(name);
    const data: ConsultationFile = { ...rest, analysis: analysis && (await segmentsOf<StoredAnalysis>(analysis, segmentsFile, readSegments, `${this.id}.json`)) };
    if (data.previous) return data;
    const kept = await this.previous.read();
    if (kept) data.previous = await segmentsOf<PreviousAnalysis>(kept.previous, kept.segmentsFile, readSegments, `${this.id}.previous.json`);
    this.writtenPrevious = data.previous;
    this.previousSegmentsFile = kept?.segmentsFile;
    return data;
  }

  async write(data: ConsultationFile): Promise<void> {
    const { previous, ...rest } = data;
    // New segment files first, then the files naming them, then the files no longer named: a crash in between
    // leaves the old state whole, or the new one (and a file of segments nothing names, removed at the next write).
    const segmentsFile = rest.analysis ? await this.segmentsFileOf(rest.analysis.synthesis.segments) : undefined;
    // Changes replace the previous analysis, never change it in place (see copyForChange): the same object is the same analysis.
    if (previous !== this.writtenPrevious) {
      this.previousSegmentsFile = undefined;
      if (previous) {
        this.previousSegmentsFile = await this.segmentsFileOf(previous.synthesis.segments);
        await this.previous.write({ previous: segmentsApart(previous), segmentsFile: this.previousSegmentsFile });
      } else await rm(this.pathOf('.previous'), { force: true });
      this.writtenPrevious = previous;
    }
    await this.main.write({ ...rest, analysis: rest.analysis && segmentsApart(rest.analysis), ...(segmentsFile ? { segmentsFile } : {}) });
    await this.removeSegmentFiles(new Set([segmentsFile, this.previousSegmentsFile]));
  }

  /** Remove every file of the consultation (it is deleted). */
  async remove(): Promise<void> {
    for (const suffix of ['', '.audit', '.previous']) await rm(this.pathOf(suffix), { force: true });
    await this.removeSegmentFiles(new Set());
  }

  private async readSegments(name: string): Promise<AnalysedSegment[]> {
    const segments = await readSegmentLines(path.join(this.dir, name));
    this.segmentsFiles.set(segments, name);
    return segments;
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

  /** Remove this consultation's files of segments that are not in `keep`. */
  private async removeSegmentFiles(keep: ReadonlySet<string | undefined>): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const prefix = `${this.id}.segments.`;
    await Promise.all(names.filter((n) => n.startsWith(prefix) && !keep.has(n)).map((n) => rm(path.join(this.dir, n), { force: true })));
  }
}
