// Database commands: `harvest db migrate` (create or upgrade the PostgreSQL schema) and `harvest db copy` (lowdb <-> PostgreSQL, verified).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadResources, type Resources } from './corpus.ts';
import { AppError } from './errors.ts';
import { HarvestService } from './services/harvest.ts';
import { LowdbStore } from './store/lowdb-store.ts';
import { MIGRATIONS } from './store/pg-migrations.ts';
import { PgStore } from './store/pg-store.ts';
import type { Store } from './store/store.ts';

export const DB_USAGE = `Usage:
  harvest db migrate [--url URL]          create or upgrade the PostgreSQL schema (URL default: DATABASE_URL)
  harvest db copy --from SRC --to DST     copy every consultation (and its audit log) from SRC to DST, then check that each
                                          synthesis is identical in both; SRC and DST are each a data folder
                                          (lowdb, e.g. data/) or a postgres://user:password@host:port/db URL

The web app also migrates the database when it starts with DATABASE_URL set. "db copy" refuses to
overwrite: consultations whose id exists in DST already are named and nothing is copied. Accounts and
the session secret stay in HARVEST_DATA_DIR; copy that folder's accounts.json yourself if needed.`;

export interface DbIo {
  out(text: string): void;
  env: Record<string, string | undefined>;
}

const DEFAULT_IO: DbIo = { out: (t) => process.stdout.write(t), env: process.env };

const isUrl = (s: string): boolean => /^postgres(ql)?:\/\//.test(s);

/** Open a store from a folder or a postgres:// URL (migrating the database first). */
export async function openStore(where: string): Promise<Store> {
  if (!isUrl(where)) return new LowdbStore(path.resolve(where));
  const store = new PgStore({ connectionString: where });
  await store.migrate();
  return store;
}

/** A JSON text with object keys sorted: equal texts mean equal data, whatever order a store kept the keys in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export interface CopyReport {
  copied: string[];
  /** Consultations whose synthesis (edits applied) was compared and found identical. */
  verified: string[];
}

/**
 * Copy every consultation of `from` into `to` (which must not hold any of their ids), then check each one:
 * the stored data and the synthesis with the edits applied must be identical in both stores.
 */
export async function copyStore(from: Store, to: Store, resources: Resources): Promise<CopyReport> {
  const records = await from.list();
  const existing = new Set((await to.list()).map((c) => c.id));
  const clash = records.filter((r) => existing.has(r.id)).map((r) => r.id).sort();
  if (clash.length > 0) throw new AppError('BAD_ARGUMENT', `the destination holds these consultations already: ${clash.join(', ')}; nothing was copied.`);
  const copied: string[] = [];
  for (const r of records) {
    const data = await from.get(r.id);
    if (!data) continue;
    await to.create(data);
    for (const entry of await from.audit(r.id)) await to.appendAudit(r.id, entry);
    copied.push(r.id);
  }
  const source = new HarvestService(from, resources);
  const target = new HarvestService(to, resources);
  const verified: string[] = [];
  for (const id of copied) {
    const a = await from.get(id);
    const b = await to.get(id);
    if (canonicalJson(await from.audit(id)) !== canonicalJson(await to.audit(id))) throw new AppError('INTERNAL', `the audit log of consultation ${id} differs after the copy; check the destination before use.`);
    if (canonicalJson(a) !== canonicalJson(b)) throw new AppError('INTERNAL', `consultation ${id} differs after the copy; the destination keeps what was copied, check it before use.`);
    if (!a?.analysis) continue;
    const sa = canonicalJson((await source.current(id)).synthesis);
    const sb = canonicalJson((await target.current(id)).synthesis);
    if (sa !== sb) throw new AppError('INTERNAL', `the synthesis of consultation ${id} differs after the copy; check the destination before use.`);
    verified.push(id);
  }
  return { copied, verified };
}

/** `harvest db ...`; returns the exit code (errors are thrown as AppError for main to report). */
export async function runDb(argv: string[], io: DbIo = DEFAULT_IO): Promise<number> {
  const [action, ...rest] = argv;
  if (!action || action === '-h' || action === '--help') {
    io.out(`${DB_USAGE}\n`);
    return action ? 0 : 2;
  }
  let values: { url?: string; from?: string; to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, options: { url: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new AppError('BAD_ARGUMENT', (err as Error).message);
  }
  if (values.help) {
    io.out(`${DB_USAGE}\n`);
    return 0;
  }
  if (action === 'migrate') {
    const url = values.url ?? io.env.DATABASE_URL;
    if (!url || !isUrl(url)) throw new AppError('BAD_ARGUMENT', 'give the database: --url postgres://user:password@host:port/db, or set DATABASE_URL');
    const store = new PgStore({ connectionString: url });
    try {
      const applied = await store.migrate();
      const newest = Math.max(...MIGRATIONS.map((m) => m.version));
      io.out(applied.length ? `Applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}: the schema is at version ${newest}.\n` : `The schema is up to date (version ${newest}).\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'copy') {
    if (!values.from || !values.to) throw new AppError('BAD_ARGUMENT', 'give both --from and --to (a data folder or a postgres:// URL)');
    if (values.from === values.to) throw new AppError('BAD_ARGUMENT', '--from and --to are the same');
    const from = await openStore(values.from);
    try {
      const to = await openStore(values.to);
      try {
        const report = await copyStore(from, to, await loadResources());
        io.out(`Copied ${report.copied.length} consultation${report.copied.length === 1 ? '' : 's'}; the synthesis is identical after the move for ${report.verified.length} analysed (${report.verified.join(', ') || 'none'}).\n`);
      } finally {
        await to.close?.();
      }
    } finally {
      await from.close?.();
    }
    return 0;
  }
  throw new AppError('BAD_ARGUMENT', `unknown command "db ${action}"; try: harvest db --help`);
}
