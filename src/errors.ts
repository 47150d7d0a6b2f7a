// One error vocabulary: codes with messages safe to show a facilitator, and an HTTP status for the web app.
export const ERROR_CODES = {
  BAD_ARGUMENT: { status: 400, message: 'The request or command line is not valid.' },
  UNSUPPORTED_FORMAT: { status: 415, message: 'This kind of file is not supported.' },
  EMPTY_FILE: { status: 422, message: 'The file is empty.' },
  UNREADABLE_FILE: { status: 422, message: 'The file could not be read.' },
  ENCRYPTED_FILE: { status: 422, message: 'The file is password-protected.' },
  MALFORMED_FILE: { status: 422, message: 'The file is damaged or not what its name says.' },
  BAD_CODEBOOK: { status: 422, message: 'The codebook is not valid.' },
  NO_CONTENT: { status: 422, message: 'No content could be read from the files.' },
  VERIFICATION_FAILED: { status: 500, message: 'The synthesis failed its own consistency check.' },
  UNAUTHORIZED: { status: 401, message: 'Log in first.' },
  FORBIDDEN: { status: 403, message: 'This is not allowed.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'Someone else changed this consultation in the meantime: reload it and make your change again.' },
  TOO_LARGE: { status: 413, message: 'The upload is too large.' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many attempts; try again later.' },
  INTERNAL: { status: 500, message: 'Something went wrong.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure with a code, a message a facilitator can act on, and optionally the file it concerns. */
const APP_ERROR = Symbol.for('harvest.AppError');

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly file: string | undefined;
  /** HTTP headers the answer must carry (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message?: string, options: { file?: string; cause?: unknown; headers?: Record<string, string> } = {}) {
    super(message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.file = options.file;
    this.headers = options.headers ?? {};
    Object.defineProperty(this, APP_ERROR, { value: true });
  }

  /**
   * An AppError of any copy of this module counts: modules loaded when first needed (`import()`, see cli.ts and
   * ingest/index.ts) are ES modules, while mocha loads the tests' static imports as CommonJS through tsx, so in tests
   * the same file can be two modules with two AppError classes.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && APP_ERROR in value;
  }
}

/** Wrap anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(err: unknown, fallback: ErrorCode = 'INTERNAL', file?: string): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError(fallback, message, { file, cause: err });
}
