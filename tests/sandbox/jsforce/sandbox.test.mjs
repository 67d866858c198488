// The sandbox org driven by jsforce 3, a Salesforce client we did not write: OAuth password
// login, describe, create, update, upsert (one record and a list), delete, queries fetched
// across several pages, Bulk API 2.0 ingest and query jobs (bulk2), injected faults, and Salesforce's
// errors as jsforce reports them. Starts `synccentral sandbox serve` on a free loopback port
// with a fresh data directory (binary: $CLI_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsforce from 'jsforce';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const target = process.env.CARGO_TARGET_DIR || path.join(repo, 'target');
const cli = process.env.CLI_BIN || path.join(target, 'debug', 'synccentral');

let server;
let dataDir;
let loginUrl;

function startSandbox() {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sandbox-jsforce-'));
  server = spawn(cli, ['sandbox', 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL from the sandbox: ${out}`)), 20000);
    server.on('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${out}`)));
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

async function login() {
  const conn = new jsforce.Connection({
    oauth2: { loginUrl, clientId: 'sandbox', clientSecret: 'sandbox-secret' },
    version: '59.0',
  });
  await conn.login('admin@sandbox.local', 'sandbox');
  return conn;
}

before(async () => {
  loginUrl = await startSandbox();
});

after(() => {
  server?.kill('SIGINT');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('logs in with the OAuth password flow and gets a Salesforce-shaped session', async () => {
  const conn = await login();
  assert.match(conn.accessToken, /^00D\w{12,15}!/);
  assert.equal(conn.instanceUrl, loginUrl);
  assert.match(conn.userInfo.id, /^005/);
  assert.match(conn.userInfo.organizationId, /^00D/);
});

test('a wrong password is refused as invalid_grant', async () => {
  const conn = new jsforce.Connection({
    oauth2: { loginUrl, clientId: 'sandbox', clientSecret: 'sandbox-secret' },
  });
  await assert.rejects(conn.login('admin@sandbox.local', 'wrong'), (err) => {
    assert.equal(err.name, 'invalid_grant');
    assert.equal(err.message, 'authentication failure');
    return true;
  });
});

test('describes Contact with its fields and key prefix', async () => {
  const conn = await login();
  const d = await conn.sobject('Contact').describe();
  assert.equal(d.name, 'Contact');
  assert.equal(d.keyPrefix, '003');
  const lastName = d.fields.find((f) => f.name === 'LastName');
  assert.equal(lastName.length, 80);
  const global = await conn.describeGlobal();
  assert.ok(global.sobjects.some((o) => o.name === 'Account'));
});

test('creates, reads, updates and deletes a contact', async () => {
  const conn = await login();
  const created = await conn.sobject('Contact').create({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
  assert.equal(created.success, true);
  assert.match(created.id, /^003\w{15}$/);

  const read = await conn.sobject('Contact').retrieve(created.id);
  assert.equal(read.Name, 'Ada Lovelace');
  assert.equal(read.Email, 'ada@example.com');
  assert.equal(read.IsDeleted, false);

  const updated = await conn.sobject('Contact').update({ Id: created.id, Title: 'Analyst' });
  assert.equal(updated.success, true);
  assert.equal((await conn.sobject('Contact').retrieve(created.id)).Title, 'Analyst');

  const deleted = await conn.sobject('Contact').destroy(created.id);
  assert.equal(deleted.success, true);
  await assert.rejects(conn.sobject('Contact').retrieve(created.id), (err) => {
    assert.equal(err.errorCode, 'ENTITY_IS_DELETED');
    return true;
  });
});

test('creates and updates several records at once through sObject Collections', async () => {
  const conn = await login();
  const results = await conn.sobject('Account').create([{ Name: 'North' }, { Name: 'South' }]);
  assert.deepEqual(results.map((r) => r.success), [true, true]);
  const updates = await conn.sobject('Account').update(results.map((r) => ({ Id: r.id, Industry: 'Energy' })));
  assert.deepEqual(updates.map((r) => r.success), [true, true]);
  const again = await conn.sobject('Account').retrieve(results.map((r) => r.id));
  assert.deepEqual(again.map((a) => a.Name), ['North', 'South']);
});

test('upserts one contact by external ID: created, then updated', async () => {
  const conn = await login();
  const first = await conn.sobject('Contact').upsert({ Contact_Id__c: 'JS-1', LastName: 'Hopper' }, 'Contact_Id__c');
  assert.equal(first.success, true);
  assert.equal(first.created, true);
  const second = await conn.sobject('Contact').upsert({ Contact_Id__c: 'JS-1', LastName: 'Hopper', Title: 'Admiral' }, 'Contact_Id__c');
  assert.equal(second.created, false);
  assert.equal(second.id, first.id);
  assert.equal((await conn.sobject('Contact').retrieve(first.id)).Title, 'Admiral');
});

test('upserts a list by external ID, with the account set through its own external ID', async () => {
  const conn = await login();
  await conn.sobject('Account').create({ Name: 'Parent Co', External_Id__c: 'ACC-JS' });
  const results = await conn.sobject('Contact').upsert(
    [
      { Contact_Id__c: 'JS-1', LastName: 'Hopper' },
      { Contact_Id__c: 'JS-2', LastName: 'Turing', Account: { External_Id__c: 'ACC-JS' } },
    ],
    'Contact_Id__c',
  );
  assert.deepEqual(results.map((r) => [r.success, r.created]), [[true, false], [true, true]]);
  const turing = await conn.sobject('Contact').retrieve(results[1].id);
  const parent = await conn.sobject('Account').retrieve(turing.AccountId);
  assert.equal(parent.Name, 'Parent Co');
});

test('a value longer than the field is refused with STRING_TOO_LONG', async () => {
  const conn = await login();
  await assert.rejects(conn.sobject('Contact').create({ LastName: 'x'.repeat(81) }), (err) => {
    assert.equal(err.errorCode, 'STRING_TOO_LONG');
    assert.match(err.message, /^Last Name: data value too large: x+ \(max length=80\)$/);
    return true;
  });
});

test('a list with one bad record reports it and keeps the others (allOrNone false)', async () => {
  const conn = await login();
  const results = await conn.sobject('Contact').create([{ LastName: 'Good' }, { FirstName: 'No last name' }]);
  assert.equal(results[0].success, true);
  assert.equal(results[1].success, false);
  assert.equal(results[1].errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
});

test('queries across several pages with autoFetch, and queryAll sees deleted records', async () => {
  const conn = await login();
  const batch = (from) =>
    Array.from({ length: 200 }, (_, i) => ({ LastName: `Page ${String(from + i).padStart(4, '0')}`, LeadSource: 'Web' }));
  for (const from of [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]) {
    const results = await conn.sobject('Contact').create(batch(from));
    assert.ok(results.every((r) => r.success));
  }
  const records = [];
  const query = conn
    .query("SELECT Id, LastName FROM Contact WHERE LeadSource = 'Web' ORDER BY LastName")
    .on('record', (r) => records.push(r));
  await query.run({ autoFetch: true, maxFetch: 5000 });
  assert.equal(query.totalSize, 2200);
  assert.equal(records.length, 2200, 'the second page came through nextRecordsUrl');
  assert.equal(records[0].LastName, 'Page 0000');
  assert.equal(records[2199].LastName, 'Page 2199');

  const first = await conn.query("SELECT Id FROM Contact WHERE LeadSource = 'Web'");
  assert.equal(first.done, false);
  assert.equal(first.records.length, 2000, 'the default batch is 2,000 rows');

  await conn.sobject('Contact').destroy(records[0].Id);
  const live = await conn.query("SELECT Id FROM Contact WHERE LastName = 'Page 0000'");
  assert.equal(live.totalSize, 0);
  const all = await conn.query("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Page 0000'", { scanAll: true });
  assert.equal(all.totalSize, 1);
  assert.equal(all.records[0].IsDeleted, true);
});

test('a bad query is reported with MALFORMED_QUERY', async () => {
  const conn = await login();
  await assert.rejects(conn.query('SELEC Id FROM Contact'), (err) => {
    assert.equal(err.errorCode, 'MALFORMED_QUERY');
    return true;
  });
});

// Bulk API 2.0 through jsforce's bulk2: an ingest job run to the end, and a query job whose
// CSV results come back through Sforce-Locator.

function collect(stream) {
  return new Promise((resolve, reject) => {
    const records = [];
    stream.on('record', (r) => records.push(r));
    stream.on('end', () => resolve(records));
    stream.on('error', reject);
  });
}

test('bulk2 upserts accounts from CSV by external ID and reports failed rows', async () => {
  const conn = await login();
  conn.bulk2.pollInterval = 50;
  const first = await conn.bulk2.loadAndWaitForResults({
    object: 'Account',
    operation: 'upsert',
    externalIdFieldName: 'External_Id__c',
    input: 'External_Id__c,Name,NumberOfEmployees\nBULK-1,Bulk One,10\nBULK-2,Bulk Two,20\n',
  });
  assert.equal(first.successfulResults.length, 2);
  assert.equal(first.failedResults.length, 0);
  assert.deepEqual(first.successfulResults.map((r) => [r.sf__Created, r.Name]), [['true', 'Bulk One'], ['true', 'Bulk Two']]);

  const second = await conn.bulk2.loadAndWaitForResults({
    object: 'Account',
    operation: 'upsert',
    externalIdFieldName: 'External_Id__c',
    input: 'External_Id__c,Name\nBULK-1,Bulk One Renamed\nBULK-3,\n',
  });
  assert.equal(second.successfulResults.length, 1);
  assert.equal(second.successfulResults[0].sf__Created, 'false');
  assert.equal(second.successfulResults[0].sf__Id, first.successfulResults[0].sf__Id);
  assert.equal(second.failedResults.length, 1);
  assert.equal(second.failedResults[0].sf__Error, 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --');
  const renamed = await conn.sobject('Account').retrieve(first.successfulResults[0].sf__Id);
  assert.equal(renamed.Name, 'Bulk One Renamed');
  assert.equal(renamed.NumberOfEmployees, 10);
});

test('bulk2 queries come back as CSV records with parent fields as dotted columns', async () => {
  const conn = await login();
  conn.bulk2.pollInterval = 50;
  const parent = await conn.sobject('Account').create({ Name: 'Bulk Parent', External_Id__c: 'BULK-P' });
  await conn.sobject('Contact').create([
    { LastName: 'Bulk Child A', AccountId: parent.id },
    { LastName: 'Bulk Child B' },
  ]);
  const records = await collect(
    await conn.bulk2.query("SELECT Id, LastName, Account.Name FROM Contact WHERE LastName LIKE 'Bulk Child%' ORDER BY LastName"),
  );
  assert.deepEqual(
    records.map((r) => [r.LastName, r['Account.Name']]),
    [['Bulk Child A', 'Bulk Parent'], ['Bulk Child B', '']],
  );
  assert.match(records[0].Id, /^003/);
});

// Fault injection as a client sees it.

async function armFault(conn, fault) {
  const r = await fetch(`${loginUrl}/__sandbox/faults`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  assert.equal(r.status, 200);
}

test('an expired session makes jsforce log in again and carry on', async () => {
  const conn = await login();
  const before = conn.accessToken;
  await armFault(conn, { kind: 'session_expired' });
  const result = await conn.query('SELECT Id FROM Organization');
  assert.equal(result.totalSize, 1);
  assert.notEqual(conn.accessToken, before, 'jsforce took a new token');
});

test('jsforce retries past a 503 and a dropped connection and gets its answer', async () => {
  const conn = await login();
  await armFault(conn, { kind: '503', next: 1 });
  await armFault(conn, { kind: 'drop', next: 1 });
  const result = await conn.query('SELECT Id FROM Organization');
  assert.equal(result.totalSize, 1);
  const armed = await fetch(`${loginUrl}/__sandbox/faults`, {
    headers: { Authorization: `Bearer ${conn.accessToken}` },
  }).then((r) => r.json());
  assert.deepEqual(armed.armed, [], 'both faults were met on the way');
});
