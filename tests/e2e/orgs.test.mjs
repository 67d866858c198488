// Salesforce to Salesforce in the real desktop app: two sandbox orgs on loopback (real
// processes), a workspace holding a connection to each (imported with the CLI, as a
// consultant hands one over), and an admin who builds an org-to-org import with the guided
// flow — source org and object, target org and object, Contacts matched on Email, a sample
// read from the source org — runs it and sees the counts. Screenshots go to
// out/screens/orgs-*.png. Run through ./run.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  changePassword,
  keepScreenshot as keepShot,
  openApp,
  requiredEnv,
  submitLogin,
} from './session.mjs';
import { screen, serve, stop } from './screen.mjs';

const OPTION = 'contacts-to-fullcopy';
const CONTACTS = 30;
const ORG_READY = 'Sandbox org listening on';

/** The org's REST API as its admin: `call(method, path, body)` → JSON. */
async function orgApi(url) {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: 'sandbox',
    client_secret: 'sandbox-secret',
    username: 'admin@sandbox.local',
    password: 'sandbox',
  });
  const token = (await (await fetch(`${url}/services/oauth2/token`, { method: 'POST', body: form })).json())
    .access_token;
  return async (method, path, body) => {
    const res = await fetch(`${url}/services/data/v62.0${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.status === 204 ? null : res.json();
  };
}

const count = async (call, soql) => (await call('GET', `/query?q=${encodeURIComponent(soql)}`)).totalSize;

describe('an admin copies Contacts from one org to another in the app', () => {
  let browser;
  let source;
  let target;
  let dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgs-e2e-'));
    source = await serve(['sandbox', 'serve', '--port', '0', '--data', join(dir, 'source')], ORG_READY);
    target = await serve(['sandbox', 'serve', '--port', '0', '--data', join(dir, 'target')], ORG_READY);
    const src = await orgApi(source.url);
    const records = Array.from({ length: CONTACTS }, (_, i) => ({
      attributes: { type: 'Contact' },
      LastName: `Person ${i}`,
      Email: `person${i}@example.com`,
    }));
    const created = await src('POST', '/composite/sobjects', { allOrNone: true, records });
    assert.equal(created.filter((r) => r.success).length, CONTACTS, JSON.stringify(created));
    // The target already holds one of them, its email in other letter case.
    const tgt = await orgApi(target.url);
    await tgt('POST', '/sobjects/Contact', { LastName: 'Old', Email: 'PERSON3@Example.com' });

    const workspace = join(dir, 'workspace.db');
    const conn = (name, url) => ({
      name,
      type: 'salesforce',
      loginUrl: url,
      auth: { flow: 'password', clientId: 'sandbox', clientSecret: 'sandbox-secret', username: 'admin@sandbox.local', password: 'sandbox' },
    });
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        format: 'sync-central/1',
        connections: [conn('production', source.url), conn('fullcopy', target.url)],
        remoteSites: [source.url, target.url],
        options: [],
      }),
    );
    execFileSync(requiredEnv('CLI_BIN'), ['--workspace', workspace, 'config', 'import', config, '--apply'], {
      encoding: 'utf8',
    });
    browser = await openApp({ signIn: false, args: ['--workspace', workspace] });
    assert.equal(await submitLogin(browser, 'admin', DEFAULT_PASSWORD), null);
    await browser.$('h2=Choose a new password').waitForExist({ timeout: 20_000 });
    await changePassword(browser, DEFAULT_PASSWORD, ADMIN_PASSWORD);
  });

  after(async () => {
    if (browser !== undefined) await browser.deleteSession();
    await stop(source);
    await stop(target);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const { text, openScreen, shown, pickOnly, clickWhenEnabled, run } = screen(() => browser);
  const keepScreenshot = (name) => keepShot(browser, `orgs-${name}`);

  it('builds the option with the guided flow: source org, target org, matched on Email', async () => {
    await openScreen('options');
    await clickWhenEnabled('#new-import-option');
    const fromOrg = await browser.$('label*=From a Salesforce org');
    await fromOrg.waitForExist({ timeout: 10_000 });
    await fromOrg.click();

    await (await shown('#org-source-org')).selectByAttribute('value', 'production');
    await (await shown('#org-source-object-search')).setValue('Contact');
    await pickOnly('#org-source-object', 'Contact');

    await (await shown('#setup-org')).selectByAttribute('value', 'fullcopy');
    await (await shown('#setup-object-search')).setValue('Contact');
    await pickOnly('#setup-object', 'Contact');
    assert.equal(await (await shown('#setup-operation')).getValue(), 'upsert');
    // Contacts are matched on Email, proposed without a word of JSON.
    const matchOn = await shown('#org-match-on');
    const selected = await matchOn.$$('option').filter((o) => o.isSelected());
    assert.deepEqual(await Promise.all(selected.map((o) => o.getAttribute('value'))), ['Email']);

    await clickWhenEnabled('#org-sample');
    const sampled = await shown('[data-testid="org-sample-count"]', 30_000);
    assert.match(await text(sampled), /\d+/);
    await keepScreenshot('flow');
    await (await shown('#setup-name')).setValue(OPTION);
    await clickWhenEnabled('#setup-save');
    await shown(`strong=Mapping of option ${OPTION}`, 30_000);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="mapping-row"]')).length > 0, {
      timeout: 30_000,
      timeoutMsg: 'the new option opens unmapped',
    });
    const targets = await browser.$$('[data-testid="mapping-row"]').map((r) => r.getAttribute('data-target'));
    assert.ok(targets.includes('Email') && targets.includes('LastName'), targets.join(', '));
    await keepScreenshot('mapping');
  });

  it('runs it and sees every Contact read and written, the existing one updated', async () => {
    const counts = await run(OPTION);
    assert.match(counts.state, /^succeeded/, JSON.stringify(counts));
    assert.deepEqual(
      { read: counts.read, written: counts.written, failed: counts.failed },
      { read: CONTACTS, written: CONTACTS, failed: 0 },
    );
    await keepScreenshot('run');
    const tgt = await orgApi(target.url);
    assert.equal(await count(tgt, 'SELECT Id FROM Contact'), CONTACTS, 'person3 updated, not doubled');
  });
});
