// Page handlers an owner uses: read-only share links of the report, the audit log, members and their roles.
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { existingAccount, memberForm, shareForm } from '../forms.ts';
import { actingOf, consultationOf, depsOf, serviceOf, userOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { base, notice, param } from './page-context.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

function shareLinks(res: Response) {
  const accounts = depsOf(res).sec.accounts;
  if (!accounts) throw new AppError('NOT_FOUND', 'Share links are not available on this server.');
  return accounts;
}

async function renderShares(req: Request, res: Response, created: { url: string; redact: boolean } | null): Promise<void> {
  const data = consultationOf(res);
  const accounts = shareLinks(res);
  const shares = (await accounts.listShares(data.consultation.id)).map((s) => ({ id: s.id, redact: s.redact, createdBy: s.createdBy, createdAt: s.createdAt.slice(0, 16).replace('T', ' ') }));
  res.status(created ? 201 : 200).render('pages/share', { title: `Share the report: ${data.consultation.name}`, notice: notice(req), c: data.consultation, analysed: data.analysis !== null, shares, created });
}

export function showShares(req: Request, res: Response): Promise<void> {
  return renderShares(req, res, null);
}

export async function createShare(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  if (!data.analysis) throw new AppError('BAD_ARGUMENT', 'Analyse the consultation before sharing its report.');
  const accounts = shareLinks(res);
  const form = parseWith(shareForm, req.body ?? {}, 'share link');
  const { token, share } = await accounts.createShare(data.consultation.id, userOf(res) ?? 'facilitator', form.redact !== undefined);
  // The link is shown once, on this page (only its hash is stored).
  await renderShares(req, res, { url: `${req.protocol}://${req.get('host')}/share/${token}`, redact: share.redact });
}

export async function revokeShare(req: Request, res: Response): Promise<void> {
  const accounts = depsOf(res).sec.accounts;
  if (!accounts || !(await accounts.revokeShare(idOf(res), param(req, 'shareId')))) throw new AppError('NOT_FOUND', 'Share link not found.');
  res.redirect(303, `${base(req)}/share?notice=revoked`);
}

export async function showAudit(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const entries = (await serviceOf(res).auditLog(data.consultation.id)).slice().reverse();
  res.render('pages/audit', { title: `Audit log: ${data.consultation.name}`, notice: notice(req), c: data.consultation, entries });
}

async function renderMembers(req: Request, res: Response, status = 200, error = ''): Promise<void> {
  // Read again: a failed change shows the members as they are now.
  const data = await serviceOf(res).consultationHead(idOf(res));
  // Names to suggest: only the accounts this user already works with (members of a consultation they belong to),
  // never the whole server's list; anyone else is added by typing their exact account name.
  const user = userOf(res);
  const accounts = user ? (await serviceOf(res).colleaguesOf(user)).filter((a) => !(data.members ?? []).some((m) => m.user === a)) : [];
  res.status(status).render('pages/members', { title: `Members: ${data.consultation.name}`, notice: notice(req), c: data.consultation, members: data.members ?? [], accounts, error });
}

export function showMembers(req: Request, res: Response): Promise<void> {
  return renderMembers(req, res);
}

/** Run a change of the members; a refused one (the last owner, an unknown account) shows the page again with the reason. */
async function changeMembers(req: Request, res: Response, change: () => Promise<unknown>): Promise<void> {
  try {
    await change();
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_ARGUMENT') return renderMembers(req, res, 400, err.message);
    throw err;
  }
  res.redirect(303, `${base(req)}/members?notice=members`);
}

export async function addMember(req: Request, res: Response): Promise<void> {
  const form = parseWith(memberForm, req.body ?? {}, 'member');
  await changeMembers(req, res, async () => serviceOf(res).setMember(idOf(res), await existingAccount(depsOf(res).sec, form.user), form.role, actingOf(res)));
}

export function removeMember(req: Request, res: Response): Promise<void> {
  return changeMembers(req, res, () => serviceOf(res).setMember(idOf(res), param(req, 'user'), null, actingOf(res)));
}
