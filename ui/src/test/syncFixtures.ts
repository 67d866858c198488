// Answers the sync screens' tests share.
import type {
  ConnectionView,
  OptionView,
  RunDetail,
  RunView,
  SyncOption,
} from '../sync/syncBackend';

// The documents have the types generated from the Rust model (ui/src/bindings), defaults
// written out. The service leaves empty `headers` maps and the default `guard` out of what it
// sends, but the generated types require them, so they are written out here too.

export const org: ConnectionView = {
  name: 'org',
  kind: 'salesforce',
  url: 'http://127.0.0.1:4000',
  auth: 'password',
  document: {
    name: 'org',
    type: 'salesforce',
    loginUrl: 'http://127.0.0.1:4000',
    apiVersion: '62.0',
    auth: {
      flow: 'password',
      clientId: 'sandbox',
      clientSecret: '***',
      username: 'admin@sandbox.local',
      password: '***',
    },
  },
};

export const finance: ConnectionView = {
  name: 'finance',
  kind: 'http',
  url: 'http://127.0.0.1:5000',
  auth: 'none',
  document: {
    name: 'finance',
    type: 'http',
    baseUrl: 'http://127.0.0.1:5000',
    auth: { type: 'none' },
    headers: {},
  },
};

export const invoicesRun: RunView = {
  id: 7,
  option: 'invoices',
  mode: 'normal',
  status: 'succeeded',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  counts: { read: 30, written: 20, failed: 10, skipped: 0 },
  error: null,
  apiCalls: { made: 4, before: 1200, after: 1204, limit: 15000 },
};

/** An import option's document: from `finance`'s `/v1/<name>` into `object` on `org`. */
export function importDocument(
  name: string,
  object = 'Invoice__c',
  active = true,
  order = 0,
): SyncOption {
  return {
    name,
    direction: 'import',
    active,
    order,
    source: {
      connection: 'finance',
      method: 'GET',
      path: `/v1/${name}`,
      params: { a: '1' },
      headers: {},
      paging: { type: 'none' },
      maxPages: 10000,
      maxPageBytes: 5242880,
    },
    target: {
      connection: 'org',
      object,
      operation: 'upsert',
      api: 'auto',
      batchSize: 200,
      bulkThreshold: 2000,
    },
    mapping: { fields: [] },
    incremental: { cursor: 'updated_at' },
    guard: 'warn',
  };
}

/** An export option's document: `object` on `org` out to a CSV file. */
export function exportDocument(name: string, object: string): SyncOption {
  return {
    name,
    direction: 'export',
    active: true,
    order: 0,
    source: { connection: 'org', object, api: 'auto' },
    target: { file: `${name}.csv`, method: 'POST', format: 'csv', batch: 1, headers: {} },
    mapping: { fields: [] },
  };
}

export function option(name: string, order: number, active = true): OptionView {
  return {
    name,
    direction: 'import',
    object: name === 'invoices' ? 'Invoice__c' : 'Payment__c',
    org: 'org',
    active,
    order,
    lastRun: name === 'invoices' ? invoicesRun : null,
    document: importDocument(name, 'Invoice__c', active, order),
  };
}

export const detail: RunDetail = {
  run: invoicesRun,
  records: [
    {
      seq: 2,
      sourceKey: 'INV-000003',
      targetId: null,
      action: 'failed',
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      errorMessage: 'Status: bad value for restricted picklist field: credit',
    },
    {
      seq: 0,
      sourceKey: 'INV-000001',
      targetId: 'a01000000000001AAA',
      action: 'inserted',
      errorCode: null,
      errorMessage: null,
    },
  ],
};
