// Uploads: the multipart parser streaming files to the data folder's "uploads" with size limits, the sweep of
// files a crashed process left there, and a request's uploaded files as the services read them.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import type { UploadLimits } from '../config.ts';
import { AppError } from '../errors.ts';
import type { UploadedFile } from '../services/documents.ts';
import { megabytes } from './http-error.ts';

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

/** Parsers of one multipart field: several files, or one. */
export interface UploadParser {
  array(field: string): RequestHandler;
  single(field: string): RequestHandler;
}

/**
 * The multipart parser with the configured limits. Files are streamed into generated names in `dir` (the data
 * folder's "uploads" for the server), never buffered whole in memory; each is removed once the request has ended,
 * whatever the answer (multer removes those of a refused upload itself). The size of each file, their number and
 * the whole request are bounded (the request by its Content-Length before anything is read, or by counting when
 * it is sent in chunks).
 */
export function makeUpload(limits: UploadLimits, dir: string): UploadParser {
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

/** An uploaded file's name as the browser sent it (UTF-8; multer decodes it as latin1). */
export function uploadedName(file: { originalname: string }): string {
  return Buffer.from(file.originalname, 'latin1').toString('utf8');
}

/** A request's uploaded files as the service reads them: the (UTF-8) name and the temporary file. */
export function uploadedFiles(req: Request): UploadedFile[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  return files.map((f) => ({ name: uploadedName(f), path: f.path, size: f.size }));
}

/** The backup archive of an import request: its (UTF-8) name and bytes (an archive is unpacked in memory). */
export async function uploadedArchive(req: Request): Promise<{ name: string; bytes: Uint8Array } | null> {
  if (!req.file) return null;
  return { name: uploadedName(req.file), bytes: new Uint8Array(await readFile(req.file.path)) };
}
