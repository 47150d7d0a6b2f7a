// The JSON API: consultations, documents, analysis jobs, the synthesis, theme edits, codebook and exports.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { UploadLimits } from '../../config.ts';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { exportFormat, exportSynthesis, slugOf } from '../../export/index.ts';
import { toCsv } from '../../report/csv.ts';
import { LIMITS } from '../../model/limits.ts';
import { createRedaction } from '../../privacy/redact.ts';
import type { HarvestService, UploadedFile } from '../../services/harvest.ts';
import { role, surveyChoice } from '../../store/schema.ts';
import { userName } from '../../auth/accounts.ts';
import { megabytes } from '../http-error.ts';
import { parseWith } from '../middleware.ts';
import { authOf, csrfAfterUpload, type WebSecurity } from '../security.ts';
import { editorUnlessRedacted, GuardedRouter, requireSameSite } from '../access.ts';
import { validateParams } from './params.ts';
import { MAX_SEGMENTS_PAGE, SEGMENTS_PAGE, streamSynthesis, synthesisPage } from '../view-models.ts';

/**
 * Names of upload files: generated, never from the client (so nothing outside the folder can be named). They
 * carry the owner process (a hash of the host name and the pid), so a process starting can tell the leftovers of
 * a dead one; older versions wrote the random part alone.
 */
const UPLOAD_NAME = /^(?:([0-9a-f]{8})-(\d{1,10})-)?[0-9a-f]{32}\.upload$/;

/** This machine, as upload file names record it. */
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** An upload file older than this is left over from a crash (an upload is read within seconds) and is removed. */
const STALE_UPLOAD_MS = 3600_000;

/** True when a process with this id runs on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove upload files a crashed process left in `dir` (only names this app generates): at once when their
 * process is gone from this machine, else (another machine's, or an older version's) once they are an hour old.
 */
function sweepStaleUploads(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = UPLOAD_NAME.exec(name);
    if (!owner) continue;
    const pid = Number(owner[2]);
    try {
      const ownerGone = owner[1] === HOST_TAG && pid !== process.pid && !processAlive(pid);
      if (ownerGone || Date.now() - statSync(path.join(dir, name)).mtimeMs > STALE_UPLOAD_MS) rmSync(path.join(dir, name), { force: true });
    } catch {
      // Removed meanwhile by the process that owned it.
    }
  }
}

/** The temporary files of a request's uploads (multer sets `path` on each file it stored). */
function uploadedPaths(req: Request): string[] {
  const files = [req.file, ...(Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat())];
  return files.flatMap((f) => (f?.path ? [f.path] : []));
}

/**
 * The multipart parser with the configured limits. Files are streamed into generated names in `dir` (the data
 * folder's "uploads" for the server), never buffered whole in memory; each is removed once the request has ended,
 * whatever the answer (multer removes those of a refused upload itself). The size of each file, their number and
 * the whole request are bounded (the request by its Content-Length before anything is read, or by counting when
 * it is sent in chunks).
 */
export function makeUpload(limits: UploadLimits, dir: string): { array(field: string): RequestHandler; single(field: string): RequestHandler } {
  sweepStaleUploads(dir);
  const storage = multer.diskStorage({
    destination: (_req, _file, cb) => {
      try {
        // Made when needed (owner-only, like the rest of the data folder), so removing the folder does not break uploads.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        cb(null, dir);
      } catch (err) {
        cb(err as Error, dir);
      }
    },
    filename: (_req, _file, cb) => cb(null, `${HOST_TAG}-${process.pid}-${randomBytes(16).toString('hex')}.upload`),
  });
  const parser = multer({ storage, limits: { fileSize: limits.fileBytes, files: limits.files, fields: 50, fieldSize: 64 * 1024, fieldNestingDepth: 1, parts: limits.files + 50 } });
  const tooLarge = () => new AppError('TOO_LARGE', `The upload is larger than the ${megabytes(limits.requestBytes)} limit for one request; nothing was uploaded. Upload the files in several rounds.`);
  const guard: RequestHandler = (req, res, next) => {
    res.once('close', () => {
      for (const file of uploadedPaths(req)) rm(file, { force: true }).catch(() => undefined);
    });
    const declared = Number(req.get('content-length') ?? NaN);
    if (declared > limits.requestBytes) {
      next(tooLarge());
      return;
    }
    if (Number.isNaN(declared)) {
      let seen = 0;
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limits.requestBytes) req.destroy(tooLarge());
      });
    }
    next();
  };
  const chain = (handler: RequestHandler): RequestHandler => (req, res, next) => guard(req, res, (err?: unknown) => (err ? next(err) : handler(req, res, next)));
  return { array: (field) => chain(parser.array(field)), single: (field) => chain(parser.single(field)) };
}

