// Sessions: a random id in a signed HttpOnly cookie; logged-in sessions kept in memory, CSRF tokens derived from the id.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'harvest_sid';

export interface Session {
  id: string;
  /** The logged-in facilitator, or null for an anonymous visitor. */
  user: string | null;
  expiresAt: number;
}

function hmac(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Cookie values from a Cookie header (first value of each name wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * Signs session ids and keeps the logged-in sessions. Anonymous visitors also get a signed id (not stored),
 * so forms carry a CSRF token before anyone logs in. A restart logs everyone out.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly secret: Buffer,
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
  login(user: string): { session: Session; cookie: string } {
    const { id, cookie } = this.issue();
    const session = { id, user, expiresAt: this.now() + this.lifetimeMs };
    this.sessions.set(id, session);
    this.sweep();
    return { session, cookie };
  }

  /** The session of an id: logged in (and not expired), or anonymous. */
  get(id: string): Session {
    const s = this.sessions.get(id);
    if (s && s.expiresAt > this.now()) return s;
    if (s) this.sessions.delete(id);
    return { id, user: null, expiresAt: 0 };
  }

  logout(id: string): void {
    this.sessions.delete(id);
  }

  /** End every session of a user (after the account was removed). */
  logoutUser(user: string): void {
    for (const [id, s] of this.sessions) if (s.user === user) this.sessions.delete(id);
  }

  /** The CSRF token of a session id: an HMAC, so it needs no storage and cannot be forged without the secret. */
  csrfToken(id: string): string {
    return hmac(this.secret, `csrf:${id}`);
  }

  checkCsrf(id: string, token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && safeEqual(token, this.csrfToken(id));
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}
