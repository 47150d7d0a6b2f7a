// Large syntheses on the web: the synthesis JSON in pages (or streamed whole), theme pages in pages, views cached per version and renewed by a change.
import { expect } from 'chai';
import request from 'supertest';
import { generateSurvey } from '../../bench/generate.ts';
import { synthesis as synthesisSchema, type Synthesis } from '../../src/model/index.ts';
import { loadResources } from '../../src/corpus.ts';
import { applyEdits } from '../../src/pipeline/edits/index.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { loadSample, SAMPLE_ID } from '../../src/services/sample.ts';
import { THEME_PAGE_SIZE } from '../../src/web/page-models.ts';
import { SEGMENTS_PAGE } from '../../src/web/synthesis-json.ts';
import { keptInlineRunner, makeApp, waitForJob, type TestApp } from './helpers.ts';

type Paged = Synthesis & { segmentsPage: { offset: number; limit: number; total: number; next: string | null } };

/** A response body read as text (supertest leaves unknown types unparsed). */
const text = (res: request.Response): string => (typeof res.text === 'string' ? res.text : String(res.body));

describe('web: large syntheses (pages, streaming, caches)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let id: string;
  let full: Synthesis;
  /** The streamed synthesis as sent (with what the API adds, such as a theme's `fromTemplates`). */
  let fullJson: Record<string, unknown>;

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Generated survey' }).expect(201)).body.id;
    const survey = generateSurvey(1200, 3);
    await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(survey.csv), 'survey.csv').expect(201);
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({}).expect(202)).body.jobId;
    expect((await waitForJob(t.app, job)).state).to.equal('done');
    fullJson = JSON.parse(text(await request(t.app).get(`/api/consultations/${id}/synthesis?full=1`).buffer(true).expect(200))) as Record<string, unknown>;
    full = synthesisSchema.parse(fullJson);
  });
  after(async () => {
    await t.close();
  });

  it('streams the whole synthesis with ?full=1: the stored synthesis, segment for segment', async () => {
    const stored = (await t.service.current(id)).synthesis;
    expect(full.segments.length).to.be.above(2 * SEGMENTS_PAGE);
    expect(full).to.deep.equal(synthesisSchema.parse(JSON.parse(JSON.stringify(stored))));
  });

  it('answers the first SEGMENTS_PAGE segments by default and pages through the rest with offset and limit', async () => {
    const first = await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200);
    const body = first.body as Paged;
    const n = SEGMENTS_PAGE;
    expect(body.segments.map((s) => s.id)).to.deep.equal(full.segments.slice(0, n).map((s) => s.id));
    expect(body.segmentsPage).to.deep.equal({ offset: 0, limit: n, total: full.segments.length, next: `/api/consultations/${id}/synthesis?offset=${n}&limit=${n}` });
    expect(first.headers.link).to.equal(`</api/consultations/${id}/synthesis?offset=${n}&limit=${n}>; rel="next"`);
    // Everything but the segments and the campaigns is whole: themes keep all their segment ids; the 30 largest campaigns.
    const { segments: _a, segmentsPage: _p, campaignsPage, campaigns, ...rest } = body as Paged & { campaignsPage?: unknown };
    const { segments: _b, campaigns: fullCampaigns, ...fullRest } = fullJson as Record<string, unknown> & { campaigns?: { list: unknown[] } };
    expect(rest).to.deep.equal(fullRest);
    expect(campaigns).to.deep.equal(fullCampaigns && { ...fullCampaigns, list: fullCampaigns.list.slice(0, 30) });
    const total = fullCampaigns?.list.length ?? 0;
    expect(campaignsPage).to.deep.equal(fullCampaigns ? { shown: Math.min(30, total), total, all: total > 30 ? `/api/consultations/${id}/synthesis?allCampaigns=1` : null } : undefined);

    const ids: string[] = [];
    let next: string | null = `/api/consultations/${id}/synthesis?limit=500`;
    while (next) {
      const page: Paged = (await request(t.app).get(next).expect(200)).body;
      ids.push(...page.segments.map((s) => s.id));
      next = page.segmentsPage.next;
    }
    expect(ids).to.deep.equal(full.segments.map((s) => s.id));
    const last: Paged = (await request(t.app).get(`/api/consultations/${id}/synthesis?offset=${full.segments.length - 2}&limit=10`).expect(200)).body;
    expect([last.segments.length, last.segmentsPage.next]).to.deep.equal([2, null]);
  });

  it('refuses a page size out of range, naming the field', async () => {
    for (const q of ['limit=0', 'limit=10001', 'offset=-1', 'limit=abc']) {
      const res = await request(t.app).get(`/api/consultations/${id}/synthesis?${q}`).expect(400);
      expect(res.body.error.code).to.equal('BAD_ARGUMENT');
      expect(res.body.error.message).to.match(/^Invalid synthesis query: (limit|offset): /);
    }
  });

  it('answers 304 to a client holding the current version, and a new body after a change', async () => {
    const url = `/api/consultations/${id}/synthesis?limit=5`;
    const one = await request(t.app).get(url).expect(200);
    const etag = one.headers.etag as string;
    expect(etag).to.match(/^W\/"/);
    await request(t.app).get(url).set('If-None-Match', etag).expect(304);
    const theme = full.scopes.flatMap((s) => s.themes).find((x) => !x.isOther)!;
    await request(t.app).patch(`/api/consultations/${id}/themes/${theme.id}`).send({ label: 'Renamed for the cache test' }).expect(200);
    const two = await request(t.app).get(url).set('If-None-Match', etag).expect(200);
    expect(two.headers.etag).to.not.equal(etag);
    expect(JSON.stringify(two.body)).to.contain('Renamed for the cache test');
    const report = await request(t.app).get(`/consultations/${id}/report`).expect(200);
    expect(report.text).to.contain('Renamed for the cache test');
    await request(t.app).delete(`/api/consultations/${id}/edits/${(await t.service.getConsultation(id)).edits[0]!.id}`).expect(200);
    expect((await request(t.app).get(`/consultations/${id}/report`).expect(200)).text).to.not.contain('Renamed for the cache test');
  });

  it('sends the JSON gzipped to a client that accepts gzip (its own entity tag, 304 too) and plain to one that does not', async () => {
    const url = `/api/consultations/${id}/synthesis?limit=50`;
    const raw = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => cb(null, Buffer.concat(parts)));
    };
    const plain = await request(t.app).get(url).set('Accept-Encoding', 'identity').buffer(true).parse(raw).expect(200);
    const zipped = await request(t.app).get(url).set('Accept-Encoding', 'gzip, deflate, br').buffer(true).parse(raw).expect(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(zipped.headers['content-encoding']).to.equal('gzip');
    expect(zipped.headers.vary).to.match(/Accept-Encoding/i);
    // supertest gunzips what it receives: the same JSON, in far fewer bytes on the wire.
    const plainBody = plain.body as Buffer;
    expect((zipped.body as Buffer).equals(plainBody)).to.equal(true);
    expect(Number(zipped.headers['content-length'])).to.be.below(plainBody.length / 3);
    expect(zipped.headers.etag).to.not.equal(plain.headers.etag);
    await request(t.app).get(url).set('Accept-Encoding', 'gzip').set('If-None-Match', zipped.headers.etag as string).expect(304);
    await request(t.app).get(url).set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag as string).expect(304);
    // Without the header a client gets plain JSON.
    const bare = await request(t.app).get(url).unset('Accept-Encoding').buffer(true).parse(raw).expect(200);
    expect((bare.body as Buffer).equals(plainBody)).to.equal(true);
  });

  it('shows a large theme in pages of segments, in order, each page numbered on from the last', async () => {
    const theme = full.scopes.flatMap((s) => s.themes).sort((a, b) => b.size - a.size)[0]!;
    expect(theme.size).to.be.above(THEME_PAGE_SIZE);
    const pages = Math.ceil(theme.size / THEME_PAGE_SIZE);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const html = (await request(t.app).get(`/consultations/${id}/themes/${theme.id}${n > 1 ? `?page=${n}` : ''}`).expect(200)).text;
      seen.push(...[...html.matchAll(/<li id="seg-([^"]+)">/g)].map((m) => m[1]!));
      const from = (n - 1) * THEME_PAGE_SIZE + 1;
      expect(html).to.contain(`<ol class="segments" start="${from}">`);
      expect(html).to.contain(`Segments ${from}–${Math.min(theme.size, n * THEME_PAGE_SIZE)} of ${theme.size} (page ${n} of ${pages})`);
      expect(html.includes(`?page=${n + 1}" rel="next"`)).to.equal(n < pages);
    }
    expect(seen).to.deep.equal(theme.segmentIds);
    // A page past the end shows the last one.
    const beyond = (await request(t.app).get(`/consultations/${id}/themes/${theme.id}?page=999`).expect(200)).text;
    expect(beyond).to.contain(`(page ${pages} of ${pages})`);
  });

  it('finds the same segments when searching twice (folded texts are cached) and filters the report by an attribute', async () => {
    const a = (await request(t.app).get(`/consultations/${id}/search?q=courses`).expect(200)).text;
    const b = (await request(t.app).get(`/consultations/${id}/search?q=COURSES`).expect(200)).text;
    const found = (html: string): string[] => [...html.matchAll(/segments\/([^"#]+)/g)].map((m) => m[1]!);
    expect(found(a).length).to.be.above(0);
    expect(found(b)).to.deep.equal(found(a));
    const expected = full.segments.filter((s) => s.text.toLowerCase().includes('courses')).length;
    expect(a).to.contain(`${expected} segments found`);
    const country = full.segments.find((s) => s.attributes.country)!.attributes.country!;
    const filtered = (await request(t.app).get(`/consultations/${id}/report?filter=${encodeURIComponent(`country::${country}`)}`).expect(200)).text;
    const matching = full.segments.filter((s) => s.attributes.country === country).length;
    expect(filtered).to.contain(`Showing ${matching} segments where country is “${country}”`);
  });

  it('applyEdits without edits leaves an analysis as the engine made it (so the service skips it when there are none)', async () => {
    const resources = await loadResources();
    const ctx = { seed: 42, stopwords: resources.stopwords, genericWords: resources.genericWords, gazetteer: resources.gazetteer };
    expect(applyEdits(full, [], ctx).synthesis).to.deep.equal(full);
    const sample = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    try {
      const job = await loadSample(sample.service);
      await sample.idle();
      expect(job && sample.service.jobs.get(job.id)?.state).to.equal('done');
      const stored = (await sample.service.getConsultation(SAMPLE_ID)).analysis!.synthesis;
      expect(applyEdits(stored, [], ctx).synthesis).to.deep.equal(stored);
    } finally {
      await sample.close();
    }
  });
});
