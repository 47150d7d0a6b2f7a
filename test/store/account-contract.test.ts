// The account-store contract: accounts, API tokens, share links, sessions and the session secret behave the same in the
// accounts file of a data folder and in PostgreSQL (PostgreSQL only when HARVEST_TEST_DATABASE_URL is set).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AccountStore } from '../../src/auth/accounts.ts';
import { FileAccountStore } from '../../src/auth/file-accounts.ts';
import { PgAccountStore } from '../../src/auth/pg-accounts.ts';
import { SessionManager, sessionKey } from '../../src/auth/sessions.ts';
import { runToken, runUser } from '../../src/cli-admin.ts';
import { AppError } from '../../src/errors.ts';
import { appliedVersions } from '../../src/store/pg-migrations.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import { ROOT } from '../web/helpers.ts';
import { openPgBackend, PG_UNAVAILABLE, PG_URL, skipUnavailable } from './backends.ts';

const PASSWORD = 'correct horse battery';

/** A fresh account store; `reopen` gives another handle on the same data (another process); `dispose` removes it all. */
interface AccountBackend {
  accounts: AccountStore;
  reopen(): AccountStore;
  dispose(): Promise<void>;
}

const KINDS: { name: string; unavailable: string | null; open(): Promise<AccountBackend> }[] = [
  {
    name: 'accounts file',
    unavailable: null,
    open: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-accounts-'));
      return { accounts: new FileAccountStore(dir), reopen: () => new FileAccountStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    unavailable: PG_UNAVAILABLE,
    open: async () => {
      const pgb = await openPgBackend();
      return { accounts: new PgAccountStore(pgb.store), reopen: () => new PgAccountStore(pgb.reopen()), dispose: () => pgb.dispose() };
    },
  },
];

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
};

