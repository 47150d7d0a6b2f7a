// Page handlers of the live plenary: the paste form of the consultation page, the projector page and its
// server-sent events, and the facilitator's freeze. The consultation is loaded and its role checked before (access.ts).
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import type { ProjectorView } from '../../model/projector.ts';
import { pasteBody } from '../forms.ts';
import { actingOf, consultationOf, serviceOf, userOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { renderConsultation } from './consultation-pages.ts';
import { base } from './page-context.ts';

/** How often an open projector stream gets a comment, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 15_000;

const idOf = (res: Response): string => consultationOf(res).consultation.id;

/** "14:03:27" (UTC; the projector's script shows the browser's local time). */
const clock = (iso: string): string => iso.slice(11, 19);

/** What pages/live.ejs shows: the view with its times as the projector writes them. */
export function projectorPage(view: ProjectorView) {
  return {
    ...view,
    updated: view.analysedAt ? clock(view.analysedAt) : null,
    paused: view.frozen !== null,
  };
}

/**
 * Save a breakout group's pasted notes and analyse again. Refused notes (no group, nothing pasted, unreadable)
 * show the consultation page again with the reason and the notes as typed, so nothing is lost.
 */
export async function pasteNotes(req: Request, res: Response): Promise<void> {
  const form = parseWith(pasteBody, req.body ?? {}, 'notes');
  try {
    await serviceOf(res).pasteNotes(idOf(res), form, actingOf(res));
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.code === 'CONFLICT' || err.code === 'NOT_FOUND') throw err;
    await renderConsultation(req, res, consultationOf(res), err.status, { paste: { group: form.group, notes: form.notes, rapporteur: form.rapporteur, error: err.message } });
    return;
  }
  // The form opens again on the group's notes as saved (in the open mode, the named rapporteur's), to add to them.
  const typed = userOf(res) === null ? form.rapporteur.trim().slice(0, 80) : '';
  res.redirect(303, `${base(req)}?notice=pasted&group=${encodeURIComponent(form.group.trim().slice(0, 100))}${typed ? `&rapporteur=${encodeURIComponent(typed)}` : ''}#paste`);
}

/** The projector page: large type, no controls; its script follows the events. */
export async function showProjector(req: Request, res: Response): Promise<void> {
  const view = await serviceOf(res).projector(idOf(res));
  res.render('pages/live', { title: view.consultation, events: `${base(req)}/live/events`, m: projectorPage(view) });
}

/**
 * The projector's server-sent events: `themes` with the view when the connection opens and each time it changes
 * (a new analysis, an edit, a freeze), `gone` when the consultation is deleted, a comment every 15 s. The stream
 * ends when the browser goes; a consultation has at most a set number of streams open (429 beyond).
 */
export async function projectorEvents(req: Request, res: Response): Promise<void> {
  const service = serviceOf(res);
  const id = idOf(res);
  let open = false;
  const finish = (): void => {
    open = false;
    clearInterval(heartbeat);
    stop();
  };
  const send = (view: ProjectorView | null): void => {
    if (!open) return;
    if (view === null) {
      // The consultation was deleted: the stream ends (the page's script stops listening).
      finish();
      res.end('event: gone\ndata: {}\n\n');
      return;
    }
    res.write(`event: themes\ndata: ${JSON.stringify(view)}\n\n`);
  };
  const stop = await service.watchProjector(id, send);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  req.on('close', finish);
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  open = true;
  res.write('retry: 3000\n\n');
  send(await service.projector(id).catch(() => null));
}

export async function freezeProjector(req: Request, res: Response): Promise<void> {
  await serviceOf(res).freezeProjector(idOf(res), actingOf(res));
  res.redirect(303, `${base(req)}?notice=frozen#live`);
}

export async function unfreezeProjector(req: Request, res: Response): Promise<void> {
  await serviceOf(res).unfreezeProjector(idOf(res), actingOf(res));
  res.redirect(303, `${base(req)}?notice=unfrozen#live`);
}
