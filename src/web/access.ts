// Authorisation by construction: every route declares the role it needs and what it writes to the audit log; the check
// reads the route that actually matched (its decoded parameters), never a second parse of the URL.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { Router } from 'express';
import { AppError } from '../errors.ts';
import type { HarvestService } from '../services/harvest.ts';
import { roleIn } from '../services/consultations.ts';
import { roleAllows } from '../services/acting.ts';
import type { AuditEntry, Role } from '../store/schema.ts';
import { attachConsultation, attachJob, attachOtherConsultation, roleOf, userOf } from './locals.ts';
import { validateParams } from './routes/params.ts';
import { authOf } from './security.ts';
import { uploadedName } from './upload.ts';

/** What a request must hold: any visitor the login gate let in ('account'), or a role on the consultation the route names. */
export type Need = 'account' | Role | ((req: Request) => Role);

/** What a successful request writes to the consultation's audit log. */
export type AuditRule = AuditEntry['action'] | ((req: Request) => { action: AuditEntry['action']; detail: string } | null);

export interface RouteAccess {
  needs: Need;
  /** Audit line written before a successful answer goes out (2xx/3xx); absent: nothing is logged (reads). */
  audit?: AuditRule;
  /** The route parses a multipart body itself and checks its CSRF token after parsing (csrfAfterUpload). */
  upload?: boolean;
}

/** One declared route, as the route table lists it (tests walk it to try every route). */
export interface DeclaredRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: RouteAccess;
}

const WHAT: Record<Role, string> = {
  viewer: 'read it and export it with personal data redacted',
  editor: 'upload files, edit themes and export',
  owner: 'manage its members and share links, and delete it',
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Route parameters that name a consultation, directly (`:id`) or through one of its analysis jobs (`:jobId`). */
const CONSULTATION_PARAMS = ['id', 'jobId'] as const;

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]!);
}

/**
 * The loaders of a router's routes (router.param, so they read the matched route's own decoded parameters: a URL
 * spelled in capitals, with a percent-encoded id or a trailing slash reaches the same route and the same check).
 * `:id` loads the consultation once (without its analyses' segments, which the handlers that need them read through the
 * service), before the route's handlers, with the role it grants the logged-in user;
 * `:jobId` loads the analysis job (and, on a route without `:id`, the role its consultation grants). A consultation
 * the user is not a member of is a 404 here, like one that does not exist (whether it exists is not revealed to
 * other teams); one that does not exist is answered 404 by the handler when it reads it (consultationOf), after an
 * upload route has checked its CSRF token. Without a login (the open loopback mode) no role is looked up.
 */
