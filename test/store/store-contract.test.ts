// The store contract: the same behaviour from lowdb and PostgreSQL (PostgreSQL only when HARVEST_TEST_DATABASE_URL is set).
import { OPEN_MODE } from '../../src/services/acting.ts';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../../src/corpus.ts';
import { AppError } from '../../src/errors.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { inlineRunner, JobQueue, type AnalysisRunner } from '../../src/services/jobs.ts';
import type { ProjectorView } from '../../src/model/projector.ts';
import { synthesis as synthesisSchema } from '../../src/model/index.ts';
import type { ConsultationData, ConsultationHead, StoredAnalysis, StoredDocument } from '../../src/store/schema.ts';
import { nextStamp, withoutSegments, type Store } from '../../src/store/store.ts';
import { NOTES_BREAKOUT, NOTES_WORKSHOP, SAMPLE } from '../web/helpers.ts';
import { pendingRecords } from '../../src/store/lazy-records.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import { analysedSurvey } from './analysed-survey.ts';
import { BACKENDS, skipUnavailable, type Backend } from './backends.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

const data = (id: string, name: string, createdAt: string, documents: StoredDocument[] = []): ConsultationData => ({
  consultation: { id, name, description: `About ${name}`, date: '2026-05-14', createdAt, updatedAt: createdAt },
  documents,
  codebook: null,
  analysis: null,
  edits: [],
  history: [{ at: createdAt, by: 'human', author: 'facilitator', what: 'created the consultation' }],
});

async function doc(id: string, name: string, bytes: Uint8Array): Promise<StoredDocument> {
  return { id, name, size: bytes.length, uploadedAt: '2026-05-15T09:00:00.000Z', ingested: await ingestFile(name, bytes), mapping: null };
}

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
};

