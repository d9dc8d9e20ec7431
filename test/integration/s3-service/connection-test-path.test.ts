// "Test connection" against an endpoint with a bucket in its path: the embedded server answers the would-be
// ListBuckets (GET /photos/) with that bucket's ListObjects, which used to read as "Connected · 0 buckets".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import { buildServices } from './support/services.ts';

const CREDENTIALS = { accessKeyId: 'PATHTESTKEY', secretAccessKey: 'path-test-secret-0123456789' };
let dir: string;
let server: LocalServer;
let s: ReturnType<typeof buildServices>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-conn-path-'));
  server = await startLocalServer({ dataDir: dir, credentials: [CREDENTIALS] });
  const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
  await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'a.txt', Body: 'a' }));
  client.destroy();
  s = buildServices();
});

afterAll(async () => {
  await s?.engine.close();
  s?.pool.destroy();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const input = (endpoint: string) => ({
  connection: { name: 't', provider: 'custom' as const, endpoint, region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED' as const, ...CREDENTIALS },
});

it('refuses an endpoint that names a bucket, saying which part to remove', async () => {
  const result = await s.connections.test(input(`${server.endpoint}/photos`));
  expect(result.ok).toBe(false);
  expect(result.error).toMatchObject({
    code: 'InvalidInput',
    message: "The endpoint ends in /photos, and the server answered with a bucket's listing instead of its list of buckets",
  });
  expect(result.error?.hint).toContain('Remove /photos from the endpoint');
});

it('still counts the buckets at the server’s own address', async () => {
  expect(await s.connections.test(input(server.endpoint))).toMatchObject({ ok: true, bucketCount: 1 });
  expect(await s.connections.test(input(`${server.endpoint}/`))).toMatchObject({ ok: true, bucketCount: 1 });
});
