// An analysis thread (see analysis-threads.ts): runs the analyses posted to it one at a time, so the web server stays
// responsive; for each it posts progress, then the result (in parts) or the error, then its end. It stays warm
// between analyses, and keeps the resources parts it was sent.
import { parentPort } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { jobEnd, PART_RECEIVED, resourcesFromParts, type AnalyseMessage } from './analysis-threads.ts';
import { analyseInput, type WorkerMessage } from './jobs.ts';

/** Items per part of the result: a few MB, read by the server in tens of milliseconds. */
const PART_ITEMS = 2000;

const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);
/** The resources parts this thread holds, by name. */
const held = new Map<string, { id: number; value: unknown }>();

/** Post a part and wait until the server has read it (it answers PART_RECEIVED). */
function postPart(m: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (reply: unknown): void => {
      if (reply !== PART_RECEIVED) return;
      port.off('message', onMessage);
      resolve();
    };
    port.on('message', onMessage);
    post(m);
  });
}

async function run({ input, resources }: AnalyseMessage): Promise<void> {
  try {
    const analysis = analyseInput({ ...input, resources: resourcesFromParts(resources, held) }, (stage, fraction) => post({ type: 'progress', stage, fraction }));
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
  port.postMessage(jobEnd());
}

port.on('message', (m: unknown) => {
  if (typeof m === 'object' && m !== null && (m as AnalyseMessage).type === 'analyse') void run(m as AnalyseMessage);
});
