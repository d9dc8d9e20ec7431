// GetObjectAttributes through the real AWS SDK (it answered NotImplemented): ETag (unquoted, as S3 returns it
// here), checksum, part count of a multipart object, storage class and size; versions and delete markers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { expectS3Error, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => ({ h, bucket: b } = await startHarnessWithBucket('attrs')));
afterAll(async () => h.close());

const ALL = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;

describe('GetObjectAttributes', () => {
  it('answers ETag, Checksum, StorageClass and ObjectSize of a PUT object (no ObjectParts)', async () => {
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'one', Body: 'hello', ChecksumAlgorithm: 'SHA256', StorageClass: 'STANDARD_IA' }));
    const a = await h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'one', ObjectAttributes: [...ALL] }));
    expect({ ETag: a.ETag, Checksum: a.Checksum, ObjectParts: a.ObjectParts, StorageClass: a.StorageClass, ObjectSize: a.ObjectSize }).toEqual({
      ETag: put.ETag?.replace(/"/g, ''),
      Checksum: { ChecksumSHA256: put.ChecksumSHA256, ChecksumType: 'FULL_OBJECT' },
      ObjectParts: undefined,
      StorageClass: 'STANDARD_IA',
      ObjectSize: 5,
    });
    expect(a.LastModified).toBeInstanceOf(Date);
    const some = await h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'one', ObjectAttributes: ['ObjectSize'] }));
    expect([some.ETag, some.ObjectSize]).toEqual([undefined, 5]);
  });

  it('counts the parts of a multipart object', async () => {
    const { UploadId } = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'mp' }));
    const parts = [];
    for (const [n, body] of [[1, Buffer.alloc(5 * 1024 * 1024, 1)], [2, Buffer.from('tail')]] as const) {
      const p = await h.client.send(new UploadPartCommand({ Bucket: b, Key: 'mp', UploadId, PartNumber: n, Body: body }));
      parts.push({ PartNumber: n, ETag: p.ETag });
    }
    const done = await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: 'mp', UploadId, MultipartUpload: { Parts: parts } }));
    const a = await h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'mp', ObjectAttributes: ['ETag', 'ObjectParts', 'ObjectSize'] }));
    expect([a.ETag, a.ObjectParts?.TotalPartsCount, a.ObjectSize]).toEqual([done.ETag?.replace(/"/g, ''), 2, 5 * 1024 * 1024 + 4]);
  });

  it('addresses versions; a delete marker is NoSuchKey; missing keys and bad attribute names are refused', async () => {
    await h.client.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'v', Body: 'first' }));
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'v', Body: 'second!' }));
    const old = await h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'v', VersionId: v1.VersionId, ObjectAttributes: ['ObjectSize'] }));
    expect([old.ObjectSize, old.VersionId]).toEqual([5, v1.VersionId]);
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'v' }));
    await expectS3Error(h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'v', ObjectAttributes: ['ObjectSize'] })), 'NoSuchKey', 404);
    await expectS3Error(h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'missing', ObjectAttributes: ['ObjectSize'] })), 'NoSuchKey', 404);
    const bad = h.client.send(new GetObjectAttributesCommand({ Bucket: b, Key: 'one', ObjectAttributes: ['Colour' as 'ETag'] }));
    await expectS3Error(bad, 'InvalidArgument', 400);
  });
});
