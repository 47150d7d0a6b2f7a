// Prototype keys as user data ("__proto__", "constructor", ...) through upload, analysis, edits, exports, backup and restore; hostile backups; names; error pages.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import request from 'supertest';
import { loadResources } from '../../src/corpus.ts';
import { synthesis as synthesisSchema, type AnalysedSegment, type IngestedSurvey, type Synthesis, type Theme } from '../../src/model/index.ts';
import { createRandom } from '../../src/pipeline/random.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { breakdownOf, byDocumentOf } from '../../src/pipeline/breakdowns.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { keptInlineRunner, makeApp, ROOT, waitForJob, type TestApp } from '../web/helpers.ts';

const KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'] as const;
/** Values that would replace Object's own functions if a table inherited from Object.prototype. */
const VALUES = ['keys', 'toString', '__proto__', 'constructor', 'hasOwnProperty'] as const;
const QUESTION = 'What would help most?';
const ANSWERS = [
  'Cheaper mobile data for families in the villages would help most.',
  'Free wifi points in the community centres would help young people.',
  'Digital skills classes for older women at the library on weekends.',
  'Lower prices for mobile data packages for students and families.',
  'A stronger mobile signal in the upper valley villages and hills.',
  'Tablets lent by schools to families during the exams period.',
  'Training volunteers to teach older people to avoid online scams.',
  'Cheaper mobile data so that children can follow online classes.',
  'Free wifi in the library and the community centre every evening.',
  'Classes on online banking safety for older women in the villages.',
];

/** A survey whose attribute columns are the prototype keys, with prototype keys as values; and its expected counts. */
function survey(): { csv: string; counts: Map<string, Map<string, number>> } {
  const counts = new Map<string, Map<string, number>>(KEYS.map((k) => [k, new Map()]));
  const rows = ANSWERS.map((answer, i) => {
    const values = KEYS.map((k, j) => {
      const v = VALUES[(i + j) % VALUES.length]!;
      counts.get(k)!.set(v, (counts.get(k)!.get(v) ?? 0) + 1);
      return v;
    });
    return [`R${i + 1}`, ...values, `"${answer}"`].join(',');
  });
  return { csv: [['id', ...KEYS, `"${QUESTION}"`].join(','), ...rows].join('\n') + '\n', counts };
}

const NOTES = `# Workshop on connectivity

[[__proto__:first]] [[constructor:keys]] [[prototype:third]] [[hasOwnProperty:fourth]] [[toString:fifth]]

## Obstacles
- The cost of mobile data is too high for many families in the villages.
- There is no internet signal in the upper valley villages.
- Older women do not trust online banking because of scams.

## What should be done
- The municipality should fund free wifi points in the community centres.
- Libraries should offer free digital skills classes for women on weekends.
`;

