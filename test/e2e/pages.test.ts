// Browser test of the pages the facilitator's session does not reach (login, analysis progress, share page and the
// shared report, members, audit log, 404), with axe-core at 1280 and 390 px, and the phone layout of the report:
// chart labels drawn at a readable size, nothing wider than the screen, a contents list whose numbers do not overlap.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { AnalysisRunner } from '../../src/services/jobs.ts';
import { loadSample, SAMPLE_ID } from '../../src/services/sample.ts';
import { keptInlineRunner, NOTES_WORKSHOP } from '../web/helpers.ts';
import { seriousViolations } from './axe.ts';
import { saveScreenshot, startBrowserSession, type BrowserSession } from './session.ts';

const PASSWORD = 'correct horse battery';
const WIDTHS = [1280, 390];
/** The smallest size, in CSS pixels as drawn, of a chart's text on a phone. */
const MIN_CHART_FONT = 11;

/** Analyses wait while `held` is set (so a progress page can be looked at), then run in this thread. */
let held: Promise<void> | null = null;
const heldRunner: AnalysisRunner = async (input, onProgress) => {
  onProgress('read', 0.05);
  if (held) await held;
  return keptInlineRunner(input, onProgress);
};

/** The axe-core serious and critical violations of `url` at each width, as "390px /login: ..." lines. */
async function violationsAt(page: Page, url: string, base: string): Promise<string[]> {
  const found: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    for (const v of await seriousViolations(page)) found.push(`${width}px ${url.replace(base, '')}: ${v}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

/** What overflows on the page as it is now: the document wider than the window, and the elements that stick out. */
function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; sticking: string[] }> {
  return page.evaluate(() => {
    // (No named functions in here: tsx would wrap them in a helper the page does not have.)
    const sticking = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && getComputedStyle(el).position !== 'absolute' && !el.closest('.scroll, .chart-scroll, .skip'))
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, sticking: [...new Set(sticking)].slice(0, 8) };
  });
}

/** The text of the bar charts as drawn: the smallest size in CSS pixels (font size times the SVG's scale), and how many. */
function chartText(page: Page): Promise<{ texts: number; smallest: number }> {
  return page.evaluate(() => {
    const sizes = [...document.querySelectorAll('svg.chart text')].map((t) => {
      const ctm = (t as SVGTextElement).getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
    });
    return { texts: sizes.length, smallest: Math.min(...sizes) };
  });
}

/**
 * Numbered list items whose number would overlap something: each item's marker ("10.", as wide as the item's font
 * draws it) must fit between the list's left edge or, in a second column, the right end of the text beside it.
 */
function markerClashes(page: Page, selector: string): Promise<{ items: number; columns: number; clashes: string[] }> {
  return page.evaluate((sel) => {
    const items = [...document.querySelectorAll(`${sel} > li`)] as HTMLElement[];
    const list = document.querySelector(sel) as HTMLElement;
    const canvas = document.createElement('canvas').getContext('2d')!;
    const boxes = items.map((li, i) => {
      const style = getComputedStyle(li);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const range = document.createRange();
      range.selectNodeContents(li);
      const text = range.getBoundingClientRect();
      return { i, left: li.getBoundingClientRect().left, top: text.top, bottom: text.bottom, right: text.right, marker: canvas.measureText(`${i + 1}. `).width };
    });
    const clashes: string[] = [];
    const listLeft = list.getBoundingClientRect().left - parseFloat(getComputedStyle(list.parentElement!).paddingLeft);
    for (const b of boxes) {
      const start = b.left - b.marker;
      if (start < listLeft - 0.5) clashes.push(`item ${b.i + 1}: its number starts ${Math.round(listLeft - start)} px left of the box`);
      for (const o of boxes) {
        if (o.left >= b.left || o.bottom <= b.top || o.top >= b.bottom) continue;
        if (o.right > start + 0.5) clashes.push(`item ${b.i + 1}'s number overlaps item ${o.i + 1}'s text by ${Math.round(o.right - start)} px`);
      }
    }
    return { items: items.length, columns: new Set(boxes.map((b) => Math.round(b.left))).size, clashes };
  }, selector);
}

describe('browser: every other page (axe-core at 1280 and 390 px) and the report on a phone', function () {
  this.timeout(300_000); // chromium and the server share a busy machine's two cores
  let session: BrowserSession | undefined;
  let page: Page;
  let url: string;
  let cspViolations: string[];
  let sharedLink = '';
  const consultation = (): string => `${url}/consultations/${SAMPLE_ID}`;

  before(async function () {
    session = await startBrowserSession(this, {
      app: { runner: heldRunner },
      context: { viewport: { width: 1280, height: 900 } },
      prepare: async (t) => {
        await t.accounts.addUser('dana', PASSWORD);
        await loadSample(t.service, { user: 'dana' });
        await t.idle();
      },
    });
    ({ page, url, cspViolations } = session);
  });

  after(async () => {
    await session?.close();
  });

  it('the login page has no serious accessibility violation', async () => {
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login\?next=/);
    expect(await violationsAt(page, page.url(), url)).to.deep.equal([]);
    await page.getByLabel('User name').fill('dana');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector('.error-box');
    // The page with its error, as a visitor who mistyped sees it.
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      expect(await seriousViolations(page), `${width}px login with an error`).to.deep.equal([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${url}/`);
  });

  it('the share page, before and after a link is made, and the shared report (titled by the consultation) have none', async () => {
    const found = await violationsAt(page, `${consultation()}/share`, url);
    await page.getByRole('button', { name: 'Create a share link' }).click();
    await page.waitForSelector('#share-url');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const v of await seriousViolations(page)) found.push(`${width}px share page with a new link: ${v}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    sharedLink = await page.locator('#share-url').inputValue();
    found.push(...(await violationsAt(page, sharedLink, url)));
    expect(found).to.deep.equal([]);
    const name = await page.evaluate(() => document.title);
    expect(await page.locator('h1').textContent()).to.equal(name);
    expect(name).to.equal('Sample: digital skills for women and girls in rural areas');
  });

  it('members, audit log and the 404 page have none', async () => {
    const found: string[] = [];
    for (const p of [`${consultation()}/members`, `${consultation()}/audit`, `${url}/no-such-page`, `${consultation()}/themes/no-such-theme`]) found.push(...(await violationsAt(page, p, url)));
    expect(found).to.deep.equal([]);
  });

  it('the progress page of a running analysis has none', async () => {
    const t = session!.t;
    let release = (): void => undefined;
    held = new Promise<void>((r) => (release = r));
    try {
      const dana = { user: 'dana' };
      const c = await t.service.createConsultation({ name: 'Held analysis' }, dana);
      await t.service.addDocuments(c.id, [{ name: 'workshop.md', bytes: new TextEncoder().encode(NOTES_WORKSHOP) }], dana);
      const job = await t.service.analyse(c.id);
      const found = await violationsAt(page, `${url}/consultations/${job.consultationId}/jobs/${job.id}`, url);
      expect(await page.locator('progress').count(), 'still the progress page').to.equal(1);
      expect(found).to.deep.equal([]);
      // Once the page's script has polled the job: the percent to a tenth (a huge question moves by less than 1% a step).
      await page.waitForFunction(() => /^\d+\.\d$/.test(document.querySelector('[data-percent]')?.textContent ?? ''));
      const shown = Number(await page.locator('[data-percent]').textContent());
      expect(shown).to.be.within(0.1, 10);
      expect(await page.evaluate(() => (document.querySelector('progress') as HTMLProgressElement).value)).to.equal(shown);
    } finally {
      // Leave the progress page first: once the job ends its script moves on to the report, and that navigation
      // would race the next test's own (net::ERR_ABORTED on a busy machine).
      await page.goto('about:blank');
      held = null;
      release();
      await t.idle();
    }
  });

  it('on a 390 px phone, report charts keep readable text and no page is wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${consultation()}/report`);
    const theme = await page.locator('article.theme h3 a').first().getAttribute('href');
    const source = await page.locator('figure.quote figcaption a').first().getAttribute('href');
    const problems: string[] = [];
    for (const p of [`${consultation()}/report`, `${url}${theme}`, sharedLink, consultation(), `${url}${source}`, `${consultation()}/search?q=data`, `${consultation()}/share`, `${consultation()}/audit`, `${consultation()}/members`, `${url}/`]) {
      await page.goto(p);
      const o = await overflow(page);
      if (o.scrollWidth > o.innerWidth || o.sticking.length > 0) problems.push(`${p.replace(url, '')}: ${o.scrollWidth} px wide in ${o.innerWidth}: ${o.sticking.join(', ')}`);
      const text = await chartText(page);
      if (text.texts > 0 && text.smallest < MIN_CHART_FONT) problems.push(`${p.replace(url, '')}: chart text drawn at ${text.smallest.toFixed(1)} px`);
    }
    expect(problems).to.deep.equal([]);
    // The report has charts to measure, and a wide table to scroll.
    await page.goto(`${consultation()}/report`);
    expect((await chartText(page)).texts).to.be.above(20);
    await page.evaluate(() => document.querySelector('.chart-scroll')!.scrollIntoView({ block: 'center' }));
    await saveScreenshot(page, 'phone-report-chart-390px');
    await page.evaluate(() => document.querySelector('caption')!.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'phone-report-questions-390px');
    await page.goto(sharedLink);
    await page.evaluate(() => document.querySelector('.chart-scroll')!.scrollIntoView({ block: 'center' }));
    await saveScreenshot(page, 'phone-shared-report-chart-390px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the contents list of the report and of the shared report: numbers from 10 on overlap nothing', async () => {
    for (const [name, link, selector] of [
      ['report', `${consultation()}/report`, 'nav.contents ol'],
      ['shared report', sharedLink, 'nav.contents ol'],
    ] as const) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(link);
        const r = await markerClashes(page, selector);
        expect(r.items, `${name}: a list that reaches two-digit numbers`).to.be.at.least(10);
        if (width === 1280) expect(r.columns, `${name}: two columns at 1280 px`).to.equal(2);
        expect(r.clashes, `${name} at ${width} px`).to.deep.equal([]);
        if (width === 1280) await saveScreenshot(page.locator('nav.contents'), `contents-${name.replace(' ', '-')}-1280px`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the web report says why Action outnumbers the next steps listed, when a survey answer is tagged Action', async () => {
    // (Every segment: the API pages them, 500 by default, and the sample has more.)
    const synthesis = (await (await page.request.get(`${url}/api/consultations/${SAMPLE_ID}/synthesis?full=1`)).json()) as { segments: Array<{ kind: string; coding: { category: string } }> };
    const answers = synthesis.segments.filter((x) => x.kind === 'answer' && x.coding.category === 'action').length;
    await page.goto(`${consultation()}/report`);
    // Whether the sample has such an answer depends on the tagger; the note follows the data.
    if (answers === 0) expect(await page.locator('#next-steps .next-steps-note').count()).to.equal(0);
    else expect(await page.locator('#next-steps .next-steps-note').textContent()).to.match(/^\d+ segments are tagged Action and \d+ are listed here: the other/);
  });

  it('no page broke the Content-Security-Policy', () => {
    expect(cspViolations).to.deep.equal([]);
  });
});
