// The live preview's share of the 50 ms budget that is not the backend's: in the real app
// (release build, through tauri-driver), the editor opens the 1,000 records x 20 fields
// workspace of gen_editor_data.py, then a constant is set on a field EDITS times. For each
// edit the UI itself records (ui/src/timing.ts, on the page's performance.now() clock): the
// edit, the request after the debounce, the answer back, and the painted frame. WebDriver
// only drives; none of its own latency is in the numbers.
//
// Usage (bench/app/run.sh does this): node preview-latency.mjs DATA_DIR  with APP_BIN,
// E2E_PORT (tauri-driver) and EDITS in the environment. Prints one JSON object.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The WebDriver client the real-app tests install (tests/e2e: npm ci).
const require = createRequire(join(repo, 'tests', 'e2e', 'package.json'));
const { remote } = await import(pathToFileURL(require.resolve('webdriverio')).href);

const data = process.argv[2];
const edits = Number(process.env.EDITS ?? '20');
const browser = await remote({
  hostname: '127.0.0.1',
  port: Number(process.env.E2E_PORT ?? '4444'),
  logLevel: 'warn',
  connectionRetryCount: 0,
  capabilities: {
    'wdio:enforceWebDriverClassic': true,
    'tauri:options': { application: process.env.APP_BIN },
  },
});

const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
const text = async (el) => (await el.getProperty('textContent')).trim();
const previews = () => browser.execute(() => window.__syncCentralTimings?.previews ?? []);
const until = (what, timeout, message) => browser.waitUntil(what, { timeout, timeoutMsg: message, interval: 20 });

try {
  // The app opens on its login; the real-app tests' sign-in (admin, the default password
  // changed on this bench's own workspace).
  const { signInAsAdmin } = await import(pathToFileURL(join(repo, 'tests', 'e2e', 'session.mjs')).href);
  await signInAsAdmin(browser);
  await until(async () => byTestId('cell-0-Contact_Id__c').isExisting(), 30_000, 'no demo preview');

  await browser.$('summary=Describe').click();
  await browser.$('input[aria-label="Describe file path"]').setValue(join(data, 'describe.json'));
  await browser.$('button=Open describe').click();
  await until(async () => (await browser.$('#target-heading').getText()).includes('Bench__c'), 10_000, 'describe not opened');

  await browser.$('summary=Sample response').click();
  await browser.$('input[aria-label="Sample file path"]').setValue(join(data, 'sample.json'));
  await browser.$('button=Open sample').click();
  await browser.$('input[aria-label="Mapping file path"]').setValue(join(data, 'mapping.json'));
  await browser.$('button=Open').click();
  const dialog = await byTestId('confirm-dialog');
  if (await dialog.isExisting()) await dialog.$('button*=Discard').click();
  await until(
    async () => (await byTestId('live-total').isExisting()) && (await text(await byTestId('live-total'))) === '1000',
    30_000,
    'the 1,000-record preview never showed',
  );
  await until(async () => (await browser.$$('[data-testid^="column-"]').length) === 20, 10_000, 'not 20 columns');

  const constTarget = await browser.$('input[aria-label="Constant target field"]');
  const constValue = await browser.$('input[aria-label="Constant value"]');
  const setValue = await browser.$('button=Set value');
  const timings = [];
  for (let i = 0; i < edits; i += 1) {
    const before = (await previews()).length;
    await constTarget.setValue('City__c');
    await constValue.setValue(`"City ${i}"`);
    await setValue.click();
    await until(async () => (await previews()).length > before, 10_000, `edit ${i}: no preview painted`);
    // Let a second answer (if any) land before the next edit.
    await browser.pause(150);
    const all = await previews();
    const last = all[all.length - 1];
    if (last.records !== 1000) throw new Error(`edit ${i}: a preview of ${last.records} records`);
    timings.push(last);
  }
  console.log(JSON.stringify({ edits: timings.length, timings }));
} finally {
  await browser.deleteSession();
}
