// Browser test of access control: the login page, a form with its CSRF token, logout, and no CSP violation on any page.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from './session.ts';

const PASSWORD = 'correct horse battery';

describe('browser: logging in', function () {
  this.timeout(300_000); // chromium and the server share a busy machine's two cores
  let session: BrowserSession | undefined;
  let page: Page;
  let url: string;
  let violations: string[];

  before(async function () {
    session = await startBrowserSession(this, { prepare: (t) => t.accounts.addUser('dana', PASSWORD) });
    ({ page, url, cspViolations: violations } = session);
  });

  after(async () => {
    await session?.close();
  });

  it('sends a visitor to the login page, refuses a wrong password, then logs in and back to the page asked for', async () => {
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
    // The icon browsers ask for on their own is served before login (it holds nothing confidential).
    const icon = await page.request.get(`${url}/favicon.ico`);
    expect([icon.status(), icon.headers()['content-type']]).to.deep.equal([200, 'image/x-icon']);
    await page.getByLabel('User name').fill('dana');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.locator('.error-box').textContent()).to.equal('The user name or the password is wrong.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${url}/`);
    expect(await page.locator('header form.account span').textContent()).to.equal('Signed in as dana');
  });

  it('creates a consultation through a CSRF-protected form', async () => {
    await page.getByLabel('Name').fill('Logged-in consultation');
    await page.getByRole('button', { name: 'Create consultation' }).click();
    await page.waitForURL(/\/consultations\/c[0-9a-f]+\?notice=created$/);
    expect(await page.locator('h1').textContent()).to.equal('Logged-in consultation');
    await page.getByRole('link', { name: 'Share', exact: true }).click();
    expect(await page.locator('h1').textContent()).to.equal('Share the report');
    expect(await page.title()).to.equal('Share the report: Logged-in consultation · Harvest');
  });

  it('logs out; the pages ask for a login again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login\?next=/);
  });

  it('no page broke the Content-Security-Policy', () => {
    expect(violations).to.deep.equal([]);
  });
});
