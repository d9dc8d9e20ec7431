// The one contract between renderer and main. Adding a method = one interface line + one METHODS row;
// the `satisfies` below makes the compiler reject a missing or an extra row. Every method takes at most
// one argument, validated in main against its schema before any service sees it.
import { z } from 'zod';
import type {
  AppInfo,
  BucketDto,
  ConnectionDto,
  ConnectionInput,
  ConnectionTestResult,
  LocalServerStatus,
  MultipartUploadDto,
  ObjectDetails,
  ObjectProperties,
  ObjectPreview,
  ObjectTag,
  ObjectPage,
  ProviderPreset,
  TransferDto,
  VersionPage,
  VersioningState,
} from './dto.ts';
import { MAX_LISTED_UPLOADS, PROVIDERS, REMOTE_EVENT_SOURCES } from './dto.ts';
import type { ExecutionRecord, TimelineRecord } from './timeline.ts';
import { settingsPatchSchema, type AppSettings, type SettingsPatch, type SettingsView } from './settings.ts';
import type {
  DeadLetterDto,
  FunctionCode,
  FunctionDto,
  FunctionInput,
  InvokeInput,
  RuntimeAvailability,
  ScaffoldInput,
  TriggerDto,
  TriggerInput,
} from './triggers.ts';
import {
  functionInputSchema,
  idInputSchema,
  invokeInputSchema,
  readCodeSchema,
  readFileSchema,
  scaffoldSchema,
  setEnabledSchema,
  triggerInputSchema,
  triggerListSchema,
  writeFileSchema,
} from './triggers.ts';

/** SigV4 presigned URLs are valid for at most 7 days (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ShareObjectPreSignedURL.html). */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** transfers.uploadPaths' `skip`: at most as many keys as one upload may write (collect-upload-files.ts). */
export const MAX_SKIPPED_KEYS = 100_000;

export interface BucketRef {
  connectionId: string;
  bucket: string;
}
export interface ObjectRef extends BucketRef {
  key: string;
  versionId?: string | undefined;
}

