// Downloads: the Content-Disposition of a file sent, and whether a request asks for personal data to be redacted.
import type { Request, Response } from 'express';
import { z } from 'zod';

/** `?redact=1` (or true/yes/on) asks for personal data to be replaced. */
export function wantsRedaction(req: Request): boolean {
  const parsed = z.string().max(10).safeParse(req.query.redact);
  const v = parsed.success ? parsed.data.toLowerCase() : '';
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

/** Attach a Content-Disposition for a download, with an ASCII fallback name. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"`;
}

/** Send `body` as a file to download under `filename`. */
export function sendDownload(res: Response, contentType: string, filename: string, body: string | Buffer | Uint8Array): void {
  res.type(contentType).setHeader('Content-Disposition', attachment(filename));
  res.send(body instanceof Uint8Array && !Buffer.isBuffer(body) ? Buffer.from(body) : body);
}
