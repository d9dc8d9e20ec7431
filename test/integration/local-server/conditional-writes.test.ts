// Conditional writes and deletes through the real SDK over HTTP, as AWS documents them:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html and conditional-deletes.html.
// If-None-Match: * / If-Match on PutObject, CopyObject (destination) and CompleteMultipartUpload; If-Match on
// DeleteObject and <ETag> in DeleteObjects. The check and the write are one step per key: of concurrent
// conditional writes exactly one wins. A delete landing while a conditional write is in flight answers 409.
// A refused request changes nothing and emits no event.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bodyBytes, bucketName, errorCode, expectS3Error, rawRequest, signRequest, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => {
  ({ h, bucket: b } = await startHarnessWithBucket('cond'));
});
afterAll(async () => h?.close());

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const text = async (bucket: string, key: string): Promise<string> =>
  (await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body)).toString();
const put = (key: string, body: string, extra: { IfNoneMatch?: string; IfMatch?: string } = {}, bucket = b) =>
  h.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));

async function versionedBucket(tag: string): Promise<string> {
  const bucket = bucketName(tag);
  await h.client.send(new CreateBucketCommand({ Bucket: bucket }));
  await h.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  return bucket;
}

/** Runs `body` and returns the events it emitted for `key`. */
async function eventsOf(key: string, body: () => Promise<void>): Promise<string[]> {
  const from = h.events.length;
  await body();
  return h.events.slice(from).filter((e) => e.key === key).map((e) => e.type);
}

describe('PutObject', () => {
  it('If-None-Match: * creates once, then answers 412 and keeps the first bytes', async () => {
    const events = await eventsOf('once', async () => {
      await put('once', 'first', { IfNoneMatch: '*' });
      await expectS3Error(put('once', 'second', { IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    });
    expect(events).toEqual(['ObjectCreated:Put']);
    expect(await text(b, 'once')).toBe('first');
  });

  it('If-Match writes over the matching ETag only; a missing key answers 404 NoSuchKey', async () => {
    const first = await put('cas', 'v1');
    expect(first.ETag).toBe(`"${md5('v1')}"`);
    const events = await eventsOf('cas', async () => {
      await put('cas', 'v2', { IfMatch: first.ETag as string });
      // The ETag of v1 is stale now.
      await expectS3Error(put('cas', 'v3', { IfMatch: first.ETag as string }), 'PreconditionFailed', 412);
      await expectS3Error(put('cas-missing', 'x', { IfMatch: first.ETag as string }), 'NoSuchKey', 404);
    });
    expect(events).toEqual(['ObjectCreated:Put']);
    expect(await text(b, 'cas')).toBe('v2');
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'cas-missing' })), undefined, 404);
    // An unquoted ETag is the same ETag.
    await put('cas', 'v4', { IfMatch: md5('v2') });
    expect(await text(b, 'cas')).toBe('v4');
  });

  it('If-None-Match takes only *: an ETag there answers 501 NotImplemented', async () => {
    await put('inm-etag', 'x');
    await expectS3Error(put('inm-etag', 'y', { IfNoneMatch: `"${md5('x')}"` }), 'NotImplemented', 501);
    expect(await text(b, 'inm-etag')).toBe('x');
  });

  it('in a versioned bucket only the current version counts: a delete marker is no object', async () => {
    const vb = await versionedBucket('cond-ver');
    const v1 = await put('k', 'one', {}, vb);
    await h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k' }));
    // The real version under the marker does not make the key exist, nor can If-Match name it.
    await expectS3Error(put('k', 'two', { IfMatch: v1.ETag as string }, vb), 'NoSuchKey', 404);
    const created = await put('k', 'two', { IfNoneMatch: '*' }, vb);
    expect(created.VersionId).toBeTruthy();
    await expectS3Error(put('k', 'three', { IfNoneMatch: '*' }, vb), 'PreconditionFailed', 412);
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: vb }));
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      [created.VersionId, true],
      [v1.VersionId, false],
    ]);
    expect(versions.DeleteMarkers).toHaveLength(1);
  });

  it('of 20 concurrent If-None-Match: * PUTs of one key exactly one wins, and its bytes are stored', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => `writer-${i}-${'x'.repeat(i * 97)}`);
    const from = h.events.length;
    const results = await Promise.allSettled(bodies.map((body) => put('race', body, { IfNoneMatch: '*' })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(S3ServiceException);
        // The first to finish wins; the others find its object (412), or lose to a concurrent operation (409).
        expect([412, 409]).toContain((r.reason as S3ServiceException).$metadata.httpStatusCode);
      }
    }
    const winner = won[0] as number;
    expect(await text(b, 'race')).toBe(bodies[winner]);
    const created = h.events.slice(from).filter((e) => e.key === 'race');
    expect(created.map((e) => [e.type, e.etag])).toEqual([['ObjectCreated:Put', md5(bodies[winner] as string)]]);
  });

  it('of concurrent If-Match writes naming the same ETag exactly one wins (compare-and-swap)', async () => {
    const base = await put('counter', '0');
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => put('counter', `1 by ${i}`, { IfMatch: base.ETag as string })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as S3ServiceException).$metadata.httpStatusCode).toBe(412);
    expect(await text(b, 'counter')).toBe(`1 by ${won[0]}`);
  });

  it('a delete that lands while an If-Match PUT is in flight makes it fail with 409 ConditionalRequestConflict', async () => {
    const existing = await put('inflight', 'old');
    const url = new URL(h.server.endpoint);
    const body = Buffer.from('new bytes');
    const path = `/${b}/inflight`;
    const headers: Record<string, string> = {
      host: url.host,
      'content-length': String(body.length),
      'if-match': existing.ETag as string,
      expect: '100-continue',
    };
    const signed = await signRequest(url, { method: 'PUT', path }, headers, createHash('sha256').update(body).digest('hex'));
    const from = h.events.length;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path, headers: { ...headers, ...signed.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      // 100 Continue comes once the server has the request and started on it (the key's state noted); the
      // body follows only after the object was deleted.
      req.on('continue', () => {
        h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'inflight' })).then(() => req.end(body), reject);
      });
      req.flushHeaders();
    });
    const res = await response;
    expect(res.status).toBe(409);
    expect(errorCode(res.body)).toBe('ConditionalRequestConflict');
    // The delete happened, the conditional PUT did not.
    expect(h.events.slice(from).filter((e) => e.key === 'inflight').map((e) => e.type)).toEqual(['ObjectRemoved:Delete']);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'inflight' })), undefined, 404);
  });
});

