// Segmentation loses no line: on every notes fixture and on generated notes, each non-blank line is in a segment or in the not-analysed register.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { documentInfo } from '../../src/model/index.ts';
import type { DocumentInfo, NotAnalysedReason, Segment } from '../../src/model/index.ts';
import { parseNotesVocabulary } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { createRandom, type Random } from '../../src/pipeline/random.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const VOCABULARY = parseNotesVocabulary(JSON.parse(readFileSync(path.join(ROOT, 'corpus/notes-vocabulary.json'), 'utf8')), 'notes-vocabulary.json');
const NOTES_EXT = /\.(?:md|txt|html|docx|pdf)$/i;

function segmentText(text: string, name = 'notes.txt'): { info: DocumentInfo; segments: Segment[] } {
  const out = segmentDocument({ kind: 'notes', name, format: name.endsWith('.md') ? 'md' : 'txt', text }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
  documentInfo.parse(out.info);
  return out;
}

/** Line numbers each segment touches, checking on the way that its text is the source slice at its offsets. */
function coveredLines(text: string, segments: readonly Segment[]): Set<number> {
  const covered = new Set<number>();
  for (const s of segments) {
    expect(text.slice(s.provenance.start, s.provenance.end), `segment ${s.id} is verbatim`).to.equal(s.text);
    const first = text.slice(0, s.provenance.start).split('\n').length;
    const last = text.slice(0, s.provenance.end - 1).split('\n').length;
    expect(s.provenance.line).to.equal(first);
    for (let l = first; l <= last; l++) covered.add(l);
  }
  return covered;
}

/** Exact accounting: every non-blank line is in a segment or in the register, never both, each register line once. */
function expectAccounted(text: string, info: DocumentInfo, segments: readonly Segment[], label: string): void {
  const covered = coveredLines(text, segments);
  const registered = new Map<number, NotAnalysedReason>();
  for (const r of info.notAnalysed) {
    expect(registered.has(r.line), `${label}: line ${r.line} registered once`).to.equal(false);
    registered.set(r.line, r.reason);
  }
  text.split('\n').forEach((raw, i) => {
    const no = i + 1;
    const blank = raw.trim() === '';
    const where = `${label}: line ${no} ${JSON.stringify(raw.slice(0, 80))}`;
    if (blank) return void expect(registered.has(no), `${where} is blank, not registered`).to.equal(false);
    expect(covered.has(no) !== registered.has(no), `${where}: in a segment or in the register, not both`).to.equal(true);
    if (registered.has(no)) expect(info.notAnalysed.find((r) => r.line === no)!.text).to.equal(raw.trim().slice(0, 200));
  });
}

function notesFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      // The blind test half is never read while developing (issue 14); it is scored once by `npm run eval`.
      if (p === path.join(ROOT, 'test/fixtures/blind-notes/test')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (NOTES_EXT.test(f)) out.push(p);
    }
  };
  walk(path.join(ROOT, 'test/fixtures'));
  walk(path.join(ROOT, 'corpus/sample'));
  if (existsSync(SEEDS)) walk(SEEDS);
  return out;
}

/**
 * The tune documents that came with content lines Harvest leaves out (see below): the real public write-ups of session
 * 19 (91-96), the twelve documents of session 24 (101-116) and the twelve of session 25 (121-136), and the content
 * lines they lose.
 */
const REAL_WRITE_UP = /^(?:9\d-real-|1[0-3]\d-)/;
const realLost: string[] = [];

