import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { invoicesRun, option } from '../test/syncFixtures';
import { RunScreen } from './RunScreen';
import { SyncBackendContext, type RunProgress, type RunReport } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

describe('the run screen', () => {
  it('streams each option’s counts and cancels the run', async () => {
    let emit: (p: RunProgress) => void = () => undefined;
    let finish: (r: RunReport) => void = () => undefined;
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1), option('payments', 2)]),
      runNow: (_which, onProgress) => {
        emit = onProgress;
        return new Promise<RunReport>((resolve) => {
          finish = resolve;
        });
      },
      cancelRun: () => Promise.resolve(true),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'payments' });
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(backend.calls('runNow')[0]?.args[0]).toEqual({ kind: 'all' });
    const counts = { read: 10, written: 7, failed: 3, skipped: 0 };
    emit({ kind: 'progress', option: 'invoices', counts, status: null, message: null });
    const row = await screen.findByRole('row', { name: /invoices/ });
    expect(within(row).getByTestId('progress-read')).toHaveTextContent('10');
    expect(within(row).getByTestId('progress-failed')).toHaveTextContent('3');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(backend.calls('cancelRun')).toHaveLength(1);
    expect(await screen.findByText(/Stopping after this batch/)).toBeInTheDocument();
    emit({ kind: 'finished', option: 'invoices', counts, status: 'cancelled', message: null });
    finish({ runs: [{ ...invoicesRun, status: 'cancelled' }] });
    expect(await screen.findByText(/Finished: 1 run/)).toBeInTheDocument();
    expect(within(row).getByTestId('progress-state')).toHaveTextContent('cancelled');
    expect(screen.getByRole('button', { name: 'Run now' })).toBeEnabled();
  });

  it('calls a run that went through with refused records partial, as the run log does', async () => {
    let emit: (p: RunProgress) => void = () => undefined;
    let finish: (r: RunReport) => void = () => undefined;
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      runNow: (_which, onProgress) => {
        emit = onProgress;
        return new Promise<RunReport>((resolve) => {
          finish = resolve;
        });
      },
    });
    render(
      <SyncBackendContext value={backend}>
        <RunScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'invoices' });
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    const counts = { read: 30, written: 20, failed: 10, skipped: 0 };
    emit({ kind: 'finished', option: 'invoices', counts, status: 'succeeded', message: null });
    finish({ runs: [{ ...invoicesRun, status: 'partial' }] });
    const row = await screen.findByRole('row', { name: /invoices/ });
    expect(within(row).getByTestId('progress-state')).toHaveTextContent(/^partial$/);
  });

  it('runs one option and shows a refused run as code and message', async () => {
    const backend = new TestSyncBackend({
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      runNow: () => apiFailure('INVALID_CONFIG', '/options/0/mapping/fields/0/target: no such field'),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'invoices' });
    await user.selectOptions(screen.getByLabelText('Options to run'), 'invoices');
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('INVALID_CONFIG');
    expect(backend.calls('runNow')[0]?.args[0]).toEqual({ kind: 'option', name: 'invoices' });
  });
});
