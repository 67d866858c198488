// The Tests panel in the real desktop app: a preview record chosen from the list is saved as a
// test case, the tests run through the backend and pass, then a mapping change makes the case
// fail with the difference shown as expected against got. Run through ./run.sh.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, outDir } from './session.mjs';

describe('the tests panel', () => {
  let browser;
  const name = 'ana keeps a lower-case email';

  before(async () => {
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession();
  });

  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  /** An element's text whether or not it is scrolled into view. */
  const text = async (el) => (await el.getProperty('textContent')).trim();

  /** The saved case's row, and its outcome once a run has given one. */
  const ourCase = () => browser.$(`[data-testid="test-case"][data-name="${name}"]`);
  async function outcome() {
    const badge = await ourCase().$('[data-testid="test-outcome"]');
    return (await badge.isExisting()) ? text(badge) : null;
  }

  it('saves a record chosen from the preview as a test case', async () => {
    await browser.waitUntil(async () => byTestId('cell-1-Email').isExisting(), {
      timeout: 20_000,
      timeoutMsg: 'the editor never showed the demo preview',
    });
    let toggle;
    for (const button of await browser.$$('header.toolbar button')) {
      if ((await text(button)).startsWith('Tests (')) toggle = button;
    }
    assert.ok(toggle, 'no Tests button in the toolbar');
    await toggle.click();
    const panel = await byTestId('tests-panel');
    await panel.waitForExist({ timeout: 5_000 });
    const before = (await browser.$$('[data-testid="test-case"]')).length;

    const choice = await panel.$('select[aria-label="Record to save as a test case"]');
    // Records are listed by their first output values: record 1 is c-1002, Ana.
    const labels = await choice.$$('option').map((o) => text(o));
    assert.equal(labels.length, 3, labels.join(' | '));
    assert.match(labels[1], /^1 — c-1002, Ana$/);
    await choice.selectByAttribute('value', '1');
    await panel.$('input[aria-label="Test case name"]').setValue(name);
    await panel.$('button=Save as a test case').click();

    await ourCase().waitForExist({ timeout: 5_000, timeoutMsg: 'the test case was not added' });
    assert.equal((await browser.$$('[data-testid="test-case"]')).length, before + 1);
  });

  it('runs the tests and sees the saved case pass', async () => {
    await byTestId('tests-panel').$('button=Run tests').click();
    await browser.waitUntil(async () => (await outcome()) !== null, {
      timeout: 10_000,
      timeoutMsg: 'the run gave the saved case no outcome',
    });
    assert.equal(await outcome(), 'passed');
    // The demo's own cases pass too: nothing fails before the mapping changes.
    assert.match(await text(await byTestId('tests-summary')), /^\d+ passed, 0 failed$/);
  });

  it('shows expected against got once a mapping change breaks the case', async () => {
    // Ana's email comes as ANA@EXAMPLE.ORG; without the lower-case step it stays so.
    for (const row of await browser.$$('[data-testid="mapping-row"]')) {
      if ((await row.getAttribute('data-target')) === 'Email') await row.click();
    }
    await browser.$('button[aria-label="Remove modify"]').click();
    await browser.waitUntil(async () => (await text(await byTestId('cell-1-Email'))) === 'ANA@EXAMPLE.ORG', {
      timeout: 10_000,
      timeoutMsg: 'the preview did not follow the removed transform',
    });

    await byTestId('tests-panel').$('button=Run tests').click();
    await browser.waitUntil(async () => (await outcome()) === 'failed', {
      timeout: 10_000,
      timeoutMsg: `the saved case did not fail: ${await outcome()}`,
    });
    const failure = await ourCase().$('[data-testid="test-failure"]');
    assert.equal(await text(await failure.$('.test-diff__field')), 'Email');
    assert.equal(await text(await failure.$('[data-testid="diff-expected"]')), '- expected "ana@example.org"');
    assert.equal(await text(await failure.$('[data-testid="diff-got"]')), '+ got "ANA@EXAMPLE.ORG"');
    await browser.saveScreenshot(join(outDir, 'editor-tests.png'));
  });
});
