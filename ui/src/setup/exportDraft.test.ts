import { describe, expect, it } from 'vitest';
import { accountObject } from '../test/setupBackend';
import type { TargetField } from '../bindings/TargetField';
import {
  conditionOf,
  defaultCursor,
  emptyExportIncremental,
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
  limit: '',
  incremental: emptyExportIncremental,
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

  it('writes the limit, the API headers and the incremental cursor with its lookback', () => {
    const api = {
      ...drafts.target,
      headers: [
        { key: ' X-Tenant ', value: 'acme' },
        { key: '', value: '' },
      ],
    };
    const incremental = {
      enabled: true,
      cursor: 'SystemModstamp',
      lookback: ' 15 ',
      unit: 'm' as const,
    };
    const option = exportOption({ ...drafts, limit: ' 500 ', target: api, incremental }, false);
    expect(option.direction === 'export' && option.source).toEqual({
      connection: 'org',
      object: 'Account',
      limit: 500,
      api: 'auto',
    });
    expect(option.direction === 'export' && option.target.headers).toEqual({ 'X-Tenant': 'acme' });
    expect(option.direction === 'export' && option.incremental).toEqual({
      cursor: 'SystemModstamp',
      lookback: '15m',
    });
    // Off, the incremental settings are not written; a file gets no headers.
    const off = exportOption(
      {
        ...drafts,
        target: { ...api, kind: 'file', file: 'a.json' },
        incremental: { ...incremental, enabled: false },
      },
      false,
    );
    expect(off.direction === 'export' && off.target.headers).toEqual({});
    expect(off).not.toHaveProperty('incremental');
    const noLookback = exportOption(
      { ...drafts, incremental: { ...incremental, lookback: '' } },
      false,
    );
    expect(noLookback.direction === 'export' && noLookback.incremental).toEqual({
      cursor: 'SystemModstamp',
    });
  });

  it('names a limit, an incremental or headers that cannot be saved', () => {
    for (const limit of ['0', '1.5', '-3', 'ten', '1e3', '99999999999999999999']) {
      expect(missingForExport({ ...drafts, limit }, false)).toEqual([
        'a whole number above 0 for the limit',
      ]);
    }
    expect(missingForExport({ ...drafts, limit: ' 25 ' }, false)).toEqual([]);
    const incremental = { ...emptyExportIncremental, enabled: true };
    expect(missingForExport({ ...drafts, incremental }, false)).toEqual(['the cursor field']);
    expect(
      missingForExport(
        { ...drafts, incremental: { ...incremental, cursor: 'SystemModstamp', lookback: '1.5' } },
        false,
      ),
    ).toEqual(['a whole number for the lookback']);
    // Off, what the section holds is not asked for.
    expect(
      missingForExport({ ...drafts, incremental: { ...incremental, enabled: false } }, false),
    ).toEqual([]);
    const headers = (rows: { key: string; value: string }[]) => ({
      ...drafts,
      target: { ...drafts.target, headers: rows },
    });
    expect(missingForExport(headers([{ key: '', value: 'x' }]), false)).toEqual([
      'a name for every header',
    ]);
    expect(
      missingForExport(
        headers([
          { key: 'X Tenant', value: 'a' },
          { key: 'Accept:', value: 'b' },
        ]),
        false,
      ),
    ).toEqual(['header names without spaces or separators (not "X Tenant", "Accept:")']);
    expect(
      missingForExport(
        headers([
          { key: 'X-Tenant', value: 'a' },
          { key: 'x-tenant', value: 'b' },
        ]),
        false,
      ),
    ).toEqual(['distinct header names']);
    // A file target sends no headers, so they are not checked.
    const file = {
      ...drafts.target,
      kind: 'file' as const,
      file: 'a.json',
      headers: [{ key: ' ', value: 'x' }],
    };
    expect(missingForExport({ ...drafts, target: file }, false)).toEqual([]);
  });

  it('follows changes by SystemModstamp, as export runs do, and by nothing else', () => {
    const at = (name: string, fieldType = 'datetime'): TargetField => ({
      name,
      label: name,
      fieldType,
      length: null,
      required: false,
      externalId: false,
      createable: false,
      updateable: false,
      picklistValues: [],
      referenceTo: [],
    });
    expect(defaultCursor([at('CreatedDate'), at('LastModifiedDate'), at('SystemModstamp')])).toBe(
      'SystemModstamp',
    );
    // The runs order and resume by SystemModstamp: another field would be saved and ignored.
    expect(defaultCursor([at('CreatedDate'), at('LastModifiedDate')])).toBe('');
    expect(defaultCursor([at('CreatedDate'), at('SystemModstamp', 'date')])).toBe('');
  });
});
