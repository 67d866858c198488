import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { exportDocument, finance, importDocument, option, org } from '../test/syncFixtures';
import { OptionsScreen } from './OptionsScreen';
import { SyncBackendContext, type OptionView, type SyncOption } from './syncBackend';
import { TestBackend, TestSyncBackend } from '../test/backends';
import { BackendContext } from '../backend';
import { apiFailure } from '../test/testDouble';

function renderScreen(backend: TestSyncBackend) {
  render(
    <SyncBackendContext value={backend}>
      <OptionsScreen />
    </SyncBackendContext>,
  );
}

describe('the options screen', () => {
  it('toggles active, moves options and shows the last run', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1), option('payments', 2, false)]),
      setOptionActive: () => Promise.resolve(),
      moveOption: () => Promise.resolve(),
    });
    const onEditMapping = vi.fn();
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen onEditMapping={onEditMapping} />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    const invoices = await screen.findByRole('row', { name: /invoices/ });
    expect(within(invoices).getByText(/partial \(20 written, 10 failed\)/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Move invoices up' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'payments active' }));
    expect(backend.calls('setOptionActive')[0]?.args).toEqual(['payments', true]);
    await user.click(screen.getByRole('button', { name: 'Move payments up' }));
    expect(backend.calls('moveOption')[0]?.args).toEqual(['payments', true]);
    await user.click(within(invoices).getByRole('button', { name: /Edit mapping/ }));
    expect(onEditMapping).toHaveBeenCalledWith('invoices');
  });

  it('offers Compare on an import option, which opens the diff viewer on it', async () => {
    const exported = { ...option('contacts-out', 3), direction: 'export' };
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1), exported]),
    });
    const onCompare = vi.fn();
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen onCompare={onCompare} />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    const invoices = await screen.findByRole('row', { name: /invoices/ });
    await user.click(within(invoices).getByRole('button', { name: 'Compare invoices with its target' }));
    expect(onCompare).toHaveBeenCalledWith('invoices');
    const out = screen.getByRole('row', { name: /contacts-out/ });
    expect(within(out).queryByRole('button', { name: /Compare/ })).toBeNull();
  });

  it('saves the typed settings as the exact document', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      listConnections: () => Promise.resolve([org, finance]),
      checkOption: () => Promise.resolve([]),
      saveOption: () => Promise.resolve(),
    });
    renderScreen(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    await user.selectOptions(screen.getByLabelText('Paging'), 'offset');
    await user.type(screen.getByLabelText('Offset parameter'), 'skip');
    await user.clear(screen.getByLabelText('Page size'));
    await user.type(screen.getByLabelText('Page size'), '50');
    await user.clear(screen.getByLabelText('Max pages'));
    await user.type(screen.getByLabelText('Max pages'), '5');
    await user.clear(screen.getByLabelText('Batch size'));
    await user.type(screen.getByLabelText('Batch size'), '100');
    await user.type(screen.getByLabelText('Quota share (%)'), '40');
    await user.clear(screen.getByLabelText('Cursor field'));
    await user.type(screen.getByLabelText('Cursor field'), 'modified');
    await user.selectOptions(screen.getByLabelText('Cursor format'), 'unixMillis');
    await user.type(screen.getByLabelText('Read again before the checkpoint'), '2');
    await user.selectOptions(screen.getByLabelText('Lookback unit'), 'days');
    await user.click(screen.getByRole('radio', { name: /^Protect/ }));
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    await screen.findByRole('heading', { name: 'Options' });
    const [name, doc] = backend.calls('saveOption')[0]?.args as [string, SyncOption];
    expect(name).toBe('invoices');
    expect(doc).toEqual({
      ...importDocument('invoices', 'Invoice__c', true, 1),
      source: {
        connection: 'finance',
        method: 'GET',
        path: '/v1/invoices',
        params: { a: '1' },
        headers: {},
        paging: { type: 'offset', param: 'skip', pageSize: 50 },
        maxPages: 5,
        maxPageBytes: 5242880,
      },
      target: {
        connection: 'org',
        object: 'Invoice__c',
        operation: 'upsert',
        api: 'auto',
        batchSize: 100,
        bulkThreshold: 2000,
        quotaShare: 0.4,
      },
      incremental: { cursor: 'modified', format: 'unixMillis', lookback: '2d' },
      guard: 'protect',
    });
  });

  it('opens the details of an option saved without its optional maps, as the demo has', async () => {
    const saved = importDocument('invoices', 'Invoice__c', true, 1);
    if (saved.direction !== 'import') throw new Error('an import');
    // The stored document, as the service lists it, leaves out what it defaults.
    const source = Object.fromEntries(
      Object.entries(saved.source).filter(([key]) => key !== 'params' && key !== 'headers'),
    );
    const document = { ...saved, source } as unknown as SyncOption;
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([{ ...option('invoices', 1), document }]),
      listConnections: () => Promise.resolve([org, finance]),
      checkOption: () => Promise.resolve([]),
    });
    renderScreen(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    expect(await screen.findByRole('form', { name: 'Option invoices' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Headers' })).toHaveTextContent('None.');
  });

  it('shows each problem the check finds under its field, others on top, and blocks Save', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      listConnections: () => Promise.resolve([org, finance]),
      checkOption: (_original, document) =>
        Promise.resolve(
          document.direction === 'import' && document.target.batchSize > 200
            ? [
                { pointer: '/target/batchSize', message: 'at most 200 records per REST request' },
                { pointer: '/mapping/fields/0', message: 'Name__c is not on Invoice__c' },
              ]
            : [],
        ),
      saveOption: () => Promise.resolve(),
    });
    renderScreen(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    const batch = screen.getByLabelText('Batch size');
    await user.clear(batch);
    await user.type(batch, '500');
    expect(await screen.findByText('at most 200 records per REST request')).toBeInTheDocument();
    expect(batch).toHaveAttribute('aria-invalid', 'true');
    expect(batch).toHaveAccessibleDescription('at most 200 records per REST request');
    expect(screen.getByTestId('option-problems')).toHaveTextContent(
      '/mapping/fields/0: Name__c is not on Invoice__c',
    );
    expect(screen.getByRole('button', { name: 'Save option' })).toBeDisabled();
    const [original, checked] = backend.calls('checkOption').at(-1)?.args as [string, SyncOption];
    expect(original).toBe('invoices');
    expect(checked.target).toMatchObject({ batchSize: 500 });

    await user.clear(batch);
    await user.type(batch, '150');
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save option' })).toBeEnabled();
    });
    expect(batch).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByTestId('option-problems')).toBeNull();

    await user.clear(screen.getByLabelText('Max pages'));
    expect(screen.getByLabelText('Max pages')).toHaveAccessibleDescription('A number is needed.');
    expect(screen.getByRole('button', { name: 'Save option' })).toBeDisabled();
  });

  it('edits the whole option as JSON and back, and refuses JSON it cannot read', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      listConnections: () => Promise.resolve([org, finance]),
      checkOption: () => Promise.resolve([]),
      saveOption: () => Promise.resolve(),
    });
    renderScreen(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const text = screen.getByLabelText('The option as JSON');
    const opened = JSON.parse((text as HTMLTextAreaElement).value) as SyncOption;
    expect(opened).toEqual(importDocument('invoices', 'Invoice__c', true, 1));
    if (opened.direction !== 'import') throw new Error('an import option');
    const edited: SyncOption = { ...opened, source: { ...opened.source, path: '/v2/invoices' } };
    await user.clear(text);
    await user.click(text);
    await user.paste(JSON.stringify(edited));
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    expect(screen.getByLabelText('Path')).toHaveValue('/v2/invoices');

    await user.click(screen.getByRole('button', { name: 'JSON' }));
    await user.type(screen.getByLabelText('The option as JSON'), '{{');
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('INVALID_JSON');
    expect(backend.calls('saveOption')).toHaveLength(0);

    await user.clear(screen.getByLabelText('The option as JSON'));
    await user.click(screen.getByLabelText('The option as JSON'));
    await user.paste('[]');
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The JSON is not an option');
    expect(screen.getByLabelText('The option as JSON')).toHaveValue('[]');

    await user.clear(screen.getByLabelText('The option as JSON'));
    await user.click(screen.getByLabelText('The option as JSON'));
    await user.paste(JSON.stringify(edited));
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    await screen.findByRole('heading', { name: 'Options' });
    expect(backend.calls('saveOption')[0]?.args).toEqual(['invoices', edited]);
  });

  it("saves an export's typed source and target, moved from a file to an HTTP API", async () => {
    const document = exportDocument('contacts-out', 'Contact');
    const view: OptionView = {
      ...option('contacts-out', 0),
      direction: 'export',
      object: 'Contact',
      lastRun: null,
      document,
    };
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([view]),
      listConnections: () => Promise.resolve([org, finance]),
      checkOption: () => Promise.resolve([]),
      saveOption: () => Promise.resolve(),
    });
    renderScreen(backend);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of contacts-out/ }));
    expect(screen.getByLabelText('Delimiter')).toHaveValue(',');
    await user.type(screen.getByLabelText('Where (SOQL condition)'), 'Email != null');
    await user.type(screen.getByLabelText('Limit'), '500');
    await user.selectOptions(screen.getByLabelText('Send to'), 'api');
    await user.selectOptions(screen.getByLabelText('Connection'), 'finance');
    await user.selectOptions(screen.getByLabelText('Method'), 'PUT');
    await user.type(screen.getByLabelText('Path'), '/v1/contacts');
    await user.selectOptions(screen.getByLabelText('Format'), 'json');
    await user.clear(screen.getByLabelText('Records per request'));
    await user.type(screen.getByLabelText('Records per request'), '25');
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    await screen.findByRole('heading', { name: 'Options' });
    expect(backend.calls('saveOption')[0]?.args).toEqual([
      'contacts-out',
      {
        ...document,
        source: { connection: 'org', object: 'Contact', api: 'auto', where: 'Email != null', limit: 500 },
        target: {
          connection: 'finance',
          method: 'PUT',
          path: '/v1/contacts',
          format: 'json',
          batch: 25,
          headers: {},
        },
      },
    ]);
  });

  it('sets up the demo, or shows why it could not', async () => {
    let calls = 0;
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve(calls === 0 ? [] : [option('invoices', 1)]),
      setUpDemo: () => {
        calls += 1;
        return calls === 1
          ? apiFailure('DEMO_FAILED', 'the sandbox org: address in use')
          : Promise.resolve({ path: '/tmp/w.db', connections: 2, options: 2, demoRunning: true });
      },
    });
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await screen.findByText(/No options yet/);
    await user.click(screen.getByRole('button', { name: 'Set up the demo' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('DEMO_FAILED');
    await user.click(screen.getByRole('button', { name: 'Set up the demo' }));
    expect(await screen.findByText(/The demo is set up/)).toBeInTheDocument();
    expect(await screen.findByRole('row', { name: /invoices/ })).toBeInTheDocument();
  });
  it('duplicates an option under a free name and deletes one only when asked twice', async () => {
    const backend = new TestSyncBackend({
      listOptions: () =>
        Promise.resolve([option('invoices', 1), option('invoices copy', 2), option('payments', 3)]),
      duplicateOption: () => Promise.resolve(),
      removeOption: () => Promise.resolve(),
    });
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await screen.findByRole('row', { name: /payments/ });
    const invoices = screen.getAllByTestId('option').find((r) => r.dataset.name === 'invoices');
    if (invoices === undefined) throw new Error('no invoices row');
    await user.click(within(invoices).getByRole('button', { name: 'Duplicate invoices' }));
    expect(backend.calls('duplicateOption')[0]?.args).toEqual(['invoices', 'invoices copy 2']);
    const payments = screen.getByRole('row', { name: /payments/ });
    await user.click(within(payments).getByRole('button', { name: 'Delete… payments' }));
    expect(backend.calls('removeOption')).toHaveLength(0);
    await user.click(within(payments).getByRole('button', { name: 'Keep' }));
    expect(backend.calls('removeOption')).toHaveLength(0);
    await user.click(within(payments).getByRole('button', { name: 'Delete… payments' }));
    await user.click(within(payments).getByRole('button', { name: 'Delete payments' }));
    expect(backend.calls('removeOption')[0]?.args).toEqual(['payments']);
  });

  it('opens the guided new import option and comes back on Cancel', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([]),
      listConnections: () => Promise.resolve([]),
    });
    render(
      <BackendContext value={new TestBackend()}>
        <SyncBackendContext value={backend}>
          <OptionsScreen />
        </SyncBackendContext>
      </BackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New import option' }));
    expect(await screen.findByRole('heading', { name: 'New import option' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { name: 'Options' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New export option' }));
    expect(await screen.findByRole('heading', { name: 'New export option' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { name: 'Options' })).toBeInTheDocument();
  });
});
