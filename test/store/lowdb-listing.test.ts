// The lowdb store lists consultations from its index alone: each entry keeps the counts a list shows, and an index
// written before the counts were kept is completed from the consultation files once.
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ConsultationData } from '../../src/store/schema.ts';

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
});