describe('nextStamp', () => {
  const cases: [string, string, string][] = [
    ['now when the clock moved on', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z'],
    ['1 ms later when the clock did not move', '2026-01-01T00:00:05.000Z', '2026-01-01T00:00:05.001Z'],
    ['1 ms later when the clock went back', '2026-01-01T00:00:09.000Z', '2026-01-01T00:00:09.001Z'],
  ];
  for (const [name, previous, expected] of cases) it(name, () => expect(nextStamp(previous, new Date('2026-01-01T00:00:05.000Z'))).to.equal(expected));
});

for (const kind of BACKENDS) {
  describe(`store contract: ${kind.name}`, function () {
    this.timeout(120_000);
    let b: Backend;

    before(function () {
      skipUnavailable(this, kind, 'store contract');
    });
    beforeEach(async () => {
      b = await kind.open();
    });
    afterEach(async () => {
      await b?.dispose();
    });

    it('gives back exactly what was created, documents (bytes of notes and surveys) included', async () => {
      const notes = await doc('f1', 'workshop.md', Buffer.from(NOTES_WORKSHOP));
      const survey = await doc('f2', 'survey-responses.csv', await readFile(path.join(SAMPLE, 'survey-responses.csv')));
      survey.mapping = { idColumn: 'respondent_id' };
      const original = data('c1', 'Rural broadband', '2026-05-14T08:00:00.000Z', [notes, survey]);
      original.members = [{ user: 'dana', role: 'owner' }, { user: 'vic', role: 'viewer' }];
      original.edits = [{ id: 'e1', at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', type: 'exclude', segmentId: 's3', segmentKey: 'k' }];
      original.projector = { at: '2026-05-15T11:00:00.000Z', by: 'dana', themes: { consultation: 'Rural broadband', scopes: [{ label: 'Barriers', points: 4, themes: [{ label: 'Cost of data', count: 3 }], more: 1 }], contributions: 9, groups: 2, analysedAt: '2026-05-15T10:59:00.000Z' } };
      await b.store.create(original);
      const back = await b.reopen().get('c1');
      expect(back).to.deep.equal(original);
      expect(back!.documents.map((d) => [d.id, d.ingested.kind, d.size])).to.deep.equal([['f1', 'notes', notes.size], ['f2', 'survey', survey.size]]);
    });

    describe('the head and the segments read when needed', () => {
      let first: StoredAnalysis;
      let second: StoredAnalysis;
      let analysed: ConsultationData;
      before(async () => {
        const synthesis = synthesisSchema.parse(JSON.parse(await readFile(path.join(FIXTURES, 'synthesis-small.json'), 'utf8')));
        first = { runAt: '2026-02-01T00:00:00.000Z', seed: 42, k: null, synthesis, documents: [] };
        const segments = synthesis.segments.slice(1).map((seg, i) => (i === 0 ? { ...seg, text: `${seg.text} (again)` } : seg));
        second = { runAt: '2026-03-01T00:00:00.000Z', seed: 7, k: 3, synthesis: { ...synthesis, segments }, documents: [] };
      });
      beforeEach(async () => {
        analysed = { ...data('a', 'Analysed', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]), analysis: second, previous: { ...first, edits: [], replacedAt: second.runAt } };
        await b.store.create(analysed);
      });
      const headOf = (d: ConsultationData): ConsultationHead => ({ ...d, analysis: withoutSegments(d.analysis!), previous: withoutSegments(d.previous!) });

      it("gives the consultation without its analyses' segments, and each analysis's segments when asked for", async () => {
        const fresh = b.fresh();
        const head = (await fresh.head('a'))!;
        expect(head).to.deep.equal(headOf(analysed));
        expect(Object.keys(head.analysis!.synthesis)).to.not.include('segments');
        expect(Object.keys(head.previous!.synthesis)).to.not.include('segments');
        expect(await fresh.segments('a', second.runAt)).to.deep.equal(second.synthesis.segments);
        expect(await fresh.segments('a', first.runAt)).to.deep.equal(first.synthesis.segments);
        expect(await fresh.segments('a', '2026-09-09T00:00:00.000Z')).to.equal(null);
        expect(await fresh.segments('zz', second.runAt)).to.equal(null);
        expect(await fresh.head('zz')).to.equal(null);
        expect(await fresh.get('a')).to.deep.equal(analysed);
        expect(await b.store.head('a'), 'the handle that wrote it').to.deep.equal(headOf(analysed));
      });

      it('reads no segments for the head: with them damaged, the head is whole and only reading them fails', async () => {
        await b.breakSegments('a');
        const fresh = b.fresh();
        expect(await fresh.head('a')).to.deep.equal(headOf(analysed));
        const error = await failure(fresh.segments('a', second.runAt));
        expect(error.code).to.equal('INTERNAL');
        expect(error.message).to.match(/is not valid: segment 1: /);
        expect((await failure(b.fresh().get('a'))).message).to.match(/is not valid: segment 1: /);
      });

      it("keeps both analyses' segments through a change made by a handle that had read only the head", async () => {
        const fresh = b.fresh();
        await fresh.head('a');
        const changed = (await fresh.update('a', (d) => ({ ...d, edits: [{ id: 'e1', at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', type: 'exclude', segmentId: 's3', segmentKey: 'k' }] })))!;
        expect([changed.analysis, changed.previous]).to.deep.equal([analysed.analysis, analysed.previous]);
        const again = b.fresh();
        expect(await again.head('a')).to.deep.equal(headOf(changed));
        expect(await again.get('a')).to.deep.equal(changed);
        // A new analysis: the one it replaces becomes the previous one, with its segments.
        const third = { ...first, runAt: '2026-04-01T00:00:00.000Z' };
        await fresh.update('a', (d) => ({ ...d, previous: { ...d.analysis!, edits: d.edits, replacedAt: third.runAt }, analysis: third }));
        const last = b.fresh();
        expect(await last.segments('a', third.runAt)).to.deep.equal(first.synthesis.segments);
        expect(await last.segments('a', second.runAt)).to.deep.equal(second.synthesis.segments);
        expect(await last.segments('a', first.runAt)).to.equal(null);
      });
    });

    it('lists newest first, then by name', async () => {
      await b.store.create(data('a', 'Beta', '2026-01-01T00:00:00.000Z'));
      await b.store.create(data('b', 'Alpha', '2026-01-01T00:00:00.000Z'));
      await b.store.create(data('c', 'Gamma', '2026-03-01T00:00:00.000Z'));
      expect((await b.store.list()).map((c) => c.name)).to.deep.equal(['Gamma', 'Alpha', 'Beta']);
    });

    it('refuses duplicate and unsafe ids, and answers null/false for unknown ones', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z'));
      expect((await failure(b.store.create(data('a', 'Again', '2026-01-01T00:00:00.000Z')))).message).to.equal('a consultation with id "a" exists already');
      expect((await failure(b.store.create(data('../x', 'Escape', '2026-01-01T00:00:00.000Z')))).message).to.equal('"../x" cannot be a consultation id');
      expect((await b.store.list()).map((c) => c.name)).to.deep.equal(['First']);
      expect(await b.store.get('zz')).to.equal(null);
      expect(await b.store.get("x' OR '1'='1")).to.equal(null);
      expect(await b.store.update('zz', (d) => d)).to.equal(null);
      expect(await b.store.delete('zz')).to.equal(false);
    });

    it('applies concurrent updates one after the other, from one handle and from two (no lost update)', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z'));
      const other = b.reopen();
      const append = (n: number) => (d: ConsultationData) => ({ ...d, history: [...d.history, { at: 'now', by: 'human' as const, author: 'x', what: `change ${n}` }] });
      await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => (n % 2 ? b.store : other).update('a', append(n))));
      const whats = (await b.store.get('a'))!.history.map((h) => h.what).slice(1);
      expect(whats.slice().sort()).to.deep.equal(['change 1', 'change 2', 'change 3', 'change 4', 'change 5', 'change 6', 'change 7', 'change 8']);
    });

    it('makes updatedAt later at every change, and keeps the record in the list in step', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z'));
      const stamps: string[] = [];
      for (let n = 0; n < 5; n++) stamps.push((await b.store.update('a', (d) => d))!.consultation.updatedAt);
      expect(new Set(stamps).size).to.equal(5);
      expect(stamps.slice().sort()).to.deep.equal(stamps);
      const renamed = await b.store.update('a', (d) => ({ ...d, consultation: { ...d.consultation, name: 'Renamed' } }));
      expect((await b.store.list())[0]).to.deep.equal({ ...renamed!.consultation, documents: 0, analysedAt: null, edits: 0, members: [] });
    });

    it('lists each consultation with its counts (documents, edits, when analysed, members), kept in step with every change', async () => {
      const first = data('a', 'First', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]);
      first.members = [{ user: 'dana', role: 'owner' }];
      await b.store.create(first);
      const listed = async () => {
        const { documents, analysedAt, edits, members } = (await b.reopen().list())[0]!;
        return { documents, analysedAt, edits, members };
      };
      expect(await listed()).to.deep.equal({ documents: 1, analysedAt: null, edits: 0, members: ['dana'] });
      await b.store.update('a', (d) => ({
        ...d,
        documents: [...d.documents, { ...d.documents[0]!, id: 'f2', name: 'c.txt' }],
        edits: [{ id: 'e1', at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', type: 'exclude', segmentId: 's3', segmentKey: 'k' }],
        members: [...(d.members ?? []), { user: 'vic', role: 'viewer' }],
      }));
      expect(await listed()).to.deep.equal({ documents: 2, analysedAt: null, edits: 1, members: ['dana', 'vic'] });
      await b.store.update('a', (d) => ({ ...d, documents: d.documents.slice(1), edits: [] }));
      expect(await listed()).to.deep.equal({ documents: 1, analysedAt: null, edits: 0, members: ['dana', 'vic'] });
    });

    it('leaves the consultation untouched when a change throws', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]));
      const before = await b.store.get('a');
      const error = await failure(
        b.store.update('a', (d) => {
          d.documents = [];
          throw new AppError('CONFLICT', 'changed meanwhile');
        }),
      );
      expect(error.code).to.equal('CONFLICT');
      expect(await b.reopen().get('a')).to.deep.equal(before);
      expect(await b.store.get('a'), 'the same handle').to.deep.equal(before);
    });

    it("rolls back what changes touch in place (a document's mapping, pushed history) when they throw", async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]));
      const before = await b.store.get('a');
      await failure(
        b.store.update('a', (d) => {
          d.documents[0]!.mapping = { textColumns: ['x'] };
          d.history.push({ at: 'now', by: 'human', author: 'x', what: 'half-done' });
          throw new AppError('CONFLICT', 'changed meanwhile');
        }),
      );
      expect(await b.store.get('a')).to.deep.equal(before);
      expect(await b.reopen().get('a')).to.deep.equal(before);
    });

    it('a handle that read a consultation sees the changes another handle makes afterwards', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]));
      const other = b.reopen();
      expect((await other.get('a'))!.consultation.name).to.equal('First');
      for (let n = 1; n <= 3; n++) {
        const changed = await b.store.update('a', (d) => ({ ...d, consultation: { ...d.consultation, name: `Name ${n}` }, history: [...d.history, { at: 'now', by: 'human', author: 'x', what: `rename ${n}` }] }));
        expect(await other.get('a')).to.deep.equal(changed);
        expect(await b.store.get('a')).to.deep.equal(changed);
      }
      await other.update('a', (d) => ({ ...d, documents: [] }));
      expect((await b.store.get('a'))!.documents).to.deep.equal([]);
      await other.delete('a');
      expect(await b.store.get('a')).to.equal(null);
    });

    it('replaces, reorders and removes documents', async () => {
      const one = await doc('f1', 'workshop.md', Buffer.from(NOTES_WORKSHOP));
      const two = await doc('f2', 'breakout.txt', Buffer.from(NOTES_BREAKOUT));
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z', [one, two]));
      const shorter = await doc('f1', 'workshop.md', Buffer.from('# Workshop\n\n- Data costs too much for families.\n'));
      await b.store.update('a', (d) => ({ ...d, documents: [d.documents[1]!, shorter] }));
      expect((await b.reopen().get('a'))!.documents).to.deep.equal([two, shorter]);
      await b.store.update('a', (d) => ({ ...d, documents: d.documents.filter((x) => x.id !== 'f2') }));
      expect((await b.reopen().get('a'))!.documents.map((d) => d.id)).to.deep.equal(['f1']);
    });

    it('deletes a consultation with its documents; the id can be used again', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z', [await doc('f1', 'b.txt', Buffer.from(NOTES_BREAKOUT))]));
      expect(await b.store.delete('a')).to.equal(true);
      expect(await b.store.get('a')).to.equal(null);
      expect(await b.store.list()).to.deep.equal([]);
      await b.store.create(data('a', 'Second life', '2026-02-01T00:00:00.000Z'));
      expect((await b.store.get('a'))!.documents).to.deep.equal([]);
    });

    it('keeps an audit log per consultation, in order, without changing its version; deleting removes it', async () => {
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z'));
      await b.store.create(data('b', 'Second', '2026-01-01T00:00:00.000Z'));
      const entries = [
        { at: '2026-01-02T10:00:00.000Z', user: 'olga', action: 'uploaded' as const, detail: 'uploaded notes.md' },
        { at: '2026-01-02T10:05:00.000Z', user: 'vic', action: 'exported' as const, detail: 'exported md (redacted)' },
      ];
      for (const e of entries) expect(await b.store.appendAudit('a', e)).to.equal(true);
      expect(await b.store.appendAudit('zz', entries[0]!)).to.equal(false);
      expect(await b.reopen().audit('a')).to.deep.equal(entries);
      expect(await b.store.audit('b')).to.deep.equal([]);
      expect((await b.store.get('a'))!.consultation.updatedAt).to.equal('2026-01-01T00:00:00.000Z');
      await b.store.delete('a');
      expect(await b.store.audit('a')).to.deep.equal([]);
    });

    it('gives a version that changes with every change (from either handle), not with an audit line, null when there is none', async () => {
      expect(await b.store.version('a')).to.equal(null);
      await b.store.create(data('a', 'First', '2026-01-01T00:00:00.000Z'));
      const created = await b.store.version('a');
      expect(created).to.be.a('string');
      expect(await b.reopen().version('a')).to.equal(created);
      await b.reopen().update('a', (d) => ({ ...d, consultation: { ...d.consultation, name: 'Renamed' } }));
      const changed = await b.store.version('a');
      expect(changed).to.not.equal(created);
      await b.store.appendAudit('a', { at: '2026-01-02T10:00:00.000Z', user: 'olga', action: 'edited', detail: 'renamed' });
      expect(await b.store.version('a')).to.equal(changed);
      expect(await b.store.version('../a')).to.equal(null);
      await b.store.delete('a');
      expect(await b.store.version('a')).to.equal(null);
    });

    it('a projector reads the whole consultation only when its version changed', async () => {
      const resources = await loadResources();
      const reads = { get: 0, version: 0 };
      const store = b.store;
      const counted: Store = {
        list: () => store.list(),
        get: (id) => (reads.get++, store.get(id)),
        head: (id) => (reads.get++, store.head(id)),
        segments: (id, runAt) => store.segments(id, runAt),
        version: (id) => (reads.version++, store.version(id)),
        create: (d) => store.create(d),
        update: (id, change) => store.update(id, change),
        delete: (id) => store.delete(id),
        appendAudit: (id, entry) => store.appendAudit(id, entry),
        audit: (id) => store.audit(id),
      };
      const service = new HarvestService(counted, resources, new JobQueue(inlineRunner, 1), { live: { pollMs: 5 } });
      await service.createConsultation({ name: 'Plenary', id: 'pl' }, OPEN_MODE);
      const views: ProjectorView[] = [];
      const stop = await service.watchProjector('pl', (v) => void (v && views.push(v)));
      // Twenty polls of an unchanged consultation: its version each time, the consultation itself at most once.
      const before = reads.get;
      while (reads.version < 20) await new Promise((r) => setTimeout(r, 5));
      expect(reads.get - before).to.be.at.most(1);
      await b.reopen().update('pl', (d) => ({ ...d, projector: { at: '2026-01-02T10:00:00.000Z', by: 'olga', themes: { consultation: 'Plenary', scopes: [], contributions: 0, groups: 0, analysedAt: null } } }));
      while (!views.some((v) => v.frozen !== null)) await new Promise((r) => setTimeout(r, 5));
      stop();
      expect(views.filter((v) => v.frozen !== null)).to.have.length(1);
    });

    it("keeps a survey's records once and parses them only when used (the head, a change and the files page do not)", async () => {
      const service = await analysedSurvey(b.store, 's');
      const written = await service.getConsultation('s');
      const survey = written.documents[0]!;
      if (survey.ingested.kind !== 'survey') throw new Error('expected a survey');
      const records = survey.ingested.records;
      expect(records.length).to.be.above(10);
      if (b.store instanceof PgStore) {
        // Once in the database: in the document's column, neither inside the document's JSON nor in the analysis's.
        const doc = (await b.store.pool.query<{ inside: boolean; apart: boolean }>("SELECT position('\"records\"' in convert_from(ingested, 'UTF8')) > 0 AS inside, records IS NOT NULL AS apart FROM documents WHERE consultation_id = 's'")).rows;
        expect(doc).to.deep.equal([{ inside: false, apart: true }]);
        const state = (await b.store.pool.query<{ analysis: string }>("SELECT analysis FROM consultation_state WHERE consultation_id = 's'")).rows[0]!;
        expect(state.analysis).to.include('"sharedRecords":[[0,"f1"]]').and.not.include(JSON.stringify(records[0]));
      }
      const fresh = b.fresh();
      const head = (await fresh.head('s'))!;
      const unread = (h: ConsultationHead): boolean => pendingRecords(h.documents[0]!.ingested) !== null && pendingRecords(h.analysis!.documents[0]!) !== null;
      expect(unread(head), 'the head').to.equal(true);
      await fresh.update('s', (d) => ({ ...d, history: [...d.history, { at: '2026-05-15T10:00:00.000Z', by: 'human', author: 'Dana', what: 'looked' }] }));
      const afterChange = (await fresh.head('s'))!;
      expect(unread(afterChange), 'a change').to.equal(true);
      expect(new HarvestService(fresh, await loadResources(), new JobQueue(inlineRunner, 1)).viewDocument(afterChange.documents[0]!).survey!.records).to.equal(records.length);
      expect(unread(afterChange), 'the files page').to.equal(true);
      const full = (await b.fresh().get('s'))!;
      const read = full.documents[0]!.ingested;
      expect(read.kind === 'survey' && read.records).to.deep.equal(records);
      expect(full.analysis!.documents[0]!.records, "the analysis's copy is the document's").to.equal(read.kind === 'survey' && read.records);
      // The survey uploaded again with other rows: the analysis keeps the rows it read.
      await fresh.update('s', (d) => ({ ...d, documents: d.documents.map((x) => (x.ingested.kind === 'survey' ? { ...x, ingested: { ...x.ingested, records: x.ingested.records.slice(1) } } : x)) }));
      const replaced = (await b.fresh().get('s'))!;
      const now = replaced.documents[0]!.ingested;
      expect(now.kind === 'survey' && now.records).to.deep.equal(records.slice(1));
      expect(replaced.analysis!.documents[0]!.records).to.deep.equal(records);
    });

    it('runs the service: analysis and edits saved, same synthesis read back, a stale edit refused with CONFLICT', async () => {
      const resources = await loadResources();
      const service = new HarvestService(b.store, resources, new JobQueue(inlineRunner, 1));
      const c = await service.createConsultation({ name: 'Rural broadband', id: 'rb' }, OPEN_MODE);
      await service.addDocuments('rb', [
        { name: 'workshop.md', bytes: Buffer.from(NOTES_WORKSHOP) },
        { name: 'breakout.txt', bytes: Buffer.from(NOTES_BREAKOUT) },
      ], OPEN_MODE);
      await service.analyse('rb', { seed: 7 });
      await service.jobs.idle();
      const first = await service.current('rb');
      const theme = first.synthesis.scopes.flatMap((s) => s.themes)[0]!;
      const seen = (await service.getConsultation('rb')).consultation.updatedAt;
      expect(seen > c.updatedAt).to.equal(true);
      await service.renameTheme('rb', theme.id, 'Cost of data', { version: seen });
      const stale = await failure(service.renameTheme('rb', theme.id, 'Older idea', { version: seen }));
      expect(stale.code).to.equal('CONFLICT');
      expect(stale.status).to.equal(409);
      expect(stale.message).to.match(/^"Rural broadband" was changed by someone else since you opened it \(at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): reload the page and make your change again\.$/);
      const again = new HarvestService(b.reopen(), resources, new JobQueue(inlineRunner, 1));
      const read = await again.current('rb');
      expect(read.synthesis.scopes.flatMap((s) => s.themes).find((t) => t.id === theme.id)!.label).to.equal('Cost of data');
      expect(read.edits.map((e) => e.type)).to.deep.equal(['rename']);
      expect(JSON.stringify(read.synthesis)).to.equal(JSON.stringify((await service.current('rb')).synthesis));
      // Analysed again: the analysis replaced is kept with its corrections (what changed since the last analysis).
      await service.analyse('rb', { seed: 7 });
      await service.jobs.idle();
      const stored = (await b.reopen().get('rb'))!;
      const previous = stored.previous!;
      expect([previous.runAt, previous.edits.map((e) => e.type), previous.replacedAt]).to.deep.equal([first.runAt, ['rename'], stored.analysis!.runAt]);
      // The same files and seed: the machine's analysis replaced is the one made again.
      expect(JSON.stringify(previous.synthesis)).to.equal(JSON.stringify(stored.analysis!.synthesis));
    });

    it('keeps every paste of rapporteurs saving at once, through one handle and through two (the live plenary)', async () => {
      const resources = await loadResources();
      // The analyses the pastes start are not what this test is about: they fail at once.
      const noAnalysis: AnalysisRunner = async () => {
        throw new AppError('INTERNAL', 'not analysed in this test');
      };
      const here = new HarvestService(b.store, resources, new JobQueue(noAnalysis, 1));
      const there = new HarvestService(b.reopen(), resources, new JobQueue(noAnalysis, 1));
      await here.createConsultation({ name: 'Plenary', id: 'pl' }, OPEN_MODE);
      const pastes = [
        [here, 'ana', 'Youth'],
        [there, 'ben', 'Elders'],
        [here, 'cai', 'Parents'],
        [there, 'dee', 'Youth'],
      ] as const;
      await Promise.all(pastes.map(([service, who, group]) => service.pasteNotes('pl', { group, notes: `- ${who} heard that the buses are late in ${group}.` }, { user: who })));
      const stored = (await b.reopen().get('pl'))!.documents;
      expect(stored.map((d) => d.name).sort()).to.deep.equal(['Elders (notes by ben).md', 'Parents (notes by cai).md', 'Youth (notes by ana).md', 'Youth (notes by dee).md']);
      expect(new Set(stored.map((d) => d.id)).size).to.equal(4);
      for (const d of stored) expect(d.ingested.kind === 'notes' && d.ingested.text).to.include('heard that the buses are late');
      await here.jobs.idle();
      await there.jobs.idle();
    });

    it('tells a projector open on one handle about an analysis saved through another (it reads the store, not only its own saves)', async () => {
      const resources = await loadResources();
      const watching = new HarvestService(b.store, resources, new JobQueue(inlineRunner, 1), { live: { pollMs: 50 } });
      const pasting = new HarvestService(b.reopen(), resources, new JobQueue(inlineRunner, 1));
      await watching.createConsultation({ name: 'Plenary', id: 'pl' }, OPEN_MODE);
      const views: ProjectorView[] = [];
      const stop = await watching.watchProjector('pl', (v) => void (v && views.push(v)));
      await pasting.pasteNotes('pl', { group: 'Youth', notes: '- The buses are late every morning.\n- Late buses make students miss the first class.' }, OPEN_MODE);
      await pasting.jobs.idle();
      // The other handle's analysis reaches this one only through the store, at its next read.
      while (!views.some((v) => v.contributions === 2)) await new Promise((r) => setTimeout(r, 20));
      stop();
      expect(watching.live.streams('pl')).to.equal(0);
      const shown = views.find((v) => v.contributions === 2)!;
      expect([shown.groups, shown.frozen, shown.consultation]).to.deep.equal([1, null, 'Plenary']);
    });
  });
}
