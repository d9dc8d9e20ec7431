// Helpers shared by the operation handlers: lookups that answer S3's errors, request-header parsing,
// and the response headers that describe a stored object.
import { S3Error } from '../errors.ts';
import type { RequestContext } from '../context.ts';
import type { BucketInfo, KeyEntry, ObjectVersion, Tag } from '../storage/object-store.ts';
import { isValidVersionId, NULL_VERSION } from '../versioning.ts';
import { quoteEtag } from '../xml/list-documents.ts';
import { checksumHeader } from '../checksums.ts';
import { validateTags } from '../xml/request-documents.ts';
import { checkAclHeaders } from '../acl-headers.ts';
import { checkSseHeaders, SSE_S3 } from '../encryption.ts';
import { requireReadableData, restoreHeader, storageClassFromHeaders } from '../storage-class.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3|\.mrap)$/.test(name)) return false;
  return true;
}

/** Keys are at most 1,024 bytes of UTF-8. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html */
export const MAX_KEY_BYTES = 1024;

export function requireBucket(ctx: RequestContext, name = ctx.bucket): BucketInfo {
  const b = ctx.store.getBucket(name);
  if (!b) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  return b;
}

/** `versionId` query parameter: absent, or a well-formed id (else S3's InvalidArgument). */
export function versionIdParam(ctx: RequestContext, raw = ctx.query.versionId): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '' || !isValidVersionId(raw)) {
    throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: raw });
  }
  return raw;
}

/**
 * The version a read addresses. A current delete marker answers NoSuchKey, and a delete marker addressed by
 * version id answers MethodNotAllowed, both with x-amz-delete-marker (S3 does the same).
 */
export function requireReadableVersion(ctx: RequestContext, entry: KeyEntry | undefined, versionId: string | undefined): ObjectVersion {
  if (!entry) {
    if (versionId !== undefined) throw new S3Error('NoSuchVersion', undefined, { Key: ctx.key, VersionId: versionId });
    throw new S3Error('NoSuchKey', undefined, { Key: ctx.key });
  }
  const v = versionId === undefined ? entry.versions[0] : entry.versions.find((x) => x.versionId === versionId);
  if (!v) throw new S3Error('NoSuchVersion', undefined, { Key: ctx.key, VersionId: versionId ?? '' });
  if (v.deleteMarker) {
    const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': v.versionId };
    if (versionId !== undefined) throw new S3Error('MethodNotAllowed', undefined, { Method: ctx.method, ResourceType: 'DeleteMarker' }, { ...headers, 'last-modified': new Date(v.lastModified).toUTCString() });
    throw new S3Error('NoSuchKey', undefined, { Key: ctx.key }, headers);
  }
  return v;
}

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires', 'x-amz-website-redirect-location'];
const MAX_METADATA_BYTES = 2048;

export interface ObjectAttributes {
  contentType?: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
}

const OBJECT_LOCK_HEADERS = ['x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold'];

/**
 * Object Lock headers on a write: buckets here never have Object Lock, and S3 refuses them on such buckets rather than
 * storing an object without the protection asked for.
 */
export function checkObjectLockHeaders(h: Record<string, string>): void {
  if (OBJECT_LOCK_HEADERS.some((n) => h[n] !== undefined)) throw new S3Error('InvalidRequest', 'Bucket is missing ObjectLockConfiguration');
}

/** Content-Type, representation headers and x-amz-meta-* from a PUT/POST/Copy(REPLACE)/CreateMultipartUpload. */
export function objectAttributesFromHeaders(h: Record<string, string>): ObjectAttributes {
  checkAclHeaders(h);
  checkSseHeaders(h);
  checkObjectLockHeaders(h);
  const redirect = h['x-amz-website-redirect-location'];
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html — a path or an http(s) URL.
  if (redirect !== undefined && !/^(\/|https?:\/\/)/.test(redirect)) {
    throw new S3Error('InvalidRedirectLocation', undefined, { ArgumentName: 'x-amz-website-redirect-location', ArgumentValue: redirect });
  }
  const headers: Record<string, string> = storageClassFromHeaders(h);
  for (const name of STORED_HEADERS) {
    let v = h[name];
    // aws-chunked is a transfer detail, not part of the object's Content-Encoding.
    if (name === 'content-encoding' && v !== undefined) {
      v = v.split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked').join(', ');
      if (!v) continue;
    }
    if (v !== undefined) headers[name] = v;
  }
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(h)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const key = name.slice('x-amz-meta-'.length);
    metadata[key] = value;
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > MAX_METADATA_BYTES) throw new S3Error('MetadataTooLarge');
  const contentType = h['content-type'];
  return { ...(contentType ? { contentType } : {}), headers, metadata };
}

