// The two store implementations the contract suite runs over: lowdb on a temporary folder, PostgreSQL in a throw-away schema.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import type { Store } from '../../src/store/store.ts';

/** A fresh, empty store; `reopen` gives a second handle on the same data (another process); `dispose` removes everything. */
export interface Backend {
  store: Store;
  reopen(): Store;
  dispose(): Promise<void>;
}

export interface BackendKind {
  name: string;
  /** Why this backend cannot run here, or null. */
  unavailable: string | null;
  open(): Promise<Backend>;
}

export const PG_URL = process.env.HARVEST_TEST_DATABASE_URL || null;

/** A PostgreSQL store in a new schema of the test database (migrated), and a way to drop it. */
export async function openPgBackend(): Promise<Backend & { store: PgStore; reopen(): PgStore }> {
  const schema = `harvest_test_${randomBytes(5).toString('hex')}`;
  const store = new PgStore({ connectionString: PG_URL!, schema });
  await store.migrate();
  const others: PgStore[] = [];
  return {
    store,
    reopen: () => {
      const other = new PgStore({ connectionString: PG_URL!, schema });
      others.push(other);
      return other;
    },
    dispose: async () => {
      for (const o of others) await o.close();
      await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
    },
  };
}

export const BACKENDS: BackendKind[] = [
  {
    name: 'lowdb',
    unavailable: null,
    open: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-contract-'));
      const store = new LowdbStore(dir);
      return { store, reopen: () => store, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    unavailable: PG_URL ? null : 'HARVEST_TEST_DATABASE_URL is not set (bash .ci/run starts a throw-away server and sets it)',
    open: openPgBackend,
  },
];
