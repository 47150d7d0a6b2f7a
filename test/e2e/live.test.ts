// Browser test of the live plenary: the projector open in one window follows a rapporteur's paste from another, and
// the facilitator's pause, through server-sent events under the Content-Security-Policy.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { keptInlineRunner } from '../web/helpers.ts';
import { saveScreenshot, startBrowserSession, type BrowserSession } from './session.ts';
import { patient } from '../patience.ts';

const NOTES = ['- Bus fares are too expensive for students.', '- Cheaper bus fares at night would help students.', '- Safe cycle lanes to school are missing.'].join('\n');

describe('browser: the live plenary', function () {
  this.timeout(300_000); // chromium and the server share a busy machine's two cores
  let session: BrowserSession | undefined;
  let projector: Page;
  let rapporteur: Page;
  let id: string;

  before(async function () {
    // The analysis in the server's thread: a worker's start-up would only slow the test (the web tests cover workers).
    session = await startBrowserSession(this, {
      app: { runner: keptInlineRunner },
      prepare: async (t) => {
        id = (await t.service.createConsultation({ name: 'Transport workshop' }, OPEN_MODE)).id;
      },
    });
    projector = session.page;
    rapporteur = await projector.context().newPage();
  });

  after(async () => {
    await session?.close();
  });

  it('shows the new themes and counts on the projector after a paste in another window, then the pause', async () => {
    const { url } = session!;
    await projector.goto(`${url}/consultations/${id}/live`);
    expect(await projector.locator('#live-updated').textContent()).to.equal('waiting for the first notes');
    expect(await projector.locator('#live-paused').isVisible()).to.equal(false);

    await rapporteur.goto(`${url}/consultations/${id}`);
    await rapporteur.getByLabel('Breakout group').fill('Youth');
    // Nobody logs in here (the open mode): the rapporteur may say who they are.
    await rapporteur.getByLabel(/^Your name/).fill('Anna');
    await rapporteur.getByLabel('Notes', { exact: true }).fill(NOTES);
    await rapporteur.getByRole('button', { name: 'Save notes' }).click();
    await rapporteur.waitForURL(/\?notice=pasted/);
    expect(await rapporteur.getByLabel('Notes', { exact: true }).inputValue()).to.equal(NOTES);
    expect(await rapporteur.getByLabel(/^Your name/).inputValue()).to.equal('Anna');
    expect(await rapporteur.locator('#files-heading ~ .scroll td').first().textContent()).to.equal('notes of Youth, pasted by Anna');

    // The projector is not reloaded: its script redraws from the event sent when the analysis is saved.
    await projector.waitForFunction(() => document.getElementById('live-contributions')?.textContent === '3', null, { timeout: patient(90_000) });
    expect(await projector.locator('#live-groups').textContent()).to.equal('1');
    expect(await projector.locator('#live-updated time').textContent()).to.match(/^\d\d:\d\d:\d\d$/);
    const counts = await projector.locator('#live-scopes .count').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).to.equal(3);
    expect(await projector.locator('#live-scopes h2').count()).to.be.greaterThan(0);

    await rapporteur.getByRole('button', { name: 'Pause the projector' }).click();
    await rapporteur.waitForURL(/\?notice=frozen/);
    await projector.locator('#live-paused').waitFor({ state: 'visible', timeout: patient(90_000) });
    expect(await projector.locator('#live-paused').textContent()).to.equal('Paused by the facilitator');
    await saveScreenshot(projector, 'live-projector');
    await saveScreenshot(rapporteur.locator('#live'), 'live-paste-form');
    // Large type and high contrast: no serious accessibility problem on the projector, nor on the page with the paste form.
    expect(await seriousViolations(projector)).to.deep.equal([]);
    expect(await seriousViolations(rapporteur)).to.deep.equal([]);
    expect(session!.cspViolations).to.deep.equal([]);
  });
});
