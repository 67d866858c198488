// The Settings screen in the real desktop app: a configuration holding secrets is imported
// through the preview (what it creates) and Apply, then "Export for support" writes a file
// into the app's export folder, shows its path, and the file holds no secret. Run through
// ./run.sh (the app's workspace is a temporary file that earlier tests may have given the
// demo's configuration: the names here are the test's own; the sync tests later replace the
// configuration with the demo's).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp } from './session.mjs';

const SECRETS = ['e2e-Client-Secret-71', 'e2e-Pass word+9', 'e2e-Bearer-Token-33'];

const doc = {
  format: 'sync-central/1',
  connections: [
    {
      name: 'support-org',
      type: 'salesforce',
      loginUrl: 'http://127.0.0.1:9',
      auth: { flow: 'password', clientId: 'e2e-client', clientSecret: SECRETS[0], username: 'e2e@example.com', password: SECRETS[1] },
    },
    { name: 'support-api', type: 'http', baseUrl: 'http://127.0.0.1:9', auth: { type: 'bearer', token: SECRETS[2] } },
  ],
  remoteSites: ['http://127.0.0.1:9'],
  options: [
    {
      name: 'people',
      direction: 'import',
      source: { connection: 'support-api', path: '/v1/people', recordsPath: '$.people' },
      target: { connection: 'support-org', object: 'Contact', operation: 'upsert', externalId: 'Email' },
      mapping: {
        fields: [{ source: 'mail', target: 'Email' }, { source: 'last', target: 'LastName' }],
        tests: [{ name: 'mail', input: { mail: 'jane.doe@acme-corp.com', last: 'Doe' }, expect: { Email: 'jane.doe@acme-corp.com' } }],
      },
    },
  ],
};

describe('the settings screen', () => {
  let browser;
  let dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sc-settings-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(doc));
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = async (el) => (await el.getProperty('textContent')).trim();

  it('imports a configuration after a preview of what it creates', async () => {
    const tab = await browser.$('button[role="tab"]=Settings');
    await tab.waitForExist({ timeout: 10_000 });
    await tab.click();
    const input = await browser.$('#settings-file');
    await input.waitForExist({ timeout: 10_000 });
    await input.setValue(join(dir, 'settings.json'));
    await (await browser.$('button=Preview import')).click();
    const table = await browser.$('table[aria-label="Import preview"]');
    await table.waitForExist({ timeout: 20_000 });
    const rows = await browser.$$('table[aria-label="Import preview"] tbody tr').map((r) => text(r));
    assert.ok(rows.includes('Optionpeoplecreated'), JSON.stringify(rows));
    assert.ok(rows.includes('Connectionsupport-orgcreated'), JSON.stringify(rows));
    await (await browser.$('button=Apply')).click();
    await browser.waitUntil(async () => (await browser.$$('p[role="status"]').map((p) => text(p))).some((t) => t.startsWith('Imported: 4 created')), {
      timeout: 20_000,
      timeoutMsg: 'the import was not applied',
    });
  });

  it('export for support produces a file without secrets', async () => {
    await (await browser.$('button=Export for support')).click();
    const shown = await browser.$('[data-testid="exported-path"]');
    await shown.waitForExist({ timeout: 20_000 });
    const path = await text(shown);
    assert.match(path, /sync-central-support\.json$/);
    const bytes = readFileSync(path, 'utf8');
    for (const secret of SECRETS) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
        assert.ok(!bytes.includes(form), `${secret} is in the support export as ${form}`);
      }
    }
    const support = JSON.parse(bytes);
    const org = support.connections.find((c) => c.name === 'support-org');
    assert.equal(org.auth.password, '***');
    const input = support.options.find((o) => o.name === 'people').mapping.tests[0].input;
    assert.notEqual(input.mail, 'jane.doe@acme-corp.com', 'the samples are mocked');
    assert.match(input.mail, /^[a-z]{4}\.[a-z]{3}@[a-z]{4}-[a-z]{4}\.com$/);
  });
});
