// Authorisation cannot be bypassed by how a URL is spelled: for every declared route of the API and the pages, the
// same request in capitals, mixed case, with a percent-encoded id, a trailing slash or doubled slashes gets the same
// answer as the canonical path, for an owner, an editor, a viewer and another team's account.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Express } from 'express';
import type { Synthesis } from '../../src/model/index.ts';
import type { DeclaredRoute } from '../../src/web/access.ts';
import { keptInlineRunner, loginClient, makeApp, NOTES_WORKSHOP, type FormClient, type TestApp } from './helpers.ts';

type Who = 'owner' | 'editor' | 'viewer' | 'outsider';
const WHO: Who[] = ['owner', 'editor', 'viewer', 'outsider'];
const USERS: Record<Who, string> = { owner: 'olga', editor: 'ed', viewer: 'vic', outsider: 'otto' };
const PASSWORD = 'correct horse battery';

/** A body for each state-changing route that passes the role check but is refused by the handler (or changes nothing), so that every variant meets the same state. */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/consultations': {},
  'POST /api/consultations/:id/analyse': { k: 99 },
  'PATCH /api/consultations/:id/themes/:themeId': {},
  'POST /api/consultations/:id/themes/merge': {},
  'POST /api/consultations/:id/themes/:themeId/split': { k: 99 },
  'POST /api/consultations/:id/themes/:themeId/pin': {},
  'PATCH /api/consultations/:id/themes/:themeId/subthemes/:subthemeId': {},
  'POST /api/consultations/:id/themes/:themeId/subthemes/merge': {},
  'POST /api/consultations/:id/segments/:segmentId/move': {},
  'POST /api/consultations/:id/segments/:segmentId/exclude': { author: 5 },
  'PUT /api/consultations/:id/documents/:documentId/mapping': { bogus: 1 },
  'PUT /api/consultations/:id/codebook': { codebook: { categories: 'none' } },
  'POST /api/consultations/:id/shares': { redact: 'maybe' },
  'PUT /api/consultations/:id/members/:user': { role: 'emperor' },
  'POST /consultations': {},
  'POST /consultations/:id/analyse': { k: '99' },
  'POST /consultations/:id/themes/merge': {},
  'POST /consultations/:id/themes/:themeId/rename': {},
  'POST /consultations/:id/themes/:themeId/split': { k: '99' },
  'POST /consultations/:id/themes/:themeId/pin': {},
  'POST /consultations/:id/themes/:themeId/subthemes/merge': {},
  'POST /consultations/:id/themes/:themeId/subthemes/:subthemeId/rename': {},
  'POST /consultations/:id/segments/:segmentId/move': {},
  'POST /consultations/:id/documents/:documentId/mapping': {},
  'POST /consultations/:id/codebook': { codebook: 'not json' },
  'POST /consultations/:id/members': {},
  'POST /api/consultations/:id/notes': { group: '' },
  'POST /consultations/:id/notes': { group: '' },
};

/** Routes that would change the shared state whatever the body: they name an item that does not exist. */
const MISSING: Record<string, Record<string, string>> = {
  'DELETE /api/consultations/:id/documents/:documentId': { documentId: 'no-such-document' },
  'POST /consultations/:id/documents/:documentId/delete': { documentId: 'no-such-document' },
  'DELETE /api/consultations/:id/edits/:editId': { editId: 'no-such-edit' },
  'POST /consultations/:id/edits/:editId/undo': { editId: 'no-such-edit' },
  'POST /consultations/:id/segments/:segmentId/exclude': { segmentId: 'no-such-segment' },
  'POST /consultations/:id/themes/:themeId/subthemes/:subthemeId/promote': { subthemeId: 'no-such-subtheme' },
  'POST /api/consultations/:id/themes/:themeId/subthemes/:subthemeId/promote': { subthemeId: 'no-such-subtheme' },
};

/** Routes that would destroy the shared consultation: each request gets a fresh consultation with the same members. */
const DESTRUCTIVE = new Set(['DELETE /api/consultations/:id', 'POST /consultations/:id/delete']);

/** Routes that answer with a stream that stays open (server-sent events): read up to their first message, then left. */
const STREAMS = new Set(['GET /consultations/:id/live/events']);

/** The request, read until its first chunk when it is an event stream (an error answer is read whole). */
function untilFirstEvent(req: request.Test): request.Test {
  return req.buffer(true).parse((answer, done) => {
    // The parser gets Node's incoming message (superagent's types call it a Response).
    const res = answer as unknown as http.IncomingMessage;
    let text = '';
    res.setEncoding('utf8');
    if (String(res.headers['content-type']).startsWith('text/event-stream')) {
      res.once('data', () => {
        res.destroy();
        done(null, '');
      });
      return;
    }
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });
}

