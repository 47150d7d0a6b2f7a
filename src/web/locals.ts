// What the app and the route loaders attach to a request, read through typed accessors: the services, the
// logged-in user, and the consultation (or job) a route names with the role it grants (see access.ts).
import type { Response } from 'express';
import { AppError } from '../errors.ts';
import type { HarvestService } from '../services/harvest.ts';
import type { Acting } from '../services/acting.ts';
import type { EditBy } from '../services/theme-edits.ts';
import type { Job } from '../services/jobs.ts';
import type { ConsultationHead, Role } from '../store/schema.ts';
import type { UploadParser } from './upload.ts';
import { authOf, type WebSecurity } from './security.ts';

/** What every handler may use: the services, the security settings and account store, the upload parser. */
export interface WebDeps {
  service: HarvestService;
  sec: WebSecurity;
  upload: UploadParser;
}

/** What a router's route table needs besides the service: the upload parser and the security settings. */
export type RouterOptions = Pick<WebDeps, 'upload' | 'sec'>;

interface Loaded {
  deps?: WebDeps;
  /** Who acts in this request and on which version (createApp sets it once, from the login and the If-Match header or form). */
  acting?: Acting;
  /** Read without its analyses' segments (Store.head); null: the route names a consultation that does not exist. */
  consultation?: ConsultationHead | null;
  job?: Job;
  /** The role the consultation grants the logged-in user; undefined without a login or when there is no consultation to check. */
  role?: Role;
  /** A second consultation the route names (`:otherId`, what changed), with the role it grants; null: there is none. */
  other?: { data: ConsultationHead | null; role: Role | undefined };
}

/** Under a symbol, so none of it reaches the templates (res.render hands them the string keys of res.locals). */
const LOADED = Symbol('harvest.loaded');

function loaded(res: Response): Loaded {
  const locals = res.locals as { [LOADED]?: Loaded };
  return (locals[LOADED] ??= {});
}

/** Attach the dependencies for the handlers (createApp does, first thing). */
export function attachDeps(res: Response, deps: WebDeps): void {
  loaded(res).deps = deps;
}

export function depsOf(res: Response): WebDeps {
  const deps = loaded(res).deps;
  if (!deps) throw new AppError('INTERNAL', 'The web app was built without its services.');
  return deps;
}

export function serviceOf(res: Response): HarvestService {
  return depsOf(res).service;
}

/** The logged-in account (or the API token's), or null: nobody logs in (the open mode) or nobody has yet. */
export function userOf(res: Response): string | null {
  return authOf(res)?.user ?? null;
}

/**
 * Who made an edit: always the logged-in account (or token owner), whatever the body says; only the open loopback
 * mode, where nobody logs in, takes the name the facilitator typed.
 */
export function editAuthor(res: Response, typed: unknown): string | undefined {
  const user = userOf(res);
  if (user) return user;
  return typeof typed === 'string' && typed.trim() ? typed.trim() : undefined;
}

/** Attach who acts in this request (createApp does, once the login is known). */
export function attachActing(res: Response, acting: Acting): void {
  loaded(res).acting = acting;
}

/** Who acts in this request: the logged-in account (none in the open mode) and the version a change was based on. */
export function actingOf(res: Response): Acting {
  const acting = loaded(res).acting;
  if (!acting) throw new AppError('INTERNAL', 'The web app did not say who is acting in this request.');
  return acting;
}

/** Who makes a theme edit: the acting account, with the name typed in the form in the open mode. */
export function editBy(res: Response, typed: unknown): EditBy {
  const author = editAuthor(res, typed);
  return { ...actingOf(res), ...(author ? { author } : {}) };
}

/** Attach the consultation a route names, or null when there is none (the route's `:id` loader does: access.ts). */
export function attachConsultation(res: Response, data: ConsultationHead | null, role: Role | undefined): void {
  loaded(res).consultation = data;
  loaded(res).role = role;
}

/**
 * The consultation the matched route names, as loaded before its handlers ran; NOT_FOUND when there is no such
 * consultation (answered where the handler first needs it, so an upload's CSRF token is still checked first).
 */
export function consultationOf(res: Response): ConsultationHead {
  const data = loaded(res).consultation;
  if (data === null) throw new AppError('NOT_FOUND', 'Consultation not found.');
  if (!data) throw new AppError('INTERNAL', 'This route names no consultation.');
  return data;
}

/** The role the loaded consultation grants the logged-in user (undefined: no login, or nothing loaded). */
export function roleOf(res: Response): Role | undefined {
  return loaded(res).role;
}

export function attachJob(res: Response, job: Job, role?: Role): void {
  loaded(res).job = job;
  if (role !== undefined) loaded(res).role = role;
}

/** The analysis job the matched route names (`:jobId`). */
export function jobOf(res: Response): Job {
  const job = loaded(res).job;
  if (!job) throw new AppError('INTERNAL', 'This route names no job.');
  return job;
}

/** Attach the second consultation a route names (the `:otherId` loader does: access.ts). */
export function attachOtherConsultation(res: Response, data: ConsultationHead | null, role: Role | undefined): void {
  loaded(res).other = { data, role };
}

/** The second consultation the matched route names, with the role it grants the logged-in user; NOT_FOUND when there is none. */
export function otherConsultationOf(res: Response): { data: ConsultationHead; role: Role | undefined } {
  const other = loaded(res).other;
  if (!other) throw new AppError('INTERNAL', 'This route names no second consultation.');
  if (other.data === null) throw new AppError('NOT_FOUND', 'The consultation to compare with was not found.');
  return { data: other.data, role: other.role };
}
