// What changed in the web app (issue 19, item 3): a consultation against its machine analysis (what the corrections
// changed) and against another consultation; the downloads; who may compare with what (roles of both consultations).
import { expect } from 'chai';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { binary, keptInlineRunner, loginClient, makeApp, NOTES_BREAKOUT, NOTES_WORKSHOP, SURVEY, type FormClient, type TestApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';

describe('web: what changed', function () {
  this.timeout(120_000);
  let t: TestApp;
  let olga: FormClient;
  let vera: FormClient;
  let round1: string;
  let round2: string;
  let secret: string;
  let merged: { label: string; from: string[] };

  before(async () => {
    t = await makeApp(undefined, { runner: keptInlineRunner });
    for (const name of ['olga', 'vera']) await t.accounts.addUser(name, PASSWORD);
    const olgaToken = (await t.accounts.createToken('olga')).token;
    const as = (method: 'get' | 'post' | 'put' | 'patch', url: string) => request(t.app)[method](url).set('Authorization', `Bearer ${olgaToken}`);
    const analysed = async (name: string, files: [string, string][]): Promise<string> => {
      const id = (await as('post', '/api/consultations').send({ name }).expect(201)).body.id as string;
      for (const [file, text] of files) await as('post', `/api/consultations/${id}/documents`).attach('files', Buffer.from(text), file).expect(201);
      const jobId = (await as('post', `/api/consultations/${id}/analyse`).send({ seed: 1 }).expect(202)).body.jobId;
      for (;;) {
        const job = await as('get', `/api/jobs/${jobId}`).expect(200);
        if (job.body.state === 'done') break;
        expect(job.body.state).to.not.equal('failed');
        await new Promise((r) => setTimeout(r, 100));
      }
      return id;
    };
    round1 = await analysed('Round 1', [['workshop.md', NOTES_WORKSHOP], ['survey.csv', SURVEY]]);
    round2 = await analysed('Round 2', [['workshop.md', NOTES_WORKSHOP], ['survey.csv', SURVEY]]);
    secret = await analysed('Olga alone', [['workshop.md', NOTES_WORKSHOP]]);
    // Vera reads both rounds; she is no member of "Olga alone".
    await as('put', `/api/consultations/${round1}/members/vera`).send({ role: 'viewer' }).expect(200);
    await as('put', `/api/consultations/${round2}/members/vera`).send({ role: 'editor' }).expect(200);
    // A correction in round 2: merge its two largest themes of one scope.
    const s = (await as('get', `/api/consultations/${round2}/synthesis`).expect(200)).body as Synthesis;
    const scope = s.scopes.find((sc) => sc.themes.filter((th) => !th.isOther).length >= 2)!;
    const [a, b] = scope.themes.filter((th) => !th.isOther);
    await as('post', `/api/consultations/${round2}/themes/merge`).send({ themeIds: [a!.id, b!.id], label: 'Joined by Olga' }).expect(200);
    merged = { label: 'Joined by Olga', from: [a!.label, b!.label] };
    olga = await loginClient(t.app, 'olga', PASSWORD);
    vera = await loginClient(t.app, 'vera', PASSWORD);
  });
  after(async () => {
    await t?.close();
  });

  it('lists what a consultation can be compared with: its machine analysis and the analysed consultations the user reads', async () => {
    const olgaPage = (await olga.agent.get(`/consultations/${round2}/compare`).expect(200)).text;
    expect(olgaPage).to.contain(`/consultations/${round2}/compare/corrections`);
    expect(olgaPage).to.contain(`/consultations/${round2}/compare/with/${round1}`);
    expect(olgaPage).to.contain(`/compare/with/${secret}`);
    const veraPage = (await vera.agent.get(`/consultations/${round2}/compare`).expect(200)).text;
    expect(veraPage).to.contain(`/compare/with/${round1}`);
    expect(veraPage).not.to.contain(secret);
    expect((await olga.agent.get(`/consultations/${round2}/report`).expect(200)).text).to.contain(`href="/consultations/${round2}/compare"`);
  });

  it('against the machine analysis, the correction is a merge; against the other round, themes pair by the same answers', async () => {
    const corrections = (await olga.agent.get(`/consultations/${round2}/compare/corrections`).expect(200)).text;
    expect(corrections).to.contain('What changed: the machine’s analysis → the corrected analysis');
    const merge = corrections.match(/<li class="change change-merged"><strong>Merged\.<\/strong> ([^<]+)<\/li>/);
    expect(merge, 'a merged line').to.not.equal(null);
    for (const label of [...merged.from, merged.label]) expect(merge![1]).to.contain(`“${label.replace(/'/g, '&#39;')}”`);
    // The other round read the same files: same answers, and only the merge differs.
    const rounds = (await olga.agent.get(`/consultations/${round2}/compare/with/${round1}`).expect(200)).text;
    expect(rounds).to.contain('What changed: Round 1 → Round 2');
    expect(rounds).to.contain('Both analyses read the same answers');
    expect(rounds.match(/change-merged/g)?.length).to.equal(1);
    expect(rounds).not.to.match(/change-(?:new|gone|split)/);
    expect(rounds).to.match(/in both: 1 merged, \d+ steady; 0 segments moved\./);
  });

  it('downloads the comparison as Markdown, CSV, moved CSV and JSON; unredacted needs an editor of both consultations', async () => {
    const base = `/api/consultations/${round2}/compare/with/${round1}`;
    const md = await olga.agent.get(`${base}/md?redact=1`).expect(200);
    expect(md.headers['content-disposition']).to.equal('attachment; filename="round-2-compare-redacted.md"');
    expect(md.text).to.contain('# What changed: Round 1 → Round 2');
    const csv = await olga.agent.get(`${base}/csv?redact=1`).expect(200);
    expect(csv.text.split('\r\n')[0]).to.match(/^scope,change,before_themes,/);
    expect(csv.text).to.contain(',merged,');
    const json = (await olga.agent.get(`${base}/json?redact=1`).expect(200)).body as { basis: string; changes: { kind: string }[] };
    expect(json.basis).to.equal('same answers');
    expect(json.changes.filter((c) => c.kind === 'merged')).to.have.length(1);
    await olga.agent.get(`${base}/moved?redact=1`).expect(200);
    await olga.agent.get(`${base}/pdf?redact=1`).expect(404);
    // Olga edits both: unredacted from Harvest's own page; Vera is a viewer of round 1: redacted only.
    await olga.agent.get(`${base}/md`).set('Sec-Fetch-Site', 'same-origin').expect(200);
    await olga.agent.get(`${base}/md`).set('Sec-Fetch-Site', 'cross-site').expect(403);
    await vera.agent.get(`${base}/md?redact=1`).expect(200);
    const refused = await vera.agent.get(`${base}/md`).set('Sec-Fetch-Site', 'same-origin').expect(403);
    expect(refused.text).to.contain('You are a viewer of “Round 1”');
    const { audit } = (await olga.agent.get(`/api/consultations/${round2}/audit`).expect(200)).body as { audit: { detail: string }[] };
    expect(audit.some((e) => e.detail.startsWith(`exported what changed as md (against ${round1})`)), JSON.stringify(audit.map((e) => e.detail))).to.equal(true);
  });

  it('after analysing again, shows what changed since the last analysis (the one replaced is kept, one only)', async () => {
    const page = (): Promise<string> => olga.agent.get(`/consultations/${secret}`).expect(200).then((r) => r.text);
    expect(await page()).not.to.contain('What changed since the last analysis');
    expect((await olga.agent.get(`/consultations/${secret}/compare`).expect(200)).text).to.contain('none yet: this consultation has been analysed once');
    expect((await olga.agent.get(`/consultations/${secret}/compare/previous`).expect(404)).text).to.contain('analysed once only');
    const firstRun = (await t.service.getConsultation(secret)).analysis!.runAt;
    // New notes, then the analysis again: the first analysis is kept as the previous one.
    await t.service.addDocuments(secret, [{ name: 'breakout.txt', bytes: Buffer.from(NOTES_BREAKOUT) }], { user: 'olga' });
    await t.service.analyse(secret, { seed: 1 });
    await t.idle();
    expect((await t.service.getConsultation(secret)).previous!.runAt).to.equal(firstRun);
    expect(await page()).to.contain(`<a href="/consultations/${secret}/compare/previous">What changed since the last analysis</a>`);
    expect((await olga.agent.get(`/consultations/${secret}/compare`).expect(200)).text).to.contain(`href="/consultations/${secret}/compare/previous">the previous analysis</a>`);
    const changed = (await olga.agent.get(`/consultations/${secret}/compare/previous`).expect(200)).text;
    expect(changed).to.match(/<h1>What changed: the previous analysis \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) → the current analysis<\/h1>/);
    expect(changed).to.contain('Both analyses read the same answers');
    const base = `/api/consultations/${secret}/compare/previous`;
    const grown = (await olga.agent.get(`${base}/json?redact=1`).expect(200)).body as { before: string; after: string; scopes: { before: number; after: number }[]; scopesOnlyAfter: string[] };
    expect(grown.after).to.equal('the current analysis');
    // The breakout notes' points are in the current analysis only.
    const count = (key: 'before' | 'after'): number => grown.scopes.reduce((n, sc) => n + sc[key], 0);
    expect(grown.scopesOnlyAfter.length > 0 || count('after') > count('before')).to.equal(true);
    expect((await olga.agent.get(`${base}/md?redact=1`).expect(200)).text).to.contain('# What changed: the previous analysis (');
    // Analysed again with nothing new: the previous analysis is now the second one, and nothing changed since.
    const secondRun = (await t.service.getConsultation(secret)).analysis!.runAt;
    await t.service.analyse(secret, { seed: 1 });
    await t.idle();
    expect((await t.service.getConsultation(secret)).previous!.runAt).to.equal(secondRun);
    const same = (await olga.agent.get(`${base}/json?redact=1`).expect(200)).body as { changes: { kind: string }[]; moved: unknown[] };
    expect(same.changes.length).to.be.greaterThan(0);
    expect([same.changes.filter((c) => c.kind !== 'steady'), same.moved]).to.deep.equal([[], []]);
    const { audit } = (await olga.agent.get(`/api/consultations/${secret}/audit`).expect(200)).body as { audit: { detail: string }[] };
    expect(audit.map((e) => e.detail)).to.include('exported what changed as md (against the previous analysis) (redacted)');
    // A backup keeps the previous analysis: restored, the consultation can still say what changed.
    const backup = await olga.agent.get(`/api/consultations/${secret}/backup`).set('Sec-Fetch-Site', 'same-origin').buffer(true).parse(binary).expect(200);
    const restored = await t.service.importBackup('olga.harvest.zip', new Uint8Array(backup.body as Buffer), { user: 'olga' });
    expect((await t.service.getConsultation(restored.id)).previous!.runAt).to.equal(secondRun);
    await olga.agent.get(`/consultations/${restored.id}/compare/previous`).expect(200);
  });

  it('a consultation the user is no member of cannot be compared with, whatever the spelling of the URL', async () => {
    for (const url of [`/consultations/${round2}/compare/with/${secret}`, `/CONSULTATIONS/${round2}/Compare/With/${secret}`, `/consultations/${round2}/compare/with/${secret}/`]) {
      await vera.agent.get(url).expect(404);
    }
    await vera.agent.get(`/api/consultations/${round2}/compare/with/${secret}/md?redact=1`).expect(404);
    await vera.agent.get(`/consultations/${round2}/compare/with/no-such-consultation`).expect(404);
    await vera.agent.get(`/consultations/${secret}/compare/corrections`).expect(404);
  });
});
