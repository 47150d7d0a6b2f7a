// Optimistic concurrency over HTTP: a change based on an old version of the consultation gets 409 CONFLICT, nothing is overwritten.
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { describeEachStore, formClient, keptInlineRunner, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, waitForJob, type TestApp } from './helpers.ts';

describeEachStore('web: two facilitators editing at once', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  let themeId: string;
  const version = async (): Promise<string> => (await request(t.app).get(`/api/consultations/${id}`).expect(200)).body.consultation.updatedAt as string;
  const label = async (): Promise<string> => {
    const s = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
    return s.scopes.flatMap((sc) => sc.themes).find((th) => th.id === themeId)!.label;
  };

  before(async () => {
    // The analysis in this thread: this file checks concurrent edits, not the worker threads (api.test.ts and jobs.test.ts
    // do), and a worker's start-up (loading tsx, natural, compromise) took seconds of this hook.
    t = await makeApp(undefined, { backend, runner: keptInlineRunner });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Shared work' }).expect(201)).body.id;
    await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout.txt').expect(201);
    const job = await request(t.app).post(`/api/consultations/${id}/analyse`).send({ seed: 3 }).expect(202);
    expect((await waitForJob(t.app, job.body.jobId)).state).to.equal('done');
    const s = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
    themeId = s.scopes.flatMap((sc) => sc.themes)[0]!.id;
  });
  after(async () => {
    await t?.close();
  });

  it('accepts a change based on the current version (If-Match) and refuses the second one based on the same version with 409', async () => {
    const seen = await version();
    await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).set('If-Match', `"${seen}"`).send({ label: 'First facilitator' }).expect(200);
    const res = await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).set('If-Match', `"${seen}"`).send({ label: 'Second facilitator' }).expect(409);
    expect(res.body.error.code).to.equal('CONFLICT');
    expect(res.body.error.message).to.match(/^"Shared work" was changed by someone else since you opened it \(at .+ UTC\): reload the page and make your change again\.$/);
    expect(await label()).to.equal('First facilitator');
  });

  it('takes the version from a "version" body field too, and a fresh version succeeds', async () => {
    const stale = await version();
    await request(t.app).post(`/api/consultations/${id}/segments/${(await request(t.app).get(`/api/consultations/${id}/synthesis`)).body.segments[0].id}/exclude`).send({ version: stale }).expect(200);
    await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).send({ label: 'Late', version: stale }).expect(409);
    await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).send({ label: 'Fresh', version: await version() }).expect(200);
    expect(await label()).to.equal('Fresh');
  });

  it('of two simultaneous changes from the same version, exactly one wins', async () => {
    const seen = await version();
    const results = await Promise.all(
      ['Anna', 'Bea'].map((who) => request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).set('If-Match', seen).send({ label: `By ${who}` })),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const winner = ['Anna', 'Bea'][results.findIndex((r) => r.status === 200)];
    expect(await label()).to.equal(`By ${winner}`);
  });

  it('without a version, changes apply as before (last one wins)', async () => {
    await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).send({ label: 'No version' }).expect(200);
    expect(await label()).to.equal('No version');
  });

  it('a page form carries the version it was shown with; a stale one gets the 409 page with a link to reload', async () => {
    const page = `/consultations/${id}/themes/${encodeURIComponent(themeId)}`;
    const client = await formClient(t.app, page);
    const html = (await client.agent.get(page).expect(200)).text;
    const shown = /name="version" value="([^"]+)"/.exec(html)![1]!;
    expect(shown).to.equal(await version());
    await request(t.app).patch(`/api/consultations/${id}/themes/${themeId}`).send({ label: 'Changed elsewhere' }).expect(200);
    const res = await client.post(`${page}/rename`).set('Referer', `http://127.0.0.1${page}`).set('Host', '127.0.0.1').type('form').send({ _csrf: client.csrf, version: shown, label: 'From the old page' });
    expect(res.status).to.equal(409);
    expect(res.text).to.include('<h1>Changed by someone else</h1>');
    expect(res.text).to.include(`<a class="button" href="${page}">Reload the page</a>`);
    expect(await label()).to.equal('Changed elsewhere');
  });
});
