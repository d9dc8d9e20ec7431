// Storage classes. This server keeps every object on one disk, but remembers the class a client asked for and
// reports it as S3 does: x-amz-storage-class on GET/HEAD (absent for STANDARD) and StorageClass in listings.
// The class lives in the version's stored headers, so it persists and travels with multipart uploads unchanged.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#AmazonS3-PutObject-request-header-StorageClass
import { S3Error } from './errors.ts';

export const STORAGE_CLASS_HEADER = 'x-amz-storage-class';

/** The classes a general purpose bucket accepts (OUTPOSTS, SNOW and EXPRESS_ONEZONE belong to other bucket kinds). */
const CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR']);
/** Archived classes: reading or copying the data needs a RestoreObject first, which this server does not implement. */
const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** The stored-header form of a request's x-amz-storage-class: {} for none or STANDARD; InvalidStorageClass if unknown. */
export function storageClassFromHeaders(h: Record<string, string>): Record<string, string> {
  const value = h[STORAGE_CLASS_HEADER];
  if (value === undefined || value === 'STANDARD') return {};
  if (!CLASSES.has(value)) throw new S3Error('InvalidStorageClass', undefined, { StorageClassRequested: value });
  return { [STORAGE_CLASS_HEADER]: value };
}

export function withoutStorageClass(headers: Record<string, string>): Record<string, string> {
  const { [STORAGE_CLASS_HEADER]: _omit, ...rest } = headers;
  return rest;
}

/** The class of a version or upload from its stored headers. */
export const storageClassOf = (headers: Record<string, string>): string => headers[STORAGE_CLASS_HEADER] ?? 'STANDARD';

export const isArchived = (headers: Record<string, string>): boolean => ARCHIVED.has(storageClassOf(headers));

/** Whether a RestoreObject copy of an archived version is readable now. */
export const isRestored = (v: { restoreExpiry?: string | undefined }, now = Date.now()): boolean =>
  v.restoreExpiry !== undefined && Date.parse(v.restoreExpiry) > now;

/**
 * S3 answers InvalidObjectState (403) to GetObject and to a copy from an archived object, unless a RestoreObject
 * copy is readable. https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html
 */
export function requireReadableData(v: { headers: Record<string, string>; restoreExpiry?: string | undefined }): void {
  if (isArchived(v.headers) && !isRestored(v)) {
    throw new S3Error('InvalidObjectState', 'The operation is not valid for the object\'s storage class', { StorageClass: storageClassOf(v.headers) });
  }
}

/** x-amz-restore on GET/HEAD of an archived version with a restored copy (the restore here completes at once). */
export function restoreHeader(v: { headers: Record<string, string>; restoreExpiry?: string | undefined }): Record<string, string> {
  if (!isArchived(v.headers) || v.restoreExpiry === undefined) return {};
  return { 'x-amz-restore': `ongoing-request="false", expiry-date="${new Date(v.restoreExpiry).toUTCString()}"` };
}
