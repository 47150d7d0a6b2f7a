// Browser test with playwright-core and Debian's chromium: what a facilitator clicks, from a new consultation to the Word export.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { workerRunner } from '../../src/services/jobs.ts';
import { ROOT, SAMPLE } from '../web/helpers.ts';
import { saveScreenshot, startBrowserSession, type BrowserSession } from './session.ts';
import { seriousViolations } from './axe.ts';
import { patient } from '../patience.ts';

const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts');
describe('browser: a facilitator’s session', function () {
  this.timeout(300_000); // chromium and the server share a busy machine's two cores
  let session: BrowserSession | undefined;
  let page: Page;
  let url: string;
  let cspViolations: string[];

  before(async function () {
    await mkdir(ARTIFACTS, { recursive: true });
    // The analysis in a worker thread, as in production: the progress page shows while it runs.
    session = await startBrowserSession(this, { context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true }, app: { runner: workerRunner } });
    ({ page, url, cspViolations } = session);
  });

  after(async () => {
    await session?.close();
  });

  const shot = (name: string): Promise<void> => saveScreenshot(page, name);

  it('creates a consultation', async () => {
    await page.goto(`${url}/`);
    await page.getByLabel('Name').fill('Browser test consultation');
    await page.getByLabel('Description').fill('Two breakout groups and the survey');
    await page.getByRole('button', { name: 'Create consultation' }).click();
    await page.waitForURL(/\/consultations\/c[0-9a-f]+\?notice=created$/);
    expect(await page.locator('h1').textContent()).to.equal('Browser test consultation');
    await shot('01-consultation-created');
  });

  it('uploads two notes files and the sample survey CSV', async () => {
    await page.getByLabel('Choose files').setInputFiles([
      path.join(SAMPLE, 'breakout-a-obstacles.md'),
      path.join(SAMPLE, 'breakout-b-notes.txt'),
      path.join(SAMPLE, 'survey-responses.csv'),
    ]);
    expect(await page.locator('.chosen li').count(), 'the chosen files are listed by the script').to.equal(3);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForSelector('#upload-result');
    expect(await page.locator('section[aria-labelledby=upload-result] p').first().textContent()).to.equal('3 files read: breakout-a-obstacles.md, breakout-b-notes.txt, survey-responses.csv.');
    expect(await page.locator('table.list tbody tr').count()).to.equal(3);
    await shot('02-files-uploaded');
  });

  it('analyses with a progress bar and lands on the report', async () => {
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/\/jobs\/j-/);
    await shot('03-analysing');
    await page.waitForURL(/\/report$/, { timeout: patient(90_000) });
    expect(await page.locator('#summary-h').textContent()).to.equal('Summary');
    expect(await page.locator('svg').count()).to.be.above(3);
    await shot('04-report');
  });

  it('opens a theme and renames it', async () => {
    const first = page.locator('article.theme h3 a').first();
    await first.click();
    await page.waitForURL(/\/themes\//);
    await shot('05-theme');
    await page.getByLabel('Label').fill('Fear of online fraud');
    await page.getByRole('button', { name: 'Rename theme' }).click();
    await page.waitForURL(/notice=renamed/);
    expect(await page.locator('h1').textContent()).to.match(/^\d+\. Fear of online fraud edited by hand$/);
    await shot('06-theme-renamed');
  });

  it('shows a treemap per scope linked to its themes, and renames a sub-theme', async () => {
    await page.getByRole('link', { name: 'Report', exact: true }).first().click();
    const treemap = page.locator('section.scope svg.treemap').first();
    expect(await page.locator('section.scope svg.treemap').count()).to.be.above(3);
    const href = await treemap.locator('a').first().getAttribute('href');
    expect(href).to.match(/^#theme-\d+-\d+$/);
    expect(await page.locator(href!).count()).to.equal(1);
    // A theme with sub-themes: open it from its collapsed list and rename its first sub-theme.
    const withSubs = page.locator('article.theme').filter({ has: page.locator('details.subthemes') }).first();
    await withSubs.locator('h3 a').click();
    await page.waitForURL(/\/themes\//);
    const first = page.locator('ul.subthemes > li').first();
    await first.getByLabel(/New name of sub-theme/).fill('Renamed in the browser');
    await first.getByRole('button', { name: /Rename sub-theme/ }).click();
    await page.waitForURL(/notice=subtheme-renamed/);
    expect(await page.locator('ul.subthemes').textContent()).to.contain('Renamed in the browser');
    await shot('06b-subtheme-renamed');
  });

  it('merges two themes of a question', async () => {
    await page.getByRole('link', { name: 'Report', exact: true }).first().click();
    await page.waitForURL(/\/report$/);
    const scope = page.locator('section.scope').filter({ has: page.locator('details.edit') }).last();
    await scope.locator('details.edit summary').click();
    // Open for sure (a click that landed while the page was still loading toggles nothing on a busy machine).
    await scope.locator('details.edit').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const boxes = scope.locator('input[name=themeIds]');
    const labels = [await scope.locator('fieldset label').nth(0).textContent(), await scope.locator('fieldset label').nth(1).textContent()];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await scope.getByLabel('Label of the merged theme (optional)').fill('Merged in the browser');
    await scope.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(/notice=merged/);
    expect(await page.locator('h1').textContent()).to.contain('Merged in the browser');
    await shot('07-themes-merged');
    await page.getByRole('link', { name: 'Report', exact: true }).first().click();
    const history = await page.locator('#edits table').textContent();
    expect(history).to.contain('Renamed theme');
    expect(history).to.contain('Merged themes');
    expect(history).to.contain('Renamed sub-theme');
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).to.equal(true);
  });

  it('downloads the Word report with the edits', async () => {
    await page.locator('select#format').selectOption('docx');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).to.equal('browser-test-consultation-report-redacted.docx');
    const file = path.join(ARTIFACTS, 'report.docx');
    await download.saveAs(file);
    const text = (await mammoth.extractRawText({ path: file })).value;
    expect(text).to.contain('Fear of online fraud');
    expect(text).to.contain('Merged in the browser');
    // Titled by the consultation's name, not "Consultation synthesis: 3 documents".
    expect(text.trimStart().startsWith('Browser test consultation')).to.equal(true);
    await shot('08-report-after-download');
  });

  it('applies Show only to the whole report, which says so in every section', async () => {
    const option = page.locator('select#filter option[value^="country::"]').first();
    const value = (await option.getAttribute('value'))!;
    await page.locator('select#filter').selectOption(value);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/filter=country/);
    const country = value.split('::')[1]!;
    expect(await page.locator('.summary li').first().textContent()).to.match(new RegExp(`^Show only country is “${country}”: \\d+ of \\d+ segments`));
    expect(await page.locator('.filter-tag').count()).to.be.at.least(4);
    expect(await page.locator('.filter-tag').first().isVisible()).to.equal(true);
    await shot('09-report-show-only');
  });

  it('counts each campaign once per theme from the Campaigns and copies switch', async () => {
    await page.goto(page.url().replace(/\?.*$/, ''));
    // The sample survey's generator pastes answers from a bank with small additions: the report finds them as campaigns.
    expect(await page.locator('#campaigns h3').count()).to.be.greaterThan(0);
    expect(await page.locator('#campaigns [aria-current="true"]').textContent()).to.equal('per answer');
    const each = await page.locator('p.muted', { hasText: /, of which \d+ from (one template|\d+ templates) ·/ }).count();
    expect(each).to.be.greaterThan(0);
    await page.locator('#campaigns').getByRole('link', { name: 'once per theme' }).click();
    await page.waitForURL(/campaigns=once#campaigns$/);
    expect(await page.locator('#campaigns [aria-current="true"]').textContent()).to.equal('once per theme');
    expect(await page.locator('p.muted', { hasText: /\d+ segments? counted \(\d+%\): \d+ in all, of which the \d+ from (one template|\d+ templates) count (once|as \d+) ·/ }).count()).to.equal(each);
    await shot('09-report-campaigns-once');
  });

  it('has no serious accessibility violations (axe-core) on any page, at 1280 px and at 390 px', async () => {
    const report = page.url().replace(/\?.*$/, '');
    const consultation = report.replace(/\/report$/, '');
    const theme = await page.locator('article.theme h3 a').first().getAttribute('href');
    const filter = (await page.locator('select#filter option[value*="::"]').first().getAttribute('value'))!;
    const source = await page.locator('figure.quote figcaption a').first().getAttribute('href');
    await page.goto(consultation);
    const mapping = await page.locator('a[href*="/mapping"]').first().getAttribute('href');
    const pages = [`${url}/`, consultation, `${url}${mapping}`, `${url}${source}`, report, `${report}?filter=${encodeURIComponent(filter)}`, `${url}${theme}`, `${consultation}/search?q=data`, `${consultation}/codebook`, `${consultation}/share`, `${url}/no-such-page`];
    const found: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of pages) {
        await page.goto(p);
        for (const v of await seriousViolations(page)) found.push(`${width}px ${p.replace(url, '')}: ${v}`);
      }
    }
    // The standalone HTML export, as a facilitator sends it.
    const exported = await page.request.get(`${url}/api/consultations/${consultation.split('/').at(-1)}/export/html`);
    const html = await exported.text();
    await page.goto('about:blank'); // its own page, not under the app's Content-Security-Policy
    await page.setContent(html);
    for (const v of await seriousViolations(page)) found.push(`390px exported report.html: ${v}`);
    await page.goto(report);
    await shot('10-report-390px');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(found).to.deep.equal([]);
  });

  it('searches within the survey answers\' submission dates, as the report\'s Show only does', async () => {
    const report = page.url().replace(/[?#].*$/, '');
    await page.goto(`${report.replace(/\/report$/, '')}/search`);
    const from = page.getByLabel('submitted from');
    const [min, max] = [(await from.getAttribute('min'))!, (await from.getAttribute('max'))!];
    expect(min < max, `${min} to ${max}`).to.equal(true);
    await page.getByLabel('Words').fill('internet');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=internet/);
    const all = Number(/^(\d+) segments? found/.exec((await page.getByRole('status').textContent())!)![1]);
    await page.getByLabel('submitted from').fill(min);
    await page.getByLabel('to', { exact: true }).fill(min);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/to=\d{4}-\d{2}-\d{2}/);
    const status = (await page.getByRole('status').textContent())!;
    expect(status).to.match(new RegExp(`^\\d+ segments? found where submitted on ${min}\\.$`));
    expect(Number(/^(\d+)/.exec(status)![1])).to.be.below(all);
    expect(await page.getByLabel('submitted from').inputValue()).to.equal(min);
    await shot('11-search-date-range');
  });

  it('no page broke the Content-Security-Policy (no inline script or style, nothing from elsewhere)', () => {
    expect(cspViolations).to.deep.equal([]);
  });
});
