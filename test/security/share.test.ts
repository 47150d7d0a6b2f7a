// Read-only share links: unguessable, revocable, redacted by default, open without an account, nothing else opened by them.
import { expect } from 'chai';
import request from 'supertest';
import { JobQueue } from '../../src/services/jobs.ts';
import { keptInlineRunner, loginClient, makeApp, NOTES_WORKSHOP, type TestApp } from '../web/helpers.ts';

const PASSWORD = 'correct horse battery';

describe('security: share links', function () {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  let token: string;
  let firstLink = '';

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    await t.accounts.addUser('dana', PASSWORD);
    token = (await t.accounts.createToken('dana')).token;
    const auth = { Authorization: `Bearer ${token}` };
    id = (await request(t.app).post('/api/consultations').set(auth).send({ name: 'Confidential workshop' }).expect(201)).body.id;
    await request(t.app).post(`/api/consultations/${id}/documents`).set(auth).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).set(auth).send({}).expect(202)).body.jobId;
    expect((await request(t.app).get(`/api/jobs/${job}`).set(auth)).status).to.equal(200);
    await t.service.jobs.idle();
  });
  after(async () => t.close());

  it('a facilitator creates a redacted link on the share page; it opens the report without an account', async () => {
    const c = await loginClient(t.app, 'dana', PASSWORD);
    const page = await c.post(`/consultations/${id}/share`).type('form').send({ redact: '1' }).expect(201);
    // The page says what it is for, in its heading and its title.
    expect(/<h1[^>]*>([^<]*)<\/h1>/.exec(page.text)![1]).to.equal('Share the report');
    expect(/<title>([^<]*)<\/title>/.exec(page.text)![1]).to.equal('Share the report: Confidential workshop · Harvest');
    const url = /id="share-url" class="share-url" readonly value="([^"]+)"/.exec(page.text)![1]!;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/share\/[A-Za-z0-9_-]{43}$/);
    const link = new URL(url).pathname;
    const shared = await request(t.app).get(link).expect(200);
    expect(shared.text).to.contain('free wifi points in the community centres');
    // Titled by the consultation's name, not by the document's own title ("Workshop on rural broadband").
    expect(/<title>([^<]*)<\/title>/.exec(shared.text)![1]).to.equal('Confidential workshop');
    expect(/<h1[^>]*>([^<]*)<\/h1>/.exec(shared.text)![1]).to.equal('Confidential workshop');
    firstLink = link;
    expect(shared.text, 'redacted by default').to.not.contain('ana.petrovic@example.org');
    expect(shared.text).to.not.contain('+381 64 123 4567');
    expect(shared.text).to.not.match(/<form/i);
    const csp = String(shared.headers['content-security-policy']);
    expect(csp).to.match(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).to.not.contain('unsafe-inline');
    expect(csp).to.contain("script-src 'self'");
    expect(shared.headers['x-robots-tag']).to.equal('noindex, nofollow');
    // The link opens only the report: the rest still needs a login.
    await request(t.app).get(`/consultations/${id}`).expect(303);
    await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(401);
    const list = await c.agent.get(`/consultations/${id}/share`).expect(200);
    expect(list.text).to.contain('<td>dana</td><td>redacted</td>');
    expect(list.text, 'the link is not shown again').to.not.contain(link);
  });

  it('edits made while logged in or with a token are signed with the user’s name', async () => {
    const c = await loginClient(t.app, 'dana', PASSWORD);
    const synthesis = (await c.agent.get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    const [a, b] = synthesis.scopes.flatMap((s: { themes: { id: string; isOther: boolean }[] }) => s.themes).filter((x: { isOther: boolean }) => !x.isOther);
    await c.post(`/consultations/${id}/themes/${a.id}/rename`).type('form').send({ label: 'Renamed on the page' }).expect(303);
    await request(t.app).patch(`/api/consultations/${id}/themes/${b.id}`).set('Authorization', `Bearer ${token}`).send({ label: 'Renamed by token' }).expect(200);
    const edits = (await request(t.app).get(`/api/consultations/${id}/edits`).set('Authorization', `Bearer ${token}`).expect(200)).body.edits;
    expect(edits.map((e: { label: string; author: string }) => [e.label, e.author])).to.deep.equal([
      ['Renamed on the page', 'dana'],
      ['Renamed by token', 'dana'],
    ]);
  });

  it('unknown and malformed tokens are 404', async () => {
    await request(t.app).get(`/share/${'A'.repeat(43)}`).expect(404);
    await request(t.app).get('/share/short').expect(404);
    await request(t.app).get('/share/..%2F..%2Fharvest.json').expect(404);
  });

  it('through the API: create an unredacted link, list it, revoke it; a revoked link is 404', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const created = await request(t.app).post(`/api/consultations/${id}/shares`).set(auth).send({ redact: false }).expect(201);
    expect(created.body.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.redact).to.equal(false);
    const shared = await request(t.app).get(`/share/${created.body.token}`).expect(200);
    expect(shared.text).to.contain('ana.petrovic@example.org');
    const list = await request(t.app).get(`/api/consultations/${id}/shares`).set(auth).expect(200);
    expect(list.body.shares.map((s: { redact: boolean; createdBy: string }) => [s.redact, s.createdBy])).to.deep.equal([
      [true, 'dana'],
      [false, 'dana'],
    ]);
    await request(t.app).delete(`/api/consultations/${id}/shares/${created.body.id}`).set(auth).expect(204);
    await request(t.app).get(`/share/${created.body.token}`).expect(404);
    await request(t.app).delete(`/api/consultations/${id}/shares/${created.body.id}`).set(auth).expect(404);
    await request(t.app).post(`/api/consultations/${id}/shares`).set(auth).send({ redact: 'no' }).expect(400);
  });

  it('revoking from the page, and deleting the consultation, close the link', async () => {
    const c = await loginClient(t.app, 'dana', PASSWORD);
    const page = await c.post(`/consultations/${id}/share`).type('form').send({ redact: '1' }).expect(201);
    // The page says what it is for, in its heading and its title.
    expect(/<h1[^>]*>([^<]*)<\/h1>/.exec(page.text)![1]).to.equal('Share the report');
    expect(/<title>([^<]*)<\/title>/.exec(page.text)![1]).to.equal('Share the report: Confidential workshop · Harvest');
    const link = new URL(/readonly value="([^"]+)"/.exec(page.text)![1]!).pathname;
    const shares = await t.accounts.listShares(id);
    const newest = shares.at(-1)!;
    const revoked = await c.post(`/consultations/${id}/share/${newest.id}/revoke`).expect(303);
    expect(revoked.headers.location).to.equal(`/consultations/${id}/share?notice=revoked`);
    await request(t.app).get(link).expect(404);
    await request(t.app).get(firstLink).expect(200);
    await c.post(`/consultations/${id}/delete`).expect(303);
    // The consultation is gone, and its links with it (a backup restored under the same id does not revive them).
    const gone = await request(t.app).get(firstLink).expect(404);
    expect(gone.text).to.contain('This share link does not exist or was revoked.');
    expect(await t.accounts.listShares(id)).to.deep.equal([]);
  });
});

describe('security: share links wait for an analysis', () => {
  it('refuses to share a consultation that has no report yet', async () => {
    const t = await makeApp();
    const id = (await request(t.app).post('/api/consultations').send({ name: 'Empty' }).expect(201)).body.id;
    const res = await request(t.app).post(`/api/consultations/${id}/shares`).send({}).expect(400);
    expect(res.body.error.message).to.equal('Analyse the consultation before sharing its report.');
    await t.close();
  });
});
