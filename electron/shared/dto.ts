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

/**
 * Where a connection's bucket events come from (docs: DESIGN.md §4). 'embedded' is the Local connection
 * (the embedded server emits them); a remote connection chooses one of REMOTE_EVENT_SOURCES:
 * - 'observed': built by the app from its own actions' responses (no server setup; never server-delivered);
 * - 'webhook': the server POSTs real notifications to the app's loopback receiver (server.status().webhook);
 * - 'minio-listen': the app follows MinIO's ListenNotification stream for buckets that have triggers.
 */
export const REMOTE_EVENT_SOURCES = ['observed', 'webhook', 'minio-listen'] as const;
export type RemoteEventSource = (typeof REMOTE_EVENT_SOURCES)[number];
export type ConnectionEventSource = 'embedded' | RemoteEventSource;

/** What describes a connection apart from its id and secrets: shared by the DTO, the input and the settings file. */
export interface ConnectionSettings {
  name: string;
  provider: ProviderId;
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  checksumMode: ChecksumMode;
  accessKeyId: string;
  /**
   * PEM certificates trusted for this endpoint besides the system's CAs (a self-signed MinIO/Ceph certificate,
   * or a private CA). Public data, not a secret. Absent or '' = the system's CAs only.
   */
  caCertificate?: string | undefined;
}

export interface ConnectionDto extends ConnectionSettings {
  id: string;
  /** Masked hint of the stored secret, e.g. "••••Jz4Q"; '' when none is stored. */
  secretHint: string;
  hasSessionToken: boolean;
  /** The embedded server's connection: cannot be edited or removed. */
  builtin: boolean;
  /** 'embedded' for the builtin connection; connections saved before this field existed read as 'observed'. */
  eventSource: ConnectionEventSource;
}

export interface ConnectionInput extends ConnectionSettings {
  /** Present when editing. */
  id?: string | undefined;
  /** Omitted when editing = keep the stored secret. */
  secretAccessKey?: string | undefined;
  /** Omitted = keep; '' = remove. */
  sessionToken?: string | undefined;
  /** Omitted = keep the saved choice ('observed' for a new connection). */
  eventSource?: RemoteEventSource | undefined;
  /**
   * A new connection (no id) copied from this saved one: it takes that connection's secret key and session token
   * unless the input gives its own ("Save as copy": the same keys for another region or endpoint).
   */
  copySecretsFrom?: string | undefined;
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

/**
 * The properties of an object that can be changed in place (objects.updateProperties): its standard headers and
 * user metadata (`x-amz-meta-*`, names without the prefix). Absent or empty headers are removed.
 */
export interface ObjectProperties {
  contentType: string;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  contentEncoding?: string | undefined;
  metadata: Record<string, string>;
}

/** Bytes objects.preview reads from the start of an object. */
export const PREVIEW_BYTES = 64 * 1024;

export interface ObjectPreview {
  /** The object's full size. */
  size: number;
  contentType: string;
  /** False: the bytes are not UTF-8 text (or contain NUL), and `text` is empty. */
  text: string;
  binary: boolean;
  /** Only the first PREVIEW_BYTES were read. */
  truncated: boolean;
}

/** An incomplete multipart upload (ListMultipartUploads). */
export interface MultipartUploadDto {
  key: string;
  uploadId: string;
  /** ISO-8601. */
  initiated: string;
  storageClass?: string;
}

/** buckets.listUploads stops after this many (ten pages of ListMultipartUploads). */
export const MAX_LISTED_UPLOADS = 10_000;

export interface ObjectTag {
  key: string;
  value: string;
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
  /** The loopback receiver remote servers POST their notifications to (connections with eventSource 'webhook'). */
  webhook: WebhookReceiverStatus;
  /** MinIO ListenNotification streams of 'minio-listen' connections (one per bucket with triggers). */
  listens: ListenStatus[];
}

export interface ListenStatus {
  connectionId: string;
  bucket: string;
  state: 'starting' | 'listening' | 'failed';
  error?: string;
}

export interface WebhookReceiverStatus {
  running: boolean;
  /** e.g. http://127.0.0.1:41234 ('' when not running). Stable across restarts: servers are configured with it once. */
  baseUrl: string;
  /** Per-connection URL template: replace `{connectionId}` (see webhookUrlFor). */
  endpoint: string;
  /** Deliveries must carry `Authorization: Bearer <token>`; the token is shown on demand (server.revealWebhookToken). */
  tokenHint: string;
  /** Why it is not running, or why it runs on another port than before (servers must then be reconfigured). */
  error?: string;
}

/** The URL a server delivers one connection's notifications to. */
export function webhookUrlFor(status: WebhookReceiverStatus, connectionId: string): string {
  return status.endpoint.replace('{connectionId}', encodeURIComponent(connectionId));
}

export interface AppInfo {
  name: string;
  version: string;
  /** How the renderer is attached to main. */
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
}
