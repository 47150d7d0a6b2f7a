// Shared helpers for web tests: an app over a temporary store (lowdb folder or PostgreSQL schema), the suite run
// once per store, small real input files, job polling.
import { createHash, type Hash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request from 'supertest';
import type { AccountStore } from '../../src/auth/accounts.ts';
import { FileAccountStore } from '../../src/auth/file-accounts.ts';
import { PgAccountStore } from '../../src/auth/pg-accounts.ts';
import type { SecurityConfig, UploadLimits } from '../../src/config.ts';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { analyseInput, JobQueue, type AnalysisRunner, type WorkerInput } from '../../src/services/jobs.ts';
import { PgJobQueue } from '../../src/services/pg-jobs.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import type { LoginLimits } from '../../src/web/routes/auth.ts';
import { BACKENDS, newSchemaName, PG_URL, skipUnavailable, type BackendKind } from '../store/backends.ts';
import { keep, keptNow } from '../kept-analyses.ts';
import { patient } from '../patience.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(ROOT, 'corpus/sample');

let resources: Resources | null = null;

/**
 * Feeds `value` to `h` whatever the order of its object keys and its Sets' and Maps' entries (a store may give the
 * keys of a document in another order; stop words load in whatever order their files are read): equal data, one hash.
 */
function feedCanonical(h: Hash, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    h.update(`${typeof value}:${String(value)};`);
  } else if (ArrayBuffer.isView(value)) {
    h.update(`bytes:${value.byteLength}:`).update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    h.update(`[${value.length}:`);
    for (const item of value) feedCanonical(h, item);
    h.update(']');
  } else {
    const entries: [unknown, unknown][] = value instanceof Map ? [...value] : value instanceof Set ? [...value].map((v) => [v, true]) : Object.entries(value);
    const hashed = entries.map(([k, v]) => {
      const e = createHash('sha256');
      feedCanonical(e, k);
      feedCanonical(e, v);
      return e.digest('hex');
    });
    h.update(`${value instanceof Map ? 'map' : value instanceof Set ? 'set' : 'object'}{${hashed.sort().join(',')}}`);
  }
}

/** The canonical hash of each resource (the codebook, the word lists, the word vectors...) by the object it was read into. */
const resourceHashes = new WeakMap<object, string>();

