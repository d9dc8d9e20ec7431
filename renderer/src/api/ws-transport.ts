// Browser mode transport: one WebSocket to the loopback server, frames per electron/shared/envelope.ts.
// Calls made while disconnected wait for the socket; calls in flight when it drops fail with Unavailable
// (they may or may not have run, so they are not replayed). Reconnects with capped backoff.
import type { MethodId, PushEvent } from '../../../electron/shared/contract.ts';
import type { ClientFrame, RpcResponse, ServerFrame } from '../../../electron/shared/envelope.ts';
import { AppError } from '../../../electron/shared/errors.ts';
import type { Transport } from './transport.ts';

type Pending = { resolve: (r: RpcResponse) => void; reject: (e: unknown) => void };

export type ConnectionState = 'connecting' | 'open' | 'closed';

export class WsTransport implements Transport {
  #url: string;
  #socket: WebSocket | undefined;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #queue: ClientFrame[] = [];
  #listeners = new Set<(e: PushEvent) => void>();
  #reconnectListeners = new Set<() => void>();
  #stateListeners = new Set<(s: ConnectionState) => void>();
  #attempt = 0;
  #opened = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #WebSocketImpl: typeof WebSocket;

  constructor(url: string, WebSocketImpl: typeof WebSocket = WebSocket) {
    this.#url = url;
    this.#WebSocketImpl = WebSocketImpl;
    this.#connect();
  }

  invoke(method: MethodId, input: unknown): Promise<RpcResponse> {
    const frame: ClientFrame = { id: this.#nextId++, method, input };
    return new Promise((resolve, reject) => {
      this.#pending.set(frame.id, { resolve, reject });
      if (this.#socket?.readyState === this.#WebSocketImpl.OPEN) this.#socket.send(JSON.stringify(frame));
      else this.#queue.push(frame);
    });
  }

  subscribe(listener: (e: PushEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  /** Failed connection attempts since the socket was last open. */
  get failures(): number {
    return this.#attempt;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  close(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
  }

  #setState(state: ConnectionState) {
    for (const l of this.#stateListeners) l(state);
  }

  #connect() {
    this.#setState('connecting');
    const socket = new this.#WebSocketImpl(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setState('open');
      for (const frame of this.#queue.splice(0)) socket.send(JSON.stringify(frame));
      if (this.#opened) for (const l of this.#reconnectListeners) l();
      this.#opened = true;
    };
    socket.onmessage = (msg) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(msg.data)) as ServerFrame;
      } catch {
        return;
      }
      if ('event' in frame) {
        for (const l of this.#listeners) l(frame.event);
      } else {
        const pending = this.#pending.get(frame.id);
        this.#pending.delete(frame.id);
        pending?.resolve(frame.response);
      }
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#setState('closed');
      // Queued frames were never sent: keep them for the next socket. Sent ones are lost.
      const queued = new Set(this.#queue.map((f) => f.id));
      for (const [id, pending] of this.#pending) {
        if (queued.has(id)) continue;
        this.#pending.delete(id);
        pending.reject(
          new AppError({
            code: 'Unavailable',
            message: 'Lost the connection to Bucketscope before it answered.',
            hint: 'Check that Bucketscope is still running; the window reconnects by itself.',
          }),
        );
      }
      if (this.#stopped) return;
      const delay = Math.min(5000, 250 * 2 ** this.#attempt++);
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }
}
