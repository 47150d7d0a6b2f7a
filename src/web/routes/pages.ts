// The facilitator's pages: server-rendered EJS that work without JavaScript; forms post here and redirect.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { HarvestService } from '../../services/harvest.ts';
import { parseWith } from '../middleware.ts';
import { authOf, csrfAfterUpload } from '../security.ts';
import { authorOf, existingAccount, uploadedArchive, uploadedFiles, type RouterOptions } from './api.ts';
import { GuardedRouter, type RouteAccess } from '../access.ts';
import { role } from '../../store/schema.ts';
import { validateParams } from './params.ts';
import { own } from '../../model/dict.ts';
import { notAnalysedByDocument, reportPage, searchPage, sourcePage, themePage, type AttributeFilter } from '../view-models.ts';

/** Short messages shown after a form was handled (`?notice=renamed`). */
const NOTICES: Record<string, string> = {
  created: 'The consultation was created. Upload its notes and survey exports next.',
  renamed: 'The theme was renamed.',
  merged: 'The themes were merged.',
  split: 'The theme was split into new themes.',
  'subtheme-renamed': 'The sub-theme was renamed.',
  'subthemes-merged': 'The sub-themes were merged.',
  promoted: 'The sub-theme is now a theme of its own.',
  moved: 'The segment was moved.',
  excluded: 'The segment was excluded from the synthesis.',
  pinned: 'The quote was pinned to the top of the theme.',
  undone: 'The edit was withdrawn.',
  mapping: 'The survey columns were saved. Run the analysis again to use them.',
  codebook: 'The codebook was saved.',
  deleted: 'The file was removed.',
  removed: 'The consultation was deleted.',
  revoked: 'The share link was revoked: it no longer opens the report.',
  restored: 'The consultation was restored from the backup, with its analysis and edits.',
  members: 'The members were saved.',
};

const EXPORTS = [
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'html', label: 'Web page (.html)' },
  { format: 'md', label: 'Markdown (.md)' },
  { format: 'csv', label: 'Segments (.csv)' },
  { format: 'actions', label: 'Next steps (.csv)' },
  { format: 'json', label: 'Synthesis (.json)' },
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)' },
];

