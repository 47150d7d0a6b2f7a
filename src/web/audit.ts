// The audit trail: after a consultation route succeeds, who uploaded, edited, analysed, exported, shared or changed members, and when.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HarvestService } from '../services/harvest.ts';
import type { AuditEntry } from '../store/schema.ts';

const CONSULTATION_PATH = /^\/(api\/)?consultations\/([A-Za-z0-9_-]{1,64})(\/.*)?$/;

/** What a successful request did to a consultation, for the audit log; null for reads that are not exports. */
export function auditAction(method: string, path: string, query: Record<string, unknown>): { id: string; action: AuditEntry['action']; detail: string } | null {
  const m = CONSULTATION_PATH.exec(path);
  if (!m || m[2] === 'import') return null;
  const api = Boolean(m[1]);
  const id = m[2]!;
  const rest = (m[3] ?? '').replace(/\/$/, '');
  if (method === 'GET' || method === 'HEAD') {
    // Pages' export and backup links redirect to the API, which is where the download is logged.
    if (!api) return null;
    const exp = /^\/export\/([a-z]+)$/.exec(rest);
    if (exp) return { id, action: 'exported', detail: `exported ${exp[1]} (${query.redact === '1' ? 'redacted' : 'not redacted'})` };
    if (rest === '/backup') return { id, action: 'exported', detail: 'downloaded a backup' };
    return null;
  }
  if (rest === '' || rest === '/delete') return null;
  if (rest === '/documents') return { id, action: 'uploaded', detail: 'uploaded' };
  if (rest === '/analyse') return { id, action: 'analysed', detail: 'started an analysis' };
  if (/^\/shares?(\/|$)/.test(rest)) return { id, action: 'shared', detail: /revoke$/.test(rest) || method === 'DELETE' ? 'revoked a share link' : 'created a share link' };
  if (/^\/members(\/|$)/.test(rest)) return { id, action: 'members', detail: 'changed the members' };
  return { id, action: 'edited', detail: `${method} ${rest}` };
}

/**
 * Log every successful change, upload and export of a consultation, written before the answer goes out (so a
 * client that got its answer finds the line). The detail is the consultation's own history line when the
 * request wrote one (e.g. `renamed theme t3 to "Cost"`).
 */
export function auditTrail(service: HarvestService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const what = auditAction(req.method, req.path, req.query as Record<string, unknown>);
    if (!what) {
      next();
      return;
    }
    const started = new Date().toISOString();
    const user = (res.locals.auth as { user?: string | null } | undefined)?.user ?? null;
    const write = async (): Promise<void> => {
      let detail = what.detail;
      if (what.action === 'uploaded') {
        const files = (req.files as { originalname: string }[] | undefined) ?? [];
        detail = `uploaded ${files.map((f) => Buffer.from(f.originalname, 'latin1').toString('utf8')).join(', ') || 'files'}`;
      } else if (what.action !== 'exported') {
        const data = await service.getConsultation(what.id).catch(() => null);
        const line = data?.history.at(-1);
        if (line && line.at >= started && line.by === 'human') detail = line.what;
      }
      await service.actingAs(user, () => service.audit(what.id, what.action, detail));
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
