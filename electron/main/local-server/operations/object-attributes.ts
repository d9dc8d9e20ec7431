// GetObjectAttributes: an object's ETag, checksum, part count, storage class and size without its data.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
// Per-part details are left out (S3 lists Parts only for objects uploaded with additional checksums; this server
// keeps part sizes, not part checksums), so ObjectParts carries PartsCount alone, as S3 answers for most objects.
import { S3Error } from '../errors.ts';
import type { Handler } from '../context.ts';
import { storageClassOf } from '../storage-class.ts';
import { toXml } from '../xml/xml-codec.ts';
import { httpDate, requireBucket, requireReadableVersion, versionIdParam } from './common.ts';
import { NULL_VERSION } from '../versioning.ts';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

export const getObjectAttributes: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const v = requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionIdParam(ctx));
  const wanted = new Set((ctx.headers['x-amz-object-attributes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (wanted.size === 0 || [...wanted].some((a) => !ATTRIBUTES.has(a))) {
    throw new S3Error('InvalidArgument', 'Invalid attribute name specified.', { ArgumentName: 'x-amz-object-attributes', ArgumentValue: ctx.headers['x-amz-object-attributes'] ?? '' });
  }
  const body = toXml('GetObjectAttributesResponse', {
    // Unquoted here, unlike every other ETag S3 returns.
    ETag: wanted.has('ETag') ? v.etag : undefined,
    Checksum: wanted.has('Checksum') && v.checksum ? { [`Checksum${v.checksum.algorithm}`]: v.checksum.value, ChecksumType: v.checksum.type } : undefined,
    ObjectParts: wanted.has('ObjectParts') && v.partSizes ? { PartsCount: v.partSizes.length } : undefined,
    StorageClass: wanted.has('StorageClass') ? storageClassOf(v.headers) : undefined,
    ObjectSize: wanted.has('ObjectSize') ? v.size : undefined,
  });
  const headers: Record<string, string> = { 'content-type': 'application/xml', 'last-modified': httpDate(v.lastModified) };
  if (bucket.versioning !== 'Unversioned' || v.versionId !== NULL_VERSION) headers['x-amz-version-id'] = v.versionId;
  return { headers, body };
};
