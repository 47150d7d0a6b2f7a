// JSON API handlers for the facilitator's theme edits: each answers the edits, their outcomes and the themes as they are now.
import type { Request, Response } from 'express';
import type { CurrentSynthesis } from '../../services/analysis.ts';
import { excludeBody, mergeBody, mergeSubthemesBody, moveBody, pinBody, promoteBody, renameBody, splitBody } from '../forms.ts';
import { actingOf, consultationOf, editBy, serviceOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

/** What an edit route answers: the edits with their outcomes and the themes (with their sub-themes) as they are now. */
function summary(current: CurrentSynthesis): unknown {
  return {
    edits: current.edits,
    outcomes: current.outcomes,
    themes: current.synthesis.scopes.flatMap((sc) =>
      sc.themes.map((t) => ({
        id: t.id,
        scopeId: sc.id,
        label: t.label,
        size: t.size,
        isOther: t.isOther,
        editedBy: t.editedBy,
        subthemes: t.subthemes.map((s) => ({ id: s.id, label: s.label, size: s.size, editedBy: s.editedBy })),
      })),
    ),
  };
}

export async function renameTheme(req: Request<{ themeId: string }>, res: Response): Promise<void> {
  const body = parseWith(renameBody, req.body ?? {}, 'rename');
  res.json(summary(await serviceOf(res).renameTheme(idOf(res), req.params.themeId, body.label, editBy(res, body.author))));
}

export async function mergeThemes(req: Request, res: Response): Promise<void> {
  const body = parseWith(mergeBody, req.body ?? {}, 'merge');
  res.json(summary(await serviceOf(res).mergeThemes(idOf(res), body.themeIds, body.label ?? null, editBy(res, body.author))));
}

export async function splitTheme(req: Request<{ themeId: string }>, res: Response): Promise<void> {
  const body = parseWith(splitBody, req.body ?? {}, 'split');
  res.json(summary(await serviceOf(res).splitTheme(idOf(res), req.params.themeId, body.k ?? null, editBy(res, body.author))));
}

export async function pinQuote(req: Request<{ themeId: string }>, res: Response): Promise<void> {
  const body = parseWith(pinBody, req.body ?? {}, 'pin');
  res.json(summary(await serviceOf(res).pinQuote(idOf(res), req.params.themeId, body.segmentId, editBy(res, body.author))));
}

export async function renameSubtheme(req: Request<{ themeId: string; subthemeId: string }>, res: Response): Promise<void> {
  const body = parseWith(renameBody, req.body ?? {}, 'rename');
  res.json(summary(await serviceOf(res).renameSubtheme(idOf(res), req.params.themeId, req.params.subthemeId, body.label, editBy(res, body.author))));
}

export async function mergeSubthemes(req: Request<{ themeId: string }>, res: Response): Promise<void> {
  const body = parseWith(mergeSubthemesBody, req.body ?? {}, 'merge');
  res.json(summary(await serviceOf(res).mergeSubthemes(idOf(res), req.params.themeId, body.subthemeIds, body.label || null, editBy(res, body.author))));
}

export async function promoteSubtheme(req: Request<{ themeId: string; subthemeId: string }>, res: Response): Promise<void> {
  const body = parseWith(promoteBody, req.body ?? {}, 'promote');
  res.json(summary(await serviceOf(res).promoteSubtheme(idOf(res), req.params.themeId, req.params.subthemeId, editBy(res, body.author))));
}

export async function moveSegment(req: Request<{ segmentId: string }>, res: Response): Promise<void> {
  const body = parseWith(moveBody, req.body ?? {}, 'move');
  const target = { themeId: body.themeId, category: body.category, ...(body.subthemeId ? { subthemeId: body.subthemeId } : {}) };
  res.json(summary(await serviceOf(res).moveSegment(idOf(res), req.params.segmentId, target, editBy(res, body.author))));
}

export async function excludeSegment(req: Request<{ segmentId: string }>, res: Response): Promise<void> {
  const body = parseWith(excludeBody, req.body ?? {}, 'exclude');
  res.json(summary(await serviceOf(res).excludeSegment(idOf(res), req.params.segmentId, editBy(res, body.author))));
}

export async function listEdits(_req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const outcomes = data.analysis ? (await serviceOf(res).current(data.consultation.id)).outcomes : [];
  res.json({ edits: data.edits, outcomes, history: data.history });
}

export async function undoEdit(req: Request<{ editId: string }>, res: Response): Promise<void> {
  res.json(summary(await serviceOf(res).undoEdit(idOf(res), req.params.editId, actingOf(res))));
}
