// Bucket-level operations.
import { S3Error } from '../errors.ts';
import { checkAclHeaders } from '../acl-headers.ts';
import type { Handler } from '../context.ts';
import { validateNotificationConfiguration } from '../notification-config.ts';
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

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
export const listBuckets: Handler = async (ctx) => ({ headers: XML, body: listAllMyBucketsResult(ctx.store.listBuckets()) });

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html */
export const createBucket: Handler = async (ctx) => {
  if (!isValidBucketName(ctx.bucket)) throw new S3Error('InvalidBucketName', undefined, { BucketName: ctx.bucket });
  checkAclHeaders(ctx.headers, true);
  const body = await readSmallBody(ctx, 64 * 1024);
  if (body.length) {
    // CreateBucketConfiguration may name a LocationConstraint; this server has one region and accepts any.
    const root = parseXmlBody(body, 'CreateBucketConfiguration');
    text(root, 'LocationConstraint');
    child(root, 'Bucket');
  }
  if (ctx.store.getBucket(ctx.bucket)) throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: ctx.bucket });
  await ctx.store.createBucket(ctx.bucket);
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

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html */
export const headBucket: Handler = async (ctx) => {
  requireBucket(ctx);
  return { headers: { 'x-amz-bucket-region': ctx.region } };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html */
export const getBucketLocation: Handler = async (ctx) => {
  requireBucket(ctx);
  return { headers: XML, body: locationConstraint(ctx.region) };
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
  requireBucket(ctx);
  const body = await readSmallBody(ctx, MAX_XML_BYTES);
  const config = parseNotificationConfiguration(body);
  validateNotificationConfiguration(config);
  await ctx.store.updateBucket(ctx.bucket, { notification: config });
  ctx.notificationConfigChanged(ctx.bucket);
  return {};
};
