import { describe, expect, it } from 'vitest';
import { progressOutcome, runOutcome } from './outcome';

const counts = (read: number, written: number, failed: number) => ({ read, written, failed, skipped: 0 });

describe('runOutcome', () => {
  it('calls a run with refused records partial, whoever reported it', () => {
    expect(runOutcome('succeeded', counts(30, 20, 10))).toBe('partial');
    expect(runOutcome('partial', counts(30, 20, 10))).toBe('partial');
  });

  it('keeps the other words as they are', () => {
    expect(runOutcome('succeeded', counts(30, 30, 0))).toBe('succeeded');
    expect(runOutcome('failed', counts(30, 0, 3))).toBe('failed');
    expect(runOutcome('cancelled', counts(10, 5, 1))).toBe('cancelled');
    expect(runOutcome('stopped-quota', counts(10, 5, 0))).toBe('stopped-quota');
    expect(runOutcome(null, counts(0, 0, 0))).toBe('finished');
  });
});

describe('progressOutcome', () => {
  it('says running until the run finishes, then its outcome', () => {
    const base = { option: 'invoices', counts: counts(30, 20, 10), message: null };
    expect(progressOutcome({ ...base, kind: 'progress', status: null })).toBe('running');
    expect(progressOutcome({ ...base, kind: 'started', status: null })).toBe('running');
    expect(progressOutcome({ ...base, kind: 'finished', status: 'succeeded' })).toBe('partial');
  });
});
