// The JSON API: consultations, documents, analysis jobs, the synthesis, theme edits, codebook and exports.
import { Router, type Request } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { exportFormat, exportSynthesis } from '../../export/index.ts';
import type { HarvestService } from '../../services/harvest.ts';
import { surveyChoice } from '../../store/schema.ts';
import { parseWith } from '../middleware.ts';

/** Upload limits: files are read in memory, so both are bounded. */
export const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 50 * 1024 * 1024, files: 30 } });

const createBody = z.object({
  name: z.string().trim().min(1, 'give the consultation a name').max(200),
  description: z.string().max(5000).optional(),
  date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'), z.literal(''), z.null()]).optional(),
});
const author = z.string().trim().max(100).optional();
const analyseBody = z.object({ seed: z.coerce.number().int().optional(), k: z.coerce.number().int().min(1).max(30).optional() });
const renameBody = z.object({ label: z.string().trim().min(1, 'the label cannot be empty').max(200), author });
const mergeBody = z.object({ themeIds: z.array(z.string().min(1)).min(2, 'name at least two themes to merge'), label: z.string().trim().max(200).optional(), author });
const splitBody = z.object({ k: z.coerce.number().int().min(2).max(10).optional(), author });
const moveBody = z
  .object({ themeId: z.string().min(1).optional(), category: z.string().min(1).optional(), author })
  .refine((b) => Boolean(b.themeId) !== Boolean(b.category), 'give either themeId or category');
const pinBody = z.object({ segmentId: z.string().min(1), author });
const excludeBody = z.object({ author }).default({});
const mappingBody = z.union([surveyChoice.strict(), z.null()]);