/** The hash of an analysis's input: its documents and choices, and each of its resources (each resource object hashed once). */
function hashOfInput(input: WorkerInput): string {
  const h = createHash('sha256');
  feedCanonical(h, { docs: input.docs, seed: input.seed, k: input.k, mappings: input.mappings });
  for (const [name, value] of Object.entries(input.resources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    let hash = typeof value === 'object' && value !== null ? resourceHashes.get(value) : undefined;
    if (!hash) {
      const r = createHash('sha256');
      feedCanonical(r, value);
      hash = r.digest('hex');
      if (typeof value === 'object' && value !== null) resourceHashes.set(value, hash);
    }
    h.update(`\0${name}\0${hash}`);
  }
  return h.digest('hex');
}

/**
 * inlineRunner (the analysis in the test's thread, over when the call returns), with each input's analysis and
 * progress reports kept (test/kept-analyses.ts): an input analysed before, in this process or the other mocha
 * process, is not analysed again; its progress is reported again as it was, and the service gets its own copy.
 */
export const keptInlineRunner: AnalysisRunner = async (input, onProgress) => {
  let live = false;
  const { analysis, progress } = keptNow(`runner\0${hashOfInput(input)}`, () => {
    live = true;
    const reports: [string, number][] = [];
    const result = analyseInput(input, (stage, fraction) => {
      reports.push([stage, fraction]);
      onProgress(stage, fraction);
    });
    return { analysis: result, progress: reports };
  });
  if (!live) for (const [stage, fraction] of progress) onProgress(stage, fraction);
  return analysis;
};

/**
 * `runner` (e.g. workerRunner: a test of the worker thread runs it every time), its analysis then kept as
 * keptInlineRunner's for the same input, progress reports included.
 */
export function keepingRunner(runner: AnalysisRunner): AnalysisRunner {
  return async (input, onProgress) => {
    const reports: [string, number][] = [];
    const analysis = await runner(input, (stage, fraction) => {
      reports.push([stage, fraction]);
      onProgress(stage, fraction);
    });
    keep(`runner\0${hashOfInput(input)}`, { analysis, progress: reports });
    return analysis;
  };
}

export interface TestApp {
  app: Express;
  service: HarvestService;
  accounts: AccountStore;
  /** 'lowdb' or 'PostgreSQL'. */
  backend: string;
  /** The data folder (lowdb files, accounts.json, the session secret); unused by a PostgreSQL app. */
  dir: string;
  /** The PostgreSQL schema, or null for lowdb. */
  schema: string | null;
  logs: string[];
  /** Another handle on the same stored data (another process; for lowdb a fresh read of the folder). */
  reopenStore(): Store;
  /** Resolves when no analysis job runs or waits (in this process or, for PostgreSQL, in the database). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface MakeAppOptions {
  security?: Partial<SecurityConfig>;
  limits?: Partial<UploadLimits>;
  loginLimits?: LoginLimits;
  /** The in-process job queue (lowdb only). */
  jobs?: JobQueue;
  /**
   * How analyses run. Default: in the test's thread, each input's analysis kept (keptInlineRunner), since a worker
   * thread loads every module again (seconds of CPU per analysis) and the same input is analysed by several tests; the
   * tests about worker threads and what answers while they run pass workerRunner.
   */
  runner?: AnalysisRunner;
  /** The store (default lowdb): each kind of test/store/backends.ts. */
  backend?: BackendKind;
  /** Open a second instance over this app's installation: the same folder (a restart) or the same PostgreSQL schema (another process). */
  sharing?: TestApp;
  /** The clock the app's sessions are timed by (default Date.now). */
  now?: () => number;
}

/**
 * An app over a fresh temporary installation, as src/server.ts builds it: the account store of the same kind
 * as the consultation store, the session secret from the account store, and for PostgreSQL the database job
 * queue. Analysis jobs run in the calling thread unless `runner` says otherwise (production runs them in worker threads).
 */
export async function makeApp(dir?: string, options: MakeAppOptions = {}): Promise<TestApp> {
  resources ??= await loadResources();
  const kind = options.backend?.name ?? options.sharing?.backend ?? 'lowdb';
  const runner = options.runner ?? keptInlineRunner;
  const build = (service: HarvestService, accounts: AccountStore, secret: Buffer, logs: string[]): Express =>
    createApp({ service, accounts, sessionSecret: secret, log: (m) => logs.push(m), security: options.security, limits: options.limits, loginLimits: options.loginLimits, now: options.now });
  if (kind !== 'PostgreSQL') {
    const dataDir = dir ?? options.sharing?.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'harvest-web-')));
    const owned = !dir && !options.sharing;
    const service = new HarvestService(new LowdbStore(dataDir), resources, options.jobs ?? new JobQueue(runner), { limits: options.limits, runner });
    const accounts = new FileAccountStore(dataDir);
    const logs: string[] = [];
    const app = build(service, accounts, await accounts.sessionSecret(options.security?.sessionSecret ?? null), logs);
    return {
      app,
      service,
      accounts,
      backend: 'lowdb',
      dir: dataDir,
      schema: null,
      logs,
      reopenStore: () => new LowdbStore(dataDir),
      // A paste during an analysis queues its follow-up only once that analysis has ended: wait for it first.
      idle: async () => {
        await service.live.followUpsQueued();
        await service.jobs.idle();
      },
      close: async () => {
        await service.live.followUpsQueued();
        await service.jobs.idle();
        if (owned) await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = PG_URL;
  if (!url) throw new Error('makeApp: the PostgreSQL backend needs HARVEST_TEST_DATABASE_URL');
  const schema = options.sharing?.schema ?? newSchemaName('harvest_web');
  const store = new PgStore({ connectionString: url, schema, maxConnections: 5 });
  const others: PgStore[] = [];
  await store.migrate();
  const accounts = new PgAccountStore(store);
  const dbJobs = new PgJobQueue(store, { pollMs: 100, workerId: `test-${schema}-${options.sharing ? 2 : 1}` });
  const service = new HarvestService(store, resources, new JobQueue(runner), { limits: options.limits, dbJobs, runner });
  dbJobs.start();
  const logs: string[] = [];
  const app = build(service, accounts, await accounts.sessionSecret(options.security?.sessionSecret ?? null), logs);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'harvest-web-pg-'));
  return {
    app,
    service,
    accounts,
    backend: 'PostgreSQL',
    dir: dataDir,
    schema,
    logs,
    reopenStore: () => {
      const other = new PgStore({ connectionString: url, schema, maxConnections: 2 });
      others.push(other);
      return other;
    },
    idle: async () => {
      await service.live.followUpsQueued();
      await dbJobs.idle();
      await service.jobs.idle();
    },
    close: async () => {
      await service.live.followUpsQueued();
      await dbJobs.idle();
      dbJobs.stop();
      for (const o of others) await o.close();
      if (!options.sharing) await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Define a suite once per store (lowdb, then PostgreSQL): `body` gets the store kind to pass to makeApp. Without
 * HARVEST_TEST_DATABASE_URL the PostgreSQL copy is skipped and says why (it fails with HARVEST_REQUIRE_POSTGRES=1).
 */
export function describeEachStore(title: string, body: (this: Mocha.Suite, backend: BackendKind) => void): void {
  for (const kind of BACKENDS) {
    describe(`${title} [${kind.name}]`, function () {
      before(function () {
        skipUnavailable(this, kind, 'web tests');
      });
      body.call(this, kind);
    });
  }
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

/** A small wide survey: an id, two attributes and one open question, six respondents. */
export const SURVEY = `respondent_id,organisation_type,country,What stops people from using online services?
R1,NGO,Serbia,"The cost of mobile data is too high for families."
R2,Municipality,Albania,"There is no signal in the mountain villages."
R3,NGO,Serbia,"Mobile data is expensive for young mothers."
R4,Municipality,Kosovo,"Older women are afraid of online scams."
R5,NGO,Albania,"Poor signal in remote villages makes calls impossible."
R6,Municipality,Serbia,"Scams and fraud make older people distrust online banking."
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
export async function waitForJob(app: Express, jobId: string, timeoutMs = patient(90_000)): Promise<{ state: string; progress: number[]; error?: { code: string; message: string } }> {
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

/**
 * Create a consultation through the forms, upload files (path, or bytes and name) and analyse them with a seed;
 * returns the consultation's address once the analysis is done.
 */
export async function analysedConsultation(app: Express, name: string, files: readonly (string | [Buffer, string])[], seed = '3'): Promise<string> {
  const client = await formClient(app, '/');
  const created = await client.post('/consultations').type('form').send({ name }).expect(303);
  const base = created.headers.location.split('?')[0]!;
  let upload = client.post(`${base}/documents`);
  for (const file of files) upload = typeof file === 'string' ? upload.attach('files', readFileSync(file), path.basename(file)) : upload.attach('files', file[0], file[1]);
  await upload.expect(200);
  const job = await client.post(`${base}/analyse`).type('form').send({ seed, k: '' }).expect(303);
  const done = await waitForJob(app, job.headers.location.split('/').at(-1)!);
  if (done.state !== 'done') throw new Error(`analysis of ${name} ${done.state}: ${done.error?.message ?? ''}`);
  return base;
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

/** A supertest parser keeping a binary answer (a .docx, a backup) as a Buffer: `.buffer(true).parse(binary)`. */
export function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
