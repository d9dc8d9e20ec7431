// Writes and deletes of whole objects: PutObject, CopyObject, DeleteObject, DeleteObjects.
import { buffer } from 'node:stream/consumers';
import { S3Error } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { checksumHeader } from '../checksums.ts';
import { checkAclHeaders } from '../acl-headers.ts';
import { checkSseHeaders, SSE_S3 } from '../encryption.ts';
import { storageClassFromHeaders, withoutStorageClass } from '../storage-class.ts';
import { discardBody, receiveObjectBody, readSmallBody } from '../request-body.ts';
import type { BucketInfo, ObjectStore, ObjectVersion, Segment } from '../storage/object-store.ts';
import { SMALL_OBJECT_BYTES } from '../storage/small-pack.ts';
import { applyDelete, applyDeleteVersion, applyWrite, isValidVersionId, type DeleteOutcome } from '../versioning.ts';
import { copyObjectResult, deleteResult, type DeleteResultEntry, type DeleteResultError } from '../xml/object-documents.ts';
import { parseDelete } from '../xml/request-documents.ts';
import { MAX_XML_BYTES } from '../xml/xml-codec.ts';
import { quoteEtag } from '../xml/list-documents.ts';
import {
  checkObjectLockHeaders,
  deleteConditionError,
  emitCreated,
  eventVersionId,
  objectAttributesFromHeaders,
  requireBucket,
  resolveCopySource,
  tagsFromHeader,
  versionHeader,
  versionIdParam,
  writeConditions,
} from './common.ts';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html */
export const putObject: Handler = async (ctx) => {
  requireBucket(ctx);
  const attrs = objectAttributesFromHeaders(ctx.headers);
  const tags = tagsFromHeader(ctx.headers['x-amz-tagging']);
  const check = writeConditions(ctx);
  const body = await receiveObjectBody(ctx, ctx.store, undefined, ctx.bucket);
  let bucket!: BucketInfo;
  let written: ObjectVersion;
  try {
    written = await ctx.store.updateKey(ctx.bucket, ctx.key, (versions) => {
      bucket = requireBucket(ctx);
      check?.(versions);
      const out = applyWrite(versions, bucket.versioning, {
        deleteMarker: false,
        lastModified: new Date().toISOString(),
        etag: body.md5Hex,
        size: body.segment.size,
        ...attrs,
        ...(body.checksum ? { checksum: { ...body.checksum, type: 'FULL_OBJECT' as const } } : {}),
        segments: [body.segment],
        tags,
      });
      return { versions: out.versions, result: out.written };
    });
  } catch (e) {
    await discardBody(ctx.store, ctx.bucket, body.segment);
    throw e;
  }
  emitCreated(ctx, 'ObjectCreated:Put', bucket, ctx.key, written);
  return {
    headers: {
      etag: quoteEtag(written.etag),
      ...SSE_S3,
      ...versionHeader(bucket, written.versionId),
      ...(written.checksum ? { [checksumHeader(written.checksum.algorithm)]: written.checksum.value, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
    },
  };
};

const REDIRECT_HEADER = 'x-amz-website-redirect-location';
const withoutRedirect = (headers: Record<string, string>): Record<string, string> => {
  const { [REDIRECT_HEADER]: _omit, ...rest } = headers;
  return rest;
};

/**
 * The copy's bytes, stored like a PUT of the same size: a small object goes into the destination bucket's pack
 * (one group commit with its record), a larger one into a data file of its own.
 */
async function copyBody(store: ObjectStore, fromBucket: string, version: ObjectVersion, toBucket: string): Promise<Segment> {
  if (version.size > SMALL_OBJECT_BYTES) return store.copyData(version.segments, undefined, undefined, fromBucket);
  return store.storeSmall(toBucket, await buffer(store.readData(version.segments, 0, version.size - 1, fromBucket)));
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html */
export const copyObject: Handler = async (ctx) => {
  requireBucket(ctx);
  checkAclHeaders(ctx.headers);
  checkSseHeaders(ctx.headers);
  checkObjectLockHeaders(ctx.headers);
  // If-None-Match / If-Match name the destination (conditional copy, like a conditional PUT).
  const check = writeConditions(ctx);
  const src = resolveCopySource(ctx);
  const directive = (ctx.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  const tagDirective = (ctx.headers['x-amz-tagging-directive'] ?? 'COPY').toUpperCase();
  if (!['COPY', 'REPLACE'].includes(directive) || !['COPY', 'REPLACE'].includes(tagDirective)) {
    throw new S3Error('InvalidArgument', 'Unknown metadata or tagging directive.');
  }
  const sameObject = src.bucket.name === ctx.bucket && src.key === ctx.key;
  if (sameObject && directive === 'COPY' && !ctx.headers['x-amz-storage-class'] && !ctx.headers[REDIRECT_HEADER] && src.bucket.versioning === 'Unversioned') {
    throw new S3Error('InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const attrs = directive === 'REPLACE'
    ? objectAttributesFromHeaders(ctx.headers)
    : {
        ...(src.version.contentType ? { contentType: src.version.contentType } : {}),
        // Neither the storage class nor the website redirect is copied: the copy has what the request names (as in S3).
        headers: {
          ...withoutStorageClass(withoutRedirect(src.version.headers)),
          ...storageClassFromHeaders(ctx.headers),
          ...(ctx.headers[REDIRECT_HEADER] !== undefined ? { [REDIRECT_HEADER]: ctx.headers[REDIRECT_HEADER] } : {}),
        },
        metadata: src.version.metadata,
      };
  const tags = tagDirective === 'REPLACE' ? tagsFromHeader(ctx.headers['x-amz-tagging']) : src.version.tags;
  const segment = await copyBody(ctx.store, src.bucket.name, src.version, ctx.bucket);
  let bucket!: BucketInfo;
  let written: ObjectVersion;
  try {
    written = await ctx.store.updateKey(ctx.bucket, ctx.key, (versions) => {
      bucket = requireBucket(ctx);
      check?.(versions);
      const out = applyWrite(versions, bucket.versioning, {
        deleteMarker: false,
        lastModified: new Date().toISOString(),
        // A copy of a multipart object is stored as one part; S3 then reports its plain MD5 only when it
        // recomputes it, so the source ETag is kept like S3 does for single-request copies.
        etag: src.version.etag,
        size: src.version.size,
        ...attrs,
        ...(src.version.checksum ? { checksum: src.version.checksum } : {}),
        segments: [segment],
        tags,
      });
      return { versions: out.versions, result: out.written };
    });
  } catch (e) {
    await discardBody(ctx.store, ctx.bucket, segment);
    throw e;
  }
  emitCreated(ctx, 'ObjectCreated:Copy', bucket, ctx.key, written);
  return {
    headers: {
      'content-type': 'application/xml',
      ...SSE_S3,
      ...versionHeader(bucket, written.versionId),
      ...(src.bucket.versioning !== 'Unversioned' ? { 'x-amz-copy-source-version-id': src.version.versionId } : {}),
    },
    body: copyObjectResult(written),
  };
};

interface DeleteDone {
  bucket: BucketInfo;
  outcome: DeleteOutcome;
}

/**
 * One key's delete with the versioning rules, as a store change. Shared by DeleteObject(s). `ifMatch` (If-Match
 * header, or the object's <ETag>) is judged inside the key's lock, so no write can slip in between.
 */
function deleteChange(ctx: RequestContext, key: string, versionId: string | undefined, ifMatch: string | undefined, done: (bucket: BucketInfo) => void) {
  return (versions: ObjectVersion[]): { versions: ObjectVersion[]; result: DeleteOutcome } => {
    const bucket = requireBucket(ctx);
    done(bucket);
    if (ifMatch !== undefined) {
      const refused = deleteConditionError(key, ifMatch, versions);
      if (refused) throw refused;
    }
    const out = versionId === undefined
      ? applyDelete(versions, bucket.versioning, new Date().toISOString())
      : applyDeleteVersion(versions, versionId);
    return { versions: out.versions, result: out };
  };
}

/** The event matching a committed delete, if it changed anything. */
function emitDelete(ctx: RequestContext, bucket: BucketInfo, key: string, outcome: DeleteOutcome): void {
  if (outcome.marker) {
    ctx.emit({
      type: 'ObjectRemoved:DeleteMarkerCreated',
      bucket: ctx.bucket,
      key,
      size: 0,
      etag: '',
      versionId: outcome.marker.versionId,
    });
  } else if (outcome.removed) {
    ctx.emit({
      type: 'ObjectRemoved:Delete',
      bucket: ctx.bucket,
      key,
      size: 0,
      etag: '',
      versionId: eventVersionId(bucket, outcome.removed.versionId),
    });
  }
}

async function deleteOne(ctx: RequestContext, key: string, versionId: string | undefined, ifMatch: string | undefined): Promise<DeleteDone> {
  let bucket!: BucketInfo;
  const outcome = await ctx.store.updateKey(ctx.bucket, key, deleteChange(ctx, key, versionId, ifMatch, (b) => (bucket = b)));
  emitDelete(ctx, bucket, key, outcome);
  return { bucket, outcome };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html */
export const deleteObject: Handler = async (ctx) => {
  requireBucket(ctx);
  const versionId = versionIdParam(ctx);
  // General purpose buckets refuse the directory-bucket-only conditions rather than ignore them, and a
  // conditional delete of a given version (AWS answers 501 for both, measured).
  for (const header of ['x-amz-if-match-size', 'x-amz-if-match-last-modified-time']) {
    if (ctx.headers[header] !== undefined) throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: header });
  }
  const ifMatch = ctx.headers['if-match'];
  if (ifMatch !== undefined && versionId !== undefined) {
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-Match' });
  }
  const { outcome } = await deleteOne(ctx, ctx.key, versionId, ifMatch);
  const headers: Record<string, string> = {};
  if (outcome.marker) {
    headers['x-amz-delete-marker'] = 'true';
    headers['x-amz-version-id'] = outcome.marker.versionId;
  } else if (versionId !== undefined) {
    headers['x-amz-version-id'] = versionId;
    if (outcome.removed?.deleteMarker) headers['x-amz-delete-marker'] = 'true';
  }
  return { status: 204, headers };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html — one event per key. */
export const deleteObjects: Handler = async (ctx) => {
  requireBucket(ctx);
  const request = parseDelete(await readSmallBody(ctx, MAX_XML_BYTES));
  // Every valid key is deleted in one store batch: its records reach the journal with one write and one fsync.
  const outcomes: ({ entry: DeleteResultEntry } | { error: DeleteResultError } | undefined)[] = new Array(request.objects.length);
  const batch: { index: number; key: string; versionId: string | undefined; etag: string | undefined }[] = [];
  request.objects.forEach((o, i) => {
    if (o.etag !== undefined && o.versionId !== undefined) {
      outcomes[i] = { error: { key: o.key, versionId: o.versionId, code: 'NotImplemented', message: 'A conditional delete of a given version is not implemented.' } };
    } else if (o.versionId !== undefined && !isValidVersionId(o.versionId)) {
      outcomes[i] = { error: { key: o.key, versionId: o.versionId, code: 'NoSuchVersion', message: 'The specified version does not exist.' } };
    } else if (Buffer.byteLength(o.key) > 1024) {
      outcomes[i] = { error: { key: o.key, code: 'KeyTooLongError', message: 'Your key is too long.' } };
    } else {
      batch.push({ index: i, key: o.key, versionId: o.versionId, etag: o.etag });
    }
  });
  let bucket: BucketInfo | undefined;
  const results = await ctx.store.updateKeys(
    ctx.bucket,
    batch.map((b) => ({ key: b.key, change: deleteChange(ctx, b.key, b.versionId, b.etag, (info) => (bucket = info)) })),
  );
  results.forEach((r, j) => {
    const { index, key, versionId } = batch[j]!;
    if (!r.ok) {
      // A failed <ETag> condition fails only its own key; NoSuchBucket fails every one (the whole request).
      const e = r.error;
      if (!(e instanceof S3Error) || e.code === 'NoSuchBucket') throw e;
      outcomes[index] = { error: { key, code: e.code, message: e.message } };
      return;
    }
    const outcome = r.result;
    emitDelete(ctx, bucket!, key, outcome);
    if (outcome.marker) {
      outcomes[index] = { entry: { key, deleteMarker: true, deleteMarkerVersionId: outcome.marker.versionId } };
    } else if (versionId !== undefined) {
      outcomes[index] = {
        entry: { key, versionId, ...(outcome.removed?.deleteMarker ? { deleteMarker: true, deleteMarkerVersionId: versionId } : {}) },
      };
    } else {
      outcomes[index] = { entry: { key } };
    }
  });
  const deleted: DeleteResultEntry[] = [];
  const errors: DeleteResultError[] = [];
  for (const r of outcomes) {
    if (!r) continue;
    if ('error' in r) errors.push(r.error);
    else if (!request.quiet) deleted.push(r.entry);
  }
  return { headers: { 'content-type': 'application/xml' }, body: deleteResult(deleted, errors) };
};
