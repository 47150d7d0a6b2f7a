// Issue 13, accounts and hosts: the login limit under concurrency and across processes, the login mode kept from the
// start, the host-name allow-list against DNS rebinding, share links deleted with their consultation, token commands.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { AccountStore } from '../../src/auth/accounts.ts';
import { FileAccountStore } from '../../src/auth/file-accounts.ts';
import { PgAccountStore } from '../../src/auth/pg-accounts.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { Gate } from '../../src/auth/rate-limit.ts';
import { runToken } from '../../src/cli-admin.ts';
import { loadConfig, type SecurityConfig } from '../../src/config.ts';
import { loadResources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createApp } from '../../src/web/app.ts';
import type { LoginLimits } from '../../src/web/routes/auth.ts';
import { allowedHostNames } from '../../src/web/security.ts';
import { openPgBackend, PG_UNAVAILABLE, skipUnavailable } from '../store/backends.ts';
import { loginClient, makeApp, ROOT, type TestApp } from '../web/helpers.ts';

const PASSWORD = 'correct horse battery';

/** An account store whose password checks are counted (every other call goes to the store as it is). */
function counting(store: AccountStore): { accounts: AccountStore; checks: () => number } {
  let checks = 0;
  const accounts = new Proxy(store, {
    get(target, prop) {
      if (prop === 'checkPassword') {
        return (name: string, password: string) => {
          checks++;
          return target.checkPassword(name, password);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { accounts, checks: () => checks };
}

/** A listening app over `accounts` (one server for many parallel requests), with the given login limits. */
async function listeningApp(dir: string, accounts: AccountStore, loginLimits: LoginLimits): Promise<Server> {
  const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue());
  const app = createApp({ service, accounts, sessionSecret: await accounts.sessionSecret(null), loginLimits, log: () => undefined });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** An anonymous session of the login page: its cookie and CSRF token. */
async function loginPage(server: Server): Promise<{ cookie: string; csrf: string }> {
  const page = await request(server).get('/login').expect(200);
  return { cookie: String(page.headers['set-cookie']).split(';')[0]!, csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
}

/** A login attempt through the form, in a session of the login page (a new one when none is given); the status. */
async function loginAttempt(server: Server, name: string, password: string, session?: { cookie: string; csrf: string }): Promise<number> {
  const { cookie, csrf } = session ?? (await loginPage(server));
  return (await request(server).post('/login').set('Cookie', cookie).type('form').send({ _csrf: csrf, name, password, next: '/' })).status;
}

/** Two handles on one account store, as two processes have: the accounts file of a folder, or a PostgreSQL schema. */
const STORES: { name: string; unavailable: string | null; open(dir: string): Promise<{ a: AccountStore; b: AccountStore; dispose(): Promise<void> }> }[] = [
  { name: 'accounts file', unavailable: null, open: async (dir) => ({ a: new FileAccountStore(dir), b: new FileAccountStore(dir), dispose: async () => undefined }) },
  {
    name: 'PostgreSQL',
    unavailable: PG_UNAVAILABLE,
    open: async () => {
      const pg = await openPgBackend();
      return { a: new PgAccountStore(pg.store), b: new PgAccountStore(pg.reopen()), dispose: () => pg.dispose() };
    },
  },
];

for (const kind of STORES) {
  describe(`security: the login limit holds under concurrency and across processes [${kind.name}]`, function () {
    this.timeout(120_000);
    let dir: string;
    let stores: { a: AccountStore; b: AccountStore; dispose(): Promise<void> };
    const servers: Server[] = [];

    before(function () {
      skipUnavailable(this, kind, 'login limit');
    });
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-login-limit-'));
      stores = await kind.open(dir);
      // A cheap hash keeps the test quick; the counting does not depend on the cost of a check.
      await stores.a.importAccounts({ users: [{ name: 'dana', passwordHash: await hashPassword(PASSWORD, { N: 1024 }), createdAt: new Date().toISOString() }], tokens: [], shares: [] });
    });
    afterEach(async () => {
      for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
      await stores?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('40 wrong passwords and the right one sent at once from one address: at most the limit get a password check', async () => {
      const { accounts, checks } = counting(stores.a);
      const server = await listeningApp(dir, accounts, { perName: 100, perAddress: 20, windowMs: 60_000 });
      servers.push(server);
      const [guesser, owner] = [await loginPage(server), await loginPage(server)];
      const attempts = Array.from({ length: 40 }, (_, i) => loginAttempt(server, 'dana', `wrong guess ${i}`, guesser));
      attempts.splice(17, 0, loginAttempt(server, 'dana', PASSWORD, owner));
      const statuses = await Promise.all(attempts);
      expect(checks(), 'password checks').to.be.at.most(20);
      expect(statuses.filter((s) => s === 429).length, 'refused without a check').to.be.at.least(21);
      expect(statuses.every((s) => s === 401 || s === 429 || s === 303), statuses.join(',')).to.equal(true);
      // The limit stays: the right password is refused too until the window ends.
      expect(await loginAttempt(server, 'dana', PASSWORD)).to.equal(429);
      expect(checks()).to.be.at.most(20);
    });

    it('two processes over the same store share the count', async () => {
      const limits = { perName: 100, perAddress: 4, windowMs: 60_000 };
      const one = await listeningApp(dir, stores.a, limits);
      const two = await listeningApp(dir, stores.b, limits);
      servers.push(one, two);
      expect([await loginAttempt(one, 'dana', 'wrong 1'), await loginAttempt(two, 'dana', 'wrong 2'), await loginAttempt(one, 'dana', 'wrong 3'), await loginAttempt(two, 'dana', 'wrong 4')]).to.deep.equal([
        401, 401, 401, 401,
      ]);
      expect(await loginAttempt(two, 'dana', PASSWORD), 'the fifth, in the other process').to.equal(429);
      expect(await loginAttempt(one, 'dana', PASSWORD)).to.equal(429);
    });

    it('a successful login gives its attempt back: only failures count against the address', async () => {
      const limits = { perName: 100, perAddress: 3, windowMs: 60_000 };
      const server = await listeningApp(dir, stores.a, limits);
      servers.push(server);
      for (let i = 0; i < 5; i++) expect(await loginAttempt(server, 'dana', PASSWORD)).to.equal(303);
      expect(await loginAttempt(server, 'dana', 'wrong')).to.equal(401);
      expect(await loginAttempt(server, 'dana', PASSWORD)).to.equal(303);
    });
  });
}

describe('security: password checks at once are capped (Gate)', () => {
  it('runs at most `running` tasks, queues `waiting` more and refuses the rest without running them', async () => {
    const gate = new Gate(2, 1);
    const release: (() => void)[] = [];
    let started = 0;
    const task = () =>
      new Promise<string>((resolve) => {
        started++;
        release.push(() => resolve('done'));
      });
    const runs = [gate.run(task), gate.run(task), gate.run(task), gate.run(task)];
    await new Promise((r) => setImmediate(r));
    expect(started, 'two at once').to.equal(2);
    expect(await runs[3]).to.deep.equal({ busy: true });
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(started, 'the queued one runs when a place is free').to.equal(3);
    for (const r of release.splice(0)) r();
    await new Promise((r) => setImmediate(r));
    release.shift()?.();
    expect(await Promise.all(runs.slice(0, 3))).to.deep.equal([
      { busy: false, value: 'done' },
      { busy: false, value: 'done' },
      { busy: false, value: 'done' },
    ]);
    expect(await gate.run(async () => 'again')).to.deep.equal({ busy: false, value: 'again' });
  });
});

describe('security: a server started with accounts keeps asking for logins', function () {
  this.timeout(60_000);

  it('removing the last account while it runs does not open it', async () => {
    const first = await makeApp();
    try {
      await first.accounts.addUser('dana', PASSWORD);
      // The app as a server starts it: with an account already there.
      const t = await makeApp(first.dir);
      const token = (await t.accounts.createToken('dana')).token;
      await request(t.app).get('/api/consultations').set('Authorization', `Bearer ${token}`).expect(200);
      expect(await t.accounts.removeUser('dana')).to.equal(true);
      await request(t.app).get('/api/consultations').expect(401);
      await request(t.app).post('/api/consultations').send({ name: 'Opened up' }).expect(401);
      const page = await request(t.app).get('/').expect(303);
      expect(page.headers.location).to.equal('/login?next=%2F');
      expect(await t.service.listConsultations(OPEN_MODE).then((l) => l.length)).to.equal(0);
    } finally {
      await first.close();
    }
  });

  it('an open loopback app starts asking once an account is added, and goes on asking after it is removed', async () => {
    const t = await makeApp();
    try {
      await request(t.app).get('/api/consultations').expect(200);
      await t.accounts.addUser('dana', PASSWORD);
      await request(t.app).get('/api/consultations').expect(401);
      await t.accounts.removeUser('dana');
      await request(t.app).get('/api/consultations').expect(401);
    } finally {
      await t.close();
    }
  });
});

describe('security: host names (DNS rebinding)', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await makeApp();
  });
  after(async () => t.close());

  it('on loopback, a page of another host name cannot list or create consultations, even with a matching Origin', async () => {
    const listed = await request(t.app).get('/api/consultations').set('Host', 'attacker.example:3000').set('Origin', 'http://attacker.example:3000').expect(403);
    expect(listed.body.error.message).to.match(/^Harvest does not answer to this host name\. .*HARVEST_ALLOWED_HOSTS/);
    await request(t.app)
      .post('/api/consultations')
      .set('Host', 'attacker.example:3000')
      .set('Origin', 'http://attacker.example:3000')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ name: 'Rebound' })
      .expect(403);
    const page = await request(t.app).get('/').set('Host', 'attacker.example').expect(403);
    expect(page.text).to.contain('Harvest does not answer to this host name.');
    expect((await request(t.app).get('/api/consultations').expect(200)).body.consultations).to.deep.equal([]);
  });

  it('localhost, 127.0.0.1 and [::1] on any port are answered; a foreign Origin is still refused on an allowed Host', async () => {
    for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'LOCALHOST', '127.0.0.1']) await request(t.app).get('/api/consultations').set('Host', host).expect(200);
    await request(t.app).post('/api/consultations').set('Host', '127.0.0.1:3000').set('Origin', 'http://attacker.example:3000').set('Sec-Fetch-Site', 'same-origin').send({ name: 'x' }).expect(403);
    await request(t.app).post('/api/consultations').set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000').send({ name: 'Local' }).expect(201);
  });

  it('names in HARVEST_ALLOWED_HOSTS are answered too; behind a trusted proxy the forwarded host must be allowed as well', async () => {
    const security: Partial<SecurityConfig> = { ...loadConfig({ HARVEST_ALLOWED_HOSTS: 'harvest.lan, Pi.Local' }).security, trustProxy: 'loopback' };
    const other = await makeApp(t.dir, { security });
    await request(other.app).get('/api/consultations').set('Host', 'pi.local:3000').expect(200);
    await request(other.app).post('/api/consultations').set('Host', 'harvest.lan').set('Origin', 'http://harvest.lan').send({ name: 'Lan' }).expect(201);
    await request(other.app).get('/api/consultations').set('Host', 'attacker.example').expect(403);
    await request(other.app).get('/api/consultations').set('Host', '127.0.0.1').set('X-Forwarded-Host', 'attacker.example').expect(403);
    await request(other.app).get('/api/consultations').set('Host', '127.0.0.1').set('X-Forwarded-Host', 'harvest.lan').expect(200);
  });

  it('which names are allowed: loopback always checks, another address only with a configured list', () => {
    const names = (listenHost: string, allowedHosts: string[] = []) => {
      const set = allowedHostNames({ listenHost, allowedHosts });
      return set ? [...set] : null;
    };
    expect(names('127.0.0.1')).to.deep.equal(['localhost', '127.0.0.1', '[::1]']);
    expect(names('::1')).to.deep.equal(['localhost', '127.0.0.1', '[::1]']);
    expect(names('127.0.0.2', ['harvest.lan'])).to.deep.equal(['localhost', '127.0.0.1', '[::1]', '127.0.0.2', 'harvest.lan']);
    expect(names('0.0.0.0')).to.equal(null);
    expect(names('0.0.0.0', ['harvest.example.org'])).to.deep.equal(['localhost', '127.0.0.1', '[::1]', 'harvest.example.org']);
    expect(names('192.168.1.20', ['harvest.lan'])).to.deep.equal(['localhost', '127.0.0.1', '[::1]', '192.168.1.20', 'harvest.lan']);
    expect(() => loadConfig({ HARVEST_ALLOWED_HOSTS: 'harvest.lan:3000' })).to.throw(/^environment variable HARVEST_ALLOWED_HOSTS: "harvest\.lan:3000" is not a host name/);
  });

  it('on another address with accounts and a configured list, other names are refused', async () => {
    const strict = await makeApp(undefined, { security: { listenHost: '0.0.0.0', allowedHosts: ['harvest.example.org'], auth: true } });
    try {
      await request(strict.app).get('/api/consultations').set('Host', 'harvest.example.org').expect(401);
      await request(strict.app).get('/api/consultations').set('Host', 'attacker.example').expect(403);
    } finally {
      await strict.close();
    }
  });
});

