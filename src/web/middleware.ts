// Web middleware: request validation, the 404 and the one error handler (JSON for /api, an HTML page otherwise).
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { DEFAULT_LIMITS, type UploadLimits } from '../config.ts';
import { AppError, toAppError } from '../errors.ts';
import { megabytes } from './http-error.ts';
import { isApi } from './security.ts';

/** Parse a request part with a zod schema; a mismatch is a BAD_ARGUMENT naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what = 'request'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_ARGUMENT', `Invalid ${what}: ${where}${issue.message}`);
}

const mb = megabytes;

/** Anything thrown by a route or a library, as an AppError with a status and a message safe to show. */
export function normaliseError(err: unknown, limits: UploadLimits = DEFAULT_LIMITS, fileField = 'files'): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return new AppError('TOO_LARGE', `A file is larger than the ${mb(limits.fileBytes)} limit; nothing was uploaded. Split it or upload a smaller export.`);
      case 'LIMIT_FILE_COUNT':
        return new AppError('TOO_LARGE', `At most ${limits.files} files can be uploaded at once; nothing was uploaded. Upload them in several rounds.`);
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_VALUE':
      case 'LIMIT_FIELD_KEY':
        return new AppError('TOO_LARGE', 'The upload has too many or too large form fields.');
      case 'LIMIT_UNEXPECTED_FILE':
        return new AppError('BAD_ARGUMENT', `Upload ${fileField === 'files' ? 'files' : 'the file'} in the field "${fileField}" (got "${err.field}").`, { cause: err });
      default:
        return new AppError('BAD_ARGUMENT', `The upload was refused: ${err.message}.`, { cause: err });
    }
  }
  const e = err as { status?: number; type?: string; message?: string };
  if (e && e.type === 'entity.parse.failed') return new AppError('BAD_ARGUMENT', 'The request body is not valid JSON.', { cause: err });
  if (e && e.type === 'entity.too.large') return new AppError('TOO_LARGE', 'The request body is too large (at most 2 MB of form or JSON data).');
  if (e && (e.type === 'parameters.too.many' || e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')) {
    return new AppError('BAD_ARGUMENT', `The request body was refused: ${e.message ?? e.type}.`, { cause: err });
  }
  // Busboy's multipart parse errors ("Unexpected end of form", "Malformed part header").
  if (e && e.status === 400 && e.message) return new AppError('BAD_ARGUMENT', `The request could not be read: ${e.message}.`, { cause: err });
  // multer's "Request aborted"/"Request closed": the client went away in the middle of an upload (not a server fault).
  if (err instanceof Error && /^(Unexpected end of form|Malformed part header|Multipart: Boundary not found|Request aborted|Request closed)/.test(err.message)) {
    return new AppError('BAD_ARGUMENT', `The upload could not be read: ${err.message}.`, { cause: err });
  }
  return toAppError(err, 'INTERNAL');
}



export const notFoundHandler: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  next(new AppError('NOT_FOUND', isApi(req) ? `No route ${req.method} ${req.path}.` : 'This page does not exist.'));
};

const TITLES: Record<number, string> = { 401: 'Log in first', 403: 'Not allowed', 404: 'Not found', 409: 'Changed by someone else', 413: 'Too large', 429: 'Too many attempts' };

/** The answer when even the error page fails: plain text, never Express's default page (which shows the stack). */
function lastResort(res: Response, status: number): void {
  if (res.headersSent) return;
  res.status(status).type('text/plain').send('Something went wrong on the server; the details are in its log.\n');
}

/**
 * The one error handler: `{error: {code, message}}` for the API, the error page for the rest. Nothing it sends
 * shows a stack trace or an internal message; if it fails itself it answers plain text, so an error can never
 * reach Express's default handler (which prints the stack outside production).
 */
export function errorHandler(log: (message: string) => void, limits: UploadLimits = DEFAULT_LIMITS): ErrorRequestHandler {
  const handle = errorAnswer(log, limits);
  return (err, req, res, next) => {
    try {
      handle(err, req, res, next);
    } catch (failure) {
      try {
        log(`${req.method} ${req.originalUrl}: the error handler failed: ${failure instanceof Error ? failure.stack ?? failure.message : String(failure)}`);
      } finally {
        lastResort(res, 500);
      }
    }
  };
}

function errorAnswer(log: (message: string) => void, limits: UploadLimits): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = normaliseError(err, limits, /\/consultations\/import\/?(\?|$)/.test(req.originalUrl) ? 'file' : 'files');
    // Internal errors are logged with their cause; the user sees a safe message.
    if (e.status >= 500) log(`${req.method} ${req.originalUrl}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    const message = e.status >= 500 && e.code === 'INTERNAL' ? 'Something went wrong on the server; the details are in its log.' : e.message;
    const code = e.code;
    if (res.headersSent) return;
    res.status(e.status);
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    // A refused upload may leave most of the body unread: close the connection instead of reading it all.
    if (e.status === 413) res.setHeader('Connection', 'close');
    if (isApi(req)) res.json({ error: { code, message } });
    else {
      // A stale change (409): offer to reload the page the form came from, which shows the other person's change.
      const referer = req.get('referer') ?? '';
      const host = req.get('host') ?? '';
      const back = e.status === 409 && host && referer.startsWith(`${req.protocol}://${host}/`) ? referer.slice(`${req.protocol}://${host}`.length) : null;
      res.render('pages/error', { title: TITLES[e.status] ?? 'Something went wrong', status: e.status, code, message, reload: back }, (renderError: Error | null, html?: string) => {
        if (renderError) {
          log(`${req.method} ${req.originalUrl}: the error page failed: ${renderError.stack ?? renderError.message}`);
          lastResort(res, e.status);
        } else res.send(html);
      });
    }
  };
}
