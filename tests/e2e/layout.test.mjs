// Every screen fits the window in the real desktop app, at its default size (1200×820) and at
// its smallest (720×480): nothing widens the page past the window or the screen's own box
// (tables scroll in theirs), and no visible button wraps its label. The forms opened from the
// screens are checked too: the typed details form of an import and of an export option, and
// the connection forms (new Salesforce, new HTTP API, each with every login flow or auth
// type, and editing the demo's two), and the guided new export option with its object
// picker, incremental section and headers open. Each screen and form is kept as a screenshot
// in out/screens/. Run through ./run.sh.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keepScreenshot as keepShot, openApp } from './session.mjs';

/** Every screen an admin sees, by the id of its tab. */
const SCREENS = [
  'connections',
  'sites',
  'options',
  'editor',
  'run',
  'runlog',
  'schedules',
  'plan',
  'endpoints',
  'diff',
  'report',
  'settings',
  'users',
  'audit',
];

/** An export option for its details form (the demo has imports only): inactive, with a
 * filter, a limit, headers, CSV and incremental, so those sections show (a mailed log needs a
 * mail server the workspace does not have). The test adds it through the app's own command
 * and removes it at the end. */
const EXPORT_OPTION = {
  direction: 'export',
  name: 'layout-export',
  active: false,
  order: 0,
  source: { connection: 'org', object: 'Invoice__c', where: "Name LIKE 'INV%'", limit: 100, api: 'auto' },
  target: {
    connection: 'finance',
    method: 'PUT',
    path: '/v1/received-invoices/{{Id}}',
    format: 'csv',
    batch: 1,
    csv: { delimiter: ';', quote: '"', header: true },
    headers: { 'X-Tenant': 'layout' },
  },
  mapping: { fields: [{ source: 'Id', target: 'id' }, { source: 'Name', target: 'name' }] },
  incremental: { cursor: 'SystemModstamp', lookback: '2h' },
};

const SIZES = [
  { width: 1200, height: 820 },
  { width: 720, height: 480 },
];

/** In the page: what overflows sideways, and which visible buttons wrap their label. */
function layoutProblems() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  }
  const screen = document.getElementById('screen');
  if (screen !== null && screen.scrollWidth > screen.clientWidth + 1) {
    problems.push(`the screen's content is ${screen.scrollWidth}px wide in its ${screen.clientWidth}px box`);
  }
  for (const button of document.querySelectorAll('button')) {
    const box = button.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(button).visibility === 'hidden') continue;
    // The lines its visible text sits on (text only screen readers get is left out).
    const tops = [];
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.parentElement?.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width > 0 && rect.height > 0 && !tops.some((t) => Math.abs(t - rect.top) < 4)) {
          tops.push(rect.top);
        }
      }
    }
    if (tops.length > 1) {
      const label = (button.textContent ?? '').replace(/\s+/g, ' ').trim();
      problems.push(`the button "${label}" wraps onto ${tops.length} lines`);
    }
  }
  return problems;
}