/** x-amz-tagging: URL-encoded query-string form. */
export function tagsFromHeader(value: string | undefined): Tag[] {
  if (!value) return [];
  const params = new URLSearchParams(value);
  return validateTags([...params].map(([key, v]) => ({ key, value: v })));
}

export const httpDate = (iso: string): string => new Date(iso).toUTCString();

/** Headers describing a stored version (GET/HEAD). */
export function objectHeaders(bucket: BucketInfo, v: ObjectVersion, withChecksum: boolean): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': v.contentType ?? 'binary/octet-stream',
    etag: quoteEtag(v.etag),
    'last-modified': httpDate(v.lastModified),
    'accept-ranges': 'bytes',
    ...SSE_S3,
    ...v.headers,
    ...restoreHeader(v),
  };
  for (const [k, val] of Object.entries(v.metadata)) out[`x-amz-meta-${k}`] = val;
  if (bucket.versioning !== 'Unversioned' || v.versionId !== NULL_VERSION) out['x-amz-version-id'] = v.versionId;
  if (v.tags.length) out['x-amz-tagging-count'] = String(v.tags.length);
  if (withChecksum && v.checksum) {
    out[checksumHeader(v.checksum.algorithm)] = v.checksum.value;
    out['x-amz-checksum-type'] = v.checksum.type;
  }
  return out;
}

/** The version id an event carries: '' while the bucket never had versioning, else the id ('null' included). */
export function eventVersionId(bucket: BucketInfo, versionId: string): string {
  return bucket.versioning === 'Unversioned' ? '' : versionId;
}

/** The ObjectCreated:* event of a committed write. */
export function emitCreated(
  ctx: RequestContext,
  type: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:Post' | 'ObjectCreated:CompleteMultipartUpload',
  bucket: BucketInfo,
  key: string,
  written: ObjectVersion,
): void {
  ctx.emit({
    type,
    bucket: ctx.bucket,
    key,
    size: written.size,
    etag: written.etag,
    versionId: eventVersionId(bucket, written.versionId),
    ...(written.contentType ? { contentType: written.contentType } : {}),
    metadata: written.metadata,
  });
}

/** Response header x-amz-version-id for writes: absent on never-versioned buckets. */
export function versionHeader(bucket: BucketInfo, versionId: string): Record<string, string> {
  return bucket.versioning === 'Unversioned' ? {} : { 'x-amz-version-id': versionId };
}

/** Strips quotes and compares an ETag list ("a", "b" or *) against an ETag. */
export function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const s = t.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return s === '*' || s === etag;
  });
}

/** Whole seconds, as HTTP dates carry. */
const seconds = (iso: string): number => Math.floor(new Date(iso).getTime() / 1000);

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/**
 * GET/HEAD/copy-source preconditions with S3's precedence: If-Match beats If-Unmodified-Since, If-None-Match beats
 * If-Modified-Since. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
 * Returns 'ok', 'failed' (412) or 'not-modified' (304).
 */
export function evaluateConditions(c: Conditions, v: ObjectVersion): 'ok' | 'failed' | 'not-modified' {
  const modified = seconds(v.lastModified);
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, v.etag)) return 'failed';
  } else if (c.ifUnmodifiedSince !== undefined) {
    const t = Date.parse(c.ifUnmodifiedSince);
    if (!Number.isNaN(t) && modified > Math.floor(t / 1000)) return 'failed';
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, v.etag)) return 'not-modified';
  } else if (c.ifModifiedSince !== undefined) {
    const t = Date.parse(c.ifModifiedSince);
    if (!Number.isNaN(t) && modified <= Math.floor(t / 1000)) return 'not-modified';
  }
  return 'ok';
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single `bytes=` range. Syntax S3 ignores (multiple ranges, garbage) yields undefined: the whole object.
 * An unsatisfiable range throws InvalidRange.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw new S3Error('InvalidRange', undefined, { RangeRequested: header, ActualObjectSize: String(size) });
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size || size === 0) {
    throw new S3Error('InvalidRange', undefined, { RangeRequested: header, ActualObjectSize: String(size) }, { 'content-range': `bytes */${size}` });
  }
  return { start, end };
}

/** `x-amz-copy-source: /bucket/key?versionId=v` (URL-encoded). */
export function parseCopySource(value: string): { bucket: string; key: string; versionId?: string } {
  let s = value.trim();
  const q = s.indexOf('?');
  let versionId: string | undefined;
  if (q >= 0) {
    const params = new URLSearchParams(s.slice(q + 1));
    versionId = params.get('versionId') ?? undefined;
    s = s.slice(0, q);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source' });
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), ...(versionId !== undefined ? { versionId } : {}) };
}

