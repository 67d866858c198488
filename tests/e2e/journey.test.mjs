// An admin's whole journey in the real desktop app, from a new workspace of its own (the first
// login with the default password, which must be changed), without the demo and without
// typing any JSON: a local sandbox org and the sample API are started here (real processes on
// loopback); the app gets both origins on Remote sites and a connection to each through the
// Connections forms, tests them, builds an import option with the guided flow (sample,
// records, paging proved by a second page, target object by search, upsert on the external
// ID), runs it, then builds an export option (fields, a filter checked by the org, POST to the
// API as JSON), previews its payload, activates and runs it, and reads back from the sample
// API what it received. Screenshots of each step go to out/screens/journey-*.png.
// Run through ./run.sh.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN_PASSWORD,
  DEFAULT_PASSWORD,
  changePassword,
  keepScreenshot as keepShot,
  openApp,
  submitLogin,
} from './session.mjs';
import { screen, serve, stop } from './screen.mjs';

const ORG = 'sandbox-org';
const API = 'sample-api';
const IMPORT = 'invoice-import';
const EXPORT = 'invoice-export';
const RECORDS = 25;
const RECEIVED_PATH = '/v1/received-invoices';

describe('an admin sets up an import and an export in the app', () => {
  let browser;
  let org;
  let api;
  let dataDir;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'journey-org-'));
    org = await serve(
      ['sandbox', 'serve', '--port', '0', '--data', dataDir, '--schema', 'fixtures/samples/describe'],
      'Sandbox org listening on',
    );
    api = await serve(
      ['sample-api', 'serve', '--port', '0', '--records', String(RECORDS)],
      'Sample API listening on',
    );
    // The app on a workspace file of its own that does not exist yet: nothing set up, and
    // the default credentials.
    browser = await openApp({ signIn: false, args: ['--workspace', join(dataDir, 'workspace.db')] });
  });

  after(async () => {
    if (browser !== undefined) await browser.deleteSession();
    await stop(org);
    await stop(api);
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  const origin = (url) => new URL(url).origin;
  const { text, openScreen, shown, fill, choose, pickOnly, clickWhenEnabled, scrollTo, run } = screen(
    () => browser,
  );

  const keepScreenshot = (name) => keepShot(browser, `journey-${name}`);

  /** Drags a source path onto a target field in the mapping editor with pointer actions in
   * several steps (as editor.test.mjs does). */
  async function dragSourceOnto(path, field) {
    const search = await shown('input[aria-label="Search target fields"]');
    await search.setValue(field);
    const source = await shown(`[data-source-path="${path}"]`);
    const target = await shown(`[data-target-field="${field}"]`);
    await browser.execute((el) => {
      el.scrollIntoView({ block: 'center' });
    }, source);
    await browser
      .action('pointer', { parameters: { pointerType: 'mouse' } })
      .move({ origin: source })
      .down({ button: 0 })
      .move({ origin: source, x: 12, y: 4, duration: 50 })
      .move({ origin: source, x: 60, y: 10, duration: 100 })
      .move({ origin: target, x: -20, y: 0, duration: 200 })
      .move({ origin: target, duration: 100 })
      .up({ button: 0 })
      .perform();
    await search.clearValue();
  }

  it('starts on a new workspace: the default password signs in once and must be changed', async () => {
    assert.equal(await submitLogin(browser, 'admin', ADMIN_PASSWORD), 'LOGIN_FAILED');
    assert.equal(await submitLogin(browser, 'admin', DEFAULT_PASSWORD), null);
    await browser.$('h2=Choose a new password').waitForExist({ timeout: 20_000 });
    await changePassword(browser, DEFAULT_PASSWORD, ADMIN_PASSWORD);
    await openScreen('options');
    await shown('#new-import-option');
    assert.equal((await browser.$$('[data-testid="option"]')).length, 0, 'the new workspace has options');
    await openScreen('connections');
    assert.equal((await browser.$$('[data-testid="connection"]')).length, 0, 'the new workspace has connections');
  });

  it('adds the org’s and the API’s origins on Remote sites', async () => {
    await openScreen('sites');
    for (const url of [org.url, api.url]) {
      await fill('input[aria-label="Remote site URL"]', origin(url));
      await clickWhenEnabled('button=Add site');
      await browser.waitUntil(
        async () => (await browser.$$('[data-testid="remote-site"] code').map((c) => text(c))).includes(origin(url)),
        { timeout: 10_000, timeoutMsg: `${origin(url)} is not listed` },
      );
    }
    await keepScreenshot('remote-sites');
  });

  it('creates the org and the API connections through their forms and tests each', async () => {
    await openScreen('connections');
    await (await shown('button=Add Salesforce connection')).click();
    await fill('input[aria-label="Name"]', ORG);
    // The local sandbox org: a loopback login URL and the username-password flow (kept for
    // it; a new connection starts on the browser login, and the form says the flow's end date).
    assert.equal(await (await shown('select[aria-label="Login flow"]')).getValue(), 'web');
    await (await shown('select[aria-label="Login URL"]')).selectByVisibleText('My Domain / other');
    await fill('input[aria-label="My Domain or other login URL"]', org.url);
    await (await shown('select[aria-label="Login flow"]')).selectByVisibleText(
      'Username and password',
    );
    assert.match(await text(await shown('[data-testid="password-note"]')), /2027-02-20/);
    await fill('input[aria-label="Client ID"]', 'sandbox');
    await fill('input[aria-label="Client secret"]', 'sandbox-secret');
    await fill('input[aria-label="Username"]', 'admin@sandbox.local');
    await fill('input[aria-label="Password"]', 'sandbox');
    await keepScreenshot('connection-form');
    await browser.$('button=Save connection').click();
    await shown(`[data-testid="connection"][data-name="${ORG}"]`);

    await (await shown('button=Add HTTP API connection')).click();
    await fill('input[aria-label="Name"]', API);
    await fill('input[aria-label="Base URL"]', api.url);
    assert.equal(await (await shown('select[aria-label="Auth"]')).getValue(), 'none');
    await browser.$('button=Save connection').click();
    await shown(`[data-testid="connection"][data-name="${API}"]`);

    const answerOf = async (name) => {
      const row = await browser.$(`[data-testid="connection"][data-name="${name}"]`);
      await (await row.$('button*=Test connection')).click();
      const answer = await row.$('[data-testid="connection-answer"]');
      await browser.waitUntil(
        async () => (await answer.$('.status--valid').isExisting()) || (await answer.$('[role="alert"]').isExisting()),
        { timeout: 30_000, timeoutMsg: `the test of ${name} did not answer` },
      );
      return text(answer);
    };
    const orgAnswer = await answerOf(ORG);
    assert.match(orgAnswer, /^logged in to /, orgAnswer);
    assert.match(orgAnswer, /API requests today \d+ of \d+/, orgAnswer);
    // The API's root answers nothing: its test calls the list it serves.
    await fill(`input[aria-label="Path to test on ${API}"]`, '/v1/invoices?page_size=2');
    const apiAnswer = await answerOf(API);
    assert.match(apiAnswer, /\/v1\/invoices\?page_size=2 answered 1 record; the first: .*INV-000001/, apiAnswer);
    await keepScreenshot('connections');
  });

  it('builds an import option with the guided flow and opens it mapped', async () => {
    await openScreen('options');
    await (await shown('#new-import-option')).click();
    await choose('#setup-connection', API);
    await fill('#setup-path', '/v1/invoices');
    await (await shown('#setup-params-add')).click();
    await fill('#setup-params-key-1', 'page_size');
    await fill('#setup-params-value-1', '10');
    await clickWhenEnabled('#setup-fetch');
    const count = await shown('[data-testid="setup-record-count"]');
    assert.match(await text(count), /^10 records at \$\.invoices, with \d+ fields\.$/);
    assert.match(await text(await byTestId('setup-url')), /\/v1\/invoices\?page_size=10$/);
    await keepScreenshot('import-sample');

    assert.equal(await (await shown('#setup-paging-type')).getValue(), 'nextUrl');
    assert.equal(await (await shown('#setup-paging-path')).getValue(), '$.next_page');
    await clickWhenEnabled('#setup-next-page');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="setup-page"]')).length >= 2, {
      timeout: 20_000,
      timeoutMsg: 'the next page was not read',
    });
    const pages = {};
    for (const row of await browser.$$('[data-testid="setup-page"]')) {
      pages[await text(row.$('th'))] = Number(await text(row.$('td')));
    }
    assert.equal(pages['2'], 10, JSON.stringify(pages));
    assert.equal(
      await browser.$('[data-testid="setup-pages"] [role="alert"]').isExisting(),
      false,
      'the paging is said to have stopped',
    );
    await scrollTo('[data-testid="setup-pages"]');
    await keepScreenshot('import-paging');

    await choose('#setup-org', ORG);
    await fill('#setup-object-search', 'Invoice');
    await pickOnly('#setup-object', 'Invoice__c');
    assert.equal(await (await shown('#setup-operation')).getValue(), 'upsert');
    const externalId = await shown('#setup-external-id');
    await browser.waitUntil(async () => (await externalId.getValue()) === 'invoice_id__c', {
      timeout: 10_000,
      timeoutMsg: 'the external ID is not invoice_id__c',
    });
    await (await shown('#setup-name')).setValue(IMPORT);
    await scrollTo('#setup-save');
    await keepScreenshot('import-target');
    await clickWhenEnabled('#setup-save');

    // The mapping editor on the new option, its fields mapped from the sample.
    await shown(`strong=Mapping of option ${IMPORT}`, 30_000);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="mapping-row"]')).length > 0, {
      timeout: 30_000,
      timeoutMsg: 'the new option opens unmapped',
    });
    const targets = await browser.$$('[data-testid="mapping-row"]').map((r) => r.getAttribute('data-target'));
    assert.ok(targets.includes('invoice_id__c'), targets.join(', '));
    await keepScreenshot('mapping-auto');

    // Auto-map translated the API's statuses and currencies to the picklists' values. Its
    // account numbers name no account in this org, and the preview, checked against the org,
    // says so on every record: the admin leaves the lookup out and names each invoice by its
    // number, dragged onto Name.
    const mapped = await browser.$$('[data-testid="mapping-row"]').map((r) => r.getAttribute('data-target'));
    for (const field of ['Status__c', 'Currency__c']) assert.ok(mapped.includes(field), mapped.join(', '));
    await browser.waitUntil(
      async () => (await browser.$$('.grid__row--invalid')).length > 0,
      { timeout: 30_000, timeoutMsg: 'the preview does not mark the lookups to accounts the org lacks' },
    );
    await keepScreenshot('mapping-parents');
    const invalid = await text(await shown('.grid__row--invalid'));
    assert.match(invalid, /no Account with External_Id__c = A-100 in sandbox-org|INVALID_FIELD/, invalid);
    await (await shown('button[aria-label="Remove mapping to Account__c"]')).click();
    await dragSourceOnto('invoice_id', 'Name');
    await shown('[data-testid="column-Name"]', 20_000);
    await browser.waitUntil(async () => (await browser.$$('.grid__row--invalid')).length === 0, {
      timeout: 20_000,
      timeoutMsg: 'the preview still shows invalid records',
    });
    assert.equal(await text(await byTestId('cell-0-Name')), 'INV-000001');
    await browser.$(`button=Save into option ${IMPORT}`).click();
    await byTestId('unsaved').waitForExist({ reverse: true, timeout: 10_000 });
    await keepScreenshot('mapping-editor');
  });

  it('runs the import and sees every record read and written', async () => {
    const counts = await run(IMPORT);
    assert.match(counts.state, /^succeeded/, JSON.stringify(counts));
    assert.deepEqual({ read: counts.read, written: counts.written, failed: counts.failed }, {
      read: RECORDS,
      written: RECORDS,
      failed: 0,
    });
    await keepScreenshot('run-import');
  });

  it('builds an export option, previews its payload, activates it, and the API receives it', async () => {
    await openScreen('options');
    await (await shown('#new-export-option')).click();
    await choose('#export-org', ORG);
    await fill('#export-object-search', 'Invoice');
    await pickOnly('#export-object', 'Invoice__c');
    const id = await shown('#export-field-Id');
    if (await id.isSelected()) await id.click();
    await (await shown('#export-field-invoice_id__c')).click();
    await (await shown('#export-field-Name')).click();
    await browser.waitUntil(
      async () => (await text(await byTestId('export-field-count'))).startsWith('2 of '),
      { timeout: 10_000, timeoutMsg: 'two fields are not chosen' },
    );

    await (await shown('#export-filter-add')).click();
    await choose('#export-filter-field-1', 'Name');
    await (await shown('#export-filter-operator-1')).selectByVisibleText('LIKE');
    await fill('#export-filter-value-1', 'INV%');
    const check = await shown('[data-testid="export-filter-check"]');
    await browser.waitUntil(async () => (await text(check)).includes('The query is valid'), {
      timeout: 20_000,
      timeoutMsg: 'the org does not find the filter valid',
    });
    assert.match(await text(await byTestId('export-soql')), /WHERE Name LIKE 'INV%'/);
    await scrollTo('[data-testid="export-filter-check"]');
    await keepScreenshot('export-filter');

    await (await shown('#export-target-api')).click();
    await choose('#export-http', API);
    await (await shown('#export-method')).selectByVisibleText('POST');
    await fill('#export-path', RECEIVED_PATH);
    await choose('#export-format', 'json');
    await (await shown('#export-name')).setValue(EXPORT);
    await clickWhenEnabled('#export-save');

    await fill('#export-preview-count', String(RECORDS));
    await clickWhenEnabled('#export-preview');
    await shown('[data-testid="export-request-body"]', 30_000);
    const bodies = await browser.$$('[data-testid="export-request-body"]').map((b) => text(b));
    assert.ok(bodies.some((b) => b.includes('INV-000001')), bodies.slice(0, 3).join('\n'));
    await scrollTo('[data-testid="export-state"]');
    await keepScreenshot('export-preview');
    await clickWhenEnabled('#export-activate');
    await browser.waitUntil(async () => (await text(await byTestId('export-state'))).includes('is active'), {
      timeout: 10_000,
      timeoutMsg: 'the export is not activated',
    });
    await (await shown('#export-done')).click();

    const counts = await run(EXPORT);
    assert.match(counts.state, /^succeeded/, JSON.stringify(counts));
    assert.equal(counts.read, RECORDS, JSON.stringify(counts));
    assert.equal(counts.written, RECORDS, JSON.stringify(counts));
    await keepScreenshot('run-export');

    const received = await (await fetch(`${api.url}/__sample/received`)).json();
    const here = received.filter((r) => r.path === RECEIVED_PATH);
    const records = here.flatMap((r) => (Array.isArray(r.json) ? r.json : [r.json]));
    assert.equal(records.length, RECORDS, JSON.stringify(received).slice(0, 500));
    assert.ok(records.every((r) => /^INV-\d{6}$/.test(r.invoice_id__c)), JSON.stringify(records[0]));
    assert.deepEqual(
      records.map((r) => r.invoice_id__c).sort(),
      Array.from({ length: RECORDS }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`),
    );
  });
  it('opens the export in the mapping editor on its live records, with the API’s keys as target', async () => {
    await openScreen('options');
    const row = await shown(`[data-testid="option"][data-name="${EXPORT}"]`);
    await (await row.$('button*=Edit mapping')).click();
    await shown(`strong=Mapping of option ${EXPORT}`, 30_000);
    // Its own query's records: the mapped field, and the object's others to drag.
    await shown('[data-source-path="invoice_id__c"]', 30_000);
    await shown('[data-source-path="Currency__c"]');
    assert.equal(await browser.$('ul[aria-label="Notes"]').isExisting(), false, 'the sample or target is not live');
    const target = await text(await shown('#target-heading'));
    assert.match(target, new RegExp(`JSON keys sent to ${API}`), target);
    await shown('[data-testid="cell-0-invoice_id__c"]', 20_000);
    assert.match(await text(await byTestId('cell-0-invoice_id__c')), /^INV-\d{6}$/);
    assert.equal((await browser.$$('.grid__row--invalid')).length, 0, 'an export preview refuses a record');
    await keepScreenshot('export-mapping');
  });
});