/** `?redact=1` (or true/yes) asks for personal data to be replaced. */
export function wantsRedaction(req: Request): boolean {
  const v = String(req.query.redact ?? '').toLowerCase();
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

/** Attach a Content-Disposition for a download, with an ASCII fallback name. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"`;
}

/** The /api router over the service. */
export function apiRouter(service: HarvestService): Router {
  const r = Router();

  r.get('/consultations', async (_req, res) => {
    res.json({ consultations: await service.listConsultations() });
  });

  r.post('/consultations', async (req, res) => {
    const body = parseWith(createBody, req.body ?? {}, 'consultation');
    const c = await service.createConsultation({ name: body.name, description: body.description, date: body.date || null });
    res.status(201).location(`/api/consultations/${c.id}`).json({ id: c.id, consultation: c });
  });

  r.get('/consultations/:id', async (req, res) => {
    const data = await service.getConsultation(req.params.id);
    const job = service.jobs.latest(req.params.id);
    res.json({
      consultation: data.consultation,
      documents: data.documents.map((d) => service.viewDocument(d)),
      analysis: data.analysis ? { runAt: data.analysis.runAt, seed: data.analysis.seed, segments: data.analysis.synthesis.segments.length, scopes: data.analysis.synthesis.scopes.length } : null,
      codebook: data.codebook ? 'custom' : 'default',
      edits: data.edits,
      history: data.history,
      job: job ?? null,
    });
  });

  r.delete('/consultations/:id', async (req, res) => {
    await service.deleteConsultation(req.params.id);
    res.status(204).end();
  });

  r.get('/consultations/:id/documents', async (req, res) => {
    res.json({ documents: await service.listDocuments(req.params.id) });
  });

  r.post('/consultations/:id/documents', upload.array('files'), async (req, res) => {
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (files.length === 0) throw new AppError('BAD_ARGUMENT', 'Attach one or more files in the field "files".');
    // multer gives latin1-decoded names; browsers send UTF-8.
    const result = await service.addDocuments(
      String(req.params.id),
      files.map((f) => ({ name: Buffer.from(f.originalname, 'latin1').toString('utf8'), bytes: new Uint8Array(f.buffer) })),
    );
    if (result.documents.length === 0) {
      res.status(422).json({ error: { code: 'NO_CONTENT', message: 'None of the files could be read.' }, documents: [], errors: result.errors });
      return;
    }
    res.status(201).json(result);
  });

  r.delete('/consultations/:id/documents/:documentId', async (req, res) => {
    await service.deleteDocument(req.params.id, req.params.documentId);
    res.status(204).end();
  });

  r.put('/consultations/:id/documents/:documentId/mapping', async (req, res) => {
    const choice = parseWith(mappingBody, req.body ?? null, 'column mapping');
    res.json({ document: await service.setMapping(req.params.id, req.params.documentId, choice) });
  });

  r.post('/consultations/:id/analyse', async (req, res) => {
    const body = parseWith(analyseBody, req.body ?? {}, 'analysis options');
    const job = await service.analyse(req.params.id, body);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id });
  });

  r.get('/jobs/:jobId', (req, res) => {
    const job = service.job(req.params.jobId);
    res.json({ id: job.id, consultationId: job.consultationId, state: job.state, progress: job.progress, stage: job.stage, ...(job.error ? { error: job.error } : {}) });
  });

  r.get('/consultations/:id/synthesis', async (req, res) => {
    res.json((await service.current(req.params.id)).synthesis);
  });

  r.get('/consultations/:id/export/:format', async (req, res) => {
    const format = parseWith(exportFormat, req.params.format, 'export format');
    const current = await service.current(req.params.id);
    const data = await service.getConsultation(req.params.id);
    const file = await exportSynthesis(format, current.synthesis, current.documents, { redact: wantsRedaction(req), name: data.consultation.name });
    res.type(file.contentType).setHeader('Content-Disposition', attachment(file.filename));
    res.send(file.body);
  });

  r.patch('/consultations/:id/themes/:themeId', async (req, res) => {
    const body = parseWith(renameBody, req.body ?? {}, 'rename');
    res.json(summary(await service.renameTheme(req.params.id, req.params.themeId, body.label, body.author)));
  });

  r.post('/consultations/:id/themes/merge', async (req, res) => {
    const body = parseWith(mergeBody, req.body ?? {}, 'merge');
    res.json(summary(await service.mergeThemes(req.params.id, body.themeIds, body.label ?? null, body.author)));
  });

  r.post('/consultations/:id/themes/:themeId/split', async (req, res) => {
    const body = parseWith(splitBody, req.body ?? {}, 'split');
    res.json(summary(await service.splitTheme(req.params.id, req.params.themeId, body.k ?? null, body.author)));
  });

  r.post('/consultations/:id/themes/:themeId/pin', async (req, res) => {
    const body = parseWith(pinBody, req.body ?? {}, 'pin');
    res.json(summary(await service.pinQuote(req.params.id, req.params.themeId, body.segmentId, body.author)));
  });

  r.post('/consultations/:id/segments/:segmentId/move', async (req, res) => {
    const body = parseWith(moveBody, req.body ?? {}, 'move');
    res.json(summary(await service.moveSegment(req.params.id, req.params.segmentId, { themeId: body.themeId, category: body.category }, body.author)));
  });

  r.post('/consultations/:id/segments/:segmentId/exclude', async (req, res) => {
    const body = parseWith(excludeBody, req.body ?? {}, 'exclude');
    res.json(summary(await service.excludeSegment(req.params.id, req.params.segmentId, body.author)));
  });

  r.get('/consultations/:id/edits', async (req, res) => {
    const data = await service.getConsultation(req.params.id);
    const outcomes = data.analysis ? (await service.current(req.params.id)).outcomes : [];
    res.json({ edits: data.edits, outcomes, history: data.history });
  });

  r.delete('/consultations/:id/edits/:editId', async (req, res) => {
    res.json(summary(await service.undoEdit(req.params.id, req.params.editId)));
  });

  r.get('/consultations/:id/codebook', async (req, res) => {
    const { codebook, custom } = await service.codebookOf(req.params.id);
    res.json({ custom, codebook });
  });

  r.put('/consultations/:id/codebook', async (req, res) => {
    const codebook = await service.setCodebook(req.params.id, req.body?.codebook === undefined ? req.body : req.body.codebook);
    res.json({ custom: true, codebook });
  });

  r.delete('/consultations/:id/codebook', async (req, res) => {
    const codebook = await service.setCodebook(req.params.id, null);
    res.json({ custom: false, codebook });
  });

  return r;
}

/** What an edit route answers: the edits with their outcomes and the themes as they are now. */
function summary(current: Awaited<ReturnType<HarvestService['current']>>): unknown {
  return {
    edits: current.edits,
    outcomes: current.outcomes,
    themes: current.synthesis.scopes.flatMap((sc) =>
      sc.themes.map((t) => ({ id: t.id, scopeId: sc.id, label: t.label, size: t.size, isOther: t.isOther, editedBy: t.editedBy })),
    ),
  };
}
