import { describe, expect, it } from 'vitest';
import { formatTime } from './time';

describe('formatTime', () => {
  it('reads an instant as day, month, year and a 24-hour clock', () => {
    expect(formatTime('2026-12-07T06:09:03Z', 'UTC')).toBe('7 Dec 2026, 06:09:03');
    expect(formatTime('2026-09-30T23:00:00.123456Z', 'UTC')).toBe('30 Sep 2026, 23:00:00');
  });

  it('shows the instant on the clock of the zone asked for', () => {
    expect(formatTime('2026-12-07T06:09:03Z', 'Europe/Paris')).toBe('7 Dec 2026, 07:09:03');
    expect(formatTime('2026-12-07T06:09:03+02:00', 'UTC')).toBe('7 Dec 2026, 04:09:03');
    expect(formatTime('2026-01-01T00:30:00Z', 'America/New_York')).toBe('31 Dec 2025, 19:30:00');
  });

  it('uses the local clock when no zone is given', () => {
    const iso = '2026-12-07T06:09:03Z';
    const local = new Date(iso);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(formatTime(iso)).toBe(
      `${String(local.getDate())} Dec 2026, ${two(local.getHours())}:${two(local.getMinutes())}:${two(local.getSeconds())}`,
    );
  });

  it('leaves text that is no instant as it is', () => {
    expect(formatTime('not a time')).toBe('not a time');
    expect(formatTime('')).toBe('');
  });
});
