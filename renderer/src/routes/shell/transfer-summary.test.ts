import { describe, expect, it } from 'vitest';
import { transferSummary } from './transfer-summary.ts';

describe('status bar transfer summary', () => {
  it('counts running and queued transfers apart', () => {
    expect(transferSummary(3, 4)).toBe('3 running · 4 queued');
    expect(transferSummary(2, 0)).toBe('2 running');
    expect(transferSummary(0, 5)).toBe('5 queued');
    expect(transferSummary(0, 0)).toBe('No transfers');
  });
});
