// Redaction on blind documents (test/fixtures/blind-names): notes written by a session that never saw Harvest's code,
// with every occurrence of a person's name listed (kind "person") and the look-alikes that must stay (kind "keep":
// organisations, streets and schools named after people, titles without a name, ordinary words that are also names).
// Each document is analysed and redacted as `harvest analyse --redact` does, and each listed occurrence is looked for
// in what the output shows of its line (the segments covering it, a heading written on it, a metadata value on it):
// a name "left" is one shown there unredacted that the redacted output still shows (whole word, case-sensitive).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Resources } from '../corpus.ts';
import { ingestFile } from '../ingest/index.ts';
import { analyseDocuments } from '../pipeline/index.ts';
import { redactSynthesis } from '../privacy/redact.ts';
import { escapeRegExp } from '../model/regexp.ts';
import type { Synthesis } from '../model/index.ts';

export type NamesHalf = 'tune' | 'test';

export interface NamesDocument {
  name: string;
  file: string;
  /** Each occurrence the writer listed: a person's name, or a look-alike to keep, on a physical line of the file. */
  rows: { line: number; text: string; kind: 'person' | 'keep' }[];
}

export interface RedactionScore {
  documents: number;
  /** Person-name occurrences that the unredacted output shows (in what it shows of their line). */
  persons: number;
  /** Of those, the ones the redacted output still shows, with their document and line. */
  left: { document: string; line: number; text: string }[];
  /** Look-alike occurrences the unredacted output shows. */
  keeps: number;
  /** Of those, the ones redaction removed. */
  lost: { document: string; line: number; text: string }[];
}

/** The documents of one half, each with its `.names.csv` (`line,text,kind`). */
export function namesDocuments(root: string, half: NamesHalf): NamesDocument[] {
  const dir = path.join(root, half);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).sort();
  const out: NamesDocument[] = [];
  for (const f of files) {
    if (!f.endsWith('.names.csv')) continue;
    const name = f.slice(0, -'.names.csv'.length);
    const file = files.find((d) => d !== f && path.parse(d).name === name);
    if (!file) continue;
    const rows = parse(readFileSync(path.join(dir, f), 'utf8'), { columns: true, skip_empty_lines: true }) as { line: string; text: string; kind: string }[];
    out.push({
      name: file,
      file: path.join(dir, file),
      rows: rows.filter((r) => (r.kind === 'person' || r.kind === 'keep') && r.text.trim()).map((r) => ({ line: Number(r.line), text: r.text.trim(), kind: r.kind as 'person' | 'keep' })),
    });
  }
  return out;
}

/** Does `text` hold `phrase` as a whole word (or words), case-sensitive? */
function holds(text: string, phrase: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * What the output shows of one physical line, unredacted and redacted side by side: the segments that cover it (their
 * text and attributes), the headings written on it (as the section of some segment), and the metadata values it holds.
 */
function shownOfLine(line: number, lineText: string, plain: Synthesis, redacted: Synthesis): [string, string][] {
  const out: [string, string][] = [];
  plain.segments.forEach((seg, i) => {
    const red = redacted.segments[i]!;
    const last = seg.provenance.line + (seg.text.match(/\n/g) ?? []).length;
    if (seg.provenance.line <= line && line <= last) {
      out.push([seg.text, red.text]);
      for (const [k, v] of Object.entries(seg.attributes)) out.push([v, red.attributes[k] ?? '']);
    }
    if (seg.section && lineText.includes(seg.section)) out.push([seg.section, red.section ?? '']);
  });
  plain.documents.forEach((doc, d) => {
    for (const [key, values] of Object.entries(doc.metadata)) {
      values.forEach((v, k) => {
        if (lineText.includes(v)) out.push([v, redacted.documents[d]?.metadata[key]?.[k] ?? '']);
      });
    }
  });
  return out;
}

/** Analyse and redact each document alone (seed 42); count, occurrence by occurrence, the names left and the look-alikes lost. */
export async function scoreRedaction(docs: readonly NamesDocument[], resources: Resources): Promise<RedactionScore> {
  const score: RedactionScore = { documents: docs.length, persons: 0, left: [], keeps: 0, lost: [] };
  for (const doc of docs) {
    const bytes = readFileSync(doc.file);
    const fileLines = bytes.toString('utf8').split(/\r?\n/);
    const ingested = await ingestFile(doc.name, new Uint8Array(bytes));
    const { synthesis, documents } = analyseDocuments([ingested], resources, { seed: 42, workers: 0 });
    const redacted = redactSynthesis(synthesis, documents);
    for (const row of doc.rows) {
      const shown = shownOfLine(row.line, fileLines[row.line - 1] ?? '', synthesis, redacted).filter(([plain]) => holds(plain, row.text));
      if (shown.length === 0) continue;
      const stays = shown.some(([, red]) => holds(red, row.text));
      if (row.kind === 'person') {
        score.persons++;
        if (stays) score.left.push({ document: doc.name, line: row.line, text: row.text });
      } else {
        score.keeps++;
        if (!stays) score.lost.push({ document: doc.name, line: row.line, text: row.text });
      }
    }
  }
  return score;
}

/** The score as lines for the eval's output; `listing` adds the names left and the look-alikes lost (tune half only). */
export function formatRedactionScore(title: string, s: RedactionScore, listing: boolean): string {
  const share = (n: number, of: number): string => (of ? (n / of).toFixed(3) : 'n/a');
  const lines = [
    `${title} (${s.documents} documents): person-name occurrences redacted ${s.persons - s.left.length} of ${s.persons} (${share(s.persons - s.left.length, s.persons)}), ` +
      `names left ${s.left.length}; look-alike occurrences kept ${s.keeps - s.lost.length} of ${s.keeps} (${share(s.keeps - s.lost.length, s.keeps)})`,
  ];
  if (listing) {
    if (s.left.length) lines.push(`  names left: ${s.left.map((l) => `${l.document}:${l.line} ${l.text}`).join('; ')}`);
    if (s.lost.length) lines.push(`  look-alikes redacted: ${s.lost.map((l) => `${l.document}:${l.line} ${l.text}`).join('; ')}`);
  }
  return lines.join('\n');
}