/** Object's own functions still work: nothing was written onto Object or Object.prototype. */
function expectIntactObject(): void {
  expect(Object.keys({ a: 1 })).to.deep.equal(['a']);
  expect(typeof Object.prototype.toString).to.equal('function');
  expect(typeof Object.prototype.hasOwnProperty).to.equal('function');
  expect({}.constructor).to.equal(Object);
  // A count written onto Object or Object.prototype would be a number there.
  for (const target of [Object, Object.prototype] as unknown as Record<string, unknown>[]) {
    for (const name of Object.getOwnPropertyNames(target)) if (name !== 'length') expect(typeof target[name], name).to.not.equal('number');
  }
  expect(Object.getOwnPropertyNames(Object.prototype)).to.not.include('keys');
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const themesOf = (s: Synthesis): Theme[] => s.scopes.flatMap((sc) => sc.themes);
/** An own entry of a parsed JSON object, never an inherited one. */
const ownOf = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

describe('security: prototype keys as column names, values, labels, metadata and file names', function () {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  let expected: Map<string, Map<string, number>>;

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
  });
  after(async () => {
    await t?.close();
    expectIntactObject();
  });

  it('uploads, analyses and counts them correctly, and the server keeps answering', async () => {
    id = (await request(t.app).post('/api/consultations').send({ name: 'constructor' }).expect(201)).body.id;
    const built = survey();
    expected = built.counts;
    const docx = await readFile(path.join(ROOT, 'test/fixtures/ingest/breakout-b.docx'));
    const up = await request(t.app)
      .post(`/api/consultations/${id}/documents`)
      .attach('files', Buffer.from(built.csv), 'hasOwnProperty.csv')
      .attach('files', Buffer.from(NOTES), 'prototype.md')
      // Word files are read by their content whatever their name: a file can be called exactly "constructor".
      .attach('files', docx, 'constructor')
      .attach('files', docx, '__proto__')
      .expect(201);
    expect(up.body.errors).to.deep.equal([]);
    expect(up.body.documents.map((d: { name: string }) => d.name).sort()).to.deep.equal(['__proto__', 'constructor', 'hasOwnProperty.csv', 'prototype.md']);
    const surveyDoc = up.body.documents.find((d: { name: string }) => d.name === 'hasOwnProperty.csv');
    await request(t.app).put(`/api/consultations/${id}/documents/${surveyDoc.id}/mapping`).send({ idColumn: 'id', textColumns: [QUESTION], attributeColumns: [...KEYS] }).expect(200);
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 3 }).expect(202)).body.jobId;
    const done = await waitForJob(t.app, job);
    expect(done.state, JSON.stringify(done.error)).to.equal('done');
    expectIntactObject();

    const s = (await request(t.app).get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as Synthesis;
    const { documents } = await t.service.current(id);
    expect(findInconsistencies(s, documents)).to.deep.equal([]);
    // Every attribute column, with every value, counted as in the CSV (summed over the question's themes).
    const question = s.scopes.find((sc) => sc.label === QUESTION)!;
    for (const [column, values] of expected) {
      for (const [value, n] of values) {
        const sum = question.themes.reduce((a, th) => a + (Number(ownOf((ownOf(th.byAttribute, column) ?? {}) as object, value)) || 0), 0);
        expect(sum, `${column} = ${value}`).to.equal(n);
      }
    }
    // Segments per file, with files called "constructor" and "__proto__".
    const perFile = new Map<string, number>();
    for (const seg of s.segments) perFile.set(seg.provenance.document, (perFile.get(seg.provenance.document) ?? 0) + 1);
    expect(perFile.get('constructor')).to.be.greaterThan(0);
    expect(perFile.get('__proto__')).to.equal(perFile.get('constructor'));
    for (const [file, n] of perFile) {
      const counted = themesOf(s).reduce((a, th) => a + (Number(ownOf(th.byDocument, file)) || 0), 0);
      expect(counted, file).to.equal(n);
    }
    const notes = s.documents.find((d) => d.name === 'prototype.md')!;
    expect(Object.keys(notes.metadata).sort()).to.deep.equal([...KEYS].map((k) => k.toLowerCase()).sort());
    expect(ownOf(notes.metadata, 'constructor')).to.deep.equal(['keys']);
    expect(ownOf(notes.metadata, '__proto__')).to.deep.equal(['first']);
    await request(t.app).get('/api/consultations').expect(200);
  });

  it('renames, merges and moves with prototype keys as labels, and every page and export is made', async () => {
    let s = (await request(t.app).get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as Synthesis;
    const question = s.scopes.find((sc) => sc.label === QUESTION)!;
    const named = question.themes.filter((th) => !th.isOther);
    for (const [i, label] of KEYS.entries()) {
      await request(t.app).patch(`/api/consultations/${id}/themes/${named[i % named.length]!.id}`).send({ label }).expect(200);
    }
    const scope = s.scopes.find((sc) => sc.themes.filter((th) => !th.isOther).length >= 2 && sc !== question) ?? question;
    const pair = scope.themes.filter((th) => !th.isOther).slice(0, 2).map((th) => th.id);
    // The same theme named many times is merged once, quickly.
    await request(t.app).post(`/api/consultations/${id}/themes/merge`).send({ themeIds: [...Array(2000).fill(pair[0]), pair[1]], label: 'hasOwnProperty' }).expect(200);
    s = (await request(t.app).get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as Synthesis;
    const { documents } = await t.service.current(id);
    expect(findInconsistencies(s, documents)).to.deep.equal([]);
    const labels = themesOf(s).map((th) => th.label);
    expect(labels).to.include('hasOwnProperty');
    expect(labels).to.include('toString');
    for (const format of ['md', 'html', 'docx', 'csv', 'json', 'qdpx']) {
      for (const redact of ['', '?redact=1']) {
        const res = await request(t.app).get(`/api/consultations/${id}/export/${format}${redact}`).buffer(true).parse(binary);
        expect(res.status, `${format}${redact}`).to.equal(200);
        expect((res.body as Buffer).length).to.be.greaterThan(100);
      }
    }
    const md = await request(t.app).get(`/api/consultations/${id}/export/md`).expect(200);
    expect(md.text).to.contain('constructor');
    const someTheme = themesOf(s).find((th) => th.label === 'toString')!;
    const pages = ['', '/report', '/report?filter=constructor%3Akeys', '/report?filter=__proto__%3AtoString', '/search?q=data', `/themes/${someTheme.id}`, `/segments/${someTheme.segmentIds[0]}`, '/codebook'];
    for (const page of pages) await request(t.app).get(`/consultations/${id}${page}`).expect(200);
    expectIntactObject();
  });

  it('backs up and restores them with the same counts, and the server still answers', async () => {
    const backup = (await request(t.app).get(`/api/consultations/${id}/backup`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const restored = (await request(t.app).post('/api/consultations/import').attach('file', backup, 'constructor').expect(201)).body.id as string;
    expect(restored).to.not.equal(id);
    const [a, b] = await Promise.all([request(t.app).get(`/api/consultations/${id}/synthesis?full=1`), request(t.app).get(`/api/consultations/${restored}/synthesis?full=1`)]);
    expect(b.status).to.equal(200);
    expect(b.body).to.deep.equal(a.body);
    await request(t.app).get(`/consultations/${restored}/report`).expect(200);
    // A fresh read of the data folder (a restart) keeps "__proto__" as a key.
    const again = await t.reopenStore().get(restored);
    const seg = again!.analysis!.synthesis.segments.find((x) => x.provenance.column === QUESTION)!;
    expect(Object.keys(seg.attributes)).to.include('__proto__');
    expect(again!.documents.map((d) => d.name)).to.include('__proto__');
    await request(t.app).get('/api/consultations').expect(200);
    expectIntactObject();
  });
});

describe('security: random tables of prototype keys (property)', () => {
  /** Names an attacker would try, and ordinary ones. */
  const NAMES = [...KEYS, 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toLocaleString', 'length', 'country', 'group', 'age'];

  it('segments and counts 200 random surveys exactly as a Map does, and Object stays intact', async () => {
    const resources = await loadResources();
    const random = createRandom(1307).next;
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 200; round++) {
      const columns = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(NAMES)))];
      const rows = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({ values: columns.map(() => pick(NAMES)), answer: `answer ${i} about mobile data costs` }));
      const doc: IngestedSurvey = {
        kind: 'survey',
        name: pick(NAMES),
        format: 'csv',
        sheet: null,
        headers: ['id', ...columns, 'answer'],
        records: rows.map((r, i) => ({ line: i + 2, cells: [`R${i}`, ...r.values, r.answer] })),
      };
      const { segments } = segmentDocument(doc, 'f1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary, idColumn: 'id', textColumns: ['answer'], attributeColumns: columns });
      const analysed = segments as unknown as AnalysedSegment[];
      const breakdown = breakdownOf(analysed);
      const expectedCounts = new Map<string, Map<string, number>>();
      for (const r of rows) columns.forEach((c, j) => {
        const m = expectedCounts.get(c) ?? new Map<string, number>();
        m.set(r.values[j]!, (m.get(r.values[j]!) ?? 0) + 1);
        expectedCounts.set(c, m);
      });
      const seen = new Map(Object.entries(breakdown).map(([c, values]) => [c, new Map(Object.entries(values))]));
      expect(seen, JSON.stringify(doc.headers)).to.deep.equal(expectedCounts);
      expect(Object.entries(byDocumentOf(analysed))).to.deep.equal([[doc.name, rows.length]]);
      // Through the model schema (what the store does when it reads the file back): every key kept.
      const parsed = synthesisSchema.shape.scopes.element.shape.themes.element.shape.byAttribute.parse(JSON.parse(JSON.stringify(breakdown)));
      expect(new Map(Object.entries(parsed).map(([c, values]) => [c, new Map(Object.entries(values))]))).to.deep.equal(expectedCounts);
    }
    expectIntactObject();
  });
});

