// Browser mode: the built renderer, the contract over WebSocket, and the upload/download endpoints, on
// 127.0.0.1 only. The printed URL carries the session token in its fragment.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../rpc/dispatcher.ts';
import type { EventHub } from '../rpc/event-hub.ts';
import { attachWsTransport } from '../rpc/ws-transport.ts';
import { LoopbackAuth } from './loopback-auth.ts';
import { serveStatic } from './static-files.ts';
import { handleDownload, handleUpload, type BrowserTransfers } from './transfer-endpoints.ts';
import { ZipDownloads } from './zip-download.ts';

export interface BrowserServerOptions {
  dispatch: Dispatch;
  hub: EventHub;
  transfers: BrowserTransfers;
  /** Directory of the built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /**
   * Without `port`: a file that keeps the port across restarts. The page's origin (http://127.0.0.1:PORT) then
   * stays the same, so what the window keeps in localStorage (panel sizes, the last folder) survives a restart.
   */
  rememberPortIn?: string;
  token?: string;
}

export interface BrowserServer {
  port: number;
  /** Open this: it carries the token in the fragment. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function readRememberedPort(file: string): Promise<number | undefined> {
  const port = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const auth = new LoopbackAuth(options.token);
  const { zipEntries, openObject } = options.transfers;
  const zips = zipEntries && openObject ? new ZipDownloads({ zipEntries: zipEntries.bind(options.transfers), openObject: openObject.bind(options.transfers) }) : undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!auth.hostAllowed(req)) return void res.writeHead(403).end('Host not allowed');
    if (url.pathname === '/upload' || url.pathname === '/download' || url.pathname === '/download-zip') {
      // A link the browser follows carries the token in its query; what the page sends itself, in a header.
      const token = req.method === 'GET' ? url.searchParams.get('token') : auth.bearer(req);
      const refusal = auth.check(req, token);
      if (refusal) {
        req.resume();
        return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end(refusal);
      }
      if (url.pathname === '/upload' && req.method === 'PUT') return void handleUpload(options.transfers, req, res, url.searchParams);
      if (url.pathname === '/download' && req.method === 'GET') return void handleDownload(options.transfers, res, url.searchParams);
      if (url.pathname === '/download-zip' && !zips) return void res.writeHead(501).end();
      if (url.pathname === '/download-zip' && req.method === 'POST') return void zips!.prepare(req, res);
      if (url.pathname === '/download-zip' && req.method === 'GET') return void zips!.download(res, url.searchParams);
      return void res.writeHead(405).end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    void serveStatic(options.rendererDir, req, res);
  });
  const detach = attachWsTransport(server, auth, options.dispatch, options.hub);
  const remembered = options.port === undefined && options.rememberPortIn !== undefined ? await readRememberedPort(options.rememberPortIn) : undefined;
  try {
    await listen(server, options.port ?? remembered ?? 0);
  } catch (err) {
    // The remembered port is taken (another instance, another program): any free one, remembered instead.
    if (remembered === undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await listen(server, 0);
  }
  const port = (server.address() as AddressInfo).port;
  if (options.rememberPortIn !== undefined && port !== remembered) await writeFile(options.rememberPortIn, `${port}\n`).catch(() => undefined);
  auth.bind(port);
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token: auth.token,
    url: `${origin}/#token=${auth.token}`,
    close: async () => {
      detach();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
