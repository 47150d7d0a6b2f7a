// Themes worker thread: waits for its scopes, takes them from the shared counter, themes them with findThemes and posts each result back.
import { once } from 'node:events';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { AnalysedSegment } from '../model/index.ts';
import { findThemes } from './themes.ts';
import type { ThemesJobResult, ThemesJobs } from './themes-parallel.ts';

const port = (workerData as { port: MessagePort }).port;
const [data] = (await once(port, 'message')) as [ThemesJobs];
const ctrl = new Int32Array(data.control);
const n = data.scopes.length;
for (;;) {
  // Count the job as in progress before taking it, so the caller never misses one.
  Atomics.add(ctrl, 1, 1);
  const job = Atomics.add(ctrl, 0, 1);
  if (job >= n) {
    Atomics.sub(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
    break;
  }
  Atomics.store(ctrl, data.slot, job);
  let result: ThemesJobResult;
  try {
    // findThemes reads only the fields a ThemeSegment has (see themeSegment).
    result = { job, result: findThemes(data.scopes[job]! as unknown as AnalysedSegment[], data.options) };
  } catch (err) {
    result = { job, error: String(err) };
  }
  port.postMessage(result);
  Atomics.store(ctrl, data.slot, -1);
  Atomics.add(ctrl, 2, 1);
  Atomics.sub(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
port.close();
