// The plan view, the schedule editor and "Run now" in the real desktop app, on the demo set
// up from the Options screen: invoices come before the payments that link to them, a
// schedule typed in the editor reads in words with its next five times (a bad cron line is
// an inline error), and "Run now" on the scheduled option shows its run's counts.
// Run through ./run.sh.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp } from './session.mjs';

describe('the plan view and schedules', () => {
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

  it('sets up the demo and shows invoices before the payments that wait for them', async () => {
    await openTab('Options');
    const button = await browser.$('button=Set up the demo');
    await button.waitForExist({ timeout: 10_000 });
    await button.click();
    await browser.waitUntil(async () => (await text(await byTestId('demo-status'))).startsWith('The demo is set up'), {
      timeout: 60_000,
      timeoutMsg: 'the demo was not set up',
    });

    await openTab('Plan');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="plan-order-item"]')).length === 2, {
      timeout: 10_000,
      timeoutMsg: 'the plan shows no order',
    });
    const order = await browser.$$('[data-testid="plan-order-item"]').map((e) => text(e));
    assert.deepEqual(order, ['invoices', 'payments']);
    const waves = await browser.$$('[data-testid="plan-wave"]');
    assert.equal(waves.length, 2);
    assert.ok(await waves[0].$('[data-option="invoices"]').isExisting(), 'invoices in the first wave');
    assert.ok(await waves[1].$('[data-option="payments"]').isExisting(), 'payments in the second wave');
    assert.equal(await text(await byTestId('plan-edge')), 'invoices → payments');
  });

  it('adds a schedule: its cron line in words and its next five times as it is typed', async () => {
    await openTab('Schedules');
    const add = await browser.$('button=Add schedule');
    await add.waitForExist({ timeout: 10_000 });
    await add.click();
    const cron = await browser.$('input[aria-label="Cron"]');
    await cron.waitForExist({ timeout: 10_000 });
    await cron.setValue('0 25 * * *');
    const error = await byTestId('cron-error');
    await error.waitForExist({ timeout: 10_000, timeoutMsg: 'no inline error for a bad cron line' });
    assert.match(await text(error), /0 25 \* \* \*/);

    await cron.setValue('0 2 * * *');
    const description = await byTestId('cron-description');
    await description.waitForExist({ timeout: 10_000, timeoutMsg: 'the cron line is not described' });
    assert.equal(await text(description), 'At 02:00, every day');
    assert.equal((await browser.$$('[data-testid="cron-next-time"]')).length, 5);

    // The schedule runs invoices only.
    for (const name of ['invoices', 'payments']) {
      const box = await browser.$(`//form[@aria-label="Schedule"]//label[normalize-space(.)="${name}"]/input`);
      const checked = await box.isSelected();
      if (checked !== (name === 'invoices')) await box.click();
    }
    await (await browser.$('input[placeholder="nightly"]')).setValue('nightly');
    await (await browser.$('button=Save schedule')).click();
    const row = await byTestId('schedule');
    await row.waitForExist({ timeout: 10_000, timeoutMsg: 'the schedule was not saved' });
    assert.equal(await text(await row.$('[data-testid="schedule-description"]')), 'At 02:00, every day');
  });

  it('shows the next run on the plan and runs the scheduled option now with its counts', async () => {
    await openTab('Plan');
    const invoices = await browser.$('[data-testid="plan-node"][data-option="invoices"]');
    await invoices.waitForExist({ timeout: 10_000 });
    await browser.waitUntil(async () => (await text(await invoices.$('[data-testid="node-next-run"]'))).startsWith('Next run'), {
      timeout: 10_000,
      timeoutMsg: 'the scheduled option shows no next run',
    });
    assert.match(await text(await invoices.$('[data-testid="node-next-run"]')), /02:00.*nightly/);

    await (await invoices.$('button*=Run now')).click();
    const counts = await invoices.$('[data-testid="node-run-counts"]');
    await browser.waitUntil(async () => (await counts.isExisting()) && !(await text(counts)).startsWith('running'), {
      timeout: 120_000,
      timeoutMsg: 'the run did not finish',
    });
    const n = async (id) => Number(await text(await invoices.$(`[data-testid="${id}"]`)));
    // 30 invoices, a third of them with the status the demo's map leaves out.
    // 10 of 30 refused: partial, as the Run and Run log screens say.
    assert.match(await text(counts), /^partial/);
    assert.equal(await n('node-run-read'), 30);
    assert.equal(await n('node-run-written'), 20);
    assert.equal(await n('node-run-failed'), 10);
    await browser.waitUntil(async () => (await text(await invoices.$('[data-testid="node-last-run"]'))).includes('30 read'), {
      timeout: 15_000,
      timeoutMsg: 'the last run is not on the plan',
    });

    // The schedule goes, so the app's scheduler leaves the next tests alone.
    await openTab('Schedules');
    const remove = await browser.$('button*=Remove');
    await remove.waitForExist({ timeout: 10_000 });
    await remove.click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="schedule"]')).length === 0, {
      timeout: 10_000,
      timeoutMsg: 'the schedule was not removed',
    });
  });
});
