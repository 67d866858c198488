// The setup flow's test double and the answers its tests share: a sample fetch of a small
// invoices API, an org with a few objects and the describes of some of them.

import type { OrgSample } from '../bindings/OrgSample';
import type { TargetField } from '../bindings/TargetField';
import {
  tauriSetupBackend,
  type ObjectSummary,
  type SampleReport,
  type SetupBackend,
  type TargetObject,
} from '../setup/setupBackend';
import { testDoubleOf } from './testDouble';

export const TestSetupBackend = testDoubleOf<SetupBackend>(tauriSetupBackend);
export type TestSetupBackend = InstanceType<typeof TestSetupBackend>;

const invoices = [
  { id: 'INV-1', amount: 120.5, updated_at: '2026-01-02T10:00:00Z', lines: [{ sku: 'A' }] },
  { id: 'INV-2', amount: 80, updated_at: '2026-01-03T11:00:00Z', lines: [] },
];

/** The first answer of `GET /v1/invoices`: invoices under `data`, a cursor to the next page. */
export const invoicesReport: SampleReport = {
  url: 'http://127.0.0.1:5000/v1/invoices?status=open',
  status: 200,
  headers: [
    { name: 'content-type', value: 'application/json' },
    { name: 'x-request-id', value: 'r-1' },
  ],
  body: { data: invoices, meta: { next_cursor: 'c2' }, warnings: [{ code: 'W1' }] },
  recordsPath: '$.data',
  candidates: [
    { path: '$.data', count: 2 },
    { path: '$.warnings', count: 1 },
  ],
  paging: { type: 'cursor', path: '$.meta.next_cursor', param: 'cursor' },
  pagingReason: 'The answer has a cursor at $.meta.next_cursor.',
  pages: [{ number: 1, url: 'http://127.0.0.1:5000/v1/invoices?status=open', records: 2 }],
  fields: [
    { path: 'id', kind: 'text', sample: '"INV-1"' },
    { path: 'amount', kind: 'number', sample: '120.5' },
    { path: 'updated_at', kind: 'datetime', sample: '"2026-01-02T10:00:00Z"' },
    { path: 'lines[0].sku', kind: 'text', sample: '"A"' },
  ],
  records: invoices,
};

/** The same answer with the warnings taken as the records. */
export const warningsReport: SampleReport = {
  ...invoicesReport,
  recordsPath: '$.warnings',
  paging: { type: 'none' },
  pagingReason: 'Nothing in the answer points to a next page.',
  fields: [{ path: 'code', kind: 'text', sample: '"W1"' }],
  records: [{ code: 'W1' }],
};

function object(name: string, label: string): ObjectSummary {
  const custom = name.endsWith('__c');
  return { name, label, custom, createable: true, updateable: true, queryable: true };
}

export const objects: ObjectSummary[] = [
  object('Account', 'Account'),
  object('Invoice__c', 'Invoice'),
  object('Payment__c', 'Payment received'),
];

function field(name: string, fieldType: string, externalId = false): TargetField {
  return {
    name,
    label: name.replace(/__c$/, '').replace(/_/g, ' '),
    fieldType,
    length: fieldType === 'string' ? 80 : null,
    required: false,
    externalId,
    createable: true,
    updateable: true,
    picklistValues: [],
    referenceTo: [],
  };
}

/** Invoice__c: two external ID fields among its fields. */
export const invoiceObject: TargetObject = {
  name: 'Invoice__c',
  label: 'Invoice',
  fields: [
    field('Id', 'id'),
    field('Name', 'string'),
    field('Amount__c', 'currency'),
    field('Invoice_Number__c', 'string', true),
    field('Legacy_Key__c', 'string', true),
  ],
};

/** Invoice__c's describe as an org sends it (a restricted picklist the view above leaves
 * out), for auto-map. */
export const invoiceDescribeJson = JSON.stringify({
  name: 'Invoice__c',
  label: 'Invoice',
  fields: [
    {
      name: 'Status__c',
      label: 'Status',
      type: 'picklist',
      restrictedPicklist: true,
      picklistValues: [{ value: 'Open', active: true }],
    },
  ],
});

/** Payment__c: no external ID field. */
export const paymentObject: TargetObject = {
  name: 'Payment__c',
  label: 'Payment received',
  fields: [field('Id', 'id'), field('Amount__c', 'currency')],
};

/** A lookup to `to`, reached in queries through `relationship`. */
function lookup(name: string, to: string, relationship: string): TargetField {
  return { ...field(name, 'reference'), referenceTo: [to], relationshipName: relationship };
}

/** The objects of an org an export reads from: one of them cannot be queried. */
export const orgObjects: ObjectSummary[] = [
  ...objects,
  object('Contact', 'Contact'),
  { ...object('AccountShare', 'Account Share'), queryable: false },
];

/** Account: text, numbers, a boolean, a date and a lookup to its parent account. */
export const accountObject: TargetObject = {
  name: 'Account',
  label: 'Account',
  fields: [
    field('Id', 'id'),
    field('Name', 'string'),
    field('AnnualRevenue', 'currency'),
    field('NumberOfEmployees', 'int'),
    field('IsPartner', 'boolean'),
    field('CreatedDate', 'datetime'),
    lookup('ParentId', 'Account', 'Parent'),
  ],
};

/** Contact: a lookup to its account. */
export const contactObject: TargetObject = {
  name: 'Contact',
  label: 'Contact',
  fields: [
    field('Id', 'id'),
    field('LastName', 'string'),
    field('Email', 'email'),
    lookup('AccountId', 'Account', 'Account'),
  ],
};

/** Contacts of the `production` org, as the import from it samples them. */
export const contactsSample: OrgSample = {
  soql: "SELECT Id, SystemModstamp, LastName, Email, AccountId FROM Contact WHERE (Email != null) LIMIT 20",
  fields: [
    { path: 'Id', kind: 'text', sample: '"003000000000001AAA"' },
    { path: 'SystemModstamp', kind: 'datetime', sample: '"2026-01-02T10:00:00.000+0000"' },
    { path: 'LastName', kind: 'text', sample: '"Lovelace"' },
    { path: 'Email', kind: 'text', sample: '"ada@example.com"' },
    { path: 'AccountId', kind: 'text', sample: '"001000000000001AAA"' },
  ],
  records: [
    {
      Id: '003000000000001AAA',
      SystemModstamp: '2026-01-02T10:00:00.000+0000',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      AccountId: '001000000000001AAA',
    },
  ],
};
