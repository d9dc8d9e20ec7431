// Maps a request to the S3 operation it names. Pure and table-tested: specific routes (sub-resources)
// are checked before general ones, as in the S3 API reference and MinIO's api-router.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html

export const OPERATIONS = [
  'ListBuckets',
  'CreateBucket',
  'DeleteBucket',
  'HeadBucket',
  'GetBucketLocation',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'GetBucketNotificationConfiguration',
  'PutBucketNotificationConfiguration',
  'GetBucketAcl',
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  /** OPTIONS: a browser's CORS preflight, answered without authentication from the bucket's CORS rules. */
  'CorsPreflight',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'PutBucketAcl',
  /** A bucket configuration this server does not store, read: S3's answer for a new bucket (bucket-config-defaults.ts). */
  'GetBucketDefaultConfiguration',
  /** Deleting such a configuration: a no-op, as when it is absent in S3. */
  'DeleteBucketDefaultConfiguration',
  /** Writing one of them with the value this server already has (SSE-S3, Block Public Access, owner enforced). */
  'PutBucketDefaultConfiguration',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'ListMultipartUploads',
  'DeleteObjects',
  'PostObject',
  'PutObject',
  'CopyObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'GetObjectTagging',
  'GetObjectAttributes',
  'RestoreObject',
  /** Object Lock reads and writes (legal hold, retention): no bucket here has Object Lock, so S3's InvalidRequest. */
  'ObjectLockNotConfigured',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'GetObjectAcl',
  'PutObjectAcl',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
  /** A real S3 operation (or sub-resource) this server does not implement: answers NotImplemented. */
  'NotImplemented',
  /** A method S3 does not accept on this resource: answers MethodNotAllowed. */
  'MethodNotAllowed',
] as const;

export type OperationName = (typeof OPERATIONS)[number];

/** Sub-resources of real S3 operations this server does not implement; any of them answers NotImplemented. */
const UNSUPPORTED_BUCKET_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'lifecycle', 'logging',
  'metrics', 'metadataTable', 'object-lock', 'ownershipControls', 'policy', 'policyStatus', 'publicAccessBlock',
  'replication', 'requestPayment', 'tagging', 'website', 'session', 'events',
];
const UNSUPPORTED_OBJECT_SUBRESOURCES = [
  'acl', 'attributes', 'legal-hold', 'restore', 'retention', 'select', 'torrent', 'renameObject',
];

/** Bucket sub-resources whose GET answers S3's defaults for a new bucket. */
export const DEFAULT_BUCKET_CONFIGS = [
  'policy', 'policyStatus', 'lifecycle', 'website', 'replication', 'object-lock', 'encryption',
  'requestPayment', 'publicAccessBlock', 'ownershipControls', 'logging', 'accelerate',
] as const;
/** Those of them S3 reports as absent (or back at the default, for encryption) after a DELETE. */
const NOOP_DELETE_CONFIGS = ['policy', 'lifecycle', 'website', 'replication', 'encryption'];

/** Those whose default a setup script commonly writes again, and whose write is accepted when it changes nothing. */
export const WRITABLE_DEFAULT_CONFIGS = ['encryption', 'publicAccessBlock', 'ownershipControls'] as const;

const OBJECT_LOCK_SUBRESOURCES = ['legal-hold', 'retention'];

export type Query = Readonly<Record<string, string>>;
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

const has = (query: Query, name: string): boolean => Object.prototype.hasOwnProperty.call(query, name);
const hasAny = (query: Query, names: readonly string[]): boolean => names.some((n) => has(query, n));

export function resolveOperation(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: Query,
  headers: Headers,
): OperationName {
  const m = method.toUpperCase();
  if (!bucket) return m === 'GET' ? 'ListBuckets' : 'MethodNotAllowed';
  if (key === undefined || key === '') return resolveBucketOperation(m, query, headers);
  return resolveObjectOperation(m, query, headers);
}

