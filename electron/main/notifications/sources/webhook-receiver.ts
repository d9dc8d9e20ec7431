// A loopback HTTP endpoint real servers deliver notifications to (MinIO webhook target, an S3-format
// forwarder, a COS/SCF-style relay). Received events are correlated with the app action that caused
// them through the engine's Correlator (latency; missing events).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { BucketEvent } from '../../../shared/bucket-event.ts';
import type { Correlator } from './correlator.ts';
import { parseNotificationBody } from './parse-notification.ts';

export interface WebhookReceiverOptions {
  port?: number;
  /** When set, deliveries must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Connection for deliveries to `/` (others POST to `/events/<connectionId>`). */
  defaultConnectionId?: string;
  /**
   * Which connections take deliveries: returns why one does not (answered 404), or undefined to accept.
   * Omitted = every connection. Keeps a server still configured for a removed connection, or for one
   * that now observes its events, from adding server events next to observed ones.
   */
  refuse?: (connectionId: string) => string | undefined;
  /** Largest accepted body. */
  maxBodyBytes?: number;
  correlator: Correlator;
  /** How long an arrival that matches no ended action waits for one (a server can beat the app's response). Default 1 s. */
  earlyArrivalGraceMs?: number;
  onEvent(connectionId: string, event: BucketEvent, latencyMs: number | undefined): void;
}

export class WebhookReceiver {
  private server: Server | undefined;
  private baseUrl = '';

  constructor(private readonly opts: WebhookReceiverOptions) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** The URL to configure on the server for one connection. */
  urlFor(connectionId: string): string {
    return `${this.baseUrl}/events/${encodeURIComponent(connectionId)}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // Servers probe a webhook target before they accept it.
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'GET' ? 'bucketscope webhook receiver\n' : undefined);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
      return;
    }
    if (!this.authorised(req.headers.authorization)) {
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end('missing or wrong bearer token\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/events\/([^/]+)\/?$/.exec(url.pathname);
    const connectionId = match !== null ? decodeURIComponent(match[1]!) : (this.opts.defaultConnectionId ?? 'webhook');
    const refusal = this.opts.refuse?.(connectionId);
    if (refusal !== undefined) {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`${refusal}\n`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, this.opts.maxBodyBytes ?? 8 * 1024 * 1024));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`not a JSON notification: ${(err as Error).message}\n`);
      return;
    }
    const arrivedAt = Date.now();
    const events = parseNotificationBody(body);
    // Answer at once (servers time out and retry slow targets); correlation may wait for the action.
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
    for (const event of events) {
      void this.opts.correlator.claimOrWait(connectionId, event, this.opts.earlyArrivalGraceMs ?? 1000).then((exp) => {
        if (exp !== undefined) event.actionId = exp.actionId;
        // An arrival before the app read its response counts as no delay at all.
        this.opts.onEvent(connectionId, event, exp !== undefined ? Math.max(0, arrivedAt - exp.respondedAt) : undefined);
      });
    }
  }

  private authorised(header: string | undefined): boolean {
    const token = this.opts.token;
    if (token === undefined || token === '') return true;
    const given = Buffer.from(header ?? '');
    const wanted = Buffer.from(`Bearer ${token}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error(`body larger than ${max} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
