// The JSON API end to end over a temporary store: every route, its errors, analysis jobs, theme edits and exports.
import { expect } from 'chai';
import request from 'supertest';
import mammoth from 'mammoth';
import { unzipSync, strFromU8 } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import type { Synthesis, Theme } from '../../src/model/index.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { workerRunner, type AnalysisRunner } from '../../src/services/jobs.ts';
import { idleAnalysisThreadIds } from '../../src/services/analysis-threads.ts';
import { describeEachStore, keepingRunner, keptInlineRunner, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, sampleFile, waitForJob, type TestApp } from './helpers.ts';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describeEachStore('web API', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  // The analysis the job test watches runs in a worker thread as in production (`inWorker`); the re-analyses of the
  // edit tests run in this thread (a worker loads every module again, seconds of CPU). A job's result is held until
  // `hold` settles (so a test can look at a running job whatever the machine's speed), and `handedOff` records, per
  // analysis, how many progress reports had arrived when the runner returned: none when the work went to the worker.
  let hold: Promise<void> = Promise.resolve();
  let inWorker = false;
  const handedOff: number[] = [];
  // The worker's analysis is kept for the re-analyses of the same documents (see keepingRunner).
  const workerThenKept = keepingRunner(workerRunner);
  const runner: AnalysisRunner = async (input, onProgress) => {
    let reports = 0;
    const running = (inWorker ? workerThenKept : keptInlineRunner)(input, (stage, fraction) => {
      reports++;
      onProgress(stage, fraction);
    });
    handedOff.push(reports);
    const [analysis] = await Promise.all([running, hold]);
    return analysis;
  };

  const themes = (s: Synthesis): Theme[] => s.scopes.flatMap((sc) => sc.themes);
  const synthesis = async (): Promise<Synthesis> => (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
  const consistent = async (): Promise<Synthesis> => {
    const s = await synthesis();
    const { documents } = await t.service.current(id);
    expect(findInconsistencies(s, documents)).to.deep.equal([]);
    return s;
  };

  before(async () => {
    t = await makeApp(undefined, { backend, runner });
  });
  after(async () => {
    await t?.close();
  });

  describe('consultations', () => {
    it('creates one (201 with its id) and lists and shows it', async () => {
      const res = await request(t.app).post('/api/consultations').send({ name: 'Rural broadband 2026', description: 'Two workshops and a survey', date: '2026-05-14' }).expect(201);
      expect(res.body.id).to.match(/^c[0-9a-f]{10}$/);
      id = res.body.id;
      const list = await request(t.app).get('/api/consultations').expect(200);
      expect(list.body.consultations.map((c: { name: string }) => c.name)).to.deep.equal(['Rural broadband 2026']);
      const one = await request(t.app).get(`/api/consultations/${id}`).expect(200);
      expect(one.body.consultation).to.include({ name: 'Rural broadband 2026', description: 'Two workshops and a survey', date: '2026-05-14' });
      expect(one.body.documents).to.deep.equal([]);
      expect(one.body.analysis).to.equal(null);
    });

    const bad: [string, unknown, string][] = [
      ['no name', { description: 'x' }, 'Invalid consultation: name'],
      ['blank name', { name: '   ' }, 'give the consultation a name'],
      ['bad date', { name: 'x', date: '14 May' }, 'use YYYY-MM-DD'],
    ];
    for (const [what, body, message] of bad) {
      it(`refuses a consultation with ${what} (400 BAD_ARGUMENT)`, async () => {
        const res = await request(t.app).post('/api/consultations').send(body as object).expect(400);
        expect(res.body.error.code).to.equal('BAD_ARGUMENT');
        expect(res.body.error.message).to.contain(message);
      });
    }

    it('answers malformed JSON with 400 BAD_ARGUMENT', async () => {
      const res = await request(t.app).post('/api/consultations').set('Content-Type', 'application/json').send('{"name": ').expect(400);
      expect(res.body).to.deep.equal({ error: { code: 'BAD_ARGUMENT', message: 'The request body is not valid JSON.' } });
    });

    it('answers unknown consultations, jobs and routes with 404 NOT_FOUND', async () => {
      for (const url of ['/api/consultations/nope', '/api/consultations/nope/synthesis', '/api/jobs/j-123', '/api/nothing-here']) {
        const res = await request(t.app).get(url).expect(404);
        expect(res.body.error.code, url).to.equal('NOT_FOUND');
      }
      await request(t.app).delete('/api/consultations/nope').expect(404);
      await request(t.app).post('/api/consultations/nope/analyse').expect(404);
    });
  });

  describe('documents', () => {
    it('keeps the good files and reports the bad one next to its name', async () => {
      const res = await request(t.app)
        .post(`/api/consultations/${id}/documents`)
        .attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md')
        .attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout-b.txt')
        .attach('files', await sampleFile('survey-responses.csv'), 'survey-responses.csv')
        .attach('files', Buffer.alloc(0), 'empty.txt')
        .attach('files', Buffer.from('not a spreadsheet'), 'figures.xls')
        .expect(201);
      expect(res.body.documents.map((d: { name: string; kind: string }) => `${d.name}:${d.kind}`)).to.deep.equal(['workshop.md:notes', 'breakout-b.txt:notes', 'survey-responses.csv:survey']);
      expect(res.body.errors.map((e: { file: string; code: string }) => `${e.file}:${e.code}`)).to.deep.equal(['empty.txt:EMPTY_FILE', 'figures.xls:UNSUPPORTED_FORMAT']);
      expect(res.body.errors[0].message).to.equal('empty.txt: the file is empty (0 bytes).');
    });

    it('shows the detected survey columns', async () => {
      const res = await request(t.app).get(`/api/consultations/${id}/documents`).expect(200);
      const survey = res.body.documents.find((d: { name: string }) => d.name === 'survey-responses.csv');
      expect(survey.survey.detected.shape).to.equal('wide');
      expect(survey.survey.detected.idColumn).to.equal('respondent_id');
      expect(survey.survey.detected.textColumns).to.have.length(3);
      expect(survey.survey.records).to.equal(180);
    });

    it('answers 422 with the per-file errors when no file can be read, and 400 without files', async () => {
      const res = await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.alloc(0), 'blank.md').expect(422);
      expect(res.body.error.code).to.equal('NO_CONTENT');
      expect(res.body.errors[0].file).to.equal('blank.md');
      const none = await request(t.app).post(`/api/consultations/${id}/documents`).field('x', '1').expect(400);
      expect(none.body.error.message).to.equal('Attach one or more files in the field "files".');
      const wrongField = await request(t.app).post(`/api/consultations/${id}/documents`).attach('upload', Buffer.from('x'), 'a.txt').expect(400);
      expect(wrongField.body.error.message).to.equal('Upload files in the field "files" (got "upload").');
    });

    it('sets a survey column mapping, refuses unknown columns and notes files', async () => {
      const docs = (await request(t.app).get(`/api/consultations/${id}/documents`)).body.documents;
      const survey = docs.find((d: { name: string }) => d.name === 'survey-responses.csv');
      const notes = docs.find((d: { name: string }) => d.name === 'workshop.md');
      const attrs = survey.survey.detected.attributeColumns.slice(0, 2);
      const ok = await request(t.app).put(`/api/consultations/${id}/documents/${survey.id}/mapping`).send({ attributeColumns: attrs }).expect(200);
      expect(ok.body.document.survey.mapping.attributeColumns).to.deep.equal(attrs);
      expect(ok.body.document.survey.choice).to.deep.equal({ attributeColumns: attrs });
      const bad = await request(t.app).put(`/api/consultations/${id}/documents/${survey.id}/mapping`).send({ idColumn: 'respondent number' }).expect(400);
      expect(bad.body.error.message).to.match(/^survey-responses\.csv: no column "respondent number"; columns are: respondent_id,/);
      const extra = await request(t.app).put(`/api/consultations/${id}/documents/${survey.id}/mapping`).send({ colour: 'red' }).expect(400);
      expect(extra.body.error.code).to.equal('BAD_ARGUMENT');
      const onNotes = await request(t.app).put(`/api/consultations/${id}/documents/${notes.id}/mapping`).send({ idColumn: 'x' }).expect(400);
      expect(onNotes.body.error.message).to.equal('workshop.md is notes, not a survey: it has no columns to map.');
      await request(t.app).put(`/api/consultations/${id}/documents/f99/mapping`).send({}).expect(404);
    });
  });

  describe('analysis', () => {
    it('has no synthesis before the first analysis (404)', async () => {
      const res = await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(404);
      expect(res.body.error.message).to.equal('This consultation has not been analysed yet.');
      await request(t.app).get(`/api/consultations/${id}/export/md`).expect(404);
    });

    it('refuses bad options and an empty consultation', async () => {
      await request(t.app).post(`/api/consultations/${id}/analyse`).send({ k: 0 }).expect(400);
      const empty = (await request(t.app).post('/api/consultations').send({ name: 'Empty' }).expect(201)).body.id;
      const res = await request(t.app).post(`/api/consultations/${empty}/analyse`).expect(422);
      expect(res.body.error).to.deep.equal({ code: 'NO_CONTENT', message: 'Upload at least one file before analysing.' });
      await request(t.app).delete(`/api/consultations/${empty}`).expect(204);
    });

    it('runs as a job (202) with progress 0..1 while the server keeps answering', async () => {
      let release: () => void = () => {};
      hold = new Promise<void>((r) => (release = r));
      inWorker = true;
      const analyses = handedOff.length;
      // An analysis thread left warm by an earlier job (the other store's copy of this test) takes this one.
      const warm = idleAnalysisThreadIds();
      let job: Awaited<ReturnType<typeof waitForJob>>;
      try {
        const res = await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 7 }).expect(202);
        expect(res.body.jobId).to.match(/^j-/);
        // The server answers other requests while the job runs (held open, so this is an order, not a race).
        await request(t.app).get('/api/consultations').expect(200);
        const during = await request(t.app).get(`/api/jobs/${res.body.jobId}`).expect(200);
        expect(during.body.state).to.be.oneOf(['queued', 'running']);
        const again = await request(t.app).post(`/api/consultations/${id}/analyse`).expect(202);
        expect(again.body.jobId, 'a second request joins the running job').to.equal(res.body.jobId);
        release();
        job = await waitForJob(t.app, res.body.jobId);
      } finally {
        release();
        hold = Promise.resolve();
        inWorker = false;
      }
      // The analysis ran in its worker: the runner returned before any progress came back to this thread.
      expect(handedOff.slice(analyses)).to.deep.equal([0]);
      expect(job.state).to.equal('done');
      // Its thread waits warm for the next analysis: the one that was waiting, when there was one.
      if (warm.length) expect(idleAnalysisThreadIds()).to.deep.equal(warm);
      else expect(idleAnalysisThreadIds()).to.have.length(1);
      expect(job.progress.at(-1)).to.equal(1);
      expect(job.progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= job.progress[i - 1]!))).to.equal(true);
      const s = await consistent();
      expect(s.overview.documents).to.equal(3);
      expect(s.method.seed).to.equal(7);
      expect(s.overview.respondents).to.equal(180);
      const one = await request(t.app).get(`/api/consultations/${id}`).expect(200);
      expect(one.body.analysis.seed).to.equal(7);
      expect(one.body.history.map((h: { by: string }) => h.by)).to.include('machine');
    });
  });

  describe('theme edits', () => {
    let renamed: string;

    it('renames a theme (recorded with what, when and who)', async () => {
      const s = await synthesis();
      const target = themes(s).find((th) => !th.isOther && th.size >= 2)!;
      renamed = target.id;
      const res = await request(t.app).patch(`/api/consultations/${id}/themes/${target.id}`).send({ label: 'Cost of mobile data', author: 'Mira' }).expect(200);
      expect(res.body.edits).to.have.length(1);
      expect(res.body.edits[0]).to.include({ type: 'rename', by: 'human', author: 'Mira', label: 'Cost of mobile data' });
      expect(Date.parse(res.body.edits[0].at)).to.be.closeTo(Date.now(), 60_000);
      const after = await consistent();
      const th = themes(after).find((x) => x.id === target.id)!;
      expect(th.label).to.equal('Cost of mobile data');
      expect(th.editedBy).to.equal('human');
    });

    it('merges two themes of one scope', async () => {
      const s = await synthesis();
      const scope = s.scopes.find((sc) => sc.themes.filter((th) => !th.isOther).length >= 3)!;
      const [a, b] = scope.themes.filter((th) => !th.isOther && th.id !== renamed);
      const res = await request(t.app).post(`/api/consultations/${id}/themes/merge`).send({ themeIds: [a!.id, b!.id], label: 'Merged by hand' }).expect(200);
      const merged = res.body.themes.find((x: { id: string }) => x.id === a!.id);
      expect(merged).to.include({ label: 'Merged by hand', size: a!.size + b!.size, editedBy: 'human' });
      expect(res.body.themes.some((x: { id: string }) => x.id === b!.id)).to.equal(false);
      await consistent();
    });

    it('refuses to merge themes of different scopes, one theme, or unknown themes', async () => {
      const s = await synthesis();
      const [x, y] = [s.scopes[0]!.themes[0]!, s.scopes[1]!.themes[0]!];
      const res = await request(t.app).post(`/api/consultations/${id}/themes/merge`).send({ themeIds: [x.id, y.id] }).expect(400);
      expect(res.body.error.message).to.equal('This change cannot be made: themes can only be merged within one question or category.');
      await request(t.app).post(`/api/consultations/${id}/themes/merge`).send({ themeIds: [x.id] }).expect(400);
      const unknown = await request(t.app).post(`/api/consultations/${id}/themes/merge`).send({ themeIds: [x.id, 'zz'] }).expect(404);
      expect(unknown.body.error.message).to.equal('Theme zz not found.');
    });

    it('splits a theme by re-clustering its members', async () => {
      const s = await synthesis();
      const big = themes(s).filter((th) => !th.isOther && th.size >= 8).sort((p, q) => q.size - p.size)[0]!;
      const res = await request(t.app).post(`/api/consultations/${id}/themes/${big.id}/split`).send({ k: 2 }).expect(200);
      const parts = res.body.themes.filter((x: { id: string }) => x.id.startsWith(`${big.id}.`));
      expect(parts.length).to.equal(2);
      const after = await consistent();
      expect(themes(after).some((x) => x.id === big.id)).to.equal(false);
      await request(t.app).post(`/api/consultations/${id}/themes/${big.id}/split`).send({ k: 1 }).expect(400);
    });

    it('moves a segment to another theme and another category, excludes one and pins a quote', async () => {
      let s = await synthesis();
      const scope = s.scopes.find((sc) => sc.kind === 'question' && sc.themes.length >= 2)!;
      const [from, to] = scope.themes;
      const seg = from!.segmentIds.at(-1)!;
      await request(t.app).post(`/api/consultations/${id}/segments/${seg}/move`).send({ themeId: to!.id }).expect(200);
      s = await consistent();
      expect(themes(s).find((x) => x.id === to!.id)!.segmentIds).to.include(seg);

      const note = s.segments.find((x) => x.kind === 'note' && x.coding.category !== 'intervention')!;
      await request(t.app).post(`/api/consultations/${id}/segments/${note.id}/move`).send({ category: 'intervention' }).expect(200);
      s = await consistent();
      const moved = s.segments.find((x) => x.id === note.id)!;
      expect(moved.coding.category).to.equal('intervention');
      expect(s.scopes.find((sc) => sc.themes.some((th) => th.id === moved.themeId))!.category).to.equal('intervention');

      const excluded = s.segments.find((x) => x.kind === 'answer')!.id;
      const before = s.segments.length;
      await request(t.app).post(`/api/consultations/${id}/segments/${excluded}/exclude`).expect(200);
      s = await consistent();
      expect(s.segments.length).to.equal(before - 1);
      expect(s.segments.some((x) => x.id === excluded)).to.equal(false);

      const pinTheme = themes(s).find((th) => th.size >= 3)!;
      const last = pinTheme.segmentIds.at(-1)!;
      await request(t.app).post(`/api/consultations/${id}/themes/${pinTheme.id}/pin`).send({ segmentId: last }).expect(200);
      s = await consistent();
      expect(themes(s).find((th) => th.id === pinTheme.id)!.quotes[0]!.segmentId).to.equal(last);
    });

    it('refuses bad moves and edits of unknown segments', async () => {
      await request(t.app).post(`/api/consultations/${id}/segments/nope/exclude`).expect(404);
      const s = await synthesis();
      const seg = s.segments[0]!.id;
      const both = await request(t.app).post(`/api/consultations/${id}/segments/${seg}/move`).send({ themeId: 'x', category: 'barrier' }).expect(400);
      expect(both.body.error.message).to.equal('Invalid move: give either themeId or category');
      const cat = await request(t.app).post(`/api/consultations/${id}/segments/${seg}/move`).send({ category: 'weather' }).expect(400);
      expect(cat.body.error.message).to.equal('This change cannot be made: there is no category "weather".');
      const blank = await request(t.app).patch(`/api/consultations/${id}/themes/${s.scopes[0]!.themes[0]!.id}`).send({ label: ' ' }).expect(400);
      expect(blank.body.error.message).to.equal('Invalid rename: label: the label cannot be empty');
    });

    it('re-applies the edits after a re-analysis where the segments still exist', async () => {
      const before = await synthesis();
      const label = themes(before).find((th) => th.label === 'Cost of mobile data')!;
      const res = await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 7 }).expect(202);
      expect((await waitForJob(t.app, res.body.jobId)).state).to.equal('done');
      const after = await consistent();
      const again = themes(after).find((th) => th.label === 'Cost of mobile data')!;
      expect(again.segmentIds).to.deep.equal(label.segmentIds);
      expect(again.editedBy).to.equal('human');
      const edits = await request(t.app).get(`/api/consultations/${id}/edits`).expect(200);
      expect(edits.body.outcomes.every((o: { applied: boolean }) => o.applied)).to.equal(true);
      expect(edits.body.edits.map((e: { type: string }) => e.type)).to.deep.equal(['rename', 'merge', 'split', 'move', 'move', 'exclude', 'pin']);
    });

    it('withdraws an edit', async () => {
      const edits = (await request(t.app).get(`/api/consultations/${id}/edits`)).body.edits;
      const exclude = edits.find((e: { type: string }) => e.type === 'exclude');
      const res = await request(t.app).delete(`/api/consultations/${id}/edits/${exclude.id}`).expect(200);
      expect(res.body.edits).to.have.length(6);
      const s = await consistent();
      expect(s.segments.some((x) => x.id === exclude.segmentId)).to.equal(true);
      await request(t.app).delete(`/api/consultations/${id}/edits/e-none`).expect(404);
    });
  });

  describe('exports', () => {
    const formats: [string, RegExp, string][] = [
      ['md', /^text\/markdown/, '-report.md'],
      ['html', /^text\/html/, '-report.html'],
      ['csv', /^text\/csv/, '-segments.csv'],
      ['json', /^application\/json/, '-synthesis.json'],
    ];
    for (const [format, type, suffix] of formats) {
      it(`exports ${format} with the edits, and redacts with ?redact=1`, async () => {
        const res = await request(t.app).get(`/api/consultations/${id}/export/${format}`).expect(200);
        expect(res.headers['content-type']).to.match(type);
        expect(res.headers['content-disposition']).to.equal(`attachment; filename="rural-broadband-2026${suffix}"`);
        expect(res.text).to.contain('Cost of mobile data');
        expect(res.text).to.contain('ana.petrovic@example.org');
        const red = await request(t.app).get(`/api/consultations/${id}/export/${format}?redact=1`).expect(200);
        expect(red.headers['content-disposition']).to.contain('-redacted.');
        expect(red.text).to.not.contain('ana.petrovic@example.org');
        expect(red.text).to.not.contain('123 4567');
        expect(red.text).to.contain('[email]');
      });
    }

    it('exports an editable DOCX with headings, the edited label and quotes', async () => {
      const res = await request(t.app).get(`/api/consultations/${id}/export/docx?redact=1`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const html = (await mammoth.convertToHtml({ buffer: res.body as Buffer })).value;
      expect(html).to.contain('<h1>Summary</h1>');
      expect(html).to.match(/<h2>\d+\. Cost of mobile data \(edited by hand\)<\/h2>/);
      expect(html).to.contain('<table>');
      const text = (await mammoth.extractRawText({ buffer: res.body as Buffer })).value;
      expect(text).to.contain('Stakeholder map');
      expect(text).to.not.contain('ana.petrovic@example.org');
      expect(text).to.contain('[email]');
    });

    it('exports a REFI-QDA project whose selections point at the segments in the sources', async () => {
      const res = await request(t.app).get(`/api/consultations/${id}/export/qdpx`).buffer(true).parse(binary).expect(200);
      const files = unzipSync(new Uint8Array(res.body as Buffer));
      const xml = strFromU8(files['project.qde']!);
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const root = doc.documentElement!;
      expect(root.namespaceURI).to.equal('urn:QDA-XML:project:1.0');
      const s = await synthesis();
      const codes = Array.from(doc.getElementsByTagName('Code'));
      const names = codes.map((c) => c.getAttribute('name'));
      expect(names).to.include.members(['Categories', 'Themes', 'Barrier', 'Cost of mobile data (edited by hand)']);
      const codeIds = new Set(codes.map((c) => c.getAttribute('guid')));
      const sources = Array.from(doc.getElementsByTagName('TextSource'));
      expect(sources.map((x) => x.getAttribute('name'))).to.deep.equal(['workshop.md', 'breakout-b.txt', 'survey-responses.csv']);
      let selections = 0;
      for (const source of sources) {
        const path = source.getAttribute('plainTextPath')!.replace('internal://', 'sources/');
        const chars = Array.from(strFromU8(files[path]!));
        for (const sel of Array.from(source.getElementsByTagName('PlainTextSelection'))) {
          const segmentId = sel.getAttribute('name')!.split(' ')[0]!;
          const text = chars.slice(Number(sel.getAttribute('startPosition')), Number(sel.getAttribute('endPosition'))).join('');
          expect(text, segmentId).to.equal(s.segments.find((x) => x.id === segmentId)!.text);
          for (const ref of Array.from(sel.getElementsByTagName('CodeRef'))) expect(codeIds.has(ref.getAttribute('targetGUID'))).to.equal(true);
          selections++;
        }
      }
      expect(selections).to.equal(s.segments.length);
      const red = await request(t.app).get(`/api/consultations/${id}/export/qdpx?redact=1`).buffer(true).parse(binary).expect(200);
      const redFiles = unzipSync(new Uint8Array(red.body as Buffer));
      const all = Object.values(redFiles).map((f) => strFromU8(f)).join('\n');
      expect(all).to.not.contain('ana.petrovic@example.org');
      expect(all).to.not.contain('Dana Novak');
    });

    it('refuses an unknown format (400)', async () => {
      const res = await request(t.app).get(`/api/consultations/${id}/export/pptx`).expect(400);
      expect(res.body.error.code).to.equal('BAD_ARGUMENT');
    });
  });

  describe('codebook', () => {
    it('shows the default, refuses an invalid one (422) and saves a valid one', async () => {
      const cur = await request(t.app).get(`/api/consultations/${id}/codebook`).expect(200);
      expect(cur.body.custom).to.equal(false);
      const bad = await request(t.app).put(`/api/consultations/${id}/codebook`).send({ codebook: { categories: [{ id: 'Bad Id' }] } }).expect(422);
      expect(bad.body.error.code).to.equal('BAD_CODEBOOK');
      const edited = structuredClone(cur.body.codebook);
      edited.categories[0].keywords.push('pothole');
      const ok = await request(t.app).put(`/api/consultations/${id}/codebook`).send({ codebook: edited }).expect(200);
      expect(ok.body.codebook.categories[0].keywords).to.include('pothole');
      expect((await request(t.app).get(`/api/consultations/${id}/codebook`)).body.custom).to.equal(true);
      await request(t.app).delete(`/api/consultations/${id}/codebook`).expect(200);
    });
  });

  describe('persistence', () => {
    it('keeps everything across a restart (a new handle on the same store)', async () => {
      const store = t.reopenStore();
      const data = await store.get(id);
      expect(data!.consultation.name).to.equal('Rural broadband 2026');
      expect(data!.documents.map((d) => d.name)).to.deep.equal(['workshop.md', 'breakout-b.txt', 'survey-responses.csv']);
      expect(data!.edits).to.have.length(6);
      expect(data!.analysis!.synthesis.segments.length).to.be.above(400);
    });

    it('after a file is removed and the rest re-analysed, edits follow their words, not segment numbers', async () => {
      const before = await synthesis();
      const edits = (await request(t.app).get(`/api/consultations/${id}/edits`)).body.edits as { id: string; type: string; segmentId?: string; category?: string | null }[];
      const textOf = (s: Synthesis, segId: string): { document: string; text: string } => {
        const seg = s.segments.find((x) => x.id === segId)!;
        return { document: seg.provenance.document, text: seg.text };
      };
      const pin = edits.find((e) => e.type === 'pin')!;
      const pinned = textOf(before, pin.segmentId!);
      const categoryMove = edits.find((e) => e.type === 'move' && e.category)!;
      const moved = textOf(before, categoryMove.segmentId!);
      const docs = (await request(t.app).get(`/api/consultations/${id}/documents`)).body.documents;
      expect(docs[0].name).to.equal('workshop.md');
      await request(t.app).delete(`/api/consultations/${id}/documents/${docs[0].id}`).expect(204);
      const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 7 }).expect(202)).body.jobId;
      expect((await waitForJob(t.app, job)).state).to.equal('done');
      const after = await consistent();
      expect(after.segments.some((seg) => seg.provenance.document === 'workshop.md')).to.equal(false);
      const outcomes = new Map((await request(t.app).get(`/api/consultations/${id}/edits`)).body.outcomes.map((o: { editId: string; applied: boolean; note: string }) => [o.editId, o]));
      // Segment ids were renumbered (d2 became d1), yet each edit still means the same words.
      const check = (what: { document: string; text: string }, editId: string, holds: (segId: string) => boolean): void => {
        const outcome = outcomes.get(editId) as { applied: boolean; note: string };
        const now = after.segments.find((x) => x.provenance.document === what.document && x.text === what.text);
        if (what.document === 'workshop.md') expect(outcome).to.deep.include({ applied: false });
        else {
          expect(outcome.applied).to.equal(true);
          expect(holds(now!.id)).to.equal(true);
        }
      };
      check(pinned, pin.id, (segId) => themes(after).some((th) => th.quotes[0]?.segmentId === segId));
      check(moved, categoryMove.id, (segId) => after.segments.find((x) => x.id === segId)!.coding.category === 'intervention');
      expect(before.segments.find((x) => x.id === pin.segmentId)!.id).to.not.equal(after.segments.find((x) => x.text === pinned.text && x.provenance.document === pinned.document)?.id);
    });

    it('deletes a document and then the consultation', async () => {
      const docs = (await request(t.app).get(`/api/consultations/${id}/documents`)).body.documents;
      await request(t.app).delete(`/api/consultations/${id}/documents/${docs[0].id}`).expect(204);
      expect((await request(t.app).get(`/api/consultations/${id}/documents`)).body.documents).to.have.length(1);
      await request(t.app).delete(`/api/consultations/${id}/documents/${docs[0].id}`).expect(404);
      await request(t.app).delete(`/api/consultations/${id}`).expect(204);
      await request(t.app).get(`/api/consultations/${id}`).expect(404);
      expect(await t.reopenStore().get(id)).to.equal(null);
    });
  });
});
