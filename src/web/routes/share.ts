// Read-only share links: /share/<token> shows a consultation's report (redacted unless made otherwise) without an account.
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../errors.ts';
import { renderHtml } from '../../export/html.ts';
import type { HarvestService } from '../../services/harvest.ts';
import type { WebSecurity } from '../security.ts';
import { CSP_DIRECTIVES } from '../csp.ts';

/** The CSP header value for a standalone report: the app's policy plus the hashes of the report's own <style> blocks. */
export function reportCsp(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  const directives: Record<string, string[]> = { ...CSP_DIRECTIVES, styleSrc: [...CSP_DIRECTIVES.styleSrc, ...hashes] };
  return Object.entries(directives)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${v.join(' ')}`)
    .join('; ');
}

/** GET /share/:token: the report as a standalone page; an unknown or revoked token is a 404. */
export function shareRouter(service: HarvestService, sec: WebSecurity): Router {
  const r = Router();
  r.get('/share/:token', async (req: Request, res: Response) => {
    const token = String(req.params.token);
    const share = sec.accounts ? await sec.accounts.shareOfToken(token) : null;
    if (!share) throw new AppError('NOT_FOUND', 'This share link does not exist or was revoked.');
    const [current, data] = await Promise.all([service.current(share.consultationId), service.consultationHead(share.consultationId)]);
    // Titled by the consultation's name, as the exports are, not by the documents' own titles.
    const html = renderHtml(current.synthesis, { redact: share.redact, documents: current.documents, title: data.consultation.name });
    res.setHeader('Content-Security-Policy', reportCsp(html));
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.type('html').send(html);
  });
  return r;
}
