// Start the web app: parse the configuration, open the store, load the sample on first start, listen.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { loadResources } from './corpus.ts';
import { HarvestService } from './services/harvest.ts';
import { loadSample } from './services/sample.ts';
import { LowdbStore } from './store/lowdb-store.ts';
import { createApp } from './web/app.ts';

/** Start the server; resolves once it listens. */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  await mkdir(config.dataDir, { recursive: true });
  const service = new HarvestService(new LowdbStore(config.dataDir), await loadResources());
  // The sample is loaded once per data folder; deleting it afterwards is respected.
  const marker = path.join(config.dataDir, '.sample-loaded');
  if (!existsSync(marker)) {
    await loadSample(service);
    await writeFile(marker, `${new Date().toISOString()}\n`);
    process.stdout.write('Harvest: loading the sample consultation (analysis runs in the background)...\n');
  }
  const app = createApp({ service });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve());
    server.on('error', reject);
  });
  process.stdout.write(`Harvest is running on http://${config.host}:${config.port}/ (data in ${config.dataDir})\n`);
}

startServer().catch((err: unknown) => {
  process.stderr.write(`Harvest could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
