import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { invoicesRun } from '../test/syncFixtures';
import { PlanScreen } from './PlanScreen';
import { SyncBackendContext, type PlanView, type RunProgress, type RunReport } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

const plan: PlanView = {
  nodes: [
    {
      name: 'invoices',
      direction: 'import',
      object: 'Invoice__c',
      active: true,
      parents: [],
      selfLinks: false,
      wave: 0,
      lastRun: invoicesRun,
      nextRun: { at: '2026-03-01T10:15:00Z', local: 'Sun 2026-03-01 10:15 UTC' },
      schedules: ['frequent'],
    },
    {
      name: 'payments',
      direction: 'import',
      object: 'Payment__c',
      active: true,
      parents: ['invoices'],
      selfLinks: false,
      wave: 1,
      lastRun: null,
      nextRun: null,
      schedules: [],
    },
  ],
  waves: [['invoices'], ['payments']],
  edges: [{ parent: 'invoices', child: 'payments' }],
  error: null,
};

function backendWith(answers: ConstructorParameters<typeof TestSyncBackend>[0]) {
  return new TestSyncBackend({
    schedulerStatus: () => Promise.resolve({ running: true, activity: [] }),
    ...answers,
  });
}

describe('the plan screen', () => {
  it('shows the order, the waves with their links, the last result and the next run', async () => {
    const backend = backendWith({ planView: () => Promise.resolve(plan) });
    render(
      <SyncBackendContext value={backend}>
        <PlanScreen />
      </SyncBackendContext>,
    );
    const order = await screen.findByRole('list', { name: 'Run order' });
    expect(within(order).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['invoices', 'payments']);
    const first = screen.getByRole('group', { name: 'Wave 1' });
    const second = screen.getByRole('group', { name: 'Wave 2' });
    expect(within(first).getByRole('article', { name: 'invoices' })).toBeInTheDocument();
    const payments = within(second).getByRole('article', { name: 'payments' });
    expect(payments).toHaveTextContent('waits for invoices');
    expect(payments).toHaveTextContent('not scheduled');
    const invoices = screen.getByRole('article', { name: 'invoices' });
    // 10 of 30 records refused: partial, as on the Run and Run log screens.
    expect(within(invoices).getByTestId('node-last-status')).toHaveTextContent('partial');
    expect(within(invoices).getByTestId('node-last-run')).toHaveTextContent('30 read, 20 written, 10 failed');
    expect(within(invoices).getByTestId('node-last-run')).toHaveTextContent('1 Jan 2026, 00:00:00');
    expect(within(invoices).getByTestId('node-next-run')).toHaveTextContent('Sun 2026-03-01 10:15 UTC');
    expect(screen.getByTestId('plan-edge')).toHaveTextContent('invoices → payments');
    expect(screen.getByTestId('scheduler-state')).toHaveTextContent('runs the schedules');
  });

  it('shows a cycle as an error naming the options', async () => {
    const backend = backendWith({
      planView: () =>
        Promise.resolve({
          nodes: [],
          waves: [],
          edges: [],
          error: 'options invoices, payments reference each other in a cycle: invoices → payments → invoices',
        }),
    });
    render(
      <SyncBackendContext value={backend}>
        <PlanScreen />
      </SyncBackendContext>,
    );
    const alert = await screen.findByTestId('plan-error');
    expect(alert).toHaveTextContent('cannot be put in order');
    expect(alert).toHaveTextContent('invoices → payments → invoices');
  });

  it('runs one option now with its counts, and shows a refusal while it runs elsewhere', async () => {
    let emit: (p: RunProgress) => void = () => undefined;
    let finish: (r: RunReport) => void = () => undefined;
    const backend = backendWith({
      planView: () => Promise.resolve(plan),
      runOptionNow: (_name, onProgress) => {
        emit = onProgress;
        return new Promise<RunReport>((resolve) => {
          finish = resolve;
        });
      },
    });
    render(
      <SyncBackendContext value={backend}>
        <PlanScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Run now payments' }));
    expect(backend.calls('runOptionNow')[0]?.args[0]).toBe('payments');
    emit({
      kind: 'finished',
      option: 'payments',
      counts: { read: 30, written: 30, failed: 0, skipped: 0 },
      status: 'succeeded',
      message: null,
    });
    const counts = await screen.findByTestId('node-run-counts');
    expect(counts).toHaveTextContent('succeeded: 30 read, 30 written, 0 failed');
    finish({ runs: [] });
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Run now invoices' })).toBeEnabled();
    });

    backend.answers.runOptionNow = () => apiFailure('ALREADY_RUNNING', 'invoices is already running (held by pid 7)');
    await user.click(screen.getByRole('button', { name: 'Run now invoices' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ALREADY_RUNNING');
  });
});
