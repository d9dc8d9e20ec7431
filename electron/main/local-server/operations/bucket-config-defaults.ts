// Bucket configurations this server does not store (policy, lifecycle, website, ...; CORS and tags are stored). Reads answer what S3
// answers for a new bucket, so clients that probe them (s3cmd info, SDK code catching NoSuchBucketPolicy or
// NoSuchTagSet, infrastructure tools reading a bucket's state) see an unconfigured bucket, not NotImplemented.
// Deleting one of the configurations S3 reports as absent is a no-op 204, as in S3. Writes stay NotImplemented.
// New-bucket defaults: SSE-S3 encryption, Block Public Access on, ACLs disabled (bucket owner enforced).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
import { S3Error, type S3ErrorCode } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { DEFAULT_BUCKET_CONFIGS } from '../resolve-operation.ts';
import { toXml } from '../xml/xml-codec.ts';
import { requireBucket } from './common.ts';

type DefaultAnswer = { error: S3ErrorCode } | { body: () => string };

const ANSWERS: Record<(typeof DEFAULT_BUCKET_CONFIGS)[number], DefaultAnswer> = {
  policy: { error: 'NoSuchBucketPolicy' },
  policyStatus: { error: 'NoSuchBucketPolicy' },
  lifecycle: { error: 'NoSuchLifecycleConfiguration' },
  website: { error: 'NoSuchWebsiteConfiguration' },
  replication: { error: 'ReplicationConfigurationNotFoundError' },
  'object-lock': { error: 'ObjectLockConfigurationNotFoundError' },
  encryption: {
    body: () => toXml('ServerSideEncryptionConfiguration', {
      Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    }),
  },
  requestPayment: { body: () => toXml('RequestPaymentConfiguration', { Payer: 'BucketOwner' }) },
  publicAccessBlock: {
    body: () => toXml('PublicAccessBlockConfiguration', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }),
  },
  ownershipControls: { body: () => toXml('OwnershipControls', { Rule: { ObjectOwnership: 'BucketOwnerEnforced' } }) },
  logging: { body: () => toXml('BucketLoggingStatus', {}) },
  accelerate: { body: () => toXml('AccelerateConfiguration', {}) },
};

function subresource(ctx: RequestContext): (typeof DEFAULT_BUCKET_CONFIGS)[number] {
  const name = DEFAULT_BUCKET_CONFIGS.find((n) => Object.prototype.hasOwnProperty.call(ctx.query, n));
  if (!name) throw new S3Error('NotImplemented');
  return name;
}

/** GetBucketPolicy, GetBucketCors, GetBucketEncryption, ...: S3's answer for a bucket that was never configured. */
export const getBucketDefaultConfiguration: Handler = async (ctx) => {
  requireBucket(ctx);
  const answer = ANSWERS[subresource(ctx)];
  if ('error' in answer) throw new S3Error(answer.error, undefined, { BucketName: ctx.bucket });
  return { headers: { 'content-type': 'application/xml' }, body: answer.body() };
};

/** DeleteBucketPolicy, DeleteBucketCors, ...: nothing is stored, so there is nothing to delete (204, as in S3). */
export const deleteBucketDefaultConfiguration: Handler = async (ctx) => {
  requireBucket(ctx);
  subresource(ctx);
  return { status: 204 };
};
