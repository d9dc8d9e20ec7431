// JSON-safe data crossing the contract: ISO strings for times, plain arrays and records.
// Secrets never appear here; the renderer sees `secretHint` only.

export const PROVIDERS = ['local', 'aws', 'cos', 'minio', 'r2', 'ceph', 'b2', 'wasabi', 'custom'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** SDK request checksum behaviour: WHEN_SUPPORTED is the SDK default (aws-chunked + CRC32). */
export type ChecksumMode = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  /** Endpoint template; `{region}` / `{account}` are filled in by the user. '' = SDK default (AWS). */
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  checksumMode: ChecksumMode;
  /** Default event dialect for triggers on this provider. */
  dialect: 'cos' | 's3';
  help: string;
}

export interface ConnectionDto {
  id: string;
  name: string;
  provider: ProviderId;
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  checksumMode: ChecksumMode;
  accessKeyId: string;
  /** Masked hint of the stored secret, e.g. "••••Jz4Q"; '' when none is stored. */
  secretHint: string;
  hasSessionToken: boolean;
  /** The embedded server's connection: cannot be edited or removed. */
  builtin: boolean;
}

export interface ConnectionInput {
  /** Present when editing. */
  id?: string | undefined;
  name: string;
  provider: ProviderId;
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  checksumMode: ChecksumMode;
  accessKeyId: string;
  /** Omitted when editing = keep the stored secret. */
  secretAccessKey?: string | undefined;
  /** Omitted = keep; '' = remove. */
  sessionToken?: string | undefined;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  bucketCount?: number;
  error?: import('./errors.ts').AppErrorDto;
}

export interface BucketDto {
  name: string;
  createdAt?: string;
}

export interface ObjectEntry {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
  storageClass: string;
}

export interface ObjectPage {
  prefix: string;
  /** Common prefixes (sub-folders), each ending with the delimiter. */
  folders: string[];
  objects: ObjectEntry[];
  /** Continuation token for the next page; absent on the last page. */
  nextToken?: string;
}

export interface ObjectDetails {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
  contentType: string;
  storageClass: string;
  versionId?: string;
  cacheControl?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  metadata: Record<string, string>;
}

export interface VersionEntry {
  key: string;
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
  size: number;
  lastModified: string;
  etag: string;
}

export interface VersionPage {
  versions: VersionEntry[];
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

export type VersioningState = 'Unversioned' | 'Enabled' | 'Suspended';

export type TransferState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TransferDto {
  id: string;
  kind: 'upload' | 'download';
  connectionId: string;
  bucket: string;
  key: string;
  loaded: number;
  total: number;
  state: TransferState;
  startedAt: string;
  finishedAt?: string;
  error?: import('./errors.ts').AppErrorDto;
  /** Timeline action this transfer recorded. */
  actionId?: string;
  /** The local file read (uploadPaths) or written (downloadTo; the final name, once it is known). */
  localPath?: string;
}

export interface LocalServerStatus {
  running: boolean;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretHint: string;
  dataDir: string;
  error?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** How the renderer is attached to main. */
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
}