describe('CopyObject', () => {
  it('If-None-Match: * and If-Match judge the destination', async () => {
    await put('copy-src', 'source');
    await put('copy-dst', 'taken');
    const events = await eventsOf('copy-dst', async () => {
      await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy-dst', CopySource: `${b}/copy-src`, IfNoneMatch: '*' })), 'PreconditionFailed', 412);
      await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy-dst', CopySource: `${b}/copy-src`, IfMatch: `"${md5('other')}"` })), 'PreconditionFailed', 412);
    });
    expect(events).toEqual([]);
    expect(await text(b, 'copy-dst')).toBe('taken');
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy-dst', CopySource: `${b}/copy-src`, IfMatch: `"${md5('taken')}"` }));
    expect(await text(b, 'copy-dst')).toBe('source');
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy-new', CopySource: `${b}/copy-src`, IfNoneMatch: '*' }));
    expect(await text(b, 'copy-new')).toBe('source');
  });
});

describe('CompleteMultipartUpload', () => {
  async function upload(key: string, body: string): Promise<{ uploadId: string; parts: { PartNumber: number; ETag: string }[] }> {
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key }));
    const part = await h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 1, Body: body }));
    return { uploadId: UploadId as string, parts: [{ PartNumber: 1, ETag: part.ETag as string }] };
  }
  const complete = (key: string, u: { uploadId: string; parts: { PartNumber: number; ETag: string }[] }, extra: { IfNoneMatch?: string; IfMatch?: string }) =>
    h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: u.uploadId, MultipartUpload: { Parts: u.parts }, ...extra }));

  it('If-None-Match: * — an upload in progress is no object; the second to complete answers 412', async () => {
    const a = await upload('mpu', 'from A');
    const c = await upload('mpu', 'from C');
    const events = await eventsOf('mpu', async () => {
      await complete('mpu', c, { IfNoneMatch: '*' });
      await expectS3Error(complete('mpu', a, { IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    });
    expect(events).toEqual(['ObjectCreated:CompleteMultipartUpload']);
    expect(await text(b, 'mpu')).toBe('from C');
    // The refused upload is still there, to abort (or complete without the condition).
    const listed = await h.client.send(new ListMultipartUploadsCommand({ Bucket: b }));
    expect(listed.Uploads?.map((u) => u.UploadId)).toContain(a.uploadId);
    await h.client.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'mpu', UploadId: a.uploadId }));
  });

  it('If-Match completes over the matching ETag; a stale one answers 412, a missing key 404', async () => {
    const first = await put('mpu-cas', 'v1');
    const u1 = await upload('mpu-cas', 'v2 by multipart');
    await complete('mpu-cas', u1, { IfMatch: first.ETag as string });
    expect(await text(b, 'mpu-cas')).toBe('v2 by multipart');
    const u2 = await upload('mpu-cas', 'v3');
    await expectS3Error(complete('mpu-cas', u2, { IfMatch: first.ETag as string }), 'PreconditionFailed', 412);
    const u3 = await upload('mpu-missing', 'x');
    await expectS3Error(complete('mpu-missing', u3, { IfMatch: first.ETag as string }), 'NoSuchKey', 404);
    expect(await text(b, 'mpu-cas')).toBe('v2 by multipart');
  });
});

