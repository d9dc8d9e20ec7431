// Shared set-up for the local-server integration tests: a real server on port 0 over a temp dir, and the real
// AWS SDK client with its default settings (aws-chunked uploads with CRC32 trailers), path-style.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type { BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';

// The SDK warns once that future versions need Node 22; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST', secretAccessKey: 'local-test-secret-key' };

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

let counter = 0;
export const bucketName = (tag: string): string => `${tag}-${process.pid}-${++counter}`.toLowerCase();

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
