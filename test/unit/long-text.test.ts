// Huge lines: a multi-megabyte single-line file becomes sentences and pieces (each an exact slice with its place), is warned about, and its quotes are shown shortened.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseNotesVocabulary } from '../../src/corpus.ts';
import { documentInfo } from '../../src/model/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { MAX_SEGMENT_CHARS, splitLongSpan } from '../../src/pipeline/segment/long-text.ts';
import { shortenQuote, QUOTE_SHOWN_CHARS } from '../../src/report/format.ts';

const VOCABULARY = parseNotesVocabulary(
  JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus/notes-vocabulary.json'), 'utf8')),
  'notes-vocabulary.json',
);
const NO_ABBREVIATIONS = new Set<string>();

/** A single line of `chars` characters: sentences of 6-19 words from a small vocabulary, one in 50 a run-on of 300 words without a full stop. */
function hugeLine(chars: number): string {
  const words = ['schools', 'need', 'more', 'computers', 'and', 'teachers', 'want', 'training', 'parents', 'say', 'tech', 'is', 'for', 'boys', 'ministry', 'should', 'fund', 'mentoring', 'girls', 'rural'];
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const parts: string[] = [];
  let total = 0;
  for (let k = 0; total < chars; k++) {
    const length = k % 50 === 49 ? 300 : 6 + next(14);
    const sentence = Array.from({ length }, () => words[next(words.length)]).join(' ');
    const part = `${sentence[0]!.toUpperCase()}${sentence.slice(1)}${k % 50 === 49 ? ',' : '.'} `;
    parts.push(part);
    total += part.length;
  }
  return parts.join('').trimEnd();
}

describe('long text: splitting over-long spans', () => {
  it('keeps a span of at most the limit whole', () => {
    expect(splitLongSpan('Short enough.', 0, 13, NO_ABBREVIATIONS)).to.deep.equal([[0, 13]]);
  });

  it('splits a long run-on sentence at spaces into pieces of at most the limit, covering every word', () => {
    const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitLongSpan(text, 0, text.length, NO_ABBREVIATIONS, 500);
    expect(pieces.length).to.be.greaterThan(5);
    for (const [s, e] of pieces) {
      expect(e - s).to.be.at.most(500);
      expect(text[s]).to.not.equal(' ');
      expect(text[e - 1]).to.not.equal(' ');
      expect(s === 0 || text[s - 1] === ' ').to.equal(true);
    }
    expect(pieces.map(([s, e]) => text.slice(s, e)).join(' ')).to.equal(text);
  });

  it('cuts a word longer than the limit anywhere but inside a surrogate pair', () => {
    const text = `${'a'.repeat(499)}😀${'b'.repeat(600)}`;
    const pieces = splitLongSpan(text, 0, text.length, NO_ABBREVIATIONS, 500);
    expect(pieces).to.deep.equal([[0, 499], [499, 999], [999, 1101]]);
    expect(pieces.map(([s, e]) => text.slice(s, e)).join('')).to.equal(text);
  });

  it('a 2 MB single-line file becomes many exact segments on line 1 with their columns, and a warning', function () {
    this.timeout(60_000);
    const text = hugeLine(2_000_000);
    const out = segmentDocument({ kind: 'notes', name: 'huge.txt', format: 'txt', text }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
    documentInfo.parse(out.info);
    expect(out.segments.length).to.be.greaterThan(8_000);
    let previousEnd = 0;
    for (const s of out.segments) {
      expect(s.text.length).to.be.at.most(MAX_SEGMENT_CHARS);
      expect(s.provenance.line).to.equal(1);
      // On line 1 the offset is the column: each piece says where it is.
      expect(text.slice(s.provenance.start, s.provenance.end)).to.equal(s.text);
      expect(s.provenance.start).to.be.at.least(previousEnd);
      previousEnd = s.provenance.end;
    }
    expect(out.info.warnings).to.have.length(1);
    expect(out.info.warnings![0]).to.match(/^line 1 is 2,00\d,\d{3} characters long \([\d,]+ segments\): very long lines were split/);
  });

  it('an ordinary file has no warning', () => {
    const out = segmentDocument({ kind: 'notes', name: 'n.md', format: 'md', text: '# Barriers\n\n- Fees are high.\n' }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
    expect(out.info.warnings).to.equal(undefined);
  });
});

describe('long text: quotes as shown', () => {
  it('shows a short quote whole', () => {
    expect(shortenQuote('Fees are high.')).to.equal('Fees are high.');
  });

  it('cuts a long quote at a word with an ellipsis', () => {
    const text = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const shown = shortenQuote(text);
    expect(shown.length).to.be.at.most(QUOTE_SHOWN_CHARS + 2);
    expect(shown.endsWith(' …')).to.equal(true);
    expect(text.startsWith(shown.slice(0, -2))).to.equal(true);
    expect(text[shown.length - 2]).to.equal(' ');
  });
});
