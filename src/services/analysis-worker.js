// Worker-thread entry for analysis jobs when running from the sources: the compiled worker when dist/ is current,
// else the TypeScript worker through tsx (src/source-worker.js).
import { runWorker } from '../source-worker.js';

await runWorker(new URL('./analysis-worker-main.ts', import.meta.url));
