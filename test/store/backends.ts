// The two store implementations the contract suite runs over: lowdb on a temporary folder, PostgreSQL in a throw-away schema.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import type { Store } from '../../src/store/store.ts';

/** A fresh, empty store; `reopen` gives a second handle on the same data (another process); `dispose` removes everything. */
export interface Backend {
  store: Store;
  reopen(): Store;
  /** A new handle that has read nothing yet (lowdb: a second store on the folder, for reads only). */
  fresh(): Store;
  /** Make the stored segments of a consultation's analyses unreadable (damaged), as the disk or database holds them. */
  breakSegments(id: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface BackendKind {
  name: string;
  /** Why this backend cannot run here, or null. */
  unavailable: string | null;
  open(): Promise<Backend>;
}

export const PG_URL = process.env.HARVEST_TEST_DATABASE_URL || null;

/** Why PostgreSQL tests cannot run here, or null when HARVEST_TEST_DATABASE_URL is set. */
export const PG_UNAVAILABLE = PG_URL ? null : 'HARVEST_TEST_DATABASE_URL is not set (bash .ci/run, or .ci/with-postgres COMMAND, starts a throw-away server and sets it)';

const reported = new Set<string>();

/**
 * In a `before` hook: skip the suite when its backend cannot run here, saying why once per `what`; with
 * HARVEST_REQUIRE_POSTGRES=1 a missing PostgreSQL fails the suite instead.
 */
export function skipUnavailable(ctx: Mocha.Context, kind: { name: string; unavailable: string | null }, what: string): void {
  if (!kind.unavailable) return;
  if (process.env.HARVEST_REQUIRE_POSTGRES === '1') throw new Error(`HARVEST_REQUIRE_POSTGRES=1 but ${kind.name} cannot run the ${what}: ${kind.unavailable}`);
  const key = `${kind.name}:${what}`;
  if (!reported.has(key)) {
    reported.add(key);
    process.stdout.write(`\n  SKIPPED ${what} on ${kind.name}: ${kind.unavailable}\n`);
  }
  ctx.skip();
}

/** A throw-away schema name in the test database. */
export const newSchemaName = (prefix = 'harvest_test'): string => `${prefix}_${randomBytes(5).toString('hex')}`;

/** A PostgreSQL store in a new schema of the test database (migrated), and a way to drop it. */
export async function openPgBackend(): Promise<{ store: PgStore; reopen(): PgStore; fresh(): PgStore; breakSegments(id: string): Promise<void>; dispose(): Promise<void> }> {
  const schema = newSchemaName();
  const store = new PgStore({ connectionString: PG_URL!, schema });
  await store.migrate();
  const others: PgStore[] = [];
  const reopen = (): PgStore => {
    const other = new PgStore({ connectionString: PG_URL!, schema });
    others.push(other);
    return other;
  };
  return {
    store,
    reopen,
    fresh: reopen,
    breakSegments: async (id) => {
      await store.pool.query(
        `UPDATE consultation_state SET analysis_segments = CASE WHEN analysis_segments IS NULL THEN NULL ELSE '{"not a segment"' END,
          previous_segments = CASE WHEN previous_segments IS NULL THEN NULL ELSE '{"not a segment"' END WHERE consultation_id = $1`,
        [id],
      );
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
      const folder = path.join(dir, 'consultations');
      return {
        store,
        reopen: () => store,
        fresh: () => new LowdbStore(dir),
        breakSegments: async (id) => {
          for (const name of await readdir(folder)) if (name.startsWith(`${id}.segments.`)) await writeFile(path.join(folder, name), '{"not a segment"\n');
        },
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    unavailable: PG_UNAVAILABLE,
    open: openPgBackend,
  },
];
