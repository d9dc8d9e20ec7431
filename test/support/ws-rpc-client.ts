// A Node client for the browser-mode socket: the same frames the renderer's WebSocket transport sends.
import WebSocket from 'ws';
import type { PushEvent } from '../../electron/shared/contract.ts';
import type { RpcResponse, ServerFrame } from '../../electron/shared/envelope.ts';

export interface WsRpcClient {
  call(method: string, input?: unknown): Promise<RpcResponse>;
  events: PushEvent[];
  close(): void;
}

export async function connectWsRpc(origin: string, token: string): Promise<WsRpcClient> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/rpc?token=${encodeURIComponent(token)}`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, (response: RpcResponse) => void>();
  const events: PushEvent[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if ('event' in frame) events.push(frame.event);
    else pending.get(frame.id)?.(frame.response);
  });
  return {
    events,
    call: (method, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, input }));
      }),
    close: () => ws.close(),
  };
}
