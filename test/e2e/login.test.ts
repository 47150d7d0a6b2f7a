// Browser test of access control: the login page, a form with its CSRF token, logout, and no CSP violation on any page.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeApp, type TestApp } from '../web/helpers.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'].filter((p): p is string => Boolean(p));
const PASSWORD = 'correct horse battery';

describe('browser: logging in', function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let url: string;
  const violations: string[] = [];

  before(async function () {
    const executablePath = CANDIDATES.find((p) => existsSync(p));
    if (!executablePath) {
      if (process.env.HARVEST_REQUIRE_BROWSER === '1') throw new Error('HARVEST_REQUIRE_BROWSER=1 but chromium is not installed.');
      this.skip();
    }
    t = await makeApp();
    await t.accounts.addUser('dana', PASSWORD);
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext()).newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(() => r(null)) : r(null)));
    await t?.close();
  });

  it('sends a visitor to the login page, refuses a wrong password, then logs in and back to the page asked for', async () => {
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
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
