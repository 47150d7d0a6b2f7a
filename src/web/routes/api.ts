// The JSON API's route table: each route with the role it needs and what it writes to the audit log (access.ts);
// the handlers are in api-consultations.ts, api-edits.ts, api-live.ts and api-team.ts.
import type { Request, RequestHandler } from 'express';
import type { HarvestService } from '../../services/harvest.ts';
import { editorUnlessRedacted, GuardedRouter, type RouteAccess } from '../access.ts';
import { wantsRedaction } from '../download.ts';
import type { RouterOptions } from '../locals.ts';
import { csrfAfterUpload } from '../security.ts';
import * as compare from './compare-pages.ts';
import * as consultations from './api-consultations.ts';
import * as edits from './api-edits.ts';
import * as live from './api-live.ts';
import * as team from './api-team.ts';

const ANY: RouteAccess = { needs: 'account' };
const READ: RouteAccess = { needs: 'viewer' };
const EDIT: RouteAccess = { needs: 'editor', audit: 'edited' };
const OWN: RouteAccess = { needs: 'owner' };
const MEMBERS: RouteAccess = { needs: 'owner', audit: () => ({ action: 'members', detail: 'changed the members' }) };
/** The audit line of a comparison downloaded: its format, what it compares with (`against`) and whether redacted. */
const compareAudit = (against: (req: Request) => string) => (req: Request) => ({ action: 'exported' as const, detail: `exported what changed as ${String(req.params.format)} (against ${against(req)}) (${wantsRedaction(req) ? 'redacted' : 'not redacted'})` });
const exportAudit = (req: Request) => ({ action: 'exported' as const, detail: `exported ${String(req.params.format)} (${wantsRedaction(req) ? 'redacted' : 'not redacted'})` });

/** The /api router over the service. */
export function apiRouter(service: HarvestService, options: RouterOptions): GuardedRouter {
  const g = new GuardedRouter(service);
  const uploadFiles: RequestHandler[] = [options.upload.array('files'), csrfAfterUpload(options.sec)];
  const uploadArchive: RequestHandler[] = [options.upload.single('file'), csrfAfterUpload(options.sec)];

  g.get('/consultations', ANY, consultations.listConsultations);
  g.post('/consultations', ANY, consultations.createConsultation);
  g.post('/consultations/import', { needs: 'account', upload: true }, ...uploadArchive, consultations.importBackup);
  g.get('/consultations/:id/backup', { needs: 'editor', audit: () => ({ action: 'exported', detail: 'downloaded a backup' }) }, consultations.downloadBackup);
  g.get('/consultations/:id', READ, consultations.showConsultation);
  g.delete('/consultations/:id', OWN, consultations.deleteConsultation);

  g.get('/consultations/:id/documents', READ, consultations.listDocuments);
  g.post('/consultations/:id/documents', { needs: 'editor', audit: 'uploaded', upload: true }, ...uploadFiles, consultations.uploadDocuments);
  g.delete('/consultations/:id/documents/:documentId', EDIT, consultations.deleteDocument);
  g.put('/consultations/:id/documents/:documentId/mapping', EDIT, consultations.setMapping);

  g.post('/consultations/:id/analyse', { needs: 'editor', audit: () => ({ action: 'analysed', detail: 'started an analysis' }) }, consultations.startAnalysis);
  g.get('/jobs/:jobId', READ, consultations.showJob);
  g.get('/consultations/:id/synthesis', READ, consultations.showSynthesis);
  // A viewer exports only with personal data redacted; an unredacted file needs an editor.
  g.get('/consultations/:id/export/:format', { needs: editorUnlessRedacted(wantsRedaction), audit: exportAudit }, consultations.exportFile);
  // What changed, as a file: the same rule (and, unredacted, an editor of the other consultation too: compare-pages.ts).
  g.get('/consultations/:id/compare/corrections/:format', { needs: editorUnlessRedacted(wantsRedaction), audit: compareAudit(() => 'the machine analysis') }, compare.downloadComparison);
  g.get('/consultations/:id/compare/previous/:format', { needs: editorUnlessRedacted(wantsRedaction), audit: compareAudit(() => 'the previous analysis') }, compare.downloadChangesSinceLastAnalysis);
  g.get('/consultations/:id/compare/with/:otherId/:format', { needs: editorUnlessRedacted(wantsRedaction), audit: compareAudit((req) => String(req.params.otherId)) }, compare.downloadComparison);

  g.patch('/consultations/:id/themes/:themeId', EDIT, edits.renameTheme);
  g.post('/consultations/:id/themes/merge', EDIT, edits.mergeThemes);
  g.post('/consultations/:id/themes/:themeId/split', EDIT, edits.splitTheme);
  g.post('/consultations/:id/themes/:themeId/pin', EDIT, edits.pinQuote);
  g.patch('/consultations/:id/themes/:themeId/subthemes/:subthemeId', EDIT, edits.renameSubtheme);
  g.post('/consultations/:id/themes/:themeId/subthemes/merge', EDIT, edits.mergeSubthemes);
  g.post('/consultations/:id/themes/:themeId/subthemes/:subthemeId/promote', EDIT, edits.promoteSubtheme);
  g.post('/consultations/:id/segments/:segmentId/move', EDIT, edits.moveSegment);
  g.post('/consultations/:id/segments/:segmentId/exclude', EDIT, edits.excludeSegment);
  g.get('/consultations/:id/edits', READ, edits.listEdits);
  g.delete('/consultations/:id/edits/:editId', EDIT, edits.undoEdit);

  // The live plenary: pasted breakout notes, the projector's themes and its freeze.
  g.post('/consultations/:id/notes', { needs: 'editor', audit: 'pasted' }, live.pasteNotes);
  g.get('/consultations/:id/live', READ, live.showProjector);
  g.put('/consultations/:id/live/frozen', EDIT, live.freezeProjector);
  g.delete('/consultations/:id/live/frozen', EDIT, live.unfreezeProjector);

  g.get('/consultations/:id/codebook', READ, consultations.showCodebook);
  g.put('/consultations/:id/codebook', EDIT, consultations.setCodebook);
  g.delete('/consultations/:id/codebook', EDIT, consultations.resetCodebook);

  g.get('/consultations/:id/shares', OWN, team.listShares);
  g.post('/consultations/:id/shares', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'created a share link' }) }, team.createShare);
  g.delete('/consultations/:id/shares/:shareId', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'revoked a share link' }) }, team.revokeShare);
  g.get('/consultations/:id/audit', OWN, team.showAudit);
  g.get('/consultations/:id/members', OWN, team.listMembers);
  g.put('/consultations/:id/members/:user', MEMBERS, team.setMember);
  g.delete('/consultations/:id/members/:user', MEMBERS, team.removeMember);

  return g;
}
