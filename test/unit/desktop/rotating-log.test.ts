import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDetail, formatLine, RotatingLog } from '../../../electron/main/logging/rotating-log.ts';

describe('rotating main-process log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bs-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one timestamped line per entry', async () => {
    const log = new RotatingLog({ dir: path.join(dir, 'logs'), now: () => new Date('2026-01-02T03:04:05.000Z') });
    log.info('started', { port: 9000 });
    log.error('boom', new Error('bad thing'));
    const text = await readFile(log.path, 'utf8');
    expect(text.split('\n')[0]).toBe('2026-01-02T03:04:05.000Z INFO  started {"port":9000}');
    expect(text).toContain('ERROR boom Error: bad thing');
  });

  it('rotates by size and keeps only the configured number of old files', async () => {
    const log = new RotatingLog({ dir, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of files) expect((await readFile(path.join(dir, file))).length).toBeLessThanOrEqual(200);
    // Newest lines in main.log, the ones before in main.1.log, in order.
    const current = await readFile(log.path, 'utf8');
    const previous = await readFile(log.rotatedPath(1), 'utf8');
    expect(current).toContain('line 039');
    expect(Number(/line (\d+)/.exec(previous.trim().split('\n').at(-1)!)![1]) + 1).toBe(Number(/line (\d+)/.exec(current)![1]));
  });

  it('continues an existing file after a restart', async () => {
    new RotatingLog({ dir, maxBytes: 10_000 }).info('first run');
    const log = new RotatingLog({ dir, maxBytes: 10_000 });
    log.info('second run');
    expect((await readFile(log.path, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('masks secret-looking fields in details', () => {
    const text = formatDetail({ accessKeyId: 'AKIA123', secretAccessKey: 'abc', nested: { sessionToken: 't', password: 'p' } });
    expect(text).toContain('AKIA123');
    expect(text).not.toMatch(/"abc"|"t"|"p"/);
    expect(formatLine(new Date(0), 'warn', 'x')).toBe('1970-01-01T00:00:00.000Z WARN  x\n');
  });

  it('survives its folder being removed while running', async () => {
    const log = new RotatingLog({ dir: path.join(dir, 'gone') });
    await rm(path.join(dir, 'gone'), { recursive: true });
    expect(() => log.info('still alive')).not.toThrow();
  });
});
