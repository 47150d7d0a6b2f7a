// Runs one analysis in a worker thread so the web server stays responsive; posts progress, then the result (in parts) or the error.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { analyseInput, PART_RECEIVED, type WorkerInput, type WorkerMessage } from './jobs.ts';

/** Items per part of the result: a few MB, read by the server in tens of milliseconds. */
const PART_ITEMS = 2000;

const input = workerData as WorkerInput;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

/** Post a part and wait until the server has read it (it answers PART_RECEIVED). */
function postPart(m: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (reply: unknown): void => {
      if (reply !== PART_RECEIVED) return;
      parentPort!.off('message', onMessage);
      resolve();
    };
    parentPort!.on('message', onMessage);
    post(m);
  });
}

try {
  const analysis = analyseInput(input, (stage, fraction) => post({ type: 'progress', stage, fraction }));
  const { synthesis, documents } = analysis;
  for (let at = 0; at < synthesis.segments.length; at += PART_ITEMS) await postPart({ type: 'segments', segments: synthesis.segments.slice(at, at + PART_ITEMS) });
  for (const [i, doc] of documents.entries()) {
    for (let at = 0; at < (doc.records?.length ?? 0); at += PART_ITEMS) await postPart({ type: 'records', document: i, records: doc.records!.slice(at, at + PART_ITEMS) });
  }
  post({
    type: 'done',
    parts: true,
    analysis: { synthesis: { ...synthesis, segments: [] }, documents: documents.map((d) => (d.records ? { ...d, records: [] } : d)) },
  });
} catch (err) {
  const e = toAppError(err);
  post({ type: 'failed', code: e.code, message: e.message });
}