describe('segment: every line accounted for', () => {
  describe('on every notes fixture (test/fixtures, corpus/sample, the blind tune half, ../shared/seeds)', () => {
    for (const file of notesFixtures()) {
      it(path.relative(ROOT, file), async () => {
        let doc;
        try {
          doc = await ingestFile(path.basename(file), new Uint8Array(readFileSync(file)));
        } catch {
          return; // locked, scanned, truncated and empty files are ingest's tests
        }
        if (doc.kind !== 'notes') return;
        const { info, segments } = segmentDocument(doc, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
        documentInfo.parse(info);
        expectAccounted(doc.text, info, segments, path.basename(file));
        // On the blind tune half, no line the coder read as content is left out.
        const labels = `${file}.labels.csv`;
        if (existsSync(labels)) {
          const covered = coveredLines(doc.text, segments);
          const rows = parse(readFileSync(labels, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
          // A facilitator's question the coder marked `other` heads the answers after it (kept as their section).
          const lost = rows.filter((r) => r.category !== 'none' && r.category !== 'other' && !covered.has(Number(r.line))).map((r) => `${r.line}: ${r.text}`);
          if (REAL_WRITE_UP.test(path.basename(file))) realLost.push(...lost.map((l) => `${path.basename(file)}:${l}`));
          else expect(lost).to.deep.equal([]);
        }
      });
    }
    // The real write-ups of session 19 (91-96) came with content lines Harvest reads as headings (bold idea titles
    // under a heading, a label line ending in ":" above its list, a wrapped sub-bullet) or drops (a bullet "- 1776"
    // with no letters): a floor at what they lost on arrival, to be lowered as the reading learns them. Session 24's
    // documents 101-116 came with 9 more of the same kinds (numbered bold titles, "Don't re-invent the wheel:",
    // "Frequent stock-outs ... were the second most voted issue:", "TARGETS agreed in room (...):", a quoted line after
    // a heading); 91-96 lose 4 now. Session 25's documents 121-136 came with 58 (55 of them a flipchart typed in
    // capitals, every line read as a heading; fixed in session 25) and lose 5 now (a sub-bullet label ending in ":", a
    // short line read as a heading, a line in capitals asking, a note-taker's line, a line under a numbered question).
    it('the real write-ups and sessions 24 and 25\'s documents of the tune half: at most 18 content lines lost in all (their level on arrival)', () => {
      expect(realLost.length, realLost.join('\n')).to.be.at.most(18);
    });
  });

  describe('on 300 generated notes documents (seeded)', () => {
    const WORDS = ['women', 'rural', 'schools', 'data', 'teachers', 'ministry', 'budget', 'laptops', 'mentors', 'village', 'loans', 'clinic', 'transport', 'parents', 'youth', 'council', 'training', 'coverage'];
    const pick = <T,>(r: Random, xs: readonly T[]): T => xs[r.int(xs.length)]!;
    const sentence = (r: Random): string => {
      const n = 6 + r.int(8);
      const ws = Array.from({ length: n }, () => pick(r, WORDS));
      return `${ws[0]![0]!.toUpperCase()}${ws[0]!.slice(1)} ${ws.slice(1).join(' ')}.`;
    };
    const time = (r: Random): string => `${String(8 + r.int(10)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}`;
    const BULLETS = ['-', '*', '•', '◦', '▪', '‣', '–', '—', '1.', '2)', 'a)', '(i)', '(iv)'];
    type Kind = 'content' | 'timestamp' | 'heading' | 'other';
    /** A few lines of one kind of material, each tagged with what it must become. */
    const pieces: Array<(r: Random) => Array<[string, Kind]>> = [
      (r) => [[`## ${pick(r, WORDS)} and ${pick(r, WORDS)}`, 'heading']],
      (r) => [[`**${pick(r, WORDS).toUpperCase()} ${pick(r, WORDS)}**`, 'other']],
      (r) => [[`${pick(r, BULLETS)} ${sentence(r)}`, 'content']],
      (r) => [[`${pick(r, BULLETS)} ${sentence(r).slice(0, -1)}`, 'content'], [`   ${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} and more`, 'content']],
      (r) => [[`- ${sentence(r)}`, 'content'], [`(cont) ${sentence(r)}`, 'content']],
      (r) => [[time(r), 'timestamp']],
      (r) => [[`[${time(r)}]`, 'timestamp']],
      (r) => [[`${time(r)} ${sentence(r)}`, 'content']],
      (r) => [[`Date: ${1 + r.int(28)} May 2026`, 'other'], [`Facilitator: ${pick(r, ['Ana', 'Ion', 'Mira'])} ${pick(r, ['K.', 'Petrova'])}`, 'other']],
      (r) => [[`Participants: ${5 + r.int(30)} (${r.int(5)} women)`, 'other']],
      (r) => [[sentence(r) + ' ' + sentence(r), 'content']],
      (r) => [[`  ${sentence(r)}`, 'content']],
      (r) => [['', 'other']],
      (r) => [['', 'other'], ['', 'other']],
    ];
    for (let seed = 1; seed <= 300; seed++) {
      it(`document ${seed}`, () => {
        const r = createRandom(seed);
        const lines: Array<[string, Kind]> = [];
        const n = 3 + r.int(25);
        for (let i = 0; i < n; i++) lines.push(...pick(r, pieces)(r));
        const text = lines.map(([l]) => l).join(r.int(4) === 0 ? '\r\n' : '\n');
        const { info, segments } = segmentText(text);
        // Offsets count the \r of CRLF lines; compare against the same text.
        expectAccounted(text, info, segments, `seed ${seed}`);
        const covered = coveredLines(text, segments);
        const reasons = new Map(info.notAnalysed.map((x) => [x.line, x.reason]));
        lines.forEach(([line, kind], i) => {
          const where = `seed ${seed}, line ${i + 1} ${JSON.stringify(line)}`;
          if (kind === 'content') expect(covered.has(i + 1), `${where} is in a segment`).to.equal(true);
          if (kind === 'timestamp') expect(reasons.get(i + 1), where).to.equal('timestamp');
          // A heading opening the file is its title; one directly under the title, a subtitle.
          if (kind === 'heading') expect(reasons.get(i + 1), where).to.be.oneOf(['heading', 'title', 'metadata']);
        });
      });
    }
  });
});