describe('the layout', () => {
  let browser;

  before(async () => {
    browser = await openApp();
  });

  /** Calls one of the app's commands; resolves to null or the error it answered. */
  const invoke = (command, args) =>
    browser.executeAsync(
      (c, a, done) => {
        window.__TAURI_INTERNALS__.invoke(c, a).then(
          () => done(null),
          (e) => done(JSON.stringify(e)),
        );
      },
      command,
      args,
    );

  after(async () => {
    if (browser !== undefined) {
      await invoke('remove_option', { name: EXPORT_OPTION.name }).catch(() => undefined);
      await browser.deleteSession();
    }
  });

  const text = async (el) => (await el.getProperty('textContent')).trim();

  /** Opens a screen by its tab and waits for its heading and for its data to settle. */
  async function openScreen(id) {
    const tab = await browser.$(`#tab-${id}`);
    await tab.waitForExist({ timeout: 10_000 });
    await tab.click();
    await browser.waitUntil(async () => (await tab.getAttribute('aria-selected')) === 'true', {
      timeout: 10_000,
      timeoutMsg: `the tab of ${id} was not selected`,
    });
    await browser.waitUntil(
      async () => (await browser.$('#screen h1, #screen h2').isExisting()) && !(await browser.$('#screen [aria-busy="true"]').isExisting()),
      { timeout: 20_000, timeoutMsg: `the ${id} screen did not render` },
    );
    await browser.pause(700);
  }

  const keepScreenshot = (name) => keepShot(browser, name);

  // The demo's org and API run inside the app: each app started sets them up again. A run
  // of every option fills the Run screen, the run log and the plan's last runs.
  it('has the demo set up and run, so the lists have rows', async () => {
    await openScreen('options');
    await (await browser.$('button=Set up the demo')).click();
    await browser.waitUntil(
      async () => (await text(await browser.$('[data-testid="demo-status"]'))).startsWith('The demo is set up'),
      { timeout: 60_000, timeoutMsg: 'the demo was not set up' },
    );
    await browser.waitUntil(async () => (await browser.$$('[data-testid="option"]')).length > 0, {
      timeout: 10_000,
      timeoutMsg: 'no options are listed',
    });
    await openScreen('run');
    await (await browser.$('button=Run now')).click();
    await browser.waitUntil(
      async () => (await text(await browser.$('[data-testid="run-state"]'))).startsWith('Finished'),
      { timeout: 120_000, timeoutMsg: 'the runs did not finish' },
    );
  });

  /** Sets the window's size through WebDriver and checks the page got it. */
  async function resize(size) {
    await browser.setWindowRect(null, null, size.width, size.height);
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= size.width, {
      timeout: 10_000,
      timeoutMsg: `the window did not become ${size.width}px wide`,
    });
    const inner = await browser.execute(() => [window.innerWidth, window.innerHeight]);
    assert.ok(inner[0] >= size.width - 40, `the window is ${inner[0]}px wide, not about ${size.width}px`);
    assert.ok(inner[1] <= size.height, `the window is ${inner[1]}px high, more than ${size.height}px`);
  }

  for (const size of SIZES) {
    it(`fits every screen in a ${size.width}×${size.height} window`, async () => {
      await resize(size);

      const found = [];
      for (const id of SCREENS) {
        await openScreen(id);
        await keepScreenshot(`${size.width}x${size.height}-${id}`);
        for (const problem of await browser.execute(layoutProblems)) found.push(`${id}: ${problem}`);
      }
      assert.deepEqual(found, [], `at ${size.width}×${size.height}:\n${found.join('\n')}`);
    });
  }

  it('fits the mapping editor opened on an option, which saves into the option', async () => {
    const found = [];
    for (const size of SIZES) {
      await resize(size);
      await openScreen('options');
      await (await browser.$('//tr[@data-name="invoices"]//button[starts-with(normalize-space(.), "Edit mapping")]')).click();
      const save = await browser.$('//button[normalize-space(.)="Save into option invoices"]');
      await save.waitForExist({ timeout: 60_000, timeoutMsg: 'the option’s mapping did not open' });
      assert.equal(await browser.$('input[aria-label="Mapping file path"]').isExisting(), false);
      await browser.pause(700);
      await keepScreenshot(`${size.width}x${size.height}-option-mapping`);
      for (const problem of await browser.execute(layoutProblems)) found.push(`${size.width}: ${problem}`);
      await (await browser.$('button=Back to the demo mapping')).click();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });

  /** Clicks the button an XPath finds, once it exists, in the middle of the window. */
  async function clickButton(xpath, timeout = 20_000) {
    const button = await browser.$(xpath);
    await button.waitForExist({ timeout, timeoutMsg: `no ${xpath}` });
    await browser.execute((el) => {
      el.scrollIntoView({ block: 'center' });
    }, button);
    await button.click();
  }

  const byText = (label) => `//button[normalize-space(.)="${label}"]`;

  /** Keeps a screenshot of what is open (scrolled to its top) and its layout problems. */
  async function checkOpen(name, found) {
    await browser.execute(() => {
      document.getElementById('screen')?.scrollTo(0, 0);
      window.scrollTo(0, 0);
    });
    await browser.pause(400);
    await keepScreenshot(name);
    for (const problem of await browser.execute(layoutProblems)) found.push(`${name}: ${problem}`);
  }

  /** The connection form open now, with each choice of its select labelled `label` (the
   * login flows, the auth types) in turn. */
  async function checkEveryChoice(name, label, found) {
    const select = await browser.$(`select[aria-label="${label}"]`);
    await select.waitForExist({ timeout: 10_000, timeoutMsg: `no ${label} in ${name}` });
    const values = await select.$$('option').map((o) => o.getAttribute('value'));
    assert.ok(values.length > 1, `${name} offers ${values.length} choices of ${label}`);
    for (const value of values) {
      await select.selectByAttribute('value', value);
      await browser.waitUntil(async () => (await select.getValue()) === value, {
        timeout: 5_000,
        timeoutMsg: `${label} does not become ${value}`,
      });
      await checkOpen(`${name}-${value}`, found);
    }
  }

  it('fits the option details form and the connection forms in both windows', async () => {
    assert.equal(await invoke('save_option', { original: null, document: EXPORT_OPTION }), null);
    const found = [];
    for (const size of SIZES) {
      await resize(size);
      const at = `${size.width}x${size.height}`;

      for (const option of ['invoices', EXPORT_OPTION.name]) {
        await openScreen('options');
        await clickButton(
          `//tr[@data-name="${option}"]//button[starts-with(normalize-space(.), "Details")]`,
        );
        await (await browser.$(`form[aria-label="Option ${option}"]`)).waitForExist({
          timeout: 20_000,
          timeoutMsg: `the details form of ${option} did not open`,
        });
        await (await browser.$(byText('Save option'))).waitForExist({ timeout: 10_000 });
        await browser.pause(700);
        await checkOpen(`${at}-option-form-${option}`, found);
        // The form is longer than the window: its end (incremental, actions) as well.
        await browser.execute(() => {
          const screen = document.getElementById('screen');
          screen?.scrollTo(0, screen.scrollHeight);
          window.scrollTo(0, document.documentElement.scrollHeight);
        });
        await browser.pause(400);
        await keepScreenshot(`${at}-option-form-${option}-end`);
        await clickButton(byText('Cancel'));
        await browser.$('#options-title').waitForExist({ timeout: 10_000 });
      }

      const forms = [
        { name: 'new-salesforce', open: byText('Add Salesforce connection'), choice: 'Login flow' },
        { name: 'new-http', open: byText('Add HTTP API connection'), choice: 'Auth' },
        { name: 'edit-org', open: '//tr[@data-name="org"]//button[starts-with(normalize-space(.), "Edit")]' },
        { name: 'edit-finance', open: '//tr[@data-name="finance"]//button[starts-with(normalize-space(.), "Edit")]' },
      ];
      for (const form of forms) {
        await openScreen('connections');
        await clickButton(form.open);
        await (await browser.$('form[aria-label="Connection"]')).waitForExist({
          timeout: 10_000,
          timeoutMsg: `the ${form.name} connection form did not open`,
        });
        await browser.pause(300);
        await checkOpen(`${at}-connection-${form.name}`, found);
        if (form.choice !== undefined) {
          await checkEveryChoice(`${at}-connection-${form.name}`, form.choice, found);
        }
        await clickButton(byText('Cancel'));
        await browser.$('#connections-title').waitForExist({ timeout: 10_000 });
      }
    }
    assert.equal(await invoke('remove_option', { name: EXPORT_OPTION.name }), null);
    assert.deepEqual(found, [], found.join('\n'));
  });

  /** Scrolls the element with `selector` to the window's top and keeps a screenshot. */
  async function screenshotAt(selector, name) {
    await browser.execute((el) => {
      el.scrollIntoView({ block: 'start' });
    }, await browser.$(selector));
    await browser.pause(300);
    await keepScreenshot(name);
  }

  it('fits the guided new export option with an object picked, incremental and headers open', async () => {
    const found = [];
    for (const size of SIZES) {
      await resize(size);
      const at = `${size.width}x${size.height}`;
      await openScreen('options');
      await clickButton('#new-export-option');
      const org = await browser.$('#export-org');
      await org.waitForExist({ timeout: 10_000, timeoutMsg: 'the new export option did not open' });
      await browser.waitUntil(async () => (await org.$('option[value="org"]')).isExisting(), {
        timeout: 10_000,
        timeoutMsg: 'the demo org is not offered',
      });
      await org.selectByAttribute('value', 'org');
      await (await browser.$('#export-object-search')).waitForExist({ timeout: 30_000 });
      await (await browser.$('#export-object-search')).setValue('Invoice');
      await clickButton('#export-object [data-object="Invoice__c"]');
      await (await browser.$('#export-field-Id')).waitForExist({
        timeout: 30_000,
        timeoutMsg: 'the fields of Invoice__c were not read',
      });
      await clickButton('#export-incremental');
      await (await browser.$('[data-testid="export-incremental-help"]')).waitForExist({ timeout: 10_000 });
      await clickButton('#setup-export-headers-add');
      await browser.pause(500);
      await checkOpen(`${at}-new-export`, found);
      await screenshotAt('#export-step-3', `${at}-new-export-records`);
      await screenshotAt('#export-step-4', `${at}-new-export-target`);
      await clickButton('#export-cancel');
      await browser.$('#options-title').waitForExist({ timeout: 10_000 });
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
});
