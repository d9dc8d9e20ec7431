import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../../electron/preload/channels.ts';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../../../electron/main/rpc/event-hub.ts';
import { createIpcTransport, type IpcMainLike, type PushTarget } from '../../../electron/main/rpc/ipc-transport.ts';
import { APP_ORIGIN } from '../../../electron/main/platform/web-guards.ts';
import type { AppApi } from '../../../electron/shared/contract.ts';

type Handler = (event: any, ...args: any[]) => unknown;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const calls: unknown[] = [];
  const api = {
    app: {
      info: async () => ({ name: 'Bucketscope', version: '1.2.3', mode: 'electron', platform: 'linux', dataDir: '/d' }),
      missedEvents: async (input: unknown) => (calls.push(input), []),
    },
  } as unknown as AppApi;
  const hub = new EventHub();
  const logged: string[] = [];
  const transport = createIpcTransport({ ipcMain, dispatch: createDispatcher(api), hub, appOrigins: [APP_ORIGIN], log: (m) => logged.push(m) });
  const contents = (id: number) => {
    const sent: unknown[][] = [];
    let destroyed = false;
    let onDestroyed: (() => void) | undefined;
    const target: PushTarget = {
      id,
      send: (...args) => void sent.push(args),
      isDestroyed: () => destroyed,
      once: (_event, listener) => (onDestroyed = listener),
    };
    return { target, sent, destroy: () => ((destroyed = true), onDestroyed?.()) };
  };
  const call = (senderId: number, frame: { url: string; parent: unknown } | null, method: unknown, input?: unknown) =>
    handlers.get(RPC_CHANNEL)!({ sender: { id: senderId }, senderFrame: frame }, method, input);
  return { handlers, hub, transport, contents, call, calls, logged };
}

const top = { url: 'app://bucketscope/index.html', parent: null };

describe('IPC transport', () => {
  it('registers one handler, on the rpc channel', () => {
    const s = setup();
    expect([...s.handlers.keys()]).toEqual([RPC_CHANNEL]);
    s.transport.close();
    expect(s.handlers.size).toBe(0);
  });

  it('dispatches a call from the app window’s main frame', async () => {
    const s = setup();
    s.transport.attach(s.contents(7).target);
    await expect(s.call(7, top, 'app.info')).resolves.toMatchObject({ ok: true, result: { version: '1.2.3' } });
    await expect(s.call(7, top, 'app.missedEvents', { afterSeq: 3 })).resolves.toEqual({ ok: true, result: [] });
    expect(s.calls).toEqual([{ afterSeq: 3 }]);
  });

  it('refuses callers that are not the app page', async () => {
    const s = setup();
    s.transport.attach(s.contents(7).target);
    const refused = { ok: false, error: { code: 'AccessDenied' } };
    await expect(s.call(8, top, 'app.info')).resolves.toMatchObject(refused);
    await expect(s.call(7, null, 'app.info')).resolves.toMatchObject(refused);
    await expect(s.call(7, { url: 'https://evil.example/', parent: null }, 'app.info')).resolves.toMatchObject(refused);
    await expect(s.call(7, { url: 'file:///tmp/x.html', parent: null }, 'app.info')).resolves.toMatchObject(refused);
    await expect(s.call(7, { url: top.url, parent: {} }, 'app.info')).resolves.toMatchObject(refused);
    expect(s.logged).toHaveLength(5);
  });

  it('refuses unknown methods and invalid input', async () => {
    const s = setup();
    s.transport.attach(s.contents(7).target);
    await expect(s.call(7, top, 'shell.openExternal', 'x')).resolves.toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    await expect(s.call(7, top, 'app.missedEvents', { afterSeq: -1 })).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(s.calls).toEqual([]);
  });

  it('pushes hub events to attached windows until they are destroyed', () => {
    const s = setup();
    const win = s.contents(7);
    s.transport.attach(win.target);
    s.hub.emit('connections', { changed: true });
    expect(win.sent).toEqual([[EVENT_CHANNEL, { seq: 1, name: 'connections', payload: { changed: true } }]]);
    win.destroy();
    s.hub.emit('connections', { changed: true });
    expect(win.sent).toHaveLength(1);
  });

  it('stops answering a window after it is destroyed', async () => {
    const s = setup();
    const win = s.contents(7);
    s.transport.attach(win.target);
    win.destroy();
    await expect(s.call(7, top, 'app.info')).resolves.toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });
});
