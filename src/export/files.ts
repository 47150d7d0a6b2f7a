// Write the four report files of a synthesis into a folder (the CLI's output; the benchmark times the same code).
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { DocumentInfo, Synthesis } from '../model/index.ts';
import { redactSynthesis } from '../privacy/redact.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml } from './html.ts';
import { renderDifferencesCsv, renderNextStepsCsv, renderSegmentsCsv } from './csv.ts';

export const REPORT_FILES = ['synthesis.json', 'report.md', 'report.html', 'segments.csv'] as const;

/** The unredacted synthesis written beside redacted reports only when asked: named so nobody shares it by mistake. */
export const UNREDACTED_SYNTHESIS_FILE = 'synthesis-UNREDACTED-do-not-share.json';

/** How writeReportFiles writes: redacted or not, and what redaction needs. */
export interface ReportFileOptions {
  /** Replace personal data in every file written, synthesis.json included (counts unchanged). */
  redact?: boolean;
  /** The consultation's documents: their attendee lists and texts name people the synthesis does not keep. */
  documents?: readonly DocumentInfo[];
  /** With `redact`, also write the unredacted synthesis as UNREDACTED_SYNTHESIS_FILE. */
  alsoWriteUnredactedSynthesis?: boolean;
  /** The reports' title (`--title`); default from the documents' own titles. */
  title?: string;
}

/**
 * Write synthesis.json as a stream: everything but the segments indented, then one segment per line,
 * so a 100,000-answer synthesis never exists as one indented string in memory. Same JSON value as
 * JSON.stringify(s); `segments` is the schema's last key, so the key order is kept too.
 */
export async function writeSynthesisJson(file: string, s: Synthesis): Promise<void> {
  const out = createWriteStream(file);
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const head = JSON.stringify({ ...s, segments: undefined }, null, 2);
  await write(`${head.slice(0, head.lastIndexOf('\n}'))},\n  "segments": [`);
  // Segments go out in chunks of about 256 KB: one write per segment costs more than the JSON itself, and
  // larger chunks live long enough to reach the old generation (figures: docs/performance.md).
  let chunk: string[] = [];
  let size = 0;
  for (let i = 0; i < s.segments.length; i++) {
    const json = JSON.stringify(s.segments[i]);
    chunk.push(json);
    size += json.length;
    if (size >= 1 << 18 || i === s.segments.length - 1) {
      await write(`${i + 1 > chunk.length ? ',' : ''}\n    ${chunk.join(',\n    ')}`);
      chunk = [];
      size = 0;
    }
  }
  await write(`${s.segments.length ? '\n  ' : ''}]\n}\n`);
  out.end();
  await once(out, 'close');
}

/**
 * Write synthesis.json, report.md, report.html, segments.csv, differences.csv and, when there are next steps, next-steps.csv into
 * `dir` (created if missing). With `redact`,
 * every one of them is redacted, so the folder can be shared as it is; the unredacted synthesis is written
 * only with `alsoWriteUnredactedSynthesis`, under a name that says so.
 */
export async function writeReportFiles(dir: string, input: Synthesis, options: ReportFileOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Redacted once; the reports are then rendered from the redacted copy.
  const s = options.redact ? redactSynthesis(input, options.documents) : input;
  if (options.redact && options.alsoWriteUnredactedSynthesis) await writeSynthesisJson(path.join(dir, UNREDACTED_SYNTHESIS_FILE), input);
  await writeSynthesisJson(path.join(dir, 'synthesis.json'), s);
  const shown = { alreadyRedacted: options.redact === true, title: options.title };
  await writeFile(path.join(dir, 'report.md'), renderMarkdown(s, shown));
  await writeFile(path.join(dir, 'report.html'), renderHtml(s, shown));
  await writeFile(path.join(dir, 'segments.csv'), renderSegmentsCsv(s));
  // The register of agreed actions, when the notes hold any.
  if ((s.nextSteps ?? []).length > 0) await writeFile(path.join(dir, 'next-steps.csv'), renderNextStepsCsv(s));
  // The claims of "Who said it differently", every one of them with its counts and test (the header alone when none passed).
  await writeFile(path.join(dir, 'differences.csv'), renderDifferencesCsv(s));
}
