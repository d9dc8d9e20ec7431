// Bucket configurations the server does not store answer as an unconfigured new S3 bucket does (they answered
// NotImplemented, which broke SDK code that catches e.g. NoSuchBucketPolicy, and s3cmd info).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteBucketCorsCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import { errorCode, expectS3Error, rawRequest, startHarnessWithBucket, type Harness } from './support.ts';

let h: Harness;
let b: string;
beforeAll(async () => ({ h, bucket: b } = await startHarnessWithBucket('defaults')));
afterAll(async () => h.close());

describe('bucket configuration defaults', () => {
  it('absent configurations answer S3\'s 404 codes', async () => {
    const Bucket = b;
    const absent: [Promise<unknown>, string][] = [
      [h.client.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy'],
      [h.client.send(new GetBucketPolicyStatusCommand({ Bucket })), 'NoSuchBucketPolicy'],
      [h.client.send(new GetBucketCorsCommand({ Bucket })), 'NoSuchCORSConfiguration'],
      [h.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration'],
      [h.client.send(new GetBucketWebsiteCommand({ Bucket })), 'NoSuchWebsiteConfiguration'],
      [h.client.send(new GetBucketReplicationCommand({ Bucket })), 'ReplicationConfigurationNotFoundError'],
      [h.client.send(new GetObjectLockConfigurationCommand({ Bucket })), 'ObjectLockConfigurationNotFoundError'],
    ];
    for (const [p, code] of absent) await expectS3Error(p, code, 404);
  });

  it('defaults of a new bucket: SSE-S3, Block Public Access on, bucket owner enforced, owner pays, no logging', async () => {
    const Bucket = b;
    const enc = await h.client.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    const pab = await h.client.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const own = await h.client.send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(own.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect((await h.client.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe('BucketOwner');
    expect((await h.client.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    expect((await h.client.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status).toBeUndefined();
  });

  it('deleting an absent configuration is a 204 no-op; writes stay NotImplemented; a missing bucket is NoSuchBucket', async () => {
    const Bucket = b;
    await h.client.send(new DeleteBucketPolicyCommand({ Bucket }));
    await h.client.send(new DeleteBucketCorsCommand({ Bucket }));
    await h.client.send(new DeleteBucketEncryptionCommand({ Bucket }));
    await h.client.send(new HeadBucketCommand({ Bucket }));
    await expectS3Error(h.client.send(new PutBucketPolicyCommand({ Bucket, Policy: '{"Version":"2012-10-17","Statement":[]}' })), 'NotImplemented', 501);
    await expectS3Error(h.client.send(new GetBucketPolicyCommand({ Bucket: `${b}-missing` })), 'NoSuchBucket', 404);
    const pab = await rawRequest(h.server.endpoint, { method: 'DELETE', path: `/${b}`, query: { publicAccessBlock: '' } });
    expect([pab.status, errorCode(pab.body)]).toEqual([501, 'NotImplemented']);
    await h.client.send(new HeadBucketCommand({ Bucket }));
  });
});
