// Shared set-up of the browser tests: find Debian's chromium (or skip, or fail when required), serve the app, open a page.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { makeApp, ROOT, type MakeAppOptions, type TestApp } from '../web/helpers.ts';
import { patient } from '../patience.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'].filter((p): p is string => Boolean(p));

export interface BrowserSession {
  t: TestApp;
  url: string;
  page: Page;
  /** Content-Security-Policy violations the page reported on the console. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Start the app on a free port and open a chromium page on it. Without chromium the calling suite is
 * skipped with a message, unless HARVEST_REQUIRE_BROWSER=1 (set by .ci/run), which makes it fail.
 */
export async function startBrowserSession(
  suite: Mocha.Context,
  options: { prepare?: (t: TestApp) => Promise<void>; context?: BrowserContextOptions; app?: MakeAppOptions } = {},
): Promise<BrowserSession> {
  const executablePath = CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) {
    if (process.env.HARVEST_REQUIRE_BROWSER === '1') throw new Error('HARVEST_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install -y chromium).');
    console.log('\n  SKIPPED the browser tests: chromium is not installed (apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH).\n');
    suite.skip();
  }
  const t = await makeApp(undefined, options.app);
  await options.prepare?.(t);
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext(options.context);
  // Playwright's 30 s per action is short on a busy machine (two cores shared by the server, chromium and mocha).
  context.setDefaultTimeout(patient(90_000));
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return {
    t,
    url,
    page,
    cspViolations,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(() => r(null)));
      await t.close();
    },
  };
}

const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts');

/**
 * Save a screenshot for a person to look at, when HARVEST_SCREENSHOTS=1. Screenshots are not what the
 * tests check (the assertions are), so a capture that fails on a busy machine only prints a warning.
 */
export async function saveScreenshot(target: Pick<Page, 'screenshot'>, name: string): Promise<void> {
  if (process.env.HARVEST_SCREENSHOTS !== '1') return;
  mkdirSync(ARTIFACTS, { recursive: true });
  try {
    await target.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  } catch (err) {
    console.warn(`  (screenshot ${name} not saved: ${(err as Error).message.split('\n')[0]})`);
  }
}
