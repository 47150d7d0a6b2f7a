// The lowdb store lists consultations from its index alone: each entry keeps the counts a list shows, and an index
// written before the counts were kept is completed from the consultation files once. The analysis a new one replaced
// is kept in its own file, so that changes do not rewrite it.
import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ConsultationData } from '../../src/store/schema.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

const data = (id: string, members: string[]): ConsultationData => ({
  consultation: { id, name: `Consultation ${id}`, description: '', date: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  documents: [],
  codebook: null,
  analysis: null,
  edits: [{ id: 'e1', at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', type: 'exclude', segmentId: 's3', segmentKey: 'k' }],
  history: [{ at: '2026-01-01T00:00:00.000Z', by: 'human', author: 'facilitator', what: 'created the consultation' }],
  members: members.map((user) => ({ user, role: 'owner' as const })),
});

describe('lowdb store: the list of consultations', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-listing-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each consultation\'s counts in the index, and completes an index written before they were kept', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('a', ['dana']));
    await store.create(data('b', []));
    const indexFile = path.join(dir, 'harvest.json');
    const index = JSON.parse(await readFile(indexFile, 'utf8')) as { consultations: Record<string, unknown>[] };
    expect(index.consultations.map((c) => c.counts)).to.deep.equal([
      { documents: 0, analysedAt: null, edits: 1, members: ['dana'] },
      { documents: 0, analysedAt: null, edits: 1, members: [] },
    ]);
    // An older store's index: records only.
    await writeFile(indexFile, JSON.stringify({ consultations: index.consultations.map(({ counts: _c, ...record }) => record) }));
    const listed = await new LowdbStore(dir).list();
    expect(listed.map((c) => [c.id, c.edits, c.members])).to.deep.equal([['a', 1, ['dana']], ['b', 1, []]]);
  });

  it('keeps the previous analysis in its own file, written only when it changes', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('a', []));
    const synthesis = JSON.parse(await readFile(path.join(FIXTURES, 'synthesis-small.json'), 'utf8')) as NonNullable<ConsultationData['analysis']>['synthesis'];
    const analysis: NonNullable<ConsultationData['analysis']> = { runAt: '2026-02-01T00:00:00.000Z', seed: 42, k: null, synthesis, documents: [] };
    await store.update('a', (d) => ({ ...d, previous: { ...analysis, edits: [], replacedAt: '2026-02-02T00:00:00.000Z' } }));
    const main = path.join(dir, 'consultations', 'a.json');
    const previous = path.join(dir, 'consultations', 'a.previous.json');
    expect(await readFile(main, 'utf8')).to.not.include('replacedAt');
    expect(await readFile(previous, 'utf8')).to.include('replacedAt');
    const written = (await stat(previous)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await store.update('a', (d) => ({ ...d, edits: [] }));
    expect((await stat(previous)).mtimeMs, 'an edit leaves it alone').to.equal(written);
    expect((await new LowdbStore(dir).get('a'))!.previous!.replacedAt).to.equal('2026-02-02T00:00:00.000Z');
    await store.delete('a');
    expect(await readFile(previous, 'utf8').catch(() => 'gone')).to.equal('gone');
  });
});
