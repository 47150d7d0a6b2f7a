// Roles per consultation over HTTP: what an owner, an editor, a viewer and another team's account may do, route by route.
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { describeEachStore, keptInlineRunner, loginClient, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, type TestApp } from './helpers.ts';

type Who = 'owner' | 'editor' | 'viewer' | 'outsider';
const USERS: Record<Who, string> = { owner: 'olga', editor: 'ed', viewer: 'vic', outsider: 'otto' };
const PASSWORD = 'correct horse battery';

describeEachStore('web: roles per consultation', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  const token: Partial<Record<Who, string>> = {};
  let id: string;
  let other: string;
  let jobId: string;
  let themeId: string;
  const as = (who: Who) => ({
    get: (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token[who]}`),
    post: (url: string) => request(t.app).post(url).set('Authorization', `Bearer ${token[who]}`),
    put: (url: string) => request(t.app).put(url).set('Authorization', `Bearer ${token[who]}`),
    patch: (url: string) => request(t.app).patch(url).set('Authorization', `Bearer ${token[who]}`),
    delete: (url: string) => request(t.app).delete(url).set('Authorization', `Bearer ${token[who]}`),
  });

  before(async () => {
    // The analysis in this thread: this file checks who may do what, not the worker threads (api.test.ts and jobs.test.ts
    // do), and a worker's start-up (loading tsx, natural, compromise) took seconds of this hook.
    t = await makeApp(undefined, { backend, runner: keptInlineRunner });
    for (const [who, name] of Object.entries(USERS) as [Who, string][]) {
      await t.accounts.addUser(name, PASSWORD);
      token[who] = (await t.accounts.createToken(name)).token;
    }
    id = (await as('owner').post('/api/consultations').send({ name: 'Olga team consultation' }).expect(201)).body.id;
    other = (await as('outsider').post('/api/consultations').send({ name: 'Otto team consultation' }).expect(201)).body.id;
    await as('owner').post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    jobId = (await as('owner').post(`/api/consultations/${id}/analyse`).send({ seed: 5 }).expect(202)).body.jobId;
    for (;;) {
      const job = await as('owner').get(`/api/jobs/${jobId}`).expect(200);
      if (job.body.state === 'done') break;
      expect(job.body.state).to.not.equal('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = (await as('owner').get(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
    themeId = s.scopes.flatMap((sc) => sc.themes)[0]!.id;
    await as('owner').put(`/api/consultations/${id}/members/ed`).send({ role: 'editor' }).expect(200);
    const members = await as('owner').put(`/api/consultations/${id}/members/vic`).send({ role: 'viewer' }).expect(200);
    expect(members.body.members).to.deep.equal([{ user: 'olga', role: 'owner' }, { user: 'ed', role: 'editor' }, { user: 'vic', role: 'viewer' }]);
  });
  after(async () => {
    await t?.close();
  });

  // [what, request, expected status for owner, editor, viewer, outsider]
  const routes: [string, (who: Who) => request.Test, [number, number, number, number]][] = [
    ['read the consultation', (w) => as(w).get(`/api/consultations/${id}`), [200, 200, 200, 404]],
    ['read the synthesis', (w) => as(w).get(`/api/consultations/${id}/synthesis`), [200, 200, 200, 404]],
    ['read the documents', (w) => as(w).get(`/api/consultations/${id}/documents`), [200, 200, 200, 404]],
    ['follow the analysis job', (w) => as(w).get(`/api/jobs/${jobId}`), [200, 200, 200, 404]],
    ['export redacted', (w) => as(w).get(`/api/consultations/${id}/export/md?redact=1`), [200, 200, 200, 404]],
    ['export unredacted', (w) => as(w).get(`/api/consultations/${id}/export/md`), [200, 200, 403, 404]],
    ['download a backup', (w) => as(w).get(`/api/consultations/${id}/backup`), [200, 200, 403, 404]],
    ['rename a theme', (w) => as(w).patch(`/api/consultations/${id}/themes/${themeId}`).send({ label: `Renamed by ${w}` }), [200, 200, 403, 404]],
    ['upload a file', (w) => as(w).post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_BREAKOUT), 'breakout.txt'), [201, 201, 403, 404]],
    ['change the codebook', (w) => as(w).delete(`/api/consultations/${id}/codebook`), [200, 200, 403, 404]],
    ['list the members', (w) => as(w).get(`/api/consultations/${id}/members`), [200, 403, 403, 404]],
    ['create a share link', (w) => as(w).post(`/api/consultations/${id}/shares`).send({ redact: true }), [201, 403, 403, 404]],
    ['give someone a role', (w) => as(w).put(`/api/consultations/${id}/members/otto`).send({ role: 'viewer' }), [200, 403, 403, 404]],
  ];
  for (const [what, send, expected] of routes) {
    (['outsider', 'viewer', 'editor', 'owner'] as Who[]).forEach((who) => {
      const status = expected[['owner', 'editor', 'viewer', 'outsider'].indexOf(who)]!;
      it(`${who}: ${what} -> ${status}`, async () => {
        if (what === 'give someone a role' && who === 'owner') {
          // Undo at once, so otto stays an outsider for the other cases.
          await send(who).expect(200);
          await as('owner').delete(`/api/consultations/${id}/members/otto`).expect(200);
          return;
        }
        const res = await send(who);
        expect(res.status, JSON.stringify(res.body)).to.equal(status);
        if (status === 404) expect(res.body.error.message).to.match(/^(Consultation|Job) not found\.$/);
        if (status === 403) expect(res.body.error.message).to.match(new RegExp(`^You are an? ${who} of this consultation: you can .+\\. Only its (editors and owners|owners) can do this\\.$`));
      });
    });
  }

  it('each account lists only its own team’s consultations', async () => {
    const names = async (who: Who) => (await as(who).get('/api/consultations').expect(200)).body.consultations.map((c: { id: string }) => c.id);
    expect(await names('viewer')).to.deep.equal([id]);
    expect(await names('outsider')).to.deep.equal([other]);
    expect((await names('owner')).includes(other)).to.equal(false);
  });

  it('refuses to remove or demote the last owner, and roles for unknown accounts', async () => {
    const last = await as('owner').put(`/api/consultations/${id}/members/olga`).send({ role: 'editor' }).expect(400);
    expect(last.body.error.message).to.equal('olga is the last owner of "Olga team consultation": make someone else owner first.');
    await as('owner').delete(`/api/consultations/${id}/members/olga`).expect(400);
    const unknown = await as('owner').put(`/api/consultations/${id}/members/nobody`).send({ role: 'viewer' }).expect(400);
    expect(unknown.body.error.message).to.equal('There is no account "nobody" on this server: add it first with "harvest user add nobody".');
    await as('owner').put(`/api/consultations/${id}/members/vic`).send({ role: 'admin' }).expect(400);
  });

  it('pages: the report, a theme and the codebook show a viewer no edit form or button, an editor every one', async () => {
    const editForms = (html: string): string[] => [
      ...[...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]!).filter((a) => /\/(?:themes|segments|edits)\//.test(a)),
      ...[...html.matchAll(/<button type="submit"[^>]*>([^<]+)/g)].map((m) => m[1]!).filter((b) => /^Save/.test(b)),
    ];
    const vic = await loginClient(t.app, 'vic', PASSWORD);
    const ed = await loginClient(t.app, 'ed', PASSWORD);
    for (const url of [`/consultations/${id}/report`, `/consultations/${id}/themes/${encodeURIComponent(themeId)}`, `/consultations/${id}/codebook`]) {
      const viewed = (await vic.agent.get(url).expect(200)).text;
      expect(editForms(viewed), `viewer: ${url}`).to.deep.equal([]);
      expect(editForms((await ed.agent.get(url).expect(200)).text).length, `editor: ${url}`).to.be.greaterThan(0);
    }
  });

  it('pages: a viewer reads the report but cannot post an edit; the outsider gets 404 for the page by id', async () => {
    const vic = await loginClient(t.app, 'vic', PASSWORD);
    await vic.agent.get(`/consultations/${id}/report`).expect(200);
    const res = await vic.post(`/consultations/${id}/themes/${encodeURIComponent(themeId)}/rename`).type('form').send({ _csrf: vic.csrf, label: 'Viewer edit' });
    expect(res.status).to.equal(403);
    expect(res.text).to.include('You are a viewer of this consultation');
    await vic.agent.get(`/consultations/${id}/members`).expect(403);
    const otto = await loginClient(t.app, 'otto', PASSWORD);
    await otto.agent.get(`/consultations/${id}`).expect(404);
    await otto.agent.get(`/consultations/${id}/jobs/${jobId}`).expect(404);
    const olga = await loginClient(t.app, 'olga', PASSWORD);
    const page = await olga.agent.get(`/consultations/${id}/members`).expect(200);
    expect(page.text).to.include('<td>vic</td><td>viewer</td>');
    await olga.post(`/consultations/${id}/members`).type('form').send({ _csrf: olga.csrf, user: 'vic', role: 'editor' }).expect(303);
    expect((await as('owner').get(`/api/consultations/${id}/members`).expect(200)).body.members).to.deep.include({ user: 'vic', role: 'editor' });
  });

  it('only the owner deletes the consultation', async () => {
    await as('editor').delete(`/api/consultations/${id}`).expect(403);
    await as('outsider').delete(`/api/consultations/${id}`).expect(404);
    await as('owner').delete(`/api/consultations/${id}`).expect(204);
    await as('owner').get(`/api/consultations/${id}`).expect(404);
  });
});