describe('security: share links are deleted with their consultation', function () {
  this.timeout(60_000);

  it('deleting a consultation from the API or the page removes its links, revoked or not, and only its own', async () => {
    const t = await makeApp();
    try {
      await t.accounts.addUser('dana', PASSWORD);
      const auth = { Authorization: `Bearer ${(await t.accounts.createToken('dana')).token}` };
      const one = (await request(t.app).post('/api/consultations').set(auth).send({ name: 'One' }).expect(201)).body.id as string;
      const two = (await request(t.app).post('/api/consultations').set(auth).send({ name: 'Two' }).expect(201)).body.id as string;
      const kept = (await request(t.app).post('/api/consultations').set(auth).send({ name: 'Kept' }).expect(201)).body.id as string;
      const live = await t.accounts.createShare(one, 'dana');
      const revoked = await t.accounts.createShare(one, 'dana');
      await t.accounts.revokeShare(one, revoked.share.id);
      const onPage = await t.accounts.createShare(two, 'dana');
      const other = await t.accounts.createShare(kept, 'dana');
      await request(t.app).delete(`/api/consultations/${one}`).set(auth).expect(204);
      const c = await loginClient(t.app, 'dana', PASSWORD);
      await c.post(`/consultations/${two}/delete`).type('form').send({}).expect(303);
      expect(await t.accounts.shareOfToken(live.token)).to.equal(null);
      expect(await t.accounts.shareOfToken(onPage.token)).to.equal(null);
      const left = (await t.accounts.exportAccounts()).shares.map((s) => s.id);
      expect(left, 'revoked links go too, so none can come back with a restored backup').to.deep.equal([other.share.id]);
      expect((await t.accounts.shareOfToken(other.token))?.consultationId).to.equal(kept);
    } finally {
      await t.close();
    }
  });
});

