// ACL request headers (x-amz-acl, x-amz-grant-*) under Object Ownership "bucket owner enforced", the default
// for new S3 buckets: only an ACL granting the owner FULL_CONTROL alone is accepted.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
import { S3Error } from './errors.ts';
import { OWNER } from './xml/bucket-documents.ts';

/** Canned ACLs that leave the owner as the only grantee. https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl */
const OWNER_ONLY_CANNED = new Set(['private', 'bucket-owner-full-control']);
export const GRANT_HEADERS = ['x-amz-grant-read', 'x-amz-grant-write', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control'];

/** True when the x-amz-acl / x-amz-grant-* headers (if any) grant only the owner's FULL_CONTROL. */
export function headersOwnerOnly(h: Record<string, string>): boolean {
  const canned = h['x-amz-acl'];
  if (canned !== undefined && !OWNER_ONLY_CANNED.has(canned.trim())) return false;
  for (const name of GRANT_HEADERS) {
    const value = h[name];
    if (value === undefined) continue;
    if (name !== 'x-amz-grant-full-control') return false;
    const grantees = value.split(',').map((g) => g.trim()).filter(Boolean);
    if (!grantees.every((g) => /^id="?([^"]*)"?$/i.exec(g)?.[1] === OWNER.ID)) return false;
  }
  return true;
}

/**
 * ACL headers on PutObject, CopyObject, CreateMultipartUpload and POST: S3 with ACLs disabled refuses any that
 * grants more than the owner's full control. CreateBucket answers its own code for the same refusal.
 */
export function checkAclHeaders(h: Record<string, string>, forBucket = false): void {
  if (headersOwnerOnly(h)) return;
  if (forBucket) throw new S3Error('InvalidBucketAclWithObjectOwnership');
  throw new S3Error('AccessControlListNotSupported');
}
