// JSON API handlers for consultations, their files, analysis jobs, the synthesis, exports and the codebook.
// The consultation a route names is loaded before they run (access.ts), with the role it grants checked.
import type { Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { exportFormat, exportSynthesis } from '../../export/index.ts';
import { requireSameSite } from '../access.ts';
import { sendDownload, wantsRedaction } from '../download.ts';
import { analyseBody, createBody, mappingBody, pageQuery, synthesisQuery } from '../forms.ts';
import { actingOf, consultationOf, jobOf, serviceOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { uploadedArchive, uploadedFiles } from '../upload.ts';
import { streamSynthesis, synthesisPage } from '../synthesis-json.ts';

const idOf = (res: Response): string => consultationOf(res).consultation.id;

export async function listConsultations(_req: Request, res: Response): Promise<void> {
  res.json({ consultations: await serviceOf(res).listConsultations(actingOf(res)) });
}

export async function createConsultation(req: Request, res: Response): Promise<void> {
  const body = parseWith(createBody, req.body ?? {}, 'consultation');
  const c = await serviceOf(res).createConsultation({ name: body.name, description: body.description, date: body.date || null }, actingOf(res));
  res.status(201).location(`/api/consultations/${c.id}`).json({ id: c.id, consultation: c });
}

export async function importBackup(req: Request, res: Response): Promise<void> {
  const archive = await uploadedArchive(req);
  if (!archive) throw new AppError('BAD_ARGUMENT', 'Attach the backup archive (.harvest.zip) in the field "file".');
  const c = await serviceOf(res).importBackup(archive.name, archive.bytes, actingOf(res));
  res.status(201).location(`/api/consultations/${c.id}`).json({ id: c.id, consultation: c });
}

export async function downloadBackup(req: Request, res: Response): Promise<void> {
  requireSameSite(req, res, 'A backup');
  const backup = await serviceOf(res).exportBackup(idOf(res));
  sendDownload(res, 'application/zip', backup.filename, backup.bytes);
}

export async function showConsultation(_req: Request, res: Response): Promise<void> {
  const service = serviceOf(res);
  const data = consultationOf(res);
  const job = await service.latestJob(data.consultation.id);
  res.json({
    consultation: data.consultation,
    documents: data.documents.map((d) => service.viewDocument(d)),
    analysis: data.analysis ? { runAt: data.analysis.runAt, seed: data.analysis.seed, segments: data.analysis.synthesis.overview.segments, scopes: data.analysis.synthesis.scopes.length } : null,
    codebook: data.codebook ? 'custom' : 'default',
    edits: data.edits,
    history: data.history,
    job: job ?? null,
  });
}

export async function deleteConsultation(_req: Request, res: Response): Promise<void> {
  await serviceOf(res).deleteConsultation(idOf(res));
  res.status(204).end();
}

export function listDocuments(_req: Request, res: Response): void {
  const service = serviceOf(res);
  res.json({ documents: consultationOf(res).documents.map((d) => service.viewDocument(d)) });
}

export async function uploadDocuments(req: Request, res: Response): Promise<void> {
  const files = uploadedFiles(req);
  if (files.length === 0) throw new AppError('BAD_ARGUMENT', 'Attach one or more files in the field "files".');
  const result = await serviceOf(res).addDocuments(idOf(res), files, actingOf(res));
  if (result.documents.length === 0) {
    res.status(422).json({ error: { code: 'NO_CONTENT', message: 'None of the files could be read.' }, documents: [], errors: result.errors });
    return;
  }
  res.status(201).json(result);
}

export async function deleteDocument(req: Request<{ documentId: string }>, res: Response): Promise<void> {
  await serviceOf(res).deleteDocument(idOf(res), req.params.documentId, actingOf(res));
  res.status(204).end();
}

export async function setMapping(req: Request<{ documentId: string }>, res: Response): Promise<void> {
  const choice = parseWith(mappingBody, req.body ?? null, 'column mapping');
  res.json({ document: await serviceOf(res).setMapping(idOf(res), req.params.documentId, choice, actingOf(res)) });
}

export async function startAnalysis(req: Request, res: Response): Promise<void> {
  const body = parseWith(analyseBody, req.body ?? {}, 'analysis options');
  const job = await serviceOf(res).analyse(idOf(res), body);
  res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id });
}

export function showJob(_req: Request, res: Response): void {
  const job = jobOf(res);
  res.json({ id: job.id, consultationId: job.consultationId, state: job.state, progress: job.progress, stage: job.stage, ...(job.error ? { error: job.error } : {}) });
}

/**
 * The synthesis with a page of its segments (the first 500 by default: a national survey has 100,000 and more) and
 * its largest campaigns (the 30 the report shows); ?offset=&limit= page through the segments, ?allCampaigns=1 gives
 * every campaign, ?full=1 streams the whole synthesis.
 */
export async function showSynthesis(req: Request, res: Response): Promise<void> {
  const q = parseWith(synthesisQuery, req.query ?? {}, 'synthesis query');
  const id = idOf(res);
  const current = await serviceOf(res).current(id);
  if (q.full) {
    await streamSynthesis(res, current.synthesis);
    return;
  }
  const page = synthesisPage(current, `/api/consultations/${encodeURIComponent(id)}/synthesis`, q.offset, q.limit, q.allCampaigns);
  // The body is cached per version and page, gzipped too for a client that accepts it (browsers, fetch, curl
  // --compressed); so are their entity tags (Express would hash megabytes per request).
  const sent = req.acceptsEncodings('gzip', 'identity') === 'gzip' ? await page.gzipped() : null;
  res.type('application/json').setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', sent?.etag ?? page.etag);
  if (sent) res.setHeader('Content-Encoding', 'gzip');
  if (page.next) res.setHeader('Link', `<${page.next}>; rel="next"`);
  res.send(sent?.body ?? page.body);
}

/**
 * A viewer exports only with personal data redacted (the route's role needs say so); an unredacted file needs an
 * editor and, from a browser, a request that Harvest's own page made (a link on another site must not download it
 * in the user's name).
 */
export async function exportFile(req: Request<{ format: string }>, res: Response): Promise<void> {
  const format = parseWith(exportFormat, req.params.format, 'export format');
  const redact = wantsRedaction(req);
  if (!redact) requireSameSite(req, res, 'An unredacted export');
  const data = consultationOf(res);
  const current = await serviceOf(res).current(data.consultation.id);
  const campaigns = pageQuery.parse(req.query ?? {}).campaigns;
  const file = await exportSynthesis(format, current.synthesis, current.documents, { redact, name: data.consultation.name, campaigns });
  sendDownload(res, file.contentType, file.filename, file.body);
}

export async function showCodebook(_req: Request, res: Response): Promise<void> {
  const { codebook, custom } = await serviceOf(res).codebookOf(idOf(res));
  res.json({ custom, codebook });
}

export async function setCodebook(req: Request, res: Response): Promise<void> {
  const codebook = await serviceOf(res).setCodebook(idOf(res), req.body?.codebook === undefined ? req.body : req.body.codebook, actingOf(res));
  res.json({ custom: true, codebook });
}

export async function resetCodebook(_req: Request, res: Response): Promise<void> {
  const codebook = await serviceOf(res).setCodebook(idOf(res), null, actingOf(res));
  res.json({ custom: false, codebook });
}