function addLoaders(router: Router, service: HarvestService): void {
  router.param('id', async (_req: Request, res: Response, next: NextFunction, id: string) => {
    const data = await service.consultationHead(id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    const user = userOf(res);
    // With a login, a consultation that does not exist is refused here (fail closed): no route runs without a role.
    if (user && !data) throw new AppError('NOT_FOUND', 'Consultation not found.');
    const role = data && user ? roleIn(data, user) : undefined;
    if (role === null) throw new AppError('NOT_FOUND', 'Consultation not found.');
    attachConsultation(res, data, role);
    next();
  });
  // `:otherId`: a second consultation a route reads (what changed). Any role in it lets the user read it; none (or a
  // consultation that does not exist) is a 404, as for `:id`.
  router.param('otherId', async (_req: Request, res: Response, next: NextFunction, otherId: string) => {
    const data = await service.consultationHead(otherId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    const user = userOf(res);
    const role = data && user ? roleIn(data, user) : undefined;
    if (user && (!data || role === null || role === undefined)) throw new AppError('NOT_FOUND', 'The consultation to compare with was not found.');
    attachOtherConsultation(res, data, role ?? undefined);
    next();
  });
  router.param('jobId', async (req: Request, res: Response, next: NextFunction, jobId: string) => {
    const job = await service.findJob(jobId);
    const user = userOf(res);
    let role: Role | undefined;
    if (req.params.id === undefined && user) {
      // A job whose consultation has been deleted since has no one left with a role in it: refused like any other.
      const has = await service.roleOf(job.consultationId, user);
      if (has === null || has === undefined) throw new AppError('NOT_FOUND', 'Job not found.');
      role = has;
    }
    attachJob(res, job, role);
    next();
  });
}

/** Whether the request's visitor may call a route declared with `access`: allowed, or the role they have and the one it needs. */
type Verdict = { allowed: true } | { allowed: false; has: Role | undefined; needs: Role };

/** The role rule of a route, on the role the loader found: without a login (the open loopback mode) anything goes. */
function verdictOf(access: RouteAccess, req: Request, res: Response): Verdict {
  if (!userOf(res) || access.needs === 'account') return { allowed: true };
  const has = roleOf(res);
  const needs = typeof access.needs === 'function' ? access.needs(req) : access.needs;
  return has !== undefined && roleAllows(has, needs) ? { allowed: true } : { allowed: false, has, needs };
}

/**
 * The role check of one route, on the role the route's loader found (addLoaders): a member without the role the
 * route needs gets 403 saying what their role allows. Without a login (the open loopback mode) nothing is checked.
 */
function gate(access: RouteAccess): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // A multipart body on a route that does not parse one would otherwise run without its CSRF token checked.
    if (res.locals.csrfDeferred && STATE_CHANGING.has(req.method) && !access.upload) {
      throw new AppError('FORBIDDEN', 'This form has expired or did not come from Harvest. Go back, reload the page and try again.');
    }
    const verdict = verdictOf(access, req, res);
    if (!verdict.allowed) {
      const { has, needs } = verdict;
      // A signed-in request on a route that needs a role but whose loader found none is refused (fail closed).
      if (has === undefined) throw new AppError('NOT_FOUND', 'Consultation not found.');
      throw new AppError('FORBIDDEN', `You are ${has === 'viewer' ? 'a' : 'an'} ${has} of this consultation: you can ${WHAT[has]}. Only ${needs === 'owner' ? 'its owners' : 'its editors and owners'} can do this.`);
    }
    next();
  };
}

/** The guarded router each request is being served by (set as it enters it), for mayCall. */
const servedBy = new WeakMap<Response, GuardedRouter>();

/**
 * Whether the visitor of this request may call the route `method path` (as declared, e.g. `/consultations/:id/notes`)
 * of the router serving the request, on the consultation it loaded: the same rule the route's own check applies. A
 * page shows a form only to those who may send it. A route that is not declared is an error (a form naming a
 * route that does not exist).
 */
export function mayCall(req: Request, res: Response, method: DeclaredRoute['method'], path: string): boolean {
  const route = servedBy.get(res)?.routes.find((r) => r.method === method && r.path === path);
  if (!route) throw new AppError('INTERNAL', `No route ${method.toUpperCase()} ${path} is declared.`);
  return verdictOf(route.access, req, res).allowed;
}

/** The route pattern with its parameters filled in from the match (canonical, whatever the URL's spelling). */
function canonicalPath(req: Request, pattern: string): string {
  return pattern.replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => String(req.params[name] ?? ''));
}

/**
 * The audit line of a successful request, written before the answer goes out (so a client that got its answer
 * finds the line). The detail is the consultation's own history line when the request wrote one (e.g. `renamed
 * theme t3 to "Cost"`), else what the route declares.
 */
function auditTrail(service: HarvestService, pattern: string, rule: AuditRule): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = req.params.id as string | undefined;
    if (id === undefined) {
      next();
      return;
    }
    const what = typeof rule === 'function' ? rule(req) : { action: rule, detail: `${req.method} ${canonicalPath(req, pattern).replace(/^\/consultations\/[^/]+/, '') || '/'}` };
    if (!what) {
      next();
      return;
    }
    const started = new Date().toISOString();
    const user = userOf(res);
    const write = async (): Promise<void> => {
      let detail = what.detail;
      // An upload names its files; pasted notes (no files) are named by the history line the paste wrote.
      if (what.action === 'uploaded' && Array.isArray(req.files)) {
        const files = (req.files as { originalname: string }[] | undefined) ?? [];
        detail = `uploaded ${files.map((f) => uploadedName(f)).join(', ') || 'files'}`;
      } else if (what.action !== 'exported') {
        const data = await service.consultationHead(id).catch(() => null);
        const line = data?.history.at(-1);
        if (line && line.at >= started && line.by === 'human') detail = line.what;
      }
      await service.audit(id, what.action, detail, user ? { user } : {});
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let done = false;
    res.end = ((...args: unknown[]) => {
      if (done || res.statusCode >= 400) return end(...args);
      done = true;
      void write()
        .catch(() => undefined)
        .finally(() => end(...args));
      return res;
    }) as typeof res.end;
    next();
  };
}

