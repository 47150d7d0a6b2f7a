// The PostgreSQL store keeps a survey's records once, in the document's `records` column (schema version 11); rows
// written before (records inside the document's JSON and again inside the analysis's) are read as they are and
// rewritten so at their next change.
import { expect } from 'chai';
import { analysedSurvey } from './analysed-survey.ts';
import { openPgBackend, PG_UNAVAILABLE, skipUnavailable } from './backends.ts';

describe('PostgreSQL store: survey records kept once', function () {
  this.timeout(120_000);
  before(function () {
    skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'PostgreSQL records');
  });

  it('reads rows written before (records inside, twice) as they are, and keeps the records once from their next change', async () => {
    const b = await openPgBackend();
    try {
      const service = await analysedSurvey(b.store, 's');
      const written = await service.getConsultation('s');
      const survey = written.documents[0]!;
      // Make the rows as schema version 10 wrote them: the records inside the document's JSON and inside the analysis's.
      const { columns: _columns, ...old } = survey;
      await b.store.pool.query("UPDATE documents SET ingested = convert_to($1, 'UTF8'), records = NULL, columns = NULL WHERE consultation_id = 's'", [JSON.stringify(old.ingested)]);
      const { segments: _segments, ...synthesis } = written.analysis!.synthesis;
      await b.store.pool.query("UPDATE consultation_state SET analysis = $1 WHERE consultation_id = 's'", [JSON.stringify({ ...written.analysis!, synthesis })]);
      const size = async (): Promise<{ doc: number; analysis: number; records: number | null }> =>
        (await b.store.pool.query<{ doc: number; analysis: number; records: number | null }>("SELECT length(d.ingested) AS doc, length(s.analysis) AS analysis, length(d.records) AS records FROM documents d JOIN consultation_state s USING (consultation_id) WHERE consultation_id = 's'")).rows[0]!;
      const before = await size();
      expect(before.records).to.equal(null);

      const reader = b.reopen();
      expect(await reader.get('s')).to.deep.equal({ ...written, documents: [old] });
      await reader.update('s', (d) => ({ ...d, history: [...d.history, { at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', what: 'looked' }] }));
      const after = await size();
      const recordsBytes = Buffer.byteLength(JSON.stringify(old.ingested.kind === 'survey' && old.ingested.records));
      expect(after.records).to.equal(JSON.stringify(old.ingested.kind === 'survey' && old.ingested.records).length);
      expect(before.doc - after.doc, 'the records left the document’s JSON').to.be.above(recordsBytes - 100);
      expect(before.analysis - after.analysis, 'and the analysis’s').to.be.above(recordsBytes - 1000);
      const again = (await b.reopen().get('s'))!;
      expect(again.documents).to.deep.equal([old]);
      expect(again.analysis).to.deep.equal(written.analysis);
    } finally {
      await b.dispose();
    }
  });
});
