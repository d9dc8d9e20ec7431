// Checksums this server cannot verify (S3's newer SHA512, MD5 and XXHASH* algorithms, or an unknown name) are
// refused with InvalidRequest, like CreateMultipartUpload refuses them, instead of storing the object unverified.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { errorCode, expectS3Error, rawRequest, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => {
  ({ h, bucket: b } = await startHarnessWithBucket('cksum'));
});
afterAll(async () => h?.close());

const body = 'checked bytes';

it.each([
  ['a SHA512 value header', { 'x-amz-checksum-sha512': createHash('sha512').update(body).digest('base64') }],
  ['an XXHASH64 value header', { 'x-amz-checksum-xxhash64': 'AAAAAAAAAAA=' }],
  ['an SDK algorithm header naming SHA512', { 'x-amz-sdk-checksum-algorithm': 'SHA512' }],
  ['an unknown algorithm', { 'x-amz-checksum-algorithm': 'ROT13' }],
])('PutObject with %s answers InvalidRequest and stores nothing', async (_name, headers) => {
  const key = `k-${Object.values(headers)[0]?.slice(0, 4)}-${Object.keys(headers)[0]}`;
  const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/${encodeURIComponent(key)}`, headers, body });
  expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidRequest']);
  expect(res.body).toContain('is not supported');
  await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: key })), undefined, 404);
});

it('still takes the algorithms it verifies, and x-amz-checksum-type is no checksum', async () => {
  const ok = await rawRequest(h.server.endpoint, {
    method: 'PUT',
    path: `/${b}/sha256`,
    headers: { 'x-amz-checksum-sha256': createHash('sha256').update(body).digest('base64') },
    body,
  });
  expect(ok.status).toBe(200);
  const wrong = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/sha256-bad`, headers: { 'x-amz-checksum-sha256': createHash('sha256').update('other').digest('base64') }, body });
  expect([wrong.status, errorCode(wrong.body)]).toEqual([400, 'BadDigest']);
});
