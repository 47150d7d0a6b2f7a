// A flipchart typed as it was written, in capitals: its lines are points, its framed sheet titles are the headings.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotesVocabulary } from '../../src/corpus.ts';
import { documentInfo } from '../../src/model/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VOCABULARY = parseNotesVocabulary(JSON.parse(readFileSync(path.join(ROOT, 'corpus/notes-vocabulary.json'), 'utf8')), 'notes-vocabulary.json');

function segmentText(text: string) {
  const out = segmentDocument({ kind: 'notes', name: 'flipchart.txt', format: 'txt', text }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY });
  documentInfo.parse(out.info);
  return out;
}

// Written for this test: a market traders' workshop, typed from photos of its sheets.
const FLIPCHART = `MARKET TRADERS' WORKSHOP – SHEETS TYPED FROM PHOTOS
Town hall, 12 May

=== SHEET 1 – WHAT GETS IN THE WAY? ===
STALL FEES UP 40% SINCE JANUARY (6 dots)
NO WATER TAP NEAR THE FISH STALLS
CARD MACHINES DON'T WORK – NO SIGNAL UNDER THE ROOF ●●●
RUBBISH COLLECTED ONLY TWICE A WEEK

=== SHEET 2 – IDEAS ===
ONE SHARED CARD READER ON WI-FI (8 dots)
WATER TAP → MARKET OFFICE + UTILITY CO?
LONGER HOURS ON SATURDAYS

--- WHO? ---
TAP → UTILITY COMPANY + COUNCIL
WI-FI → LIBRARY NEXT DOOR (THEY OFFERED!)
`;

describe('a flipchart written in capitals', () => {
  const { info, segments } = segmentText(FLIPCHART);
  const bySection = (section: string) => segments.filter((s) => s.section === section).map((s) => s.text);

  it('reads its lines in capitals as points, under the framed sheet titles', () => {
    expect(bySection('SHEET 1 – WHAT GETS IN THE WAY?')).to.deep.equal([
      'STALL FEES UP 40% SINCE JANUARY (6 dots)',
      'NO WATER TAP NEAR THE FISH STALLS',
      "CARD MACHINES DON'T WORK – NO SIGNAL UNDER THE ROOF ●●●",
      'RUBBISH COLLECTED ONLY TWICE A WEEK',
    ]);
    expect(bySection('SHEET 2 – IDEAS')).to.include('LONGER HOURS ON SATURDAYS');
    expect(bySection('WHO?')).to.deep.equal(['TAP → UTILITY COMPANY + COUNCIL', 'WI-FI → LIBRARY NEXT DOOR (THEY OFFERED!)']);
    expect(info.notAnalysed.filter((n) => n.reason === 'heading').map((n) => n.line)).to.deep.equal([4, 10, 15]);
  });

  it('takes a point whose parts an arrow links for a point, though it ends asking', () => {
    expect(bySection('SHEET 2 – IDEAS')).to.include('WATER TAP → MARKET OFFICE + UTILITY CO?');
  });

  it('still reads a line in capitals as a heading in notes written in small letters', () => {
    const { segments, info } = segmentText('Notes of the traders meeting, 12 May.\n\nWHAT GETS IN THE WAY\n\n- Stall fees went up by 40% since January.\n- There is no water tap near the fish stalls.\n');
    expect(segments.filter((s) => s.text.startsWith('Stall') || s.text.startsWith('There')).map((s) => s.section)).to.deep.equal(['WHAT GETS IN THE WAY', 'WHAT GETS IN THE WAY']);
    expect(info.notAnalysed.some((n) => n.reason === 'heading' && n.text === 'WHAT GETS IN THE WAY')).to.equal(true);
  });
});
