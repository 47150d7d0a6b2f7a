// `harvest db copy` and `harvest db migrate`: an analysed, edited consultation moves lowdb -> PostgreSQL -> lowdb with the same synthesis.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { FileAccountStore } from '../../src/auth/file-accounts.ts';
import { PgAccountStore } from '../../src/auth/pg-accounts.ts';
import { canonicalJson, copyStore, runDb } from '../../src/cli-db.ts';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { inlineRunner, JobQueue } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { migrate, MIGRATIONS } from '../../src/store/pg-migrations.ts';
import { NOTES_BREAKOUT, NOTES_WORKSHOP } from '../web/helpers.ts';
import { openPgBackend, PG_UNAVAILABLE, PG_URL, skipUnavailable } from './backends.ts';

let resources: Resources;
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'harvest-copy-'));
  dirs.push(d);
  return d;
};

/**
 * A lowdb folder holding one analysed consultation with a renamed theme and an excluded segment, one empty one,
 * and two accounts, one with an API token, and a share link of the analysed one.
 */
async function analysedFolder(): Promise<{ dir: string; synthesis: string; token: string; share: string }> {
  const dir = await tempDir();
  const service = new HarvestService(new LowdbStore(dir), resources, new JobQueue(inlineRunner, 1));
  await service.createConsultation({ name: 'Rural broadband', id: 'rb' }, OPEN_MODE);
  await service.createConsultation({ name: 'Not analysed yet', id: 'empty' }, OPEN_MODE);
  await service.addDocuments('rb', [
    { name: 'workshop.md', bytes: Buffer.from(NOTES_WORKSHOP) },
    { name: 'breakout.txt', bytes: Buffer.from(NOTES_BREAKOUT) },
  ], OPEN_MODE);
  await service.analyse('rb', { seed: 11 });
  await service.jobs.idle();
  const { synthesis } = await service.current('rb');
  const theme = synthesis.scopes.flatMap((s) => s.themes)[0]!;
  await service.renameTheme('rb', theme.id, 'Data is too expensive', { author: 'Dana' });
  await service.excludeSegment('rb', synthesis.segments.at(-1)!.id, { author: 'Dana' });
  const accounts = new FileAccountStore(dir);
  await accounts.addUser('dana', 'correct horse battery');
  await accounts.addUser('olga', 'another good password');
  const { token } = await accounts.createToken('dana');
  const share = await accounts.createShare('rb', 'dana');
  return { dir, synthesis: canonicalJson((await service.current('rb')).synthesis), token, share: share.token };
}

const lines: string[] = [];
const io = { out: (t: string) => void lines.push(t), env: {} };

