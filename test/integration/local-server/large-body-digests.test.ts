// Bodies of 1 MiB and more are hashed on the digest pool's worker thread (digest-pool.ts), not inline: the same
// answers as for small bodies must come back — ETag, every checksum algorithm, and BadDigest /
// XAmzContentSHA256Mismatch for wrong declarations — through the real SDK and hand-signed requests over HTTP.
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createChecksummer } from '../../../electron/main/local-server/checksums.ts';
import { OFFLOAD_MIN_BYTES } from '../../../electron/main/local-server/digest-pool.ts';
import { bodyBytes, errorCode, expectS3Error, rawRequest, signRequest, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => ({ h, bucket: b } = await startHarnessWithBucket('large')));
afterAll(async () => h.close());

const big = (extra = 12345): Buffer => randomBytes(OFFLOAD_MIN_BYTES * 2 + extra);
const md5Hex = (d: Buffer): string => createHash('md5').update(d).digest('hex');

describe('large bodies hashed off the main thread', () => {
  it('ETag and each checksum algorithm match values computed here, on PUT, HEAD and GET', async () => {
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const data = big();
      const c = createChecksummer(algorithm);
      c.update(data);
      const expected = await c.digest();
      const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: `sum-${algorithm}`, Body: data, ChecksumAlgorithm: algorithm }));
      expect(put.ETag).toBe(`"${md5Hex(data)}"`);
      const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(head[`Checksum${algorithm}`]).toBe(expected);
      const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: `sum-${algorithm}` }));
      expect((await bodyBytes(got.Body)).equals(data)).toBe(true);
    }
  });

  it('a wrong CRC32, a wrong Content-MD5 and a body not matching the signed SHA-256 are refused; nothing is stored', async () => {
    const data = big();
    const wrongCrc = Buffer.alloc(4);
    wrongCrc.writeUInt32BE((crc32(data) ^ 1) >>> 0);
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad-crc', Body: data, ChecksumCRC32: wrongCrc.toString('base64') })), 'BadDigest', 400);
    const wrongMd5 = createHash('md5').update('other').digest('base64');
    const badMd5 = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/bad-md5`, body: data, headers: { 'content-md5': wrongMd5 } });
    expect([badMd5.status, errorCode(badMd5.body)]).toEqual([400, 'BadDigest']);
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1]! ^= 0xff;
    const badSha = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/bad-sha`, body: tampered, payloadHash: createHash('sha256').update(data).digest('hex') });
    expect([badSha.status, errorCode(badSha.body)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    for (const key of ['bad-crc', 'bad-md5', 'bad-sha']) await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: key })), 'NotFound', 404);
    // The right declarations for the same bytes are accepted.
    const good = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/good`, body: data, headers: { 'content-md5': createHash('md5').update(data).digest('base64') } });
    expect(good.status).toBe(200);
    expect(good.headers.etag).toBe(`"${md5Hex(data)}"`);
  });

  it('a streamed body (aws-chunked with a trailing checksum, as the SDK sends a stream) is decoded, then hashed off-thread', async () => {
    const data = big();
    const parts = [data.subarray(0, 700_000), data.subarray(700_000, 2_000_000), data.subarray(2_000_000)];
    const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'streamed', Body: Readable.from(parts), ContentLength: data.length, ChecksumAlgorithm: 'CRC32C' }));
    expect(put.ETag).toBe(`"${md5Hex(data)}"`);
    const c = createChecksummer('CRC32C');
    c.update(data);
    expect(put.ChecksumCRC32C).toBe(await c.digest());
    const got = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'streamed' }));
    expect((await bodyBytes(got.Body)).equals(data)).toBe(true);
  });

  it('an unsigned payload with an x-amz-checksum-sha256 header is verified with that checksum alone', async () => {
    const data = big();
    const sha = createHash('sha256').update(data).digest('base64');
    const put = (key: string, value: string) =>
      rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/${key}`, body: data, payloadHash: 'UNSIGNED-PAYLOAD', headers: { 'x-amz-checksum-sha256': value } });
    const good = await put('unsigned-sha', sha);
    expect([good.status, good.headers['x-amz-checksum-sha256']]).toEqual([200, sha]);
    const wrong = await put('unsigned-bad', createHash('sha256').update('other').digest('base64'));
    expect([wrong.status, errorCode(wrong.body)]).toEqual([400, 'BadDigest']);
  });

  it('clients hanging up mid-body leave nothing behind, and large uploads keep working afterwards', async () => {
    const url = new URL(h.server.endpoint);
    await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const path = `/${b}/cut-${i}`;
        // Signed, so the server accepts the request and starts hashing the body before the client hangs up.
        const { headers } = await signRequest(url, { method: 'PUT', path }, { host: url.host, 'content-length': String(OFFLOAD_MIN_BYTES * 4) }, 'UNSIGNED-PAYLOAD');
        const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
        await new Promise<void>((resolve) => {
          const socket = connect(Number(url.port), url.hostname, () => {
            socket.write(`PUT ${path} HTTP/1.1\r\n${head}\r\n`);
            socket.write(randomBytes(OFFLOAD_MIN_BYTES + 1000), () => setTimeout(() => socket.destroy(), 20));
          });
          socket.on('close', () => resolve());
          socket.on('error', () => undefined);
        });
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const data = big(i);
        const put = await h.client.send(new PutObjectCommand({ Bucket: b, Key: `after-${i}`, Body: data }));
        return put.ETag === `"${md5Hex(data)}"`;
      }),
    );
    expect(results).toEqual([true, true, true, true, true, true]);
    for (let i = 0; i < 4; i++) await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: `cut-${i}` })), 'NotFound', 404);
  });
});
