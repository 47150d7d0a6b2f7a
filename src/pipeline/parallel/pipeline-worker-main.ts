// Pipeline worker thread: loads the stage modules and compromise once, then runs each job posted on its port
// (annotate+tag, compromise's readings and the tags to keep, themes) until stopped.
import { workerData, type MessagePort } from 'node:worker_threads';
import { nlp } from '../annotate/compromise.ts';
import { runAnnotateJob, type AnnotateJob } from './annotate-parallel.ts';
import { runCompromiseJob, runTaggedJob, type CompromiseJob, type TaggedJob } from './compromise-reader.ts';
import { runThemesJob, type ThemesJobs } from './themes-parallel.ts';

const port = (workerData as { port: MessagePort }).port;
// Loaded now, while the thread that started this one is busy: annotation needs it at once.
nlp();
port.on('message', (job: AnnotateJob | CompromiseJob | TaggedJob | ThemesJobs) => {
  if (job.kind === 'annotate') runAnnotateJob(job, port);
  else if (job.kind === 'compromise') runCompromiseJob(job, port);
  else if (job.kind === 'tagged') runTaggedJob(job);
  else if (job.kind === 'themes') runThemesJob(job, port);
});