const createForm = z.object({
  name: z.string().trim().min(1, 'give the consultation a name').max(200),
  description: z.string().max(5000).default(''),
  date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'), z.literal('')]).default(''),
});
const list = z.union([z.array(z.string()), z.string()]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The query strings the pages read, checked with zod: anything else (arrays, objects, overlong text) is ignored. */
const pageQuery = z.object({
  notice: z.string().max(40).optional().catch(undefined),
  filter: z.string().max(500).optional().catch(undefined),
  q: z.string().optional().catch(undefined),
  format: z.string().max(10).optional().catch(undefined),
  redact: z.string().max(10).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

function query(req: Request): z.infer<typeof pageQuery> {
  return pageQuery.parse(req.query ?? {});
}

function notice(req: Request): string {
  const code = query(req).notice ?? '';
  // The code comes from the query string: only the table's own entries (never 'constructor' and the like).
  return own(NOTICES, code) ?? '';
}

/** `?filter=attribute::value` from the report and search forms. */
function parseFilter(req: Request): AttributeFilter | null {
  const raw = query(req).filter ?? '';
  const at = raw.indexOf('::');
  return at > 0 ? { attribute: raw.slice(0, at), value: raw.slice(at + 2) } : null;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** Who may open or post each page (src/web/access.ts), and what its success writes to the audit log. */
const ANY: RouteAccess = { needs: 'account' };
const READ: RouteAccess = { needs: 'viewer' };
const EDIT: RouteAccess = { needs: 'editor', audit: 'edited' };
const OWN: RouteAccess = { needs: 'owner' };
const MEMBERS: RouteAccess = { needs: 'owner', audit: () => ({ action: 'members', detail: 'changed the members' }) };

export function pagesRouter(service: HarvestService, options: RouterOptions): GuardedRouter {
  const r = new GuardedRouter(service);
  validateParams(r.router);
  const uploadFiles = [options.upload.array('files'), csrfAfterUpload(options.sec)];
  const base = (req: Request): string => `/consultations/${encodeURIComponent(param(req, 'id'))}`;

  const renderConsultation = async (req: Request, res: Response, status = 200, uploadResult: unknown = null): Promise<void> => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    const job = await service.latestJob(id);
    res.status(status).render('pages/consultation', {
      title: data.consultation.name,
      notice: notice(req),
      c: data.consultation,
      documents: data.documents.map((d) => service.viewDocument(d)),
      notAnalysed: notAnalysedByDocument(data.analysis?.documents ?? []),
      analysis: data.analysis ? { runAt: data.analysis.runAt.slice(0, 16).replace('T', ' '), seed: data.analysis.seed, segments: data.analysis.synthesis.segments.length, scopes: data.analysis.synthesis.scopes.length } : null,
      job: job && (job.state === 'queued' || job.state === 'running' || job.state === 'failed') ? job : null,
      customCodebook: data.codebook !== null,
      edits: data.edits.length,
      history: [...data.history].reverse().slice(0, 15).map((h) => ({ ...h, at: h.at.slice(0, 16).replace('T', ' ') })),
      uploadResult,
    });
  };

  r.get('/', ANY, async (req, res) => {
    res.render('pages/index', { title: 'Consultations', notice: notice(req), consultations: await service.listConsultations() });
  });

  r.post('/consultations', ANY, async (req, res) => {
    const form = parseWith(createForm, req.body ?? {}, 'consultation');
    const c = await service.createConsultation({ name: form.name, description: form.description, date: form.date || null });
    res.redirect(303, `/consultations/${c.id}?notice=created`);
  });

  r.post('/consultations/import', { needs: 'account', upload: true }, options.upload.single('file'), csrfAfterUpload(options.sec), async (req, res) => {
    const archive = await uploadedArchive(req);
    if (!archive) throw new AppError('BAD_ARGUMENT', 'Choose a backup archive (.harvest.zip) to restore.');
    const c = await service.importBackup(archive.name, archive.bytes);
    res.redirect(303, `/consultations/${encodeURIComponent(c.id)}?notice=restored`);
  });

  r.get('/consultations/:id', READ, (req, res) => renderConsultation(req, res));

  r.get('/consultations/:id/backup', { needs: 'editor' }, async (req, res) => {
    await service.getConsultation(param(req, 'id'));
    res.redirect(303, `/api${base(req)}/backup`);
  });

  r.post('/consultations/:id/delete', OWN, async (req, res) => {
    await service.deleteConsultation(param(req, 'id'));
    res.redirect(303, '/?notice=removed');
  });

  r.post('/consultations/:id/documents', { needs: 'editor', audit: 'uploaded', upload: true }, ...uploadFiles, async (req, res) => {
    const files = uploadedFiles(req);
    if (files.length === 0) throw new AppError('BAD_ARGUMENT', 'Choose one or more files to upload.');
    const result = await service.addDocuments(param(req, 'id'), files);
    await renderConsultation(req, res, result.documents.length ? 200 : 422, result);
  });

  r.post('/consultations/:id/documents/:documentId/delete', EDIT, async (req, res) => {
    await service.deleteDocument(param(req, 'id'), param(req, 'documentId'));
    res.redirect(303, `${base(req)}?notice=deleted`);
  });

  r.get('/consultations/:id/documents/:documentId/mapping', READ, async (req, res) => {
    const data = await service.getConsultation(param(req, 'id'));
    const stored = data.documents.find((d) => d.id === param(req, 'documentId'));
    if (!stored) throw new AppError('NOT_FOUND', 'Document not found.');
    const doc = service.viewDocument(stored);
    if (!doc.survey || stored.ingested.kind !== 'survey') throw new AppError('BAD_ARGUMENT', `${doc.name} is notes, not a survey: it has no columns to map.`);
    const m = doc.survey.mapping;
    const preview = stored.ingested.records.slice(0, 3).map((rec) => rec.cells.map((c) => (c.length > 80 ? `${c.slice(0, 77)}…` : c)));
    res.render('pages/mapping', {
      title: `Survey columns: ${doc.name}`,
      c: data.consultation,
      doc,
      long: m.shape === 'long',
      columns: doc.survey.headers.map((h) => ({
        name: h,
        isId: m.idColumn === h,
        isText: m.textColumns.includes(h),
        isQuestion: m.questionColumn === h,
        isAttribute: m.attributeColumns.includes(h),
        detected: [
          doc.survey!.detected.idColumn === h ? 'respondent id' : '',
          doc.survey!.detected.textColumns.includes(h) ? (doc.survey!.detected.shape === 'long' ? 'answer' : 'question') : '',
          doc.survey!.detected.questionColumn === h ? 'question names' : '',
          doc.survey!.detected.attributeColumns.includes(h) ? 'attribute' : '',
        ].filter(Boolean).join(', ') || 'not used',
      })),
      preview,
      custom: doc.survey.choice !== null,
    });
  });

  r.post('/consultations/:id/documents/:documentId/mapping', EDIT, async (req, res) => {
    const body = req.body ?? {};
    if (body.reset) {
      await service.setMapping(param(req, 'id'), param(req, 'documentId'), null);
    } else {
      const form = parseWith(z.object({ idColumn: z.string().default(''), questionColumn: z.string().default(''), textColumns: list, attributeColumns: list }), body, 'column choice');
      if (form.textColumns.length === 0) throw new AppError('BAD_ARGUMENT', 'Choose at least one column with the answers.');
      await service.setMapping(param(req, 'id'), param(req, 'documentId'), {
        ...(form.idColumn ? { idColumn: form.idColumn } : {}),
        ...(form.questionColumn ? { questionColumn: form.questionColumn } : {}),
        textColumns: form.textColumns,
        attributeColumns: form.attributeColumns,
      });
    }
    res.redirect(303, `${base(req)}?notice=mapping`);
  });

  r.post('/consultations/:id/analyse', { needs: 'editor', audit: () => ({ action: 'analysed', detail: 'started an analysis' }) }, async (req, res) => {
    const form = parseWith(z.object({ seed: z.union([z.literal(''), z.coerce.number().int()]).optional(), k: z.union([z.literal(''), z.coerce.number().int().min(1).max(30)]).optional() }), req.body ?? {}, 'analysis options');
    const job = await service.analyse(param(req, 'id'), { seed: form.seed === '' ? undefined : form.seed, k: form.k === '' ? undefined : form.k });
    res.redirect(303, `${base(req)}/jobs/${job.id}`);
  });

  r.get('/consultations/:id/jobs/:jobId', READ, async (req, res) => {
    const data = await service.getConsultation(param(req, 'id'));
    const job = await service.findJob(param(req, 'jobId'));
    if (job.consultationId !== data.consultation.id) throw new AppError('NOT_FOUND', 'Job not found.');
    if (job.state === 'done') {
      res.redirect(303, `${base(req)}/report`);
      return;
    }
    res.render('pages/job', { title: `Analysing: ${data.consultation.name}`, c: data.consultation, job, percent: Math.round(job.progress * 100) });
  });

  r.get('/consultations/:id/report', READ, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    if (!data.analysis) {
      res.redirect(303, base(req));
      return;
    }
    const current = await service.current(id);
    res.render('pages/report', { title: `Report: ${data.consultation.name}`, notice: notice(req), c: data.consultation, m: reportPage(id, current, parseFilter(req)), exports: EXPORTS });
  });

  r.get('/consultations/:id/export', READ, async (req, res) => {
    await service.getConsultation(param(req, 'id'));
    const { format: asked, redact } = query(req);
    const format = asked && EXPORTS.some((e) => e.format === asked) ? asked : 'docx';
    res.redirect(303, `/api${base(req)}/export/${format}${redact ? '?redact=1' : ''}`);
  });

  r.get('/consultations/:id/themes/:themeId', READ, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    const model = themePage(id, await service.current(id), param(req, 'themeId'), query(req).page ?? 1);
    if (!model) throw new AppError('NOT_FOUND', 'This theme does not exist (it may have been merged or split).');
    res.render('pages/theme', { title: `Theme: ${model.label}`, notice: notice(req), c: data.consultation, t: model });
  });

  r.get('/consultations/:id/segments/:segmentId', READ, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    const model = sourcePage(id, await service.current(id), param(req, 'segmentId'));
    if (!model) throw new AppError('NOT_FOUND', 'This segment does not exist.');
    res.render('pages/source', { title: `Source: ${model.document}`, c: data.consultation, m: model });
  });

  r.get('/consultations/:id/search', READ, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    const q = (query(req).q ?? '').slice(0, 200);
    res.render('pages/search', { title: `Search: ${data.consultation.name}`, c: data.consultation, m: searchPage(id, await service.current(id), q, parseFilter(req)) });
  });

  // Theme edits from forms; each redirects to where the change can be seen. The author is the logged-in account.
  const author = (req: Request): string | undefined => authorOf(req.res!, typeof req.body?.author === 'string' ? req.body.author : undefined);

  r.post('/consultations/:id/themes/merge', EDIT, async (req, res) => {
    const form = parseWith(z.object({ themeIds: list, label: z.string().default('') }), req.body ?? {}, 'merge');
    if (form.themeIds.length < 2) throw new AppError('BAD_ARGUMENT', 'Tick at least two themes to merge.');
    await service.mergeThemes(param(req, 'id'), form.themeIds, form.label || null, author(req));
    res.redirect(303, `${base(req)}/themes/${encodeURIComponent(form.themeIds[0]!)}?notice=merged`);
  });

  r.post('/consultations/:id/themes/:themeId/rename', EDIT, async (req, res) => {
    const form = parseWith(z.object({ label: z.string().trim().min(1, 'the label cannot be empty').max(200) }), req.body ?? {}, 'rename');
    await service.renameTheme(param(req, 'id'), param(req, 'themeId'), form.label, author(req));
    res.redirect(303, `${base(req)}/themes/${encodeURIComponent(param(req, 'themeId'))}?notice=renamed`);
  });

  r.post('/consultations/:id/themes/:themeId/split', EDIT, async (req, res) => {
    const form = parseWith(z.object({ k: z.union([z.literal(''), z.coerce.number().int().min(2).max(10)]).default('') }), req.body ?? {}, 'split');
    await service.splitTheme(param(req, 'id'), param(req, 'themeId'), form.k === '' ? null : form.k, author(req));
    res.redirect(303, `${base(req)}/report?notice=split`);
  });

  r.post('/consultations/:id/themes/:themeId/subthemes/merge', EDIT, async (req, res) => {
    const form = parseWith(z.object({ subthemeIds: list, label: z.string().default('') }), req.body ?? {}, 'merge');
    if (form.subthemeIds.length < 2) throw new AppError('BAD_ARGUMENT', 'Tick at least two sub-themes to merge.');
    await service.mergeSubthemes(param(req, 'id'), param(req, 'themeId'), form.subthemeIds, form.label || null, author(req));
    res.redirect(303, `${base(req)}/themes/${encodeURIComponent(param(req, 'themeId'))}?notice=subthemes-merged`);
  });

  r.post('/consultations/:id/themes/:themeId/subthemes/:subthemeId/rename', EDIT, async (req, res) => {
    const form = parseWith(z.object({ label: z.string().trim().min(1, 'the label cannot be empty').max(200) }), req.body ?? {}, 'rename');
    await service.renameSubtheme(param(req, 'id'), param(req, 'themeId'), param(req, 'subthemeId'), form.label, author(req));
    res.redirect(303, `${base(req)}/themes/${encodeURIComponent(param(req, 'themeId'))}?notice=subtheme-renamed`);
  });

  r.post('/consultations/:id/themes/:themeId/subthemes/:subthemeId/promote', EDIT, async (req, res) => {
    await service.promoteSubtheme(param(req, 'id'), param(req, 'themeId'), param(req, 'subthemeId'), author(req));
    res.redirect(303, `${base(req)}/report?notice=promoted`);
  });

  r.post('/consultations/:id/themes/:themeId/pin', EDIT, async (req, res) => {
    const form = parseWith(z.object({ segmentId: z.string().min(1) }), req.body ?? {}, 'pin');
    await service.pinQuote(param(req, 'id'), param(req, 'themeId'), form.segmentId, author(req));
    res.redirect(303, `${base(req)}/themes/${encodeURIComponent(param(req, 'themeId'))}?notice=pinned`);
  });

  r.post('/consultations/:id/segments/:segmentId/move', EDIT, async (req, res) => {
    const form = parseWith(z.object({ target: z.string().regex(/^(theme|category|subtheme):.+$/, 'choose where to move the segment'), from: z.string().default('') }), req.body ?? {}, 'move');
    const [kind, value] = [form.target.slice(0, form.target.indexOf(':')), form.target.slice(form.target.indexOf(':') + 1)];
    // A sub-theme of the theme the form was on (the page's theme).
    const target = kind === 'theme' ? { themeId: value } : kind === 'subtheme' ? { themeId: form.from, subthemeId: value } : { category: value };
    await service.moveSegment(param(req, 'id'), param(req, 'segmentId'), target, author(req));
    res.redirect(303, form.from ? `${base(req)}/themes/${encodeURIComponent(form.from)}?notice=moved` : `${base(req)}/report?notice=moved`);
  });

  r.post('/consultations/:id/segments/:segmentId/exclude', EDIT, async (req, res) => {
    const from = typeof req.body?.from === 'string' ? req.body.from : '';
    await service.excludeSegment(param(req, 'id'), param(req, 'segmentId'), author(req));
    res.redirect(303, from ? `${base(req)}/themes/${encodeURIComponent(from)}?notice=excluded` : `${base(req)}/report?notice=excluded`);
  });

  r.post('/consultations/:id/edits/:editId/undo', EDIT, async (req, res) => {
    await service.undoEdit(param(req, 'id'), param(req, 'editId'));
    res.redirect(303, `${base(req)}/report?notice=undone#edits`);
  });

  r.get('/consultations/:id/codebook', READ, async (req, res) => {
    const data = await service.getConsultation(param(req, 'id'));
    const { codebook, custom } = await service.codebookOf(param(req, 'id'));
    res.render('pages/codebook', { title: `Codebook: ${data.consultation.name}`, notice: notice(req), c: data.consultation, custom, json: JSON.stringify(codebook, null, 2), error: '' });
  });

  r.post('/consultations/:id/codebook', EDIT, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    if (req.body?.reset) {
      await service.setCodebook(id, null);
    } else {
      const text = typeof req.body?.codebook === 'string' ? req.body.codebook : '';
      let raw: unknown;
      try {
        raw = JSON.parse(text);
        await service.setCodebook(id, raw);
      } catch (err) {
        const message = err instanceof SyntaxError ? `The codebook is not valid JSON: ${err.message}` : err instanceof AppError ? err.message : String(err);
        res.status(422).render('pages/codebook', { title: `Codebook: ${data.consultation.name}`, notice: '', c: data.consultation, custom: data.codebook !== null, json: text, error: message });
        return;
      }
    }
    if (req.body?.rerun) {
      const job = await service.analyse(id);
      res.redirect(303, `${base(req)}/jobs/${job.id}`);
      return;
    }
    res.redirect(303, `${base(req)}/codebook?notice=codebook`);
  });

  // Read-only share links of the report.
  const renderShares = async (req: Request, res: Response, created: { url: string; redact: boolean } | null): Promise<void> => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    if (!options.sec.accounts) throw new AppError('NOT_FOUND', 'Share links are not available on this server.');
    const shares = (await options.sec.accounts.listShares(id)).map((s) => ({ id: s.id, redact: s.redact, createdBy: s.createdBy, createdAt: s.createdAt.slice(0, 16).replace('T', ' ') }));
    res.status(created ? 201 : 200).render('pages/share', { title: `Share: ${data.consultation.name}`, notice: notice(req), c: data.consultation, analysed: data.analysis !== null, shares, created });
  };

  r.get('/consultations/:id/share', OWN, (req, res) => renderShares(req, res, null));

  r.post('/consultations/:id/share', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'created a share link' }) }, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    if (!data.analysis) throw new AppError('BAD_ARGUMENT', 'Analyse the consultation before sharing its report.');
    if (!options.sec.accounts) throw new AppError('NOT_FOUND', 'Share links are not available on this server.');
    const form = parseWith(z.object({ redact: z.string().optional() }), req.body ?? {}, 'share link');
    const { token, share } = await options.sec.accounts.createShare(id, authOf(res).user ?? 'facilitator', form.redact !== undefined);
    // The link is shown once, on this page (only its hash is stored).
    await renderShares(req, res, { url: `${req.protocol}://${req.get('host')}/share/${token}`, redact: share.redact });
  });

  r.post('/consultations/:id/share/:shareId/revoke', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'revoked a share link' }) }, async (req, res) => {
    if (!options.sec.accounts || !(await options.sec.accounts.revokeShare(param(req, 'id'), param(req, 'shareId')))) throw new AppError('NOT_FOUND', 'Share link not found.');
    res.redirect(303, `${base(req)}/share?notice=revoked`);
  });

  // The audit log (owners only: checked by the role gate).
  r.get('/consultations/:id/audit', OWN, async (req, res) => {
    const id = param(req, 'id');
    const data = await service.getConsultation(id);
    const entries = (await service.auditLog(id)).slice().reverse();
    res.render('pages/audit', { title: `Audit log: ${data.consultation.name}`, notice: notice(req), c: data.consultation, entries });
  });

  // Members and roles (owners only: checked by the role gate).
  const renderMembers = async (req: Request, res: Response, status = 200, error = ''): Promise<void> => {
    const data = await service.getConsultation(param(req, 'id'));
    // Names to suggest: only the accounts this user already works with (members of a consultation they belong to),
    // never the whole server's list; anyone else is added by typing their exact account name.
    const user = authOf(res).user;
    const accounts = user ? (await service.colleaguesOf(user)).filter((a) => !(data.members ?? []).some((m) => m.user === a)) : [];
    res.status(status).render('pages/members', { title: `Members: ${data.consultation.name}`, notice: notice(req), c: data.consultation, members: data.members ?? [], accounts, error });
  };

  r.get('/consultations/:id/members', OWN, (req, res) => renderMembers(req, res));

  r.post('/consultations/:id/members', MEMBERS, async (req, res) => {
    const form = parseWith(z.object({ user: z.string().trim().min(1, 'choose an account'), role }), req.body ?? {}, 'member');
    try {
      await service.setMember(param(req, 'id'), await existingAccount(options.sec, form.user), form.role);
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_ARGUMENT') return renderMembers(req, res, 400, err.message);
      throw err;
    }
    res.redirect(303, `${base(req)}/members?notice=members`);
  });

  r.post('/consultations/:id/members/:user/remove', MEMBERS, async (req, res) => {
    try {
      await service.setMember(param(req, 'id'), String(req.params.user), null);
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_ARGUMENT') return renderMembers(req, res, 400, err.message);
      throw err;
    }
    res.redirect(303, `${base(req)}/members?notice=members`);
  });

  return r;
}
