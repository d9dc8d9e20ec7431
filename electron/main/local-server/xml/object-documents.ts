// Response documents of object-level operations.
import type { ObjectVersion, PartInfo, StoredChecksum, Tag, UploadInfo } from '../storage/object-store.ts';
import { OWNER } from './bucket-documents.ts';
import { storageClassOf } from '../storage-class.ts';
import { quoteEtag } from './list-documents.ts';
import { toXml } from './xml-codec.ts';
import { s3Timestamp } from './timestamp.ts';

function checksumFields(c: StoredChecksum | undefined): Record<string, string | undefined> {
  if (!c) return {};
  return { [`Checksum${c.algorithm}`]: c.value, ChecksumType: c.type };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html */
export function copyObjectResult(v: ObjectVersion): string {
  return toXml('CopyObjectResult', { ETag: quoteEtag(v.etag), LastModified: s3Timestamp(v.lastModified), ...checksumFields(v.checksum) });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html */
export function copyPartResult(p: PartInfo): string {
  return toXml('CopyPartResult', {
    ETag: quoteEtag(p.etag),
    LastModified: s3Timestamp(p.lastModified),
    ...(p.checksum ? { [`Checksum${p.checksum.algorithm}`]: p.checksum.value } : {}),
  });
}

export interface DeleteResultEntry {
  key: string;
  versionId?: string;
  deleteMarker?: boolean;
  deleteMarkerVersionId?: string;
}
export interface DeleteResultError {
  key: string;
  versionId?: string;
  code: string;
  message: string;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (quiet mode lists errors only) */
export function deleteResult(deleted: DeleteResultEntry[], errors: DeleteResultError[]): string {
  return toXml('DeleteResult', {
    Deleted: deleted.map((d) => ({
      Key: d.key,
      VersionId: d.versionId,
      DeleteMarker: d.deleteMarker ? true : undefined,
      DeleteMarkerVersionId: d.deleteMarkerVersionId,
    })),
    Error: errors.map((e) => ({ Key: e.key, VersionId: e.versionId, Code: e.code, Message: e.message })),
  });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html */
export function tagging(tags: Tag[]): string {
  return toXml('Tagging', { TagSet: { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) } });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html */
export function initiateMultipartUploadResult(u: UploadInfo): string {
  return toXml('InitiateMultipartUploadResult', { Bucket: u.bucket, Key: u.key, UploadId: u.uploadId });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html */
export function completeMultipartUploadResult(location: string, bucket: string, key: string, v: ObjectVersion): string {
  return toXml('CompleteMultipartUploadResult', {
    Location: location,
    Bucket: bucket,
    Key: key,
    ETag: quoteEtag(v.etag),
    ...checksumFields(v.checksum),
  });
}

export interface ListPartsMeta {
  upload: UploadInfo;
  partNumberMarker: number;
  maxParts: number;
  isTruncated: boolean;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html */
export function listPartsResult(parts: PartInfo[], m: ListPartsMeta): string {
  const last = parts[parts.length - 1];
  return toXml('ListPartsResult', {
    Bucket: m.upload.bucket,
    Key: m.upload.key,
    UploadId: m.upload.uploadId,
    PartNumberMarker: m.partNumberMarker,
    NextPartNumberMarker: last ? last.partNumber : undefined,
    MaxParts: m.maxParts,
    IsTruncated: m.isTruncated,
    Part: parts.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: s3Timestamp(p.lastModified),
      ETag: quoteEtag(p.etag),
      Size: p.size,
      ...(p.checksum ? { [`Checksum${p.checksum.algorithm}`]: p.checksum.value } : {}),
    })),
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: storageClassOf(m.upload.headers),
    ChecksumAlgorithm: m.upload.checksumAlgorithm,
    ChecksumType: m.upload.checksumAlgorithm ? m.upload.checksumType : undefined,
  });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html (success_action_status=201) */
export function postResponse(location: string, bucket: string, key: string, etag: string): string {
  return toXml('PostResponse', { Location: location, Bucket: bucket, Key: key, ETag: quoteEtag(etag) }, false);
}
