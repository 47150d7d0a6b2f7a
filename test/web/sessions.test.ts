// Sessions kept in the store: a second instance over the same installation (lowdb: a restart on the same folder;
// PostgreSQL: another process on the same schema) accepts the cookie; logout, expiry and removed accounts hold everywhere.
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { describeEachStore, formClient, makeApp, type TestApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';

/** Log in through the form of `app`; returns the session cookie (name=value) it set. */
async function loginCookie(app: Express, name: string): Promise<string> {
  const anon = await formClient(app, '/login');
  const res = await anon.agent.post('/login').type('form').send({ _csrf: anon.csrf, name, password: PASSWORD, next: '/' }).expect(303);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  expect(cookie).to.match(/^harvest_sid=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/);
  return cookie;
}

/** The CSRF token on the home page for this cookie (the page must be served to a logged-in user). */
async function csrfOn(app: Express, cookie: string): Promise<string> {
  const home = await request(app).get('/').set('Cookie', cookie).expect(200);
  return /name="_csrf" value="([^"]+)"/.exec(home.text)![1]!;
}

describeEachStore('web: sessions shared by every instance of an installation', function (backend) {
  this.timeout(60_000);
  let a: TestApp;
  let b: TestApp;
  // Every instance's sessions are timed by this clock, which stands still unless a test moves it (no waiting, no race).
  let clock = Date.now();
  const now = (): number => clock;

  before(async () => {
    a = await makeApp(undefined, { backend, now });
    await a.accounts.addUser('dana', PASSWORD);
    await a.accounts.addUser('mira', PASSWORD);
    // lowdb: a new app over the same data folder, as after a restart; PostgreSQL: a second process on the same schema.
    b = await makeApp(undefined, { backend, sharing: a, now });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('a cookie from a login on one instance is accepted by the other, with the same CSRF token for its forms', async () => {
    const cookie = await loginCookie(a.app, 'dana');
    const home = await request(b.app).get('/').set('Cookie', cookie).expect(200);
    expect(home.text).to.contain('Signed in as dana');
    const csrf = await csrfOn(a.app, cookie);
    expect(await csrfOn(b.app, cookie)).to.equal(csrf);
    const created = await request(b.app).post('/consultations').set('Cookie', cookie).type('form').send({ _csrf: csrf, name: 'Made on the other instance' }).expect(303);
    expect(created.headers.location).to.match(/^\/consultations\/c[0-9a-f]{10}\?notice=created$/);
    // A forged cookie (right form, wrong signature) is not accepted by either.
    const forged = cookie.replace(/\.[A-Za-z0-9_-]{43}$/, `.${'A'.repeat(43)}`);
    for (const app of [a.app, b.app]) await request(app).get('/').set('Cookie', forged).expect(303);
  });

  it('logging out on one instance ends the session on the other', async () => {
    const cookie = await loginCookie(b.app, 'dana');
    await request(a.app).get('/').set('Cookie', cookie).expect(200);
    await request(a.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: await csrfOn(a.app, cookie) }).expect(303);
    const res = await request(b.app).get('/').set('Cookie', cookie).expect(303);
    expect(res.headers.location).to.equal('/login?next=%2F');
  });

  it('removing an account on one instance ends its sessions and API tokens on the other', async () => {
    const cookie = await loginCookie(a.app, 'mira');
    const { token } = await a.accounts.createToken('mira');
    await request(b.app).get('/').set('Cookie', cookie).expect(200);
    await request(b.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(200);
    expect(await b.accounts.removeUser('mira')).to.equal(true);
    await request(a.app).get('/').set('Cookie', cookie).expect(303);
    await request(a.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(401);
    // The name added again is a new account: the old cookie stays logged out.
    await b.accounts.addUser('mira', PASSWORD);
    await request(a.app).get('/').set('Cookie', cookie).expect(303);
  });

  it('a session ends when its lifetime is over, on every instance', async () => {
    // Sessions of one hour on this instance; the other instances keep their own (12 hours) but honour the stored end.
    const brief = await makeApp(undefined, { backend, sharing: a, security: { sessionHours: 1 }, now });
    try {
      const cookie = await loginCookie(brief.app, 'dana');
      clock += 3600_000 - 1;
      await request(a.app).get('/').set('Cookie', cookie).expect(200);
      await request(brief.app).get('/').set('Cookie', cookie).expect(200);
      clock += 1;
      await request(a.app).get('/').set('Cookie', cookie).expect(303);
      await request(brief.app).get('/').set('Cookie', cookie).expect(303);
    } finally {
      await brief.close();
    }
  });
});
