// The audit log over HTTP: uploads, edits, analyses, exports, sharing and members recorded with who and when; owners only; CSV.
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { describeEachStore, keptInlineRunner, loginClient, makeApp, NOTES_WORKSHOP, type TestApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';

describeEachStore('web: audit log', function (backend) {
  this.timeout(120_000);
  let t: TestApp;
  const token: Record<string, string> = {};
  let id: string;
  const as = (user: string) => ({
    get: (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token[user]}`),
    post: (url: string) => request(t.app).post(url).set('Authorization', `Bearer ${token[user]}`),
    put: (url: string) => request(t.app).put(url).set('Authorization', `Bearer ${token[user]}`),
    patch: (url: string) => request(t.app).patch(url).set('Authorization', `Bearer ${token[user]}`),
  });
  /** The log as the owner reads it (each line is written before the answer of its request is sent). */
  const auditOf = async (): Promise<{ user: string; action: string; detail: string; at: string }[]> => (await as('olga').get(`/api/consultations/${id}/audit`).expect(200)).body.audit;

  before(async () => {
    t = await makeApp(undefined, { backend, runner: keptInlineRunner });
    for (const name of ['olga', 'ed', 'vic']) {
      await t.accounts.addUser(name, PASSWORD);
      token[name] = (await t.accounts.createToken(name)).token;
    }
  });
  after(async () => {
    await t?.close();
  });

  it('records who did what, in order, with readable details', async () => {
    id = (await as('olga').post('/api/consultations').send({ name: 'Audited' }).expect(201)).body.id;
    await as('olga').put(`/api/consultations/${id}/members/ed`).send({ role: 'editor' }).expect(200);
    await as('olga').put(`/api/consultations/${id}/members/vic`).send({ role: 'viewer' }).expect(200);
    await as('ed').post(`/api/consultations/${id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop notes.md').expect(201);
    await as('ed').post(`/api/consultations/${id}/analyse`).send({ seed: 2 }).expect(202);
    await t.idle();
    const s = (await as('ed').get(`/api/consultations/${id}/synthesis`).expect(200)).body as Synthesis;
    const theme = s.scopes.flatMap((sc) => sc.themes)[0]!;
    await as('ed').patch(`/api/consultations/${id}/themes/${theme.id}`).send({ label: 'Cost of data' }).expect(200);
    await as('vic').get(`/api/consultations/${id}/export/md?redact=1`).expect(200);
    await as('ed').get(`/api/consultations/${id}/export/csv`).expect(200);
    await as('olga').post(`/api/consultations/${id}/shares`).send({ redact: true }).expect(201);
    await as('vic').patch(`/api/consultations/${id}/themes/${theme.id}`).send({ label: 'Refused' }).expect(403);
    const log = await auditOf();
    expect(log.map((e) => [e.user, e.action, e.detail])).to.deep.equal([
      ['olga', 'created', 'created "Audited"'],
      ['olga', 'members', 'gave ed the role editor'],
      ['olga', 'members', 'gave vic the role viewer'],
      ['ed', 'uploaded', 'uploaded workshop notes.md'],
      ['ed', 'analysed', 'started an analysis'],
      ['ed', 'edited', `renamed theme ${theme.id} to "Cost of data"`],
      ['vic', 'exported', 'exported md (redacted)'],
      ['ed', 'exported', 'exported csv (not redacted)'],
      ['olga', 'shared', 'created a share link'],
    ]);
    expect(log.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.at))).to.equal(true);
  });

  it('is for owners only, as JSON, CSV and a page', async () => {
    const denied = await as('ed').get(`/api/consultations/${id}/audit`).expect(403);
    expect(denied.body.error.message).to.match(/^You are an editor of this consultation: you can upload files, edit themes and export\. Only its owners can do this\.$/);
    await as('vic').get(`/api/consultations/${id}/audit?format=csv`).expect(403);
    const csv = await as('olga').get(`/api/consultations/${id}/audit?format=csv`).expect(200);
    expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).to.equal('attachment; filename="audited-audit.csv"');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).to.equal('at,user,action,detail');
    expect(lines[1]).to.match(/^\d{4}-\d\d-\d\dT[\d:.]+Z,olga,created,"created ""Audited"""$/);
    expect(lines.length).to.equal(11);
    const olga = await loginClient(t.app, 'olga', PASSWORD);
    const page = await olga.agent.get(`/consultations/${id}/audit`).expect(200);
    expect(page.text).to.include('<td>vic</td><td>exported</td><td>exported md (redacted)</td>');
    const vic = await loginClient(t.app, 'vic', PASSWORD);
    await vic.agent.get(`/consultations/${id}/audit`).expect(403);
  });
});