export interface AppApi {
  app: {
    info(): Promise<AppInfo>;
    /** Push events after `afterSeq` still held in memory (for reconnects). */
    missedEvents(input: { afterSeq: number }): Promise<PushEvent[]>;
  };
  connections: {
    list(): Promise<ConnectionDto[]>;
    presets(): Promise<ProviderPreset[]>;
    save(input: ConnectionInput): Promise<ConnectionDto>;
    remove(input: { id: string }): Promise<void>;
    /** Tests a saved connection (id) or unsaved input (with its secret). */
    test(input: { id: string } | { connection: ConnectionInput }): Promise<ConnectionTestResult>;
  };
  buckets: {
    list(input: { connectionId: string }): Promise<BucketDto[]>;
    create(input: BucketRef & { region?: string | undefined }): Promise<void>;
    remove(input: BucketRef): Promise<void>;
    getVersioning(input: BucketRef): Promise<VersioningState>;
    setVersioning(input: BucketRef & { state: 'Enabled' | 'Suspended' }): Promise<void>;
    /**
     * Multipart uploads started and never completed or aborted (their parts are stored, and billed on AWS), oldest
     * first; at most MAX_LISTED_UPLOADS, with `more` when there are others.
     */
    listUploads(input: BucketRef): Promise<{ uploads: MultipartUploadDto[]; more: boolean }>;
    /** Aborts the given uploads (AbortMultipartUpload each); an upload already gone counts as aborted. */
    abortUploads(input: BucketRef & { uploads: { key: string; uploadId: string }[] }): Promise<{ aborted: number; errors: { key: string; message: string }[] }>;
  };
  objects: {
    list(
      input: BucketRef & { prefix: string; delimiter?: string | undefined; token?: string | undefined; maxKeys?: number | undefined },
    ): Promise<ObjectPage>;
    head(input: ObjectRef): Promise<ObjectDetails>;
    listVersions(
      input: BucketRef & { prefix: string; keyMarker?: string | undefined; versionIdMarker?: string | undefined },
    ): Promise<VersionPage>;
    remove(input: BucketRef & { objects: { key: string; versionId?: string | undefined }[] }): Promise<{ removed: number; errors: { key: string; message: string }[] }>;
    copy(input: { connectionId: string; from: { bucket: string; key: string; versionId?: string | undefined }; to: { bucket: string; key: string } }): Promise<void>;
    createFolder(input: BucketRef & { prefix: string }): Promise<void>;
    /**
     * A presigned GET URL for sharing (SigV4 query signature; the secret never leaves the main process). S3 allows
     * at most 7 days; with temporary credentials the link dies with the session.
     */
    presign(input: ObjectRef & { expiresInSeconds: number }): Promise<{ url: string; expiresAt: string }>;
    /**
     * Replaces the latest version's headers and user metadata the way S3 allows: a copy of the object onto itself
     * (CopyObject, MetadataDirective REPLACE), so it fires ObjectCreated:Copy and, with versioning, makes a new
     * version. `etag` is the one the user edited: if the object changed since, PreconditionFailed.
     */
    updateProperties(input: BucketRef & { key: string; etag: string; properties: ObjectProperties }): Promise<void>;
    /** The start of an object as text, for a quick look (at most PREVIEW_BYTES; `binary` when it is not UTF-8 text). */
    preview(input: ObjectRef): Promise<ObjectPreview>;
    /** The object's (or version's) tags, in the order S3 returns them. */
    getTags(input: ObjectRef): Promise<ObjectTag[]>;
    /** Replaces all of its tags (PutObjectTagging); an empty list removes them (DeleteObjectTagging). */
    setTags(input: ObjectRef & { tags: ObjectTag[] }): Promise<void>;
  };
  transfers: {
    list(): Promise<TransferDto[]>;
    /**
     * Electron: upload local files by path (paths come from native dialogs or drops). `skip`: keys (as planUpload
     * names them) to leave out, the answer "Skip existing" to the replace question.
     */
    uploadPaths(input: BucketRef & { prefix: string; paths: string[]; skip?: string[] | undefined }): Promise<TransferDto[]>;
    /**
     * Electron: the keys uploadPaths would write for these paths (folders expanded), without uploading, so the
     * window can ask before objects are replaced, as it does for browser uploads.
     */
    planUpload(input: BucketRef & { prefix: string; paths: string[] }): Promise<{ keys: string[] }>;
    /**
     * Electron: downloads objects into a local folder (from desktop.openDialog 'download-folder'), each to
     * `directory/<key minus prefix>` (minus its folder part, up to the last `/`); a key ending in `/` means
     * everything under it; `objects` omitted means everything under `prefix`. Unsafe names are rewritten,
     * existing files get ` (1)`.
     */
    downloadTo(
      input: BucketRef & { objects?: { key: string; versionId?: string | undefined }[] | undefined; prefix: string; directory: string },
    ): Promise<TransferDto[]>;
    cancel(input: { id: string }): Promise<void>;
    clearFinished(): Promise<void>;
    /**
     * Cancels every queued and running transfer in one request (queued ones first, so none starts in the place
     * of a running one being cancelled); resolves with how many it cancelled.
     */
    cancelAll(): Promise<{ cancelled: number }>;
  };
  server: {
    status(): Promise<LocalServerStatus>;
    /** The embedded server's secret, shown on demand (it only guards a loopback server). */
    revealSecret(): Promise<{ secretAccessKey: string }>;
    /** The webhook receiver's bearer token, shown on demand (to paste into a server's notification target). */
    revealWebhookToken(): Promise<{ token: string }>;
  };
  timeline: {
    list(input: { afterSeq?: number | undefined; limit?: number | undefined }): Promise<TimelineRecord[]>;
    clear(): Promise<void>;
  };
  triggers: {
    list(input?: { connectionId?: string | undefined; bucket?: string | undefined } | undefined): Promise<TriggerDto[]>;
    /** Rejects (Conflict) a trigger whose event types and prefix/suffix overlap another of the bucket's, naming it. */
    save(input: TriggerInput): Promise<TriggerDto>;
    remove(input: { id: string }): Promise<void>;
    setEnabled(input: { id: string; enabled: boolean }): Promise<TriggerDto>;
  };
  functions: {
    list(): Promise<FunctionDto[]>;
    save(input: FunctionInput): Promise<FunctionDto>;
    remove(input: { id: string }): Promise<void>;
    /**
     * Runs the function once with a synthetic event in the chosen dialect. The timeline gets an action (`test` set),
     * the sample event (source 'test', the payload as the handler got it) and this execution under them.
     */
    invoke(input: InvokeInput): Promise<ExecutionRecord>;
    /** Ends the function's test runs in progress (each invoke then resolves as an error saying it was stopped). */
    stopTests(input: { id: string }): Promise<{ stopped: number }>;
    runtimes(): Promise<RuntimeAvailability[]>;
    /** A new Node.js/Python function with a starter handler written to `<dataDir>/functions/<name>/` (or an empty `path`). */
    scaffold(input: ScaffoldInput): Promise<FunctionDto>;
    /** The function's files and its handler file's text. */
    readCode(input: { id: string }): Promise<FunctionCode>;
    /** Text files under the function's folder only (InvalidInput for paths leading out, binaries, > 1 MiB). */
    readFile(input: { id: string; path: string }): Promise<{ path: string; content: string }>;
    /** Same limits; warm instances are dropped, so the next run is cold with the new code. */
    writeFile(input: { id: string; path: string; content: string }): Promise<{ path: string; size: number }>;
  };
  deliveries: {
    deadLetters(): Promise<DeadLetterDto[]>;
    redeliver(input: { id: string }): Promise<void>;
    discard(input: { id: string }): Promise<void>;
  };
  settings: {
    /** Current settings, their defaults, where data lives, and changes waiting for a restart. */
    get(): Promise<SettingsView>;
    /** Any subset of sections and fields; validated against shared/settings.ts. */
    update(input: SettingsPatch): Promise<SettingsView>;
    reset(): Promise<SettingsView>;
  };
  desktop: {
    /** Electron only (browser mode answers Unavailable): a native open dialog; [] when cancelled. */
    openDialog(input: { purpose: 'upload-files' | 'upload-folder' | 'download-folder' }): Promise<{ paths: string[] }>;
    /** Electron only: shows the log file or the data folder in the OS file manager. */
    reveal(input: { location: 'logs' | 'data' }): Promise<void>;
  };
}

