// The fuzz worker: builds each input from the seed, calls ingestFile, and tells the parent how it ended.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../src/errors.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { ingestedDocument } from '../../src/model/index.ts';
import { FUZZ_LIMITS, fuzzInput, loadFixtures } from './fuzz.ts';

const { root, seed, iterations, totalMs } = workerData as { root: string; seed: number; iterations: number; totalMs: number };
const port = parentPort!;
const fixtures = await loadFixtures(root);
const started = Date.now();

for (let i = 0; i < iterations && Date.now() - started < totalMs; i++) {
  const input = fuzzInput(fixtures, seed, i);
  port.postMessage({ type: 'start', i });
  const t0 = performance.now();
  try {
    const doc = await ingestFile(input.name, input.bytes, { limits: FUZZ_LIMITS });
    const valid = ingestedDocument.safeParse(doc);
    const ms = performance.now() - t0;
    if (input.mustRefuse) port.postMessage({ type: 'done', i, outcome: 'crash', detail: `a hostile file (${input.how}) was read instead of refused`, ms });
    else if (valid.success) port.postMessage({ type: 'done', i, outcome: 'read', ms });
    else port.postMessage({ type: 'done', i, outcome: 'crash', detail: `read into an invalid document: ${valid.error.issues[0]?.message}`, ms });
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof AppError && err.file === input.name && err.message.startsWith(`${input.name}: `)) port.postMessage({ type: 'done', i, outcome: 'refused', code: err.code, ms });
    else port.postMessage({ type: 'done', i, outcome: 'crash', detail: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err), ms });
  }
}
port.postMessage({ type: 'finished' });