describe('security: API token commands', function () {
  this.timeout(60_000);

  it('harvest token list shows ids, accounts and dates only; token revoke ends one; user passwd revokes the account’s tokens', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-token-cli-'));
    try {
      const printed: string[] = [];
      const io = { out: (x: string) => void printed.push(x), err: () => undefined, env: { HARVEST_DATA_DIR: dir } };
      const accounts = new FileAccountStore(dir);
      await accounts.addUser('dana', PASSWORD);
      await accounts.addUser('mira', PASSWORD);
      expect(await runToken(['list'], io)).to.equal(0);
      expect(printed.pop()).to.equal('No API tokens.\n');
      const one = await accounts.createToken('dana');
      const two = await accounts.createToken('dana');
      const hers = await accounts.createToken('mira');
      await runToken(['list'], io);
      const listing = printed.pop()!;
      expect(listing.split('\n').map((line) => line.split('\t').slice(0, 2).join(' '))).to.deep.equal(['ID USER', `${one.id} dana`, `${two.id} dana`, `${hers.id} mira`, '']);
      for (const t of [one, two, hers]) expect(listing).to.not.contain(t.token.slice(4));
      await runToken(['list', 'mira'], io);
      expect(printed.pop()).to.match(new RegExp(`^ID\tUSER\tCREATED\n${hers.id}\tmira\t\\d{4}-\\d\\d-\\d\\dT[^\n]+\n$`));
      expect(await runToken(['list', 'nobody'], io).catch((e: Error) => e.message)).to.equal('there is no user "nobody"');
      expect(await runToken(['revoke', one.id], io)).to.equal(0);
      expect(printed.pop()).to.equal(`Revoked the API token ${one.id}.\n`);
      expect(await accounts.userOfToken(one.token)).to.equal(null);
      expect(await runToken(['revoke', one.id], io).catch((e: Error) => e.message)).to.equal(`there is no API token "${one.id}"; see: harvest token list`);
      // A new password (read from stdin, as a script gives it) revokes dana's remaining token, not mira's.
      const passwd = await harvestCli(['user', 'passwd', 'dana'], dir, 'a brand new password\n');
      expect([passwd.code, passwd.stdout]).to.deep.equal([0, 'Changed the password of dana; their sessions ended and 1 API token was revoked.\n']);
      expect(await accounts.userOfToken(two.token)).to.equal(null);
      expect(await accounts.userOfToken(hers.token)).to.equal('mira');
      await runToken(['list', 'dana'], io);
      expect(printed.pop()).to.equal('No API tokens for dana.\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Run the harvest command with a data folder, feeding stdin. */
function harvestCli(args: string[], dataDir: string, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'bin/harvest.js'), ...args], { env: { ...process.env, HARVEST_DATA_DIR: dataDir }, cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}
