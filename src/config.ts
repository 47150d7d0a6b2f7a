// Configuration from environment variables, parsed once with zod at start-up: address, data folder or database, security and upload limits.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { DEFAULT_READER_LIMITS } from './ingest/limits.ts';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  HARVEST_DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'use a postgres://user:password@host:port/database URL').optional(),
  HARVEST_AUTH: flag.default(false),
  HARVEST_TRUST_PROXY: z.string().min(1).optional(),
  HARVEST_SECURE_COOKIES: z.union([z.literal('auto'), flag]).default('auto'),
  HARVEST_SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  HARVEST_SESSION_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  HARVEST_MAX_FILE_MB: z.coerce.number().positive().max(2048).default(50),
  HARVEST_MAX_FILES: z.coerce.number().int().min(1).max(1000).default(20),
  HARVEST_MAX_UPLOAD_MB: z.coerce.number().positive().max(100_000).default(200),
  HARVEST_MAX_UNZIPPED_MB: z.coerce.number().positive().max(8192).default(200),
  HARVEST_MAX_ZIP_ENTRIES: z.coerce.number().int().min(10).max(1_000_000).default(5000),
  HARVEST_ALLOWED_HOSTS: z
    .string()
    .max(4000)
    .optional()
    .transform((raw, ctx) => {
      const names: string[] = [];
      for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
        const name = hostNameOf(part);
        const hasPort = /:\d*$/.test(part.replace(/^\[[^\]]*\]/, ''));
        if (!name || hasPort) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not a host name (give names such as harvest.example.org, without a port, separated by commas)` });
          return z.NEVER;
        }
        names.push(name);
      }
      return names;
    }),
  HARVEST_READ_SECONDS: z.coerce.number().positive().max(3600).default(60),
  HARVEST_READ_MEMORY_MB: z.coerce.number().int().min(64).max(65_536).default(1024),
  HARVEST_MAX_TEXT_CHARS: z.coerce.number().int().min(1000).default(DEFAULT_READER_LIMITS.textChars),
  HARVEST_MAX_CELLS: z.coerce.number().int().min(100).default(DEFAULT_READER_LIMITS.cells),
  HARVEST_MAX_PDF_PAGES: z.coerce.number().int().min(1).default(DEFAULT_READER_LIMITS.pdfPages),
  HARVEST_MAX_NESTING: z.coerce.number().int().min(20).max(10_000).default(DEFAULT_READER_LIMITS.nesting),
});

/**
 * How uploaded files are read: each in a worker thread stopped after `seconds` or when its heap passes
 * `memoryMb`, and what one file may expand to (see src/ingest/limits.ts).
 */
export interface ReadingLimits {
  seconds: number;
  memoryMb: number;
  textChars: number;
  cells: number;
  pdfPages: number;
  nesting: number;
}

export const DEFAULT_READING: ReadingLimits = {
  seconds: 60,
  memoryMb: 1024,
  textChars: DEFAULT_READER_LIMITS.textChars,
  cells: DEFAULT_READER_LIMITS.cells,
  pdfPages: DEFAULT_READER_LIMITS.pdfPages,
  nesting: DEFAULT_READER_LIMITS.nesting,
};

/** Upload and archive limits: bounded because files are read in memory. */
export interface UploadLimits {
  /** Largest accepted file, in bytes. */
  fileBytes: number;
  /** Most files in one upload request. */
  files: number;
  /** Largest upload request (all its files together), in bytes. */
  requestBytes: number;
  /** DOCX/XLSX (zip) files: most bytes once uncompressed, and most entries. */
  unzippedBytes: number;
  zipEntries: number;
}

/** Access settings of the web app. */
export interface SecurityConfig {
  /** Require a login even on 127.0.0.1 with no account yet (HARVEST_AUTH=1). */
  auth: boolean;
  /** Express "trust proxy" value behind a reverse proxy (e.g. "loopback" or "1"), or false. */
  trustProxy: string | number | boolean;
  /** Cookies marked Secure: "auto" does it when the request came over HTTPS (as the proxy reports it). */
  secureCookies: 'auto' | boolean;
  /** Secret for signing session cookies; null keeps a generated one in the data folder (or the database). */
  sessionSecret: string | null;
  sessionHours: number;
  /** The address the server listens on (HOST): on loopback, requests must name an allowed host (DNS rebinding). */
  listenHost: string;
  /** Host names accepted besides localhost, 127.0.0.1 and [::1] (HARVEST_ALLOWED_HOSTS); lower-case, without port. */
  allowedHosts: string[];
}

/** The web app's settings, fully defaulted. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder holding the lowdb files, accounts.json and the session secret (unused with a database). */
  dataDir: string;
  /** PostgreSQL URL (DATABASE_URL): consultations, accounts, tokens, share links, sessions and the session secret are stored there instead. */
  databaseUrl: string | null;
  security: SecurityConfig;
  limits: UploadLimits;
  reading: ReadingLimits;
}

const MB = 1024 * 1024;

/** Defaults of the security settings and limits (what tests and createApp use when given none). */
export const DEFAULT_SECURITY: SecurityConfig = { auth: false, trustProxy: false, secureCookies: 'auto', sessionSecret: null, sessionHours: 12, listenHost: '127.0.0.1', allowedHosts: [] };
export const DEFAULT_LIMITS: UploadLimits = { fileBytes: 50 * MB, files: 20, requestBytes: 200 * MB, unzippedBytes: 200 * MB, zipEntries: 5000 };

function trustProxyValue(raw: string | undefined): string | number | boolean {
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** Parse the settings from an environment (process.env by default); BAD_ARGUMENT names the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] || undefined]));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('BAD_ARGUMENT', `environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.HARVEST_DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    security: {
      auth: e.HARVEST_AUTH,
      trustProxy: trustProxyValue(e.HARVEST_TRUST_PROXY),
      secureCookies: e.HARVEST_SECURE_COOKIES,
      sessionSecret: e.HARVEST_SESSION_SECRET ?? null,
      sessionHours: e.HARVEST_SESSION_HOURS,
      listenHost: e.HOST,
      allowedHosts: e.HARVEST_ALLOWED_HOSTS,
    },
    limits: {
      fileBytes: Math.round(e.HARVEST_MAX_FILE_MB * MB),
      files: e.HARVEST_MAX_FILES,
      requestBytes: Math.round(e.HARVEST_MAX_UPLOAD_MB * MB),
      unzippedBytes: Math.round(e.HARVEST_MAX_UNZIPPED_MB * MB),
      zipEntries: e.HARVEST_MAX_ZIP_ENTRIES,
    },
    reading: {
      seconds: e.HARVEST_READ_SECONDS,
      memoryMb: e.HARVEST_READ_MEMORY_MB,
      textChars: e.HARVEST_MAX_TEXT_CHARS,
      cells: e.HARVEST_MAX_CELLS,
      pdfPages: e.HARVEST_MAX_PDF_PAGES,
      nesting: e.HARVEST_MAX_NESTING,
    },
  };
}

/**
 * The host name of a Host header value or a configured name ("name", "name:port", "[::1]:port"), lower-case and
 * normalised as a browser does (IPv6 in brackets); null for anything else (a path, user info, an empty name).
 */
export function hostNameOf(value: string | undefined): string | null {
  if (!value || /[\s/\\@?#]/.test(value)) return null;
  try {
    const url = new URL(`http://${value}`);
    return url.hostname ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** True for addresses only this computer can reach: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Why the server must not start with these settings, or null when it may. Listening on another address than
 * loopback needs logins: HARVEST_AUTH=1 or at least one account, and an account to log in with.
 */
export function listenProblem(host: string, authRequired: boolean, users: number): string | null {
  if (isLoopback(host)) return null;
  if (!authRequired || users === 0) {
    return (
      `HOST=${host} makes Harvest reachable from other computers, so it needs logins, and there is ${users === 0 ? 'no account yet' : 'no login required'}. ` +
      'Add an account first with "harvest user add NAME" (and set HARVEST_AUTH=1), or listen on 127.0.0.1 only (the default).'
    );
  }
  return null;
}
