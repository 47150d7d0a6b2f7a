// Web middleware: the resource loader, the 404 and the one error handler (JSON for /api, an HTML page otherwise).
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError, toAppError } from '../errors.ts';

/** Parse a request part with a zod schema; a mismatch is a BAD_ARGUMENT naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what = 'request'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_ARGUMENT', `Invalid ${what}: ${where}${issue.message}`);
}

/** Anything thrown by a route or a library, as an AppError with a status and a message safe to show. */
export function normaliseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    const message = err.code === 'LIMIT_FILE_SIZE' ? 'A file is larger than the 50 MB limit.' : err.code === 'LIMIT_UNEXPECTED_FILE' ? `Upload files in the field "files" (got "${err.field}").` : `The upload was refused: ${err.message}.`;
    return new AppError('BAD_ARGUMENT', message, { cause: err });
  }
  const e = err as { status?: number; type?: string; message?: string };
  if (e && e.type === 'entity.parse.failed') return new AppError('BAD_ARGUMENT', 'The request body is not valid JSON.', { cause: err });
  if (e && e.type === 'entity.too.large') return new AppError('BAD_ARGUMENT', 'The request body is too large.', { cause: err });
  return toAppError(err, 'INTERNAL');
}

const isApi = (req: Request): boolean => req.originalUrl.startsWith('/api/');

export const notFoundHandler: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  next(new AppError('NOT_FOUND', isApi(req) ? `No route ${req.method} ${req.path}.` : 'This page does not exist.'));
};

/** The one error handler: `{error: {code, message}}` for the API, the error page for the rest. */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = normaliseError(err);
    // Internal errors are logged with their cause; the user sees a safe message.
    if (e.status >= 500) log(`${req.method} ${req.originalUrl}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    const message = e.status >= 500 && e.code === 'INTERNAL' ? 'Something went wrong on the server; the details are in its log.' : e.message;
    if (res.headersSent) return;
    res.status(e.status);
    if (isApi(req)) res.json({ error: { code: e.code, message } });
    else res.render('pages/error', { title: e.status === 404 ? 'Not found' : 'Something went wrong', status: e.status, code: e.code, message });
  };
}
