// Multipart uploads. Parts are kept as the object's segments on completion, so completing a 5 GB upload
// moves no data. https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
import { createHash, randomBytes } from 'node:crypto';
import { S3Error } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { checksumHeader, createChecksummer } from '../checksums.ts';
import {
  checkObjectSize,
  checkPartAlgorithm,
  completedChecksum,
  uploadChecksum,
  withoutObjectChecksumHeaders,
} from '../multipart-checksums.ts';
import { readSmallBody, receiveObjectBody } from '../request-body.ts';
import { SSE_S3 } from '../encryption.ts';
import type { BucketInfo, ObjectVersion, PartInfo, UploadInfo } from '../storage/object-store.ts';
import { applyWrite } from '../versioning.ts';
import { quoteEtag } from '../xml/list-documents.ts';
import {
  completeMultipartUploadResult,
  copyPartResult,
  initiateMultipartUploadResult,
  listPartsResult,
} from '../xml/object-documents.ts';
import { parseCompleteMultipartUpload } from '../xml/request-documents.ts';
import { MAX_XML_BYTES } from '../xml/xml-codec.ts';
import {
  emitCreated,
  objectAttributesFromHeaders,
  requireBucket,
  resolveCopySource,
  tagsFromHeader,
  versionHeader,
  writeConditions,
} from './common.ts';

/** Every part but the last must be at least 5 MiB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const XML = { 'content-type': 'application/xml' };

function requireUpload(ctx: RequestContext): UploadInfo {
  const id = ctx.query.uploadId ?? '';
  const u = ctx.store.getUpload(id);
  if (!u || u.bucket !== ctx.bucket || u.key !== ctx.key) throw new S3Error('NoSuchUpload', undefined, { UploadId: id });
  return u;
}

function partNumberParam(ctx: RequestContext): number {
  const raw = ctx.query.partNumber ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: raw });
  }
  return n;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html */
