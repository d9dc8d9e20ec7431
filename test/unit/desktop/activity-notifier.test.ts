import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { describeEvent, startActivityNotifier, type NotificationRequest } from '../../../electron/main/platform/activity-notifier.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import type { ExecutionRecord } from '../../../electron/shared/timeline.ts';

function transfer(over: Partial<TransferDto> = {}): TransferDto {
  return {
    id: 't1', kind: 'upload', connectionId: 'local', bucket: 'photos', key: '2026/cat.jpg', loaded: 10, total: 10,
    state: 'done', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:30.000Z', ...over,
  };
}

function execution(over: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    seq: 1, time: '2026-01-01T00:00:00.000Z', type: 'execution', executionId: 'e1', eventId: 'ev1', function: 'thumbnailer',
    functionId: 'f1', triggerId: 'tr1', attempt: 1, status: 'error', cold: true, startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 12, logs: [], error: { message: 'TypeError: x is undefined' }, ...over,
  };
}

function setup(focused = false, enabled = true) {
  const hub = new EventHub();
  const shown: NotificationRequest[] = [];
  const state = { focused, enabled, now: 0 };
  const stop = startActivityNotifier({
    subscribe: (l) => hub.subscribe(l),
    notify: (r) => shown.push(r),
    isWindowFocused: () => state.focused,
    isEnabled: () => state.enabled,
    minTransferMs: 10_000,
    failureCooldownMs: 60_000,
    now: () => state.now,
  });
  return { hub, shown, state, stop };
}

describe('activity notifications', () => {
  it('tells about a long transfer that finished while the window was in the background, once', () => {
    const s = setup();
    s.hub.emit('transfer', transfer());
    s.hub.emit('transfer', transfer());
    expect(s.shown).toEqual([{ title: 'Upload finished', body: 'cat.jpg → photos' }]);
  });

  it('says why a transfer failed', () => {
    const s = setup();
    s.hub.emit('transfer', transfer({ kind: 'download', state: 'failed', error: { code: 'AccessDenied', message: 'Access Denied' } }));
    expect(s.shown).toEqual([{ title: 'Download failed', body: 'cat.jpg: Access Denied' }]);
  });

  it('stays quiet for short or unfinished transfers', () => {
    const s = setup();
    s.hub.emit('transfer', transfer({ finishedAt: '2026-01-01T00:00:02.000Z' }));
    s.hub.emit('transfer', transfer({ id: 't2', state: 'running', finishedAt: undefined }));
    s.hub.emit('transfer', transfer({ id: 't3', state: 'cancelled' }));
    expect(s.shown).toEqual([]);
  });

  it('tells about failed executions, one per function per cooldown', () => {
    const s = setup();
    s.hub.emit('timeline', execution());
    s.hub.emit('timeline', execution({ executionId: 'e2', attempt: 2, status: 'timeout' }));
    s.hub.emit('timeline', execution({ executionId: 'e3', status: 'success' }));
    expect(s.shown).toEqual([{ title: 'Function thumbnailer failed', body: 'TypeError: x is undefined' }]);
    s.state.now = 61_000;
    s.hub.emit('timeline', execution({ executionId: 'e4', status: 'out-of-memory', error: undefined, note: 'limit 128 MB' }));
    expect(s.shown[1]).toEqual({ title: 'Function thumbnailer ran out of memory', body: 'limit 128 MB' });
  });

  it('is silent while the window has focus or when turned off, and after stop', () => {
    const focused = setup(true);
    focused.hub.emit('transfer', transfer());
    expect(focused.shown).toEqual([]);
    const off = setup(false, false);
    off.hub.emit('timeline', execution());
    expect(off.shown).toEqual([]);
    const stopped = setup();
    stopped.stop();
    stopped.hub.emit('transfer', transfer());
    expect(stopped.shown).toEqual([]);
  });

  it('ignores other events', () => {
    expect(describeEvent({ seq: 1, name: 'connections', payload: { changed: true } }, 0)).toBeUndefined();
  });
});
