// The live plenary over HTTP: pasting breakout notes (form and API), who may paste, watch and freeze, refused
// pastes that lose nothing, one analysis waiting behind the running one, the projector page and its event stream.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { openProjectorStream, type ProjectorStream } from '../../bench/live.ts';
import type { ProjectorView } from '../../src/model/projector.ts';
import type { AnalysisRunner } from '../../src/services/jobs.ts';
import { BACKENDS, skipUnavailable } from '../store/backends.ts';
import { formClient, keptInlineRunner, loginClient, makeApp, type FormClient, type TestApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';
const YOUTH = '- Bus fares are too expensive for students.\n- Cheaper bus fares at night would help students.\n- Safe cycle lanes to school are missing.';
const ELDERS = '- Bus stops need benches for older people.\n- Benches at the bus stops are missing.';
const PARENTS = '- Bus fares for families are too expensive.\n- Parked cars block the cycle lanes near the school.';

/** Open the projector's event stream as a browser does (with its session cookie, or none in the open mode). */
const openStream = (base: string, path: string, cookie: string): Promise<ProjectorStream> => openProjectorStream(`${base}${path}`, cookie ? { Cookie: cookie } : {});

/** The session cookie of `name` logged in through the login form. */
async function sessionCookie(app: TestApp['app'], name: string): Promise<string> {
  const cookiesOf = (res: request.Response): string => ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const page = await request(app).get('/login').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const res = await request(app).post('/login').set('Cookie', cookiesOf(page)).type('form').send({ _csrf: csrf, name, password: PASSWORD, next: '/' }).expect(303);
  return cookiesOf(res);
}

const countOf = (view: ProjectorView, label: string): number => view.scopes.flatMap((s) => s.themes).find((t) => t.label === label)?.count ?? 0;

describe('web: the live plenary', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: http.Server;
  let base: string;
  const token: Record<string, string> = {};
  let ed: FormClient;
  let vic: FormClient;
  let id: string;
  /** Held analyses wait here until released (to paste while one runs). */
  let hold: Promise<void> | null = null;
  const analysedDocs: number[] = [];
  const runner: AnalysisRunner = async (input, onProgress) => {
    analysedDocs.push(input.docs.length);
    if (hold) await hold;
    return keptInlineRunner(input, onProgress);
  };
  const as = (who: string) => ({
    get: (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token[who]}`),
    post: (url: string) => request(t.app).post(url).set('Authorization', `Bearer ${token[who]}`),
    put: (url: string) => request(t.app).put(url).set('Authorization', `Bearer ${token[who]}`),
    delete: (url: string) => request(t.app).delete(url).set('Authorization', `Bearer ${token[who]}`),
  });
  const view = async (): Promise<ProjectorView> => (await as('olga').get(`/api/consultations/${id}/live`).expect(200)).body as ProjectorView;

  before(async () => {
    t = await makeApp(undefined, { runner });
    for (const name of ['olga', 'ed', 'vic', 'otto']) {
      await t.accounts.addUser(name, PASSWORD);
      token[name] = (await t.accounts.createToken(name)).token;
    }
    id = (await as('olga').post('/api/consultations').send({ name: 'Transport workshop' }).expect(201)).body.id;
    await as('olga').put(`/api/consultations/${id}/members/ed`).send({ role: 'editor' }).expect(200);
    await as('olga').put(`/api/consultations/${id}/members/vic`).send({ role: 'viewer' }).expect(200);
    ed = await loginClient(t.app, 'ed', PASSWORD);
    vic = await loginClient(t.app, 'vic', PASSWORD);
    server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('before any notes the projector says it waits, and shows no control and no navigation', async () => {
    expect(await view()).to.deep.equal({ consultation: 'Transport workshop', scopes: [], contributions: 0, groups: 0, analysedAt: null, frozen: null });
    const page = await vic.agent.get(`/consultations/${id}/live`).expect(200);
    expect(page.text).to.include('waiting for the first notes');
    expect(page.text).to.include('<script src="/static/live.js" defer></script>');
    expect(page.text).to.include(`data-events="/consultations/${id}/live/events"`);
    for (const absent of ['<form', '<nav', '<button', '<script>']) expect(page.text).to.not.include(absent);
    expect(page.headers['content-security-policy']).to.include("script-src 'self'");
  });

  it('a paste from the consultation page is kept as the group\'s notes and analysed; the projector counts its themes', async () => {
    const res = await ed.post(`/consultations/${id}/notes`).type('form').send({ group: 'Youth', notes: YOUTH }).expect(303);
    expect(res.headers.location).to.equal(`/consultations/${id}?notice=pasted&group=Youth#paste`);
    // The form opens again on the group's notes as saved, for the rapporteur to add to them (not on another's).
    const again = await ed.agent.get(res.headers.location!).expect(200);
    expect(again.text).to.include(`>${YOUTH}</textarea>`);
    expect(again.text).to.include('id="paste-group" name="group" maxlength="100" required value="Youth"');
    // Signed in, the rapporteur is the account: the form does not ask who pastes.
    expect(again.text).to.not.include('name="rapporteur"');
    await t.idle();
    const docs = (await as('ed').get(`/api/consultations/${id}/documents`).expect(200)).body.documents as { name: string; kind: string; pasted: unknown }[];
    expect(docs.map((d) => [d.name, d.kind, d.pasted])).to.deep.equal([['Youth (notes by ed).md', 'notes', { group: 'Youth', by: 'ed' }]]);
    expect((await ed.agent.get(`/consultations/${id}`).expect(200)).text).to.include('<td>notes of Youth, pasted by ed');
    const shown = await view();
    expect(shown.contributions).to.equal(3);
    expect(shown.groups).to.equal(1);
    expect(shown.analysedAt).to.be.a('string');
    expect(shown.scopes.flatMap((s) => s.themes).reduce((n, th) => n + th.count, 0)).to.equal(3);
    const synthesis = (await as('ed').get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as { segments: { attributes: Record<string, string> }[] };
    expect(synthesis.segments.every((s) => s.attributes.group === 'Youth')).to.equal(true);
    const audit = (await as('olga').get(`/api/consultations/${id}/audit`).expect(200)).body.audit as { user: string; action: string; detail: string }[];
    // A paste is logged as pasted, not as an upload, in the audit log and the history.
    expect(audit.filter((e) => e.user === 'ed' && e.action !== 'created').map((e) => [e.action, e.detail])).to.deep.equal([['pasted', 'pasted the notes of Youth (Youth (notes by ed).md)']]);
    expect((await ed.agent.get(`/consultations/${id}`).expect(200)).text).to.include('ed: pasted the notes of Youth (Youth (notes by ed).md)</li>');
  });

  it('the same rapporteur pasting for the same group replaces their notes; another rapporteur\'s are kept beside', async () => {
    await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Youth', notes: `${YOUTH}\n- Night buses should run on weekends.` }).expect(201);
    const pasted = await as('olga').post(`/api/consultations/${id}/notes`).send({ group: 'Youth', notes: ELDERS }).expect(201);
    expect(pasted.body.document.name).to.equal('Youth (notes by olga).md');
    expect(pasted.body.job.consultationId).to.equal(id);
    await t.idle();
    const docs = (await as('ed').get(`/api/consultations/${id}/documents`).expect(200)).body.documents as { name: string }[];
    expect(docs.map((d) => d.name)).to.deep.equal(['Youth (notes by ed).md', 'Youth (notes by olga).md']);
    const shown = await view();
    expect(shown.contributions).to.equal(6);
    expect(shown.groups).to.equal(1);
  });

  it('pastes while an analysis runs make one more analysis after it, with every paste in it', async () => {
    let release!: () => void;
    hold = new Promise<void>((r) => (release = r));
    const before = analysedDocs.length;
    await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Elders', notes: ELDERS }).expect(201);
    // The first analysis is running (held in the runner) before the next pastes arrive.
    while (analysedDocs.length === before) await new Promise((r) => setTimeout(r, 10));
    const second = await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Parents', notes: PARENTS }).expect(201);
    const third = await as('olga').post(`/api/consultations/${id}/notes`).send({ group: 'Parents', notes: ELDERS }).expect(201);
    expect(second.body.job.state).to.equal('running');
    expect(third.body.job.id).to.equal(second.body.job.id);
    hold = null;
    release();
    // The follow-up starts once the held analysis is saved: wait for it, then for the queue to be idle.
    while (analysedDocs.length < before + 2) await new Promise((r) => setTimeout(r, 20));
    await t.idle();
    expect(analysedDocs.slice(before)).to.deep.equal([3, 5]);
    const shown = await view();
    expect(shown.groups).to.equal(3);
    expect(shown.contributions).to.equal(6 + 2 + 2 + 2);
  });

  it('a refused paste shows the form again with the reason and the notes as typed', async () => {
    const noGroup = await ed.post(`/consultations/${id}/notes`).type('form').send({ group: '  ', notes: 'The bus <b>timetable</b> is unclear.' }).expect(400);
    expect(noGroup.text).to.include('Name the breakout group the notes are from.');
    expect(noGroup.text).to.include('The bus &lt;b&gt;timetable&lt;/b&gt; is unclear.</textarea>');
    const empty = await ed.post(`/consultations/${id}/notes`).type('form').send({ group: 'Youth', notes: ' \n ' }).expect(422);
    expect(empty.text).to.include('The notes of Youth are empty');
    expect(empty.text).to.include('value="Youth"');
    const api = await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Youth' }).expect(422);
    expect(api.body.error.code).to.equal('EMPTY_FILE');
    const tooLong = await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Youth', notes: 'x'.repeat(1_000_001) });
    expect(tooLong.status).to.be.oneOf([400, 413]);
    const docs = (await as('ed').get(`/api/consultations/${id}/documents`).expect(200)).body.documents as unknown[];
    expect(docs).to.have.length(5);
  });

  it('shows the paste and pause forms only to the roles that may send them', async () => {
    const forms = ['action="/consultations/' + id + '/notes"', 'action="/consultations/' + id + '/live/freeze"'];
    const seen = (await vic.agent.get(`/consultations/${id}`).expect(200)).text;
    for (const form of forms) expect(seen, form).to.not.include(form);
    expect(seen).to.include('your role lets you watch the projector');
    expect(seen).to.include(`href="/consultations/${id}/live"`);
    const editing = (await ed.agent.get(`/consultations/${id}`).expect(200)).text;
    for (const form of forms) expect(editing, form).to.include(form);
    expect(editing).to.not.include('your role lets you watch the projector');
  });

  it('shows a viewer none of the consultation page\'s forms that change it, and an editor all but deleting the consultation', async () => {
    const forms = {
      upload: `action="/consultations/${id}/documents"`,
      remove: new RegExp(`action="/consultations/${id}/documents/[^"/]+/delete"`),
      analyse: `action="/consultations/${id}/analyse"`,
      delete: `action="/consultations/${id}/delete"`,
    };
    const has = (page: string, form: string | RegExp): boolean => (typeof form === 'string' ? page.includes(form) : form.test(page));
    const seen = (await vic.agent.get(`/consultations/${id}`).expect(200)).text;
    expect(seen, 'the files are listed').to.include('Elders');
    for (const [name, form] of Object.entries(forms)) expect(has(seen, form), `viewer: ${name}`).to.equal(false);
    const editing = (await ed.agent.get(`/consultations/${id}`).expect(200)).text;
    expect(Object.entries(forms).map(([name, form]) => [name, has(editing, form)])).to.deep.equal([['upload', true], ['remove', true], ['analyse', true], ['delete', false]]);
    const olga = await loginClient(t.app, 'olga', PASSWORD);
    const owning = (await olga.agent.get(`/consultations/${id}`).expect(200)).text;
    expect(has(owning, forms.delete), 'owner: delete').to.equal(true);
  });

  it('a viewer watches but cannot paste or freeze; another team sees nothing', async () => {
    await as('vic').get(`/api/consultations/${id}/live`).expect(200);
    expect((await as('vic').post(`/api/consultations/${id}/notes`).send({ group: 'Vic', notes: ELDERS })).status).to.equal(403);
    expect((await as('vic').put(`/api/consultations/${id}/live/frozen`)).status).to.equal(403);
    expect((await as('vic').delete(`/api/consultations/${id}/live/frozen`)).status).to.equal(403);
    expect((await as('otto').get(`/api/consultations/${id}/live`)).status).to.equal(404);
    const otto = await loginClient(t.app, 'otto', PASSWORD);
    for (const url of [`/consultations/${id}/live`, `/consultations/${id}/live/events`]) expect((await otto.agent.get(url)).status, url).to.equal(404);
    expect((await vic.post(`/consultations/${id}/live/freeze`).type('form').send({})).status).to.equal(403);
    // A form without its CSRF token is refused before anything is done.
    expect((await ed.agent.post(`/consultations/${id}/notes`).type('form').send({ group: 'X', notes: ELDERS })).status).to.equal(403);
  });

  it('streams the view as server-sent events: at once, after each analysis, paused and resumed by the facilitator', async () => {
    const stream = await openStream(base, `/consultations/${id}/live/events`, await sessionCookie(t.app, 'vic'));
    expect(stream.status).to.equal(200);
    expect(stream.type).to.match(/^text\/event-stream/);
    const first = await stream.next(() => true);
    expect(first.contributions).to.equal(12);
    expect(t.service.live.streams(id)).to.equal(1);

    await ed.post(`/consultations/${id}/notes`).type('form').send({ group: 'Teachers', notes: YOUTH }).expect(303);
    const grown = await stream.next((v) => v.contributions === 15);
    expect(grown.groups).to.equal(4);

    await ed.post(`/consultations/${id}/live/freeze`).type('form').send({}).expect(303);
    const paused = await stream.next((v) => v.frozen !== null);
    expect(paused.frozen!.by).to.equal('ed');
    expect(paused.contributions).to.equal(15);
    const page = await ed.agent.get(`/consultations/${id}`).expect(200);
    expect(page.text).to.include('Resume the projector');
    expect((await vic.agent.get(`/consultations/${id}`).expect(200)).text).to.not.include('Resume the projector');
    // Frozen: new notes are analysed, the projector keeps its snapshot.
    await as('ed').post(`/api/consultations/${id}/notes`).send({ group: 'Drivers', notes: PARENTS }).expect(201);
    await t.idle();
    const frozen = await view();
    expect(frozen.contributions).to.equal(15);
    expect(frozen.frozen).to.not.equal(null);
    expect((await vic.agent.get(`/consultations/${id}/live`).expect(200)).text).to.match(/<p id="live-paused" class="paused">Paused by the facilitator<\/p>/);

    const resumed = await as('ed').delete(`/api/consultations/${id}/live/frozen`).expect(200);
    expect(resumed.body.frozen).to.equal(null);
    expect(resumed.body.contributions).to.equal(17);
    const live = await stream.next((v) => v.frozen === null && v.contributions === 17);
    expect(countOf(live, resumed.body.scopes[0].themes[0].label)).to.equal(resumed.body.scopes[0].themes[0].count);

    stream.close();
    for (let i = 0; i < 100 && t.service.live.streams(id) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.service.live.streams(id)).to.equal(0);
  });

  it('caps the streams open per consultation, and ends them when the consultation is deleted', async () => {
    const capped = await makeApp(undefined, { runner: keptInlineRunner });
    try {
      const small = http.createServer(capped.app).listen(0, '127.0.0.1');
      await new Promise((r) => small.once('listening', r));
      const url = `http://127.0.0.1:${(small.address() as AddressInfo).port}`;
      const c = (await request(capped.app).post('/api/consultations').send({ name: 'Capped' }).expect(201)).body.id as string;
      const limit = 50;
      const open: ProjectorStream[] = [];
      for (let i = 0; i < limit; i++) open.push(await openStream(url, `/consultations/${c}/live/events`, ''));
      expect(open.every((s) => s.status === 200)).to.equal(true);
      // The JSON view is not a stream: still answered.
      await request(capped.app).get(`/api/consultations/${c}/live`).expect(200);
      const over = await openStream(url, `/consultations/${c}/live/events`, '');
      expect(over.status).to.equal(429);
      over.close();
      for (const s of open) s.close();
      // A deleted consultation's streams end at once.
      const doomed = (await request(capped.app).post('/api/consultations').send({ name: 'Doomed' }).expect(201)).body.id as string;
      const watching = await openStream(url, `/consultations/${doomed}/live/events`, '');
      await watching.next(() => true);
      await request(capped.app).delete(`/api/consultations/${doomed}`).expect(204);
      await watching.ended;
      expect(capped.service.live.streams(doomed)).to.equal(0);
      small.closeAllConnections();
      await new Promise((r) => small.close(r));
    } finally {
      await capped.close();
    }
  });
});

describe('web: the live plenary in the open mode (no accounts)', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await makeApp(undefined, { runner: keptInlineRunner });
  });
  after(async () => {
    await t?.close();
  });

  it('asks the rapporteur\'s name (optional), keeps two rapporteurs\' notes of one group apart, and counts them by group', async () => {
    const id = (await request(t.app).post('/api/consultations').send({ name: 'Open workshop' }).expect(201)).body.id as string;
    const form = await formClient(t.app, `/consultations/${id}`);
    const page = (await form.agent.get(`/consultations/${id}`).expect(200)).text;
    expect(page).to.include('id="paste-rapporteur" name="rapporteur"');
    expect(page).to.include(`action="/consultations/${id}/live/freeze"`);
    const anna = await form.post(`/consultations/${id}/notes`).type('form').send({ group: 'Youth', rapporteur: ' Anna ', notes: YOUTH }).expect(303);
    expect(anna.headers.location).to.equal(`/consultations/${id}?notice=pasted&group=Youth&rapporteur=Anna#paste`);
    const again = (await form.agent.get(anna.headers.location!).expect(200)).text;
    expect(again).to.include(`>${YOUTH}</textarea>`);
    expect(again).to.include('name="rapporteur" maxlength="80" autocomplete="name" value="Anna"');
    await form.post(`/consultations/${id}/notes`).type('form').send({ group: 'Youth', rapporteur: 'Ben', notes: ELDERS }).expect(303);
    // Without a name the paste is the facilitator's, as before.
    await request(t.app).post(`/api/consultations/${id}/notes`).send({ group: 'Parents', notes: PARENTS }).expect(201);
    await t.idle();
    const docs = (await request(t.app).get(`/api/consultations/${id}/documents`).expect(200)).body.documents as { name: string; pasted: { group: string; by: string } }[];
    expect(docs.map((d) => [d.name, d.pasted.group, d.pasted.by])).to.deep.equal([
      ['Youth (notes by Anna).md', 'Youth', 'Anna'],
      ['Youth (notes by Ben).md', 'Youth', 'Ben'],
      ['Parents (notes by facilitator).md', 'Parents', 'facilitator'],
    ]);
    const history = (await form.agent.get(`/consultations/${id}`).expect(200)).text;
    expect(history).to.include('Ben: pasted the notes of Youth (Youth (notes by Ben).md)</li>');
    // The group is each segment's breakout group attribute: the report counts the themes by group.
    const synthesis = (await request(t.app).get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as { segments: { attributes: Record<string, string> }[]; scopes: { themes: { id: string }[] }[] };
    const byGroup = new Map<string, number>();
    for (const seg of synthesis.segments) byGroup.set(seg.attributes.group!, (byGroup.get(seg.attributes.group!) ?? 0) + 1);
    expect([...byGroup]).to.deep.equal([['Youth', 5], ['Parents', 2]]);
    const theme = synthesis.scopes[0]!.themes[0]!.id;
    expect((await form.agent.get(`/consultations/${id}/themes/${theme}`).expect(200)).text).to.include('<caption>By group</caption>');
  });
});

