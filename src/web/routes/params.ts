// Route parameters validated with zod before any handler runs: a malformed id is simply not found (404), never a 500.
import type { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';

const consultationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Theme, segment, document, edit and job ids: printable, no slashes or controls, bounded. */
const itemId = z.string().regex(/^[^\s/\\\u0000-\u001f\u007f]{1,200}$/u);

const PARAMS: Record<string, { schema: z.ZodType<string>; what: string }> = {
  id: { schema: consultationId, what: 'Consultation' },
  otherId: { schema: consultationId, what: 'Consultation to compare with' },
  documentId: { schema: itemId, what: 'Document' },
  themeId: { schema: itemId, what: 'Theme' },
  segmentId: { schema: itemId, what: 'Segment' },
  editId: { schema: itemId, what: 'Edit' },
  jobId: { schema: itemId, what: 'Job' },
  shareId: { schema: itemId, what: 'Share link' },
};

/** Check every known route parameter of a router; a malformed one is a NOT_FOUND naming what was looked for. */
export function validateParams(router: Router): void {
  for (const [name, { schema, what }] of Object.entries(PARAMS)) {
    router.param(name, (_req, _res, next, value: unknown) => {
      if (!schema.safeParse(value).success) {
        next(new AppError('NOT_FOUND', `${what} not found.`));
        return;
      }
      next();
    });
  }
}
