// The lowdb store keeps each survey's records in a file of their own, read as text with the consultation and parsed
// only when something uses them; the files page shows a survey's columns from what its document keeps (no record read).
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadResources } from '../../src/corpus.ts';
import type { Resources } from '../../src/model/resources.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { pendingRecords } from '../../src/store/lazy-records.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { consultationData } from '../../src/store/schema.ts';
import { keptInlineRunner, SAMPLE } from '../web/helpers.ts';
import { analysedSurvey } from './analysed-survey.ts';

describe('lowdb store: survey records in their own file, read when used', function () {
  this.timeout(120_000);
  let dir: string;
  let resources: Resources;
  let csv: Buffer;
  const folder = (): string => path.join(dir, 'consultations');
  const recordFiles = async (): Promise<string[]> => (await readdir(folder())).filter((n) => n.startsWith('s.records.')).sort();
  const serviceOn = (store: LowdbStore): HarvestService => new HarvestService(store, resources, new JobQueue(keptInlineRunner, 1));

  before(async () => {
    resources = await loadResources();
    csv = await readFile(path.join(SAMPLE, 'survey-responses.csv'));
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-records-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A consultation "s" with the sample's survey and notes, analysed; returns the service that made it. */
  async function analysed(): Promise<HarvestService> {
    return analysedSurvey(new LowdbStore(dir), 's', [{ name: 'notes.txt', bytes: await readFile(path.join(SAMPLE, 'breakout-b-notes.txt')) }]);
  }

  it('writes the records apart, and reads the consultation, its files and their columns without parsing them', async () => {
    const before = await analysed();
    const original = (await before.getConsultation('s'))!;
    const survey = original.documents.find((d) => d.ingested.kind === 'survey')!;
    const files = await recordFiles();
    expect(files).to.have.length(1);
    expect(JSON.parse(await readFile(path.join(folder(), files[0]!), 'utf8'))).to.deep.equal(survey.ingested.kind === 'survey' && survey.ingested.records);
    const main = JSON.parse(await readFile(path.join(folder(), 's.json'), 'utf8')) as { documents: { ingested: { records?: unknown }; columns?: { records: number } }[] };
    const kept = main.documents.find((d) => d.columns)!;
    expect(kept.ingested.records).to.equal(undefined);
    expect(kept.columns!.records).to.equal(survey.ingested.kind === 'survey' ? survey.ingested.records.length : -1);
    // An earlier version, which expects the records inside, refuses the file rather than read a survey without them.
    expect(consultationData.safeParse(main).success).to.equal(false);

    // A restart: the consultation, its files and their columns, with no record parsed.
    const store = new LowdbStore(dir);
    const after = serviceOn(store);
    const head = (await store.head('s'))!;
    const read = head.documents.find((d) => d.id === survey.id)!;
    expect(pendingRecords(read.ingested), 'not parsed by the head').to.not.equal(null);
    const views = await after.listDocuments('s');
    expect(views).to.deep.equal(await before.listDocuments('s'));
    expect(views.find((v) => v.id === survey.id)!.survey!.records).to.be.above(10);
    expect(after.surveyPreview(read)).to.deep.equal(before.surveyPreview(survey));
    expect(pendingRecords(read.ingested), 'not parsed by the list of files').to.not.equal(null);

    // An edit leaves the records unread and their file alone.
    const written = (await stat(path.join(folder(), files[0]!))).mtimeMs;
    await store.update('s', (d) => ({ ...d, history: [...d.history, { at: '2026-01-02T00:00:00.000Z', by: 'human', author: 'Dana', what: 'looked' }] }));
    expect(await recordFiles()).to.deep.equal(files);
    expect((await stat(path.join(folder(), files[0]!))).mtimeMs).to.equal(written);
    expect(pendingRecords((await store.head('s'))!.documents.find((d) => d.id === survey.id)!.ingested)).to.not.equal(null);

    // Read when used: the same records, shared by the document and the analysis's copy.
    const full = (await store.get('s'))!;
    const doc = full.documents.find((d) => d.id === survey.id)!;
    const info = full.analysis!.documents.find((d) => d.name === survey.name)!;
    expect(doc.ingested.kind === 'survey' && doc.ingested.records).to.deep.equal(survey.ingested.kind === 'survey' && survey.ingested.records);
    expect(info.records).to.equal(doc.ingested.kind === 'survey' && doc.ingested.records);
    // The columns kept are those a detection from the records finds.
    const { columns, ...detectAgain } = doc;
    expect(columns).to.not.equal(undefined);
    expect(after.viewDocument(detectAgain)).to.deep.equal(after.viewDocument(doc));
    expect(after.surveyPreview(detectAgain)).to.deep.equal(after.surveyPreview(doc)).and.to.have.length(3);
    expect(JSON.parse(JSON.stringify(full))).to.deep.equal(JSON.parse(JSON.stringify({ ...original, history: full.history, consultation: full.consultation })));
    // And a new analysis of the consultation read back finds the same.
    await after.analyse('s', { seed: 42 });
    await after.jobs.idle();
    const again = (await after.getConsultation('s'))!.analysis!.synthesis;
    expect(again.segments.map((s) => s.text)).to.deep.equal(original.analysis!.synthesis.segments.map((s) => s.text));
  });

  it('reads a data folder written before (records inside) and moves the records apart at its next write', async () => {
    await analysed();
    // Put the records back inside the consultation file, as an earlier version wrote it.
    const mainPath = path.join(folder(), 's.json');
    const main = JSON.parse(await readFile(mainPath, 'utf8')) as { documents: { ingested: { records?: unknown }; columns?: unknown }[]; recordsFiles?: [number, string][] };
    const files = await recordFiles();
    for (const [i, file] of main.recordsFiles!) {
      main.documents[i]!.ingested.records = JSON.parse(await readFile(path.join(folder(), file), 'utf8'));
      delete main.documents[i]!.columns;
    }
    delete main.recordsFiles;
    await writeFile(mainPath, JSON.stringify(main));
    for (const file of files) await rm(path.join(folder(), file));

    const store = new LowdbStore(dir);
    const service = serviceOn(store);
    const views = await service.listDocuments('s');
    expect(views.find((v) => v.survey)!.survey!.records).to.be.above(10);
    await store.update('s', (d) => d);
    expect(await recordFiles()).to.have.length(1);
    const moved = JSON.parse(await readFile(mainPath, 'utf8')) as typeof main;
    expect(moved.recordsFiles).to.have.length(1);
    expect(await serviceOn(new LowdbStore(dir)).listDocuments('s')).to.deep.equal(views);
  });

  it('refuses a consultation file whose survey has neither its records nor a file of them', async () => {
    await analysed();
    const mainPath = path.join(folder(), 's.json');
    const main = JSON.parse(await readFile(mainPath, 'utf8')) as { recordsFiles?: unknown };
    delete main.recordsFiles;
    await writeFile(mainPath, JSON.stringify(main));
    const err = await new LowdbStore(dir).head('s').then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.match(/s\.json in the data folder is not valid: document \d+ has no records/);
  });
});
