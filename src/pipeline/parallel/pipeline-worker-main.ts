// Pipeline worker thread: loads the stage modules and compromise once, then runs each job posted on its port
// (annotate+tag, compromise's readings and the tags to keep, themes) until stopped.
import { getHeapStatistics } from 'node:v8';
import { workerData, type MessagePort } from 'node:worker_threads';
import { nlp } from '../annotate/compromise.ts';
import { runAnnotateJob, type AnnotateJob } from './annotate-parallel.ts';
import { runCompromiseJob, runTaggedJob, type CompromiseJob, type TaggedJob } from './compromise-reader.ts';
import { runThemesJob, type ThemesJobs } from './themes-parallel.ts';

const port = (workerData as { port: MessagePort }).port;
/**
 * A worker holding more than this after a job ends itself: the pool keeps its workers warm between analyses (see
 * worker-pool.ts), and this bounds the memory each keeps (its memos are bounded too). Its results are posted already;
 * the pool starts a new worker when one is needed.
 */
const KEEP_HEAP_BYTES = 768 * 2 ** 20;
// Loaded now, while the thread that started this one is busy: annotation needs it at once.
nlp();
port.on('message', (job: AnnotateJob | CompromiseJob | TaggedJob | ThemesJobs) => {
  if (job.kind === 'annotate') runAnnotateJob(job, port);
  else if (job.kind === 'compromise') runCompromiseJob(job, port);
  else if (job.kind === 'tagged') runTaggedJob(job);
  else if (job.kind === 'themes') runThemesJob(job, port);
  if (getHeapStatistics().used_heap_size > KEEP_HEAP_BYTES) process.exit(0);
});
