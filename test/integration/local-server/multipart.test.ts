// Multipart uploads: lib-storage Upload, the S3 ETag (md5 of part md5s, -N), part rules, copy parts, abort, listings.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bodyBytes, bucketName, expectS3Error, startHarness, type Harness } from './support.ts';

const MiB = 1024 * 1024;
let h: Harness;
const b = bucketName('mpu');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

function pattern(size: number, seed: number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) buf.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return buf;
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const multipartEtag = (parts: Buffer[]): string =>
  `${createHash('md5').update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))).digest('hex')}-${parts.length}`;

describe('multipart upload', () => {
  it('lib-storage Upload produces the S3 multipart ETag and reads back intact; one event on completion', async () => {
    const data = pattern(13 * MiB, 1);
    const before = h.events.length;
    const upload = new Upload({ client: h.client, params: { Bucket: b, Key: 'big.bin', Body: data, ContentType: 'application/x-test' }, partSize: 5 * MiB, queueSize: 3 });
    const result = await upload.done();
    const parts = [data.subarray(0, 5 * MiB), data.subarray(5 * MiB, 10 * MiB), data.subarray(10 * MiB)];
    expect(result.ETag).toBe(`"${multipartEtag(parts)}"`);
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'big.bin' }));
    const bytes = await bodyBytes(got.Body);
    expect(md5(bytes)).toBe(md5(data));
    expect(got.ContentType).toBe('application/x-test');
    const part2 = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'big.bin', PartNumber: 2 }));
    expect(part2.PartsCount).toBe(3);
    expect(md5(await bodyBytes(part2.Body))).toBe(md5(parts[1] as Buffer));
    const range = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'big.bin', Range: `bytes=${5 * MiB - 10}-${5 * MiB + 9}` }));
    expect((await bodyBytes(range.Body)).equals(data.subarray(5 * MiB - 10, 5 * MiB + 10))).toBe(true);
    const events = h.events.slice(before);
    expect(events.map((e) => e.type)).toEqual(['ObjectCreated:CompleteMultipartUpload']);
    expect(events[0]).toMatchObject({ key: 'big.bin', size: data.length, etag: multipartEtag(parts) });
  });

  it('enforces part order, part ETags and the 5 MiB minimum; lists parts and uploads; aborts', async () => {
    const key = 'manual.bin';
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, Metadata: { m: '1' } }));
    const p1 = pattern(5 * MiB, 2);
    const p2 = pattern(1024, 3);
    const small = pattern(100, 4);
    // Parts may arrive in any order.
    const e2 = (await h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 2, Body: p2 }))).ETag as string;
    const e1 = (await h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 1, Body: p1 }))).ETag as string;
    const e3 = (await h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 3, Body: small }))).ETag as string;
    const listed = await h.client.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, p1.length], [2, p2.length], [3, small.length]]);
    const page = await h.client.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId, MaxParts: 2 }));
    expect(page.IsTruncated).toBe(true);
    expect(page.NextPartNumberMarker).toBe('2');
    const uploads = await h.client.send(new ListMultipartUploadsCommand({ Bucket: b }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toContainEqual([key, UploadId]);

    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }] } })),
      'InvalidPartOrder',
      400,
    );
    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123"' }] } })),
      'InvalidPart',
      400,
    );
    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 7, ETag: e1 }] } })),
      'InvalidPart',
      400,
    );
    // Part 2 is only 1 KiB and not last.
    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2 }, { PartNumber: 3, ETag: e3 }] } })),
      'EntityTooSmall',
      400,
    );
    // Skipping a part is allowed.
    const done = await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 3, ETag: e3 }] } }));
    expect(done.ETag).toBe(`"${multipartEtag([p1, small])}"`);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: key }));
    expect(head.ContentLength).toBe(p1.length + small.length);
    expect(head.Metadata).toEqual({ m: '1' });
    await expectS3Error(h.client.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId })), 'NoSuchUpload', 404);
    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] } })),
      'NoSuchUpload',
      404,
    );

    const second = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'aborted.bin' }));
    await h.client.send(new UploadPartCommand({ Bucket: b, Key: 'aborted.bin', UploadId: second.UploadId, PartNumber: 1, Body: small }));
    await h.client.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'aborted.bin', UploadId: second.UploadId }));
    await expectS3Error(h.client.send(new UploadPartCommand({ Bucket: b, Key: 'aborted.bin', UploadId: second.UploadId, PartNumber: 2, Body: small })), 'NoSuchUpload', 404);
    await expectS3Error(h.client.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'aborted.bin', UploadId: second.UploadId })), 'NoSuchUpload', 404);
    await expectS3Error(h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: 'nope', PartNumber: 1, Body: small })), 'NoSuchUpload', 404);
    const third = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'third.bin' }));
    await expectS3Error(h.client.send(new UploadPartCommand({ Bucket: b, Key: 'third.bin', UploadId: third.UploadId, PartNumber: 10001, Body: small })), 'InvalidArgument', 400);
    await h.client.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'third.bin', UploadId: third.UploadId }));
  });

  it('copies ranges of an object into parts (UploadPartCopy)', async () => {
    const src = pattern(6 * MiB, 9);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'copy-src', Body: src }));
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'copy-dst' }));
    const c1 = await h.client.send(new UploadPartCopyCommand({ Bucket: b, Key: 'copy-dst', UploadId, PartNumber: 1, CopySource: `${b}/copy-src`, CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
    const c2 = await h.client.send(new UploadPartCopyCommand({ Bucket: b, Key: 'copy-dst', UploadId, PartNumber: 2, CopySource: `${b}/copy-src`, CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}` }));
    expect(c1.CopyPartResult?.ETag).toBe(`"${md5(src.subarray(0, 5 * MiB))}"`);
    await expectS3Error(
      h.client.send(new UploadPartCopyCommand({ Bucket: b, Key: 'copy-dst', UploadId, PartNumber: 3, CopySource: `${b}/copy-src`, CopySourceRange: `bytes=0-${7 * MiB}` })),
      'InvalidRange',
      416,
    );
    await h.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: b,
        Key: 'copy-dst',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult?.ETag }, { PartNumber: 2, ETag: c2.CopyPartResult?.ETag }] },
      }),
    );
    const got = await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'copy-dst' }))).Body);
    expect(md5(got)).toBe(md5(src));
  });
});