for (const kind of KINDS) {
  describe(`account store contract: ${kind.name}`, function () {
    this.timeout(60_000);
    let b: AccountBackend;

    before(function () {
      skipUnavailable(this, kind, 'account store contract');
    });
    beforeEach(async () => {
      b = await kind.open();
    });
    afterEach(async () => {
      await b?.dispose();
    });

    it('adds accounts (listed in the order added), checks passwords, refuses bad names, weak passwords and duplicates', async () => {
      expect(await b.accounts.hasUsers()).to.equal(false);
      await b.accounts.addUser('olga', PASSWORD);
      await b.accounts.addUser('ed.smith@unit', `${PASSWORD} 2`);
      const other = b.reopen();
      expect(await other.hasUsers()).to.equal(true);
      expect(await other.listUsers()).to.deep.equal(['olga', 'ed.smith@unit']);
      expect([await other.userExists('olga'), await other.userExists('Olga'), await other.userExists('nobody')]).to.deep.equal([true, false, false]);
      expect(await other.checkPassword('olga', PASSWORD)).to.equal('olga');
      expect(await other.checkPassword('olga', `${PASSWORD} 2`)).to.equal(null);
      expect(await other.checkPassword('nobody', PASSWORD)).to.equal(null);
      expect((await failure(b.accounts.addUser('olga', 'another good password'))).message).to.equal('the user "olga" exists already');
      expect((await failure(b.accounts.addUser('../olga', PASSWORD))).message).to.equal('a user name has 1 to 64 letters, digits, dots, dashes, @ or underscores');
      expect((await failure(b.accounts.addUser('vic', 'short'))).message).to.equal('the password must have at least 10 characters');
      expect(await other.listUsers()).to.deep.equal(['olga', 'ed.smith@unit']);
    });

    it('a new password replaces the old one, keeps the account in its place and ends its sessions', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      await b.accounts.addUser('ed', PASSWORD);
      await b.accounts.saveSession('k-olga', { user: 'olga', expiresAt: Date.now() + 60_000 }, Date.now());
      await b.accounts.saveSession('k-ed', { user: 'ed', expiresAt: Date.now() + 60_000 }, Date.now());
      await b.accounts.addUser('olga', 'a brand new password', { replace: true });
      const other = b.reopen();
      expect(await other.checkPassword('olga', PASSWORD)).to.equal(null);
      expect(await other.checkPassword('olga', 'a brand new password')).to.equal('olga');
      expect(await other.listUsers()).to.deep.equal(['olga', 'ed']);
      expect(await other.findSession('k-olga')).to.equal(null);
      expect((await other.findSession('k-ed'))?.user).to.equal('ed');
    });

    it('API tokens: shown once, found from another handle by the token only, revoked, and gone with their account', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      const first = await b.accounts.createToken('olga');
      const second = await b.accounts.createToken('olga');
      expect(first.token).to.match(/^hvt_[A-Za-z0-9_-]{43}$/);
      expect(first.id).to.match(/^t[0-9a-f]{8}$/);
      expect(first.token).to.not.equal(second.token);
      const other = b.reopen();
      expect(await other.userOfToken(first.token)).to.equal('olga');
      expect(await other.userOfToken(`hvt_${'A'.repeat(43)}`)).to.equal(null);
      expect(await other.userOfToken("hvt_' OR '1'='1")).to.equal(null);
      expect(await other.revokeToken(first.id)).to.equal(true);
      expect(await other.revokeToken(first.id)).to.equal(false);
      expect(await b.accounts.userOfToken(first.token)).to.equal(null);
      expect(await b.accounts.userOfToken(second.token)).to.equal('olga');
      expect((await failure(b.accounts.createToken('nobody'))).message).to.equal('there is no user "nobody"; add one with: harvest user add nobody');
      expect(await b.accounts.removeUser('olga')).to.equal(true);
      expect(await b.accounts.removeUser('olga')).to.equal(false);
      // Adding the name again does not bring back the old tokens.
      await b.accounts.addUser('olga', PASSWORD);
      expect(await other.userOfToken(second.token)).to.equal(null);
    });

    it('share links: found by token until revoked, listed per consultation in the order made', async () => {
      const one = await b.accounts.createShare('c1', 'olga');
      const two = await b.accounts.createShare('c1', 'ed', false);
      const elsewhere = await b.accounts.createShare('c2', 'olga');
      expect(one.token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(one.share).to.include({ consultationId: 'c1', redact: true, createdBy: 'olga', revokedAt: null });
      const other = b.reopen();
      expect(await other.shareOfToken(two.token)).to.deep.equal(two.share);
      expect((await other.listShares('c1')).map((s) => s.id)).to.deep.equal([one.share.id, two.share.id]);
      expect(await other.revokeShare('c2', one.share.id), 'a link of another consultation').to.equal(false);
      expect(await other.revokeShare('c1', one.share.id)).to.equal(true);
      expect(await other.revokeShare('c1', one.share.id)).to.equal(false);
      expect(await b.accounts.shareOfToken(one.token)).to.equal(null);
      expect(await b.accounts.shareOfToken('x'.repeat(43))).to.equal(null);
      expect((await b.accounts.listShares('c1')).map((s) => s.id)).to.deep.equal([two.share.id]);
      expect((await b.accounts.shareOfToken(elsewhere.token))?.consultationId).to.equal('c2');
    });

    it('API tokens are listed (id, account, date; never the token or its hash) and a new password revokes the account’s tokens', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      await b.accounts.addUser('ed', PASSWORD);
      const first = await b.accounts.createToken('olga');
      const second = await b.accounts.createToken('ed');
      const other = b.reopen();
      const all = await other.listTokens();
      expect(all.map((t) => [t.id, t.user])).to.deep.equal([
        [first.id, 'olga'],
        [second.id, 'ed'],
      ]);
      expect(Object.keys(all[0]!).sort()).to.deep.equal(['createdAt', 'id', 'user']);
      expect(JSON.stringify(all)).to.not.contain(first.token.slice(4));
      expect((await other.listTokens('ed')).map((t) => t.id)).to.deep.equal([second.id]);
      expect(await other.listTokens('nobody')).to.deep.equal([]);
      await b.accounts.addUser('olga', 'a brand new password', { replace: true });
      expect(await other.userOfToken(first.token), 'revoked with the new password').to.equal(null);
      expect(await other.userOfToken(second.token)).to.equal('ed');
      expect((await other.listTokens()).map((t) => t.id)).to.deep.equal([second.id]);
    });

    it('deleteShares removes every link of a consultation, revoked or not, and no other', async () => {
      const one = await b.accounts.createShare('c1', 'olga');
      const revoked = await b.accounts.createShare('c1', 'olga');
      await b.accounts.revokeShare('c1', revoked.share.id);
      const kept = await b.accounts.createShare('c2', 'olga');
      const other = b.reopen();
      expect(await other.deleteShares('c1')).to.equal(2);
      expect(await other.deleteShares('c1')).to.equal(0);
      expect(await b.accounts.shareOfToken(one.token)).to.equal(null);
      expect((await b.accounts.exportAccounts()).shares.map((s) => s.id)).to.deep.equal([kept.share.id]);
      expect(await b.accounts.shareOfToken(kept.token)).to.deep.equal(kept.share);
    });

    it('failed-login counts: of many attempts at once from several handles at most the limit pass; shared, all or none, windowed', async () => {
      const now = 5_000_000;
      const handles = [b.accounts, b.reopen(), b.reopen()];
      const keys = [{ key: 'address|10.0.0.1', max: 7 }];
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => handles[i % 3]!.takeAttempt(keys, 60_000, now + i)));
      expect(results.filter((r) => !r.blocked).length).to.equal(7);
      const refused = results.find((r) => r.blocked)!;
      // The window starts at whichever attempt the store took first (any of the 30, at now..now+29 ms) and a refusal
      // may be one made earlier in time: up to 60.029 s left, rounded up.
      expect(refused.retryAfter).to.be.within(59, 61);
      // All or none: a key over its limit counts nothing on the others.
      const name = { key: 'name|10.0.0.2|olga', max: 2 };
      const address = { key: 'address|10.0.0.2', max: 3 };
      expect((await b.accounts.takeAttempt([name, address], 60_000, now)).blocked).to.equal(false);
      expect((await b.accounts.takeAttempt([name, address], 60_000, now)).blocked).to.equal(false);
      expect((await b.accounts.takeAttempt([name, address], 60_000, now)).blocked, 'the name is at its limit').to.equal(true);
      const another = { key: 'name|10.0.0.2|ed', max: 2 };
      expect((await b.reopen().takeAttempt([another, address], 60_000, now)).blocked, 'the refused one did not count on the address').to.equal(false);
      expect((await b.accounts.takeAttempt([another, address], 60_000, now)).blocked, 'now the address is at its limit').to.equal(true);
      // Released attempts are given back; cleared keys start again; an ended window starts a new one.
      await b.reopen().releaseAttempt([address.key], now);
      expect((await b.accounts.takeAttempt([{ key: 'name|10.0.0.2|vic', max: 2 }, address], 60_000, now)).blocked).to.equal(false);
      await b.reopen().clearAttempts([name.key]);
      expect((await b.accounts.takeAttempt([name], 60_000, now)).blocked).to.equal(false);
      // The window began at whichever of the 30 concurrent attempts (now .. now + 29) the store took first.
      expect((await b.accounts.takeAttempt(keys, 60_000, now + 60_030)).blocked, 'a new window').to.equal(false);
    });

    it('sessions: saved by one handle and found by another; deleted one by one or per account; expired ones swept at the next login', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      await b.accounts.addUser('ed', PASSWORD);
      const now = Date.now();
      await b.accounts.saveSession('a', { user: 'olga', expiresAt: now + 1000 }, now);
      await b.accounts.saveSession('b', { user: 'olga', expiresAt: now + 1000 }, now);
      await b.accounts.saveSession('c', { user: 'ed', expiresAt: now + 10 }, now);
      const other = b.reopen();
      expect(await other.findSession('a')).to.deep.equal({ user: 'olga', expiresAt: now + 1000 });
      expect(await other.findSession('nope')).to.equal(null);
      await other.deleteSession('a');
      expect(await b.accounts.findSession('a')).to.equal(null);
      expect((await b.accounts.findSession('c'))?.user, 'the store keeps it; the manager checks the time').to.equal('ed');
      await b.accounts.saveSession('d', { user: 'ed', expiresAt: now + 5000 }, now + 20);
      expect(await other.findSession('c'), 'swept').to.equal(null);
      await other.deleteSessionsOf('olga');
      expect(await b.accounts.findSession('b')).to.equal(null);
      expect((await b.accounts.findSession('d'))?.user).to.equal('ed');
      await b.accounts.removeUser('ed');
      await b.accounts.addUser('ed', PASSWORD);
      expect(await other.findSession('d'), 'a removed account’s sessions do not come back with the name').to.equal(null);
    });

    it('SessionManager over the store: a login is accepted by a manager of another handle, expiry and logout honoured', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      const secret = await b.accounts.sessionSecret(null);
      let now = 1_000_000;
      const here = new SessionManager(secret, b.accounts, 60_000, () => now);
      const there = new SessionManager(await b.reopen().sessionSecret(null), b.reopen(), 60_000, () => now);
      const { session, cookie } = await here.login('olga');
      expect(there.verify(cookie)).to.equal(session.id);
      expect((await there.get(session.id)).user).to.equal('olga');
      expect(there.checkCsrf(session.id, here.csrfToken(session.id))).to.equal(true);
      now += 60_001;
      expect((await there.get(session.id)).user, 'expired').to.equal(null);
      expect(await b.accounts.findSession(sessionKey(session.id)), 'an expired session is removed when seen').to.equal(null);
      now = 1_000_000;
      const again = await here.login('olga');
      await there.logout(again.session.id);
      expect((await here.get(again.session.id)).user).to.equal(null);
      const third = await here.login('olga');
      await b.accounts.removeUser('olga');
      expect((await there.get(third.session.id)).user).to.equal(null);
    });

    it('the session secret is made once and shared, even by two handles asking at once; a configured one wins', async () => {
      const [x, y] = await Promise.all([b.accounts.sessionSecret(null), b.reopen().sessionSecret(null)]);
      expect(x.length).to.equal(32);
      expect(x.equals(y)).to.equal(true);
      expect((await b.reopen().sessionSecret(null)).equals(x)).to.equal(true);
      const configured = 'a configured secret of at least 32 characters';
      expect((await b.accounts.sessionSecret(configured)).toString('utf8')).to.equal(configured);
      expect((await b.accounts.sessionSecret(null)).equals(x)).to.equal(true);
    });

    it('claimOnce is true for exactly one of several callers at once, and only the first time', async () => {
      const handles = [b.accounts, b.reopen(), b.reopen(), b.reopen()];
      const claims = await Promise.all(handles.map((h) => h.claimOnce('sample-loaded')));
      expect(claims.filter(Boolean).length).to.equal(1);
      expect(await b.reopen().claimOnce('sample-loaded')).to.equal(false);
      expect(await b.accounts.claimOnce('something-else')).to.equal(true);
    });

    it('exports accounts, tokens and share links, imports them elsewhere, and refuses clashes without adding anything', async () => {
      await b.accounts.addUser('olga', PASSWORD);
      await b.accounts.addUser('ed', PASSWORD);
      const { token } = await b.accounts.createToken('ed');
      const share = await b.accounts.createShare('c1', 'olga');
      await b.accounts.revokeShare('c1', (await b.accounts.createShare('c1', 'olga')).share.id);
      await b.accounts.saveSession('s', { user: 'olga', expiresAt: Date.now() + 60_000 }, Date.now());
      const data = await b.accounts.exportAccounts();
      expect(data.users.map((u) => u.name)).to.deep.equal(['olga', 'ed']);
      expect(data.shares.map((s) => s.revokedAt === null)).to.deep.equal([true, false]);
      const target = await kind.open();
      try {
        await target.accounts.addUser('vic', PASSWORD);
        await target.accounts.importAccounts(data);
        const there = target.reopen();
        expect(await there.listUsers()).to.deep.equal(['vic', 'olga', 'ed']);
        expect(await there.checkPassword('olga', PASSWORD)).to.equal('olga');
        expect(await there.userOfToken(token)).to.equal('ed');
        expect(await there.shareOfToken(share.token)).to.deep.equal(share.share);
        expect((await there.exportAccounts()).shares).to.deep.equal(data.shares);
        expect(await there.findSession('s'), 'sessions are not copied').to.equal(null);
        const clash = await failure(there.importAccounts(data));
        expect(clash.code).to.equal('BAD_ARGUMENT');
        expect(clash.message).to.match(new RegExp(`^accounts ed, olga exist already; API tokens ${data.tokens[0]!.id} exist already; share links ${[...data.shares.map((s) => s.id)].sort().join(', ')} exist already in .+; nothing was added\\.$`));
        const orphan = await failure(there.importAccounts({ users: [], tokens: [{ ...data.tokens[0]!, id: 'tother', user: 'ghost' }], shares: [] }));
        expect(orphan.message).to.match(/^API tokens tother belong to no account in .+; nothing was added\.$/);
        expect(await there.listUsers()).to.deep.equal(['vic', 'olga', 'ed']);
      } finally {
        await target.dispose();
      }
    });
  });
}

