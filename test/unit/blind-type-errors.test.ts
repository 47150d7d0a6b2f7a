// Unit tests for the blind notes' stakeholder-type reading aid: every line whose types differ, grouped by type.
import { expect } from 'chai';
import { formatTypeErrors, type BlindReport } from '../../src/eval/blind-notes.ts';

describe('blind notes: stakeholder-type errors for reading', () => {
  it('lists each type with its false positives and false negatives, the type with most errors first', () => {
    const report = {
      typeErrors: [
        { document: 'a.md', line: 3, category: 'barrier', fp: ['education'], fn: [], text: 'Many students cannot afford the bus' },
        { document: 'a.md', line: 7, category: 'capacity_gap', fp: [], fn: ['government', 'education'], text: 'The office has one counsellor' },
      ],
    } as unknown as BlindReport;
    const lines = formatTypeErrors(report).trim().split('\n');
    expect(lines).to.deep.equal([
      '## education: 1 false positives, 1 false negatives',
      '  FP a.md:3 [barrier] Many students cannot afford the bus',
      '  FN a.md:7 [capacity_gap] The office has one counsellor',
      '',
      '## government: 0 false positives, 1 false negatives',
      '  FN a.md:7 [capacity_gap] The office has one counsellor',
    ]);
  });
});
