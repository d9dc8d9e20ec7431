// ListObjects (v1), ListObjectsV2 and ListMultipartUploads: prefix, delimiter, max-keys, start-after,
// continuation tokens, markers, encoding-type=url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
const b = bucketName('list');
const keys = ['a.txt', 'photos/2024/a.jpg', 'photos/2024/b.jpg', 'photos/2025/c.jpg', 'photos/d.jpg', 'videos/e.mp4', 'z with space+plus.txt'];
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  for (const k of keys) await h.client.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k }));
});
afterAll(async () => h.close());

describe('ListObjectsV2', () => {
  it('lists everything in UTF-8 order with sizes and ETags', async () => {
    const res = await h.client.send(new ListObjectsV2Command({ Bucket: b }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(res.KeyCount).toBe(keys.length);
    expect(res.IsTruncated).toBe(false);
    expect(res.Contents?.[0]?.Size).toBe('a.txt'.length);
    expect(res.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('rolls up common prefixes with a delimiter', async () => {
    const top = await h.client.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['a.txt', 'z with space+plus.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/', 'videos/']);
    const photos = await h.client.send(new ListObjectsV2Command({ Bucket: b, Prefix: 'photos/', Delimiter: '/' }));
    expect(photos.Contents?.map((c) => c.Key)).toEqual(['photos/d.jpg']);
    expect(photos.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
  });

  it('pages with max-keys and continuation tokens, counting prefixes as keys', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix as string));
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    expect(seen).toEqual(['a.txt', 'photos/', 'videos/', 'z with space+plus.txt']);
    expect(pages).toBe(4);
  });

  it('starts after a key', async () => {
    const res = await h.client.send(new ListObjectsV2Command({ Bucket: b, StartAfter: 'photos/2025/c.jpg' }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(['photos/d.jpg', 'videos/e.mp4', 'z with space+plus.txt']);
    expect(res.StartAfter).toBe('photos/2025/c.jpg');
  });

  it('url-encodes keys when asked (space as +)', async () => {
    const res = await h.client.send(new ListObjectsV2Command({ Bucket: b, Prefix: 'z', EncodingType: 'url' }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(['z+with+space%2Bplus.txt']);
    const bad = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${b}`, query: { 'list-type': '2', 'encoding-type': 'base64' } });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'InvalidArgument']);
  });

  it('max-keys 0 returns nothing, and a bad max-keys is InvalidArgument', async () => {
    const res = await h.client.send(new ListObjectsV2Command({ Bucket: b, MaxKeys: 0 }));
    expect(res.KeyCount).toBe(0);
    // Not truncated (as S3): a truncated page with no continuation token would loop a paginating client.
    expect(res.IsTruncated).toBe(false);
    expect(res.NextContinuationToken).toBeUndefined();
    const v1 = await h.client.send(new ListObjectsCommand({ Bucket: b, MaxKeys: 0 }));
    expect([v1.Contents, v1.IsTruncated, v1.NextMarker]).toEqual([undefined, false, undefined]);
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 0 }));
    expect([versions.Versions, versions.IsTruncated, versions.NextKeyMarker]).toEqual([undefined, false, undefined]);
    const bad = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${b}`, query: { 'list-type': '2', 'max-keys': 'lots' } });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'InvalidArgument']);
  });

  it('pages 1,500 keys in 1,000-key pages from the index', async () => {
    const big = bucketName('many');
    await h.client.send(new CreateBucketCommand({ Bucket: big }));
    const all = Array.from({ length: 1500 }, (_, i) => `k/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(all.slice(i, i + 50).map((k) => h.client.send(new PutObjectCommand({ Bucket: big, Key: k, Body: '' }))));
    }
    const counts: number[] = [];
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.client.send(new ListObjectsV2Command({ Bucket: big, ContinuationToken: token }));
      counts.push(page.KeyCount ?? 0);
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      token = page.NextContinuationToken;
    } while (token);
    expect(counts).toEqual([1000, 500]);
    expect(seen).toEqual(all);
    for (let i = 0; i < all.length; i += 1000) {
      await h.client.send(new DeleteObjectsCommand({ Bucket: big, Delete: { Objects: all.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
    expect((await h.client.send(new ListObjectsV2Command({ Bucket: big }))).KeyCount).toBe(0);
  });

  it('leaves out a folder whose keys all end in delete markers (as AWS and Ceph do); versions still show it', async () => {
    const vb = bucketName('ghost');
    await h.client.send(new CreateBucketCommand({ Bucket: vb }));
    await h.client.send(new PutBucketVersioningCommand({ Bucket: vb, VersioningConfiguration: { Status: 'Enabled' } }));
    for (const Key of ['backup/2026/manifest', 'backup/2026/data', 'top']) await h.client.send(new PutObjectCommand({ Bucket: vb, Key, Body: Key }));
    for (const Key of ['backup/2026/manifest', 'backup/2026/data']) await h.client.send(new DeleteObjectCommand({ Bucket: vb, Key }));
    const top = await h.client.send(new ListObjectsV2Command({ Bucket: vb, Delimiter: '/' }));
    expect(top.CommonPrefixes).toBeUndefined();
    expect(top.Contents?.map((c) => c.Key)).toEqual(['top']);
    expect((await h.client.send(new ListObjectsV2Command({ Bucket: vb, Prefix: 'backup/', Delimiter: '/' }))).KeyCount).toBe(0);
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: vb, Delimiter: '/' }));
    expect(versions.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['backup/']);
  });
});

describe('ListObjects (v1)', () => {
  it('pages with markers; NextMarker only with a delimiter', async () => {
    const p1 = await h.client.send(new ListObjectsCommand({ Bucket: b, MaxKeys: 3 }));
    expect(p1.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 3));
    expect(p1.IsTruncated).toBe(true);
    expect(p1.NextMarker).toBeUndefined();
    const p2 = await h.client.send(new ListObjectsCommand({ Bucket: b, Marker: keys[2] }));
    expect(p2.Contents?.map((c) => c.Key)).toEqual(keys.slice(3));
    const d = await h.client.send(new ListObjectsCommand({ Bucket: b, Delimiter: '/', MaxKeys: 2 }));
    expect(d.Contents?.map((c) => c.Key)).toEqual(['a.txt']);
    expect(d.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/']);
    expect(d.NextMarker).toBe('photos/');
    const d2 = await h.client.send(new ListObjectsCommand({ Bucket: b, Delimiter: '/', Marker: d.NextMarker }));
    expect(d2.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['videos/']);
    expect(d2.Contents?.map((c) => c.Key)).toEqual(['z with space+plus.txt']);
  });

  it('answers NoSuchBucket for a missing bucket', async () => {
    await expectS3Error(h.client.send(new ListObjectsCommand({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
  });
});
