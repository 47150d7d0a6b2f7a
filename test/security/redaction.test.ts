// Redaction that holds: on breakout notes and a survey that name people everywhere, no redacted output (every
// export format, every file the CLI writes, the web export and share link) names any of them.
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { loadResources } from '../../src/corpus.ts';
import { exportFormat, exportSynthesis, type ExportFormat } from '../../src/export/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { synthesis as synthesisSchema, type DocumentInfo, type Synthesis } from '../../src/model/index.ts';
import { analyseDocuments } from '../../src/pipeline/index.ts';
import { createRandom } from '../../src/pipeline/random.ts';
import { UNREDACTED_SYNTHESIS_FILE } from '../../src/export/files.ts';
import { nextStepsOf } from '../../src/pipeline/actions.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { analysePaths, removeTempDirs, ROOT, runMain, tempDir } from '../integration/helpers.ts';
import { keptInlineRunner, makeApp, type TestApp } from '../web/helpers.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/redaction');

/** Every name word of the fixture's people (attendees, facilitator, note-takers, signatures, e-mails, a survey answer, a heading's presenter, a session's leader). */
const NAME_WORDS = ['Marta', 'Kovač', 'Goran', 'Petrović', 'Ana', 'Lukić', 'Dragan', 'Simić', 'Thornton', 'Mwangi', 'Senad', 'Hodžić', 'Ivana', 'Horvat', 'Tomislav', 'Babić', 'Jelena', 'Mehmedović', 'Nadia', 'Okafor', 'Tariq', 'Haddad'];
/** People whose first name is also an ordinary word: written as a name, it must go; as a word, it stays. */
const AS_NAMES = [/\bWill and\b/, /\bWill Thornton\b/, /\bGrace noted\b/, /\bGrace Mwangi\b/];

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The name words found in a text, whole words, ignoring case and accents ("kovac" in an address counts). */
function namesIn(text: string, words: readonly string[] = NAME_WORDS): string[] {
  const folded = fold(text);
  const found = words.filter((w) => new RegExp(`(?<![\\p{L}\\p{N}])${fold(w)}(?![\\p{L}\\p{N}])`, 'u').test(folded));
  return [...found, ...AS_NAMES.filter((re) => re.test(text)).map(String)];
}

/** The readable text of an export: zip entries (docx, qdpx) unpacked, XML tags dropped. */
function textOf(format: ExportFormat, body: Buffer): string {
  if (format !== 'docx' && format !== 'qdpx') return body.toString('utf8');
  const entries = unzipSync(new Uint8Array(body));
  return Object.entries(entries)
    .map(([name, bytes]) => `${name}\n${strFromU8(bytes).replace(/<[^>]+>/g, ' ')}`)
    .join('\n');
}

/** The synthesis with every note an action: the Next steps register (its owners too) then holds every name the notes hold. */
function everyNoteAnAction(s: Synthesis): Synthesis {
  const out = structuredClone(s);
  for (const seg of out.segments) if (seg.kind === 'note') seg.coding.category = 'action';
  out.nextSteps = nextStepsOf(out.segments);
  return out;
}

