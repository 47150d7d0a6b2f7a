// Who said it differently on the report page: the section lists the tested claims in words with a chart, in the
// contents, and follows *Show only* (one group shown alone has no other group to differ from).
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { analysedConsultation, makeApp, type TestApp } from './helpers.ts';

const SURVEY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/differences/org-type-survey.csv');

describe('web: who said it differently', function () {
  this.timeout(180_000);
  let t: TestApp;
  let base: string;

  before(async () => {
    t = await makeApp();
    base = await analysedConsultation(t.app, 'Women in tech survey', [SURVEY], '42');
  });
  after(async () => {
    await t?.close();
  });

  it('shows the claims that passed the test, in words and as charts, and lists the section in the contents', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    expect(page).to.contain('<li><a href="#differences">Who said it differently</a></li>');
    const section = page.slice(page.indexOf('<section id="differences"'), page.indexOf('<section id="minority-views"'));
    expect(section).to.match(/comparisons\. Only differences that pass Fisher’s exact test/);
    const claims = section.match(/<p class="difference">Where org type is “Civil society”, [^<]+<\/p>/g) ?? [];
    expect(claims.length).to.be.greaterThan(0);
    expect(section.match(/<svg class="chart" role="img"/g)?.length).to.equal(claims.length);
    expect(section).not.to.contain('country is');
  });

  it('offers the claims as a CSV download (differences.csv), the same claims the page shows', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    expect(page).to.contain('Who said it differently (.csv)');
    const id = base.split('/').at(-1)!;
    const res = await request(t.app).get(`/api/consultations/${id}/export/differences`).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.match(/-differences\.csv"$/);
    const rows = res.text.trim().split('\r\n');
    expect(rows[0]).to.match(/^scope,theme,attribute,group,compared_with,/);
    const claims = page.match(/<p class="difference">/g)?.length ?? 0;
    const vsEveryone = rows.filter((r) => r.includes(',Civil society,everyone else,')).length;
    expect(vsEveryone).to.be.greaterThan(0);
    // Two groups, fewer than the page's 20: the page and the CSV list the same claims.
    expect(claims).to.be.below(20);
    expect(vsEveryone).to.equal(claims);
  });

  it('with Show only one group, there is no other group to compare on that attribute', async () => {
    const page = (await request(t.app).get(`${base}/report?filter=${encodeURIComponent('org_type::Government')}`).expect(200)).text;
    const section = page.slice(page.indexOf('<section id="differences"'), page.indexOf('<section id="minority-views"'));
    expect(section).to.contain('<p class="filter-tag">Show only:');
    expect(section).not.to.contain('Where org type is');
  });
});
