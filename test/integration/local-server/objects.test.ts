// Buckets and objects through the real AWS SDK (default settings: aws-chunked bodies with CRC32 trailers).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { bodyBytes, bucketName, expectS3Error, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('buckets', () => {
  it('creates, lists, heads, locates and deletes a bucket', async () => {
    const b = bucketName('life');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    const list = await h.client.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((x) => x.Name)).toContain(b);
    await h.client.send(new HeadBucketCommand({ Bucket: b }));
    const loc = await h.client.send(new GetBucketLocationCommand({ Bucket: b }));
    expect(loc.LocationConstraint ?? '').toBe('');
    await expectS3Error(h.client.send(new CreateBucketCommand({ Bucket: b })), 'BucketAlreadyOwnedByYou', 409);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'x', Body: 'x' }));
    await expectS3Error(h.client.send(new DeleteBucketCommand({ Bucket: b })), 'BucketNotEmpty', 409);
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'x' }));
    await h.client.send(new DeleteBucketCommand({ Bucket: b }));
    await expectS3Error(h.client.send(new HeadBucketCommand({ Bucket: b })), 'NotFound', 404);
    await expectS3Error(h.client.send(new ListObjectsV2Command({ Bucket: b })), 'NoSuchBucket', 404);
  });

  it('rejects invalid bucket names', async () => {
    for (const name of ['ab', 'UPPER', 'has_underscore', '-dash', 'a..b', '192.168.1.1', 'x'.repeat(64)]) {
      await expectS3Error(h.client.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400);
    }
  });
});

