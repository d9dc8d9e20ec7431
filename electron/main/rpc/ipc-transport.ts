// Electron IPC transport: one `ipcMain.handle` for requests, one push channel for events. Carries the
// same RpcResponse / PushEvent envelopes as the WebSocket transport. A request is answered only when it
// comes from the main frame of one of the app's windows showing the app's own origin (not a subframe, not
// a page that navigated elsewhere) and names a method of the contract; the dispatcher then validates the
// input. https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
// Electron objects are passed in (types only here), so this module is unit tested with fakes.
import type { IpcMainInvokeEvent } from 'electron';
import { isMethodId } from '../../shared/contract.ts';
import type { RpcResponse } from '../../shared/envelope.ts';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../preload/channels.ts';
import { isAppUrl } from '../platform/web-guards.ts';
import type { Dispatch } from './dispatcher.ts';
import type { EventHub } from './event-hub.ts';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

/** The part of WebContents the transport uses. */
export interface PushTarget {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  hub: EventHub;
  /** Origins the renderer is served from: app://bucketscope, plus the dev server in development. */
  appOrigins: readonly string[];
  log?: (message: string) => void;
}

export interface IpcTransport {
  /** Lets this window's page call main and receive push events; returns a detach function. */
  attach(contents: PushTarget): () => void;
  close(): void;
}

export type SenderCheck = { ok: true } | { ok: false; reason: string };

/** Pure sender check, exported for the unit test. */
export function checkSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  attachedIds: ReadonlySet<number>,
  appOrigins: readonly string[],
): SenderCheck {
  if (!attachedIds.has(event.sender.id)) return { ok: false, reason: 'sender is not an app window' };
  const frame = event.senderFrame;
  // senderFrame is null when the frame navigated or was destroyed after sending.
  if (!frame) return { ok: false, reason: 'sender frame is gone' };
  if (frame.parent !== null) return { ok: false, reason: 'sender is a subframe' };
  if (!isAppUrl(frame.url, appOrigins)) return { ok: false, reason: `sender origin not allowed: ${frame.url.slice(0, 100)}` };
  return { ok: true };
}

export function createIpcTransport(options: IpcTransportOptions): IpcTransport {
  const { ipcMain, dispatch, hub, appOrigins, log = () => {} } = options;
  const attached = new Map<number, () => void>();
  const attachedIds = new Set<number>();

  ipcMain.handle(RPC_CHANNEL, async (event, method: unknown, input: unknown): Promise<RpcResponse> => {
    const check = checkSender(event, attachedIds, appOrigins);
    if (!check.ok) {
      log(`refused IPC call: ${check.reason}`);
      return { ok: false, error: { code: 'AccessDenied', message: 'Request refused: not from the app window' } };
    }
    if (!isMethodId(method)) {
      return { ok: false, error: { code: 'UnknownMethod', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    return dispatch(method, input);
  });

  return {
    attach(contents) {
      const id = contents.id;
      attached.get(id)?.();
      const unsubscribe = hub.subscribe((pushEvent) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, pushEvent);
      });
      const detach = (): void => {
        unsubscribe();
        attached.delete(id);
        attachedIds.delete(id);
      };
      attached.set(id, detach);
      attachedIds.add(id);
      contents.once('destroyed', detach);
      return detach;
    },
    close() {
      for (const detach of [...attached.values()]) detach();
      ipcMain.removeHandler(RPC_CHANNEL);
    },
  };
}
