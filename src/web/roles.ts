// Roles per consultation, enforced for every route before it runs: owner (members, sharing, delete), editor (change, export), viewer (read, export redacted).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.ts';
import { roleAllows, type HarvestService } from '../services/harvest.ts';
import type { Role } from '../store/schema.ts';
import { authOf } from './security.ts';

const CONSULTATION_PATH = /^\/(api\/)?consultations\/([A-Za-z0-9_-]{1,64})(\/.*)?$/;
const JOB_PATH = /^\/api\/jobs\/([^/]+)\/?$/;

const WHAT: Record<Role, string> = {
  viewer: 'read it and export it with personal data redacted',
  editor: 'upload files, edit themes and export',
  owner: 'manage its members and share links, and delete it',
};

/** The role a request needs on the consultation it names. */
export function neededRole(method: string, path: string, query: Record<string, unknown>): Role | null {
  const m = CONSULTATION_PATH.exec(path);
  if (!m || m[2] === 'import') return null;
  const api = Boolean(m[1]);
  const rest = (m[3] ?? '').replace(/\/$/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (/^\/(members|shares?|audit)(\/|$)/.test(rest)) return 'owner';
  if ((api && method === 'DELETE' && rest === '') || (!api && method === 'POST' && rest === '/delete')) return 'owner';
  if (!read) return 'editor';
  if (rest.startsWith('/backup')) return 'editor';
  if (api && rest.startsWith('/export/') && query.redact !== '1') return 'editor';
  return 'viewer';
}

/**
 * Check the logged-in account's role on the consultation a request names. Not a member: 404 (whether the
 * consultation exists is not revealed to other teams). A member without the role: 403 saying what it allows.
 * Without a login (the open loopback mode) nothing is checked.
 */
export function roleGate(service: HarvestService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = authOf(res)?.user;
    if (!user) {
      next();
      return;
    }
    let id: string | null = null;
    let needs: Role | null = neededRole(req.method, req.path, req.query as Record<string, unknown>);
    if (needs) id = CONSULTATION_PATH.exec(req.path)![2]!;
    const job = JOB_PATH.exec(req.path);
    if (job) {
      const found = await service.findJob(decodeURIComponent(job[1]!)).catch(() => null);
      if (found) {
        id = found.consultationId;
        needs = 'viewer';
      }
    }
    if (!id || !needs) {
      next();
      return;
    }
    const has = await service.roleOf(id, user);
    // No such consultation: the route answers (404, or 403 first for a form without its CSRF token).
    if (has === undefined) {
      next();
      return;
    }
    if (has === null) throw new AppError('NOT_FOUND', job ? 'Job not found.' : 'Consultation not found.');
    if (!roleAllows(has, needs)) {
      throw new AppError('FORBIDDEN', `You are ${has === 'viewer' ? 'a' : 'an'} ${has} of this consultation: you can ${WHAT[has]}. Only ${needs === 'owner' ? 'its owners' : 'its editors and owners'} can do this.`);
    }
    res.locals.role = has;
    next();
  };
}
