// What changed, in the web app: the choice of what to compare with, the comparison page, and its downloads (API).
// Both consultations are loaded, with the role each grants, by the matched route's loaders (access.ts: `:id`, `:otherId`).
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { changeSentence, basisSentence, summaryLine } from '../../report/compare-view.ts';
import { renderComparisonCsv, renderComparisonMarkdown, renderMovedCsv } from '../../export/comparison.ts';
import type { CompareAgainst } from '../../services/comparisons.ts';
import { previousAnalysisOf } from '../consultation-models.ts';
import { requireSameSite } from '../access.ts';
import { sendDownload, wantsRedaction } from '../download.ts';
import { actingOf, consultationOf, otherConsultationOf, serviceOf, userOf } from '../locals.ts';
import { slugOf } from '../../export/index.ts';
import { notice, param } from './page-context.ts';

const compareFormat = z.enum(['md', 'csv', 'moved', 'json']);

/** What a route compares the consultation with: its machine analysis (`/compare/corrections`) or `:otherId`. */
function againstOf(req: Request, res: Response): CompareAgainst {
  if (req.params.otherId === undefined) return { kind: 'corrections' };
  const other = otherConsultationOf(res).data;
  if (!other.analysis) throw new AppError('NOT_FOUND', `“${other.consultation.name}” has not been analysed yet: there is nothing to compare with.`);
  return { kind: 'consultation', id: other.consultation.id, name: other.consultation.name };
}

/** The page listing what this consultation can be compared with. */
export async function showCompareChoices(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  if (!data.analysis) throw new AppError('NOT_FOUND', 'Analyse this consultation first: there is nothing to compare yet.');
  const others = (await serviceOf(res).listConsultations(actingOf(res))).filter((c) => c.analysed && c.id !== data.consultation.id);
  res.render('pages/compare-choices', { title: `What changed: ${data.consultation.name}`, notice: notice(req), c: data.consultation, corrections: data.edits.length, previous: previousAnalysisOf(data), others });
}

/** Where a comparison's downloads are (the API routes of the same comparison). */
function downloadsOf(id: string, against: CompareAgainst): string {
  const what = against.kind === 'consultation' ? `with/${encodeURIComponent(against.id)}` : against.kind;
  return `/api/consultations/${encodeURIComponent(id)}/compare/${what}`;
}

/** The comparison page (corrections, or another consultation). */
export function showComparison(req: Request, res: Response): Promise<void> {
  return renderComparison(req, res, againstOf(req, res));
}

/** The comparison page of what changed since the last analysis (the analysis the current one replaced). */
export function showChangesSinceLastAnalysis(req: Request, res: Response): Promise<void> {
  return renderComparison(req, res, { kind: 'previous' });
}

async function renderComparison(req: Request, res: Response, against: CompareAgainst): Promise<void> {
  const data = consultationOf(res);
  const { comparison, names } = await serviceOf(res).compare(data.consultation.id, data.consultation.name, against, false);
  const scopes = comparison.scopes.map((scope) => ({
    ...scope,
    changes: comparison.changes.filter((c) => c.scopeLabel === scope.label).map((c) => ({ kind: c.kind, sentence: changeSentence(c) })),
    moved: comparison.moved.filter((m) => m.scopeLabel === scope.label).slice(0, 200),
    movedTotal: comparison.moved.filter((m) => m.scopeLabel === scope.label).length,
  }));
  const downloads = downloadsOf(data.consultation.id, against);
  res.render('pages/compare', {
    title: `What changed: ${data.consultation.name}`,
    notice: notice(req),
    c: data.consultation,
    names,
    basis: basisSentence(comparison, names),
    tally: summaryLine(comparison),
    comparison,
    scopes,
    downloads,
  });
}

/**
 * A comparison as a file (`:format` md, csv, moved, json). Unredacted, it needs an editor of this consultation (the
 * route's role needs) and of the other one too, and a request from Harvest's own pages.
 */
export function downloadComparison(req: Request, res: Response): Promise<void> {
  return sendComparison(req, res, againstOf(req, res));
}

/** What changed since the last analysis, as a file (the same formats and rules). */
export function downloadChangesSinceLastAnalysis(req: Request, res: Response): Promise<void> {
  return sendComparison(req, res, { kind: 'previous' });
}

async function sendComparison(req: Request, res: Response, against: CompareAgainst): Promise<void> {
  const format = compareFormat.safeParse(param(req, 'format'));
  if (!format.success) throw new AppError('NOT_FOUND', 'No such comparison format: md, csv, moved or json.');
  const redact = wantsRedaction(req);
  const data = consultationOf(res);
  if (!redact) {
    requireSameSite(req, res, 'An unredacted comparison');
    if (against.kind === 'consultation' && userOf(res) && otherConsultationOf(res).role === 'viewer') {
      throw new AppError('FORBIDDEN', `You are a viewer of “${against.name}”: you can download this comparison with personal data redacted only.`);
    }
  }
  const { comparison, names } = await serviceOf(res).compare(data.consultation.id, data.consultation.name, against, redact);
  const stem = `${slugOf(data.consultation.name)}-compare${redact ? '-redacted' : ''}`;
  switch (format.data) {
    case 'md':
      return sendDownload(res, 'text/markdown; charset=utf-8', `${stem}.md`, renderComparisonMarkdown(comparison, names));
    case 'csv':
      return sendDownload(res, 'text/csv; charset=utf-8', `${stem}.csv`, renderComparisonCsv(comparison));
    case 'moved':
      return sendDownload(res, 'text/csv; charset=utf-8', `${stem}-moved.csv`, renderMovedCsv(comparison));
    case 'json':
      res.json({ before: names.before, after: names.after, ...comparison, changes: comparison.changes.map((c) => ({ ...c, wordSimilarity: Number.isNaN(c.wordSimilarity) ? null : c.wordSimilarity })) });
  }
}
