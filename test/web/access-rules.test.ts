// Smaller access rules of the security review: the author of an edit is the logged-in account, unredacted downloads
// come only from Harvest's own pages, the members page shows only colleagues, list sizes are capped, and a multipart
// body cannot skip the CSRF check of a route that does not read it.
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { keptInlineRunner, loginClient, makeApp, NOTES_WORKSHOP, type FormClient, type TestApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';

describe('web: access rules of the security review', function () {
  this.timeout(120_000);
  let t: TestApp;
  let ed: FormClient;
  let olga: FormClient;
  let edToken: string;
  let id: string;
  let themeIds: string[];
  const bearer = (url: string, method: 'get' | 'post' | 'patch' | 'put' = 'get') => request(t.app)[method](url).set('Authorization', `Bearer ${edToken}`);

  before(async () => {
    // The analysis in this thread: this file checks who may do what, not the worker threads (api.test.ts and jobs.test.ts
    // do), and a worker's start-up (loading tsx, natural, compromise) took seconds of this hook.
    t = await makeApp(undefined, { runner: keptInlineRunner });
    for (const name of ['olga', 'ed', 'stranger', 'friend']) await t.accounts.addUser(name, PASSWORD);
    edToken = (await t.accounts.createToken('ed')).token;
    const olgaToken = (await t.accounts.createToken('olga')).token;
    const asOlga = (method: 'post' | 'put', url: string) => request(t.app)[method](url).set('Authorization', `Bearer ${olgaToken}`);
    id = (await asOlga('post', '/api/consultations').send({ name: 'Rules' }).expect(201)).body.id;
    await asOlga('put', `/api/consultations/${id}/members/ed`).send({ role: 'editor' }).expect(200);
    const other = (await asOlga('post', '/api/consultations').send({ name: 'Olga and friend' }).expect(201)).body.id;
    await asOlga('put', `/api/consultations/${other}/members/friend`).send({ role: 'viewer' }).expect(200);
    await bearer(`/api/consultations/${id}/documents`, 'post').attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    const jobId = (await bearer(`/api/consultations/${id}/analyse`, 'post').send({ seed: 1 }).expect(202)).body.jobId;
    for (;;) {
      const job = await bearer(`/api/jobs/${jobId}`).expect(200);
      if (job.body.state === 'done') break;
      expect(job.body.state).to.not.equal('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = (await bearer(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
    themeIds = s.scopes.flatMap((sc) => sc.themes.map((th) => th.id));
    ed = await loginClient(t.app, 'ed', PASSWORD);
    olga = await loginClient(t.app, 'olga', PASSWORD);
  });
  after(async () => {
    await t?.close();
  });

  it('an edit is always by the logged-in account, whatever author the body names', async () => {
    const res = await bearer(`/api/consultations/${id}/themes/${themeIds[0]}`, 'patch').send({ label: 'Named by ed', author: 'olga' }).expect(200);
    const edit = (res.body.edits as { author: string; kind?: string }[]).at(-1)!;
    expect(edit.author).to.equal('ed');
    await ed.post(`/consultations/${id}/themes/${themeIds[0]}/rename`).type('form').send({ label: 'Named by ed again', author: 'olga' }).expect(303);
    const edits = (await bearer(`/api/consultations/${id}/edits`).expect(200)).body.edits as { author: string }[];
    expect(edits.map((e) => e.author)).to.deep.equal(['ed', 'ed']);
  });

  it('an unredacted export, a backup or the audit CSV is refused to a link from another site, not to Harvest’s own pages', async () => {
    for (const url of [`/api/consultations/${id}/export/md`, `/api/consultations/${id}/backup`]) {
      const crossSite = await ed.agent.get(url).set('Sec-Fetch-Site', 'cross-site');
      expect(crossSite.status, url).to.equal(403);
      expect(crossSite.body.error.message).to.match(/only be downloaded from Harvest's own pages/);
      const foreignReferer = await ed.agent.get(url).set('Referer', 'https://attacker.example/page');
      expect(foreignReferer.status, url).to.equal(403);
      expect((await ed.agent.get(url).set('Sec-Fetch-Site', 'same-origin')).status, url).to.equal(200);
    }
    expect((await olga.agent.get(`/api/consultations/${id}/audit?format=csv`).set('Sec-Fetch-Site', 'cross-site')).status).to.equal(403);
    // Redacted exports and scripts with a token are not affected.
    expect((await ed.agent.get(`/api/consultations/${id}/export/md?redact=1`).set('Sec-Fetch-Site', 'cross-site')).status).to.equal(200);
    expect((await bearer(`/api/consultations/${id}/export/md`).set('Sec-Fetch-Site', 'cross-site')).status).to.equal(200);
    // Nothing was logged for the refused downloads.
    const audit = (await request(t.app).get(`/api/consultations/${id}/audit`).set('Authorization', `Bearer ${(await t.accounts.createToken('olga')).token}`).expect(200)).body.audit as { action: string; detail: string }[];
    expect(audit.filter((a) => a.action === 'exported').map((a) => a.detail)).to.deep.equal(['exported md (not redacted)', 'downloaded a backup', 'exported md (redacted)', 'exported md (not redacted)']);
  });

  it('the members page suggests only the accounts the owner already works with, and adds others by exact name', async () => {
    const page = await olga.agent.get(`/consultations/${id}/members`).expect(200);
    expect(page.text).to.include('<option value="friend">');
    expect(page.text).to.not.include('stranger');
    await olga.post(`/consultations/${id}/members`).type('form').send({ user: 'stranger', role: 'viewer' }).expect(303);
    const unknown = await olga.post(`/consultations/${id}/members`).type('form').send({ user: 'nosuchaccount', role: 'viewer' });
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.include('There is no account');
  });

  it('a merge naming one theme 200,000 times is refused at once; a theme named twice counts once', async () => {
    const flood = await bearer(`/api/consultations/${id}/themes/merge`, 'post').send({ themeIds: Array(200_000).fill(themeIds[0]) });
    expect(flood.status).to.equal(400);
    expect(flood.body.error.message).to.match(/at most 100 themes/);
    const dupes = await bearer(`/api/consultations/${id}/themes/merge`, 'post').send({ themeIds: [themeIds[0], themeIds[0], themeIds[0]] });
    expect(dupes.status).to.equal(400);
    expect(dupes.body.error.message).to.match(/at least two themes/);
  });

  it('a ?notice= naming an Object.prototype member shows no notice (the table is read by own key only)', async () => {
    for (const code of ['constructor', 'toString', '__proto__']) {
      const page = await ed.agent.get(`/consultations/${id}?notice=${code}`).expect(200);
      expect(page.text, code).to.not.match(/\[native code\]|function Object/);
    }
  });

  it('a multipart body cannot carry a form past the CSRF check of a route that does not read multipart', async () => {
    const res = await ed.agent.post(`/consultations/${id}/themes/${themeIds[0]}/rename`).field('label', 'No token');
    expect(res.status).to.equal(403);
    const upload = await ed.agent.post(`/consultations/${id}/documents`).attach('files', Buffer.from('Some notes.'), 'more.txt');
    expect(upload.status).to.equal(403);
    const withToken = await ed.agent.post(`/consultations/${id}/documents`).field('_csrf', ed.csrf).attach('files', Buffer.from('Some more notes about broadband.'), 'more.txt');
    expect(withToken.status).to.equal(200);
  });

  it('fails closed: a job whose consultation was deleted, and any role route on a missing consultation, answer 404 to everyone', async () => {
    const olgaTokenForDelete = (await t.accounts.createToken('olga')).token;
    const asOlga = (method: 'get' | 'post' | 'delete', url: string) => request(t.app)[method](url).set('Authorization', `Bearer ${olgaTokenForDelete}`);
    const gone = (await asOlga('post', '/api/consultations').send({ name: 'Soon gone' }).expect(201)).body.id as string;
    await asOlga('post', `/api/consultations/${gone}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    const jobId = (await asOlga('post', `/api/consultations/${gone}/analyse`).send({ seed: 1 }).expect(202)).body.jobId as string;
    for (;;) {
      const job = await asOlga('get', `/api/jobs/${jobId}`).expect(200);
      if (job.body.state === 'done' || job.body.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await asOlga('delete', `/api/consultations/${gone}`).expect((res) => expect(res.status).to.be.oneOf([200, 204]));
    // Before the fix, any signed-in account read the job of a deleted consultation (no role was left to check).
    for (const who of [olgaTokenForDelete, edToken]) {
      const res = await request(t.app).get(`/api/jobs/${jobId}`).set('Authorization', `Bearer ${who}`);
      expect(res.status).to.equal(404);
    }
    const pages = await ed.agent.get(`/consultations/${gone}/jobs/${jobId}`);
    expect(pages.status).to.equal(404);
    for (const [method, url] of [['get', `/api/consultations/${gone}/synthesis`], ['post', `/api/consultations/${gone}/analyse`], ['get', `/api/consultations/${gone}/audit`]] as const) {
      const res = await bearer(url, method);
      expect(res.status, `${method} ${url}`).to.equal(404);
    }
  });
});
