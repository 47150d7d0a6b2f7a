// A Harvest worker process for the job-queue test: takes a queued analysis from PostgreSQL, reports progress, then hangs until killed.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { loadResources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue, type AnalysisRunner } from '../../src/services/jobs.ts';
import { PgJobQueue } from '../../src/services/pg-jobs.ts';
import { PgStore } from '../../src/store/pg-store.ts';

const store = new PgStore({ connectionString: process.env.HARVEST_TEST_DATABASE_URL!, schema: process.env.HARVEST_TEST_SCHEMA! });
const dbJobs = new PgJobQueue(store, { workerId: 'doomed', leaseMs: Number(process.env.LEASE_MS), pollMs: 100 });
const hang: AnalysisRunner = async (_input, onProgress) => {
  onProgress('annotating', 0.4);
  process.stdout.write('claimed\n');
  return new Promise(() => undefined);
};
new HarvestService(store, await loadResources(), new JobQueue(), { dbJobs, runner: hang });
dbJobs.start();
// Keep the process alive (the poll timer is unref'd).
setInterval(() => undefined, 1000);
