// A loopback HTTP endpoint real servers deliver notifications to (MinIO webhook target, an S3-format
// forwarder, a COS/SCF-style relay). Received events are correlated with the app action that caused
// them (latency from the action's response to arrival); an expected event that does not arrive within
// `missingAfterMs` is reported as missing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { BucketEvent, EventType } from '../../../shared/bucket-event.ts';
import { parseNotificationBody } from './parse-notification.ts';

export interface Expectation {
  connectionId: string;
  actionId: string;
  type: EventType;
  bucket: string;
  key: string;
  /** Epoch ms when the action's response arrived. */
  respondedAt: number;
}

export interface WebhookReceiverOptions {
  port?: number;
  /** When set, deliveries must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Connection for deliveries to `/` (others POST to `/events/<connectionId>`). */
  defaultConnectionId?: string;
  missingAfterMs?: number;
  /** Largest accepted body. */
  maxBodyBytes?: number;
  onEvent(connectionId: string, event: BucketEvent, latencyMs: number | undefined): void;
  onMissing(expectation: Expectation): void;
}

interface Pending extends Expectation {
  timer: NodeJS.Timeout;
}

export class WebhookReceiver {
  private server: Server | undefined;
  private pending = new Map<string, Pending[]>();
  private watched = new Set<string>();
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

  /** Connections whose server delivers here: their actions expect events instead of observing them. */
  watch(connectionId: string, on = true): void {
    if (on) this.watched.add(connectionId);
    else this.watched.delete(connectionId);
  }

  isWatched(connectionId: string): boolean {
    return this.watched.has(connectionId);
  }

  expect(e: Expectation): void {
    const id = slot(e.connectionId, e.bucket, e.key);
    const timer = setTimeout(() => {
      const list = this.pending.get(id)?.filter((p) => p.timer !== timer) ?? [];
      if (list.length === 0) this.pending.delete(id);
      else this.pending.set(id, list);
      this.opts.onMissing(e);
    }, this.opts.missingAfterMs ?? 10_000);
    timer.unref();
    this.pending.set(id, [...(this.pending.get(id) ?? []), { ...e, timer }]);
  }

  async close(): Promise<void> {
    for (const list of this.pending.values()) for (const p of list) clearTimeout(p.timer);
    this.pending.clear();
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
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, this.opts.maxBodyBytes ?? 8 * 1024 * 1024));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`not a JSON notification: ${(err as Error).message}\n`);
      return;
    }
    const arrivedAt = Date.now();
    const events = parseNotificationBody(body);
    for (const event of events) {
      const exp = this.claim(connectionId, event);
      if (exp !== undefined) event.actionId = exp.actionId;
      this.opts.onEvent(connectionId, event, exp !== undefined ? arrivedAt - exp.respondedAt : undefined);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
  }

  private claim(connectionId: string, event: BucketEvent): Pending | undefined {
    const id = slot(connectionId, event.bucket, event.key);
    const list = this.pending.get(id);
    const index = list?.findIndex((p) => p.type === event.type) ?? -1;
    if (list === undefined || index < 0) return undefined;
    const [exp] = list.splice(index, 1);
    if (list.length === 0) this.pending.delete(id);
    clearTimeout(exp!.timer);
    return exp;
  }

  private authorised(header: string | undefined): boolean {
    const token = this.opts.token;
    if (token === undefined || token === '') return true;
    const given = Buffer.from(header ?? '');
    const wanted = Buffer.from(`Bearer ${token}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}

function slot(connectionId: string, bucket: string, key: string): string {
  return `${connectionId}\u0000${bucket}\u0000${key}`;
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
