import type { MethodId, PushEvent } from '../../../electron/shared/contract.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';

/** The two calls every transport (Electron IPC, loopback WebSocket, in-memory fake) offers. */
export interface Transport {
  invoke(method: MethodId, input: unknown): Promise<RpcResponse>;
  subscribe(listener: (event: PushEvent) => void): () => void;
  /** Called after the transport (re)connected, so the client can fetch the push events it missed. */
  onReconnect?(listener: () => void): () => void;
}

/** What preload exposes as `window.bucketscope` (see electron/preload). */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<RpcResponse>;
  subscribe(listener: (event: PushEvent) => void): () => void;
  /** Electron's webUtils.getPathForFile, when preload offers it: dropped files upload by path. */
  getPathForFile?(file: File): string;
}

declare global {
  interface Window {
    bucketscope?: PreloadBridge;
  }
}
