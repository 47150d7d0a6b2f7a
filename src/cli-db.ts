// Database commands: `harvest db migrate` (create or upgrade the PostgreSQL schema) and `harvest db copy` (lowdb <-> PostgreSQL, verified).
import { parseArgs } from 'node:util';
import { importProblem, type AccountsData, type AccountStore } from './auth/accounts.ts';
import { loadResources, type Resources } from './corpus.ts';
import { AppError } from './errors.ts';
import { HarvestService } from './services/harvest.ts';
import { isDatabaseUrl, openLocation } from './open-stores.ts';
import { MIGRATIONS } from './store/pg-migrations.ts';
import { PgStore } from './store/pg-store.ts';
import type { Store } from './store/store.ts';

export const DB_USAGE = `Usage:
  harvest db migrate [--url URL]          create or upgrade the PostgreSQL schema (URL default: DATABASE_URL)
  harvest db copy --from SRC --to DST     copy every consultation (and its audit log), the accounts, API tokens and
                                          share links from SRC to DST, then check that each synthesis is identical
                                          in both; SRC and DST are each a data folder (lowdb, e.g. data/) or a
                                          postgres://user:password@host:port/db URL

The web app also migrates the database when it starts with DATABASE_URL set. "db copy" refuses to
overwrite: consultations, accounts, tokens or share links that exist in DST already are named and
nothing is copied. Sessions are not copied (everyone logs in again after the move), nor is the
session secret (DST has its own, unless HARVEST_SESSION_SECRET sets one).`;

export interface DbIo {
  out(text: string): void;
  env: Record<string, string | undefined>;
}

const DEFAULT_IO: DbIo = { out: (t) => process.stdout.write(t), env: process.env };

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
  /** Accounts, API tokens and share links copied (zero when no account stores were given). */
  accounts: { users: number; tokens: number; shares: number };
}

/** The account stores of both sides, when accounts are copied too. */
export interface AccountsPair {
  from: AccountStore;
  to: AccountStore;
}

/** The part of `all` that is `part`'s entries (by name and id), in `part`'s order, to check a copy. */
function sameEntries(all: AccountsData, part: AccountsData): AccountsData {
  const users = new Map(all.users.map((u) => [u.name, u]));
  const tokens = new Map(all.tokens.map((t) => [t.id, t]));
  const shares = new Map(all.shares.map((x) => [x.id, x]));
  return {
    users: part.users.map((u) => users.get(u.name)!).filter(Boolean),
    tokens: part.tokens.map((t) => tokens.get(t.id)!).filter(Boolean),
    shares: part.shares.map((x) => shares.get(x.id)!).filter(Boolean),
  };
}

/**
 * Copy every consultation of `from` into `to` (which must not hold any of their ids), and with `accounts`
 * the accounts, API tokens and share links too (none may exist in the destination), then check: the stored
 * data, the accounts and the synthesis with the edits applied must be identical in both stores.
 */
export async function copyStore(from: Store, to: Store, resources: Resources, accounts?: AccountsPair): Promise<CopyReport> {
  const records = await from.list();
  const existing = new Set((await to.list()).map((c) => c.id));
  const clash = records.filter((r) => existing.has(r.id)).map((r) => r.id).sort();
  if (clash.length > 0) throw new AppError('BAD_ARGUMENT', `the destination holds these consultations already: ${clash.join(', ')}; nothing was copied.`);
  const people = accounts ? await accounts.from.exportAccounts() : { users: [], tokens: [], shares: [] };
  const problem = accounts ? importProblem(await accounts.to.exportAccounts(), people) : null;
  if (problem) throw new AppError('BAD_ARGUMENT', `the destination cannot take the accounts: ${problem}; nothing was copied.`);
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
  if (accounts) {
    await accounts.to.importAccounts(people);
    if (canonicalJson(sameEntries(await accounts.to.exportAccounts(), people)) !== canonicalJson(people)) {
      throw new AppError('INTERNAL', 'the accounts, API tokens or share links differ after the copy; check the destination before use.');
    }
  }
  return { copied, verified, accounts: { users: people.users.length, tokens: people.tokens.length, shares: people.shares.length } };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

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
    if (!url || !isDatabaseUrl(url)) throw new AppError('BAD_ARGUMENT', 'give the database: --url postgres://user:password@host:port/db, or set DATABASE_URL');
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
    const from = await openLocation(values.from, { create: false });
    try {
      const to = await openLocation(values.to);
      try {
        const report = await copyStore(from.store, to.store, await loadResources(), { from: from.accounts, to: to.accounts });
        const a = report.accounts;
        io.out(
          `Copied ${plural(report.copied.length, 'consultation')} and ${plural(a.users, 'account')} (${plural(a.tokens, 'API token')}, ${plural(a.shares, 'share link')}); ` +
            `the synthesis is identical after the move for ${report.verified.length} analysed (${report.verified.join(', ') || 'none'}).\n`,
        );
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
    return 0;
  }
  throw new AppError('BAD_ARGUMENT', `unknown command "db ${action}"; try: harvest db --help`);
}
