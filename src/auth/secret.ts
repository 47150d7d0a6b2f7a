// The key that signs session cookies of a lowdb installation: from HARVEST_SESSION_SECRET, else generated once and
// kept (mode 0600) in the data folder. (PostgreSQL installations keep it in the database: pg-accounts.ts.)
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

async function readSecret(file: string): Promise<Buffer | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length >= 43 ? Buffer.from(text, 'base64url') : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The signing key: the configured secret, or `<dataDir>/.session-secret` (created on first use). The file is
 * written complete under a temporary name, then linked into place, which fails when another process did it
 * first: then both use that one.
 */
export async function loadSessionSecret(dataDir: string, configured: string | null): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, '.session-secret');
  const existing = await readSecret(file);
  if (existing) return existing;
  const secret = randomBytes(32);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${secret.toString('base64url')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const theirs = await readSecret(file);
    if (theirs) return theirs;
    // A damaged file (left by an older version): replace it, as before.
    await rename(temp, file);
    return secret;
  } finally {
    await rm(temp, { force: true });
  }
}
