// A streamed single-request file upload is retried by the engine (the SDK cannot replay a stream), from a
// fresh read of the file. A small HTTP proxy in front of the embedded server answers chosen PUTs with an S3
// error document and forwards everything else unchanged (Host included, so signatures still verify).
// The pool's SDK retries are off (maxAttempts 1): a success after a 503 is the engine's own retry.
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../../electron/main/connections/connection-store.ts';
import { MemorySecretStore } from '../../../electron/main/connections/secret-store.ts';
import { S3ClientPool } from '../../../electron/main/s3-client/client-pool.ts';
import { TransferEngine } from '../../../electron/main/s3-client/transfer-engine.ts';
import { MemorySettingsStore } from '../../../electron/main/settings/settings-store.ts';
import { RecordingRecorder } from '../s3-service/support/recording-recorder.ts';
import { startTransferHarness, type TransferHarness } from './support.ts';

let h: TransferHarness;
let proxy: Server;
/** Status and S3 error code for the next PUTs; an empty list forwards them. */
const failures: { status: number; code: string }[] = [];
let puts = 0;
let engine: TransferEngine;
let pool: S3ClientPool;
let connectionId: string;

beforeAll(async () => {
  h = await startTransferHarness();
  const target = new URL(h.server.endpoint);
  proxy = createServer((req, res) => {
    if (req.method === 'PUT' && req.url?.includes('/retry-bucket/')) {
      puts++;
      const failure = failures.shift();
      if (failure) {
        req.resume();
        req.on('end', () => {
          res.writeHead(failure.status, { 'content-type': 'application/xml', connection: 'close' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${failure.code}</Code><Message>injected by the test proxy</Message></Error>`);
        });
        return;
      }
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const store = new ConnectionStore({ settings: new MemorySettingsStore(), secrets: new MemorySecretStore() });
  const saved = await store.save({
    name: 'via proxy',
    provider: 'custom',
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_SUPPORTED',
    accessKeyId: 'TRANSFERKEY',
    secretAccessKey: 'transfer-test-secret-0123456789',
  });
  connectionId = saved.id;
  pool = new S3ClientPool({ resolve: (id) => store.resolve(id), tuning: { maxAttempts: 1 } });
  engine = new TransferEngine({ clients: pool, recorder: new RecordingRecorder(), progressIntervalMs: 0 });
  await (await h.client(h.local)).send(new CreateBucketCommand({ Bucket: 'retry-bucket' }));
});

afterAll(async () => {
  await engine?.close();
  pool?.destroy();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await h?.close();
});

async function upload(key: string, data: Buffer) {
  const file = path.join(h.tmp, key);
  await writeFile(file, data);
  puts = 0;
  const started = engine.enqueueUpload({ connectionId, bucket: 'retry-bucket', key, body: { path: file } });
  return engine.settled(started.id);
}

describe('streamed file PUT retries', () => {
  it('retries a 503 SlowDown with a fresh read of the file', async () => {
    const data = Buffer.alloc(1024 * 1024 + 3, 4);
    failures.push({ status: 503, code: 'SlowDown' });
    const final = await upload('after-503.bin', data);
    expect(final).toMatchObject({ state: 'done', loaded: data.length, total: data.length });
    expect(puts).toBe(2);
    const out = await (await h.client(h.local)).send(new GetObjectCommand({ Bucket: 'retry-bucket', Key: 'after-503.bin' }));
    expect(Buffer.from(await out.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('gives up after three attempts', async () => {
    failures.push(...Array.from({ length: 5 }, () => ({ status: 500, code: 'InternalError' })));
    const final = await upload('always-500.bin', Buffer.from('x'));
    expect(final.state).toBe('failed');
    expect(final.error?.status).toBe(500);
    expect(puts).toBe(3);
    failures.length = 0;
  });

  it('does not retry an error that another attempt cannot fix', async () => {
    failures.push({ status: 403, code: 'AccessDenied' });
    const final = await upload('denied.bin', Buffer.from('x'));
    expect(final).toMatchObject({ state: 'failed', error: { code: 'AccessDenied' } });
    expect(puts).toBe(1);
  });
});
