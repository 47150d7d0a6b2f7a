// The key that signs session cookies: from HARVEST_SESSION_SECRET, else generated once and kept (mode 0600) in the data folder.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The signing key: the configured secret, or `<dataDir>/.session-secret` (created on first use). */
export async function loadSessionSecret(dataDir: string, configured: string | null): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, '.session-secret');
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (text.length >= 43) return Buffer.from(text, 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  await writeFile(file, `${secret.toString('base64url')}\n`, { mode: 0o600 });
  return secret;
}
