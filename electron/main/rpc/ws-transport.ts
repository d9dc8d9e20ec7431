// The contract over a loopback WebSocket, for browser mode and end-to-end tests. Same envelope as
// Electron IPC. A socket is accepted only with the session token and from the page this server served
// (Origin and Host checked, which also defeats DNS rebinding).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../shared/envelope.ts';
import type { Dispatch } from './dispatcher.ts';
import type { EventHub } from './event-hub.ts';
import type { LoopbackAuth } from '../web/loopback-auth.ts';

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function attachWsTransport(server: Server, auth: LoopbackAuth, dispatch: Dispatch, hub: EventHub): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal = url.pathname !== '/rpc' ? 'Not Found' : auth.check(req, url.searchParams.get('token'));
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal === 'Not Found' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  };

  const serve = (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = hub.subscribe((event) => send({ event }));
    ws.on('message', async (data) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(String(data)) as ClientFrame;
        if (typeof frame !== 'object' || frame === null || typeof frame.id !== 'number') throw new Error('bad frame');
      } catch {
        ws.close(1003, 'Malformed frame');
        return;
      }
      send({ id: frame.id, response: await dispatch(frame.method, frame.input) });
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  };

  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
