import { describe, expect, it } from 'vitest';
import { accountObject } from '../test/setupBackend';
import {
  conditionOf,
  emptyExportTarget,
  exportOption,
  missingForExport,
  outputKey,
  type ExportDrafts,
} from './exportDraft';

const fields = accountObject.fields;

const drafts: ExportDrafts = {
  name: 'Account export',
  connection: 'org',
  object: 'Account',
  where: '',
  target: { ...emptyExportTarget, connection: 'finance', path: '/v1/customers' },
  fields: ['Id', 'Parent.Name'],
  keys: {},
};

describe('the export drafts', () => {
  it('quotes text and leaves numbers, booleans, dates and null bare', () => {
    expect(
      conditionOf(
        [
          { field: 'Name', operator: '=', value: "it's a \\ test" },
          { field: 'NumberOfEmployees', operator: '>=', value: ' 10 ' },
          { field: 'IsPartner', operator: '=', value: 'true' },
          { field: 'CreatedDate', operator: '<', value: 'LAST_N_DAYS:30' },
          { field: 'ParentId', operator: '!=', value: 'null' },
          { field: '', operator: '=', value: 'dropped: no field chosen' },
        ],
        fields,
      ),
    ).toBe(
      "Name = 'it\\'s a \\\\ test' AND NumberOfEmployees >= 10 AND IsPartner = true" +
        ' AND CreatedDate < LAST_N_DAYS:30 AND ParentId != null',
    );
  });

  it('lists IN values each as its type wants, and always quotes a LIKE pattern', () => {
    expect(
      conditionOf(
        [
          { field: 'Name', operator: 'IN', value: 'Acme, Globex,' },
          { field: 'AnnualRevenue', operator: 'IN', value: '1, 2' },
          { field: 'AnnualRevenue', operator: 'LIKE', value: '1%' },
        ],
        fields,
      ),
    ).toBe("Name IN ('Acme', 'Globex') AND AnnualRevenue IN (1, 2) AND AnnualRevenue LIKE '1%'");
  });

  it('keys a parent field with an underscore and writes a file target without API settings', () => {
    expect(outputKey('Account.Owner.Name')).toBe('Account_Owner_Name');
    const file = { ...emptyExportTarget, kind: 'file' as const, file: ' out/a.json ', batch: '9' };
    expect(exportOption({ ...drafts, target: file, keys: { Id: ' id ' } }, true)).toEqual({
      direction: 'export',
      name: 'Account export',
      active: true,
      order: 0,
      source: { connection: 'org', object: 'Account', api: 'auto' },
      target: { file: 'out/a.json', method: 'POST', format: 'json', batch: 1, headers: {} },
      mapping: {
        fields: [
          { source: 'Id', target: 'id' },
          { source: 'Parent.Name', target: 'Parent_Name' },
        ],
      },
    });
  });

  it('asks for what is missing, in the order of the steps', () => {
    expect(missingForExport(drafts, false)).toEqual([]);
    const empty: ExportDrafts = {
      ...drafts,
      name: ' ',
      connection: '',
      object: '',
      fields: [],
      target: { ...emptyExportTarget, batch: '0' },
    };
    expect(missingForExport(empty, true)).toEqual([
      'a Salesforce connection',
      'the object',
      'at least one field',
      'a filter Salesforce accepts',
      'an HTTP connection',
      'the path',
      'a whole number of records per request',
      'a name',
    ]);
    expect(missingForExport({ ...drafts, keys: { Id: 'parent_name' } }, false)).toEqual([
      'distinct output keys',
    ]);
    expect(missingForExport({ ...drafts, keys: { Id: ' ' } }, false)).toEqual([
      'an output key for every field',
    ]);
    const noFile = { ...emptyExportTarget, kind: 'file' as const };
    expect(missingForExport({ ...drafts, target: noFile }, false)).toEqual(['the file']);
  });
});