export interface AppEvents {
  timeline: TimelineRecord;
  transfer: TransferDto;
  connections: { changed: true };
  server: LocalServerStatus;
  /** Settings changed (from any window, or a reset): the renderer re-applies the theme and refreshes its screen. */
  settings: AppSettings;
  /** A bucket's triggers changed: saved in the app, or by PutBucketNotificationConfiguration from another S3 client. */
  triggers: { connectionId: string; bucket: string };
}

export type EventName = keyof AppEvents;
export type PushEvent = { [N in EventName]: { seq: number; name: N; payload: AppEvents[N] } }[EventName];

type Namespace = keyof AppApi;
export type MethodId = { [N in Namespace]: `${N}.${keyof AppApi[N] & string}` }[Namespace];
type MethodOf<M extends MethodId> = M extends `${infer N extends Namespace}.${infer F}`
  ? F extends keyof AppApi[N]
    ? AppApi[N][F]
    : never
  : never;
export type MethodInput<M extends MethodId> = MethodOf<M> extends (...args: infer A) => unknown ? A[0] : never;
export type MethodResult<M extends MethodId> = MethodOf<M> extends (...args: never[]) => Promise<infer R> ? R : never;

const id = z.string().min(1).max(200);
const bucketName = z.string().min(1).max(255);
const key = z.string().min(1).max(1024);
const optVersion = z.string().max(1024).optional();
const none = z.undefined();
const bucketRef = z.object({ connectionId: id, bucket: bucketName }).strict();
/** S3's tag rules: at most 10, unique keys, letters/digits/spaces and + - = . _ : / @ (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html). */
const tagText = /^[\p{L}\p{N}\s+\-=._:/@]*$/u;
const objectTagsSchema = z
  .array(
    z
      .object({
        key: z.string().min(1, 'A tag needs a key').max(128).regex(tagText, 'Tag keys may hold letters, digits, spaces and + - = . _ : / @'),
        value: z.string().max(256).regex(tagText, 'Tag values may hold letters, digits, spaces and + - = . _ : / @'),
      })
      .strict(),
  )
  .max(10, 'An object has at most 10 tags')
  .refine((tags) => new Set(tags.map((t) => t.key)).size === tags.length, { message: 'Each tag key may appear only once' });
