// Page handlers for the theme edit forms: each makes its edit and redirects to where the change can be seen.
// The author is the logged-in account (the typed name only in the open mode without logins).
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { mergeForm, mergeSubthemesForm, moveForm, pinForm, renameForm, splitForm } from '../forms.ts';
import { actingOf, consultationOf, editBy, serviceOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { base, param } from './page-context.ts';
import type { EditBy } from '../../services/theme-edits.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;
const author = (req: Request, res: Response): EditBy => editBy(res, req.body?.author);
/** The theme page, where an edit of the theme or its sub-themes shows. */
const themeUrl = (req: Request, themeId: string, noticeCode: string): string => `${base(req)}/themes/${encodeURIComponent(themeId)}?notice=${noticeCode}`;

export async function mergeThemes(req: Request, res: Response): Promise<void> {
  const form = parseWith(mergeForm, req.body ?? {}, 'merge');
  if (form.themeIds.length < 2) throw new AppError('BAD_ARGUMENT', 'Tick at least two themes to merge.');
  await serviceOf(res).mergeThemes(idOf(res), form.themeIds, form.label || null, author(req, res));
  res.redirect(303, themeUrl(req, form.themeIds[0]!, 'merged'));
}

export async function renameTheme(req: Request, res: Response): Promise<void> {
  const form = parseWith(renameForm, req.body ?? {}, 'rename');
  await serviceOf(res).renameTheme(idOf(res), param(req, 'themeId'), form.label, author(req, res));
  res.redirect(303, themeUrl(req, param(req, 'themeId'), 'renamed'));
}

export async function splitTheme(req: Request, res: Response): Promise<void> {
  const form = parseWith(splitForm, req.body ?? {}, 'split');
  await serviceOf(res).splitTheme(idOf(res), param(req, 'themeId'), form.k === '' ? null : form.k, author(req, res));
  res.redirect(303, `${base(req)}/report?notice=split`);
}

export async function mergeSubthemes(req: Request, res: Response): Promise<void> {
  const form = parseWith(mergeSubthemesForm, req.body ?? {}, 'merge');
  if (form.subthemeIds.length < 2) throw new AppError('BAD_ARGUMENT', 'Tick at least two sub-themes to merge.');
  await serviceOf(res).mergeSubthemes(idOf(res), param(req, 'themeId'), form.subthemeIds, form.label || null, author(req, res));
  res.redirect(303, themeUrl(req, param(req, 'themeId'), 'subthemes-merged'));
}

export async function renameSubtheme(req: Request, res: Response): Promise<void> {
  const form = parseWith(renameForm, req.body ?? {}, 'rename');
  await serviceOf(res).renameSubtheme(idOf(res), param(req, 'themeId'), param(req, 'subthemeId'), form.label, author(req, res));
  res.redirect(303, themeUrl(req, param(req, 'themeId'), 'subtheme-renamed'));
}

export async function promoteSubtheme(req: Request, res: Response): Promise<void> {
  await serviceOf(res).promoteSubtheme(idOf(res), param(req, 'themeId'), param(req, 'subthemeId'), author(req, res));
  res.redirect(303, `${base(req)}/report?notice=promoted`);
}

export async function pinQuote(req: Request, res: Response): Promise<void> {
  const form = parseWith(pinForm, req.body ?? {}, 'pin');
  await serviceOf(res).pinQuote(idOf(res), param(req, 'themeId'), form.segmentId, author(req, res));
  res.redirect(303, themeUrl(req, param(req, 'themeId'), 'pinned'));
}

export async function moveSegment(req: Request, res: Response): Promise<void> {
  const form = parseWith(moveForm, req.body ?? {}, 'move');
  const colon = form.target.indexOf(':');
  const [kind, value] = [form.target.slice(0, colon), form.target.slice(colon + 1)];
  // A sub-theme of the theme the form was on (the page's theme).
  const target = kind === 'theme' ? { themeId: value } : kind === 'subtheme' ? { themeId: form.from, subthemeId: value } : { category: value };
  await serviceOf(res).moveSegment(idOf(res), param(req, 'segmentId'), target, author(req, res));
  res.redirect(303, form.from ? themeUrl(req, form.from, 'moved') : `${base(req)}/report?notice=moved`);
}

export async function excludeSegment(req: Request, res: Response): Promise<void> {
  const from = typeof req.body?.from === 'string' ? req.body.from : '';
  await serviceOf(res).excludeSegment(idOf(res), param(req, 'segmentId'), author(req, res));
  res.redirect(303, from ? themeUrl(req, from, 'excluded') : `${base(req)}/report?notice=excluded`);
}

export async function undoEdit(req: Request, res: Response): Promise<void> {
  await serviceOf(res).undoEdit(idOf(res), param(req, 'editId'), actingOf(res));
  res.redirect(303, `${base(req)}/report?notice=undone#edits`);
}
