// The account store of a lowdb installation: <dataDir>/accounts.json (atomic writes, re-read when the CLI changes it),
// failed-login counts in <dataDir>/login-attempts.json and the session secret in <dataDir>/.session-secret.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { AtomicJsonFile } from '../atomic-json-file.ts';
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
  type TokenInfo,
} from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { attemptKeyHash, nextWindows, type AttemptKey, type AttemptWindow, type LimitState } from './rate-limit.ts';
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

/** Login attempts per hashed key (address + name, address): kept apart so each attempt does not rewrite the accounts. */
const attemptsFile = z.object({ attempts: z.array(z.object({ key: z.string(), count: z.number().int().min(0), resetAt: z.number() })).default([]) });
type AttemptsFile = z.infer<typeof attemptsFile>;

/**
 * The changes waiting per file, shared by every handle in this process: two stores opened on the same folder (a
 * restart in tests, two apps) apply their changes one after the other instead of losing one of two at once.
 */
const queues = new Map<string, Promise<unknown>>();

/** A JSON file read again when it changed on disk, and changed one writer at a time with atomic writes. */
class JsonFileState<T> {
  private readonly adapter: AtomicJsonFile<T>;
  private data: T;
  private stamp = '';

  constructor(
    readonly file: string,
    schema: z.ZodType<T>,
    private readonly empty: () => T,
  ) {
    this.adapter = new AtomicJsonFile(file, schema);
    this.data = empty();
  }

  /** Re-read the file when it changed on disk (the `harvest user` commands, or another process, write it while the server runs). */
  async fresh(): Promise<T> {
    let stamp = 'none';
    try {
      const s = await stat(this.file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      stamp = 'none';
    }
    if (stamp !== this.stamp) {
      this.data = (await this.adapter.read()) ?? this.empty();
      this.stamp = stamp;
    }
    return this.data;
  }

  change<R>(fn: (data: T) => R | Promise<R>): Promise<R> {
    const run = (queues.get(this.file) ?? Promise.resolve()).then(async () => {
      const copy = structuredClone(await this.fresh());
      const result = await fn(copy);
      await this.adapter.write(copy);
      this.data = copy;
      this.stamp = '';
      await this.fresh();
      return result;
    });
    const tail = run.catch(() => undefined);
    queues.set(this.file, tail);
    // The map keeps no entry for a file nobody is changing.
    void tail.then(() => {
      if (queues.get(this.file) === tail) queues.delete(this.file);
    });
    return run;
  }
}

/** Accounts, tokens, share links and sessions in one file; every change is written atomically and changes are applied one at a time. */
export class FileAccountStore implements AccountStore {
  readonly file: string;
  private readonly accounts: JsonFileState<AccountsFile>;
  private readonly attempts: JsonFileState<AttemptsFile>;

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, 'accounts.json');
    this.accounts = new JsonFileState(this.file, accountsFile, empty);
    this.attempts = new JsonFileState(path.join(dataDir, 'login-attempts.json'), attemptsFile, () => ({ attempts: [] }));
  }

  private fresh(): Promise<AccountsFile> {
    return this.accounts.fresh();
  }

  private change<R>(fn: (data: AccountsFile) => R | Promise<R>): Promise<R> {
    return this.accounts.change(fn);
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
        // A new password ends the sessions opened with the old one, and the API tokens made before it.
        d.sessions = d.sessions.filter((s) => s.user !== name);
        d.tokens = d.tokens.filter((t) => t.user !== name);
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

  async listTokens(name?: string): Promise<TokenInfo[]> {
    return (await this.fresh()).tokens.filter((t) => name === undefined || t.user === name).map(({ id, user, createdAt }) => ({ id, user, createdAt }));
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

  async deleteShares(consultationId: string): Promise<number> {
    if (!(await this.fresh()).shares.some((s) => s.consultationId === consultationId)) return 0;
    return this.change((d) => {
      const before = d.shares.length;
      d.shares = d.shares.filter((s) => s.consultationId !== consultationId);
      return before - d.shares.length;
    });
  }

  // ---- failed logins (AttemptCounter) ----

  takeAttempt(keys: readonly AttemptKey[], windowMs: number, now: number): Promise<LimitState> {
    return this.attempts.change((d) => {
      // Ended windows are dropped at every attempt: the file holds only the last window's counts.
      d.attempts = d.attempts.filter((a) => a.resetAt > now);
      const current = new Map<string, AttemptWindow>(d.attempts.map((a) => [a.key, a]));
      const { state, next } = nextWindows(current, keys, windowMs, now);
      if (next) {
        for (const [key, w] of next) current.set(key, w);
        d.attempts = [...current].map(([key, w]) => ({ key, count: w.count, resetAt: w.resetAt }));
      }
      return state;
    });
  }

  async releaseAttempt(keys: readonly string[], now: number): Promise<void> {
    const hashes = new Set(keys.map(attemptKeyHash));
    await this.attempts.change((d) => {
      for (const a of d.attempts) if (hashes.has(a.key) && a.resetAt > now && a.count > 0) a.count--;
    });
  }

  async clearAttempts(keys: readonly string[]): Promise<void> {
    const hashes = new Set(keys.map(attemptKeyHash));
    if (!(await this.attempts.fresh()).attempts.some((a) => hashes.has(a.key))) return;
    await this.attempts.change((d) => {
      d.attempts = d.attempts.filter((a) => !hashes.has(a.key));
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
