// Listing operations, served from the sorted in-memory index.
import { S3Error } from '../errors.ts';
import type { Handler, RequestContext } from '../context.ts';
import { listCurrent, listVersions } from '../listing.ts';
import { compareUtf8 } from '../storage/utf8-order.ts';
import {
  listBucketResultV1,
  listBucketResultV2,
  listMultipartUploadsResult,
  listVersionsResult,
} from '../xml/list-documents.ts';
import { requireBucket } from './common.ts';

const XML = { 'content-type': 'application/xml' };

function maxKeys(ctx: RequestContext, name = 'max-keys'): number {
  const raw = ctx.query[name];
  if (raw === undefined) return 1000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: raw });
  }
  return Math.min(n, 1000);
}

function encodingType(ctx: RequestContext): string | undefined {
  const e = ctx.query['encoding-type'];
  if (e === undefined) return undefined;
  if (e !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: e });
  return e;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html */
export const listObjects: Handler = async (ctx) => {
  requireBucket(ctx);
  const prefix = ctx.query.prefix ?? '';
  const delimiter = ctx.query.delimiter ?? '';
  const marker = ctx.query.marker ?? '';
  const mk = maxKeys(ctx);
  const page = listCurrent(ctx.store.keys(ctx.bucket), { prefix, delimiter, after: marker, maxKeys: mk });
  const enc = encodingType(ctx);
  return {
    headers: XML,
    body: listBucketResultV1(page, { bucket: ctx.bucket, prefix, delimiter, marker, maxKeys: mk, ...(enc ? { encodingType: enc } : {}) }),
  };
};

const encodeToken = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (encodeToken(key) !== token) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
  return key;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html */
export const listObjectsV2: Handler = async (ctx) => {
  requireBucket(ctx);
  const prefix = ctx.query.prefix ?? '';
  const delimiter = ctx.query.delimiter ?? '';
  const startAfter = ctx.query['start-after'];
  const token = ctx.query['continuation-token'];
  const mk = maxKeys(ctx);
  let after = startAfter ?? '';
  if (token !== undefined) {
    const fromToken = decodeToken(token);
    if (compareUtf8(fromToken, after) > 0) after = fromToken;
  }
  const page = listCurrent(ctx.store.keys(ctx.bucket), { prefix, delimiter, after, maxKeys: mk });
  const enc = encodingType(ctx);
  return {
    headers: XML,
    body: listBucketResultV2(page, {
      bucket: ctx.bucket,
      prefix,
      delimiter,
      maxKeys: mk,
      fetchOwner: ctx.query['fetch-owner'] === 'true',
      ...(startAfter !== undefined ? { startAfter } : {}),
      ...(token !== undefined ? { continuationToken: token } : {}),
      ...(page.isTruncated ? { nextContinuationToken: encodeToken(page.last) } : {}),
      ...(enc ? { encodingType: enc } : {}),
    }),
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html */
export const listObjectVersions: Handler = async (ctx) => {
  requireBucket(ctx);
  const prefix = ctx.query.prefix ?? '';
  const delimiter = ctx.query.delimiter ?? '';
  const keyMarker = ctx.query['key-marker'] ?? '';
  const versionIdMarker = ctx.query['version-id-marker'] ?? '';
  if (versionIdMarker && !keyMarker) {
    throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker' });
  }
  const mk = maxKeys(ctx);
  const page = listVersions(ctx.store.keys(ctx.bucket), { prefix, delimiter, keyMarker, versionIdMarker, maxKeys: mk });
  const enc = encodingType(ctx);
  return {
    headers: XML,
    body: listVersionsResult(page, { bucket: ctx.bucket, prefix, delimiter, keyMarker, versionIdMarker, maxKeys: mk, ...(enc ? { encodingType: enc } : {}) }),
  };
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html */
export const listMultipartUploads: Handler = async (ctx) => {
  requireBucket(ctx);
  const prefix = ctx.query.prefix ?? '';
  const delimiter = ctx.query.delimiter ?? '';
  const keyMarker = ctx.query['key-marker'] ?? '';
  const uploadIdMarker = ctx.query['upload-id-marker'] ?? '';
  const max = maxKeys(ctx, 'max-uploads');
  const all = ctx.store
    .listUploads(ctx.bucket)
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => compareUtf8(a.key, b.key) || a.initiated.localeCompare(b.initiated) || a.uploadId.localeCompare(b.uploadId));
  let start = 0;
  if (keyMarker) {
    start = all.findIndex((u) => {
      const c = compareUtf8(u.key, keyMarker);
      return c > 0 || (c === 0 && uploadIdMarker !== '' && u.uploadId > uploadIdMarker);
    });
    if (start < 0) start = all.length;
  }
  const uploads = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (let i = start; i < all.length; i++) {
    const u = all[i]!;
    if (uploads.length + prefixes.length >= max) {
      truncated = true;
      break;
    }
    if (delimiter) {
      const d = u.key.indexOf(delimiter, prefix.length);
      if (d >= 0) {
        const cp = u.key.slice(0, d + delimiter.length);
        if (!prefixes.includes(cp)) prefixes.push(cp);
        continue;
      }
    }
    uploads.push(u);
  }
  const enc = encodingType(ctx);
  return {
    headers: XML,
    body: listMultipartUploadsResult(uploads, prefixes, truncated, {
      bucket: ctx.bucket,
      prefix,
      delimiter,
      keyMarker,
      uploadIdMarker,
      maxUploads: max,
      ...(enc ? { encodingType: enc } : {}),
    }),
  };
};
