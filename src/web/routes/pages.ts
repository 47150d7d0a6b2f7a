// The facilitator's pages' route table: server-rendered EJS that work without JavaScript; forms post here and
// redirect. Each route says the role it needs and what it writes to the audit log (access.ts); the handlers are in
// consultation-pages.ts, edit-pages.ts, live-pages.ts and team-pages.ts.
import type { RequestHandler } from 'express';
import type { HarvestService } from '../../services/harvest.ts';
import { GuardedRouter, type RouteAccess } from '../access.ts';
import type { RouterOptions } from '../locals.ts';
import { csrfAfterUpload } from '../security.ts';
import * as compare from './compare-pages.ts';
import * as pages from './consultation-pages.ts';
import * as edits from './edit-pages.ts';
import * as live from './live-pages.ts';
import * as team from './team-pages.ts';

const ANY: RouteAccess = { needs: 'account' };
const READ: RouteAccess = { needs: 'viewer' };
const EDIT: RouteAccess = { needs: 'editor', audit: 'edited' };
const OWN: RouteAccess = { needs: 'owner' };
const MEMBERS: RouteAccess = { needs: 'owner', audit: () => ({ action: 'members', detail: 'changed the members' }) };

export function pagesRouter(service: HarvestService, options: RouterOptions): GuardedRouter {
  const r = new GuardedRouter(service);
  const uploadFiles: RequestHandler[] = [options.upload.array('files'), csrfAfterUpload(options.sec)];
  const uploadArchive: RequestHandler[] = [options.upload.single('file'), csrfAfterUpload(options.sec)];

  r.get('/', ANY, pages.home);
  r.post('/consultations', ANY, pages.createConsultation);
  r.post('/consultations/import', { needs: 'account', upload: true }, ...uploadArchive, pages.importBackup);
  r.get('/consultations/:id', READ, pages.showConsultation);
  r.get('/consultations/:id/backup', { needs: 'editor' }, pages.downloadBackup);
  r.post('/consultations/:id/delete', OWN, pages.deleteConsultation);

  r.post('/consultations/:id/documents', { needs: 'editor', audit: 'uploaded', upload: true }, ...uploadFiles, pages.uploadDocuments);
  r.post('/consultations/:id/documents/:documentId/delete', EDIT, pages.deleteDocument);
  r.get('/consultations/:id/documents/:documentId/mapping', READ, pages.showMapping);
  r.post('/consultations/:id/documents/:documentId/mapping', EDIT, pages.setMapping);

  // The live plenary: rapporteurs paste notes, the projector follows, the facilitator freezes it.
  r.post('/consultations/:id/notes', { needs: 'editor', audit: 'pasted' }, live.pasteNotes);
  r.get('/consultations/:id/live', READ, live.showProjector);
  r.get('/consultations/:id/live/events', READ, live.projectorEvents);
  r.post('/consultations/:id/live/freeze', EDIT, live.freezeProjector);
  r.post('/consultations/:id/live/unfreeze', EDIT, live.unfreezeProjector);

  r.post('/consultations/:id/analyse', { needs: 'editor', audit: () => ({ action: 'analysed', detail: 'started an analysis' }) }, pages.startAnalysis);
  r.get('/consultations/:id/jobs/:jobId', READ, pages.showJob);
  r.get('/consultations/:id/report', READ, pages.showReport);
  r.get('/consultations/:id/export', READ, pages.exportFile);
  r.get('/consultations/:id/themes/:themeId', READ, pages.showTheme);
  r.get('/consultations/:id/segments/:segmentId', READ, pages.showSegment);
  r.get('/consultations/:id/search', READ, pages.search);
  r.get('/consultations/:id/compare', READ, compare.showCompareChoices);
  r.get('/consultations/:id/compare/corrections', READ, compare.showComparison);
  r.get('/consultations/:id/compare/previous', READ, compare.showChangesSinceLastAnalysis);
  r.get('/consultations/:id/compare/with/:otherId', READ, compare.showComparison);

  r.post('/consultations/:id/themes/merge', EDIT, edits.mergeThemes);
  r.post('/consultations/:id/themes/:themeId/rename', EDIT, edits.renameTheme);
  r.post('/consultations/:id/themes/:themeId/split', EDIT, edits.splitTheme);
  r.post('/consultations/:id/themes/:themeId/subthemes/merge', EDIT, edits.mergeSubthemes);
  r.post('/consultations/:id/themes/:themeId/subthemes/:subthemeId/rename', EDIT, edits.renameSubtheme);
  r.post('/consultations/:id/themes/:themeId/subthemes/:subthemeId/promote', EDIT, edits.promoteSubtheme);
  r.post('/consultations/:id/themes/:themeId/pin', EDIT, edits.pinQuote);
  r.post('/consultations/:id/segments/:segmentId/move', EDIT, edits.moveSegment);
  r.post('/consultations/:id/segments/:segmentId/exclude', EDIT, edits.excludeSegment);
  r.post('/consultations/:id/edits/:editId/undo', EDIT, edits.undoEdit);

  r.get('/consultations/:id/codebook', READ, pages.showCodebook);
  r.post('/consultations/:id/codebook', EDIT, pages.saveCodebook);

  r.get('/consultations/:id/share', OWN, team.showShares);
  r.post('/consultations/:id/share', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'created a share link' }) }, team.createShare);
  r.post('/consultations/:id/share/:shareId/revoke', { needs: 'owner', audit: () => ({ action: 'shared', detail: 'revoked a share link' }) }, team.revokeShare);
  r.get('/consultations/:id/audit', OWN, team.showAudit);
  r.get('/consultations/:id/members', OWN, team.showMembers);
  r.post('/consultations/:id/members', MEMBERS, team.addMember);
  r.post('/consultations/:id/members/:user/remove', MEMBERS, team.removeMember);

  return r;
}