describe('security: a backup is untrusted input', function () {
  this.timeout(120_000);
  let t: TestApp;
  let token: string;
  let archive: Buffer;
  let original: string;
  const auth = (r: request.Test): request.Test => r.set('Authorization', `Bearer ${token}`);

  /** The backup with its consultation.json changed by `change`. */
  const tampered = (change: (data: Record<string, any>) => void): Buffer => {
    const files = unzipSync(archive);
    const data = JSON.parse(strFromU8(files['consultation.json']!));
    change(data);
    return Buffer.from(zipSync({ 'harvest-backup.json': files['harvest-backup.json']!, 'consultation.json': strToU8(JSON.stringify(data)) }));
  };
  const restore = (bytes: Buffer) => auth(request(t.app).post('/api/consultations/import')).attach('file', bytes, 'backup.harvest.zip');

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    await t.accounts.addUser('rita', 'correct horse battery');
    token = (await t.accounts.createToken('rita')).token;
    original = (await auth(request(t.app).post('/api/consultations')).send({ name: 'Original' }).expect(201)).body.id;
    await auth(request(t.app).post(`/api/consultations/${original}/documents`)).attach('files', Buffer.from(NOTES), 'notes.md').expect(201);
    const job = (await auth(request(t.app).post(`/api/consultations/${original}/analyse`)).send({}).expect(202)).body.jobId;
    for (;;) {
      const state = (await auth(request(t.app).get(`/api/jobs/${job}`)).expect(200)).body.state;
      if (state === 'done') break;
      expect(state).to.not.equal('failed');
      await new Promise((r) => setTimeout(r, 50));
    }
    archive = (await auth(request(t.app).get(`/api/consultations/${original}/backup`)).buffer(true).parse(binary).expect(200)).body as Buffer;
  });
  after(async () => t?.close());

  it('makes the restorer its only owner, under a new id, whatever members and id the backup lists', async () => {
    const bytes = tampered((d) => {
      d.members = [{ user: 'mallory', role: 'owner' }, { user: 'rita', role: 'viewer' }];
      d.consultation.name = 'Copy\u202Egnp.txt\u0000';
    });
    const res = await restore(bytes).expect(201);
    expect(res.body.id).to.not.equal(original);
    const data = await t.service.getConsultation(res.body.id);
    expect(data.members).to.deep.equal([{ user: 'rita', role: 'owner' }]);
    expect(data.consultation.name).to.equal('Copygnp.txt');
    // The original is untouched.
    expect((await t.service.getConsultation(original)).consultation.name).to.equal('Original');
  });

  const bad: [string, (d: Record<string, any>) => void, string][] = [
    ['a merge of 200,000 theme ids', (d) => {
      d.edits = [{ id: 'e1', at: '2026-01-01T00:00:00.000Z', by: 'human', author: 'x', type: 'merge', label: null, themes: Array.from({ length: 200_000 }, () => ({ themeId: 's1-t1', anchors: [] })) }];
    }, 'its corrections are not valid (edits): 0.themes'],
    ['a file name with a right-to-left override', (d) => {
      d.documents[0].name = 'evil\u202Egnp.txt';
    }, 'its files are not valid (documents): documents.0.name'],
    ['counts that do not add up', (d) => {
      d.analysis.synthesis.scopes[0].themes[0].size += 1;
    }, 'its analysis is not consistent (analysis)'],
    ['a theme keyed table that is an array', (d) => {
      d.analysis.synthesis.scopes[0].themes[0].byDocument = ['x'];
    }, 'its analysis is not valid (analysis): synthesis.scopes.0.themes.0.byDocument'],
    ['an unknown part', (d) => {
      d['constructor'] = { keys: 1 };
    }, 'a part Harvest does not write ("constructor")'],
    ['a codebook with a reserved id', (d) => {
      d.codebook = { categories: [{ id: 'other', label: 'x', plural: 'xs', keywords: ['a'] }] };
    }, 'its codebook is not valid (codebook)'],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}, naming the part, and stores nothing`, async () => {
      const before = (await auth(request(t.app).get('/api/consultations')).expect(200)).body.consultations.length;
      const res = await restore(tampered(change)).expect(400);
      expect(res.body.error.code).to.equal('BAD_ARGUMENT');
      expect(res.body.error.message).to.contain(message);
      expect((await auth(request(t.app).get('/api/consultations')).expect(200)).body.consultations.length).to.equal(before);
    });
  }
});

describe('security: names without control or bidi-override characters', function () {
  let t: TestApp;
  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
  });
  after(async () => t?.close());

  it('strips them from consultation names, descriptions and uploaded file names, in the API and the pages', async () => {
    const res = await request(t.app).post('/api/consultations').send({ name: ' evil\u202Egnp.txt\u0000 ', description: 'line one\nline\u2066 two\u0007' }).expect(201);
    expect(res.body.consultation).to.include({ name: 'evilgnp.txt', description: 'line one\nline two' });
    await request(t.app).post('/api/consultations').send({ name: '\u202E\u0000' }).expect(400);
    const up = await request(t.app).post(`/api/consultations/${res.body.id}/documents`).attach('files', Buffer.from(NOTES), 'evil\u202Egnp.md').expect(201);
    expect(up.body.documents.map((d: { name: string }) => d.name)).to.deep.equal(['evilgnp.md']);
    const page = await request(t.app).get(`/consultations/${res.body.id}`).expect(200);
    expect(page.text).to.not.match(/[\u202A-\u202E\u2066-\u2069\u0000]/);
  });
});

describe('security: error answers never show a stack trace', function () {
  let t: TestApp;
  before(async () => {
    t = await makeApp();
  });
  after(async () => t?.close());

  const noStack = (text: string): void => {
    expect(text).to.not.match(/\n\s+at |\.ts:\d+|node_modules|secret-detail/);
  };

  it('a 500 page and a 500 JSON answer say something went wrong, and nothing more', async () => {
    const real = t.service.listConsultations.bind(t.service);
    t.service.listConsultations = async () => {
      throw new Error('secret-detail from deep inside');
    };
    try {
      const page = await request(t.app).get('/').expect(500);
      noStack(page.text);
      expect(page.text).to.contain('Something went wrong');
      const api = await request(t.app).get('/api/consultations').expect(500);
      expect(api.body).to.deep.equal({ error: { code: 'INTERNAL', message: 'Something went wrong on the server; the details are in its log.' } });
    } finally {
      t.service.listConsultations = real;
    }
    expect(t.logs.join('\n')).to.contain('secret-detail');
  });

  it('even when the error page itself cannot be made', async () => {
    const views = t.app.get('views') as string;
    t.app.set('views', path.join(ROOT, 'no-such-views'));
    try {
      const res = await request(t.app).get('/no-such-page');
      expect(res.status).to.equal(404);
      noStack(res.text);
      expect(res.text).to.not.contain('no-such-views');
    } finally {
      t.app.set('views', views);
    }
  });
});