describe('account store: the accounts file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-accounts-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads an accounts.json written before sessions were kept, and keeps its keys; session ids are stored hashed', async () => {
    const { writeFile } = await import('node:fs/promises');
    const before = new FileAccountStore(dir);
    await before.addUser('olga', PASSWORD);
    const saved = JSON.parse(await readFile(path.join(dir, 'accounts.json'), 'utf8'));
    delete saved.sessions;
    await writeFile(path.join(dir, 'accounts.json'), JSON.stringify(saved));
    const accounts = new FileAccountStore(dir);
    expect(await accounts.checkPassword('olga', PASSWORD)).to.equal('olga');
    const manager = new SessionManager(await accounts.sessionSecret(null), accounts);
    const { session } = await manager.login('olga');
    const text = await readFile(path.join(dir, 'accounts.json'), 'utf8');
    expect(Object.keys(JSON.parse(text))).to.deep.equal(['users', 'tokens', 'shares', 'sessions']);
    expect(text).to.not.contain(session.id);
    expect(text).to.contain(sessionKey(session.id));
    expect((await stat(path.join(dir, '.session-secret'))).mode & 0o777).to.equal(0o600);
  });
});

describe('account store: failed-login counts in the data folder', () => {
  it('are kept in login-attempts.json, apart from the accounts, as hashes (no address or name in clear)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-accounts-'));
    try {
      const accounts = new FileAccountStore(dir);
      await accounts.takeAttempt([{ key: 'name|203.0.113.9|olga', max: 5 }, { key: 'address|203.0.113.9', max: 20 }], 60_000, Date.now());
      const text = await readFile(path.join(dir, 'login-attempts.json'), 'utf8');
      expect(JSON.parse(text).attempts).to.have.length(2);
      expect(text).to.not.contain('203.0.113.9');
      expect(text).to.not.contain('olga');
      expect(await readdir(dir)).to.not.include('accounts.json');
      expect((await stat(path.join(dir, 'login-attempts.json'))).mode & 0o777).to.equal(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('account commands with DATABASE_URL', function () {
  this.timeout(60_000);
  const TABLES = ['login_attempts', 'api_tokens', 'sessions', 'share_links', 'users', 'settings', 'jobs', 'audit', 'documents', 'consultation_state', 'consultations', 'schema_migrations'];
  let dir: string;

  before(async function () {
    skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'account commands');
    // The commands use the database's public schema: only on a test database where it is still empty.
    const pool = new pg.Pool({ connectionString: PG_URL!, max: 1 });
    const inUse = (await appliedVersions(pool, 'public')).length > 0;
    await pool.end();
    if (inUse) {
      process.stdout.write('\n  SKIPPED account commands on PostgreSQL: the public schema of the test database is in use\n');
      this.skip();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-cli-pg-'));
  });
  after(async () => {
    if (!dir) return;
    await rm(dir, { recursive: true, force: true });
    const pool = new pg.Pool({ connectionString: PG_URL!, max: 1 });
    await pool.query(`DROP TABLE IF EXISTS ${TABLES.map((t) => `public.${t}`).join(', ')} CASCADE`);
    await pool.end();
  });

  it('harvest user add/list/remove and token create work on the database, not on the data folder', async () => {
    const env = { HARVEST_DATA_DIR: dir, DATABASE_URL: PG_URL! };
    const add = await harvestCli(['user', 'add', 'dana'], env, `${PASSWORD}\n`);
    expect([add.code, add.stdout]).to.deep.equal([0, 'Added dana. The web app now asks everyone to log in.\n']);
    const printed: string[] = [];
    const io = { out: (x: string) => void printed.push(x), err: () => undefined, env };
    expect(await runToken(['create', 'dana'], io)).to.equal(0);
    const token = printed.pop()!.trim();
    await runUser(['list'], io);
    expect(printed.pop()).to.equal('dana\n');
    expect(await readdir(dir), 'nothing written in the data folder').to.deep.equal([]);
    const store = new PgStore({ connectionString: PG_URL! });
    try {
      const accounts = new PgAccountStore(store);
      expect(await accounts.userOfToken(token)).to.equal('dana');
      expect(await accounts.checkPassword('dana', PASSWORD)).to.equal('dana');
      await runToken(['list'], io);
      expect(printed.pop()).to.match(new RegExp(`^ID\tUSER\tCREATED\nt[0-9a-f]{8}\tdana\t\\d{4}-`));
      const second = (await accounts.createToken('dana')).id;
      expect(await runToken(['revoke', second], io)).to.equal(0);
      expect((await accounts.listTokens('dana')).map((t) => t.id)).to.not.include(second);
      await runUser(['remove', 'dana'], io);
      expect(await accounts.userOfToken(token)).to.equal(null);
      expect(await accounts.listUsers()).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });
});

/** Run the harvest command with an environment, feeding stdin. */
function harvestCli(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'bin/harvest.js'), ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}
