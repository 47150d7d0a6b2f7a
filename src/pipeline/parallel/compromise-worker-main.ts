// compromise helper thread: loads compromise at once, then reads the texts of each job posted on its port, taking
// them one at a time from the job's shared counter (see compromise-reader.ts).
import { workerData, type MessagePort } from 'node:worker_threads';
import { nlp, readWithCompromise } from '../annotate/compromise.ts';
import type { CompromiseJob, CompromiseResult } from './compromise-reader.ts';
import { takeBatchesAsHelper } from './shared-counter.ts';

const port = (workerData as { port: MessagePort }).port;
nlp();
port.on('message', (job: CompromiseJob) => {
  takeBatchesAsHelper(job.control, job.texts.length, 1, (index) => {
    let result: CompromiseResult;
    try {
      result = { index, reading: readWithCompromise(job.texts[index]!) };
    } catch (err) {
      result = { index, error: String(err) };
    }
    port.postMessage(result);
  });
});