export const createMultipartUpload: Handler = async (ctx) => {
  requireBucket(ctx);
  const checksum = uploadChecksum(ctx.headers);
  const upload: UploadInfo = {
    uploadId: randomBytes(16).toString('hex'),
    bucket: ctx.bucket,
    key: ctx.key,
    initiated: new Date().toISOString(),
    ...objectAttributesFromHeaders(ctx.headers),
    tags: tagsFromHeader(ctx.headers['x-amz-tagging']),
    ...(checksum ? { checksumAlgorithm: checksum.algorithm, checksumType: checksum.type } : {}),
  };
  await ctx.store.createUpload(upload);
  return {
    headers: { ...XML, ...SSE_S3, ...(checksum ? { 'x-amz-checksum-algorithm': checksum.algorithm, 'x-amz-checksum-type': checksum.type } : {}) },
    body: initiateMultipartUploadResult(upload),
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html */
export const uploadPart: Handler = async (ctx) => {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  const partNumber = partNumberParam(ctx);
  checkPartAlgorithm(upload, ctx.headers);
  // Not fsynced per part: CompleteMultipartUpload syncs every part before the object becomes visible.
  const body = await receiveObjectBody(ctx, ctx.store, upload.checksumAlgorithm, undefined, false);
  if (!ctx.store.getUpload(upload.uploadId)) {
    await ctx.store.discardData([body.segment]); // aborted while the part was streaming
    throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
  }
  const part: PartInfo = {
    partNumber,
    etag: body.md5Hex,
    size: body.segment.size,
    lastModified: new Date().toISOString(),
    segment: body.segment,
    ...(body.checksum ? { checksum: body.checksum } : {}),
  };
  await ctx.store.putPart(upload.uploadId, part);
  return {
    headers: {
      etag: quoteEtag(part.etag),
      ...SSE_S3,
      ...(part.checksum ? { [checksumHeader(part.checksum.algorithm)]: part.checksum.value } : {}),
    },
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html */
export const uploadPartCopy: Handler = async (ctx) => {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  const partNumber = partNumberParam(ctx);
  const src = resolveCopySource(ctx);
  let start = 0;
  let end = src.version.size - 1;
  const rangeHeader = ctx.headers['x-amz-copy-source-range'];
  if (rangeHeader !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader.trim());
    if (!m) throw new S3Error('InvalidArgument', 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', { ArgumentName: 'x-amz-copy-source-range' });
    start = Number(m[1]);
    end = Number(m[2]);
    if (end < start || end >= src.version.size) throw new S3Error('InvalidRange', undefined, { RangeRequested: rangeHeader, ActualObjectSize: String(src.version.size) });
  }
  const segment = await ctx.store.copyData(src.version.segments, start, end, src.bucket.name);
  // The part's ETag and checksum are those of the copied bytes.
  const md5 = createHash('md5');
  const checksummer = upload.checksumAlgorithm ? createChecksummer(upload.checksumAlgorithm) : undefined;
  for await (const chunk of ctx.store.readData([segment], 0, segment.size - 1)) {
    md5.update(chunk as Buffer);
    checksummer?.update(chunk as Buffer);
  }
  const part: PartInfo = {
    partNumber,
    etag: md5.digest('hex'),
    size: segment.size,
    lastModified: new Date().toISOString(),
    segment,
    ...(checksummer && upload.checksumAlgorithm ? { checksum: { algorithm: upload.checksumAlgorithm, value: await checksummer.digest() } } : {}),
  };
  if (!ctx.store.getUpload(upload.uploadId)) {
    await ctx.store.discardData([segment]);
    throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
  }
  await ctx.store.putPart(upload.uploadId, part);
  return {
    headers: { ...XML, ...SSE_S3, ...(src.bucket.versioning !== 'Unversioned' ? { 'x-amz-copy-source-version-id': src.version.versionId } : {}) },
    body: copyPartResult(part),
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html */
export const completeMultipartUpload: Handler = async (ctx) => {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  // If-None-Match / If-Match: a conditional write, judged when the object commits. An upload in progress is no
  // object: a conditional PUT may create the key meanwhile, and then this answers 412.
  const check = writeConditions(ctx);
  // x-amz-checksum-* here describe the object (full-object checksum), not the XML body.
  const body = await readSmallBody({ req: ctx.req, auth: ctx.auth, headers: withoutObjectChecksumHeaders(ctx.headers) }, MAX_XML_BYTES);
  const requested = parseCompleteMultipartUpload(body);
  const stored = new Map(ctx.store.listParts(upload.uploadId).map((p) => [p.partNumber, p]));
  const chosen: PartInfo[] = [];
  let previous = 0;
  for (const r of requested) {
    if (r.partNumber <= previous) throw new S3Error('InvalidPartOrder', undefined, { UploadId: upload.uploadId });
    previous = r.partNumber;
    const p = stored.get(r.partNumber);
    if (!p || p.etag !== r.etag) throw new S3Error('InvalidPart', undefined, { UploadId: upload.uploadId, PartNumber: String(r.partNumber), ETag: r.etag });
    if (upload.checksumAlgorithm && p.checksum) {
      const given = r.checksums[upload.checksumAlgorithm];
      if (given !== undefined && given !== p.checksum.value) {
        throw new S3Error('InvalidPart', undefined, { UploadId: upload.uploadId, PartNumber: String(r.partNumber) });
      }
    }
    chosen.push(p);
  }
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < MIN_PART_BYTES) {
      throw new S3Error('EntityTooSmall', undefined, { ProposedSize: String(p.size), MinSizeAllowed: String(MIN_PART_BYTES), PartNumber: String(p.partNumber), ETag: p.etag });
    }
  });
  const size = chosen.reduce((n, p) => n + p.size, 0);
  checkObjectSize(ctx.headers, size);
  const etag = `${createHash('md5').update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, 'hex')))).digest('hex')}-${chosen.length}`;
  const checksum = await completedChecksum(upload, ctx.headers, chosen);
  if (!ctx.store.getUpload(upload.uploadId)) throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
  await ctx.store.syncData(chosen.map((p) => p.segment));
  let bucket!: BucketInfo;
  const written: ObjectVersion = await ctx.store.updateKey(ctx.bucket, ctx.key, (versions) => {
    bucket = requireBucket(ctx);
    check?.(versions);
    const out = applyWrite(versions, bucket.versioning, {
      deleteMarker: false,
      lastModified: new Date().toISOString(),
      etag,
      size,
      ...(upload.contentType ? { contentType: upload.contentType } : {}),
      headers: upload.headers,
      metadata: upload.metadata,
      ...(checksum ? { checksum } : {}),
      partSizes: chosen.map((p) => p.size),
      segments: chosen.map((p) => p.segment),
      tags: upload.tags,
    });
    return { versions: out.versions, result: out.written };
  });
  await ctx.store.finishUpload(upload.uploadId, new Set(chosen.map((p) => p.segment.id)));
  emitCreated(ctx, 'ObjectCreated:CompleteMultipartUpload', bucket, ctx.key, written);
  const location = `${ctx.endpoint}/${ctx.bucket}/${ctx.key.split('/').map(encodeURIComponent).join('/')}`;
  return {
    headers: { ...XML, ...SSE_S3, ...versionHeader(bucket, written.versionId) },
    body: completeMultipartUploadResult(location, ctx.bucket, ctx.key, written),
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html */
export const abortMultipartUpload: Handler = async (ctx) => {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  await ctx.store.finishUpload(upload.uploadId, new Set());
  return { status: 204 };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html */
export const listParts: Handler = async (ctx) => {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
  const maxRaw = ctx.query['max-parts'];
  const max = maxRaw === undefined ? 1000 : Math.min(1000, Math.max(0, Number(maxRaw) || 0));
  const after = ctx.store.listParts(upload.uploadId).filter((p) => p.partNumber > marker);
  const parts = after.slice(0, max);
  return {
    headers: XML,
    body: listPartsResult(parts, { upload, partNumberMarker: marker, maxParts: max, isTruncated: after.length > parts.length }),
  };
};
