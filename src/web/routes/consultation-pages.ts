// Page handlers for consultations, their files and survey columns, analysis, the report, search and the codebook.
// The consultation a route names is loaded before they run (access.ts), with the role it grants checked.
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { dict, own } from '../../model/dict.ts';
import type { ConsultationHead } from '../../store/schema.ts';
import { consultationPage, mappingPage } from '../consultation-models.ts';
import { analyseForm, createForm, mappingForm } from '../forms.ts';
import { mayCall } from '../access.ts';
import { actingOf, consultationOf, jobOf, serviceOf, userOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { uploadedArchive, uploadedFiles } from '../upload.ts';
import { reportPage, searchPage, sourcePage, themePage } from '../page-models.ts';
import { base, EXPORTS, notice, param, parseFilter, query } from './page-context.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

/** The paste form as the rapporteur left it, with why it was refused: shown again so nothing typed is lost. */
export interface PasteFormState {
  group: string;
  notes: string;
  /** The rapporteur's name as typed (the open mode only). */
  rapporteur: string;
  error: string;
}

/**
 * The live plenary's forms the visitor may send, by the role the routes need (access.ts), and whether the paste form
 * asks who pastes (the open mode: nobody is logged in).
 */
function liveForms(req: Request, res: Response): { paste: boolean; freeze: boolean; unfreeze: boolean; askRapporteur: boolean } {
  return {
    paste: mayCall(req, res, 'post', '/consultations/:id/notes'),
    freeze: mayCall(req, res, 'post', '/consultations/:id/live/freeze'),
    unfreeze: mayCall(req, res, 'post', '/consultations/:id/live/unfreeze'),
    askRapporteur: userOf(res) === null,
  };
}

/** The consultation page's other forms the visitor may send (a viewer sees none of them), by the routes' own roles. */
function changeForms(req: Request, res: Response): { upload: boolean; remove: boolean; analyse: boolean; deleteConsultation: boolean } {
  return {
    upload: mayCall(req, res, 'post', '/consultations/:id/documents'),
    remove: mayCall(req, res, 'post', '/consultations/:id/documents/:documentId/delete'),
    analyse: mayCall(req, res, 'post', '/consultations/:id/analyse'),
    deleteConsultation: mayCall(req, res, 'post', '/consultations/:id/delete'),
  };
}

/** The consultation page; after a refused upload or paste, with what went wrong (and the pasted notes kept). */
export async function renderConsultation(req: Request, res: Response, data: ConsultationHead, status = 200, shown: { uploadResult?: unknown; paste?: PasteFormState } = {}): Promise<void> {
  const service = serviceOf(res);
  const job = await service.latestJob(data.consultation.id);
  const model = consultationPage(data, data.documents.map((d) => service.viewDocument(d)), job);
  const paste = shown.paste ?? { group: '', notes: '', rapporteur: '', error: '' };
  res.status(status).render('pages/consultation', { title: data.consultation.name, notice: notice(req), ...model, uploadResult: shown.uploadResult ?? null, paste, live: liveForms(req, res), may: changeForms(req, res) });
}

export async function home(req: Request, res: Response): Promise<void> {
  res.render('pages/index', { title: 'Consultations', notice: notice(req), consultations: await serviceOf(res).listConsultations(actingOf(res)) });
}

export async function createConsultation(req: Request, res: Response): Promise<void> {
  const form = parseWith(createForm, req.body ?? {}, 'consultation');
  const c = await serviceOf(res).createConsultation({ name: form.name, description: form.description, date: form.date || null }, actingOf(res));
  res.redirect(303, `/consultations/${c.id}?notice=created`);
}

export async function importBackup(req: Request, res: Response): Promise<void> {
  const archive = await uploadedArchive(req);
  if (!archive) throw new AppError('BAD_ARGUMENT', 'Choose a backup archive (.harvest.zip) to restore.');
  const c = await serviceOf(res).importBackup(archive.name, archive.bytes, actingOf(res));
  res.redirect(303, `/consultations/${encodeURIComponent(c.id)}?notice=restored`);
}

/** The consultation page; after a paste (`?group=`), the paste form holds that group's notes as saved, to add to them. */
export function showConsultation(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const { group, rapporteur = '' } = query(req);
  const paste = group ? { group, notes: serviceOf(res).earlierPaste(data, group, actingOf(res), rapporteur), rapporteur, error: '' } : undefined;
  return renderConsultation(req, res, data, 200, paste ? { paste } : {});
}

/** The backup is sent by the API route (same role, and same-site check for the download). */
export function downloadBackup(req: Request, res: Response): void {
  consultationOf(res); // NOT_FOUND when there is no such consultation, before any redirect
  res.redirect(303, `/api${base(req)}/backup`);
}

export async function deleteConsultation(_req: Request, res: Response): Promise<void> {
  await serviceOf(res).deleteConsultation(idOf(res));
  res.redirect(303, '/?notice=removed');
}

export async function uploadDocuments(req: Request, res: Response): Promise<void> {
  const files = uploadedFiles(req);
  if (files.length === 0) throw new AppError('BAD_ARGUMENT', 'Choose one or more files to upload.');
  const service = serviceOf(res);
  const result = await service.addDocuments(idOf(res), files, actingOf(res));
  await renderConsultation(req, res, await service.consultationHead(idOf(res)), result.documents.length ? 200 : 422, { uploadResult: result });
}

export async function deleteDocument(req: Request, res: Response): Promise<void> {
  await serviceOf(res).deleteDocument(idOf(res), param(req, 'documentId'), actingOf(res));
  res.redirect(303, `${base(req)}?notice=deleted`);
}

export function showMapping(req: Request, res: Response): void {
  const data = consultationOf(res);
  const stored = data.documents.find((d) => d.id === param(req, 'documentId'));
  if (!stored) throw new AppError('NOT_FOUND', 'Document not found.');
  const doc = serviceOf(res).viewDocument(stored);
  const model = mappingPage(stored, doc, serviceOf(res).surveyPreview(stored));
  if (!model) throw new AppError('BAD_ARGUMENT', `${doc.name} is notes, not a survey: it has no columns to map.`);
  res.render('pages/mapping', { title: `Survey columns: ${doc.name}`, c: data.consultation, ...model, canEdit: mayCall(req, res, 'post', '/consultations/:id/documents/:documentId/mapping') });
}

export async function setMapping(req: Request, res: Response): Promise<void> {
  const body = req.body ?? {};
  const service = serviceOf(res);
  if (body.reset) {
    await service.setMapping(idOf(res), param(req, 'documentId'), null, actingOf(res));
  } else {
    const form = parseWith(mappingForm, body, 'column choice');
    if (form.textColumns.length === 0) throw new AppError('BAD_ARGUMENT', 'Choose at least one column with the answers.');
    const questionTexts = typedQuestions(res, param(req, 'documentId'), form.questionFor, form.questionText);
    await service.setMapping(idOf(res), param(req, 'documentId'), {
      ...(questionTexts ? { questionTexts } : {}),
      // The "(none: number the rows)" choice is a choice: no id column, whatever detection would find.
      idColumn: form.idColumn || null,
      ...(form.questionColumn ? { questionColumn: form.questionColumn } : {}),
      textColumns: form.textColumns,
      attributeColumns: form.attributeColumns,
    }, actingOf(res));
  }
  res.redirect(303, `${base(req)}?notice=mapping`);
}

/** The question headings typed on the columns page that differ from the export's own (or the column name): null when none does. */
function typedQuestions(res: Response, documentId: string, columns: readonly string[], texts: readonly string[]): Record<string, string> | null {
  const stored = consultationOf(res).documents.find((d) => d.id === documentId);
  const exported = stored?.ingested.kind === 'survey' ? stored.ingested.source?.questions : undefined;
  const typed = dict<string>();
  columns.forEach((column, i) => {
    const text = (texts[i] ?? '').replace(/\s+/g, ' ').trim();
    if (text && text !== (own(exported, column) ?? column)) typed[column] = text;
  });
  return Object.keys(typed).length ? typed : null;
}

export async function startAnalysis(req: Request, res: Response): Promise<void> {
  const form = parseWith(analyseForm, req.body ?? {}, 'analysis options');
  const job = await serviceOf(res).analyse(idOf(res), { seed: form.seed === '' ? undefined : form.seed, k: form.k === '' ? undefined : form.k });
  res.redirect(303, `${base(req)}/jobs/${job.id}`);
}

/** The progress page of an analysis; the report once it is done. */
export function showJob(req: Request, res: Response): void {
  const data = consultationOf(res);
  const job = jobOf(res);
  if (job.consultationId !== data.consultation.id) throw new AppError('NOT_FOUND', 'Job not found.');
  if (job.state === 'done') {
    res.redirect(303, `${base(req)}/report`);
    return;
  }
  res.render('pages/job', { title: `Analysing: ${data.consultation.name}`, c: data.consultation, job, percent: Math.round(job.progress * 100) });
}

export async function showReport(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  if (!data.analysis) {
    res.redirect(303, base(req));
    return;
  }
  const current = await serviceOf(res).current(data.consultation.id);
  res.render('pages/report', { title: `Report: ${data.consultation.name}`, notice: notice(req), c: data.consultation, m: reportPage(data.consultation.id, current, parseFilter(req), query(req).campaigns), exports: EXPORTS, canEdit: mayCall(req, res, 'post', '/consultations/:id/themes/merge') });
}

/** The export form: the file is sent by the API route (its role needs and same-site check apply). */
export function exportFile(req: Request, res: Response): void {
  consultationOf(res); // NOT_FOUND when there is no such consultation, before any redirect
  const { format: asked, redact, campaigns } = query(req);
  const format = asked && EXPORTS.some((e) => e.format === asked) ? asked : 'docx';
  const options = [...(redact ? ['redact=1'] : []), ...(campaigns ? [`campaigns=${campaigns}`] : [])];
  res.redirect(303, `/api${base(req)}/export/${format}${options.length ? `?${options.join('&')}` : ''}`);
}

export async function showTheme(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const id = data.consultation.id;
  const model = themePage(id, await serviceOf(res).current(id), param(req, 'themeId'), query(req).page ?? 1);
  if (!model) throw new AppError('NOT_FOUND', 'This theme does not exist (it may have been merged or split).');
  res.render('pages/theme', { title: `Theme: ${model.label}`, notice: notice(req), c: data.consultation, t: model, canEdit: mayCall(req, res, 'post', '/consultations/:id/themes/:themeId/rename') });
}

export async function showSegment(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const id = data.consultation.id;
  const model = sourcePage(id, await serviceOf(res).current(id), param(req, 'segmentId'));
  if (!model) throw new AppError('NOT_FOUND', 'This segment does not exist.');
  res.render('pages/source', { title: `Source: ${model.document}`, c: data.consultation, m: model });
}

export async function search(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const id = data.consultation.id;
  const q = (query(req).q ?? '').slice(0, 200);
  res.render('pages/search', { title: `Search: ${data.consultation.name}`, c: data.consultation, m: searchPage(id, await serviceOf(res).current(id), q, parseFilter(req)) });
}

export async function showCodebook(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const { codebook, custom } = await serviceOf(res).codebookOf(data.consultation.id);
  res.render('pages/codebook', { title: `Codebook: ${data.consultation.name}`, notice: notice(req), c: data.consultation, custom, json: JSON.stringify(codebook, null, 2), error: '', canEdit: mayCall(req, res, 'post', '/consultations/:id/codebook') });
}

/** Save the codebook (or go back to the default); invalid JSON or a bad codebook shows the form again with the reason. */
export async function saveCodebook(req: Request, res: Response): Promise<void> {
  const data = consultationOf(res);
  const id = data.consultation.id;
  const service = serviceOf(res);
  if (req.body?.reset) {
    await service.setCodebook(id, null, actingOf(res));
  } else {
    const text = typeof req.body?.codebook === 'string' ? req.body.codebook : '';
    try {
      await service.setCodebook(id, JSON.parse(text), actingOf(res));
    } catch (err) {
      const message = err instanceof SyntaxError ? `The codebook is not valid JSON: ${err.message}` : err instanceof AppError ? err.message : String(err);
      res.status(422).render('pages/codebook', { title: `Codebook: ${data.consultation.name}`, notice: '', c: data.consultation, custom: data.codebook !== null, json: text, error: message, canEdit: mayCall(req, res, 'post', '/consultations/:id/codebook') });
      return;
    }
  }
  if (req.body?.rerun) {
    const job = await service.analyse(id);
    res.redirect(303, `${base(req)}/jobs/${job.id}`);
    return;
  }
  res.redirect(303, `${base(req)}/codebook?notice=codebook`);
}
