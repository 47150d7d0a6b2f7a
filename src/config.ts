// Configuration from environment variables, parsed once with zod at start-up: PORT, HOST, HARVEST_DATA_DIR.
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  HARVEST_DATA_DIR: z.string().min(1).default('data'),
});

/** The web app's settings, fully defaulted. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder holding the lowdb files. */
  dataDir: string;
}

/** Parse the settings from an environment (process.env by default); BAD_ARGUMENT names the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse({
    PORT: env.PORT || undefined,
    HOST: env.HOST || undefined,
    HARVEST_DATA_DIR: env.HARVEST_DATA_DIR || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('BAD_ARGUMENT', `environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  return { port: parsed.data.PORT, host: parsed.data.HOST, dataDir: path.resolve(parsed.data.HARVEST_DATA_DIR) };
}
