// The one event shape every source produces (embedded server, app-observed actions, webhook receiver).
// Names use S3 semantics without a dialect prefix; the notification formatters spell them per dialect
// (`cos:ObjectRemove:Delete`, `s3:ObjectRemoved:Delete`). JSON-safe: strings and numbers only.

export const EVENT_TYPES = [
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
  'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Where an event came from; the UI never presents an observed event as server-delivered. 'webhook' and
 * 'minio-listen' are a remote server's own notifications (POSTed to the receiver, or MinIO's ListenNotification stream).
 */
export type EventSource = 'embedded' | 'observed' | 'webhook' | 'minio-listen';

export interface BucketEvent {
  type: EventType;
  bucket: string;
  /** The object key exactly as written (not URL-encoded). */
  key: string;
  /** Bytes; 0 for removals. */
  size: number;
  /** Hex digest without quotes; '' for removals. */
  etag: string;
  /** Version id; 'null' for unversioned / suspended writes; '' when the bucket never had versioning. */
  versionId: string;
  /** Hex string ordering events for one key (compare after right-padding with zeros). */
  sequencer: string;
  /** ISO-8601 with milliseconds. */
  time: string;
  requestId: string;
  sourceIp: string;
  contentType?: string;
  /** User metadata without the x-amz-meta- prefix. */
  metadata?: Record<string, string>;
  /** The app action that caused it, when the request carried `x-bucketscope-action-id`. */
  actionId?: string;
  /** Access key id that signed the request (lets the recursion guard see a function's own writes). */
  accessKeyId?: string;
  /** The request's User-Agent: names the client (aws-cli, boto3, rclone…) behind an external change. */
  userAgent?: string;
  source: EventSource;
}

/** Header the app's own S3 client adds so events can be tied back to the action that caused them. */
export const ACTION_ID_HEADER = 'x-bucketscope-action-id';

export interface BucketEventListener {
  (event: BucketEvent): void;
}
