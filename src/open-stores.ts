// Open an installation's stores, chosen by configuration: a data folder (lowdb files and accounts.json), or
// PostgreSQL (DATABASE_URL) holding consultations, accounts, tokens, share links, sessions and the session secret.
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AccountStore } from './auth/accounts.ts';
import { FileAccountStore } from './auth/file-accounts.ts';
import { PgAccountStore } from './auth/pg-accounts.ts';
import { LowdbStore } from './store/lowdb-store.ts';
import { PgStore } from './store/pg-store.ts';
import type { Store } from './store/store.ts';

export interface Stores {
  store: Store;
  accounts: AccountStore;
  /** The PostgreSQL store when the installation uses one (for the database job queue), else null. */
  pg: PgStore | null;
  /** Migration versions applied while opening (PostgreSQL; empty when the schema was current). */
  applied: number[];
  close(): Promise<void>;
}

/** A postgres:// URL rather than a folder. */
export const isDatabaseUrl = (s: string): boolean => /^postgres(ql)?:\/\//.test(s);

/**
 * Open the stores of a data folder, or of a PostgreSQL database when `databaseUrl` is set (migrating it first:
 * several processes may do so at once). The folder is created (owner only) when missing.
 */
export async function openStores(where: { dataDir: string; databaseUrl: string | null }, options: { create?: boolean } = {}): Promise<Stores> {
  if (where.databaseUrl) {
    const pg = new PgStore({ connectionString: where.databaseUrl });
    try {
      const applied = await pg.migrate();
      return { store: pg, accounts: new PgAccountStore(pg), pg, applied, close: () => pg.close() };
    } catch (err) {
      await pg.close().catch(() => undefined);
      throw err;
    }
  }
  const dir = path.resolve(where.dataDir);
  if (options.create ?? true) await ownerOnlyFolder(dir);
  return { store: new LowdbStore(dir), accounts: new FileAccountStore(dir), pg: null, applied: [], close: async () => undefined };
}

/**
 * Create the data folder readable by its owner only (0700), and take group and other users' access away from one
 * that exists already with more (a clone's data/ is checked out 0755). A folder of another user is left as it is.
 */
export async function ownerOnlyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await stat(dir);
  const mine = process.getuid === undefined || st.uid === process.getuid();
  if ((st.mode & 0o077) !== 0 && mine) await chmod(dir, st.mode & 0o700);
}

/** Open a data folder or a postgres:// URL (for `harvest db copy`; a folder read from is not created). */
export function openLocation(where: string, options: { create?: boolean } = {}): Promise<Stores> {
  return isDatabaseUrl(where) ? openStores({ dataDir: '', databaseUrl: where }) : openStores({ dataDir: where, databaseUrl: null }, options);
}