/** Header values S3 stores as sent: printable ASCII (the SDK does not encode anything else for us). */
const headerValue = (name: string) => z.string().max(1024).regex(/^[\x20-\x7e]*$/, `${name} may only hold printable ASCII characters`);
/** User metadata: header-token names, at most 2 KB of names and values together (S3's limit). */
const objectPropertiesSchema = z
  .object({
    contentType: headerValue('Content type').regex(/^$|^[\w.+-]+\/[\w.+-]+( *;.*)?$/, 'Content type must look like type/subtype, e.g. text/plain'),
    cacheControl: headerValue('Cache-Control').optional(),
    contentDisposition: headerValue('Content-Disposition').optional(),
    contentEncoding: headerValue('Content-Encoding').optional(),
    metadata: z.record(z.string().min(1).max(128).regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Metadata names are single words: no spaces, colons or other separators'), headerValue('Metadata values')),
  })
  .strict()
  .refine((p) => Object.entries(p.metadata).reduce((n, [k, v]) => n + k.length + v.length, 0) <= 2048, { message: 'User metadata is limited to 2 KB (names and values together)', path: ['metadata'] });

const connectionInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1, 'Name is required').max(100),
    provider: z.enum(PROVIDERS),
    endpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'Endpoint must be an http(s) URL' })]),
    region: z.string().trim().max(64),
    forcePathStyle: z.boolean(),
    checksumMode: z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED']),
    accessKeyId: z.string().trim().min(1, 'Access key id is required').max(256),
    secretAccessKey: z.string().min(1).max(1024).optional(),
    sessionToken: z.string().max(8192).optional(),
    eventSource: z.enum(REMOTE_EVENT_SOURCES).optional(),
    caCertificate: z.string().max(65_536, 'Trusted certificates are limited to 64 KB of PEM text').optional(),
    copySecretsFrom: id.optional(),
  })
  .strict();

