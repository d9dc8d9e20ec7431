// The HTTP front: parses the request line (path-style, or virtual-host style under *.localhost), authenticates,
// resolves the operation, runs its handler and writes the S3 response or S3 error document.
import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { ACTION_ID_HEADER, type BucketEvent, type BucketEventListener } from '../../shared/bucket-event.ts';
import { verifyRequest, type AuthResult, type SecretLookup } from './auth/verify-request.ts';
import type { EventDraft, Handler, RequestContext, S3Response } from './context.ts';
import { S3Error } from './errors.ts';
import { corsHeaders, matchCorsRule } from './cors.ts';
import type { DestinationCheck, NotificationConfiguration } from './notification-config.ts';
import { createHandlers } from './operations/index.ts';
import { isValidBucketName, MAX_KEY_BYTES } from './operations/common.ts';
import { resolveOperation, type OperationName } from './resolve-operation.ts';
import { nextSequencer } from './sequencer.ts';
import type { ObjectStore } from './storage/object-store.ts';
import { errorDocument } from './xml/error-document.ts';

export type NotificationConfigListener = (bucket: string, config: NotificationConfiguration | undefined) => void;

export interface HttpServerDeps {
  store: ObjectStore;
  lookup: SecretLookup;
  region: string;
}

interface ParsedTarget {
  bucket: string;
  key: string;
  rawPath: string;
  query: Record<string, string>;
  signedQuery: Record<string, string | string[]>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid URI encoding');
  }
}

