// Server-side encryption as S3 reports it: every object is SSE-S3 (AES256) in PUT, GET, HEAD, copy and multipart
// responses (the bucket's default encryption says so too); kinds this server cannot honour are refused, not
// silently dropped. https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { expectS3Error, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => ({ h, bucket: b } = await startHarnessWithBucket('sse')));
afterAll(async () => h.close());

describe('server-side encryption', () => {
  it('reports SSE-S3 (AES256) on PUT, HEAD, GET, copy and multipart, asked for or not', async () => {
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'plain', Body: 'x' }));
    const asked = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'asked', Body: 'x', ServerSideEncryption: 'AES256' }));
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'plain' }));
    const get = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'asked' }));
    await get.Body?.transformToByteArray();
    const copy = await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: `${b}/plain` }));
    const mpu = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'mp' }));
    const part = await h.client.send(new UploadPartCommand({ Bucket: b, Key: 'mp', UploadId: mpu.UploadId, PartNumber: 1, Body: randomBytes(10) }));
    const done = await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: 'mp', UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect([put, asked, head, get, copy, mpu, part, done].map((r) => r.ServerSideEncryption)).toEqual(Array(8).fill('AES256'));
  });

  it('refuses SSE-KMS and SSE-C (NotImplemented) and unknown methods (InvalidArgument), storing nothing', async () => {
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'kms', Body: 'x', ServerSideEncryption: 'aws:kms' })), 'NotImplemented', 501);
    const key = randomBytes(32);
    await expectS3Error(
      h.client.send(new PutObjectCommand({ Bucket: b, Key: 'ssec', Body: 'x', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') })),
      'NotImplemented',
      501,
    );
    await expectS3Error(h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'kms-mp', ServerSideEncryption: 'aws:kms:dsse' })), 'NotImplemented', 501);
    await expectS3Error(h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'kms-copy', CopySource: `${b}/plain`, ServerSideEncryption: 'aws:kms' })), 'NotImplemented', 501);
    const bogus = h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bogus', Body: 'x', ServerSideEncryption: 'ROT13' as 'AES256' }));
    await expectS3Error(bogus, 'InvalidArgument', 400);
    const keys = (await h.client.send(new ListObjectsV2Command({ Bucket: b }))).Contents?.map((c) => c.Key);
    expect(keys).toEqual(['asked', 'copy', 'mp', 'plain']);
  });
});
