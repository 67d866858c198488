import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { detail, invoicesRun } from '../test/syncFixtures';
import { RunLogScreen } from './RunLogScreen';
import { SyncBackendContext } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

describe('the run log', () => {
  it('opens a run with failures first, filters them and exports the files', async () => {
    const backend = new TestSyncBackend({
      listRuns: () => Promise.resolve([invoicesRun]),
      runDetail: () => Promise.resolve(detail),
      exportRun: (id, format) =>
        Promise.resolve({
          success: `/w/exports/run-${String(id)}-success.${format}`,
          errors: `/w/exports/run-${String(id)}-errors.${format}`,
          successRows: 20,
          errorRows: 10,
        }),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunLogScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open run 7' }));
    expect(await screen.findByTestId('run-counts')).toHaveTextContent(
      "4 API calls (the org's count: 1,204 of 15,000 today)",
    );
    const rows = await screen.findAllByTestId('record-result');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-action', 'failed');
    expect(rows[0]).toHaveTextContent('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(rows[0]).toHaveTextContent('bad value for restricted picklist field');
    await user.click(screen.getByRole('checkbox', { name: 'Only failed records' }));
    expect(screen.getAllByTestId('record-result')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Export XLSX' }));
    expect(await screen.findByText('/w/exports/run-7-errors.xlsx')).toBeInTheDocument();
    expect(backend.calls('exportRun')[0]?.args).toEqual([7, 'xlsx']);
    await user.click(screen.getByRole('button', { name: 'Back to the runs' }));
    expect(await screen.findByRole('button', { name: 'Open run 7' })).toBeInTheDocument();
  });

  it('lists runs with their outcome in one word and their start on the local clock', async () => {
    const backend = new TestSyncBackend({
      listRuns: () => Promise.resolve([{ ...invoicesRun, startedAt: '2026-12-07T06:09:03.25Z' }]),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunLogScreen />
      </SyncBackendContext>,
    );
    const row = await screen.findByTestId('run');
    // 10 of 30 records refused: partial, as the Run and Plan screens say.
    expect(within(row).getByTestId('run-status')).toHaveTextContent(/^partial$/);
    // What the run cost the org in API calls.
    expect(within(row).getByTestId('run-api-calls')).toHaveTextContent(/^4$/);
    const started = within(row).getByTitle('2026-12-07T06:09:03.25Z');
    expect(started).toHaveTextContent('7 Dec 2026, 06:09:03');
    expect(started).toHaveAttribute('datetime', '2026-12-07T06:09:03.25Z');
  });

  it('shows a missing run as code and message', async () => {
    const backend = new TestSyncBackend({
      listRuns: () => Promise.resolve([invoicesRun]),
      runDetail: () => apiFailure('NOT_FOUND', 'there is no run 7'),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunLogScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open run 7' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('NOT_FOUND');
  });

  it('says no API calls for a run that talked to no org', async () => {
    const backend = new TestSyncBackend({
      listRuns: () => Promise.resolve([{ ...invoicesRun, apiCalls: null }]),
    });
    render(
      <SyncBackendContext value={backend}>
        <RunLogScreen />
      </SyncBackendContext>,
    );
    const row = await screen.findByTestId('run');
    expect(within(row).getByTestId('run-api-calls')).toHaveTextContent(/^—$/);
  });
});
