// The account store of a PostgreSQL installation: accounts, API tokens, share links, sessions and the session secret
// in the database (migration 5), and failed-login counts (migration 6), so every Harvest process sharing it sees the same ones.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../errors.ts';
import {
  API_TOKEN,
  DUMMY_HASH,
  importProblem,
  newShareId,
  newToken,
  newTokenId,
  newUser,
  noUserError,
  SHARE_TOKEN,
  tokenHash,
  userExistsError,
  type AccountsData,
  type AccountStore,
  type ShareLink,
  type TokenInfo,
} from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { attemptKeyHash, type AttemptKey, type LimitState } from './rate-limit.ts';
import type { StoredSession } from './sessions.ts';

interface ShareRow {
  id: string;
  hash: string;
  consultation_id: string;
  redact: boolean;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

const shareOf = (r: ShareRow): ShareLink => ({ id: r.id, hash: r.hash, consultationId: r.consultation_id, redact: r.redact, createdAt: r.created_at, createdBy: r.created_by, revokedAt: r.revoked_at });

const SESSION_SECRET = 'session-secret';

/** Thrown inside a transaction to roll it back without an error (a login attempt over its limit counts nothing). */
const ROLL_BACK = Symbol('roll back');

/** The connections PgAccountStore works over: a PgStore's (src/store/pg-store.ts), which also migrates the schema. */
export interface PgDatabase {
  readonly pool: pg.Pool;
  /** Run `task` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(task: (client: pg.PoolClient) => Promise<R>): Promise<R>;
}

/**
 * PostgreSQL implementation of AccountStore over the connections of a PgStore (same database and schema;
 * migrated by it). Tokens, share links and sessions are looked up by the SHA-256 of their random value:
 * the timing of an index look-up tells nothing usable about a 256-bit token.
 */
export class PgAccountStore implements AccountStore {
  /** When this handle next removes ended login-attempt windows. */
  private nextSweep = 0;

  constructor(private readonly db: PgDatabase) {}

  private get pool() {
    return this.db.pool;
  }

  async hasUsers(): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM users LIMIT 1')).rowCount ?? 0) > 0;
  }

  async listUsers(): Promise<string[]> {
    return (await this.pool.query<{ name: string }>('SELECT name FROM users ORDER BY seq')).rows.map((r) => r.name);
  }

  async userExists(name: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM users WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }

  async addUser(name: string, password: string, options: { replace?: boolean } = {}): Promise<void> {
    const u = await newUser(name, password);
    if (!options.replace) {
      const res = await this.pool.query('INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [u.name, u.passwordHash, u.createdAt]);
      if (res.rowCount === 0) throw userExistsError(name);
      return;
    }
    await this.db.transaction(async (client) => {
      await client.query(
        'INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, created_at = EXCLUDED.created_at',
        [u.name, u.passwordHash, u.createdAt],
      );
      // A new password ends the sessions opened with the old one, and the API tokens made before it.
      await client.query('DELETE FROM sessions WHERE user_name = $1', [name]);
      await client.query('DELETE FROM api_tokens WHERE user_name = $1', [name]);
    });
  }

  async removeUser(name: string): Promise<boolean> {
    // Its tokens and sessions go with it (ON DELETE CASCADE).
    return ((await this.pool.query('DELETE FROM users WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }

  async checkPassword(name: string, password: string): Promise<string | null> {
    const found = (await this.pool.query<{ name: string; password_hash: string }>('SELECT name, password_hash FROM users WHERE name = $1', [name])).rows[0];
    const ok = await verifyPassword(password, found?.password_hash ?? DUMMY_HASH);
    return found && ok ? found.name : null;
  }

  async createToken(name: string): Promise<{ id: string; token: string }> {
    const token = newToken('hvt_');
    const id = newTokenId();
    const res = await this.pool.query('INSERT INTO api_tokens (id, user_name, hash, created_at) SELECT $1, name, $3, $4 FROM users WHERE name = $2', [id, name, tokenHash(token), new Date().toISOString()]);
    if (res.rowCount === 0) throw noUserError(name);
    return { id, token };
  }

  async userOfToken(token: string): Promise<string | null> {
    if (!API_TOKEN.test(token)) return null;
    const row = (await this.pool.query<{ user_name: string }>('SELECT t.user_name FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = $1', [tokenHash(token)])).rows[0];
    return row?.user_name ?? null;
  }

  async revokeToken(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM api_tokens WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async listTokens(name?: string): Promise<TokenInfo[]> {
    const rows = (
      await this.pool.query<{ id: string; user_name: string; created_at: string }>('SELECT id, user_name, created_at FROM api_tokens WHERE $1::text IS NULL OR user_name = $1 ORDER BY seq', [name ?? null])
    ).rows;
    return rows.map((r) => ({ id: r.id, user: r.user_name, createdAt: r.created_at }));
  }

  async createShare(consultationId: string, createdBy: string, redact = true): Promise<{ share: ShareLink; token: string }> {
    const token = newToken('');
    const share: ShareLink = { id: newShareId(), hash: tokenHash(token), consultationId, redact, createdAt: new Date().toISOString(), createdBy, revokedAt: null };
    await this.pool.query('INSERT INTO share_links (id, hash, consultation_id, redact, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [share.id, share.hash, consultationId, redact, share.createdAt, createdBy]);
    return { share, token };
  }

  async shareOfToken(token: string): Promise<ShareLink | null> {
    if (!SHARE_TOKEN.test(token)) return null;
    const row = (await this.pool.query<ShareRow>('SELECT * FROM share_links WHERE hash = $1 AND revoked_at IS NULL', [tokenHash(token)])).rows[0];
    return row ? shareOf(row) : null;
  }

  async listShares(consultationId: string): Promise<ShareLink[]> {
    return (await this.pool.query<ShareRow>('SELECT * FROM share_links WHERE consultation_id = $1 AND revoked_at IS NULL ORDER BY seq', [consultationId])).rows.map(shareOf);
  }

  async revokeShare(consultationId: string, id: string): Promise<boolean> {
    const res = await this.pool.query('UPDATE share_links SET revoked_at = $3 WHERE id = $1 AND consultation_id = $2 AND revoked_at IS NULL', [id, consultationId, new Date().toISOString()]);
    return (res.rowCount ?? 0) > 0;
  }

  async deleteShares(consultationId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM share_links WHERE consultation_id = $1', [consultationId])).rowCount ?? 0;
  }

  // ---- failed logins (AttemptCounter) ----

  /**
   * One transaction: each key is counted with INSERT ... ON CONFLICT DO UPDATE ... RETURNING, which locks its row
   * until the end, so processes counting the same key take turns and none reads a stale count. Keys are taken in
   * a fixed order (no deadlock between two attempts); when one is over its limit, the transaction is rolled back
   * and nothing is counted.
   */
  async takeAttempt(keys: readonly AttemptKey[], windowMs: number, now: number): Promise<LimitState> {
    const ordered = keys.map((k) => ({ hash: attemptKeyHash(k.key), max: k.max })).sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    if (now >= this.nextSweep) {
      // Ended windows are dropped now and then, outside the counting (a failed sweep only leaves rows that count nothing).
      this.nextSweep = now + 60_000;
      await this.pool.query('DELETE FROM login_attempts WHERE reset_at <= $1', [now]).catch(() => undefined);
    }
    const blocked = { value: null as LimitState | null };
    await this.db
      .transaction(async (client) => {
        for (const { hash, max } of ordered) {
          const row = (
            await client.query<{ count: number; reset_at: string }>(
              `INSERT INTO login_attempts (key, count, reset_at) VALUES ($1, 1, $2 + $3::bigint)
               ON CONFLICT (key) DO UPDATE SET
                 count = CASE WHEN login_attempts.reset_at <= $2 THEN 1 ELSE login_attempts.count + 1 END,
                 reset_at = CASE WHEN login_attempts.reset_at <= $2 THEN $2 + $3::bigint ELSE login_attempts.reset_at END
               RETURNING count, reset_at`,
              [hash, now, windowMs],
            )
          ).rows[0]!;
          if (row.count > max) {
            blocked.value = { blocked: true, retryAfter: Math.max(1, Math.ceil((Number(row.reset_at) - now) / 1000)) };
            throw ROLL_BACK;
          }
        }
      })
      .catch((err: unknown) => {
        if (err !== ROLL_BACK) throw err;
      });
    return blocked.value ?? { blocked: false, retryAfter: 0 };
  }

  async releaseAttempt(keys: readonly string[], now: number): Promise<void> {
    await this.pool.query('UPDATE login_attempts SET count = count - 1 WHERE key = ANY($1::text[]) AND reset_at > $2 AND count > 0', [keys.map(attemptKeyHash), now]);
  }

  async clearAttempts(keys: readonly string[]): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE key = ANY($1::text[])', [keys.map(attemptKeyHash)]);
  }

  // ---- sessions (SessionStore) ----

  async saveSession(key: string, session: StoredSession, now: number): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    // Nothing is saved for an account removed meanwhile: that session is simply not logged in.
    await this.pool.query(
      'INSERT INTO sessions (key, user_name, expires_at) SELECT $1, name, $3 FROM users WHERE name = $2 ON CONFLICT (key) DO UPDATE SET user_name = EXCLUDED.user_name, expires_at = EXCLUDED.expires_at',
      [key, session.user, session.expiresAt],
    );
  }

  async findSession(key: string): Promise<StoredSession | null> {
    const row = (await this.pool.query<{ user_name: string; expires_at: string }>('SELECT s.user_name, s.expires_at FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.key = $1', [key])).rows[0];
    return row ? { user: row.user_name, expiresAt: Number(row.expires_at) } : null;
  }

  async deleteSession(key: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE key = $1', [key]);
  }

  async deleteSessionsOf(name: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE user_name = $1', [name]);
  }

  // ---- the installation ----

  /**
   * The configured secret, else the one in the settings table: the first process to start writes a random one;
   * ON CONFLICT DO NOTHING makes a second process starting at the same moment wait for it and read it.
   */
  async sessionSecret(configured: string | null): Promise<Buffer> {
    if (configured) return Buffer.from(configured, 'utf8');
    await this.pool.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [SESSION_SECRET, randomBytes(32).toString('base64url')]);
    const row = (await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [SESSION_SECRET])).rows[0];
    if (!row) throw new AppError('INTERNAL', 'the session secret could not be read from the database');
    return Buffer.from(row.value, 'base64url');
  }

  async claimOnce(name: string): Promise<boolean> {
    const res = await this.pool.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [`once:${name}`, new Date().toISOString()]);
    return res.rowCount === 1;
  }

  exportAccounts(): Promise<AccountsData> {
    return this.exportWith(this.pool);
  }

  private async exportWith(db: pg.Pool | pg.PoolClient): Promise<AccountsData> {
    const users = (await db.query<{ name: string; password_hash: string; created_at: string }>('SELECT name, password_hash, created_at FROM users ORDER BY seq')).rows;
    const tokens = (await db.query<{ id: string; user_name: string; hash: string; created_at: string }>('SELECT id, user_name, hash, created_at FROM api_tokens ORDER BY seq')).rows;
    const shares = (await db.query<ShareRow>('SELECT * FROM share_links ORDER BY seq')).rows;
    return {
      users: users.map((u) => ({ name: u.name, passwordHash: u.password_hash, createdAt: u.created_at })),
      tokens: tokens.map((t) => ({ id: t.id, user: t.user_name, hash: t.hash, createdAt: t.created_at })),
      shares: shares.map(shareOf),
    };
  }

  async importAccounts(data: AccountsData): Promise<void> {
    if (data.users.length + data.tokens.length + data.shares.length === 0) return;
    await this.db.transaction(async (client) => {
      // Nobody else adds accounts while the check and the copy run.
      await client.query('LOCK TABLE users, api_tokens, share_links IN SHARE ROW EXCLUSIVE MODE');
      const problem = importProblem(await this.exportWith(client), data);
      if (problem) throw new AppError('BAD_ARGUMENT', `${problem} in the database; nothing was added.`);
      for (const u of data.users) await client.query('INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3)', [u.name, u.passwordHash, u.createdAt]);
      for (const t of data.tokens) await client.query('INSERT INTO api_tokens (id, user_name, hash, created_at) VALUES ($1, $2, $3, $4)', [t.id, t.user, t.hash, t.createdAt]);
      for (const s of data.shares) {
        await client.query('INSERT INTO share_links (id, hash, consultation_id, redact, created_at, created_by, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [s.id, s.hash, s.consultationId, s.redact, s.createdAt, s.createdBy, s.revokedAt]);
      }
    });
  }
}
