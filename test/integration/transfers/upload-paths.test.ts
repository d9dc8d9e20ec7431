// transfers.uploadPaths with folders, and progress of single-request uploads, against the embedded server.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../../electron/shared/contract.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import { startTransferHarness, type TransferHarness } from './support.ts';

let h: TransferHarness;
let counter = 0;

beforeAll(async () => {
  h = await startTransferHarness();
});

afterAll(async () => {
  await h?.close();
});

async function newBucket(): Promise<string> {
  const bucket = `upload-${++counter}`;
  await (await h.client(h.local)).send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

async function keys(bucket: string): Promise<string[]> {
  const out = await (await h.client(h.local)).send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

async function text(bucket: string, key: string): Promise<string> {
  const out = await (await h.client(h.local)).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

describe('uploadPaths with folders', () => {
  it('uploads a chosen folder tree under its own name: nested, unicode, empty folder, link loop', async () => {
    const bucket = await newBucket();
    const photos = path.join(h.tmp, 'pick', 'photos');
    await mkdir(path.join(photos, 'sub', '日本 ü'), { recursive: true });
    await mkdir(path.join(photos, 'empty'));
    await writeFile(path.join(photos, 'a.jpg'), 'jpeg bytes');
    await writeFile(path.join(photos, 'sub', 'b.json'), '{"b":1}');
    await writeFile(path.join(photos, 'sub', '日本 ü', 'naïve café.txt'), 'unicode');
    await symlink(photos, path.join(photos, 'sub', 'loop'));
    const loose = path.join(h.tmp, 'pick', 'loose.txt');
    await writeFile(loose, 'loose');

    const started = await h.transfers.uploadPaths({ connectionId: h.local, bucket, prefix: 'inbox', paths: [photos, loose] });
    expect(started.map((t) => t.key)).toEqual([
      'inbox/photos/a.jpg',
      'inbox/photos/empty/',
      'inbox/photos/sub/b.json',
      'inbox/photos/sub/日本 ü/naïve café.txt',
      'inbox/loose.txt',
    ]);
    expect(started[0]).toMatchObject({ kind: 'upload', state: 'queued', total: 10, localPath: path.join(photos, 'a.jpg') });
    const final = await h.settleAll(started);
    expect(final.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done', 'done']);

    expect(await keys(bucket)).toEqual([...started.map((t) => t.key)].sort());
    expect(await text(bucket, 'inbox/photos/sub/日本 ü/naïve café.txt')).toBe('unicode');
    const client = await h.client(h.local);
    const jpeg = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'inbox/photos/a.jpg' }));
    expect(jpeg.ContentType).toBe('image/jpeg');
    const json = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'inbox/photos/sub/b.json' }));
    expect(json.ContentType).toBe('application/json');
    const marker = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'inbox/photos/empty/' }));
    expect(marker.ContentLength).toBe(0);
  });

  it('Skip existing: keys in `skip` are not uploaded, and those objects keep their old bytes', async () => {
    const bucket = await newBucket();
    const client = await h.client(h.local);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/docs/a.txt', Body: 'old a' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/docs/sub/c.txt', Body: 'old c' }));
    const docs = path.join(h.tmp, 'skip', 'docs');
    await mkdir(path.join(docs, 'sub'), { recursive: true });
    await writeFile(path.join(docs, 'a.txt'), 'new a');
    await writeFile(path.join(docs, 'b.txt'), 'new b');
    await writeFile(path.join(docs, 'sub', 'c.txt'), 'new c');
    const { keys: planned } = await h.transfers.planUpload({ connectionId: h.local, bucket, prefix: 'in', paths: [docs] });
    expect(planned).toEqual(['in/docs/a.txt', 'in/docs/b.txt', 'in/docs/sub/c.txt']);

    const input = { connectionId: h.local, bucket, prefix: 'in', paths: [docs], skip: ['in/docs/a.txt', 'in/docs/sub/c.txt'] };
    // What the window sends passes the IPC schema main checks every input with.
    expect(METHODS['transfers.uploadPaths'].safeParse(input).success).toBe(true);
    expect(METHODS['transfers.uploadPaths'].safeParse({ ...input, skip: [''] }).success).toBe(false);
    expect(METHODS['transfers.uploadPaths'].safeParse({ ...input, skip: 'in/docs/a.txt' }).success).toBe(false);

    const started = await h.transfers.uploadPaths(input);
    expect(started.map((t) => t.key)).toEqual(['in/docs/b.txt']);
    await h.settleAll(started);
    expect(await text(bucket, 'in/docs/a.txt')).toBe('old a');
    expect(await text(bucket, 'in/docs/b.txt')).toBe('new b');
    expect(await text(bucket, 'in/docs/sub/c.txt')).toBe('old c');
  });

  it('refuses a relative path before queueing anything', async () => {
    const bucket = await newBucket();
    const before = h.engine.list().length;
    await expect(
      h.transfers.uploadPaths({ connectionId: h.local, bucket, prefix: '', paths: [path.join(h.tmp, 'pick', 'loose.txt'), 'relative.txt'] }),
    ).rejects.toMatchObject({ code: 'InvalidInput', message: 'Not an absolute path: relative.txt' });
    expect(h.engine.list()).toHaveLength(before);
  });
});

