// "Test connection" with credentials a user gets wrong, against a server that really verifies SigV4: the embedded
// S3 server stands in for the remote provider (AWS, COS, R2, MinIO and Ceph all check signatures the same way).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import type { ConnectionInput } from '../../../electron/shared/dto.ts';
import { buildServices } from './support/services.ts';

const CREDENTIALS = { accessKeyId: 'REMOTETESTKEY', secretAccessKey: 'remote-test-secret-0123456789' };

let dir: string;
let server: LocalServer;
const s = buildServices();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-creds-'));
  server = await startLocalServer({ dataDir: dir, credentials: [CREDENTIALS] });
});

afterAll(async () => {
  s.pool.destroy();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const input = (extra: Partial<ConnectionInput>): ConnectionInput => ({
  name: 'MinIO', provider: 'minio', endpoint: server.endpoint, region: server.region, forcePathStyle: true, checksumMode: 'WHEN_REQUIRED',
  ...CREDENTIALS, ...extra,
});

it('the right keys connect', async () => {
  expect(await s.connections.test({ connection: input({}) })).toMatchObject({ ok: true, bucketCount: 0 });
});

it('a wrong secret, a wrong key id: each named', async () => {
  const secret = await s.connections.test({ connection: input({ secretAccessKey: 'remote-test-secret-0123456788' }) });
  expect(secret.error).toMatchObject({ code: 'SignatureDoesNotMatch', message: expect.stringMatching(/^Wrong secret key/) });
  const key = await s.connections.test({ connection: input({ accessKeyId: 'REMOTETESTKEX' }) });
  expect(key.error).toMatchObject({ code: 'InvalidAccessKeyId' });
});

it('the right secret pasted with a space after it: says so', async () => {
  const result = await s.connections.test({ connection: input({ secretAccessKey: `${CREDENTIALS.secretAccessKey} ` }) });
  expect(result.error).toMatchObject({
    code: 'SignatureDoesNotMatch',
    message: 'Wrong secret key: the one entered ends with a space',
    hint: 'Paste the secret access key again without the space around it.',
  });
  const both = await s.connections.test({ connection: input({ secretAccessKey: ` ${CREDENTIALS.secretAccessKey}\t` }) });
  expect(both.error?.message).toBe('Wrong secret key: the one entered starts and ends with a space');
});

it('a wrong region: names the region the server expects', async () => {
  // A MinIO started with MINIO_SITE_REGION=eu-central-1 answers a signature for another region like this
  // (a loopback stand-in: the embedded server accepts any region).
  const minio = createServer((req, res) => {
    req.resume();
    res.writeHead(400, { 'content-type': 'application/xml' }).end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region is wrong; expecting &#39;eu-central-1&#39;.</Message><Region>eu-central-1</Region><RequestId>1</RequestId></Error>',
    );
  });
  await new Promise<void>((resolve) => minio.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${(minio.address() as { port: number }).port}`;
    const result = await s.connections.test({ connection: input({ endpoint, region: 'us-east-1' }) });
    expect(result.error).toMatchObject({
      code: 'AuthorizationHeaderMalformed',
      message: "The authorization header is malformed; the region is wrong; expecting 'eu-central-1'.",
      hint: "Set the connection's region to eu-central-1 (or save a copy of the connection for that region).",
    });
  } finally {
    await new Promise((resolve) => minio.close(resolve));
  }
});