/** A request's uploaded files as the service reads them: the (UTF-8) name and the temporary file. */
export function uploadedFiles(req: Request): UploadedFile[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  // multer gives latin1-decoded names; browsers send UTF-8.
  return files.map((f) => ({ name: Buffer.from(f.originalname, 'latin1').toString('utf8'), path: f.path, size: f.size }));
}

/** The backup archive of an import request: its (UTF-8) name and bytes (an archive is unpacked in memory). */
export async function uploadedArchive(req: Request): Promise<{ name: string; bytes: Uint8Array } | null> {
  if (!req.file) return null;
  return { name: Buffer.from(req.file.originalname, 'latin1').toString('utf8'), bytes: new Uint8Array(await readFile(req.file.path)) };
}

export interface RouterOptions {
  upload: ReturnType<typeof makeUpload>;
  sec: WebSecurity;
}

const createBody = z.object({
  name: z.string().trim().min(1, 'give the consultation a name').max(200),
  description: z.string().max(5000).optional(),
  date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'), z.literal(''), z.null()]).optional(),
});
const author = z.string().trim().max(100).optional();
const analyseBody = z.object({ seed: z.coerce.number().int().optional(), k: z.coerce.number().int().min(1).max(30).optional() });
const renameBody = z.object({ label: z.string().trim().min(1, 'the label cannot be empty').max(200), author });
/** At most this many themes in one merge (a question rarely has 30); the ids are de-duplicated before counting. */
const MAX_MERGE = LIMITS.mergeThemes;
const mergeBody = z.object({
  themeIds: z
    .array(z.string().min(1).max(200))
    .max(10_000, `name at most ${MAX_MERGE} themes`)
    .transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length >= 2, 'name at least two themes to merge')
    .refine((ids) => ids.length <= MAX_MERGE, `name at most ${MAX_MERGE} themes`),
  label: z.string().trim().max(200).optional(),
  author,
});
const splitBody = z.object({ k: z.coerce.number().int().min(2).max(10).optional(), author });
const moveBody = z
  .object({ themeId: z.string().min(1).max(200).optional(), category: z.string().min(1).max(100).optional(), author })
  .refine((b) => Boolean(b.themeId) !== Boolean(b.category), 'give either themeId or category');
const pinBody = z.object({ segmentId: z.string().min(1).max(200), author });
const excludeBody = z.object({ author }).default({});
const mappingBody = z.union([surveyChoice.strict(), z.null()]);
const synthesisQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_SEGMENTS_PAGE).default(SEGMENTS_PAGE),
  full: z.enum(['1', 'true', 'yes', '0', 'false', 'no']).optional().transform((v) => v === '1' || v === 'true' || v === 'yes'),
});

/**
 * Who made an edit: always the logged-in account (or token owner), whatever the body says; only the open loopback
 * mode, where nobody logs in, takes the name the facilitator typed.
 */
export function authorOf(res: Response, typed: string | undefined): string | undefined {
  const user = authOf(res)?.user;
  if (user) return user;
  return typed?.trim() ? typed.trim() : undefined;
}