describe('harvest db copy', function () {
  this.timeout(120_000);
  before(async () => {
    resources = await loadResources();
  });
  beforeEach(() => {
    lines.length = 0;
  });
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('copies folder to folder from the command line, accounts included, checks the synthesis, and refuses to overwrite', async () => {
    const { dir, synthesis, token, share } = await analysedFolder();
    const to = await tempDir();
    expect(await runDb(['copy', '--from', dir, '--to', to], io)).to.equal(0);
    expect(lines.join('')).to.equal('Copied 2 consultations and 2 accounts (1 API token, 1 share link); the synthesis is identical after the move for 1 analysed (rb).\n');
    const copied = new FileAccountStore(to);
    expect(await copied.listUsers()).to.deep.equal(['dana', 'olga']);
    expect(await copied.checkPassword('olga', 'another good password')).to.equal('olga');
    expect(await copied.userOfToken(token)).to.equal('dana');
    expect((await copied.shareOfToken(share))?.consultationId).to.equal('rb');
    const moved = new HarvestService(new LowdbStore(to), resources);
    expect(canonicalJson((await moved.current('rb')).synthesis)).to.equal(synthesis);
    expect((await new LowdbStore(to).audit('rb')).map((e) => [e.user, e.action, e.detail])).to.deep.equal([['facilitator', 'created', 'created "Rural broadband"']]);
    let error: Error | null = null;
    await runDb(['copy', '--from', dir, '--to', to], io).catch((e: Error) => (error = e));
    expect(error!.message).to.equal('the destination holds these consultations already: empty, rb; nothing was copied.');
    // Accounts that exist in the destination are named too, before anything is copied.
    const third = await tempDir();
    await new FileAccountStore(third).addUser('olga', 'a third good password');
    await runDb(['copy', '--from', dir, '--to', third], io).catch((e: Error) => (error = e));
    expect(error!.message).to.equal('the destination cannot take the accounts: accounts olga exist already; nothing was copied.');
    expect(await new LowdbStore(third).list()).to.deep.equal([]);
    expect(await new FileAccountStore(third).listUsers()).to.deep.equal(['olga']);
  });

  const cli: [string, string[], RegExp][] = [
    ['copy without --to', ['copy', '--from', 'data'], /^give both --from and --to/],
    ['copy onto itself', ['copy', '--from', 'x', '--to', 'x'], /^--from and --to are the same$/],
    ['migrate without a URL', ['migrate'], /^give the database: --url postgres:/],
    ['an unknown option', ['copy', '--form', 'x'], /Unknown option '--form'/],
    ['an unknown action', ['drop'], /^unknown command "db drop"; try: harvest db --help$/],
  ];
  for (const [name, argv, message] of cli) {
    it(`refuses ${name}`, async () => {
      let error: Error | null = null;
      await runDb(argv, io).catch((e: Error) => (error = e));
      expect(error!.message).to.match(message);
    });
  }

  describe('with PostgreSQL', function () {
    before(function () {
      skipUnavailable(this, { name: 'PostgreSQL', unavailable: PG_UNAVAILABLE }, 'db copy/migrate');
    });

    it('moves lowdb -> PostgreSQL -> lowdb with the same data, accounts and synthesis', async () => {
      const { dir, synthesis, token, share } = await analysedFolder();
      const pgb = await openPgBackend();
      try {
        const pgAccounts = new PgAccountStore(pgb.store);
        const there = await copyStore(new LowdbStore(dir), pgb.store, resources, { from: new FileAccountStore(dir), to: pgAccounts });
        expect(there.verified).to.deep.equal(['rb']);
        expect(there.accounts).to.deep.equal({ users: 2, tokens: 1, shares: 1 });
        const other = new PgAccountStore(pgb.reopen());
        expect(await other.userOfToken(token)).to.equal('dana');
        expect(await other.checkPassword('dana', 'correct horse battery')).to.equal('dana');
        expect((await other.shareOfToken(share))?.consultationId).to.equal('rb');
        expect(there.copied.slice().sort()).to.deep.equal(['empty', 'rb']);
        expect(canonicalJson((await new HarvestService(pgb.reopen(), resources).current('rb')).synthesis)).to.equal(synthesis);
        const back = await tempDir();
        expect(await copyStore(pgb.store, new LowdbStore(back), resources, { from: pgAccounts, to: new FileAccountStore(back) })).to.deep.include({ verified: ['rb'] });
        expect(await new FileAccountStore(back).exportAccounts()).to.deep.equal(await new FileAccountStore(dir).exportAccounts());
        expect(canonicalJson(await new LowdbStore(back).get('rb'))).to.equal(canonicalJson(await new LowdbStore(dir).get('rb')));
        expect(await new LowdbStore(back).audit('rb')).to.deep.equal(await new LowdbStore(dir).audit('rb'));
      } finally {
        await pgb.dispose();
      }
    });

    it('migrates once: a second run and a concurrent run find nothing to do; a newer database is refused', async () => {
      const pool = new pg.Pool({ connectionString: PG_URL! });
      const schema = `harvest_mig_${Date.now().toString(36)}`;
      try {
        const runs = await Promise.all([migrate(pool, schema), migrate(pool, schema), migrate(pool, schema)]);
        expect(runs.map((r) => r.length).sort()).to.deep.equal([0, 0, MIGRATIONS.length]);
        expect(await migrate(pool, schema)).to.deep.equal([]);
        const tables = await pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
        expect(tables.rows.map((r) => r.table_name)).to.deep.equal(['api_tokens', 'audit', 'consultation_state', 'consultations', 'documents', 'jobs', 'login_attempts', 'schema_migrations', 'sessions', 'settings', 'share_links', 'users']);
        await pool.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'from the future')`);
        let error: Error | null = null;
        await migrate(pool, schema).catch((e: Error) => (error = e));
        expect(error!.message).to.equal(`The database has schema version 999, newer than this Harvest knows (${MIGRATIONS.length}): upgrade Harvest.`);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pool.end();
      }
    });
  });
});
