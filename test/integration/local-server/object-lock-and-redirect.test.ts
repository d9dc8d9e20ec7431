// Object Lock and website redirects through the real AWS SDK. No bucket here has Object Lock, so lock headers and
// legal-hold/retention calls answer S3's InvalidRequest instead of silently storing an unprotected object, and
// creating a locked bucket is NotImplemented. x-amz-website-redirect-location is kept and returned (it was dropped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectLegalHoldCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectRetentionCommand,
} from '@aws-sdk/client-s3';
import { bucketName, expectS3Error, startHarness, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => {
  h = await startHarness();
  b = bucketName('lock');
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'x' }));
});
afterAll(async () => h.close());

describe('Object Lock (not configured on any bucket)', () => {
  it('refuses lock headers on writes with S3\'s InvalidRequest, storing nothing', async () => {
    const until = new Date(Date.now() + 86_400_000);
    for (const send of [
      () => h.client.send(new PutObjectCommand({ Bucket: b, Key: 'locked', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until })),
      () => h.client.send(new PutObjectCommand({ Bucket: b, Key: 'locked', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })),
      () => h.client.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'locked', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until })),
      () => h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'locked', CopySource: `${b}/k`, ObjectLockLegalHoldStatus: 'ON' })),
    ]) {
      const e = await expectS3Error(send(), 'InvalidRequest', 400);
      expect(e.message).toBe('Bucket is missing ObjectLockConfiguration');
    }
    expect((await h.client.send(new ListObjectsV2Command({ Bucket: b }))).Contents?.map((c) => c.Key)).toEqual(['k']);
  });

  it('legal hold and retention calls are InvalidRequest; a bucket with Object Lock is NotImplemented and not created', async () => {
    const hold = await expectS3Error(h.client.send(new GetObjectLegalHoldCommand({ Bucket: b, Key: 'k' })), 'InvalidRequest', 400);
    expect(hold.message).toBe('Bucket is missing Object Lock Configuration');
    await expectS3Error(h.client.send(new PutObjectRetentionCommand({ Bucket: b, Key: 'k', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } })), 'InvalidRequest', 400);
    const locked = bucketName('lock-on');
    await expectS3Error(h.client.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true })), 'NotImplemented', 501);
    await expectS3Error(h.client.send(new HeadBucketCommand({ Bucket: locked })), undefined, 404);
  });
});

describe('website redirect location', () => {
  it('is kept and returned on HEAD; one that is not a path or an http(s) URL is InvalidRedirectLocation', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'old.html', Body: '', WebsiteRedirectLocation: '/new.html' }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'old.html' }))).WebsiteRedirectLocation).toBe('/new.html');
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad.html', Body: '', WebsiteRedirectLocation: 'ftp://x' })), 'InvalidRedirectLocation', 400);
    // Not copied with the metadata (S3: "unique to each object"); a copy takes the one its request names.
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy.html', CopySource: `${b}/old.html` }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'copy.html' }))).WebsiteRedirectLocation).toBeUndefined();
    await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'copy2.html', CopySource: `${b}/old.html`, WebsiteRedirectLocation: 'https://example.com/' }));
    expect((await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'copy2.html' }))).WebsiteRedirectLocation).toBe('https://example.com/');
  });
});