describe('web: the live plenary across Harvest processes [PostgreSQL]', function () {
  this.timeout(120_000);
  const postgres = BACKENDS.find((b) => b.name === 'PostgreSQL')!;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  let server: http.Server | undefined;

  before(async function () {
    skipUnavailable(this, postgres, 'live plenary tests');
    a = await makeApp(undefined, { backend: postgres, runner: keptInlineRunner });
    b = await makeApp(undefined, { backend: postgres, runner: keptInlineRunner, sharing: a });
    server = http.createServer(b.app).listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(null)));
    await b?.close();
    await a?.close();
  });

  it('a projector served by one process follows pastes saved through another, whichever process analyses them', async () => {
    const id = (await request(a!.app).post('/api/consultations').send({ name: 'Two processes' }).expect(201)).body.id as string;
    const stream = await openStream(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`, `/consultations/${id}/live/events`, '');
    await stream.next((v) => v.contributions === 0);
    await request(a!.app).post(`/api/consultations/${id}/notes`).send({ group: 'Youth', notes: YOUTH }).expect(201);
    await request(a!.app).post(`/api/consultations/${id}/notes`).send({ group: 'Elders', notes: ELDERS }).expect(201);
    const shown = await stream.next((v) => v.groups === 2);
    expect(shown.contributions).to.equal(5);
    stream.close();
    await a!.idle();
  });
});
