import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { option } from '../test/syncFixtures';
import { OptionsScreen } from './OptionsScreen';
import { SyncBackendContext, type SyncOption } from './syncBackend';
import { TestBackend, TestSyncBackend } from '../test/backends';
import { BackendContext } from '../backend';
import { apiFailure } from '../test/testDouble';

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

  it('edits the source, target and incremental fields and keeps their types', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      saveOption: () => Promise.resolve(),
    });
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    await user.clear(screen.getByLabelText('source.maxPages'));
    await user.type(screen.getByLabelText('source.maxPages'), '5');
    await user.clear(screen.getByLabelText('incremental.cursor'));
    await user.type(screen.getByLabelText('incremental.cursor'), 'modified');
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    await screen.findByRole('heading', { name: 'Options' });
    const [name, doc] = backend.calls('saveOption')[0]?.args as [string, SyncOption];
    expect(name).toBe('invoices');
    expect(doc.source).toMatchObject({ maxPages: 5, params: { a: '1' }, path: '/v1/invoices' });
    expect(doc.incremental).toEqual({ cursor: 'modified' });
    expect(doc.mapping).toEqual({ fields: [] });
  });

  it('refuses a field whose text does not fit its type, naming it, and sends nothing', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      saveOption: () => Promise.resolve(),
    });
    render(
      <SyncBackendContext value={backend}>
        <OptionsScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Details of invoices/ }));
    await user.clear(screen.getByLabelText('target.operation'));
    await user.type(screen.getByLabelText('target.operation'), 'merge');
    await user.click(screen.getByRole('button', { name: 'Save option' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('INVALID_CONFIG');
    expect(alert).toHaveTextContent('target.operation: one of insert, update, upsert, delete');
    expect(backend.calls('saveOption')).toHaveLength(0);
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
