// Facilitator accounts, API tokens and share links, kept in <dataDir>/accounts.json (atomic writes, re-read when the CLI changes it).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { AtomicJsonFile } from '../store/lowdb-store.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export const userName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'a user name has 1 to 64 letters, digits, dots, dashes, @ or underscores');

const user = z.object({ name: userName, passwordHash: z.string(), createdAt: z.string() });
const apiToken = z.object({ id: z.string(), user: userName, hash: z.string(), createdAt: z.string() });
const shareLink = z.object({
  id: z.string(),
  hash: z.string(),
  consultationId: z.string(),
  redact: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable().default(null),
});
const accountsFile = z.object({
  users: z.array(user).default([]),
  tokens: z.array(apiToken).default([]),
  shares: z.array(shareLink).default([]),
});
export type User = z.infer<typeof user>;
export type ApiToken = z.infer<typeof apiToken>;
export type ShareLink = z.infer<typeof shareLink>;
type AccountsFile = z.infer<typeof accountsFile>;

/** SHA-256 of a random token: tokens are 256-bit random, so a fast hash is enough and only hashes are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const newToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Accounts, tokens and share links; every change is written atomically and changes are applied one at a time. */
export class AccountStore {
  readonly file: string;
  private readonly adapter: AtomicJsonFile<AccountsFile>;
  private data: AccountsFile = { users: [], tokens: [], shares: [] };
  private stamp = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'accounts.json');
    this.adapter = new AtomicJsonFile(this.file, accountsFile);
  }

  /** Re-read the file when it changed on disk (the `harvest user` commands write it while the server runs). */
  private async fresh(): Promise<AccountsFile> {
    let stamp = 'none';
    try {
      const s = await stat(this.file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      stamp = 'none';
    }
    if (stamp !== this.stamp) {
      this.data = (await this.adapter.read()) ?? { users: [], tokens: [], shares: [] };
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

  /** True when at least one account exists (then the web app asks everyone to log in). */
  async hasUsers(): Promise<boolean> {
    return (await this.fresh()).users.length > 0;
  }

  async listUsers(): Promise<string[]> {
    return (await this.fresh()).users.map((u) => u.name);
  }

  async userExists(name: string): Promise<boolean> {
    return (await this.fresh()).users.some((u) => u.name === name);
  }

  /** Add an account (or with `replace`, set a new password); BAD_ARGUMENT for a bad name or a weak password. */
  async addUser(name: string, password: string, options: { replace?: boolean } = {}): Promise<void> {
    const parsed = userName.safeParse(name);
    if (!parsed.success) throw new AppError('BAD_ARGUMENT', parsed.error.issues[0]!.message);
    const problem = passwordProblem(password);
    if (problem) throw new AppError('BAD_ARGUMENT', problem);
    const passwordHash = await hashPassword(password);
    await this.change((d) => {
      const at = d.users.findIndex((u) => u.name === name);
      if (at >= 0 && !options.replace) throw new AppError('BAD_ARGUMENT', `the user "${name}" exists already`);
      const entry = { name, passwordHash, createdAt: new Date().toISOString() };
      if (at >= 0) d.users[at] = entry;
      else d.users.push(entry);
    });
  }

  /** Remove an account with its API tokens; false when there was none. */
  async removeUser(name: string): Promise<boolean> {
    return this.change((d) => {
      const before = d.users.length;
      d.users = d.users.filter((u) => u.name !== name);
      d.tokens = d.tokens.filter((t) => t.user !== name);
      return d.users.length < before;
    });
  }

  /** The account name when the password is right, else null. Takes the same time whether or not the user exists. */
  async checkPassword(name: string, password: string): Promise<string | null> {
    const found = (await this.fresh()).users.find((u) => u.name === name);
    // A dummy hash keeps the timing of unknown names like that of known ones.
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    return found && ok ? found.name : null;
  }

  /** Create an API token for a user; the token is returned once and only its hash is kept. */
  async createToken(name: string): Promise<{ id: string; token: string }> {
    const token = newToken('hvt_');
    const id = `t${randomBytes(4).toString('hex')}`;
    await this.change((d) => {
      if (!d.users.some((u) => u.name === name)) throw new AppError('NOT_FOUND', `there is no user "${name}"; add one with: harvest user add ${name}`);
      d.tokens.push({ id, user: name, hash: tokenHash(token), createdAt: new Date().toISOString() });
    });
    return { id, token };
  }

  /** The user an API token belongs to, or null for an unknown or revoked token. */
  async userOfToken(token: string): Promise<string | null> {
    if (!/^hvt_[A-Za-z0-9_-]{43}$/.test(token)) return null;
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

  /** Create a read-only share link for a consultation's report; the token is returned once. */
  async createShare(consultationId: string, createdBy: string, redact = true): Promise<{ share: ShareLink; token: string }> {
    const token = newToken('');
    const share: ShareLink = { id: `s${randomBytes(5).toString('hex')}`, hash: tokenHash(token), consultationId, redact, createdAt: new Date().toISOString(), createdBy, revokedAt: null };
    await this.change((d) => {
      d.shares.push(share);
    });
    return { share, token };
  }

  /** The live share link with this token, or null (unknown or revoked). */
  async shareOfToken(token: string): Promise<ShareLink | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const h = tokenHash(token);
    return (await this.fresh()).shares.find((s) => s.revokedAt === null && sameHash(s.hash, h)) ?? null;
  }

  async listShares(consultationId: string): Promise<ShareLink[]> {
    return (await this.fresh()).shares.filter((s) => s.consultationId === consultationId && s.revokedAt === null);
  }

  /** Revoke a share link of a consultation; false when there is no such live link. */
  async revokeShare(consultationId: string, id: string): Promise<boolean> {
    return this.change((d) => {
      const s = d.shares.find((x) => x.id === id && x.consultationId === consultationId && x.revokedAt === null);
      if (!s) return false;
      s.revokedAt = new Date().toISOString();
      return true;
    });
  }
}

/** A valid scrypt hash of a random password, used to spend the same time on unknown user names. */
const DUMMY_HASH = `scrypt$32768$8$1$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
