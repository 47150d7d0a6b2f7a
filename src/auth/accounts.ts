// The account store seam: facilitator accounts, API tokens, share links, logged-in sessions and the session secret.
// Two implementations: a file in the data folder (file-accounts.ts) and PostgreSQL (pg-accounts.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { AttemptCounter } from './rate-limit.ts';
import type { SessionStore } from './sessions.ts';

export const userName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'a user name has 1 to 64 letters, digits, dots, dashes, @ or underscores');

export const user = z.object({ name: userName, passwordHash: z.string(), createdAt: z.string() });
export const apiToken = z.object({ id: z.string(), user: userName, hash: z.string(), createdAt: z.string() });
export const shareLink = z.object({
  id: z.string(),
  hash: z.string(),
  consultationId: z.string(),
  redact: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable().default(null),
});
export type User = z.infer<typeof user>;
export type ApiToken = z.infer<typeof apiToken>;
export type ShareLink = z.infer<typeof shareLink>;
/** What `harvest token list` shows of an API token: never the token or its hash. */
export type TokenInfo = Pick<ApiToken, 'id' | 'user' | 'createdAt'>;

/** Everything `harvest db copy` moves: accounts with their password hashes, API tokens and share links (hashes only). */
export interface AccountsData {
  users: User[];
  tokens: ApiToken[];
  shares: ShareLink[];
}

/**
 * Accounts, tokens, share links and sessions of one Harvest installation. Every process using the same
 * store sees the same accounts and accepts the same sessions and tokens.
 */
export interface AccountStore extends SessionStore, AttemptCounter {
  /** True when at least one account exists (then the web app asks everyone to log in). */
  hasUsers(): Promise<boolean>;
  listUsers(): Promise<string[]>;
  userExists(name: string): Promise<boolean>;
  /**
   * Add an account (or with `replace`, set a new password, which ends the account's sessions and revokes its API tokens);
   * BAD_ARGUMENT for a bad name, a weak password or a name in use.
   */
  addUser(name: string, password: string, options?: { replace?: boolean }): Promise<void>;
  /** Remove an account with its API tokens and sessions; false when there was none. */
  removeUser(name: string): Promise<boolean>;
  /** The account name when the password is right, else null. Takes the same time whether or not the user exists. */
  checkPassword(name: string, password: string): Promise<string | null>;
  /** Create an API token for a user; the token is returned once and only its hash is kept. NOT_FOUND for an unknown user. */
  createToken(name: string): Promise<{ id: string; token: string }>;
  /** The user an API token belongs to, or null for an unknown or revoked token. */
  userOfToken(token: string): Promise<string | null>;
  revokeToken(id: string): Promise<boolean>;
  /** The API tokens (of one account, or all), oldest first: id, account and date, never the token. */
  listTokens(name?: string): Promise<TokenInfo[]>;
  /** Create a read-only share link for a consultation's report; the token is returned once. */
  createShare(consultationId: string, createdBy: string, redact?: boolean): Promise<{ share: ShareLink; token: string }>;
  /** The live share link with this token, or null (unknown or revoked). */
  shareOfToken(token: string): Promise<ShareLink | null>;
  /** The live share links of a consultation, oldest first. */
  listShares(consultationId: string): Promise<ShareLink[]>;
  /** Revoke a share link of a consultation; false when there is no such live link. */
  revokeShare(consultationId: string, id: string): Promise<boolean>;
  /**
   * Remove every share link of a consultation, revoked or not (the consultation was deleted: a backup restored later
   * under the same id must not bring its old links back); the number removed.
   */
  deleteShares(consultationId: string): Promise<number>;
  /**
   * The key signing session cookies: `configured` (HARVEST_SESSION_SECRET) when given, else one generated
   * once for the installation and kept in the store (every process gets the same one).
   */
  sessionSecret(configured: string | null): Promise<Buffer>;
  /** True for exactly one caller, the first, of each `name` in this installation (e.g. loading the sample once). */
  claimOnce(name: string): Promise<boolean>;
  /** Accounts, tokens and share links (not sessions), for `harvest db copy`. */
  exportAccounts(): Promise<AccountsData>;
  /** Add copied accounts, tokens and share links; BAD_ARGUMENT naming the clashes, with nothing added, when any exists already. */
  importAccounts(data: AccountsData): Promise<void>;
  /** Release connections (PostgreSQL); optional. */
  close?(): Promise<void>;
}

/** SHA-256 of a random token: tokens are 256-bit random, so a fast hash is enough and only hashes are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export const newToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;
export const newTokenId = (): string => `t${randomBytes(4).toString('hex')}`;
export const newShareId = (): string => `s${randomBytes(5).toString('hex')}`;

/** The shape of API tokens and share-link tokens: anything else is refused without a look-up. */
export const API_TOKEN = /^hvt_[A-Za-z0-9_-]{43}$/;
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new account's entry, after checking its name and password (BAD_ARGUMENT naming the problem). */
export async function newUser(name: string, password: string): Promise<User> {
  const parsed = userName.safeParse(name);
  if (!parsed.success) throw new AppError('BAD_ARGUMENT', parsed.error.issues[0]!.message);
  const problem = passwordProblem(password);
  if (problem) throw new AppError('BAD_ARGUMENT', problem);
  return { name, passwordHash: await hashPassword(password), createdAt: new Date().toISOString() };
}

export const userExistsError = (name: string): AppError => new AppError('BAD_ARGUMENT', `the user "${name}" exists already`);
export const noUserError = (name: string): AppError => new AppError('NOT_FOUND', `there is no user "${name}"; add one with: harvest user add ${name}`);

/**
 * Why `incoming` cannot be added to `existing`, as one message naming the clashes (user names, token and share ids
 * in both) and tokens of no account; null when it can.
 */
export function importProblem(existing: AccountsData, incoming: AccountsData): string | null {
  const clash = (kind: string, have: string[], add: string[]): string | null => {
    const set = new Set(have);
    const both = [...new Set(add.filter((x) => set.has(x)))].sort();
    return both.length ? `${kind} ${both.join(', ')} exist already` : null;
  };
  const names = new Set([...existing.users, ...incoming.users].map((u) => u.name));
  const orphans = incoming.tokens.filter((t) => !names.has(t.user)).map((t) => t.id).sort();
  const parts = [
    clash('accounts', existing.users.map((u) => u.name), incoming.users.map((u) => u.name)),
    clash('API tokens', existing.tokens.map((t) => t.id), incoming.tokens.map((t) => t.id)),
    clash('share links', existing.shares.map((s) => s.id), incoming.shares.map((s) => s.id)),
    orphans.length ? `API tokens ${orphans.join(', ')} belong to no account` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : null;
}

/** A valid scrypt hash of a random password, used to spend the same time on unknown user names. */
export const DUMMY_HASH = `scrypt$32768$8$1$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
