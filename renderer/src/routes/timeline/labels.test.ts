import { describe, expect, it } from 'vitest';
import { rowTime } from './labels.ts';

// Local times, as the row shows them, whatever the machine's time zone.
const local = (y: number, mo: number, d: number, h: number, mi: number, s = 0, ms = 0) => new Date(y, mo - 1, d, h, mi, s, ms);

describe('rowTime', () => {
  const now = local(2026, 11, 28, 9, 30);
  it('shows today’s records to the millisecond', () => {
    expect(rowTime(local(2026, 11, 28, 8, 5, 35, 120).toISOString(), now)).toBe('08:05:35.120');
  });
  it('dates an earlier day’s record, so yesterday’s morning does not read as today’s', () => {
    expect(rowTime(local(2026, 11, 27, 8, 5, 35, 120).toISOString(), now)).toBe('Nov 27 08:05');
    expect(rowTime(local(2025, 11, 28, 8, 5).toISOString(), now)).toBe('2025-11-28');
  });
  it('leaves a time it cannot read as it is', () => {
    expect(rowTime('not a time', now)).toBe('not a time');
  });
});
