// What every real-app test shares: the environment run.sh sets, the screenshot folder, and a
// WebDriver session on the built app through tauri-driver.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');

export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/e2e/run.sh`);
  return value;
}

/** Starts the app (APP_BIN) in a new WebDriver session; screenshots go to `outDir`. */
export async function openApp() {
  mkdirSync(outDir, { recursive: true });
  return remote({
    hostname: '127.0.0.1',
    port: Number(process.env.E2E_PORT ?? '4444'),
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: requiredEnv('APP_BIN') },
    },
  });
}
