// Bucket configurations this server does not store (policy, lifecycle, website, ...; CORS and tags are stored). Reads answer what S3
// answers for a new bucket, so clients that probe them (s3cmd info, SDK code catching NoSuchBucketPolicy or
// NoSuchTagSet, infrastructure tools reading a bucket's state) see an unconfigured bucket, not NotImplemented.
// Deleting one of the configurations S3 reports as absent is a no-op 204, as in S3. Writing encryption, Block Public
// Access or object ownership with the value this server has anyway succeeds (setup scripts harden every new bucket
// that way, and failed on the first step); any other write stays NotImplemented, saying what the server has.
// New-bucket defaults: SSE-S3 encryption, Block Public Access on, ACLs disabled (bucket owner enforced).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
import { S3Error, type S3ErrorCode } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { DEFAULT_BUCKET_CONFIGS, WRITABLE_DEFAULT_CONFIGS } from '../resolve-operation.ts';
import { readSmallBody } from '../request-body.ts';
import { child, children, MAX_XML_BYTES, parseXmlBody, text, toXml } from '../xml/xml-codec.ts';
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

type WritableConfig = (typeof WRITABLE_DEFAULT_CONFIGS)[number];

/** Whether a request document asks for exactly what the server has; what it has, to say so when not. */
const WRITABLE: Record<WritableConfig, { root: string; isDefault: (doc: Record<string, unknown>) => boolean; has: string }> = {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html
  encryption: {
    root: 'ServerSideEncryptionConfiguration',
    isDefault: (doc) => {
      const rules = children(doc, 'Rule');
      const rule = rules[0];
      if (rules.length !== 1 || !rule) return false;
      const sse = child(rule, 'ApplyServerSideEncryptionByDefault');
      const bucketKey = text(rule, 'BucketKeyEnabled');
      return sse !== undefined && text(sse, 'SSEAlgorithm') === 'AES256' && text(sse, 'KMSMasterKeyID') === undefined && (bucketKey === undefined || bucketKey === 'false');
    },
    has: 'SSE-S3 (AES256) default encryption without a bucket key',
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html (an omitted setting is false)
  publicAccessBlock: {
    root: 'PublicAccessBlockConfiguration',
    isDefault: (doc) => ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].every((n) => text(doc, n) === 'true'),
    has: 'all four Block Public Access settings on',
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketOwnershipControls.html
  ownershipControls: {
    root: 'OwnershipControls',
    isDefault: (doc) => {
      const rules = children(doc, 'Rule');
      return rules.length === 1 && rules[0] !== undefined && text(rules[0], 'ObjectOwnership') === 'BucketOwnerEnforced';
    },
    has: 'object ownership BucketOwnerEnforced (ACLs disabled)',
  },
};

/** PutBucketEncryption, PutPublicAccessBlock, PutBucketOwnershipControls: 200 when they change nothing. */
export const putBucketDefaultConfiguration: Handler = async (ctx) => {
  requireBucket(ctx);
  const name = WRITABLE_DEFAULT_CONFIGS.find((n) => Object.prototype.hasOwnProperty.call(ctx.query, n));
  if (!name) throw new S3Error('NotImplemented');
  const config = WRITABLE[name];
  const doc = parseXmlBody(await readSmallBody(ctx, MAX_XML_BYTES), config.root);
  if (!config.isDefault(doc)) {
    throw new S3Error('NotImplemented', `This server always has ${config.has}; only that configuration can be written.`);
  }
  return { status: 200 };
};
