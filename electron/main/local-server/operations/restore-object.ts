// RestoreObject for archived objects (GLACIER, DEEP_ARCHIVE). The copy is ready at once here (S3 takes minutes to
// hours), so the first request answers 202 and the object is readable straight away; a request while a copy is
// readable extends it and answers 200, as S3 does. x-amz-restore on GET/HEAD tells when the copy expires.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html
import { S3Error } from '../errors.ts';
import type { Handler } from '../context.ts';
import { readSmallBody } from '../request-body.ts';
import { isArchived, isRestored } from '../storage-class.ts';
import { child, parseXmlBody, text } from '../xml/xml-codec.ts';
import { requireBucket, requireReadableVersion, versionIdParam } from './common.ts';

const TIERS = new Set(['Standard', 'Bulk', 'Expedited']);
const DAY_MS = 24 * 3600 * 1000;

/** S3 rounds a restored copy's expiry up to the next midnight UTC after the requested number of days. */
function expiryAfter(days: number, now: number): string {
  const end = now + days * DAY_MS;
  return new Date(Math.ceil(end / DAY_MS) * DAY_MS).toISOString();
}

export const restoreObject: Handler = async (ctx) => {
  requireBucket(ctx);
  const versionId = versionIdParam(ctx);
  const current = requireReadableVersion(ctx, ctx.store.getKey(ctx.bucket, ctx.key), versionId);
  const root = parseXmlBody(await readSmallBody(ctx, 64 * 1024), 'RestoreRequest');
  const rawDays = text(root, 'Days');
  const days = Number(rawDays);
  if (rawDays === undefined || !/^\d+$/.test(rawDays) || days < 1) throw new S3Error('MalformedXML');
  const tier = child(root, 'GlacierJobParameters');
  const tierName = tier ? text(tier, 'Tier') : undefined;
  if (tierName !== undefined && !TIERS.has(tierName)) throw new S3Error('MalformedXML');
  if (!isArchived(current.headers)) {
    throw new S3Error('InvalidObjectState', 'Restore is not allowed for the object\'s current storage class');
  }
  const now = Date.now();
  const wasRestored = isRestored(current, now);
  await ctx.store.updateKey(ctx.bucket, ctx.key, (versions) => {
    const target = requireReadableVersion(ctx, { key: ctx.key, versions }, versionId);
    return { versions: versions.map((v) => (v === target ? { ...v, restoreExpiry: expiryAfter(days, now) } : v)), result: undefined };
  });
  return { status: wasRestored ? 200 : 202 };
};
