// What the end-to-end tests share beyond a session: the CLI's servers (`synccentral sandbox
// serve`, `sample-api serve`) started on loopback and stopped, and the moves a user makes on
// a screen (find, fill, choose, pick one object, click once enabled), bound to a browser.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredEnv } from './session.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts `synccentral <args>` and resolves to its process and the URL it prints after
 * `marker` ("Sample API listening on http://127.0.0.1:PORT"). */
export function serve(args, marker) {
  const child = spawn(requiredEnv('CLI_BIN'), args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${args.join(' ')} printed no "${marker}" in 30 s:\n${output}`));
    }, 30_000);
    const read = (chunk) => {
      output += chunk;
      const found = new RegExp(`${marker} (http://127\\.0\\.0\\.1:\\d+)`).exec(output);
      if (found !== null) {
        clearTimeout(timer);
        resolve({ child, url: found[1] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}):\n${output}`));
    });
  });
}

/** Stops a server started by `serve` and waits until it is gone. */
export function stop(server) {
  if (server === undefined || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/** The moves of a user on the screens of the app in `browser()` (a function: the session
 * starts after the tests are declared). */
export function screen(browser) {
  const text = async (el) => (await el.getProperty('textContent')).trim();

  async function openScreen(id) {
    const tab = await browser().$(`#tab-${id}`);
    await tab.waitForExist({ timeout: 10_000 });
    await tab.click();
  }

  /** The element with `selector` once it exists. */
  async function shown(selector, timeout = 20_000) {
    const el = await browser().$(selector);
    await el.waitForExist({ timeout, timeoutMsg: `no ${selector}` });
    return el;
  }

  async function fill(selector, value) {
    await (await shown(selector)).setValue(value);
  }

  async function choose(selector, value) {
    await (await shown(selector)).selectByAttribute('value', value);
  }

  /** Picks the one object a search leaves in an object picker (a listbox of option rows,
   * each with `data-object`) as a user does: waits until the search leaves only `value`,
   * clicks that row with WebDriver (no event sent by the test), and checks it is selected. */
  async function pickOnly(selector, value) {
    const list = await shown(selector);
    await browser().waitUntil(
      async () => (await list.$$('[role="option"]').map((o) => o.getAttribute('data-object'))).join() === value,
      { timeout: 20_000, timeoutMsg: `the search does not leave only ${value} in ${selector}` },
    );
    const row = await list.$(`[role="option"][data-object="${value}"]`);
    await row.click();
    await browser().waitUntil(async () => (await row.getAttribute('aria-selected')) === 'true', {
      timeout: 10_000,
      timeoutMsg: `${value} is not selected in ${selector} after a click`,
    });
  }

  async function clickWhenEnabled(selector) {
    const el = await shown(selector);
    await el.waitForEnabled({ timeout: 20_000, timeoutMsg: `${selector} stays disabled` });
    // In the middle of the screen: a click on a button at its bottom edge can get lost.
    await browser().execute((button) => {
      button.scrollIntoView({ block: 'center' });
    }, el);
    await el.click();
  }

  /** Scrolls the element into the middle of the screen, for a screenshot of it. */
  async function scrollTo(selector) {
    await browser().execute((el) => {
      el.scrollIntoView({ block: 'center' });
    }, await shown(selector));
  }

  /** Runs one option on the Run screen; resolves to its row's state and counts. */
  async function run(option) {
    await openScreen('run');
    const which = await shown('select[aria-label="Options to run"]');
    await browser().waitUntil(async () => (await which.$(`option[value="${option}"]`)).isExisting(), {
      timeout: 10_000,
      timeoutMsg: `${option} is not offered on the Run screen`,
    });
    await which.selectByAttribute('value', option);
    await browser().$('button=Run now').click();
    const row = await shown(`[data-testid="progress"][data-option="${option}"]`, 60_000);
    const state = () => text(row.$('[data-testid="progress-state"]'));
    await browser().waitUntil(async () => !(await state()).startsWith('running'), {
      timeout: 120_000,
      timeoutMsg: `the run of ${option} did not finish`,
    });
    const cell = async (id) => Number(await text(row.$(`[data-testid="${id}"]`)));
    return {
      state: await state(),
      read: await cell('progress-read'),
      written: await cell('progress-written'),
      failed: await cell('progress-failed'),
    };
  }

  return { text, openScreen, shown, fill, choose, pickOnly, clickWhenEnabled, scrollTo, run };
}