/**
 * A router whose routes cannot be added without saying who may call them: `get(path, access, ...handlers)`. A
 * route naming a consultation (`:id`) or a job (`:jobId`) must need a role, or the app refuses to start.
 */
export class GuardedRouter {
  readonly router = Router();
  readonly routes: DeclaredRoute[] = [];

  /** Route parameters are checked (params.ts), then what they name is loaded (addLoaders), before any handler runs. */
  constructor(private readonly service: HarvestService) {
    this.router.use((_req: Request, res: Response, next: NextFunction) => {
      servedBy.set(res, this);
      next();
    });
    validateParams(this.router);
    addLoaders(this.router, service);
  }

  get<P extends string>(path: P, access: RouteAccess, ...handlers: RequestHandler<RouteParameters<P>>[]): void {
    this.add('get', path, access, handlers as RequestHandler[]);
  }
  post<P extends string>(path: P, access: RouteAccess, ...handlers: RequestHandler<RouteParameters<P>>[]): void {
    this.add('post', path, access, handlers as RequestHandler[]);
  }
  put<P extends string>(path: P, access: RouteAccess, ...handlers: RequestHandler<RouteParameters<P>>[]): void {
    this.add('put', path, access, handlers as RequestHandler[]);
  }
  patch<P extends string>(path: P, access: RouteAccess, ...handlers: RequestHandler<RouteParameters<P>>[]): void {
    this.add('patch', path, access, handlers as RequestHandler[]);
  }
  delete<P extends string>(path: P, access: RouteAccess, ...handlers: RequestHandler<RouteParameters<P>>[]): void {
    this.add('delete', path, access, handlers as RequestHandler[]);
  }

  private add(method: DeclaredRoute['method'], path: string, access: RouteAccess, handlers: RequestHandler[]): void {
    const names = paramNames(path);
    if (access.needs === 'account' && CONSULTATION_PARAMS.some((p) => names.includes(p))) {
      throw new Error(`${method.toUpperCase()} ${path} names a consultation: declare the role it needs.`);
    }
    if (access.needs !== 'account' && !CONSULTATION_PARAMS.some((p) => names.includes(p))) {
      throw new Error(`${method.toUpperCase()} ${path} needs a role but names no consultation.`);
    }
    this.routes.push({ method, path, access });
    const chain: RequestHandler[] = [gate(access)];
    if (access.audit) chain.push(auditTrail(this.service, path, access.audit));
    this.router[method](path, ...chain, ...handlers);
  }
}

/** The role a viewer-or-more read needs when the answer holds personal data unless redacted (`?redact=1`). */
export function editorUnlessRedacted(redacted: (req: Request) => boolean): (req: Request) => Role {
  return (req) => (redacted(req) ? 'viewer' : 'editor');
}

/**
 * A download that holds personal data unredacted (an unredacted export, a backup, the audit log as CSV) asked for
 * by a browser must come from Harvest's own pages: a link on another site would otherwise make a logged-in user
 * download it, logged under their name. Current browsers say where a request comes from (Sec-Fetch-Site); an
 * older one is judged by its Referer. API tokens (scripts) and clients that send neither header pass.
 */
export function requireSameSite(req: Request, res: Response, what: string): void {
  if (authOf(res)?.via === 'token') return;
  const site = req.get('sec-fetch-site');
  let same = true;
  if (site !== undefined) same = site === 'same-origin' || site === 'none';
  else {
    const referer = req.get('referer');
    if (referer !== undefined) {
      try {
        same = new URL(referer).host === req.get('host');
      } catch {
        same = false;
      }
    }
  }
  if (!same) throw new AppError('FORBIDDEN', `${what} can only be downloaded from Harvest's own pages: open the consultation in Harvest and download it there.`);
}
