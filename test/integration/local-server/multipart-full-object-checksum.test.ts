// Multipart checksum types through the real AWS SDK: FULL_OBJECT (CRC32, CRC32C, CRC64NVME; the whole object's CRC,
// verified on Complete when sent) and COMPOSITE (unchanged), and the request combinations S3 refuses.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
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
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createChecksummer } from '../../../electron/main/local-server/checksums.ts';
import type { ChecksumAlgorithm } from '../../../electron/main/local-server/storage/object-store.ts';
import { bodyBytes, bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

const MiB = 1024 * 1024;
let h: Harness;
const b = bucketName('mpu-sum');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

function pattern(size: number, seed: number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) buf.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return buf;
}

/** One pass over all the bytes (what S3's full-object value means), independent of the server's part combining. */
async function checksumOf(algorithm: ChecksumAlgorithm, ...pieces: Buffer[]): Promise<string> {
  const c = createChecksummer(algorithm);
  for (const p of pieces) c.update(p);
  return c.digest();
}

type Algo = 'CRC32' | 'CRC32C' | 'CRC64NVME';
const checksumField = (a: Algo): `Checksum${Algo}` => `Checksum${a}`;

async function uploadParts(key: string, uploadId: string, parts: Buffer[], algorithm?: Algo, firstPart = 1): Promise<CompletedPart[]> {
  const done: CompletedPart[] = [];
  for (const [i, body] of parts.entries()) {
    const n = firstPart + i;
    const r = await h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: uploadId, PartNumber: n, Body: body, ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}) }));
    done.push({ PartNumber: n, ETag: r.ETag, ...(algorithm ? { [checksumField(algorithm)]: r[checksumField(algorithm)] } : {}) });
  }
  return done;
}

