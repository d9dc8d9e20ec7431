// transfers.cancelAll: one request cancels every queued and running transfer, queued ones first (none of them
// starts in the place of a running one), against the embedded server; nothing is stored.
import { CreateBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { METHODS } from '../../../electron/shared/contract.ts';
import { startTransferHarness, type TransferHarness } from './support.ts';

let h: TransferHarness;

beforeAll(async () => {
  h = await startTransferHarness({ concurrency: 2 });
});

afterAll(async () => {
  await h?.close();
});

it('cancels two running and three queued uploads in one call; the queued ones never start', async () => {
  expect(METHODS['transfers.cancelAll'].safeParse(undefined).success).toBe(true);
  await (await h.client(h.local)).send(new CreateBucketCommand({ Bucket: 'all' }));
  const files: string[] = [];
  for (let i = 0; i < 5; i++) {
    const file = path.join(h.tmp, `all-${i}.bin`);
    // Above the harness's 5 MiB part size: multipart, so a cancel must also abort the started uploads.
    await writeFile(file, Buffer.alloc(12 * 1024 * 1024, i));
    files.push(file);
  }
  const started = await h.transfers.uploadPaths({ connectionId: h.local, bucket: 'all', prefix: '', paths: files });
  expect(started.map((t) => t.state)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
  // Once both running ones are sending.
  await new Promise<void>((resolve) => {
    const sending = () => new Set(h.events.filter((e) => e.state === 'running' && e.loaded > 0).map((e) => e.id)).size >= 2;
    if (sending()) return resolve();
    const stop = h.engine.onChange(() => {
      if (!sending()) return;
      stop();
      resolve();
    });
  });
  const running = new Set(h.engine.list().filter((t) => t.state === 'running').map((t) => t.id));
  expect(running.size).toBe(2);

  expect(await h.transfers.cancelAll()).toEqual({ cancelled: 5 });
  const final = await h.settleAll(started);
  expect(final.map((t) => t.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
  const everRunning = new Set(h.events.filter((e) => e.state === 'running').map((e) => e.id));
  expect(everRunning).toEqual(running);
  expect(await h.transfers.cancelAll()).toEqual({ cancelled: 0 });

  const client = await h.client(h.local);
  expect((await client.send(new ListObjectsV2Command({ Bucket: 'all' }))).KeyCount).toBe(0);
  // lib-storage aborts a cancelled multipart upload on the server after the upload has settled.
  await expect.poll(async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: 'all' }))).Uploads ?? [], { timeout: 5000 }).toEqual([]);
});
