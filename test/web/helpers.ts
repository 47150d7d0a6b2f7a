// Shared helpers for web tests: an app over a temporary lowdb store, small real input files, job polling.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request from 'supertest';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createApp } from '../../src/web/app.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'corpus/sample');

let resources: Resources | null = null;

export interface TestApp {
  app: Express;
  service: HarvestService;
  dir: string;
  logs: string[];
  close(): Promise<void>;
}

/** An app over a fresh temporary data folder; analysis jobs run in worker threads as in production. */
export async function makeApp(dir?: string): Promise<TestApp> {
  resources ??= await loadResources();
  const dataDir = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'harvest-web-')));
  const service = new HarvestService(new LowdbStore(dataDir), resources, new JobQueue());
  const logs: string[] = [];
  const app = createApp({ service, log: (m) => logs.push(m) });
  return {
    app,
    service,
    dir: dataDir,
    logs,
    close: async () => {
      await service.jobs.idle();
      if (!dir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Notes written for these tests: a workshop with obstacles, actions and one line of personal data. */
export const NOTES_WORKSHOP = `# Workshop on rural broadband

Facilitator: Dana Novak

## Obstacles
- The cost of mobile data is too high for many families in the villages.
- Mobile data packages cost more than households can pay each month.
- There is no internet signal in the upper valley villages.
- The signal in the hills drops every evening, so nobody can join online classes.
- Older women do not trust online banking because of scams.
- Contact Ana Petrovic at ana.petrovic@example.org or +381 64 123 4567 for the list of villages.

## What should be done
- The municipality should fund free wifi points in the community centres.
- Libraries should offer free digital skills classes for women on weekends.
- Train local volunteers to teach older women how to avoid online scams.
`;

export const NOTES_BREAKOUT = `Breakout group B notes

Barriers we heard:
- Data costs are a real obstacle for young mothers.
- Families cannot afford a second phone for the children.
- Poor signal in remote villages makes video calls impossible.

Ideas:
- Schools should lend tablets to families during the exams.
- The ministry should subsidise mobile data for students.
`;

export async function sampleFile(name: string): Promise<Buffer> {
  return readFile(path.join(SAMPLE, name));
}

/** Poll a job until it is done or failed; returns the progress values seen. */
export async function waitForJob(app: Express, jobId: string, timeoutMs = 90_000): Promise<{ state: string; progress: number[]; error?: { code: string; message: string } }> {
  const seen: number[] = [];
  const start = Date.now();
  for (;;) {
    const res = await request(app).get(`/api/jobs/${jobId}`).expect(200);
    seen.push(res.body.progress);
    if (res.body.state === 'done' || res.body.state === 'failed') return { state: res.body.state, progress: seen, error: res.body.error };
    if (Date.now() - start > timeoutMs) throw new Error(`job ${jobId} still ${res.body.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
