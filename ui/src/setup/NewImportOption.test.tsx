import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SyncOption } from '../sync/syncBackend';
import { fetchInvoices, invoicesRequest, openSetup } from '../test/renderSetup';
import {
  invoiceDescribeJson,
  invoiceObject,
  invoicesReport,
  objects,
  warningsReport,
} from '../test/setupBackend';
import { apiFailure, inTurn } from '../test/testDouble';

describe('new import option', () => {
  it('fetches a sample and shows the answer, the proposed records and paging', async () => {
    const opened = openSetup({ fetchSample: () => Promise.resolve(invoicesReport) });
    const { user, setup } = opened;
    await screen.findByRole('option', { name: /^finance/ });
    const connection = screen.getByLabelText('HTTP connection');
    expect(within(connection).queryByRole('option', { name: /^org/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'Accept');
    await user.type(screen.getByLabelText('Header 1 value'), 'application/json');
    await fetchInvoices(opened);

    expect(setup.calls('fetchSample').map((c) => c.args)).toEqual([
      [{ ...invoicesRequest, headers: { Accept: 'application/json' } }],
    ]);
    expect(screen.getByText('HTTP 200')).toBeInTheDocument();
    expect(screen.getByTestId('setup-url')).toHaveTextContent(invoicesReport.url);
    const tree = screen.getByTestId('setup-tree');
    expect(within(tree).getByRole('button', { name: /data \[2 items\]/ })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(within(tree).getByText('"c2"')).toBeInTheDocument();
    const headers = screen.getByRole('table', { name: 'Response headers' });
    expect(within(headers).getByRole('row', { name: /x-request-id r-1/ })).toBeInTheDocument();

    expect(screen.getByRole('radio', { name: '$.data (2 objects)' })).toBeChecked();
    expect(screen.getByRole('radio', { name: '$.warnings (1 object)' })).not.toBeChecked();
    expect(screen.getByTestId('setup-record-count')).toHaveTextContent(
      '2 records at $.data, with 4 fields.',
    );
    const fields = screen.getByRole('table', { name: 'Record fields' });
    expect(within(fields).getByRole('row', { name: /updated_at datetime/ })).toBeInTheDocument();

    expect(screen.getByLabelText('Paging')).toHaveValue('cursor');
    expect(screen.getByLabelText('Cursor in the answer')).toHaveValue('$.meta.next_cursor');
    expect(screen.getByLabelText('Sent back as')).toHaveValue('cursor');
    expect(screen.getByTestId('setup-paging-reason')).toHaveTextContent(
      'The answer has a cursor at $.meta.next_cursor.',
    );
  });

  it('fetches again with the records path of another array chosen', async () => {
    const opened = openSetup({ fetchSample: inTurn([invoicesReport, warningsReport]) });
    const { user, setup } = opened;
    await fetchInvoices(opened);
    await user.click(screen.getByRole('radio', { name: '$.warnings (1 object)' }));

    expect(await screen.findByText('1 record at $.warnings, with 1 field.')).toBeInTheDocument();
    expect(setup.calls('fetchSample')[1]?.args).toEqual([
      { ...invoicesRequest, recordsPath: '$.warnings' },
    ]);
    expect(screen.getByRole('radio', { name: '$.warnings (1 object)' })).toBeChecked();
    expect(screen.getByLabelText('Paging')).toHaveValue('none');
  });

  it('follows the edited paging to the next page and lists each page read', async () => {
    const pagesRead = {
      ...invoicesReport,
      pages: [
        { number: 1, url: 'http://127.0.0.1:5000/v1/invoices?status=open&page=1', records: 2 },
        { number: 2, url: 'http://127.0.0.1:5000/v1/invoices?status=open&page=2', records: 1 },
      ],
      problem: 'page 3: HTTP 500',
    };
    const opened = openSetup({ fetchSample: inTurn([invoicesReport, pagesRead]) });
    const { user, setup } = opened;
    await fetchInvoices(opened);
    await user.selectOptions(screen.getByLabelText('Paging'), 'page');
    await user.type(screen.getByLabelText('Page parameter'), 'page');
    await user.type(screen.getByLabelText('Page size (optional)'), '50');
    await user.clear(screen.getByLabelText('First page'));
    await user.type(screen.getByLabelText('First page'), '0');
    await user.click(screen.getByRole('button', { name: 'Fetch next page' }));

    const pages = await screen.findByRole('table', { name: 'Pages read' });
    expect(setup.calls('fetchSample')[1]?.args).toEqual([
      {
        ...invoicesRequest,
        recordsPath: '$.data',
        paging: { type: 'page', param: 'page', start: 0, pageSize: 50 },
        pages: 2,
      },
    ]);
    const rows = within(pages).getAllByTestId('setup-page');
    expect(rows.map((r) => r.textContent)).toEqual([
      '12http://127.0.0.1:5000/v1/invoices?status=open&page=1',
      '21http://127.0.0.1:5000/v1/invoices?status=open&page=2',
    ]);
    expect(within(screen.getByTestId('setup-pages')).getByRole('alert')).toHaveTextContent(
      'Following the paging stopped: page 3: HTTP 500',
    );
    // The form keeps what was typed: the sample itself is not replaced.
    expect(screen.getByLabelText('Page size (optional)')).toHaveValue(50);
  });

  it('shows why a fetch failed, and refuses a POST body that is no JSON before sending', async () => {
    const opened = openSetup({
      fetchSample: () => apiFailure('HTTP_STATUS', 'GET /v1/invoices answered 404 Not Found'),
    });
    const { user, setup } = opened;
    await screen.findByRole('option', { name: /^finance/ });
    await user.selectOptions(screen.getByLabelText('HTTP connection'), 'finance');
    await user.type(screen.getByLabelText('Path'), '/v1/invoices');
    await user.click(screen.getByRole('button', { name: 'Fetch sample' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('HTTP_STATUS');
    expect(alert).toHaveTextContent('GET /v1/invoices answered 404 Not Found');

    await user.selectOptions(screen.getByLabelText('Method'), 'POST');
    await user.type(screen.getByLabelText('JSON body (optional)'), '{{status: open}');
    await user.click(screen.getByRole('button', { name: 'Fetch sample' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/INVALID_JSON.*Body: /);
    expect(setup.calls('fetchSample')).toHaveLength(1);
  });

  it('says when the request changed since the sample, until it is fetched again', async () => {
    const opened = openSetup({ fetchSample: () => Promise.resolve(invoicesReport) });
    const { user, setup } = opened;
    await fetchInvoices(opened);
    expect(screen.queryByTestId('setup-stale')).toBeNull();
    await user.type(screen.getByLabelText('Path'), '/open');
    expect(screen.getByTestId('setup-stale')).toHaveTextContent('fetch it again');
    expect(screen.getByTestId('setup-missing')).toHaveTextContent(
      'a sample fetched again for the changed request',
    );
    await user.click(screen.getByRole('button', { name: 'Fetch sample' }));
    await expect.poll(() => screen.queryByTestId('setup-stale')).toBeNull();
    expect(setup.calls('fetchSample')[1]?.args).toEqual([
      { ...invoicesRequest, path: '/v1/invoices/open' },
    ]);
  });

  it('saves the whole document, auto-mapped, incremental on, and says the name', async () => {
    const opened = openSetup(
      {
        fetchSample: () => Promise.resolve(invoicesReport),
        listObjects: () => Promise.resolve(objects),
        describeObject: () => Promise.resolve(invoiceObject),
        describeObjectJson: () => Promise.resolve(invoiceDescribeJson),
      },
      { saveOption: () => Promise.resolve() },
      {
        suggestMapping: () =>
          Promise.resolve({
            fields: [
              {
                source: 'id',
                target: 'Invoice_Number__c',
                matched_by: 'label',
                reason: 'the label matches',
                transforms: [],
              },
              {
                source: 'amount',
                target: 'Amount__c',
                matched_by: 'api_name',
                reason: 'the name matches',
                transforms: [{ transform: { convert: 'number' }, reason: 'a currency field' }],
              },
            ],
            unmatched_sources: ['updated_at'],
          }),
      },
    );
    const { user, sync, editor, onSaved } = opened;
    await fetchInvoices(opened);
    const save = screen.getByRole('button', { name: 'Save and auto-map' });
    expect(save).toBeDisabled();

    await user.click(screen.getByLabelText('Read only what changed since the last run'));
    await user.selectOptions(screen.getByLabelText('Cursor field'), 'updated_at');
    expect(screen.getByLabelText('Cursor format')).toHaveValue('rfc3339');
    await user.selectOptions(screen.getByLabelText('Cursor format'), 'Unix seconds (1714557600)');
    await user.type(screen.getByLabelText('Sent as query parameter'), 'updated_since');
    await user.type(screen.getByLabelText('Lookback (optional)'), '48');
    await user.selectOptions(screen.getByLabelText('Unit'), 'hours');

    await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
    await screen.findByRole('option', { name: 'Invoice (Invoice__c)' });
    await user.click(screen.getByRole('option', { name: 'Invoice (Invoice__c)' }));
    await user.selectOptions(await screen.findByLabelText('External ID'), 'Invoice_Number__c');
    expect(screen.getByLabelText('Option name')).toHaveValue('Invoice__c import');
    expect(screen.queryByTestId('setup-missing')).toBeNull();
    await user.click(save);

    await expect.poll(() => onSaved.mock.calls).toEqual([['Invoice__c import']]);
    const [input] = editor.calls('suggestMapping')[0]?.args as [
      { sample: string; recordsPath: unknown; describe: string; operation: string },
    ];
    expect(JSON.parse(input.sample)).toEqual(invoicesReport.records);
    expect(input.recordsPath).toBeNull();
    expect(input.operation).toBe('upsert');
    // Auto-map reads the org's describe as it was sent, restricted picklists and all.
    expect(input.describe).toBe(invoiceDescribeJson);
    expect(opened.setup.calls('describeObjectJson').map((c) => c.args)).toEqual([
      ['org', 'Invoice__c'],
    ]);
    const expected: SyncOption = {
      direction: 'import',
      name: 'Invoice__c import',
      active: true,
      order: 0,
      source: {
        connection: 'finance',
        method: 'GET',
        path: '/v1/invoices',
        params: { status: 'open', updated_since: '{{since}}' },
        headers: {},
        recordsPath: '$.data',
        paging: { type: 'cursor', path: '$.meta.next_cursor', param: 'cursor' },
        maxPages: 100,
        maxPageBytes: 5242880,
      },
      target: {
        connection: 'org',
        object: 'Invoice__c',
        operation: 'upsert',
        externalId: 'Invoice_Number__c',
        api: 'auto',
        batchSize: 200,
        bulkThreshold: 2000,
      },
      mapping: {
        fields: [
          { source: 'id', target: 'Invoice_Number__c' },
          { source: 'amount', target: 'Amount__c', transforms: [{ convert: 'number' }] },
        ],
      },
      incremental: { cursor: 'updated_at', format: 'unixSeconds', lookback: '48h' },
      guard: 'warn',
    };
    expect(sync.calls('saveOption').map((c) => c.args)).toEqual([[null, expected]]);
  });

  it('shows why saving failed and stays open', async () => {
    const opened = openSetup(
      {
        fetchSample: () => Promise.resolve(invoicesReport),
        listObjects: () => Promise.resolve(objects),
        describeObject: () => Promise.resolve(invoiceObject),
        describeObjectJson: () => Promise.resolve(invoiceDescribeJson),
      },
      { saveOption: () => apiFailure('INVALID_CONFIG', 'an option named invoices exists') },
      { suggestMapping: () => Promise.resolve({ fields: [], unmatched_sources: [] }) },
    );
    const { user, onSaved } = opened;
    await fetchInvoices(opened);
    await user.selectOptions(screen.getByLabelText('Salesforce connection'), 'org');
    await screen.findByRole('option', { name: 'Invoice (Invoice__c)' });
    await user.click(screen.getByRole('option', { name: 'Invoice (Invoice__c)' }));
    await user.selectOptions(screen.getByLabelText('Operation'), 'insert');
    await user.clear(screen.getByLabelText('Option name'));
    expect(screen.getByTestId('setup-missing')).toHaveTextContent('Still needed: a name.');
    await user.type(screen.getByLabelText('Option name'), 'invoices');
    await user.click(screen.getByRole('button', { name: 'Save and auto-map' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('INVALID_CONFIG');
    expect(alert).toHaveTextContent('an option named invoices exists');
    expect(onSaved).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Save and auto-map' })).toBeEnabled();
  });
});
