// MinIO's ListenNotification: a long-lived signed GET that streams one JSON document per event, with
// whitespace as keep-alive, and needs no notification configuration on the server.
// https://min.io/docs/minio/linux/developers/javascript/API.html#listenBucketNotification
// `GET /<bucket>?events=s3:ObjectCreated:*&events=…&prefix=…&suffix=…`. Reconnects after a drop.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { createInterface } from 'node:readline';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BucketEvent } from '../../../shared/bucket-event.ts';
import { NodeSha256 } from '../../node-sha256.ts';
import { parseNotificationBody } from './parse-notification.ts';

export interface MinioListenOptions {
  connectionId: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** The connection's own trusted certificates (PEM), added to the system's for this stream. */
  caCertificate?: string | undefined;
  bucket: string;
  events?: string[];
  prefix?: string;
  suffix?: string;
  /** Wait before reconnecting after the stream ends or fails (default 1 s). */
  reconnectMs?: number;
  onEvent(connectionId: string, event: BucketEvent): void;
  onError?(err: Error): void;
}

export class MinioListener {
  private response: IncomingMessage | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly signer: SignatureV4;

  constructor(private readonly opts: MinioListenOptions) {
    this.signer = new SignatureV4({
      service: 's3',
      region: opts.region || 'us-east-1',
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}) },
      sha256: NodeSha256 as never,
      uriEscapePath: true,
    });
  }

  /** Resolves once the server accepted the stream (status 200); rejects on the first failure. */
  async start(): Promise<void> {
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.response?.destroy();
  }

  private async connect(): Promise<void> {
    const url = new URL(this.opts.endpoint);
    const base = url.pathname.replace(/\/+$/, '');
    const query: Record<string, string | string[]> = { events: this.opts.events ?? ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] };
    if (this.opts.prefix) query['prefix'] = this.opts.prefix;
    if (this.opts.suffix) query['suffix'] = this.opts.suffix;
    const signed = await this.signer.sign({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: `${base}/${encodeURIComponent(this.opts.bucket)}`,
      query,
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    await new Promise<void>((resolve, reject) => {
      // Node's `ca` replaces the system's CAs: a connection's own certificate is added to them, as its S3 client does.
      const ca = url.protocol === 'https:' && this.opts.caCertificate ? { ca: [...rootCertificates, this.opts.caCertificate] } : {};
      const req = send(
        { method: 'GET', hostname: url.hostname, port: url.port || undefined, path: `${signed.path}?${search.toString().replace(/\+/g, '%20')}`, headers: signed.headers, ...ca },
        (res) => {
          if (res.statusCode !== 200) {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => reject(new Error(`ListenNotification answered ${res.statusCode}: ${body.slice(0, 300)}`)));
            return;
          }
          this.response = res;
          resolve();
          createInterface({ input: res }).on('line', (line) => this.onLine(line));
          res.on('close', () => this.scheduleReconnect());
        },
      );
      req.on('error', (err) => {
        reject(err);
        if (this.response !== undefined) this.scheduleReconnect();
      });
      req.end();
    });
  }

  private onLine(line: string): void {
    if (line.trim() === '') return; // keep-alive
    try {
      for (const event of parseNotificationBody(JSON.parse(line))) this.opts.onEvent(this.opts.connectionId, event);
    } catch (err) {
      this.opts.onError?.(err as Error);
    }
  }

  private scheduleReconnect(): void {
    this.response = undefined;
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.opts.onError?.(err as Error);
        this.scheduleReconnect();
      });
    }, this.opts.reconnectMs ?? 1000);
    this.timer.unref();
  }
}