describe('security: redaction that holds', function () {
  this.timeout(240_000);
  after(removeTempDirs);
  let s: Synthesis;
  let documents: DocumentInfo[];

  before(async () => {
    ({ synthesis: s, documents } = await analysePaths([FIXTURE]));
  });

  it('the fixture names its people in the unredacted outputs (so the test tests something)', async () => {
    const md = textOf('md', (await exportSynthesis('md', s, documents, { redact: false, name: 'x' })).body);
    expect(namesIn(md)).to.include.members(['Marta', 'Goran', 'Ana', 'Dragan', 'Tomislav', 'Jelena', 'Mehmedović']);
    const json = textOf('json', (await exportSynthesis('json', s, documents, { redact: false, name: 'x' })).body);
    // Everyone but those named only in the attendee list, which the synthesis counts but does not keep.
    expect(namesIn(json)).to.include.members(NAME_WORDS.filter((w) => !['Simić', 'Thornton', 'Mwangi'].includes(w)));
    const qdpx = textOf('qdpx', (await exportSynthesis('qdpx', s, documents, { redact: false, name: 'x' })).body);
    expect(namesIn(qdpx)).to.include.members(NAME_WORDS);
  });

  for (const format of exportFormat.options) {
    it(`the redacted ${format} export names nobody and keeps ordinary words, organisations and dates`, async () => {
      const input = format === 'actions' ? everyNoteAnAction(s) : s;
      if (format === 'actions') expect(namesIn((await exportSynthesis(format, input, documents, { redact: false, name: 'x' })).body.toString('utf8'))).to.include.members(['Goran', 'Marta']);
      const text = textOf(format, (await exportSynthesis(format, input, documents, { redact: true, name: 'Youth employment' })).body);
      expect(namesIn(text), format).to.deep.equal([]);
      // The claims of who said it differently are labels, groups and counts: no text of the notes to keep.
      if (format === 'differences') return;
      expect(text).to.include('[name]');
      expect(text).to.include('grace period');
      expect(text).to.include('will not wait');
      expect(text).to.include('May 2026');
      expect(text).to.include('UNICEF');
    });
  }

  it('the redacted JSON keeps every number and replaces the people fields of the metadata', async () => {
    const red = synthesisSchema.parse(JSON.parse((await exportSynthesis('json', s, documents, { redact: true, name: 'x' })).body.toString('utf8')));
    expect(red.overview).to.deep.equal(s.overview);
    expect(red.scopes.map((sc) => [sc.segments, sc.themes.map((t) => [t.size, t.share, t.segmentIds])])).to.deep.equal(s.scopes.map((sc) => [sc.segments, sc.themes.map((t) => [t.size, t.share, t.segmentIds])]));
    const total = (b: Record<string, Record<string, number>>): number => Object.values(b).reduce((a, c) => a + Object.values(c).reduce((x, y) => x + y, 0), 0);
    expect(red.scopes.flatMap((sc) => sc.themes.map((t) => total(t.byAttribute)))).to.deep.equal(s.scopes.flatMap((sc) => sc.themes.map((t) => total(t.byAttribute))));
    const north = red.documents.find((d) => d.name === 'breakout-north.md')!;
    expect(north.metadata.facilitator!.every((v) => v.startsWith('[name]'))).to.equal(true);
    expect(north.metadata['notes by']).to.deep.equal(['[name]']);
    expect(red.segments.every((seg) => seg.annotation.people.length === 0 && seg.annotation.pii.length === 0)).to.equal(true);
  });

  it('harvest analyse --redact writes every file redacted, synthesis.json included; the unredacted synthesis only when asked', async () => {
    const out = await tempDir('harvest-redact-all-');
    // main() in this process: the exit codes of the real process are checked in test/integration/sample.test.ts.
    const r = await runMain(['analyse', FIXTURE, '--out', out, '--quiet', '--redact']);
    expect(r.status, r.stderr).to.equal(0);
    expect((await readdir(out)).sort()).to.deep.equal(['differences.csv', 'next-steps.csv', 'report.html', 'report.md', 'segments.csv', 'synthesis.json']);
    for (const file of await readdir(out)) expect(namesIn(await readFile(path.join(out, file), 'utf8')), file).to.deep.equal([]);
    const written = synthesisSchema.parse(JSON.parse(await readFile(path.join(out, 'synthesis.json'), 'utf8')));
    expect(written.overview).to.deep.equal(s.overview);

    const both = await tempDir('harvest-redact-both-');
    const r2 = await runMain(['analyse', FIXTURE, '--out', both, '--quiet', '--redact', '--also-write-unredacted-synthesis']);
    expect(r2.status, r2.stderr).to.equal(0);
    expect(r2.stdout).to.include('do not share');
    expect(namesIn(await readFile(path.join(both, 'synthesis.json'), 'utf8'))).to.deep.equal([]);
    expect(namesIn(await readFile(path.join(both, UNREDACTED_SYNTHESIS_FILE), 'utf8'))).to.include('Tomislav');
    expect((await runMain(['analyse', FIXTURE, '--out', both, '--also-write-unredacted-synthesis'])).status).to.equal(2);
  });

  describe('in the web app', () => {
    let t: TestApp;
    let id: string;
    const auth = { Authorization: '' };

    before(async () => {
      t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
      await t.accounts.addUser('dana', 'correct horse battery');
      auth.Authorization = `Bearer ${(await t.accounts.createToken('dana')).token}`;
      id = (await request(t.app).post('/api/consultations').set(auth).send({ name: 'Youth employment' }).expect(201)).body.id;
      let upload = request(t.app).post(`/api/consultations/${id}/documents`).set(auth);
      for (const f of await readdir(FIXTURE)) upload = upload.attach('files', await readFile(path.join(FIXTURE, f)), f);
      await upload.expect(201);
      await request(t.app).post(`/api/consultations/${id}/analyse`).set(auth).send({}).expect(202);
      await t.service.jobs.idle();
    });
    after(async () => t.close());

    it('every export with ?redact=1 and a redacted share link name nobody', async () => {
      const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      };
      for (const format of exportFormat.options) {
        const res = await request(t.app).get(`/api/consultations/${id}/export/${format}?redact=1`).set(auth).buffer(true).parse(binary).expect(200);
        expect(namesIn(textOf(format, res.body as Buffer)), format).to.deep.equal([]);
      }
      const share = await request(t.app).post(`/api/consultations/${id}/shares`).set(auth).send({ redact: true }).expect(201);
      const page = await request(t.app).get(new URL(share.body.url as string).pathname).expect(200);
      expect(page.text).to.include('[name]');
      expect(namesIn(page.text)).to.deep.equal([]);
    });

    it('the audit log as CSV with ?redact=1 names nobody, though an edit put a name in it', async () => {
      const s = (await request(t.app).get(`/api/consultations/${id}/synthesis`).set(auth).expect(200)).body as { scopes: { themes: { id: string }[] }[] };
      const person = 'Tomislav';
      await request(t.app).patch(`/api/consultations/${id}/themes/${s.scopes[0]!.themes[0]!.id}`).set(auth).send({ label: `Transport, as ${person} said` }).expect(200);
      const plain = await request(t.app).get(`/api/consultations/${id}/audit?format=csv`).set(auth).expect(200);
      expect(plain.text).to.include(person);
      const redacted = await request(t.app).get(`/api/consultations/${id}/audit?format=csv&redact=1`).set(auth).expect(200);
      expect(redacted.text).to.include('[name]');
      expect(namesIn(redacted.text)).to.deep.equal([]);
    });
  });
});

