// An analysis's segments in their own file, one JSON object a line: written in pieces, read and checked one segment at a time.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { writeAtomically } from '../atomic-json-file.ts';
import { AppError } from '../errors.ts';
import { analysedSegment, type AnalysedSegment } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';

/** Written out (and the event loop let go) whenever this much text is waiting. */
const FLUSH_CHARS = 1 << 18;

/** Write the segments atomically, one JSON object a line (JSON.stringify escapes line breaks inside texts). */
export async function writeSegmentLines(file: string, segments: readonly AnalysedSegment[]): Promise<void> {
  await writeAtomically(file, async (handle) => {
    let batch = '';
    for (const segment of segments) {
      batch += `${JSON.stringify(segment)}\n`;
      if (batch.length >= FLUSH_CHARS) {
        await handle.write(batch);
        batch = '';
      }
    }
    if (batch) await handle.write(batch);
  });
}

/** The segments as JSON lines, one a line (the PostgreSQL store keeps them so in a column). */
export function segmentLinesText(segments: readonly AnalysedSegment[]): string {
  return segments.map((s) => `${JSON.stringify(s)}\n`).join('');
}

/** Segments taken one line at a time, each parsed and checked on its own; `where` names the file or column in errors ("x in the data folder"). */
class SegmentLines {
  readonly segments: AnalysedSegment[] = [];
  constructor(private readonly where: string) {}

  take(line: string): void {
    const n = this.segments.length + 1;
    if (line.trim() === '') return;
    if (n > LIMITS.segments) throw invalid(this.where, n, `more than ${LIMITS.segments} segments`);
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw invalid(this.where, n, (err as Error).message);
    }
    const parsed = analysedSegment.safeParse(raw);
    if (!parsed.success) throw invalid(this.where, n, `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    this.segments.push(parsed.data);
  }

  /** Take every whole line of `text`; returns what follows the last line break. */
  takeLines(text: string): string {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.take(text.slice(start, end));
      start = end + 1;
    }
    return text.slice(start);
  }
}

/** Segments kept as JSON lines in one text (a PostgreSQL column), each line parsed and checked on its own. */
export function parseSegmentLines(text: string, where: string): AnalysedSegment[] {
  const lines = new SegmentLines(where);
  lines.take(lines.takeLines(text));
  return lines.segments;
}

/**
 * Read the segments back, each line parsed and checked on its own: the file never exists as one string, and no
 * second copy of all the segments is made (a 100,000-answer analysis: 150 MB of JSON). The stream lets the event loop
 * run between its pieces, so requests that need no store are answered meanwhile.
 */
export async function readSegmentLines(file: string): Promise<AnalysedSegment[]> {
  const lines = new SegmentLines(`${path.basename(file)} in the data folder`);
  let rest = '';
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) rest = lines.takeLines(rest + (chunk as string));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('INTERNAL', `${path.basename(file)}, which holds an analysis's segments, is missing from the data folder`);
    throw err;
  }
  lines.take(rest);
  return lines.segments;
}

function invalid(where: string, segment: number, why: string): AppError {
  return new AppError('INTERNAL', `${where} is not valid: segment ${segment}: ${why}`);
}
