import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimelineRecord } from '../../../electron/shared/timeline.ts';
import { TIMELINE_FILE, TimelineStore, type NewTimelineRecord } from '../../../electron/main/timeline/timeline-store.ts';

const action = (n: number): NewTimelineRecord => ({
  type: 'action',
  actionId: `a${n}`,
  actor: 'app',
  operation: 'PutObject',
  connectionId: 'local',
  bucket: 'b',
  key: `k${n}`,
  result: 'ok',
});
const dir = () => mkdtempSync(path.join(tmpdir(), 'bucketscope-timeline-'));
const lines = (d: string) => readFileSync(path.join(d, TIMELINE_FILE), 'utf8').split('\n').filter(Boolean);

describe('timeline store', () => {
  it('numbers records, pushes them live and lists after a sequence number or the newest', () => {
    const store = new TimelineStore();
    const pushed: TimelineRecord[] = [];
    const off = store.subscribe((r) => pushed.push(r));
    for (let i = 1; i <= 5; i++) store.append(action(i));
    off();
    store.append(action(6));
    expect(pushed.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.list({ afterSeq: 2, limit: 2 }).map((r) => r.seq)).toEqual([3, 4]);
    expect(store.list({ limit: 2 }).map((r) => r.seq)).toEqual([5, 6]);
    expect(store.list({ afterSeq: 6 })).toEqual([]);
    expect(pushed[0]).toMatchObject({ type: 'action', actionId: 'a1', seq: 1 });
    expect(Date.parse(pushed[0]!.time)).not.toBeNaN();
  });

  it('persists NDJSON and keeps counting across restarts, also after clear', async () => {
    const d = dir();
    const first = new TimelineStore({ dataDir: d });
    for (let i = 1; i <= 3; i++) first.append(action(i));
    await first.flush();
    expect(lines(d).map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3]);

    const second = new TimelineStore({ dataDir: d });
    expect(second.list().map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(second.append(action(4)).seq).toBe(4);
    await second.clear();
    expect(second.list()).toEqual([]);
    expect(lines(d)).toEqual([]);

    const third = new TimelineStore({ dataDir: d });
    expect(third.append(action(5)).seq).toBe(5);
  });

  it('keeps only the newest `max` records in memory and on disk', async () => {
    const d = dir();
    const store = new TimelineStore({ dataDir: d, max: 10 });
    for (let i = 1; i <= 45; i++) {
      store.append(action(i));
      if (i % 7 === 0) await store.flush();
    }
    await store.flush();
    expect(store.list({ limit: 100 }).map((r) => r.seq)).toEqual([36, 37, 38, 39, 40, 41, 42, 43, 44, 45]);
    // Compaction happens once the file holds twice `max` lines; no record is ever written twice.
    const seqs = lines(d).map((l) => JSON.parse(l).seq as number);
    expect(seqs.length).toBeLessThanOrEqual(20);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.at(-1)).toBe(45);
    const reopened = new TimelineStore({ dataDir: d, max: 10 });
    expect(reopened.list({ limit: 100 }).map((r) => r.seq)).toEqual([36, 37, 38, 39, 40, 41, 42, 43, 44, 45]);
  });

  it('keeps at most about `maxBytes` of records too, in memory and on disk: chatty logs cannot grow it without bound', async () => {
    const d = dir();
    const store = new TimelineStore({ dataDir: d, max: 1000, maxBytes: 22_000 });
    // Each record about 5 KB as a line: four fit in the budget, whatever the record count allows.
    const chatty = (n: number): NewTimelineRecord => ({ type: 'action', actionId: `a${n}`, actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'b', key: `k${n}-${'x'.repeat(5000)}`, result: 'ok' });
    for (let i = 1; i <= 30; i++) {
      store.append(chatty(i));
      if (i % 4 === 0) await store.flush();
    }
    await store.flush();
    const kept = store.list({ limit: 1000 }).map((r) => r.seq);
    expect(kept).toEqual([27, 28, 29, 30]);
    // The file is compacted once it holds twice the budget, and a restart keeps the same newest records.
    expect(readFileSync(path.join(d, TIMELINE_FILE), 'utf8').length).toBeLessThanOrEqual(2 * 22_000 + 6000);
    const reopened = new TimelineStore({ dataDir: d, max: 1000, maxBytes: 22_000 });
    expect(reopened.list({ limit: 1000 }).map((r) => r.seq)).toEqual([27, 28, 29, 30]);
    expect(reopened.append(chatty(31)).seq).toBe(31);
    // One record bigger than the whole budget is still kept (the newest always is).
    const huge = new TimelineStore({ dataDir: dir(), maxBytes: 100 });
    huge.append(chatty(1));
    huge.append(chatty(2));
    await huge.flush();
    expect(huge.list().map((r) => r.seq)).toEqual([2]);
  });

  it('announces transient records live without keeping them, and never reuses their numbers', async () => {
    const d = dir();
    const store = new TimelineStore({ dataDir: d });
    const pushed: number[] = [];
    store.subscribe((r) => pushed.push(r.seq));
    store.append(action(1));
    expect(store.announce(action(2)).seq).toBe(2);
    expect(pushed).toEqual([1, 2]);
    expect(store.list().map((r) => r.seq)).toEqual([1]);
    await store.flush();
    expect(new TimelineStore({ dataDir: d }).append(action(3)).seq).toBe(3);
  });

  it('lists an announced execution until its final record, so a window opened meanwhile shows it running', async () => {
    const d = dir();
    const store = new TimelineStore({ dataDir: d });
    const running = (id: string, extra: object = {}): NewTimelineRecord => ({
      type: 'execution', executionId: id, eventId: 'e1', function: 'f', functionId: 'fn', triggerId: 't', attempt: 1,
      status: 'running', cold: false, startedAt: new Date().toISOString(), durationMs: 0, logs: [], ...extra,
    });
    store.append(action(1));
    store.announce(running('x1', { note: 'waiting: f runs 1 at a time' }));
    store.append(action(3));
    store.announce(running('x1'));
    store.announce(running('x2'));
    // The one still under way is listed once, in seq order, in the newest page and when paging from the start.
    const shown = (rs: TimelineRecord[]) => rs.map((r) => (r.type === 'execution' ? `${r.executionId}:${r.seq}:${r.status}` : r.seq));
    expect(shown(store.list())).toEqual([1, 3, 'x1:4:running', 'x2:5:running']);
    expect(shown(store.list({ afterSeq: 0, limit: 2 }))).toEqual([1, 3]);
    expect(shown(store.list({ afterSeq: 3, limit: 2 }))).toEqual(['x1:4:running', 'x2:5:running']);
    expect(shown(store.list({ limit: 2 }))).toEqual(['x1:4:running', 'x2:5:running']);
    store.append(running('x1', { status: 'success', durationMs: 12 }));
    expect(shown(store.list())).toEqual([1, 3, 'x2:5:running', 'x1:6:success']);
    // Nothing under way is written to disk: a restart lists only what ended.
    await store.flush();
    expect(shown(new TimelineStore({ dataDir: d }).list())).toEqual([1, 3, 'x1:6:success']);
  });

  it('skips a torn last line after a crash and exports NDJSON', async () => {
    const d = dir();
    writeFileSync(path.join(d, TIMELINE_FILE), `${JSON.stringify({ ...action(1), seq: 7, time: new Date().toISOString() })}\n`);
    appendFileSync(path.join(d, TIMELINE_FILE), '{"type":"act');
    const store = new TimelineStore({ dataDir: d });
    expect(store.list().map((r) => r.seq)).toEqual([7]);
    expect(store.append(action(2)).seq).toBe(8);
    const out = path.join(d, 'export.ndjson');
    expect(await store.exportTo(out)).toBe(2);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).seq)).toEqual([7, 8]);
  });
});