/** The five other spellings of a canonical path whose parameters are `values` (in order). */
function variants(pattern: string, fill: (name: string) => string): Record<string, string> {
  const build = (literal: (s: string) => string, param: (v: string) => string, slash = '/'): string =>
    pattern
      .split('/')
      .map((part) => (part.startsWith(':') ? param(fill(part.slice(1))) : literal(part)))
      .join(slash);
  const canonical = build((s) => s, (v) => encodeURIComponent(v));
  const encodeFirst = (v: string) => `%${v.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${encodeURIComponent(v.slice(1))}`;
  return {
    canonical,
    upper: build((s) => s.toUpperCase(), (v) => encodeURIComponent(v)),
    mixed: build((s) => s.slice(0, 1).toUpperCase() + s.slice(1), (v) => encodeURIComponent(v)),
    'percent-encoded id': build((s) => s, encodeFirst),
    'trailing slash': `${canonical}/`,
    'double slash': build((s) => s, (v) => encodeURIComponent(v), '//'),
  };
}

describe('web: a route answers the same however its URL is spelled', function () {
  this.timeout(180_000);
  let t: TestApp;
  let server: http.Server;
  let base: string;
  const token: Partial<Record<Who, string>> = {};
  const browser: Partial<Record<Who, FormClient>> = {};
  const ids: Record<string, string> = {};
  let routes: DeclaredRoute[] = [];

  const api = (who: Who, method: string, url: string) => request(base)[method as 'get'](url).set('Authorization', `Bearer ${token[who]}`);

  before(async () => {
    // The analysis in this thread: this file checks who may do what, not the worker threads (api.test.ts and jobs.test.ts
    // do), and a worker's start-up (loading tsx, natural, compromise) took seconds of this hook.
    t = await makeApp(undefined, { runner: keptInlineRunner });
    server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const who of WHO) {
      await t.accounts.addUser(USERS[who], PASSWORD);
      token[who] = (await t.accounts.createToken(USERS[who])).token;
      browser[who] = await loginClient(server as unknown as Express, USERS[who], PASSWORD);
    }
    ids.id = (await api('owner', 'post', '/api/consultations').send({ name: 'Spelled consultation' }).expect(201)).body.id;
    await api('outsider', 'post', '/api/consultations').send({ name: 'Other team' }).expect(201);
    const upload = await api('owner', 'post', `/api/consultations/${ids.id}/documents`).attach('files', Buffer.from(NOTES_WORKSHOP), 'workshop.md').expect(201);
    ids.documentId = upload.body.documents[0].id;
    ids.jobId = (await api('owner', 'post', `/api/consultations/${ids.id}/analyse`).send({ seed: 3 }).expect(202)).body.jobId;
    for (;;) {
      const job = await api('owner', 'get', `/api/jobs/${ids.jobId}`).expect(200);
      if (job.body.state === 'done') break;
      expect(job.body.state).to.not.equal('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = (await api('owner', 'get', `/api/consultations/${ids.id}/synthesis`).expect(200)).body as Synthesis;
    const theme = s.scopes.flatMap((sc) => sc.themes)[0]!;
    ids.themeId = theme.id;
    ids.segmentId = theme.segmentIds?.[0] ?? s.segments[0]!.id;
    const renamed = await api('owner', 'patch', `/api/consultations/${ids.id}/themes/${ids.themeId}`).send({ label: 'Spelled theme' }).expect(200);
    ids.editId = renamed.body.edits[0].id;
    for (const who of ['editor', 'viewer'] as const) await api('owner', 'put', `/api/consultations/${ids.id}/members/${USERS[who]}`).send({ role: who }).expect(200);
    ids.shareId = 'no-such-share';
    ids.subthemeId = 'no-such-subtheme';
    ids.user = 'nobody';
    ids.format = 'md';
    routes = t.app.locals.routeTable as DeclaredRoute[];
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  /** A fresh consultation with the same members, for the routes that delete one. */
  const throwaway = async (): Promise<string> => {
    const id = (await api('owner', 'post', '/api/consultations').send({ name: 'To delete' }).expect(201)).body.id as string;
    for (const who of ['editor', 'viewer'] as const) await api('owner', 'put', `/api/consultations/${id}/members/${USERS[who]}`).send({ role: who }).expect(200);
    return id;
  };

  /** What a request answered, reduced to what must not differ between spellings. */
  const answerOf = (res: request.Response): string => {
    const error = res.body && typeof res.body === 'object' && 'error' in res.body ? JSON.stringify(res.body.error) : '';
    const alert = /role="alert"[^>]*>([^<]*)</.exec(res.text ?? '')?.[1] ?? '';
    return `${res.status} ${res.headers.location ?? ''} ${error} ${alert}`.trim();
  };

  const send = async (who: Who, route: DeclaredRoute, url: string): Promise<request.Response> => {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    const body = BODIES[key] ?? {};
    if (route.path.startsWith('/api/')) {
      const req = api(who, route.method, url);
      return route.method === 'get' || route.method === 'delete' ? req : req.send(body);
    }
    const client = browser[who]!;
    if (route.method === 'get') return STREAMS.has(key) ? untilFirstEvent(client.agent.get(url.replace(base, ''))) : client.agent.get(url.replace(base, ''));
    return client.agent[route.method](url).set('X-CSRF-Token', client.csrf).type('form').send(body as Record<string, string>);
  };

  it('every route of both routers declares its access, and there are many of them', () => {
    expect(routes.length).to.be.greaterThan(50);
    const paths = new Set(routes.map((r) => r.path));
    for (const p of ['/api/consultations/:id/members/:user', '/api/jobs/:jobId', '/consultations/:id/delete', '/api/consultations/:id/export/:format']) expect(paths.has(p), p).to.equal(true);
    for (const r of routes) if (/:(id|jobId)\b/.test(r.path)) expect(r.access.needs, `${r.method} ${r.path}`).to.not.equal('account');
  });

  it('owner, editor, viewer and outsider get the canonical answer for every spelling of every route', async () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const route of routes) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      for (const who of WHO) {
        const answers: Record<string, string> = {};
        const spellings = variants(route.path, (name) => MISSING[key]?.[name] ?? ids[name] ?? name);
        for (const [spelling, url] of Object.entries(spellings)) {
          let path = url;
          if (DESTRUCTIVE.has(key)) {
            ids.fresh = await throwaway();
            path = variants(route.path, (name) => (name === 'id' ? ids.fresh! : ids[name]!))[spelling]!;
          }
          answers[spelling] = answerOf(await send(who, route, path));
          compared += 1;
        }
        for (const [spelling, answer] of Object.entries(answers)) {
          if (answer !== answers.canonical) mismatches.push(`${who} ${key} as ${spelling}: ${answer} (canonical: ${answers.canonical})`);
        }
      }
    }
    expect(mismatches, mismatches.slice(0, 20).join('\n')).to.deep.equal([]);
    expect(compared).to.be.greaterThan(1000);
  });

  it('the attacks of the review are refused, in any spelling', async () => {
    const id = ids.id!;
    // A viewer cannot make itself an owner.
    for (const url of [`/api/Consultations/${id}/members/vic`, `/api/consultations/%${id.charCodeAt(0).toString(16)}${id.slice(1)}/members/vic`, `/API/CONSULTATIONS/${id}/MEMBERS/vic/`]) {
      const res = await api('viewer', 'put', url).send({ role: 'owner' });
      expect(res.status, url).to.equal(403);
    }
    // Another team's account can neither read, nor follow a job, nor delete.
    expect((await api('outsider', 'get', `/api/Consultations/${id}`)).status).to.equal(404);
    const job = await api('outsider', 'get', `/api/Jobs/${ids.jobId}`);
    expect(job.status).to.equal(404);
    expect(JSON.stringify(job.body)).to.not.include(id);
    const outsider = browser.outsider!;
    expect((await outsider.post(`/Consultations/${id}/delete`).type('form').send({})).status).to.equal(404);
    const members = (await api('owner', 'get', `/api/consultations/${id}/members`).expect(200)).body.members as { user: string; role: string }[];
    expect(members.find((m) => m.user === 'vic')?.role).to.equal('viewer');
    expect((await api('owner', 'get', `/api/consultations/${id}`)).status).to.equal(200);
  });

  it('an action reached through another spelling is in the audit log like the canonical one', async () => {
    const id = ids.id!;
    await api('editor', 'patch', `/API/Consultations/${id}/Themes/${ids.themeId}/`).send({ label: 'Spelled again' }).expect(200);
    await api('editor', 'get', `/api/CONSULTATIONS/${id}/EXPORT/md`).expect(200);
    const audit = (await api('owner', 'get', `/api/consultations/${id}/audit`).expect(200)).body.audit as { user: string; action: string; detail: string }[];
    expect(audit.some((e) => e.user === 'ed' && e.action === 'edited' && /Spelled again/.test(e.detail))).to.equal(true);
    expect(audit.some((e) => e.user === 'ed' && e.action === 'exported' && /exported md \(not redacted\)/.test(e.detail))).to.equal(true);
  });
});
