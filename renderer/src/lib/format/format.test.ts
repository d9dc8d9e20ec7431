import { describe, expect, it } from 'vitest';
import { baseName, exactDuration, formatBytes, formatDuration, parentPrefix, plural, shortEtag } from './format.ts';

describe('format', () => {
  it('sizes in binary units, exact below 1 KB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(908.9243315659268)).toBe('909 B'); // a transfer rate per second
    expect(formatBytes(48_213)).toBe('47.1 KB');
    expect(formatBytes(24_000_000)).toBe('22.9 MB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB');
    expect(formatBytes(-1)).toBe('—');
    // Rounded up to the next unit's 1, never '1024 KB'.
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(1023.7 * 1024)).toBe('1 MB');
    expect(formatBytes(1023.4 * 1024)).toBe('1023 KB');
  });

  it('durations from milliseconds to hours', () => {
    expect(formatDuration(12)).toBe('12 ms');
    expect(formatDuration(3000)).toBe('3.00 s');
    expect(formatDuration(61_000)).toBe('1 min 1 s');
    expect(formatDuration(8_208_000)).toBe('2 h 17 min');
    expect(formatDuration(undefined)).toBe('');
    // Measured with performance.now(): a warm handler of 0.3 ms is not '0 ms'; a configured 0 stays 0.
    expect(formatDuration(0.31)).toBe('<1 ms');
    expect(formatDuration(0.0004)).toBe('<1 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(1.4)).toBe('1 ms');
    expect(formatDuration(999.7)).toBe('1.00 s');
    expect(formatDuration(9_999)).toBe('10.0 s');
    expect(formatDuration(59_999)).toBe('1 min 0 s');
    expect(formatDuration(119_700)).toBe('2 min 0 s');
    expect(formatDuration(3_599_999)).toBe('1 h 0 min');
    expect(exactDuration(0.31249)).toBe('0.312 ms');
    expect(exactDuration(12.44)).toBe('12.4 ms');
    expect(exactDuration(3000.2)).toBe('3,000 ms');
  });

  it('key paths and labels', () => {
    expect(baseName('albums/2026/')).toBe('2026');
    expect(baseName('albums/2026/cat 1.jpg')).toBe('cat 1.jpg');
    expect(parentPrefix('albums/2026/')).toBe('albums/');
    expect(parentPrefix('albums/')).toBe('');
    expect(shortEtag('"9b2cf535f27731c974343645a3985328"')).toBe('9b2cf535…');
    expect(plural(1, 'object')).toBe('1 object');
    expect(plural(20_000, 'object')).toBe('20,000 objects');
  });
});
