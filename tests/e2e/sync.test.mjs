// The sync screens in the real desktop app, on a workspace of its own (run.sh points
// SYNCCENTRAL_WORKSPACE at a temporary file): the demo is set up from the Options screen (a
// sandbox org and the sample API inside the app), every active option runs with its counts
// streamed to the Run screen, and the run log shows a failed invoice's Salesforce code and
// message. Run through ./run.sh.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, outDir } from './session.mjs';

describe('the sync screens', () => {
  let browser;

  before(async () => {
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession();
  });

  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  const text = async (el) => (await el.getProperty('textContent')).trim();
  const openTab = async (label) => {
    const tab = await browser.$(`button[role="tab"]=${label}`);
    await tab.waitForExist({ timeout: 10_000 });
    await tab.click();
  };

  it('sets up the demo from the Options screen', async () => {
    await openTab('Options');
    const button = await browser.$('button=Set up the demo');
    await button.waitForExist({ timeout: 10_000 });
    await button.click();
    await browser.waitUntil(async () => (await text(await byTestId('demo-status'))).startsWith('The demo is set up'), {
      timeout: 60_000,
      timeoutMsg: 'the demo was not set up',
    });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="option"]')).length === 2, {
      timeout: 10_000,
      timeoutMsg: 'the demo options are not listed',
    });
  });

  it('runs every active option and shows the counts of each', async () => {
    await openTab('Run');
    const run = await browser.$('button=Run now');
    await run.waitForExist({ timeout: 10_000 });
    await run.click();
    const finished = async () => {
      const states = await browser.$$('[data-testid="progress-state"]').map((e) => text(e));
      return states.length === 2 && states.every((s) => !s.startsWith('running'));
    };
    await browser.waitUntil(finished, { timeout: 120_000, timeoutMsg: 'the runs did not finish' });
    const counts = {};
    for (const row of await browser.$$('[data-testid="progress"]')) {
      const option = await row.getAttribute('data-option');
      const cell = async (id) => Number(await text(await row.$(`[data-testid="${id}"]`)));
      counts[option] = {
        state: await text(await row.$('[data-testid="progress-state"]')),
        read: await cell('progress-read'),
        written: await cell('progress-written'),
        failed: await cell('progress-failed'),
        skipped: await cell('progress-skipped'),
      };
    }
    assert.deepEqual(Object.keys(counts).sort(), ['invoices', 'payments']);
    // 30 invoices, a third of them with the status the demo's map leaves out.
    assert.equal(counts.invoices.read, 30, JSON.stringify(counts));
    assert.equal(counts.invoices.failed, 10, JSON.stringify(counts));
    assert.equal(counts.invoices.written, 20, JSON.stringify(counts));
    assert.equal(counts.payments.read, 30, JSON.stringify(counts));
    for (const c of Object.values(counts)) {
      assert.equal(c.written + c.failed + c.skipped, c.read, JSON.stringify(counts));
    }
    // A run with refused records is partial here as in the run log: the 10 invoices, and
    // the payments that link to them.
    for (const c of Object.values(counts)) {
      assert.match(c.state, c.failed > 0 ? /^partial/ : /^succeeded/, JSON.stringify(counts));
    }
    assert.ok(counts.invoices.failed > 0, JSON.stringify(counts));
  });

  it('opens the invoices run in the run log and sees a failed record’s Salesforce error', async () => {
    await openTab('Run log');
    const row = await browser.$('[data-testid="run"][data-option="invoices"]');
    await row.waitForExist({ timeout: 10_000, timeoutMsg: 'the invoices run is not in the log' });
    assert.equal(await text(await row.$('[data-testid="run-status"]')), 'partial');
    await (await row.$('button')).click();
    const first = await browser.$('[data-testid="record-result"]');
    await first.waitForExist({ timeout: 10_000, timeoutMsg: 'the run detail shows no records' });
    assert.equal(await first.getAttribute('data-action'), 'failed');
    assert.equal(
      await text(await first.$('[data-testid="record-code"]')),
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    );
    const message = await text(await first.$('[data-testid="record-message"]'));
    assert.match(message, /credit/i, message);
    await browser.saveScreenshot(join(outDir, 'sync-run-log.png'));
  });
});
