import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { OptionRunBar } from './OptionRunBar';
import { SyncBackendContext, type RunReport } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

const report = (failed: number): RunReport => ({
  runs: [
    {
      id: 7,
      option: 'invoices',
      mode: 'normal',
      status: 'succeeded',
      startedAt: '2026-12-07T06:09:03Z',
      finishedAt: '2026-12-07T06:09:04Z',
      counts: { read: 30, written: 30 - failed, failed, skipped: 0 },
      error: null,
      apiCalls: null,
    },
  ],
});

function open(backend: TestSyncBackend) {
  render(
    <SyncBackendContext value={backend}>
      <OptionRunBar option="invoices" />
    </SyncBackendContext>,
  );
  return userEvent.setup();
}

describe('run now and schedule beside an option', () => {
  it('runs the option and says how it went in the word every screen uses', async () => {
    const backend = new TestSyncBackend({ runOptionNow: () => Promise.resolve(report(10)) });
    const user = open(backend);
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByTestId('option-run-result')).toHaveTextContent(
      'invoices: partial, 30 read, 20 written, 10 failed',
    );
    expect(backend.calls('runOptionNow')[0]?.args[0]).toBe('invoices');
    backend.answers.runOptionNow = () =>
      apiFailure('ALREADY_RUNNING', 'invoices is already running (held by pid 7)');
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('held by pid 7');
  });

  it('schedules the option from a preset, read back in words', async () => {
    const backend = new TestSyncBackend({
      describeCron: (cron) =>
        Promise.resolve({ description: cron === '0 * * * *' ? 'every hour' : 'at 02:00', next: [] }),
      saveSchedule: () => Promise.resolve(),
    });
    const user = open(backend);
    await user.click(screen.getByRole('button', { name: 'Schedule…' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'When' }), 'Every hour');
    expect(await screen.findByText('every hour')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByTestId('option-scheduled')).toHaveTextContent('Scheduled: every hour.');
    expect(backend.calls('saveSchedule')[0]?.args).toEqual([
      null,
      {
        name: 'invoices',
        cron: '0 * * * *',
        timezone: null,
        options: ['invoices'],
        mode: 'incremental',
        active: true,
        runMissed: false,
      },
    ]);
  });
});
