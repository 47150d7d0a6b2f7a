// Sessions: a random id in a signed HttpOnly cookie; logged-in sessions kept in the account store (shared by every
// process using it), CSRF tokens derived from the id.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { dict } from '../model/dict.ts';

export const SESSION_COOKIE = 'harvest_sid';

export interface Session {
  id: string;
  /** The logged-in facilitator, or null for an anonymous visitor. */
  user: string | null;
  expiresAt: number;
}

/** A logged-in session as stored: whose it is and when it ends (ms since 1970). */
export interface StoredSession {
  user: string;
  expiresAt: number;
}

/**
 * Where logged-in sessions are kept, under a key that is a hash of the session id (a copy of the store
 * gives no usable cookie). The account stores implement it, so a restart or another process sharing
 * the store accepts the same cookie.
 */
export interface SessionStore {
  /** Keep a session, and drop those that ended before `now`. */
  saveSession(key: string, session: StoredSession, now: number): Promise<void>;
  /** The session under `key` while its account exists (expired or not: the manager checks the time); else null. */
  findSession(key: string): Promise<StoredSession | null>;
  deleteSession(key: string): Promise<void>;
  /** End every session of an account. */
  deleteSessionsOf(user: string): Promise<void>;
}

/** Sessions in this process only: for an app without accounts (nobody can log in there anyway). */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  async saveSession(key: string, session: StoredSession, now: number): Promise<void> {
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
    this.sessions.set(key, { ...session });
  }

  async findSession(key: string): Promise<StoredSession | null> {
    return this.sessions.get(key) ?? null;
  }

  async deleteSession(key: string): Promise<void> {
    this.sessions.delete(key);
  }

  async deleteSessionsOf(user: string): Promise<void> {
    for (const [k, s] of this.sessions) if (s.user === user) this.sessions.delete(k);
  }
}

function hmac(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The storage key of a session id: its SHA-256 (ids are 192-bit random, so a fast hash is enough). */
export function sessionKey(id: string): string {
  return createHash('sha256').update(`sid:${id}`).digest('hex');
}

/** Cookie values from a Cookie header (first value of each name wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  // Cookie names are the client's: a table that inherits nothing ("constructor" or "__proto__" is only a name).
  const out = dict<string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || Object.hasOwn(out, name)) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * Signs session ids and keeps the logged-in sessions in a SessionStore. Anonymous visitors also get a signed id
 * (not stored), so forms carry a CSRF token before anyone logs in. Processes sharing the store and the secret
 * accept each other's cookies; a restart logs nobody out.
 */
export class SessionManager {
  constructor(
    private readonly secret: Buffer,
    private readonly store: SessionStore,
    readonly lifetimeMs = 12 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session id with its cookie value (`id.signature`). */
  issue(): { id: string; cookie: string } {
    const id = randomBytes(24).toString('base64url');
    return { id, cookie: `${id}.${hmac(this.secret, `sid:${id}`)}` };
  }

  /** The session id in a cookie value when its signature is right, else null. */
  verify(cookie: string | undefined): string | null {
    if (!cookie) return null;
    const dot = cookie.indexOf('.');
    if (dot <= 0) return null;
    const id = cookie.slice(0, dot);
    return /^[A-Za-z0-9_-]{32}$/.test(id) && safeEqual(cookie.slice(dot + 1), hmac(this.secret, `sid:${id}`)) ? id : null;
  }

  /** Start a logged-in session under a fresh id (never the one the browser had: no session fixation). */
  async login(user: string): Promise<{ session: Session; cookie: string }> {
    const { id, cookie } = this.issue();
    const now = this.now();
    const session = { id, user, expiresAt: now + this.lifetimeMs };
    await this.store.saveSession(sessionKey(id), { user, expiresAt: session.expiresAt }, now);
    return { session, cookie };
  }

  /** The session of an id: logged in (not expired, account still there), or anonymous. */
  async get(id: string): Promise<Session> {
    const key = sessionKey(id);
    const s = await this.store.findSession(key);
    if (s && s.expiresAt > this.now()) return { id, user: s.user, expiresAt: s.expiresAt };
    if (s) await this.store.deleteSession(key);
    return { id, user: null, expiresAt: 0 };
  }

  async logout(id: string): Promise<void> {
    await this.store.deleteSession(sessionKey(id));
  }

  /** End every session of a user. */
  async logoutUser(user: string): Promise<void> {
    await this.store.deleteSessionsOf(user);
  }

  /** The CSRF token of a session id: an HMAC, so it needs no storage and cannot be forged without the secret. */
  csrfToken(id: string): string {
    return hmac(this.secret, `csrf:${id}`);
  }

  checkCsrf(id: string, token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && safeEqual(token, this.csrfToken(id));
  }
}