describe('progress of a single-request upload', () => {
  // Below the 5 MiB part size: one PutObject. Progress must climb while the body is read, not jump to 100%.
  it.each([
    ['SDK default checksums (aws-chunked)', () => h.local],
    ['checksums when required (plain body)', () => h.plain],
  ])('reports intermediate progress with %s', async (_label, connection) => {
    const bucket = await newBucket();
    const size = 3 * 1024 * 1024 + 17;
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7) % 253;
    const file = path.join(h.tmp, `progress-${counter}.bin`);
    await writeFile(file, data);
    h.recorder.clear();
    const [started] = await h.transfers.uploadPaths({ connectionId: connection(), bucket, prefix: '', paths: [file] });
    const final = await h.engine.settled(started!.id);
    expect(final).toMatchObject({ state: 'done', loaded: size, total: size });

    const running = h.events.filter((e: TransferDto) => e.id === started!.id && e.state === 'running').map((e) => e.loaded);
    const between = running.filter((loaded) => loaded > 0 && loaded < size);
    expect(new Set(between).size).toBeGreaterThanOrEqual(3);
    expect(running).toEqual([...running].sort((a, b) => a - b));

    const out = await (await h.client(h.local)).send(new GetObjectCommand({ Bucket: bucket, Key: path.basename(file) }));
    expect(Buffer.from(await out.Body!.transformToByteArray()).equals(data)).toBe(true);
    expect(h.recorder.actions).toHaveLength(1);
    expect(h.recorder.actions[0]).toMatchObject({ operation: 'PutObject', result: 'ok', info: { objects: [{ size }] } });
    expect(final.actionId).toBe(h.recorder.actions[0]?.id);
  });

  it('uploads an empty file', async () => {
    const bucket = await newBucket();
    const file = path.join(h.tmp, 'empty.txt');
    await writeFile(file, '');
    const [started] = await h.transfers.uploadPaths({ connectionId: h.local, bucket, prefix: '', paths: [file] });
    expect(await h.engine.settled(started!.id)).toMatchObject({ state: 'done', loaded: 0, total: 0 });
    expect(await text(bucket, 'empty.txt')).toBe('');
  });

  it('cancels a single-request upload mid-body: no object appears', async () => {
    const bucket = await newBucket();
    const file = path.join(h.tmp, 'cancel-up.bin');
    await writeFile(file, Buffer.alloc(4 * 1024 * 1024, 3));
    const [started] = await h.transfers.uploadPaths({ connectionId: h.local, bucket, prefix: '', paths: [file] });
    // Cancelled from the first progress notification, i.e. while the SDK is still reading the file.
    const stop = h.engine.onChange((dto) => {
      if (dto.id === started!.id && dto.loaded > 0) {
        stop();
        h.engine.cancel(dto.id);
      }
    });
    const final = await h.engine.settled(started!.id);
    expect(final.state).toBe('cancelled');
    expect(final.loaded).toBeLessThan(4 * 1024 * 1024);
    expect(await keys(bucket)).toEqual([]);
  });
});
