// Access control: loopback-only without accounts, logins, session cookies, CSRF, bearer tokens, rate limits, CSP, the CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { isLoopback, listenProblem, loadConfig } from '../../src/config.ts';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.ts';
import { runToken, runUser } from '../../src/cli-admin.ts';
import { formClient, loginClient, makeApp, ROOT, type TestApp } from '../web/helpers.ts';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';

/** Run the harvest command with a data folder, optionally feeding stdin. */
function harvest(args: string[], dataDir: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'bin/harvest.js'), ...args], { env: { ...process.env, HARVEST_DATA_DIR: dataDir }, cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

describe('security: listening address', () => {
  const loopback: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['harvest.example.org', false],
  ];
  for (const [host, expected] of loopback) it(`${host} is ${expected ? '' : 'not '}loopback`, () => expect(isLoopback(host)).to.equal(expected));

  const cases: [string, boolean, number, RegExp | null][] = [
    ['127.0.0.1', false, 0, null],
    ['0.0.0.0', false, 0, /^HOST=0\.0\.0\.0 makes Harvest reachable from other computers, so it needs logins, and there is no account yet\./],
    ['0.0.0.0', true, 0, /no account yet/],
    ['192.168.1.20', true, 1, null],
  ];
  for (const [host, auth, users, problem] of cases) {
    it(`${host} with auth=${auth} and ${users} account(s): ${problem ? 'refused' : 'allowed'}`, () => {
      const got = listenProblem(host, auth, users);
      if (problem) expect(got).to.match(problem);
      else expect(got).to.equal(null);
    });
  }

  it('the server refuses to start on 0.0.0.0 without accounts, with a clear message', async function () {
    this.timeout(30_000);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-host-'));
    const err = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...process.env, HOST: '0.0.0.0', PORT: '0', HARVEST_DATA_DIR: dir } }).catch((e: { code: number; stderr: string }) => e);
    await rm(dir, { recursive: true, force: true });
    expect((err as { code: number }).code).to.equal(1);
    expect((err as { stderr: string }).stderr).to.match(/^Harvest could not start: HOST=0\.0\.0\.0 makes Harvest reachable from other computers/);
  });

  it('reads the security settings and limits from the environment', () => {
    const c = loadConfig({ HARVEST_AUTH: '1', HARVEST_TRUST_PROXY: 'loopback', HARVEST_SECURE_COOKIES: 'true', HARVEST_MAX_FILE_MB: '5', HARVEST_MAX_FILES: '3' });
    expect(c.security).to.deep.include({ auth: true, trustProxy: 'loopback', secureCookies: true, sessionSecret: null, sessionHours: 12 });
    expect(c.limits).to.deep.equal({ fileBytes: 5 * 1024 * 1024, files: 3, requestBytes: 200 * 1024 * 1024, unzippedBytes: 200 * 1024 * 1024, zipEntries: 5000 });
    expect(() => loadConfig({ HARVEST_AUTH: 'maybe' })).to.throw(/^environment variable HARVEST_AUTH: /);
  });
});

describe('security: passwords', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const a = await hashPassword(PASSWORD, { N: 1024 });
    const b = await hashPassword(PASSWORD, { N: 1024 });
    expect(a).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).to.not.equal(b);
    expect(await verifyPassword(PASSWORD, a)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', a)).to.equal(false);
    expect(await verifyPassword(PASSWORD, 'plain-text')).to.equal(false);
  });
});

