import { describe, expect, it } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../electron/preload/bridge.ts';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../../electron/preload/channels.ts';
import { METHOD_IDS, type PushEvent } from '../../../electron/shared/contract.ts';

/** A stand-in for ipcRenderer that records calls and can emit like main's webContents.send. */
function fakeIpc() {
  const calls: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      calls.push([channel, ...args]);
      return { ok: true, result: args[0] };
    },
    on(channel, listener) {
      (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => {
    const electronEvent = { sender: ipc, senderId: 0, ports: [] };
    for (const listener of listeners.get(channel) ?? []) listener(electronEvent, payload);
  };
  return { ipc, calls, emit, listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('preload bridge', () => {
  it('exposes invoke, subscribe and getPathForFile only, frozen', () => {
    const bridge = createBridge({ ipc: fakeIpc().ipc, methods: METHOD_IDS });
    expect(Object.keys(bridge).sort()).toEqual(['getPathForFile', 'invoke', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(JSON.stringify(bridge)).not.toContain('ipc');
  });

  it('forwards exactly the contract methods over the rpc channel', async () => {
    const fake = fakeIpc();
    const bridge = createBridge({ ipc: fake.ipc, methods: METHOD_IDS });
    for (const method of METHOD_IDS) {
      await expect(bridge.invoke(method, { probe: method })).resolves.toEqual({ ok: true, result: method });
    }
    expect(fake.calls.map((c) => c[1])).toEqual([...METHOD_IDS]);
    expect(new Set(fake.calls.map((c) => c[0]))).toEqual(new Set([RPC_CHANNEL]));
  });

  it('refuses anything else before it reaches IPC', async () => {
    const fake = fakeIpc();
    const bridge = createBridge({ ipc: fake.ipc, methods: METHOD_IDS });
    for (const method of ['constructor', '__proto__', 'toString', 'app', 'app.info.x', 'shell.openExternal', '', 42, null]) {
      const response = await bridge.invoke(method as string, {});
      expect(response, String(method)).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    }
    expect(fake.calls).toEqual([]);
  });

  it('passes push events to listeners without Electron’s event object, and unsubscribes', () => {
    const fake = fakeIpc();
    const bridge = createBridge({ ipc: fake.ipc, methods: METHOD_IDS });
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args: unknown[]) => received.push(args));
    const event: PushEvent = { seq: 1, name: 'connections', payload: { changed: true } };
    fake.emit(EVENT_CHANNEL, event);
    fake.emit('some-other-channel', { seq: 2 });
    expect(received).toEqual([[event]]);
    unsubscribe();
    unsubscribe();
    expect(fake.listenerCount(EVENT_CHANNEL)).toBe(0);
    fake.emit(EVENT_CHANNEL, { ...event, seq: 3 });
    expect(received).toHaveLength(1);
  });

  it('returns a dropped file’s path, or "" when there is none', () => {
    const bridge = createBridge({
      ipc: fakeIpc().ipc,
      methods: METHOD_IDS,
      getPathForFile: (file) => {
        if ((file as { name: string }).name === 'bad') throw new Error('not a File');
        return `/home/u/${(file as { name: string }).name}`;
      },
    });
    expect(bridge.getPathForFile({ name: 'cat.jpg' })).toBe('/home/u/cat.jpg');
    expect(bridge.getPathForFile({ name: 'bad' })).toBe('');
  });
});
