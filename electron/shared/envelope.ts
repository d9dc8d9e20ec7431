// One request/response/event envelope, used unchanged over Electron IPC and the loopback WebSocket.
import type { AppErrorDto } from './errors.ts';
import type { PushEvent } from './contract.ts';

export type RpcResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: AppErrorDto };

/** WebSocket frames (Electron IPC carries the same RpcResponse / PushEvent objects directly). */
export type ClientFrame = { id: number; method: string; input?: unknown };
export type ServerFrame = { id: number; response: RpcResponse } | { event: PushEvent };
