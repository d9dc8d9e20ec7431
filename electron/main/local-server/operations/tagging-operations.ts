// Object and bucket tagging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
// Tagging is not an object write: no ObjectCreated event (S3 has separate s3:ObjectTagging:* events).
import type { Handler, RequestContext } from '../context.ts';
import { readSmallBody } from '../request-body.ts';
import type { Tag } from '../storage/object-store.ts';
import { tagging } from '../xml/object-documents.ts';
import { MAX_BUCKET_TAGS, parseTagging } from '../xml/request-documents.ts';
import { S3Error } from '../errors.ts';
import { requireBucket, requireReadableVersion, versionIdParam } from './common.ts';

async function setTags(ctx: RequestContext, tags: Tag[]): Promise<string> {
  requireBucket(ctx);
  const versionId = versionIdParam(ctx);
  requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionId);
  return ctx.store.updateKey(ctx.bucket, ctx.key, (versions) => {
    const target = requireReadableVersion(ctx, { key: ctx.key, versions }, versionId);
    return { versions: versions.map((v) => (v === target ? { ...v, tags } : v)), result: target.versionId };
  });
}

export const getObjectTagging: Handler = async (ctx) => {
  requireBucket(ctx);
  const v = requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionIdParam(ctx));
  return { headers: { 'content-type': 'application/xml', 'x-amz-version-id': v.versionId }, body: tagging(v.tags) };
};

export const putObjectTagging: Handler = async (ctx) => {
  const tags = parseTagging(await readSmallBody(ctx, 64 * 1024));
  const versionId = await setTags(ctx, tags);
  return { headers: { 'x-amz-version-id': versionId } };
};

export const deleteObjectTagging: Handler = async (ctx) => {
  const versionId = await setTags(ctx, []);
  return { status: 204, headers: { 'x-amz-version-id': versionId } };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html — NoSuchTagSet when there are none. */
export const getBucketTagging: Handler = async (ctx) => {
  const tags = requireBucket(ctx).tags ?? [];
  if (tags.length === 0) throw new S3Error('NoSuchTagSet', undefined, { BucketName: ctx.bucket });
  return { headers: { 'content-type': 'application/xml' }, body: tagging(tags) };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html (replaces the whole set; at most 50) */
export const putBucketTagging: Handler = async (ctx) => {
  requireBucket(ctx);
  const tags = parseTagging(await readSmallBody(ctx, 64 * 1024), MAX_BUCKET_TAGS);
  await ctx.store.updateBucket(ctx.bucket, { tags });
  return { status: 204 };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html */
export const deleteBucketTagging: Handler = async (ctx) => {
  requireBucket(ctx);
  await ctx.store.updateBucket(ctx.bucket, { tags: [] });
  return { status: 204 };
};
