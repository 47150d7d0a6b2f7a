// Campaigns and copies on the report page: a survey with answers pasted from templates, uploaded and analysed in the
// web app, shows each campaign (template, count, variation, themes) in its section and the campaign beside theme counts.
import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import type { Synthesis, Theme } from '../../src/model/index.ts';
import type { TemplateCopies } from '../../src/report/campaigns-view.ts';
import type { ProjectorView } from '../../src/model/projector.ts';
import { mixtureCsv, type MixtureOptions } from '../../src/eval/campaigns.ts';
import { ROOT } from '../integration/helpers.ts';
import { binary, formClient, makeApp, waitForJob, type TestApp } from './helpers.ts';

/** A consultation of the sample survey with campaigns mixed in (`mixtureCsv`), uploaded and analysed; its page's path. */
async function analysedMixture(t: TestApp, name: string, options: MixtureOptions): Promise<string> {
  const client = await formClient(t.app, '/');
  const created = await client.post('/consultations').type('form').send({ name }).expect(303);
  const base = created.headers.location.split('?')[0]!;
  const { csv } = mixtureCsv(ROOT, options);
  await client.post(`${base}/documents`).attach('files', Buffer.from(csv), 'survey-mix.csv').expect(200);
  const job = await client.post(`${base}/analyse`).type('form').send({ seed: '42', k: '' }).expect(303);
  expect((await waitForJob(t.app, job.headers.location.split('/').at(-1)!)).state).to.equal('done');
  return base;
}

describe('web: campaigns and copies', function () {
  this.timeout(180_000);
  let t: TestApp;
  let base: string;

  before(async () => {
    t = await makeApp();
    base = await analysedMixture(t, 'Survey with campaigns', { seed: 11, campaigns: 2, minCopies: 15, maxCopies: 20 });
  });
  after(async () => {
    await t?.close();
  });

  it('lists each campaign with its template, count, variation and themes, linked from the contents and the themes', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    expect(page).to.contain('<li><a href="#campaigns">Campaigns and copies</a></li>');
    const section = page.slice(page.indexOf('<section id="campaigns"'), page.indexOf('<section id="differences"'));
    const headings = [...section.matchAll(/<h3>Campaign \d+: (\d+) answers to “[^”]+”<\/h3>/g)].map((m) => Number(m[1]));
    expect(headings.length).to.be.at.least(2);
    expect(headings[0]).to.be.at.least(14);
    expect(section).to.match(/<figure class="quote">\s*<blockquote><p>[^<]{40,}<\/p><\/blockquote>/);
    expect(section).to.match(/share \d+% of their word pairs with the template on average/);
    const themeLinks = [...section.matchAll(/<a href="#(theme-\d+-\d+)">/g)].map((m) => m[1]!);
    expect(themeLinks.length).to.be.greaterThan(0);
    for (const anchor of themeLinks) expect(page).to.contain(`id="${anchor}"`);
    expect(page).to.match(/\d+ segments \(\d+%\), of which \d+ from one template/);
  });

  it('says "of which N from one template" beside every theme count: theme page, exports, JSON API and projector', async () => {
    const full = (await request(t.app).get(`/api${base}/synthesis?full=1`).expect(200)).body as Synthesis;
    // The JSON API's count of copies per theme is the campaigns' own: their segments in that theme.
    const themeOf = new Map(full.segments.map((seg) => [seg.id, seg.themeId]));
    const expected = new Map<string, number>();
    for (const c of full.campaigns!.list) for (const id of c.segmentIds) expected.set(themeOf.get(id)!, (expected.get(themeOf.get(id)!) ?? 0) + 1);
    const themes = full.scopes.flatMap((sc) => sc.themes) as (Theme & { fromTemplates?: TemplateCopies })[];
    const withCopies = themes.filter((th) => th.fromTemplates);
    expect(withCopies.length).to.be.greaterThan(0);
    expect(new Map(withCopies.map((th) => [th.id, th.fromTemplates!.copies]))).to.deep.equal(new Map([...expected].filter(([, n]) => n >= 2)));
    const paged = (await request(t.app).get(`/api${base}/synthesis`).expect(200)).body as typeof full;
    expect(paged.scopes).to.deep.equal(full.scopes);
    const biggest = [...withCopies].sort((a, b) => b.fromTemplates!.copies - a.fromTemplates!.copies)[0]!;
    const { copies, note } = biggest.fromTemplates!;
    expect(note).to.match(/^of which \d+ from (one template|\d+ templates)$/);
    expect(note).to.contain(`of which ${copies} from`);
    const cell = `${biggest.size} (${note})`;

    const themePage = (await request(t.app).get(`${base}/themes/${biggest.id}`).expect(200)).text;
    expect(themePage).to.contain(`, ${note}`);
    const md = (await request(t.app).get(`/api${base}/export/md?redact=1`).expect(200)).text;
    expect(md).to.contain(`| ${cell} |`);
    const html = (await request(t.app).get(`/api${base}/export/html?redact=1`).expect(200)).text;
    expect(html).to.contain(`<td class="num">${cell}</td>`);
    const docx = await request(t.app).get(`/api${base}/export/docx?redact=1`).buffer(true).parse(binary).expect(200);
    expect(strFromU8(unzipSync(new Uint8Array(docx.body as Buffer))['word/document.xml']!)).to.contain(`>${cell}<`);
    const projector = (await request(t.app).get(`/api${base}/live`).expect(200)).body as ProjectorView;
    const shown = projector.scopes.flatMap((sc) => sc.themes).find((th) => th.label === biggest.label && th.count === biggest.size);
    expect(shown?.note).to.equal(note);
    expect((await request(t.app).get(`${base}/live`).expect(200)).text).to.contain(`<span class="note">${note}</span>`);
  });

  it('counts each campaign once per theme when asked (?campaigns=once), and the exports follow', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    expect(page).to.match(/<strong aria-current="true">per answer<\/strong>/);
    expect(page).to.contain('href="?campaigns=once#campaigns"');
    const once = (await request(t.app).get(`${base}/report?campaigns=once`).expect(200)).text;
    expect(once).to.match(/<strong aria-current="true">once per theme<\/strong>/);
    const counted = [...once.matchAll(/(\d+) segments counted \(\d+%\): (\d+) in all, of which the (\d+) from one template count once/g)].map((m) => m.slice(1).map(Number));
    expect(counted.length).to.be.greaterThan(0);
    for (const [n, all, copies] of counted) expect(n).to.equal(all! - copies! + 1);
    expect(once).to.contain('<input type="hidden" name="campaigns" value="once">');
    const redirect = await request(t.app).get(`${base}/export?format=md&redact=1&campaigns=once`).expect(303);
    expect(redirect.headers.location).to.equal(`/api${base}/export/md?redact=1&campaigns=once`);
    const md = (await request(t.app).get(redirect.headers.location).expect(200)).text;
    expect(md).to.contain('Theme counts count each campaign once in each theme');
    expect(md).to.match(/segments counted \(\d+%\): \d+ in all, of which the \d+ from one template count once/);
    const json = JSON.parse((await request(t.app).get(`/api${base}/export/json?redact=1&campaigns=once`).expect(200)).text);
    expect(json.campaigns.counting).to.equal('once');
  });
});

