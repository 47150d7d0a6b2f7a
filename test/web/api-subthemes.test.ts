// The JSON API's sub-theme edits (rename, merge, promote, move a segment into a sub-theme): an editor may make them,
// a viewer is refused (403), bad requests get 400 and unknown sub-themes 404; each answer shows the sub-themes as they are now.
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis, Theme } from '../../src/model/index.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { describeEachStore, keptInlineRunner, makeApp, sampleFile, type TestApp } from './helpers.ts';

type Who = 'owner' | 'editor' | 'viewer';
const USERS: Record<Who, string> = { owner: 'olga', editor: 'ed', viewer: 'vic' };
const PASSWORD = 'correct horse battery';

interface SummaryTheme {
  id: string;
  label: string;
  size: number;
  subthemes: { id: string; label: string; size: number; editedBy: string }[];
}

describeEachStore('web API: sub-theme edits', function (backend) {
  this.timeout(180_000);
  let t: TestApp;
  let id: string;
  const token: Partial<Record<Who, string>> = {};
  const as = (who: Who) => ({
    get: (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token[who]}`),
    post: (url: string) => request(t.app).post(url).set('Authorization', `Bearer ${token[who]}`),
    patch: (url: string) => request(t.app).patch(url).set('Authorization', `Bearer ${token[who]}`),
    put: (url: string) => request(t.app).put(url).set('Authorization', `Bearer ${token[who]}`),
  });
  const synthesis = async (): Promise<Synthesis> => (await as('editor').get(`/api/consultations/${id}/synthesis?full=1`).expect(200)).body as Synthesis;
  const consistent = async (): Promise<Synthesis> => {
    const s = await synthesis();
    const { documents } = await t.service.current(id);
    expect(findInconsistencies(s, documents)).to.deep.equal([]);
    return s;
  };
  /** A theme with at least `n` sub-themes (the largest such theme). */
  const themeWith = async (n: number): Promise<Theme> => {
    const all = (await synthesis()).scopes.flatMap((sc) => sc.themes).filter((th) => th.subthemes.length >= n);
    expect(all.length, `a theme with ${n} sub-themes`).to.be.greaterThan(0);
    return all.sort((a, b) => b.size - a.size)[0]!;
  };
  const inSummary = (body: { themes: SummaryTheme[] }, themeId: string): SummaryTheme => body.themes.find((x) => x.id === themeId)!;

  before(async () => {
    t = await makeApp(undefined, { backend, runner: keptInlineRunner });
    for (const [who, name] of Object.entries(USERS) as [Who, string][]) {
      await t.accounts.addUser(name, PASSWORD);
      token[who] = (await t.accounts.createToken(name)).token;
    }
    id = (await as('owner').post('/api/consultations').send({ name: 'Sub-theme edits' }).expect(201)).body.id;
    await as('owner').post(`/api/consultations/${id}/documents`).attach('files', await sampleFile('survey-responses.csv'), 'survey-responses.csv').expect(201);
    const jobId = (await as('owner').post(`/api/consultations/${id}/analyse`).send({ seed: 42 }).expect(202)).body.jobId;
    for (;;) {
      const job = await as('owner').get(`/api/jobs/${jobId}`).expect(200);
      if (job.body.state === 'done') break;
      expect(job.body.state).to.not.equal('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    await as('owner').put(`/api/consultations/${id}/members/ed`).send({ role: 'editor' }).expect(200);
    await as('owner').put(`/api/consultations/${id}/members/vic`).send({ role: 'viewer' }).expect(200);
  });
  after(async () => {
    await t?.close();
  });

  it('a viewer may not rename, merge or promote sub-themes, nor move a segment into one (403), and nothing changes', async () => {
    const theme = await themeWith(2);
    const [a, b] = theme.subthemes;
    const before = await synthesis();
    const refused = [
      as('viewer').patch(`/api/consultations/${id}/themes/${theme.id}/subthemes/${a!.id}`).send({ label: 'Viewer label' }),
      as('viewer').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/merge`).send({ subthemeIds: [a!.id, b!.id] }),
      as('viewer').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/${a!.id}/promote`).send({}),
      as('viewer').post(`/api/consultations/${id}/segments/${a!.segmentIds[0]}/move`).send({ themeId: theme.id, subthemeId: b!.id }),
    ];
    for (const req of refused) expect((await req).status).to.equal(403);
    expect(await synthesis()).to.deep.equal(before);
  });

  it('an editor renames a sub-theme (recorded as a human edit)', async () => {
    const theme = await themeWith(2);
    const sub = theme.subthemes[0]!;
    const res = await as('editor').patch(`/api/consultations/${id}/themes/${theme.id}/subthemes/${sub.id}`).send({ label: 'Cost of data bundles', author: 'Ed' }).expect(200);
    expect(inSummary(res.body, theme.id).subthemes.find((s) => s.id === sub.id)).to.include({ label: 'Cost of data bundles', editedBy: 'human' });
    expect(res.body.edits.at(-1)).to.include({ type: 'rename-subtheme', by: 'human', label: 'Cost of data bundles' });
    const after = await consistent();
    const again = after.scopes.flatMap((sc) => sc.themes).find((th) => th.id === theme.id)!;
    expect(again.subthemes.find((s) => s.id === sub.id)!.label).to.equal('Cost of data bundles');
  });

  it('an editor moves a segment into a sibling sub-theme of its theme', async () => {
    const theme = await themeWith(2);
    const [from, to] = theme.subthemes;
    const segmentId = from!.segmentIds[0]!;
    const res = await as('editor').post(`/api/consultations/${id}/segments/${segmentId}/move`).send({ themeId: theme.id, subthemeId: to!.id }).expect(200);
    expect(inSummary(res.body, theme.id).subthemes.find((s) => s.id === to!.id)!.size).to.equal(to!.size + 1);
    const after = await consistent();
    const moved = after.scopes.flatMap((sc) => sc.themes).find((th) => th.id === theme.id)!;
    expect(moved.subthemes.find((s) => s.id === to!.id)!.segmentIds).to.include(segmentId);
  });

  it('an editor merges two sub-themes of one theme', async () => {
    const theme = await themeWith(3);
    const [a, b] = theme.subthemes;
    const res = await as('editor').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/merge`).send({ subthemeIds: [a!.id, b!.id], label: 'Merged point' }).expect(200);
    const subs = inSummary(res.body, theme.id).subthemes;
    expect(subs.find((s) => s.label === 'Merged point')!.size).to.equal(a!.size + b!.size);
    expect(subs).to.have.length(theme.subthemes.length - 1);
    await consistent();
  });

  it('an editor promotes a sub-theme to a theme of its own', async () => {
    const theme = await themeWith(2);
    const sub = theme.subthemes.at(-1)!;
    const count = (s: Synthesis): number => s.scopes.flatMap((sc) => sc.themes).length;
    const before = await synthesis();
    const res = await as('editor').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/${sub.id}/promote`).send({}).expect(200);
    expect(inSummary(res.body, theme.id).subthemes.some((s) => s.id === sub.id)).to.equal(false);
    expect(res.body.themes.some((x: SummaryTheme) => x.label === sub.label && x.size === sub.size)).to.equal(true);
    expect(count(await consistent())).to.equal(count(before) + 1);
  });

  it('refuses bad requests (400) and unknown sub-themes (404)', async () => {
    const theme = await themeWith(2);
    const [a, b] = theme.subthemes;
    await as('editor').patch(`/api/consultations/${id}/themes/${theme.id}/subthemes/${a!.id}`).send({ label: '  ' }).expect(400);
    await as('editor').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/merge`).send({ subthemeIds: [a!.id] }).expect(400);
    await as('editor').post(`/api/consultations/${id}/segments/${a!.segmentIds[0]}/move`).send({ subthemeId: b!.id }).expect(400);
    await as('editor').patch(`/api/consultations/${id}/themes/${theme.id}/subthemes/no-such-subtheme`).send({ label: 'X' }).expect(404);
    await as('editor').post(`/api/consultations/${id}/themes/${theme.id}/subthemes/no-such-subtheme/promote`).send({}).expect(404);
  });
});