export function copySourceConditions(h: Record<string, string>): Conditions {
  const c: Conditions = {};
  if (h['x-amz-copy-source-if-match'] !== undefined) c.ifMatch = h['x-amz-copy-source-if-match'];
  if (h['x-amz-copy-source-if-none-match'] !== undefined) c.ifNoneMatch = h['x-amz-copy-source-if-none-match'];
  if (h['x-amz-copy-source-if-modified-since'] !== undefined) c.ifModifiedSince = h['x-amz-copy-source-if-modified-since'];
  if (h['x-amz-copy-source-if-unmodified-since'] !== undefined) c.ifUnmodifiedSince = h['x-amz-copy-source-if-unmodified-since'];
  return c;
}

/** Reads the source object of CopyObject / UploadPartCopy, applying its preconditions (all failures are 412). */
export function resolveCopySource(ctx: RequestContext): { bucket: BucketInfo; key: string; version: ObjectVersion } {
  const src = parseCopySource(ctx.headers['x-amz-copy-source'] as string);
  const bucket = requireBucket(ctx, src.bucket);
  const versionId = src.versionId !== undefined ? versionIdParam(ctx, src.versionId) : undefined;
  const entry = ctx.store.getKey(src.bucket, src.key);
  const version = versionId === undefined ? entry?.versions[0] : entry?.versions.find((v) => v.versionId === versionId);
  if (!version) {
    if (versionId !== undefined) throw new S3Error('NoSuchVersion', undefined, { Key: src.key, VersionId: versionId });
    throw new S3Error('NoSuchKey', undefined, { Key: src.key });
  }
  if (version.deleteMarker) {
    if (versionId !== undefined) throw new S3Error('InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.');
    throw new S3Error('NoSuchKey', undefined, { Key: src.key });
  }
  const outcome = evaluateConditions(copySourceConditions(ctx.headers), version);
  if (outcome !== 'ok') throw new S3Error('PreconditionFailed', undefined, { Condition: 'x-amz-copy-source-If-*' });
  requireReadableData(version);
  return { bucket, key: src.key, version };
}

const liveVersion = (v: ObjectVersion | undefined): ObjectVersion | undefined => (v && !v.deleteMarker ? v : undefined);

/** Checks a write's preconditions against the key's versions (newest first); throws S3's error when one fails. */
export type WriteCheck = (versions: ObjectVersion[]) => void;

/**
 * Conditional writes (PutObject, CopyObject, CompleteMultipartUpload): `If-None-Match: *` (create only) and
 * `If-Match: <etag>`. https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * - Only the current version counts; a current delete marker is "no object" (If-None-Match passes, If-Match 404s).
 * - If-None-Match takes only `*`; If-Match on a key with no object answers 404 NoSuchKey, a different ETag 412.
 * - The check runs when the write commits, inside the store's per-key lock (call the result from the
 *   updateKey change): of concurrent conditional writes the first to finish wins and the others get 412.
 * - A delete that succeeds while a conditional write is in flight makes it fail with 409
 *   ConditionalRequestConflict (the client retries). That is why the current version is noted now, when the
 *   request starts: a live object then and none at commit means a delete got in between.
 * Returns undefined when the request has no condition.
 */
export function writeConditions(ctx: RequestContext): WriteCheck | undefined {
  const ifNoneMatch = ctx.headers['if-none-match'];
  const ifMatch = ctx.headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
  }
  const versionsNow = ctx.store.getKey(ctx.bucket, ctx.key)?.versions ?? [];
  const atStart = liveVersion(versionsNow[0]);
  const check: WriteCheck = (versions) => {
    const current = liveVersion(versions[0]);
    if (atStart && !current) throw new S3Error('ConditionalRequestConflict', undefined, { Key: ctx.key });
    if (ifNoneMatch !== undefined && current) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
    if (ifMatch !== undefined) {
      if (!current) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key });
      if (!etagMatches(ifMatch, current.etag)) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
    }
  };
  // Judged now as well: a condition that already fails is answered before the body is read (before it is sent,
  // with Expect: 100-continue), not after a large upload. It is judged again at commit, which is what counts.
  check(versionsNow);
  return check;
}

/**
 * Conditional deletes: `If-Match: <etag>` or `*` on DeleteObject (and `<ETag>` per object in DeleteObjects),
 * judged against the current version only. No object, or a current delete marker, answers 404 NoSuchKey (AWS's
 * measured answer for both forms); another ETag 412. https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html
 * Returns the error to answer, or undefined when the delete may go ahead.
 */
export function deleteConditionError(key: string, ifMatch: string, versions: ObjectVersion[]): S3Error | undefined {
  const current = liveVersion(versions[0]);
  if (!current) return new S3Error('NoSuchKey', undefined, { Key: key });
  if (!etagMatches(ifMatch, current.etag)) return new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-Match' });
  return undefined;
}
