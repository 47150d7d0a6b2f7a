// JSON API handlers an owner uses: share links, the audit log and the members with their roles.
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { slugOf } from '../../export/index.ts';
import { createRedaction } from '../../privacy/redact.ts';
import { toCsv } from '../../export/csv.ts';
import { requireSameSite } from '../access.ts';
import { sendDownload, wantsRedaction } from '../download.ts';
import { existingAccount, memberBody, shareBody } from '../forms.ts';
import { actingOf, consultationOf, depsOf, serviceOf, userOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

export async function listShares(_req: Request, res: Response): Promise<void> {
  const accounts = depsOf(res).sec.accounts;
  const shares = accounts ? await accounts.listShares(idOf(res)) : [];
  res.json({ shares: shares.map((s) => ({ id: s.id, redact: s.redact, createdAt: s.createdAt, createdBy: s.createdBy })) });
}

export async function createShare(req: Request, res: Response): Promise<void> {
  const body = parseWith(shareBody, req.body ?? {}, 'share link');
  const data = consultationOf(res);
  if (!data.analysis) throw new AppError('BAD_ARGUMENT', 'Analyse the consultation before sharing its report.');
  const accounts = depsOf(res).sec.accounts;
  if (!accounts) throw new AppError('NOT_FOUND', 'Share links are not available on this server.');
  const { token, share } = await accounts.createShare(data.consultation.id, userOf(res) ?? 'facilitator', body.redact);
  res.status(201).json({ id: share.id, redact: share.redact, token, url: `${req.protocol}://${req.get('host')}/share/${token}` });
}

export async function revokeShare(req: Request<{ shareId: string }>, res: Response): Promise<void> {
  const accounts = depsOf(res).sec.accounts;
  if (!accounts || !(await accounts.revokeShare(idOf(res), req.params.shareId))) throw new AppError('NOT_FOUND', 'Share link not found.');
  res.status(204).end();
}

/** The audit log; ?format=csv downloads it (?redact=1: the participants' names the details quote are replaced). */
export async function showAudit(req: Request, res: Response): Promise<void> {
  const service = serviceOf(res);
  const data = consultationOf(res);
  const entries = await service.auditLog(data.consultation.id);
  if (req.query.format !== 'csv') {
    res.json({ audit: entries });
    return;
  }
  const redact = wantsRedaction(req);
  if (!redact) requireSameSite(req, res, 'The audit log');
  // A theme renamed after someone is replaced like in every redacted export.
  let detail = (text: string) => text;
  if (redact && data.analysis) {
    const current = await service.current(data.consultation.id);
    const redaction = createRedaction(current.synthesis, current.documents);
    detail = (text) => redaction.text(text);
  }
  const csv = toCsv([['at', 'user', 'action', 'detail'], ...entries.map((e) => [e.at, e.user, e.action, detail(e.detail)])]);
  sendDownload(res, 'text/csv; charset=utf-8', `${slugOf(data.consultation.name)}-audit${redact ? '-redacted' : ''}.csv`, csv);
}

export function listMembers(_req: Request, res: Response): void {
  res.json({ members: consultationOf(res).members ?? [] });
}

export async function setMember(req: Request<{ user: string }>, res: Response): Promise<void> {
  const body = parseWith(memberBody, req.body ?? {}, 'member');
  const name = await existingAccount(depsOf(res).sec, String(req.params.user));
  res.json({ members: await serviceOf(res).setMember(idOf(res), name, body.role, actingOf(res)) });
}

export async function removeMember(req: Request<{ user: string }>, res: Response): Promise<void> {
  const name = String(req.params.user);
  if (!(consultationOf(res).members ?? []).some((m) => m.user === name)) throw new AppError('NOT_FOUND', `${name} is not a member of this consultation.`);
  res.json({ members: await serviceOf(res).setMember(idOf(res), name, null, actingOf(res)) });
}
