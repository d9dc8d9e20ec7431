// SDK output -> the JSON-safe DTOs of electron/shared/dto.ts. ETags lose their quotes (S3 sends them quoted,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html), times become ISO strings.
import type {
  Bucket,
  DeleteMarkerEntry,
  HeadObjectCommandOutput,
  ListObjectsV2CommandOutput,
  ListObjectVersionsCommandOutput,
  ObjectVersion,
  _Object,
} from '@aws-sdk/client-s3';
import type { BucketDto, ObjectDetails, ObjectEntry, ObjectPage, VersionEntry, VersionPage } from '../../shared/dto.ts';

export function unquoteEtag(etag: string | undefined): string {
  if (!etag) return '';
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function iso(date: Date | undefined): string {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

export function toBucketDto(bucket: Bucket): BucketDto {
  const dto: BucketDto = { name: bucket.Name ?? '' };
  if (bucket.CreationDate) dto.createdAt = iso(bucket.CreationDate);
  return dto;
}

export function toObjectEntry(object: _Object): ObjectEntry {
  return {
    key: object.Key ?? '',
    size: object.Size ?? 0,
    lastModified: iso(object.LastModified),
    etag: unquoteEtag(object.ETag),
    storageClass: object.StorageClass ?? 'STANDARD',
  };
}

/**
 * One page of a delimited listing. The zero-byte "folder marker" object whose key equals the prefix
 * (what createFolder and most consoles write) is the folder itself, not an entry inside it.
 */
export function toObjectPage(prefix: string, output: ListObjectsV2CommandOutput): ObjectPage {
  const page: ObjectPage = {
    prefix,
    folders: (output.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter((p) => p !== ''),
    objects: (output.Contents ?? []).filter((o) => !(prefix !== '' && o.Key === prefix)).map(toObjectEntry),
  };
  if (output.IsTruncated && output.NextContinuationToken) page.nextToken = output.NextContinuationToken;
  return page;
}

export function toObjectDetails(key: string, output: HeadObjectCommandOutput): ObjectDetails {
  const details: ObjectDetails = {
    key,
    size: output.ContentLength ?? 0,
    lastModified: iso(output.LastModified),
    etag: unquoteEtag(output.ETag),
    contentType: output.ContentType ?? 'application/octet-stream',
    storageClass: output.StorageClass ?? 'STANDARD',
    metadata: { ...(output.Metadata ?? {}) },
  };
  if (output.VersionId) details.versionId = output.VersionId;
  if (output.CacheControl) details.cacheControl = output.CacheControl;
  if (output.ContentEncoding) details.contentEncoding = output.ContentEncoding;
  if (output.ContentDisposition) details.contentDisposition = output.ContentDisposition;
  return details;
}

function versionEntry(v: ObjectVersion): VersionEntry {
  return {
    key: v.Key ?? '',
    versionId: v.VersionId ?? 'null',
    isLatest: v.IsLatest ?? false,
    isDeleteMarker: false,
    size: v.Size ?? 0,
    lastModified: iso(v.LastModified),
    etag: unquoteEtag(v.ETag),
  };
}

function deleteMarkerEntry(m: DeleteMarkerEntry): VersionEntry {
  return {
    key: m.Key ?? '',
    versionId: m.VersionId ?? 'null',
    isLatest: m.IsLatest ?? false,
    isDeleteMarker: true,
    size: 0,
    lastModified: iso(m.LastModified),
    etag: '',
  };
}

/**
 * S3 returns versions and delete markers interleaved, newest first per key; the SDK splits them into two
 * arrays, so they are merged back: by key, then newest first.
 */
export function toVersionPage(output: ListObjectVersionsCommandOutput): VersionPage {
  const versions = [...(output.Versions ?? []).map(versionEntry), ...(output.DeleteMarkers ?? []).map(deleteMarkerEntry)];
  versions.sort((a, b) => {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    if (a.isLatest !== b.isLatest) return a.isLatest ? -1 : 1;
    return b.lastModified.localeCompare(a.lastModified);
  });
  const page: VersionPage = { versions };
  if (output.IsTruncated) {
    if (output.NextKeyMarker) page.nextKeyMarker = output.NextKeyMarker;
    if (output.NextVersionIdMarker) page.nextVersionIdMarker = output.NextVersionIdMarker;
  }
  return page;
}
