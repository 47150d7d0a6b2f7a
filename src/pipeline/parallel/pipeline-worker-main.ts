// Pipeline worker thread: loads the stage modules once, then runs each job posted on its port (annotate+tag, themes) until stopped.
import { workerData, type MessagePort } from 'node:worker_threads';
import { runAnnotateJob, type AnnotateJob } from './annotate-parallel.ts';
import { runThemesJob, type ThemesJobs } from './themes-parallel.ts';

const port = (workerData as { port: MessagePort }).port;
port.on('message', (job: AnnotateJob | ThemesJobs) => {
  if (job.kind === 'annotate') runAnnotateJob(job, port);
  else if (job.kind === 'themes') runThemesJob(job, port);
});
