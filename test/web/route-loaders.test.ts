// The route loaders (src/web/access.ts): the consultation a route names is loaded from the matched route before its
// handlers; another team's consultation and one that does not exist answer the same 404, even on routes that only redirect.
import { expect } from 'chai';
import request from 'supertest';
import { keptInlineRunner, makeApp, type TestApp } from './helpers.ts';

describe('web: route loaders', function () {
  this.timeout(60_000);
  let open: TestApp;
  let teams: TestApp;
  let id: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    open = await makeApp(undefined, { runner: keptInlineRunner });
    teams = await makeApp(undefined, { runner: keptInlineRunner });
    for (const name of ['ana', 'otto']) {
      await teams.accounts.addUser(name, 'correct horse battery');
      tokens[name] = (await teams.accounts.createToken(name)).token;
    }
    id = (await request(teams.app).post('/api/consultations').set('Authorization', `Bearer ${tokens.ana}`).send({ name: 'Ana team' }).expect(201)).body.id;
  });

  after(async () => {
    await open.close();
    await teams.close();
  });

  it('another team’s consultation is not found, exactly like one that does not exist', async () => {
    const as = (url: string) => request(teams.app).get(url).set('Authorization', `Bearer ${tokens.otto}`);
    const theirs = await as(`/api/consultations/${id}`).expect(404);
    const missing = await as('/api/consultations/cnothere00').expect(404);
    expect(theirs.body).to.deep.equal(missing.body);
    expect(missing.body.error.message).to.equal('Consultation not found.');
    // The owner gets it, through the same loader.
    const mine = await request(teams.app).get(`/api/consultations/${id}`).set('Authorization', `Bearer ${tokens.ana}`).expect(200);
    expect(mine.body.consultation.name).to.equal('Ana team');
  });

  it('pages that only redirect to the API still answer 404 for a consultation that does not exist', async () => {
    await request(open.app).get('/consultations/cnothere00/backup').expect(404);
    await request(open.app).get('/consultations/cnothere00/export?format=docx').expect(404);
    const c = (await request(open.app).get('/api/consultations').expect(200)).body.consultations as unknown[];
    expect(c).to.deep.equal([]);
  });
});
