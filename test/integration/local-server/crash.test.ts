// Crash safety: a server in a child process is killed with SIGKILL while uploads stream in. After a restart on the
// same data directory, every acknowledged object reads back intact, no partial object is visible, and an
// incomplete multipart upload is still there.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startLocalServer } from '../../../electron/main/local-server/index.ts';
import { bodyBytes, CREDENTIALS, listTree, makeClient, startChildServer } from './support.ts';

const root = await mkdtemp(join(tmpdir(), 'bs-crash-'));
afterAll(async () => rm(root, { recursive: true, force: true }));

function content(key: string): Buffer {
  const seed = createHash('sha256').update(key).digest();
  // A third are small (stored in the bucket's pack), the rest up to 1.5 MiB (one data file each).
  const size = seed[4]! % 3 === 0 ? 1 + (seed.readUInt32BE(0) % (60 * 1024)) : 4096 + (seed.readUInt32BE(0) % (1536 * 1024));
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) seed.copy(out, i, 0, Math.min(32, size - i));
  return out;
}

/** A PUT that sends half its body and then stalls: in flight when the server dies. */
function stalledPut(endpoint: string, bucket: string, key: string): Promise<void> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path: `/${bucket}/${key}`, headers: { 'content-length': '2000000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(Buffer.alloc(1_000_000, 7));
  });
}

describe('kill -9 during uploads', () => {
  it('keeps acknowledged objects intact, shows no partial object, and keeps the pending multipart upload', async () => {
    const dataDir = join(root, 'data');
    const { child, endpoint } = await startChildServer(dataDir);
    const client = makeClient(endpoint);
    const bucket = 'crash-bucket';
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const mpu = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'pending.bin' }));
    const part1 = Buffer.alloc(5 * 1024 * 1024, 3);
    const e1 = (await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'pending.bin', UploadId: mpu.UploadId, PartNumber: 1, Body: part1 }))).ETag as string;

    const acknowledged = new Set<string>();
    const keys = Array.from({ length: 120 }, (_, i) => `obj/${String(i).padStart(3, '0')}`);
    let next = 0;
    let killed = false;
    const killAfter = 30;
    const workers = Array.from({ length: 8 }, async () => {
      while (next < keys.length && !killed) {
        const key = keys[next++] as string;
        try {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content(key) }));
          acknowledged.add(key);
          if (acknowledged.size >= killAfter && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch {
          /* in flight when the server died */
        }
      }
    });
    const stalled = stalledPut(endpoint, bucket, 'stalled.bin');
    await Promise.all(workers);
    await stalled;
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    expect(child.signalCode).toBe('SIGKILL');
    client.destroy();
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);

    const server = await startLocalServer({ dataDir, credentials: [CREDENTIALS] });
    const after = makeClient(server.endpoint);
    try {
      for (const key of acknowledged) {
        const got = await bodyBytes((await after.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body);
        expect(got.equals(content(key)), key).toBe(true);
      }
      const listed = (await after.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
      for (const o of listed) {
        // Anything visible is whole: either acknowledged or committed just before the kill.
        expect(o.Size, o.Key).toBe(content(o.Key as string).length);
        const got = await bodyBytes((await after.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body);
        expect(got.equals(content(o.Key as string)), o.Key).toBe(true);
      }
      expect(listed.map((o) => o.Key)).not.toContain('stalled.bin');

      const uploads = await after.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([mpu.UploadId]);
      const parts = await after.send(new ListPartsCommand({ Bucket: bucket, Key: 'pending.bin', UploadId: mpu.UploadId }));
      expect(parts.Parts?.map((p) => [p.PartNumber, p.ETag])).toEqual([[1, e1]]);
      await after.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'pending.bin', UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] } }));
      const whole = await bodyBytes((await after.send(new GetObjectCommand({ Bucket: bucket, Key: 'pending.bin' }))).Body);
      expect(whole.equals(part1)).toBe(true);

      // Start-up collected the bodies of interrupted requests: every data file belongs to a visible object
      // (bodies up to 64 KiB live in the bucket's pack instead) or to the pending upload's part.
      const dataFiles = (await listTree(join(dataDir, 'data'))).filter((p) => /[0-9a-f]{32}$/.test(p));
      expect(dataFiles.length).toBe(listed.filter((o) => (o.Size as number) > 64 * 1024).length + 1);
      expect((await listTree(dataDir)).filter((p) => p.endsWith('.tmp'))).toEqual([]);
    } finally {
      after.destroy();
      await server.close();
    }
  });
});