/** Runtime table of every method and its input schema; the single source for preload, dispatcher and client. */
export const METHODS = {
  'app.info': none,
  'app.missedEvents': z.object({ afterSeq: z.number().int().min(0) }).strict(),
  'connections.list': none,
  'connections.presets': none,
  'connections.save': connectionInput,
  'connections.remove': z.object({ id }).strict(),
  'connections.test': z.union([z.object({ id }).strict(), z.object({ connection: connectionInput }).strict()]),
  'buckets.list': z.object({ connectionId: id }).strict(),
  'buckets.create': bucketRef.extend({ region: z.string().max(64).optional() }).strict(),
  'buckets.remove': bucketRef,
  'buckets.getVersioning': bucketRef,
  'buckets.setVersioning': bucketRef.extend({ state: z.enum(['Enabled', 'Suspended']) }).strict(),
  'buckets.listUploads': bucketRef,
  'buckets.abortUploads': bucketRef
    .extend({ uploads: z.array(z.object({ key, uploadId: z.string().min(1).max(1024) }).strict()).min(1).max(MAX_LISTED_UPLOADS) })
    .strict(),
  'objects.list': bucketRef
    .extend({
      prefix: z.string().max(1024),
      delimiter: z.string().max(8).optional(),
      token: z.string().max(4096).optional(),
      maxKeys: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'objects.head': bucketRef.extend({ key, versionId: optVersion }).strict(),
  'objects.listVersions': bucketRef
    .extend({ prefix: z.string().max(1024), keyMarker: z.string().max(1024).optional(), versionIdMarker: optVersion })
    .strict(),
  'objects.remove': bucketRef
    .extend({ objects: z.array(z.object({ key, versionId: optVersion }).strict()).min(1).max(100_000) })
    .strict(),
  'objects.copy': z
    .object({
      connectionId: id,
      from: z.object({ bucket: bucketName, key, versionId: optVersion }).strict(),
      to: z.object({ bucket: bucketName, key }).strict(),
    })
    .strict(),
  'objects.createFolder': bucketRef.extend({ prefix: key }).strict(),
  'objects.updateProperties': bucketRef
    .extend({ key, etag: z.string().min(1).max(128), properties: objectPropertiesSchema })
    .strict(),
  'objects.preview': bucketRef.extend({ key, versionId: optVersion }).strict(),
  'objects.getTags': bucketRef.extend({ key, versionId: optVersion }).strict(),
  'objects.setTags': bucketRef.extend({ key, versionId: optVersion, tags: objectTagsSchema }).strict(),
  'objects.presign': bucketRef
    .extend({ key, versionId: optVersion, expiresInSeconds: z.number().int().min(1).max(MAX_PRESIGN_SECONDS, 'A presigned link lasts at most 7 days') })
    .strict(),
  'transfers.list': none,
  'transfers.uploadPaths': bucketRef
    .extend({
      prefix: z.string().max(1024),
      paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
      skip: z.array(key).max(MAX_SKIPPED_KEYS).optional(),
    })
    .strict(),
  'transfers.planUpload': bucketRef
    .extend({ prefix: z.string().max(1024), paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) })
    .strict(),
  'transfers.downloadTo': bucketRef
    .extend({
      objects: z.array(z.object({ key, versionId: optVersion }).strict()).min(1).max(10_000).optional(),
      prefix: z.string().max(1024),
      directory: z.string().min(1).max(4096),
    })
    .strict(),
  'transfers.cancel': z.object({ id }).strict(),
  'transfers.clearFinished': none,
  'transfers.cancelAll': none,
  'server.status': none,
  'server.revealSecret': none,
  'server.revealWebhookToken': none,
  'timeline.list': z
    .object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(50_000).optional() })
    .strict(),
  'timeline.clear': none,
  'triggers.list': triggerListSchema,
  'triggers.save': triggerInputSchema,
  'triggers.remove': idInputSchema,
  'triggers.setEnabled': setEnabledSchema,
  'functions.list': none,
  'functions.save': functionInputSchema,
  'functions.remove': idInputSchema,
  'functions.invoke': invokeInputSchema,
  'functions.stopTests': idInputSchema,
  'functions.runtimes': none,
  'functions.scaffold': scaffoldSchema,
  'functions.readCode': readCodeSchema,
  'functions.readFile': readFileSchema,
  'functions.writeFile': writeFileSchema,
  'deliveries.deadLetters': none,
  'deliveries.redeliver': idInputSchema,
  'deliveries.discard': idInputSchema,
  'settings.get': none,
  'settings.update': settingsPatchSchema,
  'settings.reset': none,
  'desktop.openDialog': z.object({ purpose: z.enum(['upload-files', 'upload-folder', 'download-folder']) }).strict(),
  'desktop.reveal': z.object({ location: z.enum(['logs', 'data']) }).strict(),
} satisfies { [M in MethodId]: z.ZodType<MethodInput<M>> };

export const METHOD_IDS = Object.keys(METHODS) as MethodId[];

export function isMethodId(value: unknown): value is MethodId {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}