describe('FULL_OBJECT multipart checksums', () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    it(`lib-storage Upload with ${algorithm} FULL_OBJECT: the object's checksum is the CRC of all its bytes`, async () => {
      const data = pattern(11 * MiB + 123, algorithm.length);
      const key = `upload-${algorithm}.bin`;
      const upload = new Upload({
        client: h.client,
        params: { Bucket: b, Key: key, Body: data, ChecksumAlgorithm: algorithm, ChecksumType: 'FULL_OBJECT' },
        partSize: 5 * MiB,
        queueSize: 2,
      });
      const result = await upload.done();
      const expected = await checksumOf(algorithm, data);
      expect([result[checksumField(algorithm)], result.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
      const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: key, ChecksumMode: 'ENABLED' }));
      expect([head[checksumField(algorithm)], head.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
      // A full-object value has no -N suffix, so the SDK validates it against the body it reads.
      const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: key, ChecksumMode: 'ENABLED' }));
      expect((await bodyBytes(got.Body)).equals(data)).toBe(true);
      expect([got[checksumField(algorithm)], got.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
    });
  }

  it('CRC64NVME without a type is FULL_OBJECT; explicit Create/UploadPart/Complete with the right full-object value', async () => {
    const key = 'explicit-crc64.bin';
    const parts = [pattern(5 * MiB, 7), pattern(5 * MiB, 8), pattern(333, 9)];
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC64NVME' }));
    expect([create.ChecksumAlgorithm, create.ChecksumType]).toEqual(['CRC64NVME', 'FULL_OBJECT']);
    const completed = await uploadParts(key, create.UploadId!, parts, 'CRC64NVME');
    const listed = await h.client.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: create.UploadId }));
    expect(listed.ChecksumType).toBe('FULL_OBJECT');
    expect(listed.Parts?.map((p) => p.ChecksumCRC64NVME)).toEqual(await Promise.all(parts.map((p) => checksumOf('CRC64NVME', p))));
    const expected = await checksumOf('CRC64NVME', ...parts);
    const done = await h.client.send(new CompleteMultipartUploadCommand({
      Bucket: b,
      Key: key,
      UploadId: create.UploadId,
      ChecksumType: 'FULL_OBJECT',
      ChecksumCRC64NVME: expected,
      MpuObjectSize: parts.reduce((n, p) => n + p.length, 0),
      MultipartUpload: { Parts: completed },
    }));
    expect([done.ChecksumCRC64NVME, done.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
  });

  it('a wrong full-object checksum on Complete is BadDigest; the upload stays open, then completes with the right one', async () => {
    const key = 'wrong-then-right.bin';
    const parts = [pattern(5 * MiB, 21), pattern(4096, 22)];
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32C', ChecksumType: 'FULL_OBJECT' }));
    expect(create.ChecksumType).toBe('FULL_OBJECT');
    const completed = await uploadParts(key, create.UploadId!, parts, 'CRC32C');
    const complete = (value: string) =>
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId, ChecksumType: 'FULL_OBJECT', ChecksumCRC32C: value, MultipartUpload: { Parts: completed } }));
    const wrong = await checksumOf('CRC32C', parts[1]!, parts[0]!); // the right bytes in the wrong order
    const err = await expectS3Error(complete(wrong), 'BadDigest', 400);
    expect(err.message).toMatch(/CRC32C/);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: key })), 'NotFound', 404);
    const uploads = await h.client.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: key }));
    expect(uploads.Uploads?.map((u) => [u.UploadId, u.ChecksumAlgorithm, u.ChecksumType])).toEqual([[create.UploadId, 'CRC32C', 'FULL_OBJECT']]);
    const expected = await checksumOf('CRC32C', ...parts);
    const done = await complete(expected);
    expect([done.ChecksumCRC32C, done.ChecksumType]).toEqual([expected, 'FULL_OBJECT']);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: key, ChecksumMode: 'ENABLED' }));
    expect([head.ChecksumCRC32C, head.ChecksumType, head.ContentLength]).toEqual([expected, 'FULL_OBJECT', 5 * MiB + 4096]);
  });

  it('after a BadDigest the upload can be aborted', async () => {
    const key = 'wrong-then-abort.bin';
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
    const completed = await uploadParts(key, create.UploadId!, [Buffer.from('only part')], 'CRC32');
    await expectS3Error(
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId, ChecksumCRC32: 'AAAAAA==', ChecksumType: 'FULL_OBJECT', MultipartUpload: { Parts: completed } })),
      'BadDigest',
      400,
    );
    await h.client.send(new AbortMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId }));
    await expectS3Error(h.client.send(new ListPartsCommand({ Bucket: b, Key: key, UploadId: create.UploadId })), 'NoSuchUpload', 404);
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: key })), 'NotFound', 404);
  });

  it('parts uploaded without a client checksum still get the CRC the full-object value is combined from', async () => {
    const key = 'server-computed.bin';
    const parts = [pattern(5 * MiB, 31), pattern(10, 32)];
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
    const completed: CompletedPart[] = [];
    for (const [i, body] of parts.entries()) {
      // Plain signed PUTs: no x-amz-checksum-* and no trailer.
      const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/${key}`, query: { partNumber: String(i + 1), uploadId: create.UploadId! }, body });
      expect(res.status).toBe(200);
      expect(res.headers['x-amz-checksum-crc32']).toBe(await checksumOf('CRC32', body));
      completed.push({ PartNumber: i + 1, ETag: res.headers.etag as string });
    }
    const done = await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId, MultipartUpload: { Parts: completed } }));
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([await checksumOf('CRC32', ...parts), 'FULL_OBJECT']);
  });
  it('UploadPartCopy parts carry the upload CRC of the copied range, so the full-object value still combines', async () => {
    const source = pattern(6 * MiB, 51);
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'copy-source.bin', Body: source }));
    const key = 'copied.bin';
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC64NVME' }));
    const first = await h.client.send(new UploadPartCopyCommand({ Bucket: b, Key: key, UploadId: create.UploadId, PartNumber: 1, CopySource: `${b}/copy-source.bin`, CopySourceRange: `bytes=${MiB}-${6 * MiB - 1}` }));
    const tail = Buffer.from('tail bytes');
    const [second] = await uploadParts(key, create.UploadId!, [tail], 'CRC64NVME', 2);
    const expectedPart = await checksumOf('CRC64NVME', source.subarray(MiB));
    expect(first.CopyPartResult?.ChecksumCRC64NVME).toBe(expectedPart);
    const done = await h.client.send(new CompleteMultipartUploadCommand({
      Bucket: b,
      Key: key,
      UploadId: create.UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: first.CopyPartResult?.ETag, ChecksumCRC64NVME: expectedPart }, second!] },
    }));
    expect([done.ChecksumCRC64NVME, done.ChecksumType]).toEqual([await checksumOf('CRC64NVME', source.subarray(MiB), tail), 'FULL_OBJECT']);
  });
});

describe('checksum type rules', () => {
  const createRaw = (headers: Record<string, string>) =>
    rawRequest(h.server.endpoint, { method: 'POST', path: `/${b}/rules.bin`, query: { uploads: '' }, headers });

  it('FULL_OBJECT with SHA1 or SHA256, COMPOSITE with CRC64NVME, a type without an algorithm and an unknown type are InvalidRequest', async () => {
    for (const algorithm of ['SHA1', 'SHA256'] as const) {
      const err = await expectS3Error(
        h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'rules.bin', ChecksumAlgorithm: algorithm, ChecksumType: 'FULL_OBJECT' })),
        'InvalidRequest',
        400,
      );
      expect(err.message).toBe(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
    }
    await expectS3Error(
      h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'rules.bin', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })),
      'InvalidRequest',
      400,
    );
    const invalid: Record<string, string>[] = [{ 'x-amz-checksum-type': 'FULL_OBJECT' }, { 'x-amz-checksum-algorithm': 'CRC32', 'x-amz-checksum-type': 'WHOLE' }];
    for (const headers of invalid) {
      const res = await createRaw(headers);
      expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidRequest']);
    }
    const uploads = await h.client.send(new ListMultipartUploadsCommand({ Bucket: b, Prefix: 'rules.bin' }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('Complete must repeat the upload checksum mode; a part with another algorithm is refused; a wrong MpuObjectSize is refused', async () => {
    const key = 'mode.bin';
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
    const mismatch = await expectS3Error(
      h.client.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId: create.UploadId, PartNumber: 1, Body: 'x', ChecksumAlgorithm: 'SHA256' })),
      'InvalidRequest',
      400,
    );
    expect(mismatch.message).toMatch(/expected checksum Type: crc32, actual checksum Type: sha256/);
    const completed = await uploadParts(key, create.UploadId!, [Buffer.from('the part')], 'CRC32');
    const complete = (extra: Partial<ConstructorParameters<typeof CompleteMultipartUploadCommand>[0]>) =>
      h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId, MultipartUpload: { Parts: completed }, ...extra }));
    const mode = await expectS3Error(complete({ ChecksumType: 'COMPOSITE' }), 'InvalidRequest', 400);
    expect(mode.message).toMatch(/FULL_OBJECT checksum mode/);
    await expectS3Error(complete({ MpuObjectSize: 9 }), 'InvalidRequest', 400);
    const done = await complete({ MpuObjectSize: 8 });
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([await checksumOf('CRC32', Buffer.from('the part')), 'FULL_OBJECT']);
  });

  it('COMPOSITE stays as before: checksum of the part checksums, suffixed -N', async () => {
    const key = 'composite.bin';
    const parts = [pattern(5 * MiB, 41), pattern(77, 42)];
    const create = await h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ChecksumAlgorithm: 'CRC32' }));
    expect(create.ChecksumType).toBe('COMPOSITE');
    const completed = await uploadParts(key, create.UploadId!, parts, 'CRC32');
    const done = await h.client.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId: create.UploadId, MultipartUpload: { Parts: completed } }));
    const partSums = await Promise.all(parts.map((p) => checksumOf('CRC32', p)));
    const composite = `${await checksumOf('CRC32', ...partSums.map((s) => Buffer.from(s, 'base64')))}-2`;
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([composite, 'COMPOSITE']);
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: key, ChecksumMode: 'ENABLED' }));
    expect([head.ChecksumCRC32, head.ChecksumType]).toEqual([composite, 'COMPOSITE']);
  });
});
