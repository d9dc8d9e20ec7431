import { describe, expect, it } from 'vitest';
import { LogBuffer, logLine, MAX_LOG_CHARS, MAX_LOG_LINES } from '../../../electron/main/functions/types.ts';

const line = (n: number) => logLine(Date.UTC(2026, 10, 27, 10, 0, 0, n % 1000), 'stdout', `line ${n}`);

describe('LogBuffer', () => {
  it('keeps every line under the cap, in order', () => {
    const logs = new LogBuffer();
    for (let n = 0; n < MAX_LOG_LINES; n++) logs.push(line(n));
    const kept = logs.take();
    expect(kept).toHaveLength(MAX_LOG_LINES);
    expect(kept[0]).toMatch(/stdout line 0$/);
    expect(kept.at(-1)).toMatch(/stdout line 999$/);
  });

  it('over the cap keeps the first and the last half, with the number dropped between them', () => {
    const logs = new LogBuffer();
    for (let n = 0; n < 20_000; n++) logs.push(line(n));
    const kept = logs.take();
    expect(kept).toHaveLength(MAX_LOG_LINES + 1);
    expect(kept[499]).toMatch(/stdout line 499$/);
    expect(kept[500]).toMatch(/^2026-11-27T10:00:00\.500Z stderr \[19,000 lines dropped here: the first and last ones are kept\]$/);
    expect(kept[501]).toMatch(/stdout line 19500$/);
    // The last line printed, often the one that explains a failure, is kept.
    expect(kept.at(-1)).toMatch(/stdout line 19999$/);
  });

  it('keeps the tail in order after the ring wrapped around part way', () => {
    const logs = new LogBuffer(4);
    for (let n = 0; n < 7; n++) logs.push(line(n));
    expect(logs.take().map((l) => l.replace(/^\S+ /, ''))).toEqual(['stdout line 0', 'stdout line 1', 'stderr [3 lines dropped here: the first and last ones are kept]', 'stdout line 5', 'stdout line 6']);
  });
  it('keeps at most MAX_LOG_CHARS of long lines, still the first and the last', () => {
    const logs = new LogBuffer();
    const long = (n: number) => logLine(0, 'stdout', `${n} ${'x'.repeat(8000)}`);
    for (let n = 0; n < 1000; n++) logs.push(long(n));
    const kept = logs.take();
    const chars = kept.reduce((sum, l) => sum + l.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_LOG_CHARS + 200);
    expect(chars).toBeGreaterThan(MAX_LOG_CHARS * 0.9);
    expect(kept[0]).toMatch(/stdout 0 x/);
    expect(kept.at(-1)).toMatch(/stdout 999 x/);
    expect(kept.find((l) => l.includes('lines dropped here'))).toMatch(/\[\d+ lines dropped here/);
  });

  it('cuts a line over 8 KB, saying so in words at its end', () => {
    const cut = logLine(Date.UTC(2026, 10, 27), 'stdout', 'z'.repeat(10 * 1024 * 1024));
    expect(cut.length).toBeLessThan(8192 + 200);
    expect(cut).toMatch(/^2026-11-27T00:00:00\.000Z stdout z{8192}… \[line cut: 10,485,760 characters, the first 8,192 kept\]$/);
  });
});
