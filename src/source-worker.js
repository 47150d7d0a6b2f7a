// The worker wrappers beside the TypeScript workers (src/**/NAME-worker.js) start here when Harvest runs from its
// sources (tsx: the tests, development). When dist/ is current (built after the last change to src/, the check
// bin/load.js makes for the command line), the thread runs the compiled worker: the same code, without tsx compiling
// and loading every module again in each new thread (seconds of CPU a worker). Else the TypeScript worker through tsx,
// so a source edited since the last build never runs stale. HARVEST_FROM_SOURCE=1 always takes the sources.
import { buildIsCurrent } from '../bin/load.js';

const SRC = new URL('./', import.meta.url).href;

/** Run the worker whose TypeScript main module is `main` (a file: URL under src/). */
export async function runWorker(main) {
  process.env.DOTENV_CONFIG_QUIET ??= 'true';
  const href = main.href;
  if (!href.startsWith(SRC) || !href.endsWith('.ts')) throw new Error(`not a TypeScript module under src/: ${href}`);
  if (buildIsCurrent()) return import(new URL(`../dist/${href.slice(SRC.length, -3)}.js`, SRC).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(href);
}