// People for the property test: names that are no English words, so every occurrence must go.
const PEOPLE = [
  ['Mirela', 'Dervishi'], ['Jovana', 'Ristić'], ['Elira', 'Hasani'], ['Nikola', 'Stanković'], ['Besnik', 'Krasniqi'],
  ['Milica', 'Đorđević'], ['Arben', 'Gashi'], ['Katarina', 'Jovanović'], ['Vesna', 'Popović'], ['Dejan', 'Marković'],
  ['Lejla', 'Begović'], ['Amir', 'Hadžić'], ['Teuta', 'Berisha'], ['Zoran', 'Ilić'], ['Snežana', 'Todorović'], ['Bujar', 'Rama'],
] as const;

// Where a person is introduced (by full name), and where they are mentioned again.
const INTRODUCTIONS: ((first: string, last: string) => { header?: string; attendee?: string; body?: string })[] = [
  (f, l) => ({ attendee: `- ${f} ${l}, Women's Network Ohrid` }),
  (f, l) => ({ header: `**Rapporteur:** ${f} ${l}` }),
  (f, l) => ({ header: `[[facilitator:${f} ${l}]]` }),
  (f, l) => ({ header: `facil ${f} ${l[0]} (UNDP) / notes Ana` }),
  (f, l) => ({ body: `${f} ${l} – Regional Youth Network` }),
  (f, l) => ({ body: `Contact ${fold(f)}.${fold(l)}@example.org for the mapping.` }),
];
const MENTIONS: ((first: string, last: string) => string)[] = [
  (f) => `- ${f} to circulate these notes`,
  (f) => `- ${f} share M&E template`,
  (f) => `- Transport costs too much, ${f} said, for the families in the villages.`,
  (f, l) => `- Mobile data is expensive; ${l} asked the operators for a rural tariff.`,
];

describe('security: redaction property: random people in random places are never in a redacted output', function () {
  this.timeout(240_000);

  it('holds for seeded random names and positions', async () => {
    const resources = await loadResources();
    const random = createRandom(20260113);
    for (let round = 0; round < 4; round++) {
      const chosen = new Set<number>();
      while (chosen.size < 3) chosen.add(random.int(PEOPLE.length));
      const header: string[] = [];
      const attendees: string[] = ['- Dragan Simić, Ministry of Labour'];
      const body: string[] = [];
      for (const i of chosen) {
        const [first, last] = PEOPLE[i]!;
        const intro = INTRODUCTIONS[random.int(INTRODUCTIONS.length)]!(first, last);
        if (intro.header) header.push(intro.header);
        if (intro.attendee) attendees.push(intro.attendee);
        if (intro.body) body.push(intro.body);
        body.push(MENTIONS[random.int(MENTIONS.length)]!(first, last));
      }
      const notes = [
        '# Breakout West: Digital skills', '', '**Date:** 3 June 2026', ...header, '', '## Attendees', '', ...attendees, '',
        '## Obstacles', '', '- Mobile data and devices cost too much for rural households.', '- Patchy coverage in mountain villages.',
        '- Low confidence among older women who never used a smartphone.', ...body, '',
      ].join('\n');
      const doc = await ingestFile('breakout-west.md', new TextEncoder().encode(notes));
      const { synthesis, documents } = analyseDocuments([doc], resources, { seed: 42, workers: 0 });
      const words = [...chosen].flatMap((i) => [...PEOPLE[i]!]);
      expect(namesIn(synthesis.segments.map((x) => x.text).join('\n') + notes, words), 'the names are in the input').to.not.be.empty;
      for (const format of ['md', 'csv', 'json'] as const) {
        const text = textOf(format, (await exportSynthesis(format, synthesis, documents, { redact: true, name: 'West' })).body);
        expect(namesIn(text, words), `round ${round}, ${format}:\n${notes}`).to.deep.equal([]);
      }
    }
  });
});
