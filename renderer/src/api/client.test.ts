import { describe, expect, it, vi } from 'vitest';
import { createClient, unwrap } from './client.ts';
import { WsTransport } from './ws-transport.ts';
import { takeToken } from './token.ts';
import { AppError } from '../../../electron/shared/errors.ts';
import type { PushEvent } from '../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { Transport } from './transport.ts';

const noFiles = { downloadUrl: () => undefined };

function transport(respond: (method: string, input: unknown) => RpcResponse | Promise<RpcResponse>) {
  const listeners = new Set<(e: PushEvent) => void>();
  const reconnects = new Set<() => void>();
  const calls: { method: string; input: unknown }[] = [];
  const t: Transport = {
    invoke: async (method, input) => {
      calls.push({ method, input });
      return respond(method, input);
    },
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    onReconnect: (l) => (reconnects.add(l), () => reconnects.delete(l)),
  };
  return { t, calls, push: (e: PushEvent) => listeners.forEach((l) => l(e)), reconnect: () => reconnects.forEach((l) => l()) };
}

describe('client envelope', () => {
  it('unwraps ok responses into their result', async () => {
    const { t, calls } = transport(() => ({ ok: true, result: [{ name: 'photos' }] }));
    const api = createClient(t, 'fake', noFiles);
    await expect(api.buckets.list({ connectionId: 'local' })).resolves.toEqual([{ name: 'photos' }]);
    expect(calls).toEqual([{ method: 'buckets.list', input: { connectionId: 'local' } }]);
  });

  it('rebuilds error responses as a thrown AppError with code, hint, fields and status', async () => {
    const { t } = transport(() => ({
      ok: false,
      error: { code: 'SignatureDoesNotMatch', message: 'Wrong secret', hint: 'Re-enter it', status: 403, fields: { secretAccessKey: 'bad' } },
    }));
    const api = createClient(t, 'fake', noFiles);
    const err = await api.connections.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', message: 'Wrong secret', hint: 'Re-enter it', status: 403, fields: { secretAccessKey: 'bad' } });
    expect(() => unwrap({ ok: false, error: { code: 'NotFound', message: 'gone' } })).toThrow('gone');
  });

  it('turns a transport failure into an Unavailable AppError', async () => {
    const { t } = transport(() => Promise.reject(new Error('socket closed')));
    const api = createClient(t, 'fake', noFiles);
    await expect(api.app.info()).rejects.toMatchObject({ code: 'Unavailable', message: 'socket closed' });
  });

  it('has one function per METHODS row and nothing else', () => {
    const { t } = transport(() => ({ ok: true, result: null }));
    const api = createClient(t, 'fake', noFiles);
    expect(typeof api.objects.listVersions).toBe('function');
    expect(typeof api.timeline.clear).toBe('function');
    expect((api as unknown as Record<string, unknown>).nope).toBeUndefined();
  });

  it('delivers push events once, in sequence, and asks for missed ones after a reconnect', async () => {
    const missed: PushEvent[] = [
      { seq: 3, name: 'connections', payload: { changed: true } },
      { seq: 4, name: 'connections', payload: { changed: true } },
    ];
    const { t, calls, push, reconnect } = transport((method) => ({ ok: true, result: method === 'app.missedEvents' ? missed : null }));
    const api = createClient(t, 'fake', noFiles);
    const seen: number[] = [];
    api.onEvent((e) => seen.push(e.seq));
    push({ seq: 1, name: 'connections', payload: { changed: true } });
    push({ seq: 2, name: 'connections', payload: { changed: true } });
    push({ seq: 2, name: 'connections', payload: { changed: true } });
    reconnect();
    await vi.waitFor(() => expect(seen).toEqual([1, 2, 3, 4]));
    expect(calls.find((c) => c.method === 'app.missedEvents')?.input).toEqual({ afterSeq: 2 });
  });
});

/** A WebSocket stand-in that lets the test play the server. */
class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

describe('WebSocket transport', () => {
  it('queues calls until open, matches responses by id, forwards events and reconnects', async () => {
    vi.useFakeTimers();
    try {
      FakeSocket.instances = [];
      const ws = new WsTransport('ws://127.0.0.1:1/rpc?token=t', FakeSocket as unknown as typeof WebSocket);
      const api = createClient(ws, 'browser', noFiles);
      const events: number[] = [];
      api.onEvent((e) => events.push(e.seq));
      const first = FakeSocket.instances[0]!;
      expect(first.url).toBe('ws://127.0.0.1:1/rpc?token=t');

      const pending = api.connections.list();
      expect(first.sent).toHaveLength(0);
      first.open();
      const frame = JSON.parse(first.sent[0]!) as { id: number; method: string };
      expect(frame.method).toBe('connections.list');
      first.reply({ id: frame.id, response: { ok: true, result: [] } });
      await expect(pending).resolves.toEqual([]);

      first.reply({ event: { seq: 7, name: 'connections', payload: { changed: true } } });
      expect(events).toEqual([7]);

      // In-flight calls fail when the socket drops; a new socket follows after a backoff.
      const lost = api.app.info();
      first.close();
      await expect(lost).rejects.toMatchObject({ code: 'Unavailable' });
      await vi.advanceTimersByTimeAsync(300);
      const second = FakeSocket.instances[1]!;
      second.open();
      const missed = JSON.parse(second.sent[0]!) as { id: number; method: string; input: unknown };
      expect(missed).toMatchObject({ method: 'app.missedEvents', input: { afterSeq: 7 } });
      second.reply({ id: missed.id, response: { ok: true, result: [{ seq: 8, name: 'connections', payload: { changed: true } }] } });
      await vi.waitFor(() => expect(events).toEqual([7, 8]));
      ws.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('browser-mode token', () => {
  it('takes the token from the fragment, keeps it for the tab and strips it from the URL', () => {
    history.replaceState(null, '', '/index.html?x=1#token=abc%20def');
    sessionStorage.clear();
    expect(takeToken()).toBe('abc def');
    expect(location.hash).toBe('');
    expect(location.search).toBe('?x=1');
    expect(sessionStorage.getItem('bucketscope.token')).toBe('abc def');
    expect(takeToken()).toBe('abc def');
  });
});

describe('Electron transport', () => {
  it('uses the preload bridge when it exists: same envelopes, push events, dropped-file paths', async () => {
    const { connect } = await import('./index.ts');
    const listeners: ((e: PushEvent) => void)[] = [];
    const invoked: [string, unknown][] = [];
    window.bucketscope = {
      invoke: async (method, input) => {
        invoked.push([method, input]);
        return { ok: true, result: [{ name: 'b1' }] };
      },
      subscribe: (l) => {
        listeners.push(l);
        return () => undefined;
      },
      getPathForFile: () => '/home/me/cat.jpg',
    };
    try {
      const api = connect();
      expect(api.mode).toBe('electron');
      await expect(api.buckets.list({ connectionId: 'local' })).resolves.toEqual([{ name: 'b1' }]);
      expect(invoked).toEqual([['buckets.list', { connectionId: 'local' }]]);
      const seen: string[] = [];
      api.onEvent((e) => seen.push(e.name));
      listeners.forEach((l) => l({ seq: 1, name: 'connections', payload: { changed: true } }));
      expect(seen).toEqual(['connections']);
      expect(api.files.pathForFile?.(new File(['x'], 'cat.jpg'))).toBe('/home/me/cat.jpg');
      expect(api.files.downloadUrl({ connectionId: 'local', bucket: 'b', key: 'k' })).toBeUndefined();
    } finally {
      delete window.bucketscope;
    }
  });
});
