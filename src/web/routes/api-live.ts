// JSON API handlers of the live plenary: paste a breakout group's notes, read what the projector shows, freeze it.
// The consultation is loaded and its role checked before they run (access.ts).
import type { Request, Response } from 'express';
import { pasteBody } from '../forms.ts';
import { actingOf, consultationOf, serviceOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

/** 201 with the notes document and the analysis that will include it. */
export async function pasteNotes(req: Request, res: Response): Promise<void> {
  const body = parseWith(pasteBody, req.body ?? {}, 'notes');
  const result = await serviceOf(res).pasteNotes(idOf(res), body, actingOf(res));
  res.status(201).json(result);
}

export async function showProjector(_req: Request, res: Response): Promise<void> {
  res.json(await serviceOf(res).projector(idOf(res)));
}

export async function freezeProjector(_req: Request, res: Response): Promise<void> {
  res.json(await serviceOf(res).freezeProjector(idOf(res), actingOf(res)));
}

export async function unfreezeProjector(_req: Request, res: Response): Promise<void> {
  res.json(await serviceOf(res).unfreezeProjector(idOf(res), actingOf(res)));
}
