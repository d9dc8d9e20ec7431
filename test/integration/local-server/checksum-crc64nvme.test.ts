// CRC64NVME (x-amz-checksum-crc64nvme) through the real AWS SDK: header and aws-chunked trailer, stored and
// returned like the other algorithms. https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import { bodyBytes, bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

async function crc64nvme(data: Buffer | string): Promise<string> {
  const c = new Crc64NvmeJs();
  c.update(Buffer.from(data));
  return Buffer.from(await c.digest()).toString('base64');
}

let h: Harness;
const b = bucketName('crc64');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

describe('CRC64NVME', () => {
  it('the reference implementation is CRC-64/NVME (catalogue check value of "123456789")', async () => {
    expect(Buffer.from(await crc64nvme('123456789'), 'base64').toString('hex')).toBe('ae8b14860a799888');
  });

  it('PutObject with ChecksumAlgorithm CRC64NVME (aws-chunked trailer) stores the value GET and HEAD return', async () => {
    const body = Buffer.alloc(200 * 1024, 'crc64 ');
    const expected = await crc64nvme(body);
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'trailer.bin', Body: body, ChecksumAlgorithm: 'CRC64NVME' }));
    expect(put.ChecksumCRC64NVME).toBe(expected);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'trailer.bin', ChecksumMode: 'ENABLED' }));
    expect([head.ChecksumCRC64NVME, head.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
    // The SDK validates the returned CRC64NVME against the body it reads.
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'trailer.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC64NVME).toBe(expected);
    expect((await bodyBytes(got.Body)).equals(body)).toBe(true);
    const plain = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'trailer.bin' }));
    expect(plain.ChecksumCRC64NVME).toBeUndefined();
    const list = await h.client.send(new ListObjectsV2Command({ Bucket: b, Prefix: 'trailer' }));
    expect(list.Contents?.[0]?.ChecksumAlgorithm).toEqual(['CRC64NVME']);
  });

  it('a precomputed x-amz-checksum-crc64nvme header is verified: right value stored, wrong value BadDigest', async () => {
    const expected = await crc64nvme('small body');
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'header.txt', Body: 'small body', ChecksumCRC64NVME: expected }));
    expect(put.ChecksumCRC64NVME).toBe(expected);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'header.txt', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(expected);
    const wrong = await crc64nvme('another body');
    const err = await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad.txt', Body: 'small body', ChecksumCRC64NVME: wrong })), 'BadDigest', 400);
    expect(err.message).toMatch(/CRC64NVME/);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'bad.txt' })), 'NotFound', 404);
  });

  it('a value that is not 8 bytes of base64 is InvalidRequest', async () => {
    const res = await rawRequest(h.server.endpoint, {
      method: 'PUT',
      path: `/${b}/short-value`,
      body: 'abc',
      headers: { 'x-amz-checksum-crc64nvme': 'AAAAAA==' },
    });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidRequest']);
  });

  it('an aws-chunked trailer with the wrong CRC64NVME is BadDigest; the right one is stored', async () => {
    const data = 'hello crc64 trailer';
    const send = (value: string, key: string) =>
      rawRequest(h.server.endpoint, {
        method: 'PUT',
        path: `/${b}/${key}`,
        body: `${data.length.toString(16)}\r\n${data}\r\n0\r\nx-amz-checksum-crc64nvme:${value}\r\n\r\n`,
        payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc64nvme' },
      });
    const bad = await send(await crc64nvme('something else'), 'trailer-bad');
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'BadDigest']);
    const expected = await crc64nvme(data);
    const good = await send(expected, 'trailer-good');
    expect(good.status).toBe(200);
    expect(good.headers['x-amz-checksum-crc64nvme']).toBe(expected);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'trailer-good', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(expected);
  });
});
