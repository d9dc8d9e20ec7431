// The storage interface the operations use. Versioning rules live in ../versioning.ts; the store only
// persists what it is given, atomically per key, and keeps the sorted in-memory index listings read from.
import type { Readable, Writable } from 'node:stream';
import type { NotificationConfiguration } from '../notification-config.ts';
import type { CorsRule } from '../cors.ts';

export type VersioningState = 'Unversioned' | 'Enabled' | 'Suspended';
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** One file of object data. Multipart objects keep their parts as segments (no copy on completion). */
export interface Segment {
  id: string;
  size: number;
}

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as S3 prints it; composite multipart checksums end in `-N`. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface Tag {
  key: string;
  value: string;
}

export interface ObjectVersion {
  /** 'null' for the null version (unversioned or suspended writes). */
  versionId: string;
  deleteMarker: boolean;
  /** ISO-8601. */
  lastModified: string;
  /** Hex MD5, or `md5-of-md5s-N` for multipart; no quotes. '' for delete markers. */
  etag: string;
  size: number;
  contentType?: string;
  /** Stored representation headers: content-encoding, content-disposition, content-language, cache-control, expires. */
  headers: Record<string, string>;
  /** User metadata without the x-amz-meta- prefix (names lower-case). */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  /** Sizes of the parts of a multipart object (for partNumber reads and PartsCount). */
  partSizes?: number[];
  segments: Segment[];
  tags: Tag[];
  /** Archived classes: until when a RestoreObject copy is readable (ISO-8601). */
  restoreExpiry?: string;
}

export interface KeyEntry {
  key: string;
  /** Newest first. */
  versions: ObjectVersion[];
}

export interface BucketInfo {
  name: string;
  created: string;
  versioning: VersioningState;
  notification: NotificationConfiguration;
  /** The LocationConstraint it was created with; absent for the server's own region. */
  location?: string;
  /** CORS rules (PutBucketCors); absent or empty when the bucket has none. */
  cors?: CorsRule[];
  /** Bucket tags (PutBucketTagging); absent or empty when the bucket has none. */
  tags?: Tag[];
}

export interface UploadInfo {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  contentType?: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  tags: Tag[];
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
  segment: Segment;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** A new data file being written. Nothing references it until a key or part record does. */
export interface DataSink {
  readonly id: string;
  readonly stream: Writable;
  /** Closes the file; call after the stream finished (finishing the stream fsyncs it). */
  commit(): Promise<Segment>;
  /** Removes the file (on error). */
  discard(): Promise<void>;
}

/** Read-only view of a bucket's keys in UTF-8 binary order, as S3 lists them. */
export interface SortedKeys {
  readonly size: number;
  at(index: number): string;
  /** First index whose key is >= `key` (or > `key` when `exclusive`). */
  lowerBound(key: string, exclusive?: boolean): number;
  /** First index at or after `from` whose key does not start with `prefix` (keys with a prefix are contiguous). */
  endOfPrefix(prefix: string, from: number): number;
  get(key: string): KeyEntry | undefined;
}

export interface KeyChange<T> {
  key: string;
  change: (versions: ObjectVersion[]) => { versions: ObjectVersion[]; result: T };
}

export type KeyChangeResult<T> = { ok: true; result: T } | { ok: false; error: unknown };

export interface ObjectStore {
  open(): Promise<void>;
  close(): Promise<void>;

  listBuckets(): BucketInfo[];
  getBucket(name: string): BucketInfo | undefined;
  createBucket(name: string, location?: string): Promise<BucketInfo>;
  /** Removes an empty bucket and its pending multipart uploads. */
  deleteBucket(name: string): Promise<void>;
  updateBucket(name: string, patch: Partial<Pick<BucketInfo, 'versioning' | 'notification' | 'tags' | 'cors'>>): Promise<BucketInfo>;
  keys(bucket: string): SortedKeys;

  getKey(bucket: string, key: string): KeyEntry | undefined;
  /**
   * Serialised per key: `change` sees the current versions and returns the new list; the store persists it
   * atomically (temp file + fsync + rename), updates the index and deletes data no version references any more.
   */
  updateKey<T>(bucket: string, key: string, change: (versions: ObjectVersion[]) => { versions: ObjectVersion[]; result: T }): Promise<T>;
  /**
   * updateKey for many keys at once (DeleteObjects), committed together as one journal write + fsync. Changes
   * run in order (a key listed twice sees its earlier change); a change that throws fails only its own item.
   */
  updateKeys<T>(bucket: string, changes: KeyChange<T>[]): Promise<KeyChangeResult<T>[]>;

  /**
   * `sync: false` does not wait for the fsync (multipart parts): the file is synced in the background after
   * commit, and syncData, before CompleteMultipartUpload makes the parts visible, waits for that.
   */
  createData(options?: { sync?: boolean }): Promise<DataSink>;
  /** Makes data files written without sync durable (waits for their background sync, or syncs them). */
  syncData(segments: Segment[]): Promise<void>;
  /** Queues a small body (≤ SMALL_OBJECT_BYTES) to be stored with the bucket's next commit. */
  storeSmall(bucket: string, data: Buffer): Segment;
  /** Gives back a small-object segment that no record references (a write that failed after storeSmall). */
  releaseSmall(bucket: string, segment: Segment): void;
  /** `bucket` is needed when segments may be small-object segments of that bucket. */
  readData(segments: Segment[], start: number, endInclusive: number, bucket?: string): Readable;
  copyData(segments: Segment[], start?: number, endInclusive?: number, bucket?: string): Promise<Segment>;
  discardData(segments: Segment[]): Promise<void>;

  createUpload(info: UploadInfo): Promise<void>;
  getUpload(uploadId: string): UploadInfo | undefined;
  listUploads(bucket: string): UploadInfo[];
  putPart(uploadId: string, part: PartInfo): Promise<void>;
  listParts(uploadId: string): PartInfo[];
  /** Drops the upload record; part data not in `keep` is deleted. */
  finishUpload(uploadId: string, keep: ReadonlySet<string>): Promise<void>;
}
