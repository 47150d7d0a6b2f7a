// `npm run bench -- --live`: the live plenary's time from a saved paste to the projector's update. A server over a
// fresh lowdb folder (analyses in worker threads, as `npm start` runs them) with the projector's event stream open;
// rapporteurs paste the sample's breakout notes group by group, then three groups at once.
import { OPEN_MODE } from '../src/services/acting.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../src/corpus.ts';
import type { ProjectorView } from '../src/model/projector.ts';
import { HarvestService } from '../src/services/harvest.ts';
import { JobQueue } from '../src/services/jobs.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { createApp } from '../src/web/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_NOTES = ['breakout-a-obstacles.md', 'breakout-b-notes.txt'];

export interface LiveFigures {
  /** Seconds from the paste's request to the projector event showing it, one paste at a time. */
  oneAtATime: number[];
  /** Seconds from three pastes sent at once to the event showing all three. */
  threeAtOnce: number;
  medianSeconds: number;
  maxSeconds: number;
}

/** The sample's breakout notes as `groups` pastes: their bullet and paragraph lines dealt out in turn. */
async function breakoutPastes(groups: number): Promise<string[]> {
  const lines: string[] = [];
  for (const name of SAMPLE_NOTES) {
    const text = await readFile(path.join(ROOT, 'corpus/sample', name), 'utf8');
    for (const line of text.split('\n')) if (/^\s*[-*]\s+\S.{20,}/.test(line)) lines.push(line.trim());
  }
  const pastes = Array.from({ length: groups }, () => [] as string[]);
  lines.forEach((line, i) => pastes[i % groups]!.push(line));
  return pastes.map((p) => p.join('\n'));
}

/** An open projector event stream: its answer's status and type, and the `themes` events as they come. */
export interface ProjectorStream {
  status: number;
  type: string;
  /** The first view received (or the next to come) that passes `test`. */
  next(test: (view: ProjectorView) => boolean): Promise<ProjectorView>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Open the projector's event stream at `url` (with `headers`, e.g. a session cookie); the bench and the web tests read it. */
export function openProjectorStream(url: string, headers: Record<string, string> = {}): Promise<ProjectorStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const views: ProjectorView[] = [];
      const waiting: { test: (v: ProjectorView) => boolean; done: (v: ProjectorView) => void }[] = [];
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const data = /^event: themes\ndata: (.*)$/m.exec(buffered.slice(0, end))?.[1];
          buffered = buffered.slice(end + 2);
          if (!data) continue;
          views.push(JSON.parse(data) as ProjectorView);
          for (const w of [...waiting]) {
            const found = views.find(w.test);
            if (!found) continue;
            waiting.splice(waiting.indexOf(w), 1);
            w.done(found);
          }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        type: String(res.headers['content-type'] ?? ''),
        ended: new Promise((done) => res.once('end', () => done())),
        next: (test) => {
          const found = views.find(test);
          return found ? Promise.resolve(found) : new Promise((done) => waiting.push({ test, done }));
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      // Closing the stream ends its request with a reset: that is no failure.
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

async function post(base: string, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
}

const seconds = (from: bigint): number => Math.round(Number(process.hrtime.bigint() - from) / 1e6) / 1000;

/** Paste `groups` breakout notes one at a time, each timed to the projector's update, then three at once. */
export async function benchLive(groups = 6): Promise<LiveFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-bench-live-'));
  const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue());
  const server = createApp({ service }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const id = (await service.createConsultation({ name: 'Live bench' }, OPEN_MODE)).id;
    const stream = await openProjectorStream(`${base}/consultations/${id}/live/events`);
    const pastes = await breakoutPastes(groups + 3);
    const oneAtATime: number[] = [];
    for (let g = 0; g < groups; g++) {
      const start = process.hrtime.bigint();
      await post(base, `/api/consultations/${id}/notes`, { group: `Group ${g + 1}`, notes: pastes[g] });
      await stream.next((v) => v.groups === g + 1);
      oneAtATime.push(seconds(start));
    }
    const start = process.hrtime.bigint();
    await Promise.all([0, 1, 2].map((i) => post(base, `/api/consultations/${id}/notes`, { group: `Group ${groups + i + 1}`, notes: pastes[groups + i] })));
    await stream.next((v) => v.groups === groups + 3);
    const threeAtOnce = seconds(start);
    stream.close();
    await service.jobs.idle();
    const sorted = [...oneAtATime].sort((a, b) => a - b);
    return { oneAtATime, threeAtOnce, medianSeconds: sorted[Math.floor(sorted.length / 2)]!, maxSeconds: sorted.at(-1)! };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  }
}
