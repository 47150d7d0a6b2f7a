// Access control for the web app: sessions and bearer tokens, the login gate, CSRF and origin checks, secure cookies.
import { AppError } from '../errors.ts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccountStore } from '../auth/accounts.ts';
import { parseCookies, SESSION_COOKIE, type SessionManager } from '../auth/sessions.ts';
import { hostNameOf, isLoopback, type SecurityConfig } from '../config.ts';

/** Who is asking, as the routes and views see it (res.locals.auth). */
export interface RequestAuth {
  user: string | null;
  via: 'session' | 'token' | 'none';
  /** The session id (anonymous or logged in); null for API calls without a cookie. */
  sessionId: string | null;
  /** The CSRF token to put in forms ('' without a session). */
  csrf: string;
  /** Whether this app asks for a login at all (an account exists or HARVEST_AUTH=1). */
  required: boolean;
}

export interface WebSecurity {
  config: SecurityConfig;
  /** Logged-in sessions, kept in the account store (shared by every process using it). */
  sessions: SessionManager;
  /** Null: no accounts at all (tests of the open, loopback-only app). */
  accounts: AccountStore | null;
  /** Whether logins are required: decided at start, only ever made stricter. */
  mode: LoginMode;
  /** The host names requests may name (allowedHostNames), or null when any is accepted. */
  hosts: ReadonlySet<string> | null;
}

/**
 * Whether this app asks for logins. Decided when the app is made: required with HARVEST_AUTH=1 or when an account
 * exists then, and it stays required for the life of the process, even when the last account is removed (an
 * exposed server never opens up). An open loopback app starts asking once an account is added.
 */
export class LoginMode {
  private required: boolean;
  private readonly atStart: Promise<void>;

  constructor(
    auth: boolean,
    private readonly accounts: AccountStore | null,
  ) {
    this.required = auth;
    this.atStart =
      auth || !accounts
        ? Promise.resolve()
        : accounts.hasUsers().then(
            (has) => {
              if (has) this.required = true;
            },
            () => {
              // The store could not say: asking for a login is the safe side.
              this.required = true;
            },
          );
  }

  /** Whether a login is required now: once true, always true. */
  async isRequired(): Promise<boolean> {
    await this.atStart;
    if (!this.required && this.accounts && (await this.accounts.hasUsers())) this.required = true;
    return this.required;
  }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The host names (lower-case, IPv6 in brackets, without port) requests may be addressed to: on a loopback address,
 * localhost, 127.0.0.1, [::1], the address itself and HARVEST_ALLOWED_HOSTS, because any web page can point a
 * name of its own at 127.0.0.1 (DNS rebinding) and then talk to Harvest as the same origin. Elsewhere (logins are
 * required there) the list is applied when one is configured; null when none is: any name is accepted.
 */
export function allowedHostNames(config: Pick<SecurityConfig, 'listenHost' | 'allowedHosts'>): ReadonlySet<string> | null {
  if (!isLoopback(config.listenHost) && config.allowedHosts.length === 0) return null;
  const own = hostNameOf(config.listenHost.includes(':') && !config.listenHost.startsWith('[') ? `[${config.listenHost}]` : config.listenHost);
  // The address listened on is accepted by its number (0.0.0.0 and :: are no name a browser would use).
  const bound = own && own !== '0.0.0.0' && own !== '[::]' ? [own] : [];
  return new Set([...LOOPBACK_NAMES, ...bound, ...config.allowedHosts]);
}

/**
 * Refuse requests naming a host not allowed (allowedHostNames): both the Host header and, behind a trusted proxy,
 * the forwarded host must be allowed.
 */
export function hostCheck(hosts: ReadonlySet<string> | null): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hosts) {
      for (const value of [req.get('host'), req.hostname]) {
        const name = hostNameOf(value);
        if (!name || !hosts.has(name)) {
          throw new AppError(
            'FORBIDDEN',
            'Harvest does not answer to this host name. Open it at http://localhost:<port>/ or http://127.0.0.1:<port>/, or add the name to HARVEST_ALLOWED_HOSTS.',
          );
        }
      }
    }
    next();
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Set by csrfProtection for a multipart body: its CSRF token can only be read once the route has parsed the body. */
export function deferCsrf(res: Response): void {
  res.locals.csrfDeferred = true;
}

/** Whether the request is for the API: set by the app where it mounts the API router (src/web/app.ts), same matching. */
export const isApi = (req: Request): boolean => req.res?.locals.api === true;

export function authOf(res: Response): RequestAuth {
  return res.locals.auth as RequestAuth;
}

/** Set-Cookie value for a session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export function sessionCookie(sec: WebSecurity, req: Request, value: string, maxAgeSeconds: number | null): string {
  const secure = sec.config.secureCookies === true || (sec.config.secureCookies === 'auto' && req.secure);
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds === null ? [] : [`Max-Age=${maxAgeSeconds}`]),
  ].join('; ');
}

/** Whether logins are required now (see LoginMode: `harvest user add` may run while the server does; removing accounts never opens it). */
export function loginRequired(sec: WebSecurity): Promise<boolean> {
  return sec.mode.isRequired();
}