function resolveBucketOperation(m: string, query: Query, headers: Headers): OperationName {
  switch (m) {
    case 'GET':
      if (has(query, 'location')) return 'GetBucketLocation';
      if (has(query, 'versioning')) return 'GetBucketVersioning';
      if (has(query, 'notification')) return 'GetBucketNotificationConfiguration';
      if (has(query, 'versions')) return 'ListObjectVersions';
      if (has(query, 'uploads')) return 'ListMultipartUploads';
      if (has(query, 'acl')) return 'GetBucketAcl';
      if (has(query, 'tagging')) return 'GetBucketTagging';
      if (has(query, 'cors')) return 'GetBucketCors';
      if (hasAny(query, DEFAULT_BUCKET_CONFIGS)) return 'GetBucketDefaultConfiguration';
      if (hasAny(query, UNSUPPORTED_BUCKET_SUBRESOURCES)) return 'NotImplemented';
      if (query['list-type'] === '2') return 'ListObjectsV2';
      return 'ListObjects';
    case 'PUT':
      if (has(query, 'versioning')) return 'PutBucketVersioning';
      if (has(query, 'notification')) return 'PutBucketNotificationConfiguration';
      if (has(query, 'acl')) return 'PutBucketAcl';
      if (has(query, 'tagging')) return 'PutBucketTagging';
      if (has(query, 'cors')) return 'PutBucketCors';
      if (hasAny(query, WRITABLE_DEFAULT_CONFIGS)) return 'PutBucketDefaultConfiguration';
      if (hasAny(query, UNSUPPORTED_BUCKET_SUBRESOURCES)) return 'NotImplemented';
      return 'CreateBucket';
    case 'HEAD':
      return 'HeadBucket';
    case 'DELETE':
      if (has(query, 'tagging')) return 'DeleteBucketTagging';
      if (has(query, 'cors')) return 'DeleteBucketCors';
      if (hasAny(query, NOOP_DELETE_CONFIGS)) return 'DeleteBucketDefaultConfiguration';
      if (hasAny(query, UNSUPPORTED_BUCKET_SUBRESOURCES)) return 'NotImplemented';
      return 'DeleteBucket';
    case 'OPTIONS':
      return 'CorsPreflight';
    case 'POST': {
      if (has(query, 'delete')) return 'DeleteObjects';
      const type = String(headers['content-type'] ?? '').toLowerCase();
      if (type.startsWith('multipart/form-data')) return 'PostObject';
      return 'NotImplemented';
    }
    default:
      return 'MethodNotAllowed';
  }
}

function resolveObjectOperation(m: string, query: Query, headers: Headers): OperationName {
  switch (m) {
    case 'GET':
      if (has(query, 'tagging')) return 'GetObjectTagging';
      if (has(query, 'attributes')) return 'GetObjectAttributes';
      if (hasAny(query, OBJECT_LOCK_SUBRESOURCES)) return 'ObjectLockNotConfigured';
      if (has(query, 'uploadId')) return 'ListParts';
      if (has(query, 'acl')) return 'GetObjectAcl';
      if (hasAny(query, UNSUPPORTED_OBJECT_SUBRESOURCES)) return 'NotImplemented';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (has(query, 'tagging')) return 'PutObjectTagging';
      if (has(query, 'acl')) return 'PutObjectAcl';
      if (hasAny(query, OBJECT_LOCK_SUBRESOURCES)) return 'ObjectLockNotConfigured';
      if (has(query, 'uploadId') || has(query, 'partNumber')) {
        return headers['x-amz-copy-source'] !== undefined ? 'UploadPartCopy' : 'UploadPart';
      }
      if (hasAny(query, UNSUPPORTED_OBJECT_SUBRESOURCES)) return 'NotImplemented';
      if (headers['x-amz-copy-source'] !== undefined) return 'CopyObject';
      return 'PutObject';
    case 'DELETE':
      if (has(query, 'tagging')) return 'DeleteObjectTagging';
      if (has(query, 'uploadId')) return 'AbortMultipartUpload';
      if (hasAny(query, UNSUPPORTED_OBJECT_SUBRESOURCES)) return 'NotImplemented';
      return 'DeleteObject';
    case 'OPTIONS':
      return 'CorsPreflight';
    case 'POST':
      if (has(query, 'uploads')) return 'CreateMultipartUpload';
      if (has(query, 'uploadId')) return 'CompleteMultipartUpload';
      if (has(query, 'restore')) return 'RestoreObject';
      return 'NotImplemented';
    default:
      return 'MethodNotAllowed';
  }
}
