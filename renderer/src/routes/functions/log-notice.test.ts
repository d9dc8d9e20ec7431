import { describe, expect, it } from 'vitest';
import { LogBuffer, logLine } from '../../../../electron/main/functions/types.ts';
import { logNotice } from './log-notice.ts';

const at = Date.UTC(2026, 10, 28);

describe('logNotice', () => {
  it('says nothing of logs kept whole', () => {
    expect(logNotice([])).toBeUndefined();
    expect(logNotice([logLine(at, 'stdout', 'line cut: fine'), logLine(at, 'stderr', 'x')])).toBeUndefined();
  });

  it('names the lines main dropped from the middle of a flood', () => {
    const logs = new LogBuffer();
    for (let n = 0; n < 100_000; n++) logs.push(logLine(at, 'stdout', `line ${n}`));
    expect(logNotice(logs.take())).toBe('Output too long to keep whole: 99,000 lines in the middle were dropped; the first and the last ones are shown.');
  });

  it('counts lines cut at 8 KB, with the dropped lines when both happened', () => {
    expect(logNotice([logLine(at, 'stdout', 'z'.repeat(10 * 1024 * 1024))])).toBe('Output too long to keep whole: one line was longer than 8 KB and cut.');
    const logs = new LogBuffer(4);
    for (let n = 0; n < 6; n++) logs.push(logLine(at, 'stdout', n % 2 ? 'y'.repeat(9000) : `short ${n}`));
    expect(logNotice(logs.take())).toBe('Output too long to keep whole: 2 lines in the middle were dropped; the first and the last ones are shown; 2 lines were longer than 8 KB and cut.');
  });
});
