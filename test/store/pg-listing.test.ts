// The PostgreSQL store lists consultations from the consultations table alone: each row keeps the counts a list
// shows, and a row written before they were kept (schema version 7) is completed once at the first list.
import { expect } from 'chai';
import type { ConsultationData } from '../../src/store/schema.ts';
import { openPgBackend, PG_UNAVAILABLE, skipUnavailable } from './backends.ts';

const data = (id: string): ConsultationData => ({
  consultation: { id, name: `Consultation ${id}`, description: '', date: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  documents: [],
  codebook: null,
  analysis: null,
  edits: [],
  history: [{ at: '2026-01-01T00:00:00.000Z', by: 'human', author: 'facilitator', what: 'created the consultation' }],
  members: [{ user: 'dana', role: 'owner' }],
});

describe('PostgreSQL store: the list of consultations', function () {
  this.timeout(60_000);
  before(function () {
    skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'PostgreSQL listing');
  });

  it('completes the counts of rows written before they were kept, without changing their version', async () => {
    const b = await openPgBackend();
    try {
      await b.store.create(data('a'));
      await b.store.pool.query('UPDATE consultations SET counts = NULL');
      const [listed] = await b.reopen().list();
      expect(listed).to.deep.include({ id: 'a', documents: 0, edits: 0, analysedAt: null, members: ['dana'], updatedAt: '2026-01-01T00:00:00.000Z' });
      const row = await b.store.pool.query<{ counts: string | null }>('SELECT counts FROM consultations');
      expect(JSON.parse(row.rows[0]!.counts!)).to.deep.equal({ documents: 0, analysedAt: null, edits: 0, members: ['dana'] });
    } finally {
      await b.dispose();
    }
  });
});
