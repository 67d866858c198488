// Every screen fits the window in the real desktop app, at its default size (1200×820) and at
// its smallest (720×480): nothing widens the page past the window or the screen's own box
// (tables scroll in theirs), and no visible button wraps its label. Each screen is kept as a
// screenshot in out/screens/. Run through ./run.sh.
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

  after(async () => {
    await browser?.deleteSession();
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
});
