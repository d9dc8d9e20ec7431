// GetObject and HeadObject: versions, delete markers, Range, partNumber, conditional requests, response-* overrides.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
import { S3Error } from '../errors.ts';
import { requireReadableData } from '../storage-class.ts';
import type { Handler, RequestContext, S3Response } from '../context.ts';
import {
  evaluateConditions,
  objectHeaders,
  parseRange,
  requireBucket,
  requireReadableVersion,
  versionIdParam,
  type ByteRange,
} from './common.ts';

const OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

/** Bodies up to this size are sent as one buffer: headers and body leave in one write. */
const BUFFERED_BODY_BYTES = 256 * 1024;

async function read(ctx: RequestContext, withBody: boolean): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const versionId = versionIdParam(ctx);
  const v = requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionId);
  if (withBody) requireReadableData(v);
  const h = ctx.headers;
  const outcome = evaluateConditions(
    {
      ...(h['if-match'] !== undefined ? { ifMatch: h['if-match'] } : {}),
      ...(h['if-none-match'] !== undefined ? { ifNoneMatch: h['if-none-match'] } : {}),
      ...(h['if-modified-since'] !== undefined ? { ifModifiedSince: h['if-modified-since'] } : {}),
      ...(h['if-unmodified-since'] !== undefined ? { ifUnmodifiedSince: h['if-unmodified-since'] } : {}),
    },
    v,
  );
  if (outcome === 'failed') throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  if (outcome === 'not-modified') {
    const headers = objectHeaders(bucket, v, false);
    return { status: 304, headers: { etag: headers.etag as string, 'last-modified': headers['last-modified'] as string } };
  }

  let range: ByteRange | undefined;
  let partsCount: number | undefined;
  const partParam = ctx.query.partNumber;
  if (partParam !== undefined) {
    const n = Number(partParam);
    if (!Number.isInteger(n) || n < 1 || n > 10000) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: partParam });
    }
    if (h.range !== undefined) throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
    const sizes = v.partSizes ?? [v.size];
    partsCount = sizes.length;
    if (n > sizes.length) throw new S3Error('InvalidPart', 'The requested partnumber is not satisfiable', { PartNumberRequested: partParam, ActualPartCount: String(sizes.length) });
    const start = sizes.slice(0, n - 1).reduce((a, b) => a + b, 0);
    range = { start, end: start + (sizes[n - 1] as number) - 1 };
  } else {
    range = parseRange(h.range, v.size);
  }

  const wantChecksum = h['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED' && !range;
  const headers = objectHeaders(bucket, v, wantChecksum);
  if (partsCount !== undefined && v.partSizes) headers['x-amz-mp-parts-count'] = String(partsCount);
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = ctx.query[param];
    if (value !== undefined) headers[header] = value;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? v.size - 1;
  headers['content-length'] = String(Math.max(0, end - start + 1));
  if (range) headers['content-range'] = `bytes ${start}-${end}/${v.size}`;
  const status = range && !(partsCount === 1 && !v.partSizes) ? 206 : 200;
  if (!withBody || v.size === 0) return { status, headers };
  const body = ctx.store.readData(v.segments, start, end, ctx.bucket);
  if (end - start + 1 > BUFFERED_BODY_BYTES) return { status, headers, body };
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return { status, headers, body: Buffer.concat(chunks) };
}

export const getObject: Handler = async (ctx) => read(ctx, true);

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html */
export const headObject: Handler = async (ctx) => read(ctx, false);
