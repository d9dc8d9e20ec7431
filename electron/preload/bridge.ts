// Builds the object preload exposes as `window.bucketscope`. Pure (the IPC object is passed in) so a test
// can check it with a fake: only allowlisted method ids reach IPC, listeners get the PushEvent and never
// Electron's event object (which would hand the page `sender`, i.e. ipcRenderer itself).
import type { PushEvent } from '../shared/contract.ts';
import type { RpcResponse } from '../shared/envelope.ts';
import { EVENT_CHANNEL, RPC_CHANNEL } from './channels.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Matches renderer/src/api/transport.ts `PreloadBridge`. */
export interface BucketscopeBridge {
  invoke(method: string, input?: unknown): Promise<RpcResponse>;
  subscribe(listener: (event: PushEvent) => void): () => void;
  /** Path of a dropped File (Electron's webUtils.getPathForFile); '' for files that have none. */
  getPathForFile(file: unknown): string;
}

export interface BridgeOptions {
  ipc: IpcRendererLike;
  methods: readonly string[];
  getPathForFile?: (file: unknown) => string;
}

export function createBridge({ ipc, methods, getPathForFile }: BridgeOptions): BucketscopeBridge {
  const allowed = new Set(methods);
  const bridge: BucketscopeBridge = {
    invoke(method, input) {
      if (typeof method !== 'string' || !allowed.has(method)) {
        // Refused here, before IPC: a compromised page cannot even probe main with other channels.
        return Promise.resolve({
          ok: false,
          error: { code: 'UnknownMethod', message: `Unknown method: ${String(method).slice(0, 100)}` },
        });
      }
      return ipc.invoke(RPC_CHANNEL, method, input) as Promise<RpcResponse>;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe expects a function');
      const forward = (_event: unknown, pushEvent: unknown): void => listener(pushEvent as PushEvent);
      ipc.on(EVENT_CHANNEL, forward);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
    getPathForFile(file) {
      try {
        return getPathForFile?.(file) ?? '';
      } catch {
        return '';
      }
    },
  };
  return Object.freeze(bridge);
}