describe('web: the synthesis API with many campaigns (the largest by default, every one when asked)', function () {
  this.timeout(300_000);
  let t: TestApp;
  let api: string;

  before(async () => {
    t = await makeApp();
    // More campaigns than the report shows (30), each of a few copies.
    api = `/api${await analysedMixture(t, 'Survey with many campaigns', { seed: 5, campaigns: 40, minCopies: 3, maxCopies: 4 })}/synthesis`;
  });
  after(async () => {
    await t?.close();
  });

  it('carries the 30 largest campaigns and says where the whole list is; ?allCampaigns=1 and ?full=1 give every one, theme counts alike', async () => {
    type Page = Synthesis & { campaignsPage: { shown: number; total: number; all: string | null }; segmentsPage: { next: string | null } };
    const full = (await request(t.app).get(`${api}?full=1`).expect(200)).body as Synthesis;
    const all = full.campaigns!.list;
    expect(all.length).to.be.above(30);
    const page = (await request(t.app).get(api).expect(200)).body as Page;
    expect(page.campaigns!.list).to.deep.equal(all.slice(0, 30));
    expect(page.campaigns!.list.map((c) => c.size)).to.deep.equal([...all].map((c) => c.size).sort((a, b) => b - a).slice(0, 30));
    expect(page.campaignsPage).to.deep.equal({ shown: 30, total: all.length, all: `${api}?allCampaigns=1` });
    const { list: _l, ...settings } = page.campaigns!;
    const { list: _f, ...fullSettings } = full.campaigns!;
    expect(settings).to.deep.equal(fullSettings);
    // The themes' copies from templates count every campaign, not only those carried.
    expect(page.scopes).to.deep.equal(full.scopes);
    const every = (await request(t.app).get(page.campaignsPage.all!).expect(200)).body as Page;
    expect(every.campaigns).to.deep.equal(full.campaigns);
    expect(every.campaignsPage).to.deep.equal({ shown: all.length, total: all.length, all: null });
    expect(every.segments).to.deep.equal(page.segments);
    // The next page of segments keeps asking for every campaign.
    const small = (await request(t.app).get(`${api}?allCampaigns=1&limit=5`).expect(200)).body as Page;
    expect(small.segmentsPage.next).to.equal(`${api}?offset=5&limit=5&allCampaigns=1`);
  });
});
