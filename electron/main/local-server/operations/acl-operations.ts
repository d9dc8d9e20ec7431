// ACLs as S3 answers them with Object Ownership "bucket owner enforced" (ACLs disabled, the default for new
// buckets): reads say the owner has FULL_CONTROL; writes succeed only for an ACL that grants exactly that
// (private, bucket-owner-full-control, or the same as XML), anything else is AccessControlListNotSupported.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
import { S3Error } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { readSmallBody } from '../request-body.ts';
import { isOwnerOnlyPolicy, ownerFullControlPolicy } from '../xml/acl-documents.ts';
import { GRANT_HEADERS, headersOwnerOnly } from '../acl-headers.ts';
import { requireBucket, requireReadableVersion, versionIdParam } from './common.ts';

const XML = { 'content-type': 'application/xml' };
function requireObject(ctx: RequestContext): string {
  requireBucket(ctx);
  return requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionIdParam(ctx)).versionId;
}

/** A write of an ACL: headers or an AccessControlPolicy body, never both (S3's UnexpectedContent otherwise). */
async function checkAclWrite(ctx: RequestContext): Promise<void> {
  const body = await readSmallBody(ctx, 64 * 1024);
  const hasHeaders = ctx.headers['x-amz-acl'] !== undefined || GRANT_HEADERS.some((n) => ctx.headers[n] !== undefined);
  if (body.length && hasHeaders) throw new S3Error('UnexpectedContent');
  if (!body.length && !hasHeaders) throw new S3Error('MissingSecurityHeader');
  const ownerOnly = body.length ? isOwnerOnlyPolicy(body) : headersOwnerOnly(ctx.headers);
  if (!ownerOnly) throw new S3Error('AccessControlListNotSupported');
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html */
export const getBucketAcl: Handler = async (ctx) => {
  requireBucket(ctx);
  return { headers: XML, body: ownerFullControlPolicy() };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html */
export const putBucketAcl: Handler = async (ctx) => {
  requireBucket(ctx);
  await checkAclWrite(ctx);
  return {};
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html */
export const getObjectAcl: Handler = async (ctx) => {
  const versionId = requireObject(ctx);
  return { headers: { ...XML, ...(ctx.query.versionId !== undefined ? { 'x-amz-version-id': versionId } : {}) }, body: ownerFullControlPolicy() };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html */
export const putObjectAcl: Handler = async (ctx) => {
  const versionId = requireObject(ctx);
  await checkAclWrite(ctx);
  const headers: Record<string, string> = ctx.query.versionId !== undefined ? { 'x-amz-version-id': versionId } : {};
  return { headers };
};
