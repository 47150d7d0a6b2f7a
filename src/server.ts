// Start the web app: parse the configuration, open the store and accounts, refuse unsafe settings, load the sample on first start, listen.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccountStore } from './auth/accounts.ts';
import { loadSessionSecret } from './auth/secret.ts';
import { listenProblem, loadConfig } from './config.ts';
import { loadResources } from './corpus.ts';
import { AppError } from './errors.ts';
import { HarvestService } from './services/harvest.ts';
import { JobQueue } from './services/jobs.ts';
import { PgJobQueue } from './services/pg-jobs.ts';
import { loadSample } from './services/sample.ts';
import { LowdbStore } from './store/lowdb-store.ts';
import { PgStore } from './store/pg-store.ts';
import type { Store } from './store/store.ts';
import { createApp } from './web/app.ts';

/** Start the server; resolves once it listens. */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const accounts = new AccountStore(config.dataDir);
  const users = (await accounts.listUsers()).length;
  const authRequired = config.security.auth || users > 0;
  const problem = listenProblem(config.host, authRequired, users);
  if (problem) throw new AppError('BAD_ARGUMENT', problem);
  let store: Store = new LowdbStore(config.dataDir);
  let dbJobs: PgJobQueue | null = null;
  if (config.databaseUrl) {
    const pgStore = new PgStore({ connectionString: config.databaseUrl });
    // Versioned migrations at start-up; several processes starting at once take turns (advisory lock).
    const applied = await pgStore.migrate();
    if (applied.length > 0) process.stdout.write(`Harvest: database schema upgraded to version ${applied.at(-1)}\n`);
    store = pgStore;
    // Analysis jobs go to the database: this process and any other sharing it take them, and a job whose
    // process died is taken again once its lease runs out.
    dbJobs = new PgJobQueue(pgStore);
  }
  const service = new HarvestService(store, await loadResources(), new JobQueue(), { limits: config.limits, ...(dbJobs ? { dbJobs } : {}) });
  dbJobs?.start();
  // The sample is loaded once per data folder; deleting it afterwards is respected.
  const marker = path.join(config.dataDir, '.sample-loaded');
  if (!existsSync(marker)) {
    await loadSample(service);
    await writeFile(marker, `${new Date().toISOString()}\n`);
    process.stdout.write('Harvest: loading the sample consultation (analysis runs in the background)...\n');
  }
  const sessionSecret = await loadSessionSecret(config.dataDir, config.security.sessionSecret);
  const app = createApp({ service, accounts, security: config.security, sessionSecret, limits: config.limits });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve());
    server.on('error', reject);
  });
  const access = authRequired ? `login required (${users} account${users === 1 ? '' : 's'})` : 'no login (only this computer can connect; add an account with "harvest user add NAME")';
  process.stdout.write(`Harvest is running on http://${config.host}:${config.port}/ (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}; ${access})\n`);
}

startServer().catch((err: unknown) => {
  process.stderr.write(`Harvest could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
