// Shared set-up for the local-server integration tests: a real server on port 0 over a temp dir, and the real
// AWS SDK client with its default settings (aws-chunked uploads with CRC32 trailers), path-style.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'vitest';
import type { BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';

// The SDK warns once that future versions need Node 22; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { CREDENTIALS } from './credentials.ts';

export { CREDENTIALS };

export interface Harness {
  server: LocalServer;
  client: S3Client;
  dataDir: string;
  root: string;
  events: BucketEvent[];
  close(): Promise<void>;
}

export function makeClient(endpoint: string, credentials = CREDENTIALS, extra: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1, ...extra });
}

export async function startHarness(): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'bs-local-'));
  const dataDir = join(root, 'data');
  const server = await startLocalServer({ dataDir, credentials: [CREDENTIALS] });
  const client = makeClient(server.endpoint);
  const events: BucketEvent[] = [];
  server.onEvent((e) => events.push(e));
  return {
    server,
    client,
    dataDir,
    root,
    events,
    close: async () => {
      client.destroy();
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A server whose data directory outlives it, for tests that restart it; `client` is the current server's. */
export interface RestartableServer {
  readonly client: S3Client;
  /** Every BucketEvent the servers emitted, across restarts. */
  readonly events: BucketEvent[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRestartable(): Promise<RestartableServer> {
  const root = await mkdtemp(join(tmpdir(), 'bs-restart-'));
  const events: BucketEvent[] = [];
  const start = async (): Promise<{ server: LocalServer; client: S3Client }> => {
    const server = await startLocalServer({ dataDir: join(root, 'data'), credentials: [CREDENTIALS] });
    server.onEvent((e) => events.push(e));
    return { server, client: makeClient(server.endpoint) };
  };
  let current = await start();
  const stop = async (): Promise<void> => {
    current.client.destroy();
    await current.server.close();
  };
  return {
    get client() {
      return current.client;
    },
    events,
    async restart() {
      await stop();
      current = await start();
    },
    async close() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A server in a child process (see child-server.ts), for the crash tests: they kill it with SIGKILL. */
export interface ChildServer {
  child: ChildProcess;
  endpoint: string;
  /** SIGKILL, resolving once the process is gone. */
  kill(): Promise<void>;
}

export async function startChildServer(dataDir: string): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'child-server.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => resolve((JSON.parse(l) as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`child server exited early (${code})`)));
  });
  return {
    child,
    endpoint,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

let counter = 0;
export const bucketName = (tag: string): string => `${tag}-${process.pid}-${++counter}`.toLowerCase();

/** A harness and one new bucket in it, for a file whose tests share both. */
export async function startHarnessWithBucket(tag: string): Promise<{ h: Harness; bucket: string }> {
  const h = await startHarness();
  const bucket = bucketName(tag);
  await h.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return { h, bucket };
}

/** Every path under `dir` (to prove nothing was written outside the data directory). */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath ?? dir, e.name));
  return out.sort();
}

export async function bodyBytes(body: unknown): Promise<Buffer> {
  return Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** Awaits an SDK call that must fail with `code` (undefined: status only — the SDK names no code for a bodiless 304). */
export async function expectS3Error(p: Promise<unknown>, code: string | undefined, status?: number): Promise<S3ServiceException> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected ${code ?? status}`).toBeInstanceOf(S3ServiceException);
  const err = e as S3ServiceException;
  if (code !== undefined) expect(err.name).toBe(code);
  if (status !== undefined) expect(err.$metadata.httpStatusCode).toBe(status);
  return err;
}

const toBuf = (d: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** node:crypto SHA-256 in the shape @smithy/signature-v4 expects (the SDK's own signer signs raw test requests). */
class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuf(secret));
  }
  update(d: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBuf(d));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {}
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  signingDate?: Date;
  /** Payload hash to sign; default: SHA-256 of the body. */
  payloadHash?: string;
  /** Skip signing entirely. */
  unsigned?: boolean;
}

/** SigV4 headers (and query) for a hand-made request, signed by @smithy/signature-v4. */
export async function signRequest(
  url: URL,
  r: Pick<RawRequest, 'method' | 'path' | 'query' | 'credentials' | 'signingDate'>,
  headers: Record<string, string>,
  payloadHash: string,
): Promise<{ headers: Record<string, string>; query: Record<string, string> }> {
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: r.credentials ?? CREDENTIALS, sha256: Sha256, uriEscapePath: false });
  const signed = await signer.sign(
    { method: r.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: r.path, query: r.query ?? {}, headers: { ...headers, 'x-amz-content-sha256': payloadHash } },
    { signingDate: r.signingDate ?? new Date() },
  );
  return { headers: signed.headers, query: signed.query as Record<string, string> };
}

/** A hand-made request signed by @smithy/signature-v4, for inputs the SDK refuses to send. */
export async function rawRequest(endpoint: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  const headers: Record<string, string> = {
    host: url.host,
    'content-length': String(body.length),
    ...r.headers,
  };
  let query = r.query ?? {};
  if (!r.unsigned) {
    const signed = await signRequest(url, r, headers, r.payloadHash ?? createHash('sha256').update(body).digest('hex'));
    Object.assign(headers, signed.headers);
    query = signed.query;
  }
  const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: r.method, path: r.path + (qs ? `?${qs}` : ''), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const errorCode = (body: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
