import { describe, expect, it, vi } from 'vitest';
import { TimelineState } from './timeline.svelte.ts';
import { createFakeClient } from '../api/fake/fake-client.ts';
import type { TimelineRecord } from '../../../electron/shared/timeline.ts';

const t = '2026-11-27T10:00:00.000Z';
const exec = (seq: number, executionId: string, eventId: string, status: 'running' | 'success' | 'error', extra: Partial<TimelineRecord> = {}) =>
  ({ seq, time: t, type: 'execution', executionId, eventId, function: 'fn', functionId: 'f', triggerId: 'tr', attempt: 1, status, cold: false, startedAt: t, durationMs: 1, logs: [], ...extra }) as TimelineRecord;

function state() {
  const s = new TimelineState(createFakeClient().api);
  return s;
}

describe('TimelineState', () => {
  it('groups action -> events -> executions, even when records arrive out of order', () => {
    const s = state();
    // Execution first, then its event, then the action it belongs to.
    s.push(exec(3, 'x1', 'e1', 'success'));
    s.push({ seq: 2, time: t, type: 'event', eventId: 'e1', actionId: 'a1', eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: 'k', source: 'embedded' });
    s.push({ seq: 1, time: t, type: 'action', actionId: 'a1', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'b', key: 'k', result: 'ok' });
    s.flush();
    expect(s.rows.map((r) => r.id)).toEqual(['a:a1', 'e:e1', 'x:x1']);
    expect(s.activityFor('b', 'k')).toMatchObject({ ok: 1, failed: 0 });
  });

  it('shows a test invocation as action -> sample event -> execution, never as activity of the object or a problem', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'action', actionId: 'a1', actor: 'app', operation: 'TestInvocation', connectionId: 'local', bucket: 'b', key: 'k', result: 'ok', test: { functionId: 'f', function: 'fn' } });
    s.push({ seq: 2, time: t, type: 'event', eventId: 'e1', actionId: 'a1', eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: 'k', source: 'test', payload: { Records: [] } });
    s.push(exec(3, 'x1', 'e1', 'error', { actionId: 'a1', triggerId: '' }));
    s.flush();
    expect(s.rows.map((r) => r.id)).toEqual(['a:a1', 'e:e1', 'x:x1']);
    expect(s.executionsOf('f').map((x) => x.event.eventId)).toEqual(['e1']);
    expect(s.activityFor('b', 'k')).toBeUndefined();
    expect(s.groupsFor('b', 'k')).toEqual([]);
    expect(s.problems).toEqual([]);
  });

  it('replaces an execution by id (running -> error) and lists it under problems', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'event', eventId: 'e1', eventName: 's3:ObjectRemoved:Delete', bucket: 'b', key: 'k', source: 'observed' });
    s.push(exec(2, 'x1', 'e1', 'running'));
    s.flush();
    expect(s.rows.map((r) => r.kind)).toEqual(['event', 'execution']);
    expect(s.groupStatus(s.groups[0]!)).toBe('running');
    s.push(exec(3, 'x1', 'e1', 'error'));
    s.flush();
    expect(s.rows).toHaveLength(2);
    // The group's rows are built again for the changed record (they are cached between changes).
    expect(s.rows[1]!.record).toMatchObject({ status: 'error', seq: 3 });
    expect(s.problems.map((r) => r.id)).toEqual(['x:x1']);
    expect(s.activityFor('b', 'k')).toMatchObject({ ok: 0, failed: 1 });
  });

  it('keeps an execution’s final record when a history page listing it running arrives after it', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'event', eventId: 'e1', eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: 'k', source: 'embedded' });
    s.push(exec(3, 'x1', 'e1', 'success'));
    s.push(exec(2, 'x1', 'e1', 'running'));
    s.flush();
    expect(s.rows.map((r) => (r.kind === 'execution' ? r.record.status : r.kind))).toEqual(['event', 'success']);
  });

  it('holds no more than main keeps, in size too: chatty logs drop the oldest groups, and the list can say so', async () => {
    const s = state();
    expect(s.atLimit).toBe(false);
    // 130 runs of a handler that logged a million characters each (one shared string: the test stays small).
    const log = 'x'.repeat(1_000_000);
    for (let i = 1; i <= 130; i++) {
      s.push({ seq: 2 * i - 1, time: t, type: 'event', eventId: `e${i}`, eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: `k${i}`, source: 'embedded' });
      s.push(exec(2 * i, `x${i}`, `e${i}`, 'success', { logs: [log] }));
    }
    s.flush();
    const kept = s.groups.map((g) => g.events[0]!.event.key);
    expect(kept.length).toBeLessThan(110);
    expect(kept.at(-1)).toBe('k130');
    expect(s.atLimit).toBe(true);
    expect(s.buckets).toEqual(['b']);
    expect(s.eventNames).toEqual(['cos:ObjectCreated:Put']);
    await s.clear();
    expect(s.atLimit).toBe(false);
    expect([s.buckets, s.eventNames, s.rows]).toEqual([[], [], []]);
  });

  it('fetches the records it missed when the pushed numbers jump (a socket down longer than main replays)', async () => {
    const { api, backend } = createFakeClient();
    const s = new TimelineState(api);
    await s.start();
    const base = { time: t, actor: 'app' as const, operation: 'PutObject', connectionId: 'local', bucket: 'b', result: 'ok' as const };
    backend.record({ ...base, type: 'action', actionId: 'a1', key: 'k1' });
    await vi.waitFor(() => expect(s.rows.map((r) => r.id)).toEqual(['a:a1']));
    // Two records main kept but this window never got pushed, then a live one.
    const silent = backend.emit.bind(backend);
    backend.emit = () => undefined;
    backend.record({ ...base, type: 'action', actionId: 'a2', key: 'k2' });
    backend.record({ ...base, type: 'action', actionId: 'a3', key: 'k3' });
    backend.emit = silent;
    backend.record({ ...base, type: 'action', actionId: 'a4', key: 'k4' });
    await vi.waitFor(() => expect(s.rows.map((r) => r.id)).toEqual(['a:a4', 'a:a3', 'a:a2', 'a:a1']));
  });

  it('keeps two connections’ buckets of the same name apart (object activity, What it triggered)', () => {
    const s = state();
    const action = (seq: number, actionId: string, connectionId: string) =>
      ({ seq, time: t, type: 'action', actionId, actor: 'app', operation: 'PutObject', connectionId, bucket: 'data', key: 'x.csv', result: 'ok' }) as TimelineRecord;
    s.push(action(1, 'a-local', 'local'));
    s.push({ seq: 2, time: t, type: 'event', eventId: 'e1', actionId: 'a-local', connectionId: 'local', eventName: 'cos:ObjectCreated:Put', bucket: 'data', key: 'x.csv', source: 'embedded' });
    s.push(exec(3, 'x1', 'e1', 'error'));
    s.push(action(4, 'a-minio', 'minio'));
    s.flush();
    expect(s.activityFor('data', 'x.csv', 'local')).toMatchObject({ failed: 1 });
    expect(s.activityFor('data', 'x.csv', 'minio')).toMatchObject({ ok: 0, failed: 0 });
    expect(s.groupsFor('data', 'x.csv', 'minio').map((g) => g.id)).toEqual(['a-minio']);
    expect(s.groupsFor('data', 'x.csv', 'local').map((g) => g.id)).toEqual(['a-local']);
    // Without a connection: the latest on any.
    expect(s.groupsFor('data', 'x.csv').map((g) => g.id)).toEqual(['a-minio', 'a-local']);
  });

  it('a retry or redelivery that succeeds supersedes the failed attempts before it (row status, problems)', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'action', actionId: 'a1', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'b', key: 'k', result: 'ok' });
    s.push({ seq: 2, time: t, type: 'event', eventId: 'e1', actionId: 'a1', eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: 'k', source: 'embedded' });
    s.push(exec(3, 'x1', 'e1', 'error'));
    s.push(exec(4, 'x2', 'e1', 'error', { attempt: 2 }));
    // Another function on the same event failed too, and nothing superseded it.
    s.push(exec(5, 'y1', 'e1', 'error', { functionId: 'g', function: 'other' }));
    s.flush();
    expect(s.activityFor('b', 'k')).toMatchObject({ ok: 0, failed: 2 });
    expect(s.problems.map((r) => r.id)).toEqual(['x:x2', 'x:y1']);

    // The dead letter is redelivered: same event and function, a new execution that succeeds.
    s.push(exec(6, 'x3', 'e1', 'success'));
    s.flush();
    expect(s.activityFor('b', 'k')).toMatchObject({ ok: 1, failed: 1 });
    expect(s.problems.map((r) => r.id)).toEqual(['x:y1']);
    // Every attempt stays in the timeline itself.
    expect(s.rows.filter((r) => r.kind === 'execution')).toHaveLength(4);

    s.push(exec(7, 'y2', 'e1', 'success', { functionId: 'g', function: 'other' }));
    s.flush();
    expect(s.activityFor('b', 'k')).toMatchObject({ ok: 2, failed: 0 });
    expect(s.problems).toEqual([]);
    expect(s.groupStatus(s.groups[0]!)).toBe('ok');
    expect(s.missingCount).toBe(0);
  });

  it('filters by bucket, event name and status, newest group first', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'action', actionId: 'a1', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'one', key: 'k', result: 'ok' });
    s.push({ seq: 2, time: t, type: 'action', actionId: 'a2', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'two', key: 'k', result: 'error' });
    s.flush();
    expect(s.rows.map((r) => r.id)).toEqual(['a:a2', 'a:a1']);
    s.filterBucket = 'one';
    expect(s.rows.map((r) => r.id)).toEqual(['a:a1']);
    s.filterBucket = '';
    s.filterStatus = 'failed';
    expect(s.rows.map((r) => r.id)).toEqual(['a:a2']);
    expect(s.buckets).toEqual(['one', 'two']);
  });

  it('filters by text in the key, bucket, operation or a function name, ignoring case', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'action', actionId: 'a1', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'photos', key: 'albums/Cat.jpg', result: 'ok' });
    s.push({ seq: 2, time: t, type: 'action', actionId: 'a2', actor: 'app', operation: 'DeleteObject', connectionId: 'local', bucket: 'docs', key: 'report.txt', result: 'ok' });
    s.push({ seq: 3, time: t, type: 'event', eventId: 'e2', eventName: 'cos:ObjectRemove:Delete', bucket: 'docs', key: 'report.txt', source: 'embedded', actionId: 'a2' });
    s.push({ seq: 4, time: t, type: 'execution', executionId: 'x2', eventId: 'e2', function: 'Thumbnailer', functionId: 'f', triggerId: 't', attempt: 1, status: 'success', cold: false, startedAt: t, durationMs: 1, logs: [], actionId: 'a2' });
    s.flush();
    s.filterText = 'cat.JPG';
    expect(s.rows.map((r) => r.id)).toEqual(['a:a1']);
    s.filterText = ' thumbnail ';
    expect(s.rows.map((r) => r.id)).toEqual(['a:a2', 'e:e2', 'x:x2']);
    s.filterText = 'remove:delete';
    expect(s.rows.map((r) => r.id)).toEqual(['a:a2', 'e:e2', 'x:x2']);
    s.filterText = 'nothing like this';
    expect(s.rows).toEqual([]);
    s.filterText = '';
    expect(s.rows).toHaveLength(4);
  });

  it('loads the snapshot after subscribing, so a record pushed meanwhile is not lost or doubled', async () => {
    const { api, backend } = createFakeClient({ sample: true });
    const s = new TimelineState(api);
    const started = s.start();
    backend.record({ time: t, type: 'action', actionId: 'late', actor: 'external', operation: 'PutObject', connectionId: 'local', bucket: 'photos', key: 'late.txt', result: 'ok' });
    await started;
    s.flush();
    expect(s.rows.filter((r) => r.id === 'a:late')).toHaveLength(1);
    expect(s.groups).toHaveLength(5);
  });
  it('loads the whole kept history at start, page by page, not just the newest 1,000 records', async () => {
    const kept: TimelineRecord[] = [];
    for (let n = 0; n < 4_000; n++) {
      const seq = kept.length + 1;
      kept.push({ seq, time: t, type: 'action', actionId: `a${n}`, actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'b', key: `k${n}`, result: 'ok' });
      kept.push({ seq: seq + 1, time: t, type: 'event', eventId: `e${n}`, actionId: `a${n}`, eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: `k${n}`, source: 'embedded' });
      kept.push(exec(seq + 2, `x${n}`, `e${n}`, 'success', { actionId: `a${n}` }));
    }
    const calls: unknown[] = [];
    // main's timeline.list: the newest `limit` (default 1,000), or the oldest `limit` after `afterSeq`.
    const list = async (input: { afterSeq?: number; limit?: number }) => {
      calls.push(input);
      const limit = input.limit ?? 1000;
      if (input.afterSeq === undefined) return kept.slice(-limit);
      const start = kept.findIndex((r) => r.seq > input.afterSeq!);
      return start < 0 ? [] : kept.slice(start, start + limit);
    };
    const api = { ...createFakeClient().api, onEvent: () => () => undefined, timeline: { list, clear: async () => undefined } };
    const s = new TimelineState(api as unknown as ConstructorParameters<typeof TimelineState>[0]);
    await s.start();
    expect(s.groups).toHaveLength(4_000);
    // The oldest upload is whole: its action, event and execution.
    expect(s.rows.slice(-3).map((r) => r.id)).toEqual(['a:a0', 'e:e0', 'x:x0']);
    expect(calls.length).toBe(3);
  });
  it('reveals a record selected from elsewhere, clearing a filter that hides it', () => {
    const s = state();
    s.push({ seq: 1, time: t, type: 'event', eventId: 'e1', eventName: 'cos:ObjectCreated:Put', bucket: 'photos', key: 'k', source: 'embedded' });
    s.push(exec(2, 'x1', 'e1', 'success'));
    s.push({ seq: 3, time: t, type: 'event', eventId: 'e2', eventName: 'cos:ObjectCreated:Put', bucket: 'logs', key: 'k', source: 'embedded' });
    s.flush();
    s.filterBucket = 'logs';
    s.filterText = 'k';
    expect(s.rows.map((r) => r.id)).toEqual(['e:e2']);
    s.reveal('x:x1');
    expect(s.selected?.id).toBe('x:x1');
    expect([s.filterBucket, s.filterText]).toEqual(['', '']);
    // A record the filter shows keeps the filter.
    s.filterBucket = 'logs';
    s.reveal('e:e2');
    expect(s.filterBucket).toBe('logs');
  });
  it('applies a burst of pushed records at most once per 200 ms, the first at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame', 'performance'] });
    try {
      const s = state();
      const event = (n: number): TimelineRecord => ({ seq: n, time: t, type: 'event', eventId: `e${n}`, eventName: 'cos:ObjectCreated:Put', bucket: 'b', key: `k${n}`, source: 'embedded' });
      s.push(event(1));
      vi.advanceTimersByTime(20);
      expect(s.rows).toHaveLength(1);
      // More within the interval wait for it: the rows are not re-derived every frame of a burst.
      for (let n = 2; n <= 50; n++) s.push(event(n));
      vi.advanceTimersByTime(100);
      expect(s.rows).toHaveLength(1);
      vi.advanceTimersByTime(150);
      expect(s.rows).toHaveLength(50);
    } finally {
      vi.useRealTimers();
    }
  });
});