describe('lib-storage Upload', () => {
  it('passes If-None-Match to CompleteMultipartUpload: a multipart upload does not replace an existing key', async () => {
    const big = (fill: number): Buffer => Buffer.alloc(11 << 20, fill);
    const upload = (key: string, body: Buffer) => new Upload({ client: h.client, params: { Bucket: b, Key: key, Body: body, IfNoneMatch: '*' }, partSize: 5 << 20, queueSize: 2 }).done();
    const created = await upload('lib-once', big(1));
    expect(created.ETag).toMatch(/-3"$/);
    const events = await eventsOf('lib-once', async () => {
      await expectS3Error(upload('lib-once', big(2)), 'PreconditionFailed', 412);
    });
    expect(events).toEqual([]);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'lib-once' }));
    expect(head.ETag).toBe(created.ETag);
    // Upload aborts the refused upload itself.
    expect((await h.client.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: 'lib-once' }))).Uploads).toBeUndefined();
  });
});

describe('DeleteObject If-Match', () => {
  it('deletes only over the matching ETag (or * on a live object); no object answers 404', async () => {
    await put('del', 'keep me');
    const events = await eventsOf('del', async () => {
      await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del', IfMatch: `"${md5('other')}"` })), 'PreconditionFailed', 412);
    });
    expect(events).toEqual([]);
    expect(await text(b, 'del')).toBe('keep me');
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del', IfMatch: `"${md5('keep me')}"` }));
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'del' })), undefined, 404);
    await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del', IfMatch: '*' })), 'NoSuchKey', 404);
    await put('del-star', 'x');
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'del-star', IfMatch: '*' }));
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'del-star' })), undefined, 404);
  });

  it('a current delete marker is no object; a version id with If-Match and the directory-bucket headers answer 501', async () => {
    const vb = await versionedBucket('cond-del');
    const v1 = await put('k', 'one', {}, vb);
    await h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k' }));
    await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k', IfMatch: v1.ETag as string })), 'NoSuchKey', 404);
    await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k', IfMatch: '*' })), 'NoSuchKey', 404);
    await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k', VersionId: v1.VersionId, IfMatch: v1.ETag as string })), 'NotImplemented', 501);
    await expectS3Error(h.client.send(new DeleteObjectCommand({ Bucket: vb, Key: 'k', IfMatchSize: 3 })), 'NotImplemented', 501);
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: vb }));
    expect(versions.Versions).toHaveLength(1);
    expect(versions.DeleteMarkers).toHaveLength(1);
  });
});

describe('DeleteObjects <ETag>', () => {
  it('judges each key on its own: a failed condition is that key’s error, the others are deleted', async () => {
    await put('batch-a', 'a');
    await put('batch-b', 'b');
    await put('batch-c', 'c');
    const from = h.events.length;
    const res = await h.client.send(
      new DeleteObjectsCommand({
        Bucket: b,
        Delete: {
          Objects: [
            { Key: 'batch-a', ETag: `"${md5('a')}"` },
            { Key: 'batch-b', ETag: md5('not b') },
            { Key: 'batch-c', ETag: '*' },
            { Key: 'batch-missing', ETag: '*' },
          ],
        },
      }),
    );
    expect((res.Deleted ?? []).map((d) => d.Key).sort()).toEqual(['batch-a', 'batch-c']);
    expect((res.Errors ?? []).map((e) => [e.Key, e.Code]).sort()).toEqual([
      ['batch-b', 'PreconditionFailed'],
      ['batch-missing', 'NoSuchKey'],
    ]);
    expect(await text(b, 'batch-b')).toBe('b');
    expect(h.events.slice(from).map((e) => e.key).sort()).toEqual(['batch-a', 'batch-c']);
  });

  it('reads <ETag> in any document shape (the fast reader and the generic parser agree)', async () => {
    await put('shape', 'x');
    // CR LF sends the document to the generic parser.
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\r\n<Delete><Object><Key>shape</Key><ETag>${md5('y')}</ETag></Object></Delete>`;
    const contentMd5 = createHash('md5').update(xml).digest('base64');
    const res = await rawRequest(h.server.endpoint, { method: 'POST', path: `/${b}`, query: { delete: '' }, headers: { 'content-md5': contentMd5 }, body: xml });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Code>PreconditionFailed</Code>');
    expect(await text(b, 'shape')).toBe('x');
  });
});