describe('objects', () => {
  const b = bucketName('obj');
  beforeAll(async () => {
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
  });

  it('puts and gets bytes, metadata and representation headers', async () => {
    const body = Buffer.from('hello, local server');
    const put = await h.client.send(
      new PutObjectCommand({
        Bucket: b,
        Key: 'docs/hello.txt',
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        ContentDisposition: 'inline',
        Metadata: { owner: 'me', 'x-y': 'z' },
      }),
    );
    const md5 = createHash('md5').update(body).digest('hex');
    expect(put.ETag).toBe(`"${md5}"`);
    expect(put.VersionId).toBeUndefined();
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'docs/hello.txt' }));
    expect((await bodyBytes(got.Body)).equals(body)).toBe(true);
    expect(got.ContentType).toBe('text/plain');
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.ContentDisposition).toBe('inline');
    expect(got.Metadata).toEqual({ owner: 'me', 'x-y': 'z' });
    expect(got.ContentLength).toBe(body.length);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'docs/hello.txt' }));
    expect(head.ETag).toBe(`"${md5}"`);
    expect(head.ContentLength).toBe(body.length);
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('streams a body of unknown length (aws-chunked with a CRC32 trailer) and returns the checksum when asked', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const all = Buffer.concat(chunks);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'stream.bin', Body: Readable.from(chunks), ContentLength: all.length }));
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'stream.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    expect((await bodyBytes(got.Body)).equals(all)).toBe(true);
  });

  it('verifies and stores each additional checksum algorithm', async () => {
    for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
      const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: `sum-${algorithm}`, Body: `data for ${algorithm}`, ChecksumAlgorithm: algorithm }));
      const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(head[`Checksum${algorithm}`]).toBe(put[`Checksum${algorithm}`]);
      expect(head[`Checksum${algorithm}`]).toBeTruthy();
    }
    expect(createHash('sha256').update('data for SHA256').digest('base64')).toBe(
      (await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'sum-SHA256', ChecksumMode: 'ENABLED' }))).ChecksumSHA256,
    );
  });

  it('rejects a wrong checksum and a wrong Content-MD5 with BadDigest, storing nothing', async () => {
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad-crc', Body: 'abc', ChecksumCRC32: 'AAAAAA==' })), 'BadDigest', 400);
    const wrongMd5 = createHash('md5').update('other').digest('base64');
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad-md5', Body: 'abc', ContentMD5: wrongMd5 })), 'BadDigest', 400);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'bad-crc' })), 'NotFound', 404);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'bad-md5' })), 'NotFound', 404);
    const right = createHash('md5').update('abc').digest('base64');
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'good-md5', Body: 'abc', ContentMD5: right }));
  });

  it('serves ranges, and InvalidRange for unsatisfiable ones', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'range.txt', Body: '0123456789' }));
    const r1 = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'range.txt', Range: 'bytes=2-5' }));
    expect((await bodyBytes(r1.Body)).toString()).toBe('2345');
    expect(r1.ContentRange).toBe('bytes 2-5/10');
    expect(r1.$metadata.httpStatusCode).toBe(206);
    const r2 = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'range.txt', Range: 'bytes=-3' }));
    expect((await bodyBytes(r2.Body)).toString()).toBe('789');
    const r3 = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'range.txt', Range: 'bytes=7-' }));
    expect((await bodyBytes(r3.Body)).toString()).toBe('789');
    const r4 = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'range.txt', Range: 'bytes=5-100' }));
    expect((await bodyBytes(r4.Body)).toString()).toBe('56789');
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'range.txt', Range: 'bytes=10-12' })), 'InvalidRange', 416);
  });

  it('answers conditional GETs with 304 and 412 as S3 does', async () => {
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'cond.txt', Body: 'c' }));
    const etag = put.ETag as string;
    const ok = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfMatch: etag }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfMatch: '"nope"' })), 'PreconditionFailed', 412);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfNoneMatch: etag })), undefined, 304);
    const future = new Date(Date.now() + 3600_000);
    const past = new Date(Date.now() - 3600_000);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfModifiedSince: future })), undefined, 304);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfUnmodifiedSince: past })), 'PreconditionFailed', 412);
    // If-Match true wins over If-Unmodified-Since false.
    const both = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'cond.txt', IfMatch: etag, IfUnmodifiedSince: past }));
    expect(both.$metadata.httpStatusCode).toBe(200);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'cond.txt', IfNoneMatch: '*' })), undefined, 304);
  });

  it('applies response-* overrides', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'override.txt', Body: 'o', ContentType: 'text/plain' }));
    const got = await h.client.send(
      new GetObjectCommand({ Bucket: b, Key: 'override.txt', ResponseContentType: 'application/json', ResponseContentDisposition: 'attachment; filename="o.json"', ResponseCacheControl: 'no-cache' }),
    );
    expect(got.ContentType).toBe('application/json');
    expect(got.ContentDisposition).toBe('attachment; filename="o.json"');
    expect(got.CacheControl).toBe('no-cache');
  });

  it('supports conditional writes (If-None-Match: *)', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'once', Body: '1', IfNoneMatch: '*' }));
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'once', Body: '2', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
  });

  it('copies with COPY and REPLACE metadata directives and conditional copy', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'src.txt', Body: 'source', ContentType: 'text/x-src', Metadata: { a: '1' }, Tagging: 't=1' }));
    const c1 = await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy1.txt', CopySource: `${b}/src.txt` }));
    expect(c1.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('source').digest('hex')}"`);
    const g1 = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'copy1.txt' }));
    expect(g1.Metadata).toEqual({ a: '1' });
    expect(g1.ContentType).toBe('text/x-src');
    expect(g1.TagCount).toBe(1);
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy2.txt', CopySource: `${b}/src.txt`, MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/x-new' }));
    const g2 = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'copy2.txt' }));
    expect(g2.Metadata).toEqual({ b: '2' });
    expect(g2.ContentType).toBe('text/x-new');
    await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy3.txt', CopySource: `${b}/src.txt`, CopySourceIfMatch: '"nope"' })), 'PreconditionFailed', 412);
    await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy3.txt', CopySource: `${b}/missing.txt` })), 'NoSuchKey', 404);
    await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'src.txt', CopySource: `${b}/src.txt` })), 'InvalidRequest', 400);
    const special = 'dir with space/ü+plus.txt';
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: special, Body: 'sp' }));
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy-special', CopySource: `${b}/${encodeURIComponent(special)}` }));
    expect((await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'copy-special' }))).Body)).toString()).toBe('sp');
  });

  it('deletes objects singly and in batches (quiet and verbose)', async () => {
    for (const k of ['del/1', 'del/2', 'del/3', 'del/4', 'del/5']) await h.client.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k }));
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del/1' }));
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del/never-existed' }));
    const verbose = await h.client.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/3' }] } }));
    expect(verbose.Deleted?.map((d) => d.Key).sort()).toEqual(['del/2', 'del/3']);
    const quiet = await h.client.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'del/4' }], Quiet: true } }));
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(quiet.Errors ?? []).toEqual([]);
    const list = await h.client.send(new ListObjectsV2Command({ Bucket: b, Prefix: 'del/' }));
    expect(list.Contents?.map((c) => c.Key) ?? []).toEqual(['del/5']);
  });

  it('puts, gets and deletes object tags', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'tagged', Body: 't', Tagging: 'k1=v1&k2=v%202' }));
    const t1 = await h.client.send(new GetObjectTaggingCommand({ Bucket: b, Key: 'tagged' }));
    expect(t1.TagSet).toEqual([{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v 2' }]);
    await h.client.send(new PutObjectTaggingCommand({ Bucket: b, Key: 'tagged', Tagging: { TagSet: [{ Key: 'only', Value: 'one' }] } }));
    expect((await h.client.send(new GetObjectTaggingCommand({ Bucket: b, Key: 'tagged' }))).TagSet).toEqual([{ Key: 'only', Value: 'one' }]);
    await h.client.send(new DeleteObjectTaggingCommand({ Bucket: b, Key: 'tagged' }));
    expect((await h.client.send(new GetObjectTaggingCommand({ Bucket: b, Key: 'tagged' }))).TagSet).toEqual([]);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectS3Error(h.client.send(new PutObjectTaggingCommand({ Bucket: b, Key: 'tagged', Tagging: { TagSet: tooMany } })), 'InvalidTag', 400);
    await expectS3Error(h.client.send(new GetObjectTaggingCommand({ Bucket: b, Key: 'no-such' })), 'NoSuchKey', 404);
  });

  it('stores every key S3 allows and lists it back exactly', async () => {
    const kb = bucketName('keys');
    await h.client.send(new CreateBucketCommand({ Bucket: kb }));
    const keys = [
      '../../escape.txt',
      '../',
      'a//b///c',
      'trailing/',
      'CON',
      'aux.txt',
      'win:*?"<>|.txt',
      'Case',
      'case',
      'ünïcödé/日本語/🎉.txt',
      'percent%2F%20literal',
      'plus+and space',
      'back\\slash',
      '.',
      '..',
      'é'.repeat(512),
    ];
    for (const [i, k] of keys.entries()) await h.client.send(new PutObjectCommand({ Bucket: kb, Key: k, Body: `body-${i}` }));
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.client.send(new ListObjectsV2Command({ Bucket: kb, ContinuationToken: token, MaxKeys: 5 }));
      listed.push(...(page.Contents ?? []).map((c) => c.Key as string));
      token = page.NextContinuationToken;
    } while (token);
    const utf8Sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(listed).toEqual(utf8Sorted);
    for (const [i, k] of keys.entries()) {
      const got = await h.client.send(new GetObjectCommand({ Bucket: kb, Key: k }));
      expect((await bodyBytes(got.Body)).toString()).toBe(`body-${i}`);
    }
  });
});