/** `?redact=1` (or true/yes) asks for personal data to be replaced. */
export function wantsRedaction(req: Request): boolean {
  const parsed = z.string().max(10).safeParse(req.query.redact);
  const v = parsed.success ? parsed.data.toLowerCase() : '';
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

/** Attach a Content-Disposition for a download, with an ASCII fallback name. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"`;
}

/** The /api router over the service; every route says who may call it (src/web/access.ts). */
export function apiRouter(service: HarvestService, options: RouterOptions): GuardedRouter {
  const g = new GuardedRouter(service);
  validateParams(g.router);
  const uploadFiles: RequestHandler[] = [options.upload.array('files'), csrfAfterUpload(options.sec)];
  const exportAudit = (req: Request) => ({ action: 'exported' as const, detail: `exported ${String(req.params.format)} (${wantsRedaction(req) ? 'redacted' : 'not redacted'})` });

  g.get('/consultations', { needs: 'account' }, async (_req, res) => {
    res.json({ consultations: await service.listConsultations() });
  });

  g.post('/consultations', { needs: 'account' }, async (req, res) => {
    const body = parseWith(createBody, req.body ?? {}, 'consultation');
    const c = await service.createConsultation({ name: body.name, description: body.description, date: body.date || null });
    res.status(201).location(`/api/consultations/${c.id}`).json({ id: c.id, consultation: c });
  });

  g.post('/consultations/import', { needs: 'account', upload: true }, options.upload.single('file'), csrfAfterUpload(options.sec), async (req, res) => {
    const archive = await uploadedArchive(req);
    if (!archive) throw new AppError('BAD_ARGUMENT', 'Attach the backup archive (.harvest.zip) in the field "file".');
    const c = await service.importBackup(archive.name, archive.bytes);
    res.status(201).location(`/api/consultations/${c.id}`).json({ id: c.id, consultation: c });
  });

  g.get('/consultations/:id/backup', { needs: 'editor', audit: () => ({ action: 'exported', detail: 'downloaded a backup' }) }, async (req, res) => {
    requireSameSite(req, res, 'A backup');
    const backup = await service.exportBackup(req.params.id);
    res.type('application/zip').setHeader('Content-Disposition', attachment(backup.filename));
    res.send(Buffer.from(backup.bytes));
  });

  g.get('/consultations/:id', { needs: 'viewer' }, async (req, res) => {
    const id = req.params.id;
    const data = await service.getConsultation(id);
    const job = await service.latestJob(id);
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

  g.delete('/consultations/:id', { needs: 'owner' }, async (req, res) => {
    await service.deleteConsultation(req.params.id);
    res.status(204).end();
  });

  g.get('/consultations/:id/documents', { needs: 'viewer' }, async (req, res) => {
    res.json({ documents: await service.listDocuments(req.params.id) });
  });

  g.post('/consultations/:id/documents', { needs: 'editor', audit: 'uploaded', upload: true }, ...uploadFiles, async (req, res) => {
    const files = uploadedFiles(req);
    if (files.length === 0) throw new AppError('BAD_ARGUMENT', 'Attach one or more files in the field "files".');
    const result = await service.addDocuments(String(req.params.id), files);
    if (result.documents.length === 0) {
      res.status(422).json({ error: { code: 'NO_CONTENT', message: 'None of the files could be read.' }, documents: [], errors: result.errors });
      return;
    }
    res.status(201).json(result);
  });

  g.delete('/consultations/:id/documents/:documentId', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    await service.deleteDocument(req.params.id, req.params.documentId);
    res.status(204).end();
  });

  g.put('/consultations/:id/documents/:documentId/mapping', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const choice = parseWith(mappingBody, req.body ?? null, 'column mapping');
    res.json({ document: await service.setMapping(req.params.id, req.params.documentId, choice) });
  });

  g.post('/consultations/:id/analyse', { needs: 'editor', audit: () => ({ action: 'analysed', detail: 'started an analysis' }) }, async (req, res) => {
    const body = parseWith(analyseBody, req.body ?? {}, 'analysis options');
    const job = await service.analyse(req.params.id, body);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id });
  });

  g.get('/jobs/:jobId', { needs: 'viewer' }, async (req, res) => {
    const job = await service.findJob(req.params.jobId);
    res.json({ id: job.id, consultationId: job.consultationId, state: job.state, progress: job.progress, stage: job.stage, ...(job.error ? { error: job.error } : {}) });
  });

  // The synthesis with a page of its segments (the first 500 by default: a national survey has 100,000 and more);
  // ?offset=&limit= page through them, ?full=1 streams the whole synthesis.
  g.get('/consultations/:id/synthesis', { needs: 'viewer' }, async (req, res) => {
    const q = parseWith(synthesisQuery, req.query ?? {}, 'synthesis query');
    const current = await service.current(req.params.id);
    if (q.full) {
      await streamSynthesis(res, current.synthesis);
      return;
    }
    const page = synthesisPage(current, `/api/consultations/${encodeURIComponent(req.params.id)}/synthesis`, q.offset, q.limit);
    // The body is cached per version and page; so is its entity tag (Express would hash megabytes per request).
    res.type('application/json').setHeader('ETag', page.etag);
    if (page.next) res.setHeader('Link', `<${page.next}>; rel="next"`);
    res.send(page.body);
  });

  // A viewer exports only with personal data redacted; an unredacted file needs an editor, and from a browser a
  // request that Harvest's own page made (a link on another site must not download it in the user's name).
  g.get('/consultations/:id/export/:format', { needs: editorUnlessRedacted(wantsRedaction), audit: exportAudit }, async (req, res) => {
    const format = parseWith(exportFormat, req.params.format, 'export format');
    const redact = wantsRedaction(req);
    if (!redact) requireSameSite(req, res, 'An unredacted export');
    const current = await service.current(req.params.id);
    const data = await service.getConsultation(req.params.id);
    const file = await exportSynthesis(format, current.synthesis, current.documents, { redact, name: data.consultation.name });
    res.type(file.contentType).setHeader('Content-Disposition', attachment(file.filename));
    res.send(file.body);
  });

  g.patch('/consultations/:id/themes/:themeId', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(renameBody, req.body ?? {}, 'rename');
    res.json(summary(await service.renameTheme(req.params.id, req.params.themeId, body.label, authorOf(res, body.author))));
  });

  g.post('/consultations/:id/themes/merge', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(mergeBody, req.body ?? {}, 'merge');
    res.json(summary(await service.mergeThemes(req.params.id, body.themeIds, body.label ?? null, authorOf(res, body.author))));
  });

  g.post('/consultations/:id/themes/:themeId/split', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(splitBody, req.body ?? {}, 'split');
    res.json(summary(await service.splitTheme(req.params.id, req.params.themeId, body.k ?? null, authorOf(res, body.author))));
  });

  g.post('/consultations/:id/themes/:themeId/pin', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(pinBody, req.body ?? {}, 'pin');
    res.json(summary(await service.pinQuote(req.params.id, req.params.themeId, body.segmentId, authorOf(res, body.author))));
  });

  g.post('/consultations/:id/segments/:segmentId/move', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(moveBody, req.body ?? {}, 'move');
    res.json(summary(await service.moveSegment(req.params.id, req.params.segmentId, { themeId: body.themeId, category: body.category }, authorOf(res, body.author))));
  });

  g.post('/consultations/:id/segments/:segmentId/exclude', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const body = parseWith(excludeBody, req.body ?? {}, 'exclude');
    res.json(summary(await service.excludeSegment(req.params.id, req.params.segmentId, authorOf(res, body.author))));
  });

  g.get('/consultations/:id/edits', { needs: 'viewer' }, async (req, res) => {
    const data = await service.getConsultation(req.params.id);
    const outcomes = data.analysis ? (await service.current(req.params.id)).outcomes : [];
    res.json({ edits: data.edits, outcomes, history: data.history });
  });

  g.delete('/consultations/:id/edits/:editId', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    res.json(summary(await service.undoEdit(req.params.id, req.params.editId)));
  });

  g.get('/consultations/:id/codebook', { needs: 'viewer' }, async (req, res) => {
    const { codebook, custom } = await service.codebookOf(req.params.id);
    res.json({ custom, codebook });
  });

  g.put('/consultations/:id/codebook', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const codebook = await service.setCodebook(req.params.id, req.body?.codebook === undefined ? req.body : req.body.codebook);
    res.json({ custom: true, codebook });
  });

  g.delete('/consultations/:id/codebook', { needs: 'editor', audit: 'edited' }, async (req, res) => {
    const codebook = await service.setCodebook(req.params.id, null);
    res.json({ custom: false, codebook });
  });

  g.get('/consultations/:id/shares', { needs: 'owner' }, async (req, res) => {
    await service.getConsultation(req.params.id);
    const shares = options.sec.accounts ? await options.sec.accounts.listShares(req.params.id) : [];
    res.json({ shares: shares.map((s) => ({ id: s.id, redact: s.redact, createdAt: s.createdAt, createdBy: s.createdBy })) });
  });

  g.post('/consultations/:id/shares', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'created a share link' }) }, async (req, res) => {
    const body = parseWith(z.object({ redact: z.boolean().default(true) }).strict(), req.body ?? {}, 'share link');
    const data = await service.getConsultation(req.params.id);
    if (!data.analysis) throw new AppError('BAD_ARGUMENT', 'Analyse the consultation before sharing its report.');
    if (!options.sec.accounts) throw new AppError('NOT_FOUND', 'Share links are not available on this server.');
    const { token, share } = await options.sec.accounts.createShare(req.params.id, authOf(res).user ?? 'facilitator', body.redact);
    res.status(201).json({ id: share.id, redact: share.redact, token, url: `${req.protocol}://${req.get('host')}/share/${token}` });
  });

  g.delete('/consultations/:id/shares/:shareId', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'revoked a share link' }) }, async (req, res) => {
    if (!options.sec.accounts || !(await options.sec.accounts.revokeShare(req.params.id, req.params.shareId))) throw new AppError('NOT_FOUND', 'Share link not found.');
    res.status(204).end();
  });

  // The audit log (owners only); ?format=csv downloads it.
  g.get('/consultations/:id/audit', { needs: 'owner' }, async (req, res) => {
    const entries = await service.auditLog(req.params.id);
    if (req.query.format === 'csv') {
      const redact = wantsRedaction(req);
      if (!redact) requireSameSite(req, res, 'The audit log');
      const data = await service.getConsultation(req.params.id);
      // ?redact=1: the participants' names the details quote (a theme renamed after someone) are replaced like in every redacted export.
      let detail = (text: string) => text;
      if (redact && data.analysis) {
        const current = await service.current(req.params.id);
        const redaction = createRedaction(current.synthesis, current.documents);
        detail = (text) => redaction.text(text);
      }
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', attachment(`${slugOf(data.consultation.name)}-audit${redact ? '-redacted' : ''}.csv`));
      res.send(toCsv([['at', 'user', 'action', 'detail'], ...entries.map((e) => [e.at, e.user, e.action, detail(e.detail)])]));
      return;
    }
    res.json({ audit: entries });
  });

  // Members and their roles (owners only).
  g.get('/consultations/:id/members', { needs: 'owner' }, async (req, res) => {
    res.json({ members: await service.members(req.params.id) });
  });

  g.put('/consultations/:id/members/:user', { needs: 'owner', audit: () => ({ action: 'members', detail: 'changed the members' }) }, async (req, res) => {
    const body = parseWith(z.object({ role }).strict(), req.body ?? {}, 'member');
    const name = await existingAccount(options.sec, String(req.params.user));
    res.json({ members: await service.setMember(req.params.id, name, body.role) });
  });

  g.delete('/consultations/:id/members/:user', { needs: 'owner', audit: () => ({ action: 'members', detail: 'changed the members' }) }, async (req, res) => {
    const name = String(req.params.user);
    if (!(await service.members(req.params.id)).some((m) => m.user === name)) throw new AppError('NOT_FOUND', `${name} is not a member of this consultation.`);
    res.json({ members: await service.setMember(req.params.id, name, null) });
  });

  return g;
}

/** The account name if such an account exists; BAD_ARGUMENT otherwise (members are accounts of this server). */
export async function existingAccount(sec: WebSecurity, name: string): Promise<string> {
  if (!sec.accounts || !userName.safeParse(name).success || !(await sec.accounts.userExists(name))) {
    throw new AppError('BAD_ARGUMENT', `There is no account "${name}" on this server: add it first with "harvest user add ${userName.safeParse(name).success ? name : 'NAME'}".`);
  }
  return name;
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
