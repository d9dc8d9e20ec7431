import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { TIMELINE_FILE } from '../../../electron/main/timeline/timeline-store.ts';
import { bucketEvent, handlerDir } from '../notifications/engine-helpers.ts';

describe('timeline, triggers and functions across a restart', () => {
  it('keeps records as NDJSON, continues the sequence and still runs the saved trigger', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bucketscope-restart-'));
    const first = new TriggerEngine({ dataDir });
    const fn = first.functions.save({ name: 'echo', runtime: 'nodejs', path: handlerDir(`export const main_handler = (e) => e.Records[0].cos.cosObject.size;`) });
    first.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['cos:ObjectCreated:*'], format: 'cos', functionId: fn.id });
    first.handle('local', bucketEvent('ObjectCreated:Put', 'one.txt'));
    await first.idle();
    await first.close();
    const lines = readFileSync(path.join(dataDir, TIMELINE_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // seq 2 was the live-only `running` announcement of the execution
    expect(lines.map((r) => [r.seq, r.type, r.status])).toEqual([
      [1, 'event', undefined],
      [3, 'execution', 'success'],
    ]);

    const second = new TriggerEngine({ dataDir });
    try {
      expect(second.timeline.list().map((r) => r.seq)).toEqual([1, 3]);
      second.handle('local', bucketEvent('ObjectCreated:Put', 'two.txt'));
      await second.idle();
      const records = second.timeline.list();
      expect(records.map((r) => r.seq)).toEqual([1, 3, 4, 6]);
      expect(records[3]).toMatchObject({ type: 'execution', status: 'success', result: 5, function: 'echo', cold: true });
    } finally {
      await second.close();
    }
  });
});
