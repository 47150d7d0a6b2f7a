// Survey dates in the report page: no date among the *Show only* attributes, a date range instead, and the whole page following it.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { describeFilter } from '../../src/web/page-models.ts';
import { analysedConsultation, describeEachStore, makeApp, type TestApp } from './helpers.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms');

describeEachStore('web: survey date range', function (backend) {
  this.timeout(180_000);
  let t: TestApp;
  let base: string;

  before(async () => {
    t = await makeApp(undefined, { backend });
    base = await analysedConsultation(t.app, 'Youth digital survey', [path.join(FIXTURES, 'google-forms.csv')]);
  });
  after(async () => {
    await t?.close();
  });

  it('offers the answers\' submission days as a range, never a date as an attribute value', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    expect(page).to.contain('<input type="date" id="from" name="from" min="2026-03-04" max="2026-03-12" value="">');
    expect(page).to.contain('<input type="date" id="to" name="to" min="2026-03-04" max="2026-03-12" value="">');
    expect(page).to.contain('<optgroup label="Which municipality do you live in?">');
    expect(page).not.to.match(/<option value="Timestamp::/);
    expect(page).not.to.match(/<option value="[^"]*::2026\//);
  });

  it('a date range filters the whole page and says so', async () => {
    const page = (await request(t.app).get(`${base}/report?filter=&from=2026-03-04&to=2026-03-05`).expect(200)).text;
    // Respondents of 4 and 5 March gave 7 answers (2, 3 and 2) of the 18; one ("Thank you for asking young people.")
    // is a non-answer, not a segment: 6 of 17.
    expect(page).to.contain('Showing 6 segments where submitted 2026-03-04 to 2026-03-05 (35% of all).');
    expect(page).to.contain('<p class="filter-tag">Show only: submitted 2026-03-04 to 2026-03-05</p>');
    expect(page).to.contain('value="2026-03-04">');
    const both = (await request(t.app).get(`${base}/report?filter=${encodeURIComponent('Which municipality do you live in?::Tetovo')}&from=2026-03-05`).expect(200)).text;
    // Tetovo answered on 4, 5 and 11 March: from the 5th, two respondents and four answers.
    expect(both).to.contain('Showing 4 segments where Which municipality do you live in? is “Tetovo”, submitted on or after 2026-03-05');
    // A day that is not one is ignored, not an error.
    expect((await request(t.app).get(`${base}/report?from=March`).expect(200)).text).not.to.contain('Show only: submitted');
  });

  it('the search page offers the same date range, and it narrows what is found', async () => {
    const page = (await request(t.app).get(`${base}/search`).expect(200)).text;
    expect(page).to.contain('<input type="date" id="from" name="from" min="2026-03-04" max="2026-03-12" value="">');
    expect(page).to.contain('<input type="date" id="to" name="to" min="2026-03-04" max="2026-03-12" value="">');
    // Every answer, then those of 4 and 5 March (the six the report counts), then of Tetovo from the 5th.
    expect((await request(t.app).get(`${base}/search?q=&filter=&from=2026-03-04&to=2026-03-05`).expect(200)).text).to.contain(
      '6 segments found where submitted 2026-03-04 to 2026-03-05.',
    );
    const tetovo = (await request(t.app).get(`${base}/search?filter=${encodeURIComponent('Which municipality do you live in?::Tetovo')}&from=2026-03-05`).expect(200)).text;
    expect(tetovo).to.contain('4 segments found where Which municipality do you live in? is “Tetovo”, submitted on or after 2026-03-05.');
    expect(tetovo).to.contain('value="2026-03-05">');
    // Words and a range together: only the dated answers with the word.
    const words = (await request(t.app).get(`${base}/search?q=the&to=2026-03-05`).expect(200)).text;
    const all = (await request(t.app).get(`${base}/search?q=the`).expect(200)).text;
    const counted = (html: string): number => Number(/(\d+) segments? found/.exec(html)![1]);
    expect(counted(words)).to.be.below(counted(all)).and.above(0);
  });
});

describe('web: describing a filter', () => {
  it('says the attribute, the range or both', () => {
    expect(describeFilter({ attribute: 'group', value: 'A' })).to.equal('group is “A”');
    expect(describeFilter({ attribute: '', value: '', from: '2026-03-04', to: '2026-03-04' })).to.equal('submitted on 2026-03-04');
    expect(describeFilter({ attribute: '', value: '', to: '2026-03-09' })).to.equal('submitted on or before 2026-03-09');
  });
});
