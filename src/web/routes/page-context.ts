// What the pages' handlers share: the notices shown after a form, the export choices, the query string read with
// zod, the report filter, and the address of the consultation a route names.
import type { Request } from 'express';
import { own } from '../../model/dict.ts';
import { pageQuery, type PageQuery } from '../forms.ts';
import type { AttributeFilter } from '../page-models.ts';

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
  pasted: 'The notes were saved; the analysis runs again and the projector follows.',
  frozen: 'The projector is paused: it keeps showing what it showed when you paused it.',
  unfrozen: 'The projector follows the analysis again.',
};

/** The report page's export choices. */
export const EXPORTS = [
  { format: 'docx', label: 'Word (.docx)' },
  { format: 'html', label: 'Web page (.html)' },
  { format: 'md', label: 'Markdown (.md)' },
  { format: 'csv', label: 'Segments (.csv)' },
  { format: 'actions', label: 'Next steps (.csv)' },
  { format: 'differences', label: 'Who said it differently (.csv)' },
  { format: 'json', label: 'Synthesis (.json)' },
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)' },
];

export function query(req: Request): PageQuery {
  return pageQuery.parse(req.query ?? {});
}

export function notice(req: Request): string {
  const code = query(req).notice ?? '';
  // The code comes from the query string: only the table's own entries (never 'constructor' and the like).
  return own(NOTICES, code) ?? '';
}

/** A day as the date inputs send it (YYYY-MM-DD), else undefined. */
const dayOf = (raw: string | undefined): string | undefined => (raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined);

/** `?filter=attribute::value` and `?from=YYYY-MM-DD&to=YYYY-MM-DD` from the report and search forms. */
export function parseFilter(req: Request): AttributeFilter | null {
  const q = query(req);
  const raw = q.filter ?? '';
  const at = raw.indexOf('::');
  const [from, to] = [dayOf(q.from), dayOf(q.to)];
  if (at <= 0 && !from && !to) return null;
  return { attribute: at > 0 ? raw.slice(0, at) : '', value: at > 0 ? raw.slice(at + 2) : '', ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** A route parameter as matched (decoded). */
export const param = (req: Request, name: string): string => String(req.params[name]);

/** The address of the consultation the route names, as the route matched it. */
export const base = (req: Request): string => `/consultations/${encodeURIComponent(param(req, 'id'))}`;
