// The account store of a lowdb installation: <dataDir>/accounts.json (atomic writes, re-read when the CLI changes it)
// and the session secret in <dataDir>/.session-secret.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { AtomicJsonFile } from '../store/lowdb-store.ts';
import {
  API_TOKEN,
  apiToken,
  DUMMY_HASH,
  importProblem,
  newShareId,
  newToken,
  newTokenId,
  newUser,
  noUserError,
  sameHash,
  SHARE_TOKEN,
  shareLink,
  tokenHash,
  user,
  userExistsError,
  type AccountsData,
  type AccountStore,
  type ShareLink,
} from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { loadSessionSecret } from './secret.ts';
import type { StoredSession } from './sessions.ts';

/** A logged-in session in accounts.json, under the hash of its id. */
const storedSession = z.object({ key: z.string(), user: z.string(), expiresAt: z.number() });

const accountsFile = z.object({
  users: z.array(user).default([]),
  tokens: z.array(apiToken).default([]),
  shares: z.array(shareLink).default([]),
  sessions: z.array(storedSession).default([]),
});
type AccountsFile = z.infer<typeof accountsFile>;

const empty = (): AccountsFile => ({ users: [], tokens: [], shares: [], sessions: [] });

/** Accounts, tokens, share links and sessions in one file; every change is written atomically and changes are applied one at a time. */
export class FileAccountStore implements AccountStore {
  readonly file: string;
  private readonly adapter: AtomicJsonFile<AccountsFile>;
  private data: AccountsFile = empty();
  private stamp = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, 'accounts.json');
    this.adapter = new AtomicJsonFile(this.file, accountsFile);
  }

  /** Re-read the file when it changed on disk (the `harvest user` commands, or another process, write it while the server runs). */
  private async fresh(): Promise<AccountsFile> {
    let stamp = 'none';
    try {
      const s = await stat(this.file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      stamp = 'none';
    }
    if (stamp !== this.stamp) {
      this.data = (await this.adapter.read()) ?? empty();
      this.stamp = stamp;
    }
    return this.data;
  }

  private change<R>(fn: (data: AccountsFile) => R | Promise<R>): Promise<R> {
    const run = this.queue.then(async () => {
      const copy = structuredClone(await this.fresh());
      const result = await fn(copy);
      await this.adapter.write(copy);
      this.data = copy;
      this.stamp = '';
      await this.fresh();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async hasUsers(): Promise<boolean> {
    return (await this.fresh()).users.length > 0;
  }

  async listUsers(): Promise<string[]> {
    return (await this.fresh()).users.map((u) => u.name);
  }

  async userExists(name: string): Promise<boolean> {
    return (await this.fresh()).users.some((u) => u.name === name);
  }

  async addUser(name: string, password: string, options: { replace?: boolean } = {}): Promise<void> {
    const entry = await newUser(name, password);
    await this.change((d) => {
      const at = d.users.findIndex((u) => u.name === name);
      if (at >= 0 && !options.replace) throw userExistsError(name);
      if (at >= 0) {
        d.users[at] = entry;
        // A new password ends the sessions opened with the old one.
        d.sessions = d.sessions.filter((s) => s.user !== name);
      } else d.users.push(entry);
    });
  }

  async removeUser(name: string): Promise<boolean> {
    return this.change((d) => {
      const before = d.users.length;
      d.users = d.users.filter((u) => u.name !== name);
      d.tokens = d.tokens.filter((t) => t.user !== name);
      d.sessions = d.sessions.filter((s) => s.user !== name);
      return d.users.length < before;
    });
  }

  async checkPassword(name: string, password: string): Promise<string | null> {
    const found = (await this.fresh()).users.find((u) => u.name === name);
    // A dummy hash keeps the timing of unknown names like that of known ones.
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    return found && ok ? found.name : null;
  }

  async createToken(name: string): Promise<{ id: string; token: string }> {
    const token = newToken('hvt_');
    const id = newTokenId();
    await this.change((d) => {
      if (!d.users.some((u) => u.name === name)) throw noUserError(name);
      d.tokens.push({ id, user: name, hash: tokenHash(token), createdAt: new Date().toISOString() });
    });
    return { id, token };
  }

  async userOfToken(token: string): Promise<string | null> {
    if (!API_TOKEN.test(token)) return null;
    const h = tokenHash(token);
    const data = await this.fresh();
    const found = data.tokens.find((t) => sameHash(t.hash, h));
    return found && data.users.some((u) => u.name === found.user) ? found.user : null;
  }

  async revokeToken(id: string): Promise<boolean> {
    return this.change((d) => {
      const before = d.tokens.length;
      d.tokens = d.tokens.filter((t) => t.id !== id);
      return d.tokens.length < before;
    });
  }

  async createShare(consultationId: string, createdBy: string, redact = true): Promise<{ share: ShareLink; token: string }> {
    const token = newToken('');
    const share: ShareLink = { id: newShareId(), hash: tokenHash(token), consultationId, redact, createdAt: new Date().toISOString(), createdBy, revokedAt: null };
    await this.change((d) => {
      d.shares.push(share);
    });
    return { share, token };
  }

  async shareOfToken(token: string): Promise<ShareLink | null> {
    if (!SHARE_TOKEN.test(token)) return null;
    const h = tokenHash(token);
    return (await this.fresh()).shares.find((s) => s.revokedAt === null && sameHash(s.hash, h)) ?? null;
  }

  async listShares(consultationId: string): Promise<ShareLink[]> {
    return (await this.fresh()).shares.filter((s) => s.consultationId === consultationId && s.revokedAt === null);
  }

  async revokeShare(consultationId: string, id: string): Promise<boolean> {
    return this.change((d) => {
      const s = d.shares.find((x) => x.id === id && x.consultationId === consultationId && x.revokedAt === null);
      if (!s) return false;
      s.revokedAt = new Date().toISOString();
      return true;
    });
  }

  // ---- sessions (SessionStore) ----

  async saveSession(key: string, session: StoredSession, now: number): Promise<void> {
    await this.change((d) => {
      d.sessions = d.sessions.filter((s) => s.expiresAt > now && s.key !== key);
      d.sessions.push({ key, user: session.user, expiresAt: session.expiresAt });
    });
  }

  async findSession(key: string): Promise<StoredSession | null> {
    const data = await this.fresh();
    const s = data.sessions.find((x) => x.key === key);
    return s && data.users.some((u) => u.name === s.user) ? { user: s.user, expiresAt: s.expiresAt } : null;
  }

  async deleteSession(key: string): Promise<void> {
    if (!(await this.fresh()).sessions.some((s) => s.key === key)) return;
    await this.change((d) => {
      d.sessions = d.sessions.filter((s) => s.key !== key);
    });
  }

  async deleteSessionsOf(name: string): Promise<void> {
    if (!(await this.fresh()).sessions.some((s) => s.user === name)) return;
    await this.change((d) => {
      d.sessions = d.sessions.filter((s) => s.user !== name);
    });
  }

  // ---- the installation ----

  sessionSecret(configured: string | null): Promise<Buffer> {
    return loadSessionSecret(this.dataDir, configured);
  }

  /** A marker file `<dataDir>/.<name>`, created exclusively (the first start wrote `.sample-loaded` before accounts had a store). */
  async claimOnce(name: string): Promise<boolean> {
    if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new AppError('BAD_ARGUMENT', `"${name}" cannot be a marker name`);
    try {
      const handle = await open(path.join(this.dataDir, `.${name}`), 'wx', 0o600);
      await handle.writeFile(`${new Date().toISOString()}\n`);
      await handle.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  async exportAccounts(): Promise<AccountsData> {
    const { users, tokens, shares } = structuredClone(await this.fresh());
    return { users, tokens, shares };
  }

  async importAccounts(data: AccountsData): Promise<void> {
    if (data.users.length + data.tokens.length + data.shares.length === 0) return;
    await this.change((d) => {
      const problem = importProblem(d, data);
      if (problem) throw new AppError('BAD_ARGUMENT', `${problem} in ${this.file}; nothing was added.`);
      d.users.push(...data.users);
      d.tokens.push(...data.tokens);
      d.shares.push(...data.shares);
    });
  }
}