function parseTarget(url: string, host: string): ParsedTarget {
  const q = url.indexOf('?');
  const rawPath = q >= 0 ? url.slice(0, q) : url;
  const rawQuery = q >= 0 ? url.slice(q + 1) : '';
  const query: Record<string, string> = {};
  const signedQuery: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = eq >= 0 ? decode(pair.slice(eq + 1)) : '';
    if (!(name in query)) query[name] = value;
    const prev = signedQuery[name];
    signedQuery[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  // Virtual-host style: <bucket>.localhost[:port]
  const vhost = /^([a-z0-9][a-z0-9.-]*)\.localhost(?::\d+)?$/.exec(host.toLowerCase());
  if (vhost) return { bucket: vhost[1] as string, key: decode(rawPath.slice(1)), rawPath, query, signedQuery };
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const bucket = decode(slash >= 0 ? path.slice(0, slash) : path);
  const key = slash >= 0 ? decode(path.slice(slash + 1)) : '';
  return { bucket, key, rawPath, query, signedQuery };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

// Request ids are 16 random hex digits like S3's; drawing them from a pooled buffer avoids one synchronous
// randomBytes call per request.
let idPool = Buffer.alloc(0);
let idOffset = 0;
function nextRequestId(): string {
  if (idOffset + 8 > idPool.length) {
    idPool = randomBytes(8 * 512);
    idOffset = 0;
  }
  idOffset += 8;
  return idPool.toString('hex', idOffset - 8, idOffset).toUpperCase();
}

/** A request that asked for 100 Continue and whose body has not started (see the checkContinue listener). */
function expectsUnsentBody(req: IncomingMessage): boolean {
  return /100-continue/i.test(req.headers.expect ?? '') && !req.readableFlowing && !req.complete;
}

const ANONYMOUS: AuthResult = { accessKeyId: '', payloadHash: 'UNSIGNED-PAYLOAD', signingKey: new Uint8Array(), longDate: '', scope: '', signature: '' };

export class S3HttpServer {
  private readonly server: Server;
  private readonly handlers: Record<OperationName, Handler>;
  private readonly eventListeners = new Set<BucketEventListener>();
  private readonly configListeners = new Set<NotificationConfigListener>();
  private endpointUrl = '';
  private destinationCheck: DestinationCheck | undefined;

  constructor(private readonly deps: HttpServerDeps) {
    this.handlers = createHandlers(deps.lookup);
    this.server = createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 65_000;
    // `Expect: 100-continue` (the AWS SDKs and aws-cli send it with large bodies): Node would answer 100 at once.
    // Instead 100 goes out when the handler starts reading the body, so whatever is judged from the request line
    // and headers (signature, bucket, upload id, a create-only PUT of an existing key, sizes) is answered before
    // the client sends a byte of the body, as S3 does.
    this.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      req.once('resume', () => {
        if (!res.headersSent) res.writeContinue();
      });
      void this.handle(req, res);
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.clientError(err, socket));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.endpointUrl = `http://${host}:${address.port}`;
        resolve(address);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  onEvent(listener: BucketEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onNotificationConfigChange(listener: NotificationConfigListener): () => void {
    this.configListeners.add(listener);
    return () => this.configListeners.delete(listener);
  }

  /** Installs (or with undefined removes) the check PutBucketNotificationConfiguration runs on destinations. */
  setDestinationCheck(check: DestinationCheck | undefined): void {
    this.destinationCheck = check;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', requestId);
    res.setHeader('server', 'Bucketscope');
    const method = (req.method ?? 'GET').toUpperCase();
    let resource = req.url ?? '/';
    let cors: Record<string, string> | undefined;
    try {
      const headers = flattenHeaders(req);
      const target = parseTarget(req.url ?? '/', headers.host ?? '');
      resource = target.rawPath;
      const operation = resolveOperation(method, target.bucket || undefined, target.key || undefined, target.query, headers);
      if (headers.origin !== undefined && operation !== 'CorsPreflight') cors = this.corsFor(target.bucket, headers.origin, method);
      if (target.bucket && !isValidBucketName(target.bucket)) throw new S3Error('InvalidBucketName', undefined, { BucketName: target.bucket });
      if (Buffer.byteLength(target.key, 'utf8') > MAX_KEY_BYTES) {
        throw new S3Error('KeyTooLongError', undefined, { Size: String(Buffer.byteLength(target.key)), MaxSizeAllowed: String(MAX_KEY_BYTES) });
      }
      const auth = (operation === 'PostObject' && headers.authorization === undefined) || operation === 'CorsPreflight'
        ? ANONYMOUS
        : await verifyRequest({ method, rawPath: target.rawPath, query: target.signedQuery, headers }, this.deps.lookup);
      const ctx: RequestContext = {
        req,
        requestId,
        method,
        bucket: target.bucket,
        key: target.key,
        query: target.query,
        headers,
        auth,
        store: this.deps.store,
        region: this.deps.region,
        endpoint: this.endpointUrl,
        emit: (draft) => this.emit(ctx, draft),
        notificationConfigChanged: (bucket) => this.configChanged(bucket),
        destinationCheck: this.destinationCheck,
      };
      const response = await this.handlers[operation](ctx);
      this.send(req, res, cors ? { ...response, headers: { ...response.headers, ...cors } } : response);
    } catch (e) {
      const error = e instanceof S3Error ? e : new S3Error('InternalError');
      if (!(e instanceof S3Error)) console.error('[local-server] internal error', e);
      this.sendError(req, res, error, resource, requestId, cors);
    }
  }

  /** Access-Control-* headers for a request from a browser origin the bucket's CORS rules allow (S3 adds them to errors too). */
  private corsFor(bucket: string, origin: string, method: string): Record<string, string> | undefined {
    const rules = bucket ? this.deps.store.getBucket(bucket)?.cors : undefined;
    if (!rules?.length) return undefined;
    const rule = matchCorsRule(rules, origin, method);
    return rule ? corsHeaders(rule, origin) : undefined;
  }

  /**
   * A request Node's HTTP parser refused before any handler ran. Node's default answer is a bare 400 with no body,
   * which clients print as "400 Bad Request:" and nothing else; this answers an S3 error document saying what was
   * wrong. The case met in practice: rclone's --s3-use-presigned-request (its default before 1.59) sends
   * Content-Length twice with the same value, which S3 accepts and Node's parser rejects even in its lenient mode.
   */
  private clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    // As Node's own handler: write nothing on a socket whose response has started (pipelined request after it).
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = nextRequestId();
    const error = err.code === 'HPE_HEADER_OVERFLOW'
      ? new S3Error('RequestHeaderSectionTooLarge')
      : new S3Error('InvalidRequest', err.code === 'HPE_UNEXPECTED_CONTENT_LENGTH'
        ? 'The request has more than one Content-Length header (or Content-Length with Transfer-Encoding); this server accepts one.'
        : `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`);
    const body = Buffer.from(errorDocument(error, '/', requestId), 'utf8');
    const head = [
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
      'content-type: application/xml',
      `content-length: ${body.length}`,
      `x-amz-request-id: ${requestId}`,
      'server: Bucketscope',
      'connection: close',
    ];
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
  }

  private send(req: IncomingMessage, res: ServerResponse, r: S3Response): void {
    res.statusCode = r.status ?? 200;
    if (expectsUnsentBody(req)) res.setHeader('connection', 'close'); // answered without reading the body
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    const body = r.body;
    if (body instanceof Readable) {
      body.on('error', () => res.destroy());
      res.on('close', () => body.destroy());
      body.pipe(res);
      return;
    }
    if (body !== undefined && req.method !== 'HEAD') {
      const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      res.setHeader('content-length', buf.length);
      res.end(buf);
      return;
    }
    if (!res.hasHeader('content-length')) res.setHeader('content-length', 0);
    res.end();
  }

  private sendError(req: IncomingMessage, res: ServerResponse, error: S3Error, resource: string, requestId: string, cors?: Record<string, string>): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const h of res.getHeaderNames()) if (!['x-amz-request-id', 'x-amz-id-2', 'server'].includes(h)) res.removeHeader(h);
    res.statusCode = error.status;
    // Refused before 100 Continue: the client may or may not send the body now, so the connection cannot carry
    // another request (its next bytes could be this body).
    if (expectsUnsentBody(req)) res.setHeader('connection', 'close');
    for (const [k, v] of Object.entries({ ...error.headers, ...cors })) res.setHeader(k, v);
    if (req.method === 'HEAD' || error.status === 304) {
      res.setHeader('content-length', 0);
      res.end();
      return;
    }
    const body = Buffer.from(errorDocument(error, resource, requestId), 'utf8');
    res.setHeader('content-type', 'application/xml');
    res.setHeader('content-length', body.length);
    res.end(body);
  }

  private emit(ctx: RequestContext, draft: EventDraft): void {
    // Nobody subscribed (e.g. `npm run serve` without a UI): building the event is wasted work per request.
    if (this.eventListeners.size === 0) return;
    const actionId = ctx.headers[ACTION_ID_HEADER];
    const remote = ctx.req.socket.remoteAddress ?? '';
    const event: BucketEvent = {
      ...draft,
      sequencer: nextSequencer(),
      time: new Date().toISOString(),
      requestId: ctx.requestId,
      sourceIp: remote.startsWith('::ffff:') ? remote.slice(7) : remote,
      ...(actionId ? { actionId } : {}),
      ...(ctx.auth.accessKeyId ? { accessKeyId: ctx.auth.accessKeyId } : {}),
      ...(ctx.headers['user-agent'] ? { userAgent: ctx.headers['user-agent'].slice(0, 512) } : {}),
      source: 'embedded',
    };
    for (const l of this.eventListeners) {
      try {
        l(event);
      } catch (e) {
        console.error('[local-server] event listener failed', e);
      }
    }
  }

  private configChanged(bucket: string): void {
    const config = this.deps.store.getBucket(bucket)?.notification;
    for (const l of this.configListeners) {
      try {
        l(bucket, config);
      } catch (e) {
        console.error('[local-server] notification config listener failed', e);
      }
    }
  }
}
