// Answers the sync screens' tests share.
import type { ConnectionView, OptionView, RunDetail, RunView } from '../sync/syncBackend';

export const org: ConnectionView = {
  name: 'org',
  kind: 'salesforce',
  url: 'http://127.0.0.1:4000',
  auth: 'password',
  document: {
    name: 'org',
    type: 'salesforce',
    loginUrl: 'http://127.0.0.1:4000',
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
  document: { name: 'finance', type: 'http', baseUrl: 'http://127.0.0.1:5000' },
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
};

export function option(name: string, order: number, active = true): OptionView {
  return {
    name,
    direction: 'import',
    object: name === 'invoices' ? 'Invoice__c' : 'Payment__c',
    org: 'org',
    active,
    order,
    lastRun: name === 'invoices' ? invoicesRun : null,
    document: {
      name,
      direction: 'import',
      active,
      order,
      source: { connection: 'finance', path: `/v1/${name}`, maxPages: 10000, params: { a: '1' } },
      target: { connection: 'org', object: 'Invoice__c', operation: 'upsert' },
      mapping: { fields: [] },
      incremental: { cursor: 'updated_at' },
    },
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
