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

/**
 * Read the segments back, each line parsed and checked on its own: the file never exists as one string, and no
 * second copy of all the segments is made (a 100,000-answer analysis: 150 MB of JSON). The stream lets the event loop
 * run between its pieces, so requests that need no store are answered meanwhile.
 */
export async function readSegmentLines(file: string): Promise<AnalysedSegment[]> {
  const segments: AnalysedSegment[] = [];
  const take = (line: string): void => {
    if (line.trim() === '') return;
    if (segments.length >= LIMITS.segments) throw invalid(file, segments.length + 1, `more than ${LIMITS.segments} segments`);
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw invalid(file, segments.length + 1, (err as Error).message);
    }
    const parsed = analysedSegment.safeParse(raw);
    if (!parsed.success) throw invalid(file, segments.length + 1, `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    segments.push(parsed.data);
  };
  let rest = '';
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        take(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('INTERNAL', `${path.basename(file)}, which holds an analysis's segments, is missing from the data folder`);
    throw err;
  }
  take(rest);
  return segments;
}

function invalid(file: string, segment: number, why: string): AppError {
  return new AppError('INTERNAL', `${path.basename(file)} in the data folder is not valid: segment ${segment}: ${why}`);
}
