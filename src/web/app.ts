// The Express app: settings, middleware and the route table only; handlers live in routes/, logic in services/.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AccountStore } from '../auth/accounts.ts';
import { MemorySessionStore, SessionManager } from '../auth/sessions.ts';
import { DEFAULT_LIMITS, DEFAULT_SECURITY, type SecurityConfig, type UploadLimits } from '../config.ts';
import type { HarvestService } from '../services/harvest.ts';
import { apiRouter } from './routes/api.ts';
import { authRouter, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './routes/auth.ts';
import { pagesRouter } from './routes/pages.ts';
import { shareRouter } from './routes/share.ts';
import { errorHandler, notFoundHandler } from './middleware.ts';
import { CSP_DIRECTIVES } from './csp.ts';
import { attachActing, attachDeps, userOf, type WebDeps } from './locals.ts';
import { makeUpload } from './upload.ts';
import { allowedHostNames, csrfProtection, hostCheck, identify, LoginMode, requireLogin, type WebSecurity } from './security.ts';

export interface AppDeps {
  service: HarvestService;
  /** Where server errors are written (stderr by default). */
  log?: (message: string) => void;
  /** Accounts, API tokens, share links and sessions; null or absent: no accounts (an open app, for loopback only). */
  accounts?: AccountStore | null;
  security?: Partial<SecurityConfig>;
  /** Key signing the session cookies: the installation's (accounts.sessionSecret); random per app when absent, so cookies end with the process. */
  sessionSecret?: Buffer;
  limits?: Partial<UploadLimits>;
  loginLimits?: LoginLimits;
  /** The clock sessions are timed by (ms since 1970; Date.now by default): tests move it instead of waiting. */
  now?: () => number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));


/** Build the web app (no listening here: src/server.ts does that, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const log = deps.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const config: SecurityConfig = { ...DEFAULT_SECURITY, ...deps.security };
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const sec: WebSecurity = {
    config,
    accounts: deps.accounts ?? null,
    sessions: new SessionManager(deps.sessionSecret ?? randomBytes(32), deps.accounts ?? new MemorySessionStore(), config.sessionHours * 3600_000, deps.now),
    mode: new LoginMode(config.auth, deps.accounts ?? null),
    hosts: allowedHostNames(config),
  };
  // A deleted consultation's share links go with it (a backup restored under the same id must not revive them).
  const accounts = deps.accounts;
  if (accounts) deps.service.onDelete((id) => accounts.deleteShares(id));
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      // HSTS only when the app is told it is served over HTTPS (the reverse proxy usually sets it).
      strictTransportSecurity: config.secureCookies === true ? { maxAge: 15552000 } : false,
      // same-origin: no address of a confidential page leaks to another site, and forms keep a real Origin header.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // One spelling of a path before anything reads it: runs of slashes collapse ("//consultations" is "/consultations").
  app.use((req, _res, next) => {
    const q = req.url.indexOf('?');
    const pathPart = q < 0 ? req.url : req.url.slice(0, q);
    if (pathPart.includes('//')) req.url = pathPart.replace(/\/{2,}/g, '/') + (q < 0 ? '' : req.url.slice(q));
    next();
  });
  // Whether a request is for the API is decided by the same matching that routes it to the API router (so "/API/..."
  // is the API for the login gate, CSRF and error answers too), never by a second look at the URL.
  app.use('/api', (_req, res, next) => {
    res.locals.api = true;
    next();
  });
  // Before anything else answers (only the two lines above run first): a request for a host name not allowed (DNS rebinding) gets nothing.
  app.use(hostCheck(sec.hosts));
  // What the route handlers use (src/web/locals.ts).
  const upload = makeUpload(limits, deps.service.uploadDir);
  const webDeps: WebDeps = { service: deps.service, sec, upload };
  app.use((_req, res, next) => {
    attachDeps(res, webDeps);
    next();
  });
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h' }));
  // Browsers ask /favicon.ico whatever the page links (bookmarks, tabs of non-HTML answers): the ICO built by scripts/make-favicon.ts.
  app.get('/favicon.ico', (_req, res) => {
    res.sendFile(path.join(ROOT, 'public/favicon.ico'), { maxAge: '1h', headers: { 'Content-Type': 'image/x-icon' } });
  });
  // Pages and API answers hold confidential text: no caching by browsers or proxies.
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: true, limit: '2mb', parameterLimit: 2000 }));
  app.use(identify(sec));
  app.use(shareRouter(deps.service, sec));
  app.use(csrfProtection(sec));
  app.use(authRouter(sec, deps.loginLimits ?? DEFAULT_LOGIN_LIMITS));
  app.use(requireLogin());
  // Optimistic concurrency: a change sent with the version it was based on (If-Match header, or a "version"
  // field from a form or JSON body) is refused with 409 when the consultation changed since.
  app.use((req, res, next) => {
    // The logged-in account (or token) acts for every service call of this request: roles, ownership, listing.
    const user = userOf(res) ?? undefined;
    if (req.method === 'GET' || req.method === 'HEAD') {
      attachActing(res, user ? { user } : {});
      next();
      return;
    }
    const header = req.get('if-match')?.replace(/^W\//, '').replace(/^"|"$/g, '');
    const body = (req.body as Record<string, unknown> | undefined)?.version;
    const version = header || (typeof body === 'string' && body ? body : undefined);
    attachActing(res, { ...(user ? { user } : {}), ...(version ? { version } : {}) });
    next();
  });
  // Every route of these two routers declares the role it needs and what it logs (src/web/access.ts).
  const api = apiRouter(deps.service, { upload, sec });
  const pages = pagesRouter(deps.service, { upload, sec });
  app.use('/api', api.router);
  app.use('/', pages.router);
  // The route table with each route's access, for tests that try every route.
  app.locals.routeTable = [...api.routes.map((r) => ({ ...r, path: `/api${r.path}` })), ...pages.routes];
  app.use(notFoundHandler);
  app.use(errorHandler(log, limits));
  return app;
}
