// Versioned PostgreSQL migrations: each runs once, in order, inside one transaction guarded by an advisory lock.
import type { Pool, PoolClient } from 'pg';
import { AppError } from '../errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, oldest first. Never edit a released migration: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'consultations, their state and their documents',
    sql: `
      CREATE TABLE consultations (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        date text,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE TABLE consultation_state (
        consultation_id text PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
        codebook text,
        analysis text,
        edits text NOT NULL DEFAULT '[]',
        history text NOT NULL DEFAULT '[]'
      );
      CREATE TABLE documents (
        consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        id text NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        size bigint NOT NULL,
        uploaded_at text NOT NULL,
        mapping text,
        ingested bytea NOT NULL,
        PRIMARY KEY (consultation_id, id)
      );
    `,
  },
  {
    version: 2,
    name: 'members of a consultation with their roles',
    sql: 'ALTER TABLE consultation_state ADD COLUMN members text',
  },
  {
    version: 3,
    name: 'audit log per consultation',
    sql: `
      CREATE TABLE audit (
        seq bigserial PRIMARY KEY,
        consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        at text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        detail text NOT NULL
      );
      CREATE INDEX audit_consultation ON audit (consultation_id, seq);
    `,
  },
  {
    version: 4,
    name: 'analysis jobs queued in the database',
    sql: `
      CREATE TABLE jobs (
        id text PRIMARY KEY,
        consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        seed integer NOT NULL,
        k integer,
        state text NOT NULL,
        progress real NOT NULL DEFAULT 0,
        stage text NOT NULL DEFAULT 'queued',
        error_code text,
        error_message text,
        worker text,
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        created_at text NOT NULL,
        finished_at text
      );
      CREATE INDEX jobs_waiting ON jobs (state, created_at);
      CREATE UNIQUE INDEX jobs_one_active ON jobs (consultation_id) WHERE state IN ('queued', 'running');
    `,
  },
  {
    version: 5,
    name: 'accounts, API tokens, share links, sessions and installation settings',
    // seq keeps the order things were added in (as the accounts file does); sessions are keyed by a hash of their id.
    sql: `
      CREATE TABLE users (
        name text PRIMARY KEY,
        seq bigserial NOT NULL,
        password_hash text NOT NULL,
        created_at text NOT NULL
      );
      CREATE TABLE api_tokens (
        id text PRIMARY KEY,
        seq bigserial NOT NULL,
        user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        hash text NOT NULL UNIQUE,
        created_at text NOT NULL
      );
      CREATE TABLE share_links (
        id text PRIMARY KEY,
        seq bigserial NOT NULL,
        hash text NOT NULL UNIQUE,
        consultation_id text NOT NULL,
        redact boolean NOT NULL,
        created_at text NOT NULL,
        created_by text NOT NULL,
        revoked_at text
      );
      CREATE INDEX share_links_consultation ON share_links (consultation_id, seq);
      CREATE TABLE sessions (
        key text PRIMARY KEY,
        user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        expires_at bigint NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_name);
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE TABLE settings (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'failed-login counts shared by every process',
    // key is the SHA-256 of "address|name" or of the address; reset_at ends the key's window (ms since 1970).
    sql: `
      CREATE TABLE login_attempts (
        key text PRIMARY KEY,
        count integer NOT NULL,
        reset_at bigint NOT NULL
      );
      CREATE INDEX login_attempts_reset ON login_attempts (reset_at);
    `,
  },
  {
    version: 7,
    name: 'the live plenary projector frozen by the facilitator',
    sql: 'ALTER TABLE consultation_state ADD COLUMN projector text',
  },
  {
    version: 8,
    name: 'the counts a list of consultations shows, beside each record',
    sql: 'ALTER TABLE consultations ADD COLUMN counts text',
  },
  {
    version: 9,
    name: 'the analysis a new analysis replaced (what changed since the last analysis)',
    sql: 'ALTER TABLE consultation_state ADD COLUMN previous text',
  },
  {
    version: 10,
    name: "each analysis's segments in a column of their own (JSON lines), read only when needed",
    sql: 'ALTER TABLE consultation_state ADD COLUMN analysis_segments text, ADD COLUMN previous_segments text',
  },
  {
    version: 11,
    name: "a survey's records in a column of their own (JSON), parsed only when used (rows written before keep them inside until their next change), and its detected columns",
    sql: 'ALTER TABLE documents ADD COLUMN records text, ADD COLUMN columns text',
  },
];

/** A schema name safe to put in SQL unquoted. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new AppError('BAD_ARGUMENT', `"${schema}" cannot be a PostgreSQL schema name (use lower-case letters, digits and _).`);
  return schema;
}

/**
 * Bring the database schema up to date; returns the versions applied now (empty when it was current).
 * Several processes may call it at once: an advisory lock makes the others wait, then find nothing to do.
 */
/** Run `task` in one transaction on a client of `pool`: committed when it resolves, rolled back when it throws. */
export async function inTransaction<R>(pool: Pool, task: (client: PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await task(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function migrate(pool: Pool, schema = 'public', migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkSchemaName(schema);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`harvest-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const ahead = [...done].filter((v) => v > newest);
    if (ahead.length > 0) throw new AppError('INTERNAL', `The database has schema version ${Math.max(...ahead)}, newer than this Harvest knows (${newest}): upgrade Harvest.`);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** The versions recorded in the database, oldest first (empty before the first migration). */
export async function appliedVersions(pool: Pool, schema = 'public'): Promise<number[]> {
  checkSchemaName(schema);
  const exists = await pool.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'schema_migrations']);
  if (exists.rowCount === 0) return [];
  return (await pool.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).rows.map((r) => r.version);
}