describe('security: logins on the web app', function () {
  this.timeout(60_000);
  let t: TestApp;

  before(async () => {
    t = await makeApp(undefined, { loginLimits: { perName: 3, perAddress: 50, windowMs: 60_000 } });
  });
  after(async () => t.close());

  it('without any account, on loopback, the app is open', async () => {
    await request(t.app).get('/').expect(200);
    await request(t.app).get('/api/consultations').expect(200);
  });

  it('once an account exists, pages redirect to the login page and the API answers 401', async () => {
    await t.accounts.addUser('dana', PASSWORD);
    const page = await request(t.app).get('/consultations/x?y=1').expect(303);
    expect(page.headers.location).to.equal('/login?next=%2Fconsultations%2Fx%3Fy%3D1');
    const api = await request(t.app).get('/api/consultations').expect(401);
    expect(api.body.error.code).to.equal('UNAUTHORIZED');
    const login = await request(t.app).get('/login').expect(200);
    expect(login.text).to.contain('<label for="login-password">Password</label>');
  });

  it('a wrong password is refused with a message; the right one sets a new HttpOnly SameSite session cookie', async () => {
    const c = await formClient(t.app, '/login');
    const wrong = await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'dana', password: 'not the password', next: '/' }).expect(401);
    expect(wrong.text).to.contain('The user name or the password is wrong.');
    const before = (await c.agent.get('/login')).headers['set-cookie'];
    expect(before, 'no new cookie while the old one is valid').to.equal(undefined);
    const ok = await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'dana', password: PASSWORD, next: '/consultations' }).expect(303);
    expect(ok.headers.location).to.equal('/consultations');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).to.match(/^harvest_sid=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const home = await c.agent.get('/').expect(200);
    expect(home.text).to.contain('Signed in as dana');
    // The anonymous token is not valid for the logged-in session (a fresh id after login).
    await c.agent.post('/consultations').type('form').send({ _csrf: c.csrf, name: 'x' }).expect(403);
  });

  it('an open redirect after login is refused: next must be a local path', async () => {
    const c = await formClient(t.app, '/login');
    const res = await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'dana', password: PASSWORD, next: '//evil.example/' }).expect(303);
    expect(res.headers.location).to.equal('/');
  });

  it('cookies are Secure behind an HTTPS reverse proxy (trust proxy, X-Forwarded-Proto)', async () => {
    const behind = await makeApp(t.dir, { security: { trustProxy: 'loopback' } });
    const res = await request(behind.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(String(res.headers['set-cookie'])).to.match(/; HttpOnly; SameSite=Lax; Secure$/);
    const plain = await request(behind.app).get('/login').expect(200);
    expect(String(plain.headers['set-cookie'])).to.not.contain('Secure');
  });

  it('every state-changing form needs the session’s CSRF token; other sites are refused', async () => {
    const c = await loginClient(t.app, 'dana', PASSWORD);
    const none = await c.agent.post('/consultations').type('form').send({ name: 'No token' }).expect(403);
    expect(none.text).to.contain('This form has expired or did not come from Harvest.');
    await c.agent.post('/consultations').type('form').send({ name: 'Bad token', _csrf: 'x'.repeat(43) }).expect(403);
    const other = await loginClient(t.app, 'dana', PASSWORD);
    await c.agent.post('/consultations').type('form').send({ name: 'Token of another session', _csrf: other.csrf }).expect(403);
    await c.agent.post('/consultations').type('form').set('Origin', 'https://evil.example').send({ name: 'Cross-site', _csrf: c.csrf }).expect(403);
    await c.agent.post('/consultations').type('form').set('Sec-Fetch-Site', 'same-site').send({ name: 'Other port', _csrf: c.csrf }).expect(403);
    await c.agent.post('/consultations').type('form').set('Origin', 'null').send({ name: 'Opaque origin', _csrf: c.csrf }).expect(403);
    const ok = await c.agent.post('/consultations').type('form').send({ name: 'With token', _csrf: c.csrf }).expect(303);
    expect(ok.headers.location).to.match(/^\/consultations\/c[0-9a-f]{10}\?notice=created$/);
    // A multipart upload without the token is refused on a consultation of hers; on one that does not exist, the
    // signed-in request is refused before anything else (404, fail closed).
    const id = /^\/consultations\/(c[0-9a-f]{10})/.exec(ok.headers.location as string)![1]!;
    await c.agent.post(`/consultations/${id}/documents`).attach('files', Buffer.from('hello'), 'a.txt').expect(403);
    await c.agent.post('/consultations/x/documents').attach('files', Buffer.from('hello'), 'a.txt').expect(404);
    // The API with the session cookie needs the token in a header.
    await c.agent.post('/api/consultations').send({ name: 'API no token' }).expect(403);
    await c.agent.post('/api/consultations').set('X-CSRF-Token', c.csrf).send({ name: 'API with token' }).expect(201);
  });

  it('the API accepts per-user bearer tokens without CSRF; unknown tokens are refused', async () => {
    const { token } = await t.accounts.createToken('dana');
    expect(token).to.match(/^hvt_[A-Za-z0-9_-]{43}$/);
    const created = await request(t.app).post('/api/consultations').set('Authorization', `Bearer ${token}`).send({ name: 'By token' }).expect(201);
    const list = await request(t.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body.consultations.map((x: { id: string }) => x.id)).to.include(created.body.id);
    const bad = await request(t.app).get('/api/consultations').set('Authorization', `Bearer hvt_${'A'.repeat(43)}`).expect(401);
    expect(bad.body.error.message).to.match(/^The API token is not valid/);
    // A bearer token is not accepted on pages (a cookie-less page request is just not logged in).
    await request(t.app).get('/').set('Authorization', `Bearer ${token}`).expect(303);
  });

  it('failed logins are rate-limited per address and name, with Retry-After', async () => {
    const c = await formClient(t.app, '/login');
    for (let i = 0; i < 3; i++) await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'noone', password: `guess ${i}` }).expect(401);
    const blocked = await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'noone', password: 'guess 4' }).expect(429);
    expect(blocked.text).to.contain('Too many failed logins. Try again in 1 minute.');
    expect(Number(blocked.headers['retry-after'])).to.be.within(1, 60);
    // Another name from the same address still may log in.
    await c.agent.post('/login').type('form').send({ _csrf: c.csrf, name: 'dana', password: PASSWORD }).expect(303);
  });

  it('logout ends the session; removing the account ends its sessions and tokens', async () => {
    const c = await loginClient(t.app, 'dana', PASSWORD);
    await c.agent.get('/').expect(200);
    await c.post('/logout').expect(303);
    await c.agent.get('/').expect(303);
    await t.accounts.addUser('mira', PASSWORD);
    const m = await loginClient(t.app, 'mira', PASSWORD);
    const { token } = await t.accounts.createToken('mira');
    await m.agent.get('/').expect(200);
    await t.accounts.removeUser('mira');
    await m.agent.get('/').expect(303);
    await request(t.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('HARVEST_AUTH=1 asks for a login even before any account exists', async () => {
    const strict = await makeApp(undefined, { security: { auth: true } });
    await request(strict.app).get('/').expect(303);
    await request(strict.app).get('/api/consultations').expect(401);
    await strict.close();
  });
});

describe('security: headers', () => {
  let t: TestApp;
  before(async () => {
    t = await makeApp();
  });
  after(async () => t.close());

  it('sends a strict CSP (self only, no inline), no-store, nosniff and frame denial', async () => {
    const res = await request(t.app).get('/').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.equal(
      "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
    );
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['referrer-policy']).to.equal('same-origin');
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });
});

