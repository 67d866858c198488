// Smoke test of the real desktop app: its Demo report screen shows the same demo preview as
// the CLI computes (`synccentral preview --demo`). Run through ./run.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, outDir, requiredEnv } from './session.mjs';

const cliBin = requiredEnv('CLI_BIN');

/** The demo preview as the CLI prints it. */
function cliDemoPreview() {
  let stdout;
  try {
    stdout = execFileSync(cliBin, ['preview', '--demo'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`\`${cliBin} preview --demo\` failed: ${error.message}`);
  }
  return JSON.parse(stdout);
}

describe('the desktop app', () => {
  let browser;

  before(async () => {
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession();
  });

  /** Opens the Demo report screen (the app opens on the mapping editor). */
  async function openReport() {
    const tab = await browser.$('#tab-report');
    await tab.waitForExist({ timeout: 20_000 });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  }

  /** Waits until the preview has rendered, or has failed, and returns which. */
  async function previewOutcome() {
    await openReport();
    await browser.waitUntil(
      async () =>
        (await browser.$('[data-testid="summary-total"]').isExisting()) ||
        (await browser.$('[data-testid="preview-error"]').isExisting()),
      { timeout: 20_000, timeoutMsg: 'the preview screen neither rendered nor failed' },
    );
    const failure = browser.$('[data-testid="preview-error"]');
    if (await failure.isExisting()) {
      const code = await browser.$('[data-testid="preview-error-code"]').getText();
      const message = await browser.$('[data-testid="preview-error-message"]').getText();
      return { failed: { code, message } };
    }
    return { failed: null };
  }

  async function count(testId) {
    return Number(await browser.$(`[data-testid="${testId}"]`).getText());
  }

  it('opens a window titled Sync Central that renders the demo preview', async () => {
    assert.equal(await browser.getTitle(), 'Sync Central');
    const outcome = await previewOutcome();
    await browser.saveScreenshot(join(outDir, 'preview.png'));
    assert.equal(
      outcome.failed,
      null,
      `the window shows a failed preview: ${JSON.stringify(outcome.failed)}`,
    );
  });

  it('shows the same object and record counts as the CLI', async () => {
    await previewOutcome();
    const expected = cliDemoPreview();

    const heading = await browser.$('h1').getText();
    assert.equal(heading, `Mock preview — ${expected.object}`);
    assert.deepEqual(
      {
        total: await count('summary-total'),
        valid: await count('summary-valid'),
        invalid: await count('summary-invalid'),
      },
      {
        total: expected.summary.total,
        valid: expected.summary.valid,
        invalid: expected.summary.invalid,
      },
    );
  });

  it('shows the errors the CLI finds on the same record', async () => {
    await previewOutcome();
    const expected = cliDemoPreview();
    const invalid = expected.records.find((record) => record.errors.length > 0);
    assert.ok(invalid, 'the demo has at least one invalid record');

    const card = await browser.$(`[data-testid="record-${invalid.index}"]`);
    await browser.execute((element) => {
      element.scrollIntoView({ block: 'start' });
    }, card);
    await browser.saveScreenshot(join(outDir, 'invalid-record.png'));
    const badges = await card.$$('[data-testid="error-code"]');
    const shown = [];
    for (const badge of badges) shown.push(await badge.getText());
    const cliCodes = invalid.errors.map((error) => error.code);
    assert.ok(
      shown.some((code) => cliCodes.includes(code)),
      `record ${invalid.index}: window shows ${JSON.stringify(shown)}, CLI reports ${JSON.stringify(cliCodes)}`,
    );
  });
});
