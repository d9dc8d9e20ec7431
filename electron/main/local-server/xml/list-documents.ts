// Response documents of the listing operations.
import type { ObjectVersion } from '../storage/object-store.ts';
import type { ListPage, VersionPage } from '../listing.ts';
import type { UploadInfo } from '../storage/object-store.ts';
import { OWNER } from './bucket-documents.ts';
import { toXml } from './xml-codec.ts';

/** encoding-type=url: S3 percent-encodes, keeps `/`, and writes a space as `+`. */
export function urlEncodeKey(s: string): string {
  return encodeURIComponent(s).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export const quoteEtag = (etag: string): string => `"${etag}"`;

function encoder(encodingType: string | undefined): (s: string) => string {
  return encodingType === 'url' ? urlEncodeKey : (s) => s;
}

function objectEntry(key: string, v: ObjectVersion, enc: (s: string) => string, owner: boolean): Record<string, unknown> {
  return {
    Key: enc(key),
    LastModified: v.lastModified,
    ETag: quoteEtag(v.etag),
    ChecksumAlgorithm: v.checksum?.algorithm,
    ChecksumType: v.checksum?.type,
    Size: v.size,
    Owner: owner ? OWNER : undefined,
    StorageClass: 'STANDARD',
  };
}

export interface ListV1Meta {
  bucket: string;
  prefix: string;
  delimiter: string;
  marker: string;
  maxKeys: number;
  encodingType?: string;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html */
export function listBucketResultV1(page: ListPage, m: ListV1Meta): string {
  const enc = encoder(m.encodingType);
  return toXml('ListBucketResult', {
    Name: m.bucket,
    Prefix: enc(m.prefix),
    Marker: enc(m.marker),
    // NextMarker is only returned when a delimiter was given; otherwise clients use the last key.
    NextMarker: page.isTruncated && m.delimiter ? enc(page.last) : undefined,
    MaxKeys: m.maxKeys,
    Delimiter: m.delimiter ? enc(m.delimiter) : undefined,
    IsTruncated: page.isTruncated,
    EncodingType: m.encodingType,
    Contents: page.contents.map((c) => objectEntry(c.key, c.version, enc, true)),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

export interface ListV2Meta {
  bucket: string;
  prefix: string;
  delimiter: string;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  maxKeys: number;
  encodingType?: string;
  fetchOwner: boolean;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html */
export function listBucketResultV2(page: ListPage, m: ListV2Meta): string {
  const enc = encoder(m.encodingType);
  return toXml('ListBucketResult', {
    Name: m.bucket,
    Prefix: enc(m.prefix),
    Delimiter: m.delimiter ? enc(m.delimiter) : undefined,
    MaxKeys: m.maxKeys,
    EncodingType: m.encodingType,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ContinuationToken: m.continuationToken,
    NextContinuationToken: m.nextContinuationToken,
    StartAfter: m.startAfter !== undefined ? enc(m.startAfter) : undefined,
    Contents: page.contents.map((c) => objectEntry(c.key, c.version, enc, m.fetchOwner)),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

export interface VersionsMeta {
  bucket: string;
  prefix: string;
  delimiter: string;
  keyMarker: string;
  versionIdMarker: string;
  maxKeys: number;
  encodingType?: string;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html — versions and delete markers are distinct elements. */
export function listVersionsResult(page: VersionPage, m: VersionsMeta): string {
  const enc = encoder(m.encodingType);
  // fast-xml-parser groups equal element names; S3 interleaves Version and DeleteMarker in key order, and
  // clients (SDKs, aws-cli) read the two lists separately, so grouping keeps every client correct.
  const versions = page.items.filter((i) => !i.version.deleteMarker);
  const markers = page.items.filter((i) => i.version.deleteMarker);
  return toXml('ListVersionsResult', {
    Name: m.bucket,
    Prefix: enc(m.prefix),
    KeyMarker: enc(m.keyMarker),
    VersionIdMarker: m.versionIdMarker,
    NextKeyMarker: page.isTruncated ? enc(page.nextKeyMarker) : undefined,
    NextVersionIdMarker: page.isTruncated && page.nextVersionIdMarker ? page.nextVersionIdMarker : undefined,
    MaxKeys: m.maxKeys,
    Delimiter: m.delimiter ? enc(m.delimiter) : undefined,
    EncodingType: m.encodingType,
    IsTruncated: page.isTruncated,
    Version: versions.map((i) => ({
      Key: enc(i.key),
      VersionId: i.version.versionId,
      IsLatest: i.isLatest,
      LastModified: i.version.lastModified,
      ETag: quoteEtag(i.version.etag),
      ChecksumAlgorithm: i.version.checksum?.algorithm,
      ChecksumType: i.version.checksum?.type,
      Size: i.version.size,
      Owner: OWNER,
      StorageClass: 'STANDARD',
    })),
    DeleteMarker: markers.map((i) => ({
      Key: enc(i.key),
      VersionId: i.version.versionId,
      IsLatest: i.isLatest,
      LastModified: i.version.lastModified,
      Owner: OWNER,
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

export interface UploadsMeta {
  bucket: string;
  prefix: string;
  delimiter: string;
  keyMarker: string;
  uploadIdMarker: string;
  maxUploads: number;
  encodingType?: string;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html */
export function listMultipartUploadsResult(
  uploads: UploadInfo[],
  commonPrefixes: string[],
  isTruncated: boolean,
  m: UploadsMeta,
): string {
  const enc = encoder(m.encodingType);
  const last = uploads[uploads.length - 1];
  return toXml('ListMultipartUploadsResult', {
    Bucket: m.bucket,
    KeyMarker: enc(m.keyMarker),
    UploadIdMarker: m.uploadIdMarker,
    NextKeyMarker: isTruncated && last ? enc(last.key) : undefined,
    NextUploadIdMarker: isTruncated && last ? last.uploadId : undefined,
    Prefix: enc(m.prefix),
    Delimiter: m.delimiter ? enc(m.delimiter) : undefined,
    MaxUploads: m.maxUploads,
    EncodingType: m.encodingType,
    IsTruncated: isTruncated,
    Upload: uploads.map((u) => ({
      Key: enc(u.key),
      UploadId: u.uploadId,
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
      Initiated: u.initiated,
      ChecksumAlgorithm: u.checksumAlgorithm,
      ChecksumType: u.checksumAlgorithm ? u.checksumType : undefined,
    })),
    CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}
