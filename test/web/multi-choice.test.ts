// A SurveyMonkey "select all that apply" block on the report and search pages: offered under Show only as "ticked X",
// the page following it, and tabulated by option in each theme's groups.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { Synthesis } from '../../src/model/index.ts';
import { analysedConsultation, makeApp, type TestApp } from './helpers.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms/surveymonkey.csv');
const DEVICES = 'Which devices do you use? (select all that apply)';

describe('web: a multi-choice survey question', function () {
  this.timeout(180_000);
  let t: TestApp;
  let base: string;
  let synthesis: Synthesis;

  before(async () => {
    t = await makeApp();
    base = await analysedConsultation(t.app, 'Devices survey', [FIXTURE]);
    synthesis = (await t.service.current(base.split('/').at(-1)!)).synthesis;
  });
  after(async () => {
    await t?.close();
  });

  /** Segments whose respondent ticked the option. */
  const ticked = (option: string): number => synthesis.segments.filter((s) => s.choices?.[DEVICES]?.includes(option)).length;

  it('offers each option as "ticked X" with its count, never the option columns as attributes', async () => {
    const page = (await request(t.app).get(`${base}/report`).expect(200)).text;
    const group = page.slice(page.indexOf(`<optgroup label="${DEVICES}">`), page.indexOf('</optgroup>', page.indexOf(`<optgroup label="${DEVICES}">`)));
    expect(ticked('Smartphone')).to.be.above(ticked('Laptop or computer')).and.above(0);
    expect(group).to.contain(`<option value="${DEVICES}::Smartphone" >ticked Smartphone (${ticked('Smartphone')})</option>`);
    expect(group).to.contain(`<option value="${DEVICES}::Laptop or computer" >ticked Laptop or computer (${ticked('Laptop or computer')})</option>`);
    expect(page).not.to.contain(`<optgroup label="${DEVICES} - Smartphone">`);
  });

  it('Show only a ticked option filters the report and the search page, and says so', async () => {
    const filter = encodeURIComponent(`${DEVICES}::Laptop or computer`);
    const n = ticked('Laptop or computer');
    const report = (await request(t.app).get(`${base}/report?filter=${filter}`).expect(200)).text;
    expect(report).to.contain(`Showing ${n} segments where ${DEVICES}: ticked “Laptop or computer”`);
    expect(report).to.contain(`<p class="filter-tag">Show only: ${DEVICES}: ticked “Laptop or computer”</p>`);
    const search = (await request(t.app).get(`${base}/search?q=&filter=${filter}`).expect(200)).text;
    expect(search).to.contain(`${n} segments found where ${DEVICES}: ticked “Laptop or computer”.`);
    // A respondent who ticked both is under both options: the two counts add up to more than the ticking segments.
    const either = synthesis.segments.filter((s) => s.choices?.[DEVICES]).length;
    expect(ticked('Smartphone') + n).to.be.above(either);
  });

  it('each theme counts its segments by ticked option, and its table says options overlap', async () => {
    const theme = synthesis.scopes.flatMap((s) => s.themes).find((th) => th.byAttribute[DEVICES])!;
    const members = theme.segmentIds.map((id) => synthesis.segments.find((s) => s.id === id)!);
    for (const option of ['Smartphone', 'Laptop or computer']) {
      const want = members.filter((s) => s.choices?.[DEVICES]?.includes(option)).length;
      expect(theme.byAttribute[DEVICES]![option] ?? 0, option).to.equal(want);
    }
    const page = (await request(t.app).get(`${base}/themes/${encodeURIComponent(theme.id)}`).expect(200)).text;
    expect(page).to.contain(`By ${DEVICES} (options ticked; one respondent may tick several)`);
    expect(page).not.to.contain('By Where do you live? (options ticked');
  });
});
