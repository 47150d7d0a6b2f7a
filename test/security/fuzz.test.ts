// Fuzz test (bounded for CI): thousands of mutated fixtures through every reader, no crash and no hang; `npm run fuzz` runs longer.
import { expect } from 'chai';
import { AppError } from '../../src/errors.ts';
import { packBackup, unpackBackup } from '../../src/services/backup.ts';
import { consultationData } from '../../src/store/schema.ts';
import { fuzzInput, HOSTILE_CASES, loadFixtures, mutate, rng, runFuzz } from './fuzz.ts';
import { ROOT } from '../web/helpers.ts';
import { patient } from '../patience.ts';

describe('security: fuzzing the readers', function () {
  // Generous bounds: a hang never answers, so a watchdog of 30 s finds it as surely as one of 8 s, and a machine
  // busy with other work (CI's two cores shared) does not turn a slow input into a false hang.
  this.timeout(300_000);

  it('builds the same inputs from the same seed (a failure can be replayed)', async () => {
    const fixtures = await loadFixtures(ROOT);
    const a = fuzzInput(fixtures, 42, 17);
    const b = fuzzInput(fixtures, 42, 17);
    expect([a.name, a.how, Buffer.from(a.bytes).toString('hex')]).to.deep.equal([b.name, b.how, Buffer.from(b.bytes).toString('hex')]);
    expect(fuzzInput(fixtures, 43, 17).how).to.not.equal(a.how);
  });

  it('mutations change the bytes in the ways they say', () => {
    const source = new TextEncoder().encode('respondent,answer\n1,The bus is late.\n');
    const seen = new Set<string>();
    const random = rng(5);
    for (let i = 0; i < 200; i++) seen.add(mutate(source, random, source).how.replace(/\d+/g, 'N'));
    expect([...seen].sort()).to.include.members(['truncated to N', 'N bits flipped', 'N bytes inserted at N', 'N random bytes', 'spliced with another file at N']);
  });

  // A fixed number of inputs (not a time budget), so a busy machine runs the same inputs; `npm run fuzz` runs longer.
  it('600 mutated inputs: each is read or refused with a per-file error, none crashes or hangs', async () => {
    const report = await runFuzz({ root: ROOT, seed: 20260423, iterations: 600, perInputMs: patient(30_000) });
    expect(report.failures, JSON.stringify(report.failures.slice(0, 3), null, 2)).to.deep.equal([]);
    expect(report.inputs).to.equal(600);
    expect(report.read).to.be.above(50);
    expect(report.refused.MALFORMED_FILE ?? 0).to.be.above(100);
  });

  it('every run starts with the crafted hostile files (junk before a zip, a lying directory, nested HTML, a huge PDF stream): all refused', async () => {
    const report = await runFuzz({ root: ROOT, seed: 7, iterations: HOSTILE_CASES.length, perInputMs: patient(30_000) });
    expect(report.failures, JSON.stringify(report.failures, null, 2)).to.deep.equal([]);
    expect([report.inputs, report.read]).to.deep.equal([HOSTILE_CASES.length, 0]);
    expect(report.refused).to.deep.equal({ MALFORMED_FILE: 4, TOO_LARGE: 1 });
  });

  it('the watchdog reports an input that takes too long as a hang', async () => {
    const report = await runFuzz({ root: ROOT, seed: 1, iterations: 200, perInputMs: 1 });
    expect(report.failures.map((f) => f.kind)).to.deep.equal(['hang']);
    expect(report.failures[0]!.detail).to.equal('no answer after 1 ms');
  });

  it('500 mutated backup archives: each is restored as a valid consultation or refused with a reason', () => {
    const data = consultationData.parse({
      consultation: { id: 'fz', name: 'Fuzzed backup', description: '', date: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      documents: [{ id: 'f1', name: 'notes.txt', size: 40, uploadedAt: '2026-01-01T00:00:00.000Z', ingested: { kind: 'notes', name: 'notes.txt', format: 'txt', text: 'The bus to the clinic is late.\n' }, mapping: null }],
    });
    const archive = packBackup(data, new Date('2026-01-02T00:00:00Z'));
    const random = rng(99);
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      const { bytes } = mutate(archive, random, archive);
      try {
        const back = unpackBackup('fuzz.harvest.zip', bytes, { unzippedBytes: 1024 * 1024, zipEntries: 10 });
        expect(consultationData.safeParse(back).success).to.equal(true);
        outcomes.restored = (outcomes.restored ?? 0) + 1;
      } catch (err) {
        expect(err, String(err)).to.be.instanceOf(AppError);
        outcomes[(err as AppError).code] = (outcomes[(err as AppError).code] ?? 0) + 1;
      }
    }
    expect(Object.keys(outcomes).sort()).to.include.members(['BAD_ARGUMENT', 'restored']);
  });
});
