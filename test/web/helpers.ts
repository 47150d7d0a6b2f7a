// Shared helpers for web tests: an app over a temporary lowdb store, small real input files, job polling.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request from 'supertest';
import { AccountStore } from '../../src/auth/accounts.ts';
import type { SecurityConfig, UploadLimits } from '../../src/config.ts';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { createApp } from '../../src/web/app.ts';
import type { LoginLimits } from '../../src/web/routes/auth.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'corpus/sample');

let resources: Resources | null = null;

export interface TestApp {
  app: Express;
  service: HarvestService;
  accounts: AccountStore;
  dir: string;
  logs: string[];
  close(): Promise<void>;
}

export interface MakeAppOptions {
  security?: Partial<SecurityConfig>;
  limits?: Partial<UploadLimits>;
  loginLimits?: LoginLimits;
  jobs?: JobQueue;
}

/** An app over a fresh temporary data folder (with its accounts file); analysis jobs run in worker threads as in production. */
export async function makeApp(dir?: string, options: MakeAppOptions = {}): Promise<TestApp> {
  resources ??= await loadResources();
  const dataDir = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'harvest-web-')));
  const service = new HarvestService(new LowdbStore(dataDir), resources, options.jobs ?? new JobQueue(), { limits: options.limits });
  const accounts = new AccountStore(dataDir);
  const logs: string[] = [];
  const app = createApp({ service, accounts, log: (m) => logs.push(m), security: options.security, limits: options.limits, loginLimits: options.loginLimits });
  return {
    app,
    service,
    accounts,
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

/** A browser-like client: keeps the session cookie and sends the page's CSRF token with every form. */
export interface FormClient {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  post(url: string): request.Test;
}

/** Open a page to get a session cookie and the CSRF token of its forms. */
export async function formClient(app: Express, page = '/login'): Promise<FormClient> {
  const agent = request.agent(app);
  const res = await agent.get(page);
  const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token on ${page} (status ${res.status})`);
  const csrf = m[1]!;
  return { agent, csrf, post: (url: string) => agent.post(url).set('X-CSRF-Token', csrf) };
}

/** Log in through the login form; returns the logged-in client (its CSRF token is the new session's). */
export async function loginClient(app: Express, name: string, password: string): Promise<FormClient> {
  const anon = await formClient(app, '/login');
  await anon.agent.post('/login').type('form').send({ _csrf: anon.csrf, name, password, next: '/' }).expect(303);
  const home = await anon.agent.get('/').expect(200);
  const m = /name="_csrf" value="([^"]+)"/.exec(home.text);
  if (!m) throw new Error('no CSRF token after login');
  const csrf = m[1]!;
  return { agent: anon.agent, csrf, post: (url: string) => anon.agent.post(url).set('X-CSRF-Token', csrf) };
}
