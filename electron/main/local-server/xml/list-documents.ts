// Response documents of the listing operations.
import type { ObjectVersion } from '../storage/object-store.ts';
import type { ListPage, VersionItem, VersionPage } from '../listing.ts';
import type { UploadInfo } from '../storage/object-store.ts';
import { OWNER } from './bucket-documents.ts';
import { storageClassOf } from '../storage-class.ts';
import { InOrder, toXml } from './xml-codec.ts';
import { s3Timestamp } from './timestamp.ts';

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
    LastModified: s3Timestamp(v.lastModified),
    ETag: quoteEtag(v.etag),
    ChecksumAlgorithm: v.checksum?.algorithm,
    ChecksumType: v.checksum?.type,
    Size: v.size,
    Owner: owner ? OWNER : undefined,
    StorageClass: storageClassOf(v.headers),
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

/**
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html — versions and delete markers are
 * distinct elements, interleaved in S3's order: by key (UTF-8 bytes), then newest first within a key.
 */
export function listVersionsResult(page: VersionPage, m: VersionsMeta): string {
  const enc = encoder(m.encodingType);
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
    Entries: new InOrder(page.items.map((i) => versionEntry(i, enc))),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

function versionEntry(i: VersionItem, enc: (s: string) => string): [string, Record<string, unknown>] {
  const v = i.version;
  if (v.deleteMarker) {
    return ['DeleteMarker', { Key: enc(i.key), VersionId: v.versionId, IsLatest: i.isLatest, LastModified: s3Timestamp(v.lastModified), Owner: OWNER }];
  }
  return ['Version', {
    Key: enc(i.key),
    VersionId: v.versionId,
    IsLatest: i.isLatest,
    LastModified: s3Timestamp(v.lastModified),
    ETag: quoteEtag(v.etag),
    ChecksumAlgorithm: v.checksum?.algorithm,
    ChecksumType: v.checksum?.type,
    Size: v.size,
    Owner: OWNER,
    StorageClass: storageClassOf(v.headers),
  }];
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
      StorageClass: storageClassOf(u.headers),
      Initiated: u.initiated,
      ChecksumAlgorithm: u.checksumAlgorithm,
      ChecksumType: u.checksumAlgorithm ? u.checksumType : undefined,
    })),
    CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}
