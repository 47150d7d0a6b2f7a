// The lowdb store keeps each analysis's segments in a file of their own, one a line: written once per analysis (an
// edit rewrites only the consultation file), read and checked line by line; a data folder written before (segments
// and previous analysis inside the consultation file) is read as it is and split at its next write.
import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../../src/corpus.ts';
import { AppError } from '../../src/errors.ts';
import { OPEN_MODE } from '../../src/services/acting.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { keptInlineRunner, SAMPLE } from '../web/helpers.ts';
import { synthesis as synthesisSchema } from '../../src/model/index.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { consultationData, type ConsultationData, type StoredAnalysis } from '../../src/store/schema.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

describe('lowdb store: segments in their own file', () => {
  let dir: string;
  let folder: string;
  let first: StoredAnalysis;
  let second: StoredAnalysis;
  let data: ConsultationData;

  /** The consultation's files of segments, by name. */
  const segmentFiles = async (id = 'a'): Promise<string[]> => (await readdir(folder)).filter((n) => n.startsWith(`${id}.segments.`)).sort();
  const mainFile = (): string => path.join(folder, 'a.json');

  before(async () => {
    const synthesis = synthesisSchema.parse(JSON.parse(await readFile(path.join(FIXTURES, 'synthesis-small.json'), 'utf8')));
    expect(synthesis.segments.length).to.be.above(5);
    first = { runAt: '2026-02-01T00:00:00.000Z', seed: 42, k: null, synthesis, documents: [] };
    // A second analysis with other segments (a text changed, one fewer), so the files must differ.
    const segments = synthesis.segments.slice(1).map((s, i) => (i === 0 ? { ...s, text: `${s.text} (again)` } : s));
    second = { runAt: '2026-03-01T00:00:00.000Z', seed: 7, k: 3, synthesis: { ...synthesis, segments }, documents: [] };
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-segments-'));
    folder = path.join(dir, 'consultations');
    data = {
      consultation: { id: 'a', name: 'Consultation a', description: '', date: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      documents: [],
      codebook: null,
      analysis: first,
      edits: [],
      history: [{ at: '2026-01-01T00:00:00.000Z', by: 'human', author: 'facilitator', what: 'created the consultation' }],
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the segments one a line beside a consultation file without them, and reads back the same consultation', async () => {
    await new LowdbStore(dir).create(data);
    const files = await segmentFiles();
    expect(files).to.have.length(1);
    const lines = (await readFile(path.join(folder, files[0]!), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).to.deep.equal(first.synthesis.segments.map((s) => s.id));
    const main = JSON.parse(await readFile(mainFile(), 'utf8')) as { analysis: StoredAnalysis; segmentsFile: string };
    expect([main.analysis.synthesis.segments, main.segmentsFile]).to.deep.equal([undefined, files[0]]);
    // An earlier version, which expects the segments inside, refuses the file rather than read an analysis without them.
    expect(consultationData.safeParse(main).success).to.equal(false);
    expect(await new LowdbStore(dir).get('a')).to.deep.equal(data);
  });

  it('writes an analysis’s segments once: an edit leaves them alone, the replaced analysis keeps its file, the one before goes', async () => {
    const store = new LowdbStore(dir);
    await store.create(data);
    const [firstFile] = await segmentFiles();
    const written = (await stat(path.join(folder, firstFile!))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await store.update('a', (d) => ({ ...d, history: [...d.history, { at: '2026-01-02T00:00:00.000Z', by: 'human', author: 'Dana', what: 'renamed a theme' }] }));
    expect(await segmentFiles()).to.deep.equal([firstFile]);
    expect((await stat(path.join(folder, firstFile!))).mtimeMs, 'an edit does not rewrite the segments').to.equal(written);

    // A new analysis, as the service saves one: the one it replaces becomes the previous analysis, with its file.
    await store.update('a', (d) => ({ ...d, previous: { ...d.analysis!, edits: d.edits, replacedAt: second.runAt }, analysis: second }));
    const two = await segmentFiles();
    expect(two).to.have.length(2).and.include(firstFile);
    const previous = JSON.parse(await readFile(path.join(folder, 'a.previous.json'), 'utf8')) as { segmentsFile: string };
    expect(previous.segmentsFile).to.equal(firstFile);
    expect((await stat(path.join(folder, firstFile!))).mtimeMs).to.equal(written);
    const reread = (await new LowdbStore(dir).get('a'))!;
    expect(reread.analysis).to.deep.equal(second);
    expect(reread.previous!.synthesis.segments).to.deep.equal(first.synthesis.segments);

    // A third analysis: the first one's segments are no longer kept by anything.
    const third = { ...first, runAt: '2026-04-01T00:00:00.000Z', synthesis: { ...first.synthesis, segments: first.synthesis.segments.slice(2) } };
    await store.update('a', (d) => ({ ...d, previous: { ...d.analysis!, edits: [], replacedAt: third.runAt }, analysis: third }));
    const three = await segmentFiles();
    expect(three).to.have.length(2).and.not.include(firstFile);
    expect(three.filter((n) => two.includes(n))).to.have.length(1);
    expect((await new LowdbStore(dir).get('a'))!.previous!.synthesis.segments).to.deep.equal(second.synthesis.segments);

    // The first analysis's segments (their file gone) set again: written again.
    await store.update('a', (d) => ({ ...d, analysis: { ...third, synthesis: first.synthesis } }));
    expect((await new LowdbStore(dir).get('a'))!.analysis!.synthesis.segments).to.deep.equal(first.synthesis.segments);

    await store.delete('a');
    expect(await readdir(folder)).to.deep.equal([]);
  });

  it('reads a data folder written before (segments and previous analysis inside the consultation file), and splits it at the next change', async () => {
    const old: ConsultationData = { ...data, analysis: second, previous: { ...first, edits: [], replacedAt: second.runAt } };
    await mkdir(folder, { recursive: true });
    await writeFile(mainFile(), JSON.stringify(old));
    await writeFile(path.join(dir, 'harvest.json'), JSON.stringify({ consultations: [old.consultation] }));
    const store = new LowdbStore(dir);
    expect(await store.get('a')).to.deep.equal(old);
    expect(await segmentFiles()).to.deep.equal([]);
    const changed = await store.update('a', (d) => ({ ...d, history: [...d.history, { at: '2026-01-02T00:00:00.000Z', by: 'human', author: 'Dana', what: 'a change' }] }));
    expect(await segmentFiles()).to.have.length(2);
    expect((await readFile(mainFile(), 'utf8')).length, 'the consultation file no longer holds the segments').to.be.below(JSON.stringify(old).length / 2);
    const { consultation: _c, history: _h, ...rest } = (await new LowdbStore(dir).get('a'))!;
    const { consultation: _c2, history: _h2, ...expected } = old;
    expect(rest).to.deep.equal(expected);
    expect(changed!.history).to.have.length(2);
  });

  it('lists the consultations without waiting for a consultation being read', async () => {
    await new LowdbStore(dir).create(data);
    const store = new LowdbStore(dir);
    expect((await store.list()).map((c) => c.id)).to.deep.equal(['a']);
    const reading = store.get('a').then(() => 'read');
    // The list answers from the index in memory; the read needs the files.
    expect(await Promise.race([store.list().then((l) => l.map((c) => c.id).join()), reading])).to.equal('a');
    expect(await reading).to.equal('read');
  });

  it('refuses a damaged or missing file of segments with a message naming it', async () => {
    await new LowdbStore(dir).create(data);
    const [file] = await segmentFiles();
    const lines = (await readFile(path.join(folder, file!), 'utf8')).split('\n');
    lines[2] = lines[2]!.replace('"id":', '"id":7,"was":');
    await writeFile(path.join(folder, file!), lines.join('\n'));
    const damaged = await new LowdbStore(dir).get('a').catch((err: unknown) => err);
    expect(damaged).to.be.instanceOf(AppError);
    expect((damaged as AppError).message).to.equal(`${file} in the data folder is not valid: segment 3: id: Invalid input: expected string, received number`);
    await rm(path.join(folder, file!));
    const missing = await new LowdbStore(dir).get('a').catch((err: unknown) => err);
    expect((missing as AppError).message).to.equal(`${file}, which holds an analysis's segments, is missing from the data folder`);
  });
});

describe('lowdb store: a survey’s records written once', () => {
  it('writes the analysis’s copy of a survey’s records as a reference to the stored document, and reads back the same array', async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-records-'));
    try {
      const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue(keptInlineRunner, 1));
      await service.createConsultation({ name: 'Survey', id: 's' }, OPEN_MODE);
      await service.addDocuments('s', [{ name: 'survey-responses.csv', bytes: await readFile(path.join(SAMPLE, 'survey-responses.csv')) }], OPEN_MODE);
      await service.analyse('s', { seed: 42 });
      await service.jobs.idle();
      const written = (await service.getConsultation('s'))!;
      const survey = written.documents[0]!;
      expect(survey.ingested.kind).to.equal('survey');
      const main = JSON.parse(await readFile(path.join(dir, 'consultations', 's.json'), 'utf8')) as { analysis: StoredAnalysis; sharedRecords: [number, string][] };
      expect(main.sharedRecords).to.deep.equal([[0, survey.id]]);
      expect(Object.keys(main.analysis.documents[0]!)).to.not.include('records');
      // An earlier version, which expects the records in the analysis, refuses the file rather than read it without them.
      expect(consultationData.safeParse(main).success).to.equal(false);
      const back = (await new LowdbStore(dir).get('s'))!;
      expect(back).to.deep.equal(written);
      expect(back.analysis!.documents[0]!.records).to.equal(back.documents[0]!.ingested.kind === 'survey' ? back.documents[0]!.ingested.records : null);
      // A survey whose stored records changed since (a mapping does not change them; a new upload would): kept apart.
      const reread = new LowdbStore(dir);
      await reread.update('s', (d) => ({ ...d, documents: d.documents.map((doc) => (doc.ingested.kind === 'survey' ? { ...doc, ingested: { ...doc.ingested, records: doc.ingested.records.slice(1) } } : doc)) }));
      const apart = JSON.parse(await readFile(path.join(dir, 'consultations', 's.json'), 'utf8')) as { analysis: StoredAnalysis; sharedRecords?: unknown };
      expect(apart.sharedRecords).to.equal(undefined);
      expect(apart.analysis.documents[0]!.records).to.deep.equal(written.analysis!.documents[0]!.records);
      expect((await new LowdbStore(dir).get('s'))!.analysis!.documents).to.deep.equal(written.analysis!.documents);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
