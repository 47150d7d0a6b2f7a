// Runs one analysis in a worker thread so the web server stays responsive; posts progress, then the result or the error.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { runAnalysis } from './analyse.ts';
import type { WorkerInput, WorkerMessage } from './jobs.ts';

const input = workerData as WorkerInput;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
try {
  const analysis = runAnalysis(input.docs, input.resources, {
    seed: input.seed,
    k: input.k ?? undefined,
    mappings: input.mappings,
    onProgress: (stage, fraction) => post({ type: 'progress', stage, fraction }),
  });
  post({ type: 'done', analysis });
} catch (err) {
  const e = toAppError(err);
  post({ type: 'failed', code: e.code, message: e.message });
}
