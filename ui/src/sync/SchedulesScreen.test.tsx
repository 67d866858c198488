import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { option } from '../test/syncFixtures';
import { SchedulesScreen } from './SchedulesScreen';
import { SyncBackendContext, type CronPreview, type ScheduleRow } from './syncBackend';
import { TestSyncBackend } from '../test/backends';
import { apiFailure } from '../test/testDouble';

const fires = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    at: `2026-03-0${String(i + 1)}T02:00:00Z`,
    local: `2026-03-0${String(i + 1)} 02:00 UTC`,
  }));

const nightly: ScheduleRow = {
  index: 0,
  schedule: {
    name: 'nightly',
    cron: '0 2 * * *',
    timezone: 'Europe/Paris',
    options: ['invoices'],
    mode: 'full',
    active: true,
    runMissed: false,
  },
  description: 'At 02:00, every day',
  next: fires(5),
  lastFire: null,
};

function describer(cron: string): Promise<CronPreview> {
  if (cron === '*/15 * * * *') return Promise.resolve({ description: 'Every 15 minutes', next: fires(5) });
  if (cron === '0 2 * * *') return Promise.resolve({ description: 'At 02:00, every day', next: fires(5) });
  return apiFailure('INVALID_CRON', `cron "${cron}": invalid; use 5 fields`);
}

describe('the schedules screen', () => {
  it('lists schedules in words and adds one, reading the cron line as it is typed', async () => {
    const backend = new TestSyncBackend({
      listSchedules: () => Promise.resolve([nightly]),
      listOptions: () => Promise.resolve([option('invoices', 1), option('payments', 2)]),
      describeCron: describer,
      saveSchedule: () => Promise.resolve(),
    });
    render(
      <SyncBackendContext value={backend}>
        <SchedulesScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    const row = await screen.findByRole('row', { name: /nightly/ });
    expect(within(row).getByTestId('schedule-description')).toHaveTextContent('At 02:00, every day');

    await user.click(screen.getByRole('button', { name: 'Add schedule' }));
    expect(await screen.findByRole('checkbox', { name: 'invoices' })).toBeChecked();
    const cron = screen.getByRole('textbox', { name: 'Cron' });
    await user.clear(cron);
    await user.type(cron, '*/15 * * *');
    expect(await screen.findByTestId('cron-error')).toHaveTextContent('invalid; use 5 fields');
    expect(cron).toHaveAttribute('aria-invalid', 'true');
    await user.type(cron, ' *');
    expect(await screen.findByTestId('cron-description')).toHaveTextContent('Every 15 minutes');
    expect(screen.getAllByTestId('cron-next-time')).toHaveLength(5);
    expect(screen.queryByTestId('cron-error')).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'payments' }));
    await user.type(screen.getByRole('textbox', { name: 'Time zone' }), 'Europe/Paris');
    await waitFor(() => {
      expect(backend.calls('describeCron').at(-1)?.args).toEqual(['*/15 * * * *', 'Europe/Paris']);
    });
    await user.click(screen.getByRole('checkbox', { name: /missed/ }));
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => {
      expect(backend.calls('saveSchedule')).toHaveLength(1);
    });
    expect(backend.calls('saveSchedule')[0]?.args).toEqual([
      null,
      {
        name: null,
        cron: '*/15 * * * *',
        timezone: 'Europe/Paris',
        options: ['invoices', 'payments'],
        mode: 'incremental',
        active: true,
        runMissed: true,
      },
    ]);
  });

  it('shows the configuration’s problems when a save is refused, and removes a schedule', async () => {
    const backend = new TestSyncBackend({
      listSchedules: () => Promise.resolve([nightly]),
      listOptions: () => Promise.resolve([option('invoices', 1)]),
      describeCron: describer,
      saveSchedule: () => apiFailure('INVALID_CONFIG', '/schedules/0/options/0: no option named "invoice"'),
      removeSchedule: () => Promise.resolve(),
    });
    render(
      <SyncBackendContext value={backend}>
        <SchedulesScreen />
      </SyncBackendContext>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit nightly' }));
    expect(screen.getByRole('textbox', { name: 'Cron' })).toHaveValue('0 2 * * *');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('/schedules/0/options/0');
    expect(backend.calls('saveSchedule')[0]?.args[0]).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Remove nightly' }));
    expect(backend.calls('removeSchedule')[0]?.args).toEqual([0]);
  });
});
