// Start the web app: parse the configuration, open the stores (folder or PostgreSQL), refuse unsafe settings, load the sample on first start, listen.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listenProblem, loadConfig } from './config.ts';
import { loadResources } from './corpus.ts';
import { AppError } from './errors.ts';
import { HarvestService } from './services/harvest.ts';
import { JobQueue } from './services/jobs.ts';
import { PgJobQueue } from './services/pg-jobs.ts';
import { loadSample } from './services/sample.ts';
import { openStores } from './open-stores.ts';
import { createApp } from './web/app.ts';

/** Start the server; resolves once it listens. */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  // With DATABASE_URL: consultations, accounts, tokens, share links, sessions and the session secret are in the
  // database (migrated here; several processes starting at once take turns), so processes behind one proxy share them.
  const { store, accounts, pg, applied } = await openStores(config);
  if (applied.length > 0) process.stdout.write(`Harvest: database schema upgraded to version ${applied.at(-1)}\n`);
  const users = (await accounts.listUsers()).length;
  const authRequired = config.security.auth || users > 0;
  const problem = listenProblem(config.host, authRequired, users);
  if (problem) throw new AppError('BAD_ARGUMENT', problem);
  // Analysis jobs go to the database: this process and any other sharing it take them, and a job whose
  // process died is taken again once its lease runs out.
  const dbJobs = pg ? new PgJobQueue(pg) : null;
  // Without a database, jobs run in this process and are journalled in the data folder: a job this folder's
  // previous process was running when it stopped is marked failed at start.
  const jobs = dbJobs ? new JobQueue() : await JobQueue.recover(path.join(config.dataDir, 'jobs.json'));
  const service = new HarvestService(store, await loadResources(), jobs, { limits: config.limits, reading: config.reading, uploadDir: path.join(config.dataDir, 'uploads'), ...(dbJobs ? { dbJobs } : {}) });
  dbJobs?.start();
  // The sample is loaded once per installation (deleting it afterwards is respected): the first process to claim
  // it does. A data folder marked by an older version (.sample-loaded) counts as done.
  // It is read after the server listens, so the first page answers at once (reading its DOCX, PDF and XLSX loads
  // their readers: about a second); the list shows the sample a moment later.
  const markedBefore = existsSync(path.join(config.dataDir, '.sample-loaded'));
  const sampleToLoad = (await accounts.claimOnce('sample-loaded')) && !markedBefore;
  const sessionSecret = await accounts.sessionSecret(config.security.sessionSecret);
  // Logins are decided here, once: a server started with accounts keeps asking for them even if all are removed.
  const app = createApp({ service, accounts, security: { ...config.security, auth: authRequired }, sessionSecret, limits: config.limits });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve());
    server.on('error', reject);
  });
  const access = authRequired ? `login required (${users} account${users === 1 ? '' : 's'})` : 'no login (only this computer can connect; add an account with "harvest user add NAME")';
  process.stdout.write(`Harvest is running on http://${config.host}:${config.port}/ (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}; ${access})\n`);
  if (sampleToLoad) {
    process.stdout.write('Harvest: loading the sample consultation (analysis runs in the background)...\n');
    await loadSample(service).catch((err: unknown) => process.stderr.write(`Harvest: the sample could not be loaded: ${err instanceof Error ? err.message : String(err)}\n`));
  }
}

startServer().catch((err: unknown) => {
  process.stderr.write(`Harvest could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