/**
 * Work out who is asking: a bearer token (API only), a logged-in session, or an anonymous visitor. Page
 * visitors without a valid cookie get a new anonymous one, so every form can carry a CSRF token.
 */
export function identify(sec: WebSecurity): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const required = await loginRequired(sec);
    const header = req.get('authorization');
    if (header !== undefined && isApi(req)) {
      const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
      const user = m && sec.accounts ? await sec.accounts.userOfToken(m[1]!) : null;
      if (!user) throw new AppError('UNAUTHORIZED', 'The API token is not valid (or was revoked). Create one with: harvest token create NAME');
      res.locals.auth = { user, via: 'token', sessionId: null, csrf: '', required } satisfies RequestAuth;
      next();
      return;
    }
    let sid = sec.sessions.verify(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (!sid && !isApi(req)) {
      const fresh = sec.sessions.issue();
      sid = fresh.id;
      res.append('Set-Cookie', sessionCookie(sec, req, fresh.cookie, null));
    }
    // Only a stored, unexpired session of an existing account is logged in (the store checks the account).
    const user = sid ? (await sec.sessions.get(sid)).user : null;
    res.locals.auth = { user, via: user ? 'session' : 'none', sessionId: sid, csrf: sid ? sec.sessions.csrfToken(sid) : '', required } satisfies RequestAuth;
    res.locals.currentUser = user;
    res.locals.csrf = res.locals.auth.csrf;
    res.locals.authRequired = required;
    next();
  };
}

/** Refuse anyone not logged in when logins are required: 401 for the API, a redirect to the login page for pages. */
export function requireLogin(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = authOf(res);
    if (!auth.required || auth.user) {
      next();
      return;
    }
    if (isApi(req)) throw new AppError('UNAUTHORIZED', 'Log in first: send "Authorization: Bearer <token>" (create a token with: harvest token create NAME).');
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    throw new AppError('UNAUTHORIZED', 'Your session has ended. Log in again.');
  };
}

/**
 * True when the browser says the request comes from another origin: an Origin whose host name is not allowed
 * (`hosts`: a page of a rebound name is "same-origin" to the browser, so neither Sec-Fetch-Site nor a comparison
 * with the Host header, which that page chooses, can tell), Sec-Fetch-Site (sent by current browsers; "same-site"
 * covers another port of the same host, so it is refused too), else an Origin of another host.
 * Clients that send neither (scripts, curl) are not browsers acting for a user and pass.
 */
export function crossSite(req: Request, hosts: ReadonlySet<string> | null = null): boolean {
  const origin = req.get('origin');
  if (hosts && origin !== undefined) {
    let name: string | null = null;
    try {
      name = origin === 'null' ? null : hostNameOf(new URL(origin).host);
    } catch {
      name = null;
    }
    if (!name || !hosts.has(name)) return true;
  }
  const site = req.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== req.host;
  } catch {
    return true;
  }
}

/** Check the CSRF token of a state-changing page request (body field `_csrf` or header X-CSRF-Token). */
export function checkCsrf(sec: WebSecurity, req: Request, res: Response): void {
  const auth = authOf(res);
  const token = (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)._csrf : undefined) ?? req.get('x-csrf-token');
  if (!auth.sessionId || !sec.sessions.checkCsrf(auth.sessionId, token)) {
    throw new AppError('FORBIDDEN', 'This form has expired or did not come from Harvest. Go back, reload the page and try again.');
  }
}

/**
 * CSRF protection for every state-changing request. Bearer-token API calls are exempt (browsers never add the
 * header by themselves). Requests from another site are refused. Page forms need the session's token; API calls
 * made with a logged-in session cookie need it in X-CSRF-Token.
 */
export function csrfProtection(sec: WebSecurity): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method) || authOf(res).via === 'token') {
      next();
      return;
    }
    if (crossSite(req, sec.hosts)) throw new AppError('FORBIDDEN', 'Requests from other sites are refused.');
    if (isApi(req) && authOf(res).via === 'none') {
      next();
      return;
    }
    // A multipart body is parsed by the upload route itself, which checks the token after parsing (csrfAfterUpload);
    // every other route refuses a deferred check (src/web/access.ts), so no route runs unchecked.
    if (/^multipart\//i.test(req.get('content-type') ?? '')) {
      deferCsrf(res);
      next();
      return;
    }
    checkCsrf(sec, req, res);
    next();
  };
}

/** For upload routes, after multer: the CSRF check that csrfProtection left to them. */
export function csrfAfterUpload(sec: WebSecurity): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = authOf(res);
    if (auth.via === 'token' || (isApi(req) && auth.via === 'none')) {
      next();
      return;
    }
    checkCsrf(sec, req, res);
    next();
  };
}
