// The facilitator's pages without JavaScript: forms post, redirect and render; errors render as HTML pages.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { decodePng, icoImages } from './png.ts';
import { describeEachStore, formClient, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, SURVEY, waitForJob, type TestApp } from './helpers.ts';

describeEachStore('web pages', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  let base: string;
  let client: Awaited<ReturnType<typeof formClient>>;

  before(async () => {
    t = await makeApp(undefined, { backend });
    client = await formClient(t.app, '/');
  });
  after(async () => {
    await t?.close();
  });

  it('lists consultations and creates one from the form', async () => {
    const home = await request(t.app).get('/').expect(200);
    expect(home.text).to.contain('<h1>Consultations</h1>');
    expect(home.text).to.contain('<label for="name">Name');
    const res = await client.post('/consultations').type('form').send({ name: 'Valley workshops', description: 'Spring round', date: '2026-04-02' }).expect(303);
    expect(res.headers.location).to.match(/^\/consultations\/c[0-9a-f]{10}\?notice=created$/);
    base = res.headers.location.split('?')[0]!;
    const page = await request(t.app).get(res.headers.location).expect(200);
    expect(page.text).to.contain('<h1>Valley workshops</h1>');
    expect(page.text).to.contain('The consultation was created.');
    expect((await request(t.app).get('/').expect(200)).text).to.contain(`<a href="${base}">Valley workshops</a>`);
  });

  it('shows form errors as an HTML page with the reason', async () => {
    const res = await client.post('/consultations').type('form').send({ name: '' }).expect(400);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.contain('Invalid consultation: name: give the consultation a name');
    const missing = await request(t.app).get('/consultations/nope').expect(404);
    expect(missing.text).to.contain('Consultation not found.');
  });

  it('uploads several files, listing the unreadable one with its reason', async () => {
    const res = await client
      .post(`${base}/documents`)
      .attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md')
      .attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout-b.txt')
      .attach('files', Buffer.from(SURVEY), 'survey.csv')
      .attach('files', Buffer.alloc(0), 'empty.txt')
      .expect(200);
    expect(res.text).to.contain('3 files read: workshop.md, breakout-b.txt, survey.csv.');
    expect(res.text).to.contain('<ul class="file-errors error-box" role="alert">');
    // The file name once, not "empty.txt: empty.txt: ...".
    expect(res.text).to.contain('<li><strong>empty.txt</strong>: the file is empty (0 bytes).</li>');
    expect(res.text).to.contain('survey, 6 rows');
  });

  it('names the encoding of each uploaded text file and shows a warning about mixed lines', async () => {
    const created = await client.post('/consultations').type('form').send({ name: 'Encodings' }).expect(303);
    const at = created.headers.location.split('?')[0]!;
    const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/encodings/${name}`, import.meta.url));
    await client
      .post(`${at}/documents`)
      .attach('files', fixture('bcms-latin-1250.txt'), 'bcms-latin-1250.txt')
      .attach('files', fixture('mixed-utf8-1250.txt'), 'mixed-utf8-1250.txt')
      .expect(200);
    const page = await request(t.app).get(at).expect(200);
    expect(page.text).to.contain('(txt, windows-1250, ');
    expect(page.text).to.contain('(txt, utf-8 + windows-1250, ');
    expect(page.text).to.contain('⚠ the text is UTF-8 but 1 line is not; it was read as windows-1250');
  });

  it('shows and saves the survey column mapping', async () => {
    const page = await request(t.app).get(base).expect(200);
    const link = /href="([^"]+\/mapping)"/.exec(page.text)![1]!;
    const form = await request(t.app).get(link).expect(200);
    expect(form.text).to.contain('<h1>Survey columns: survey.csv</h1>');
    expect(form.text).to.match(/<input type="radio" name="idColumn" value="respondent_id" id="id-0" checked>/);
    const saved = await client
      .post(link)
      .type('form')
      .send('idColumn=respondent_id&textColumns=What+stops+people+from+using+online+services%3F&attributeColumns=country')
      .expect(303);
    expect(saved.headers.location).to.equal(`${base}?notice=mapping`);
    const after = await request(t.app).get(link).expect(200);
    expect(after.text).to.match(/name="attributeColumns" value="country" id="attr-2" checked/);
    expect(after.text).to.match(/name="attributeColumns" value="organisation_type" id="attr-1" >/);
    const none = await client.post(link).type('form').send('idColumn=respondent_id').expect(400);
    expect(none.text).to.contain('Choose at least one column with the answers.');
  });

  it('analyses with a progress page that works without JavaScript, then opens the report', async () => {
    const res = await client.post(`${base}/analyse`).type('form').send({ seed: '', k: '' }).expect(303);
    expect(res.headers.location).to.match(new RegExp(`^${base}/jobs/j-[0-9a-f]+$`));
    const jobId = res.headers.location.split('/').at(-1)!;
    const progress = await request(t.app).get(res.headers.location);
    if (progress.status === 200) {
      expect(progress.text).to.contain('<progress id="progress" max="100"');
      expect(progress.text).to.contain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    }
    expect((await waitForJob(t.app, jobId)).state).to.equal('done');
    const done = await request(t.app).get(res.headers.location).expect(303);
    expect(done.headers.location).to.equal(`${base}/report`);
    const report = await request(t.app).get(`${base}/report`).expect(200);
    expect(report.text).to.contain('<h2 id="summary-h">Summary</h2>');
    expect(report.text).to.contain('<svg');
    expect(report.text).to.contain('<option value="country::Serbia" >Serbia (3)</option>');
    expect(report.text).to.not.contain('<script>');
    // The files table lists what each notes file left out of the analysis, line by line, with why.
    const page = await request(t.app).get(base).expect(200);
    expect(page.text).to.contain('<th scope="col">Not analysed</th>');
    expect(page.text).to.contain('<li>line 1 · title: Breakout group B notes</li>');
    expect(page.text).to.contain('<li>line 3 · heading: Barriers we heard:</li>');
  });

  it('gives every page an icon (no /favicon.ico 404 in the browser)', async () => {
    const page = await request(t.app).get('/').expect(200);
    expect(page.text).to.contain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    const icon = await request(t.app).get('/static/favicon.svg').expect(200);
    expect(icon.headers['content-type']).to.match(/^image\/svg\+xml/);
  });

  it('answers /favicon.ico with the SVG icon as an ICO of 16, 32 and 48 px images (scripts/make-favicon.ts)', async () => {
    const res = await request(t.app).get('/favicon.ico').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).to.equal('image/x-icon');
    const images = icoImages(res.body as Buffer);
    expect(images.map((i) => i.width)).to.deep.equal([16, 32, 48]);
    // The icon is the SVG's: its background colour at the edge, its leaf's colour left of the middle, transparent corners.
    const svg = readFileSync(new URL('../../public/favicon.svg', import.meta.url), 'utf8');
    const [background, leaf] = [...svg.matchAll(/fill="#([0-9a-f]{6})"/g)].map((m) => [0, 2, 4].map((i) => parseInt(m[1]!.slice(i, i + 2), 16)));
    for (const image of images) {
      const px = decodePng(image.bytes);
      expect([px.width, px.height]).to.deep.equal([image.width, image.height]);
      const s = image.width / 32;
      const near = (x: number, y: number, rgb: number[]): boolean => px.at(Math.floor(x * s), Math.floor(y * s)).every((v, i) => (i === 3 ? v === 255 : Math.abs(v - rgb[i]!) <= 8));
      expect(near(2, 16, background!), `${image.width} px: background`).to.equal(true);
      expect(near(12.5, 16, leaf!), `${image.width} px: leaf`).to.equal(true);
      expect(px.at(0, 0)[3], `${image.width} px: rounded corner`).to.be.below(64);
    }
  });

  it('filters the report by an attribute', async () => {
    const report = await request(t.app).get(`${base}/report?filter=country::Serbia`).expect(200);
    expect(report.text).to.contain('Showing 3 segments where country is “Serbia”');
    expect(report.text).to.contain('<option value="country::Serbia" selected>Serbia (3)</option>');
    // Everything on the page follows the filter and says so: the summary, the category counts, every section.
    expect(report.text).to.match(/<li>Show only country is “Serbia”: 3 of \d+ segments \(\d+%\), from 1 of \d+ documents?, 3 survey respondents\. Every number below counts these segments only\.<\/li>/);
    expect(report.text.match(/<p class="filter-tag">Show only: country is “Serbia”<\/p>/g)?.length).to.be.at.least(4);
    const categoryCounts = [...report.text.matchAll(/<tr><th scope="row">[^<]+<\/th><td class="num">(\d+)<\/td><td class="num">[^<]+<\/td><td class="num">\d+<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(categoryCounts.reduce((a, b) => a + b, 0)).to.equal(3);
  });

  it('renames a theme, merges two and marks them as edited by hand', async () => {
    const s = (await t.service.current(base.split('/').at(-1)!)).synthesis;
    const scope = s.scopes.find((sc) => sc.themes.length >= 3) ?? s.scopes.find((sc) => sc.themes.length >= 2)!;
    const [a, b] = scope.themes;
    const renamed = await client.post(`${base}/themes/${a!.id}/rename`).type('form').send({ label: 'Data costs' }).expect(303);
    expect(renamed.headers.location).to.equal(`${base}/themes/${a!.id}?notice=renamed`);
    const page = await request(t.app).get(renamed.headers.location).expect(200);
    expect(page.text).to.contain('The theme was renamed.');
    expect(page.text).to.match(/<h1>\d+\. Data costs <span class="badge badge-human">edited by hand<\/span><\/h1>/);
    const merged = await client.post(`${base}/themes/merge`).type('form').send(`themeIds=${a!.id}&themeIds=${b!.id}&label=`).expect(303);
    expect(merged.headers.location).to.equal(`${base}/themes/${a!.id}?notice=merged`);
    const report = await request(t.app).get(`${base}/report`).expect(200);
    expect(report.text).to.contain('Merged themes');
    expect(report.text).to.contain(`Renamed theme ${a!.id} to “Data costs”`);
    const one = await client.post(`${base}/themes/merge`).type('form').send(`themeIds=${a!.id}`).expect(400);
    expect(one.text).to.contain('Tick at least two themes to merge.');
  });

  it('shows a quote in its source: the notes line highlighted, or the respondent’s row', async () => {
    const s = (await t.service.current(base.split('/').at(-1)!)).synthesis;
    const note = s.segments.find((x) => x.text === 'There is no internet signal in the upper valley villages.')!;
    const page = await request(t.app).get(`${base}/segments/${note.id}`).expect(200);
    expect(page.text).to.contain('<li id="L8" value="8" class="hl"><mark>- There is no internet signal in the upper valley villages.</mark></li>');
    const answer = s.segments.find((x) => x.respondentId === 'R4')!;
    const row = await request(t.app).get(`${base}/segments/${answer.id}`).expect(200);
    expect(row.text).to.contain('<h2>Respondent R4: the whole row</h2>');
    expect(row.text).to.contain('<mark>Older women are afraid of online scams.</mark>');
    await request(t.app).get(`${base}/segments/zz`).expect(404);
  });

  it('searches every segment, accent- and case-insensitively', async () => {
    const res = await request(t.app).get(`${base}/search?q=SIGNAL+villages`).expect(200);
    expect(res.text).to.contain('4 segments found.');
    const filtered = await request(t.app).get(`${base}/search?q=signal&filter=country::Albania`).expect(200);
    expect(filtered.text).to.contain('2 segments found where country is “Albania”.');
  });

  it('moves, excludes and pins from the theme page', async () => {
    const id = base.split('/').at(-1)!;
    let s = (await t.service.current(id)).synthesis;
    const theme = s.scopes.flatMap((sc) => sc.themes).find((th) => th.size >= 2 && s.scopes.find((sc) => sc.id === th.scopeId)!.themes.length >= 2)!;
    const other = s.scopes.find((sc) => sc.id === theme.scopeId)!.themes.find((th) => th.id !== theme.id)!;
    const seg = theme.segmentIds[0]!;
    await client.post(`${base}/segments/${seg}/move`).type('form').send({ target: `theme:${other.id}`, from: theme.id }).expect(303);
    s = (await t.service.current(id)).synthesis;
    expect(s.scopes.flatMap((sc) => sc.themes).find((th) => th.id === other.id)!.segmentIds).to.include(seg);
    await client.post(`${base}/segments/${seg}/exclude`).type('form').send({ from: other.id }).expect(303);
    s = (await t.service.current(id)).synthesis;
    expect(s.segments.some((x) => x.id === seg)).to.equal(false);
    const target = s.scopes.flatMap((sc) => sc.themes).find((th) => th.size >= 2)!;
    await client.post(`${base}/themes/${target.id}/pin`).type('form').send({ segmentId: target.segmentIds.at(-1) }).expect(303);
    const bad = await client.post(`${base}/segments/${target.segmentIds[0]}/move`).type('form').send({ target: 'nowhere' }).expect(400);
    expect(bad.text).to.contain('choose where to move the segment');
  });

  it('edits the codebook: invalid JSON is shown again with the reason, a valid one is saved', async () => {
    const page = await request(t.app).get(`${base}/codebook`).expect(200);
    expect(page.text).to.contain('This consultation uses the default codebook.');
    const bad = await client.post(`${base}/codebook`).type('form').send({ codebook: '{"categories": [' }).expect(422);
    expect(bad.text).to.contain('The codebook is not valid JSON');
    expect(bad.text).to.contain('{&#34;categories&#34;: [</textarea>');
    const invalid = await client.post(`${base}/codebook`).type('form').send({ codebook: '{"categories": []}' }).expect(422);
    expect(invalid.text).to.contain('codebook: categories:');
    const codebook = (await request(t.app).get(`${base.replace('/consultations', '/api/consultations')}/codebook`)).body.codebook;
    codebook.categories[0].keywords.push('signal');
    const ok = await client.post(`${base}/codebook`).type('form').send({ codebook: JSON.stringify(codebook) }).expect(303);
    expect(ok.headers.location).to.equal(`${base}/codebook?notice=codebook`);
    expect((await request(t.app).get(`${base}/codebook`)).text).to.contain('This consultation uses its own codebook.');
  });

  it('sends the export form to the API with redaction on by default', async () => {
    const res = await request(t.app).get(`${base}/export?format=docx&redact=1`).expect(303);
    expect(res.headers.location).to.equal(`/api${base}/export/docx?redact=1`);
    const page = await request(t.app).get(`${base}/report`).expect(200);
    expect(page.text).to.contain('<input type="checkbox" id="redact" name="redact" value="1" checked>');
  });

  it('serves the stylesheet and script locally', async () => {
    const css = await request(t.app).get('/static/app.css').expect(200);
    expect(css.text).to.contain('@media print');
    await request(t.app).get('/static/app.js').expect(200).expect('Content-Type', /javascript/);
  });

  it('deletes the consultation from its page', async () => {
    const res = await client.post(`${base}/delete`).expect(303);
    expect(res.headers.location).to.equal('/?notice=removed');
    await request(t.app).get(base).expect(404);
  });
});
