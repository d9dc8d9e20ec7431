// transfers.downloadTo against the embedded server: folders, hostile keys the server really stores, name
// collisions, cancel and failure leaving nothing behind.
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeysUnder } from '../../../electron/main/transfers/list-keys-under.ts';
import { listTree, startTransferHarness, type TransferHarness } from './support.ts';

let h: TransferHarness;
let counter = 0;

beforeAll(async () => {
  h = await startTransferHarness();
});

afterAll(async () => {
  await h?.close();
});

async function bucketWith(objects: Record<string, string | Buffer>): Promise<string> {
  const bucket = `download-${++counter}`;
  const client = await h.client(h.local);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [Key, Body] of Object.entries(objects)) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  return bucket;
}

async function folder(name: string): Promise<string> {
  const dir = path.join(h.tmp, `${name}-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

function files(tree: string[]): string[] {
  return tree.filter((p) => !p.endsWith('/'));
}

describe('downloadTo', () => {
  const photos = {
    'photos/a.jpg': 'A',
    'photos/sub/b.jpg': 'BB',
    'photos/sub/deeper/日本 ü.txt': 'unicode',
    'photos/empty/': '',
    'other.txt': 'other',
  };

  it('downloads everything under a prefix into the folder, nested keys as sub-folders', async () => {
    const bucket = await bucketWith(photos);
    const dir = await folder('photos');
    const started = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: 'photos/', directory: dir });
    expect(started.map((t) => t.key).sort()).toEqual(['photos/a.jpg', 'photos/sub/b.jpg', 'photos/sub/deeper/日本 ü.txt']);
    // Sizes from the listing: the renderer can show the whole batch's total before any byte arrives.
    expect(started.find((t) => t.key === 'photos/sub/b.jpg')).toMatchObject({ state: 'queued', total: 2 });
    const final = await h.settleAll(started);
    expect(final.map((t) => t.state)).toEqual(['done', 'done', 'done']);
    expect(await listTree(dir)).toEqual(['a.jpg', 'empty/', 'sub/', 'sub/b.jpg', 'sub/deeper/', 'sub/deeper/日本 ü.txt']);
    expect(await readFile(path.join(dir, 'sub', 'deeper', '日本 ü.txt'), 'utf8')).toBe('unicode');
    const b = final.find((t) => t.key === 'photos/sub/b.jpg');
    expect(b).toMatchObject({ kind: 'download', loaded: 2, total: 2, localPath: path.join(dir, 'sub', 'b.jpg') });
  });

  it('downloads a mixed selection: a folder (key ending in /) keeps its name, files sit beside it', async () => {
    const bucket = await bucketWith(photos);
    const dir = await folder('mixed');
    const started = await h.transfers.downloadTo({
      connectionId: h.local,
      bucket,
      prefix: '',
      objects: [{ key: 'photos/' }, { key: 'other.txt' }, { key: 'photos/a.jpg' }],
      directory: dir,
    });
    // photos/a.jpg is both selected and inside the selected folder: downloaded once.
    expect(started).toHaveLength(4);
    await h.settleAll(started);
    expect(files(await listTree(dir))).toEqual(['other.txt', 'photos/a.jpg', 'photos/sub/b.jpg', 'photos/sub/deeper/日本 ü.txt']);
    expect(await listTree(dir)).toContain('photos/empty/');
  });

  it('keeps hostile keys stored on the server inside the chosen folder', async () => {
    const hostile = {
      'a/../../evil.txt': 'evil',
      '..\\x': 'backslash',
      '../../up.txt': 'up',
      '/abs.txt': 'absolute',
      'C:/win.txt': 'drive',
      'con.txt': 'device',
      'what?<>.txt': 'forbidden',
      'x//y.txt': 'empty segment',
      'dots/..': 'two dots',
      'dots/...': 'three dots',
    };
    const bucket = await bucketWith(hostile);
    const jail = await folder('jail');
    const dir = path.join(jail, 'inner');
    await mkdir(dir);
    const started = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: dir });
    expect(started.map((t) => t.key).sort()).toEqual(Object.keys(hostile).sort());
    const final = await h.settleAll(started);
    expect(final.every((t) => t.state === 'done')).toBe(true);
    expect(files(await listTree(jail)).every((p) => p.startsWith('inner/'))).toBe(true);
    expect(files(await listTree(dir))).toEqual([
      'C_/win.txt',
      '__/__/up.txt',
      '__/x',
      '_con.txt',
      'a/__/__/evil.txt',
      'abs.txt',
      'dots/__',
      'dots/___',
      'what___.txt',
      'x/y.txt',
    ]);
    expect(await readFile(path.join(dir, 'a', '__', '__', 'evil.txt'), 'utf8')).toBe('evil');
  });

  it('refuses to write through a link inside the folder that points outside it', async () => {
    const bucket = await bucketWith({ 'link/pwn.txt': 'pwned', 'link/deeper/pwn.txt': 'pwned' });
    const outside = await folder('outside');
    const dir = await folder('linked');
    await symlink(outside, path.join(dir, 'link'));
    const started = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: dir });
    for (const final of await h.settleAll(started)) {
      expect(final.state).toBe('failed');
      expect(final.error).toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('outside the chosen download folder') });
    }
    // Not even an empty folder on the far side of the link.
    expect(await listTree(outside)).toEqual([]);
  });

  it('never overwrites: an existing file and two keys with one safe name each get a number', async () => {
    const bucket = await bucketWith({ 'report.pdf': 'from bucket', 'dup/a:b.txt': 'colon', 'dup/a?b.txt': 'question' });
    const dir = await folder('collide');
    await writeFile(path.join(dir, 'report.pdf'), 'mine');
    const first = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: dir });
    const done = await h.settleAll(first);
    expect(done.every((t) => t.state === 'done')).toBe(true);
    expect(await readFile(path.join(dir, 'report.pdf'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(dir, 'report (1).pdf'), 'utf8')).toBe('from bucket');
    expect(done.find((t) => t.key === 'report.pdf')?.localPath).toBe(path.join(dir, 'report (1).pdf'));
    const dup = await Promise.all(['a_b.txt', 'a_b (1).txt'].map((name) => readFile(path.join(dir, 'dup', name), 'utf8')));
    expect(dup.sort()).toEqual(['colon', 'question']);

    const again = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', objects: [{ key: 'report.pdf' }], directory: dir });
    expect((await h.settleAll(again))[0]?.localPath).toBe(path.join(dir, 'report (2).pdf'));
    expect(files(await listTree(dir))).toEqual(['dup/a_b (1).txt', 'dup/a_b.txt', 'report (1).pdf', 'report (2).pdf', 'report.pdf']);
  });

  it('leaves no partial file when a download is cancelled mid-body or fails', async () => {
    const size = 6 * 1024 * 1024;
    const bucket = await bucketWith({ 'big/large.bin': Buffer.alloc(size, 9) });
    const dir = await folder('cancel');
    const [started] = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: 'big/', directory: dir });
    // Cancelled from the first progress notification, i.e. with the temporary file open and partly written.
    const stop = h.engine.onChange((dto) => {
      if (dto.id === started!.id && dto.loaded > 0) {
        stop();
        h.engine.cancel(dto.id);
      }
    });
    const final = await h.engine.settled(started!.id);
    expect(final.state).toBe('cancelled');
    expect(final.loaded).toBeLessThan(size);
    expect(await listTree(dir)).toEqual([]);

    const [missing] = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', objects: [{ key: 'big/none.bin' }], directory: dir });
    const failed = await h.engine.settled(missing!.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'NoSuchKey' } });
    expect(await listTree(dir)).toEqual([]);
  });

  it('downloads a chosen version', async () => {
    const bucket = await bucketWith({});
    const client = await h.client(h.local);
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'first' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'second' }));
    const dir = await folder('version');
    const started = await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', objects: [{ key: 'doc.txt', versionId: v1.VersionId }], directory: dir });
    await h.settleAll(started);
    expect(await readFile(path.join(dir, 'doc.txt'), 'utf8')).toBe('first');
  });

  it('refuses a folder it cannot write into before queueing anything, with one error that says why', async () => {
    const bucket = await bucketWith({ 'x.txt': 'x', 'y/z.txt': 'z' });
    const readOnly = await folder('read-only');
    await chmod(readOnly, 0o555);
    // Root ignores permission bits; sysfs refuses new files to everyone (Linux, where CI runs).
    const target = process.getuid?.() === 0 ? '/sys/kernel' : readOnly;
    const before = (await h.transfers.list()).length;
    try {
      await expect(h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: target })).rejects.toMatchObject({
        code: 'AccessDenied',
        message: `Cannot save into ${target}: permission denied`,
        hint: 'Choose another folder to download into.',
      });
      // Before: one failed transfer per object, each saying "EACCES: permission denied, open '…/.bucketscope-….part'".
      expect((await h.transfers.list()).length).toBe(before);
    } finally {
      await chmod(readOnly, 0o755);
    }
    // A writable folder leaves no probe file behind.
    const ok = await folder('writable');
    await h.settleAll(await h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: ok, objects: [{ key: 'x.txt' }] }));
    expect(await listTree(ok)).toEqual(['x.txt']);
  });

  it('refuses a relative or missing folder', async () => {
    const bucket = await bucketWith({ 'x.txt': 'x' });
    await expect(h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: 'relative/dir' })).rejects.toMatchObject({
      code: 'InvalidInput',
      fields: { directory: 'Not an absolute path: relative/dir' },
    });
    await expect(h.transfers.downloadTo({ connectionId: h.local, bucket, prefix: '', directory: path.join(h.tmp, 'missing') })).rejects.toMatchObject({
      code: 'InvalidInput',
    });
  });
});

describe('listKeysUnder', () => {
  it('follows continuation tokens and stops at the limit with a clear error', async () => {
    const bucket = await bucketWith({ 'p/1': '1', 'p/2': '2', 'p/3/x': '3', 'p/4': '4', 'p/5': '5', 'q/6': '6' });
    const client = await h.client(h.local);
    const listed = await listKeysUnder(client, { bucket, prefix: 'p/' }, 100, 2);
    expect(listed.map((k) => k.key)).toEqual(['p/1', 'p/2', 'p/3/x', 'p/4', 'p/5']);
    await expect(listKeysUnder(client, { bucket, prefix: 'p/' }, 4, 2)).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('more than 4 objects'),
    });
  });
});