describe('security: account commands', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-cli-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('adds a user with the password from stdin, creates a token that the API accepts, removes the user', async () => {
    const add = await harvest(['user', 'add', 'dana'], dir, `${PASSWORD}\n`);
    expect([add.code, add.stdout]).to.deep.equal([0, 'Added dana. The web app now asks everyone to log in.\n']);
    const weak = await harvest(['user', 'add', 'eve'], dir, 'short\n');
    // The first line that is not bin/load.js's stale-build notice (a development checkout may run the sources).
    const said = weak.stderr.split('\n').find((line) => !line.startsWith('harvest: src/ is newer'));
    expect([weak.code, said]).to.deep.equal([2, 'harvest: the password must have at least 10 characters']);
    const io = { out: (x: string) => void printed.push(x), err: () => undefined, env: { HARVEST_DATA_DIR: dir } };
    const printed: string[] = [];
    const again = await runUser(['add', 'dana'], io).catch((e: Error) => e.message);
    expect(again).to.equal('the user "dana" exists already; to change the password: harvest user passwd dana');
    expect(await runToken(['create', 'dana'], io)).to.equal(0);
    const token = printed.pop()!.trim();
    expect(token).to.match(/^hvt_[A-Za-z0-9_-]{43}$/);
    const t = await makeApp(dir);
    await request(t.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(200);
    await loginClient(t.app, 'dana', PASSWORD);
    await runUser(['list'], io);
    expect(printed.pop()).to.equal('dana\n');
    await runUser(['remove', 'dana'], io);
    expect(printed.pop()).to.equal('Removed dana and their API tokens.\n');
    await request(t.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(401);
    const missing = await runUser(['remove', 'dana'], io).catch((e: Error) => e.message);
    expect(missing).to.equal('there is no user "dana"');
    const unknown = await runToken(['create', 'nobody'], io).catch((e: Error) => e.message);
    expect(unknown).to.equal('there is no user "nobody"; add one with: harvest user add nobody');
    await t.close();
  });
});
