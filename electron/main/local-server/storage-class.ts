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

/** S3 answers InvalidObjectState (403) to GetObject and to a copy from an archived object that was not restored. */
export function requireNotArchived(headers: Record<string, string>): void {
  const cls = storageClassOf(headers);
  if (ARCHIVED.has(cls)) throw new S3Error('InvalidObjectState', 'The operation is not valid for the object\'s storage class', { StorageClass: cls });
}
