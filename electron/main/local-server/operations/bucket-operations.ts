// Bucket-level operations.
import { S3Error } from '../errors.ts';
import { checkAclHeaders } from '../acl-headers.ts';
import type { Handler } from '../context.ts';
import type { BucketInfo } from '../storage/object-store.ts';
import { invalidDestinationsError, validateNotificationConfiguration } from '../notification-config.ts';
import { MAX_XML_BYTES } from '../xml/xml-codec.ts';
import { readSmallBody } from '../request-body.ts';
import {
  listAllMyBucketsResult,
  locationConstraint,
  notificationConfiguration,
  versioningConfiguration,
} from '../xml/bucket-documents.ts';
import { parseNotificationConfiguration, parseVersioningConfiguration } from '../xml/request-documents.ts';
import { isValidBucketName, requireBucket } from './common.ts';
import { child, parseXmlBody, text } from '../xml/xml-codec.ts';

const XML = { 'content-type': 'application/xml' };

const MAX_BUCKETS_PAGE = 10_000;

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html — all buckets, or, once any of max-buckets,
 * continuation-token, prefix or bucket-region is given, a page (default 10,000) in name order with a
 * ContinuationToken while more remain. The token is the last name returned, base64url-encoded.
 */
export const listBuckets: Handler = async (ctx) => {
  const q = ctx.query;
  const region = (b: BucketInfo): string => regionOf(b.location, ctx.region);
  const paged = ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'].some((n) => q[n] !== undefined);
  if (!paged) return { headers: XML, body: listAllMyBucketsResult(ctx.store.listBuckets(), region) };
  const raw = q['max-buckets'];
  const max = raw === undefined ? MAX_BUCKETS_PAGE : Number(raw);
  if (!/^\d+$/.test(raw ?? '0') || max < 1 || max > MAX_BUCKETS_PAGE) {
    throw new S3Error('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', { ArgumentName: 'max-buckets', ArgumentValue: raw ?? '' });
  }
  const after = q['continuation-token'] ? Buffer.from(q['continuation-token'], 'base64url').toString('utf8') : '';
  const prefix = q.prefix ?? '';
  const matching = ctx.store.listBuckets()
    .filter((b) => b.name.startsWith(prefix) && b.name > after && (q['bucket-region'] === undefined || region(b) === q['bucket-region']));
  const page = matching.slice(0, max);
  const more = matching.length > max;
  return {
    headers: XML,
    body: listAllMyBucketsResult(page, region, {
      continuationToken: more ? Buffer.from(page[page.length - 1]!.name, 'utf8').toString('base64url') : undefined,
      prefix: q.prefix,
    }),
  };
};

/**
 * A CreateBucketConfiguration's LocationConstraint. Like S3's global endpoint this server creates the bucket in any
 * region named and remembers it (GetBucketLocation, x-amz-bucket-region). S3 refuses an explicit us-east-1 (the
 * region without a constraint) and anything that is not a region name with InvalidLocationConstraint.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html
 */
function locationConstraintParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'us-east-1' || !/^(EU|[a-z]{2}(-[a-z]+)+-\d)$/.test(value)) {
    throw new S3Error('InvalidLocationConstraint', undefined, { LocationConstraint: value });
  }
  return value;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html */
export const createBucket: Handler = async (ctx) => {
  if (!isValidBucketName(ctx.bucket)) throw new S3Error('InvalidBucketName', undefined, { BucketName: ctx.bucket });
  checkAclHeaders(ctx.headers, true);
  if (ctx.headers['x-amz-bucket-object-lock-enabled']?.toLowerCase() === 'true') {
    throw new S3Error('NotImplemented', 'Object Lock is not implemented by this server; create the bucket without it.');
  }
  const body = await readSmallBody(ctx, 64 * 1024);
  let location: string | undefined;
  if (body.length) {
    const root = parseXmlBody(body, 'CreateBucketConfiguration');
    location = locationConstraintParam(text(root, 'LocationConstraint'));
    child(root, 'Bucket');
  }
  if (ctx.store.getBucket(ctx.bucket)) throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: ctx.bucket });
  await ctx.store.createBucket(ctx.bucket, location);
  return { headers: { location: `/${ctx.bucket}` } };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html (versions and delete markers count) */
export const deleteBucket: Handler = async (ctx) => {
  requireBucket(ctx);
  if (ctx.store.keys(ctx.bucket).size > 0) throw new S3Error('BucketNotEmpty', undefined, { BucketName: ctx.bucket });
  await ctx.store.deleteBucket(ctx.bucket);
  ctx.notificationConfigChanged(ctx.bucket);
  return { status: 204 };
};

/** The region a LocationConstraint names ('EU' is S3's legacy name for eu-west-1). */
const regionOf = (location: string | undefined, serverRegion: string): string => (location === 'EU' ? 'eu-west-1' : location ?? serverRegion);

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html */
export const headBucket: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  return { headers: { 'x-amz-bucket-region': regionOf(bucket.location, ctx.region) } };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html */
export const getBucketLocation: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  return { headers: XML, body: locationConstraint(bucket.location ?? ctx.region) };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html */
export const getBucketVersioning: Handler = async (ctx) => ({
  headers: XML,
  body: versioningConfiguration(requireBucket(ctx).versioning),
});

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html — a versioned bucket never returns to unversioned. */
export const putBucketVersioning: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const status = parseVersioningConfiguration(await readSmallBody(ctx, 64 * 1024));
  if (status !== undefined && status !== bucket.versioning) await ctx.store.updateBucket(ctx.bucket, { versioning: status });
  return {};
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html */
export const getBucketNotificationConfiguration: Handler = async (ctx) => ({
  headers: XML,
  body: notificationConfiguration(requireBucket(ctx).notification),
});

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html */
export const putBucketNotificationConfiguration: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const body = await readSmallBody(ctx, MAX_XML_BYTES);
  const config = parseNotificationConfiguration(body);
  validateNotificationConfiguration(config);
  // The PUT is atomic: one destination that fails validation refuses it all and the previous configuration stays.
  const invalid = ctx.destinationCheck?.(ctx.bucket, config.rules, bucket.notification) ?? [];
  if (invalid.length > 0) throw invalidDestinationsError(invalid);
  await ctx.store.updateBucket(ctx.bucket, { notification: config });
  ctx.notificationConfigChanged(ctx.bucket);
  return {};
};
