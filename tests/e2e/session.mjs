// What every real-app test shares: the environment run.sh sets, the screenshot folder, a
// WebDriver session on the built app through tauri-driver, and the login every test passes
// first (as admin; the first login of the run changes the default password).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');

export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/e2e/run.sh`);
  return value;
}

/** The default admin password of a new workspace (README), and the one the tests change it
 * to at their first login. */
export const DEFAULT_PASSWORD = 'sync-central';
export const ADMIN_PASSWORD = 'e2e admin password';

/** Fills the login form and submits it; resolves to the error code shown, or null once the
 * login screen is gone. */
export async function submitLogin(browser, user, password) {
  const name = await browser.$('input[name="user"]');
  await name.waitForExist({ timeout: 20_000 });
  await name.setValue(user);
  await browser.$('input[name="password"]').setValue(password);
  await browser.$('button=Sign in').click();
  let code = null;
  await browser.waitUntil(
    async () => {
      const alert = await browser.$('[data-testid="sync-error"] code');
      if (await alert.isExisting()) {
        code = (await alert.getText()).trim();
        return true;
      }
      return !(await browser.$('input[name="user"]').isExisting());
    },
    { timeout: 20_000, timeoutMsg: 'the login neither failed nor went on' },
  );
  return code;
}

/** Sets a new password on the forced change screen. */
export async function changePassword(browser, current, next) {
  const field = await browser.$('input[name="current"]');
  await field.waitForExist({ timeout: 20_000 });
  await field.setValue(current);
  await browser.$('input[name="new"]').setValue(next);
  await browser.$('input[name="again"]').setValue(next);
  await browser.$('button=Change password').click();
  await browser.$('[role="tablist"]').waitForExist({ timeout: 20_000 });
}

/** Signs in as admin: with the tests' password, or (on a new workspace) with the default one,
 * which must then be changed. */
export async function signInAsAdmin(browser) {
  if ((await submitLogin(browser, 'admin', ADMIN_PASSWORD)) === null) return;
  const code = await submitLogin(browser, 'admin', DEFAULT_PASSWORD);
  if (code !== null) throw new Error(`admin cannot sign in: ${code}`);
  await changePassword(browser, DEFAULT_PASSWORD, ADMIN_PASSWORD);
}

/** Starts the app (APP_BIN) in a new WebDriver session, signed in as admin unless
 * `signIn` is false; screenshots go to `outDir`. `args` go on the app's command line
 * (`['--workspace', path]` opens that workspace instead of the run's shared one). */
export async function openApp({ signIn = true, args = [] } = {}) {
  const browser = await startApp(args);
  if (signIn) await signInAsAdmin(browser);
  return browser;
}

async function startApp(args) {
  mkdirSync(outDir, { recursive: true });
  return remote({
    hostname: '127.0.0.1',
    port: Number(process.env.E2E_PORT ?? '4444'),
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: requiredEnv('APP_BIN'), args },
    },
  });
}

/** A screenshot of the screen shown, written to out/screens/`file`.png. WebKitWebDriver
 * answers once the page paints again, which a still screen never does: a dot of 1 px, all
 * but transparent, changes colour until it answers. A screenshot missing after a minute
 * fails nothing and is not written, so no file shows another screen than its name says. */
export async function keepScreenshot(browser, file) {
  const screensDir = join(outDir, 'screens');
  mkdirSync(screensDir, { recursive: true });
  await browser.execute(() => {
    const dot = document.createElement('div');
    dot.id = 'e2e-repaint';
    dot.style.cssText =
      'position:fixed;left:0;bottom:0;width:1px;height:1px;opacity:0.01;pointer-events:none;background:#000';
    document.body.append(dot);
  });
  let outcome = null;
  const shot = browser.takeScreenshot().then(
    (data) => {
      outcome = { data };
    },
    (error) => {
      outcome = { missing: error.message };
    },
  );
  const started = Date.now();
  while (outcome === null && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (outcome !== null) break;
    await browser.execute(() => {
      const dot = document.getElementById('e2e-repaint');
      if (dot !== null) dot.style.background = dot.style.background === 'rgb(0, 0, 0)' ? '#fff' : '#000';
    });
  }
  if (outcome?.data !== undefined) {
    writeFileSync(join(screensDir, `${file}.png`), Buffer.from(outcome.data, 'base64'));
  } else {
    console.log(`no screenshot ${file} (${outcome?.missing ?? 'no answer within 60 s'})`);
    shot.catch(() => undefined);
  }
  await browser.execute(() => {
    document.getElementById('e2e-repaint')?.remove();
  });
}
