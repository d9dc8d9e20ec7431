// An in-memory AppApi for component tests and the dev-only `?fake` preview. It is not a mock of S3: it
// keeps just enough state (connections, buckets, keys, timeline) for the UI to be exercised end to end.
import type { AppApi, PushEvent, AppEvents, EventName } from '../../../../electron/shared/contract.ts';
import type {
  ConnectionDto,
  ConnectionInput,
  ObjectEntry,
  ProviderPreset,
  TransferDto,
  VersionEntry,
  VersioningState,
} from '../../../../electron/shared/dto.ts';
import { AppError } from '../../../../electron/shared/errors.ts';
import type { DeadLetterDto, FunctionDto, TriggerDto } from '../../../../electron/shared/triggers.ts';
import { DEFAULT_SETTINGS, type AppSettings, type SettingsView } from '../../../../electron/shared/settings.ts';
import type { TimelineRecord } from '../../../../electron/shared/timeline.ts';

type NewRecord = TimelineRecord extends infer R ? (R extends TimelineRecord ? Omit<R, 'seq'> : never) : never;

export const FAKE_PRESETS: ProviderPreset[] = [
  { id: 'aws', label: 'AWS S3', endpoint: '', region: 'us-east-1', forcePathStyle: false, checksumMode: 'WHEN_SUPPORTED', dialect: 's3', help: 'Leave the endpoint empty for AWS.' },
  { id: 'cos', label: 'Tencent COS', endpoint: 'https://cos.{region}.myqcloud.com', region: 'ap-guangzhou', forcePathStyle: false, checksumMode: 'WHEN_REQUIRED', dialect: 'cos', help: 'Use a SecretId/SecretKey pair.' },
  { id: 'minio', label: 'MinIO', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
  { id: 'r2', label: 'Cloudflare R2', endpoint: 'https://{account}.r2.cloudflarestorage.com', region: 'auto', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
  { id: 'ceph', label: 'Ceph RGW', endpoint: 'http://127.0.0.1:7480', region: 'default', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
  { id: 'b2', label: 'Backblaze B2', endpoint: 'https://s3.{region}.backblazeb2.com', region: 'us-west-004', forcePathStyle: false, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
  { id: 'wasabi', label: 'Wasabi', endpoint: 'https://s3.{region}.wasabisys.com', region: 'us-east-1', forcePathStyle: false, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
  { id: 'custom', label: 'Custom S3-compatible', endpoint: '', region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', dialect: 's3', help: '' },
];

interface FakeObject extends ObjectEntry {
  contentType: string;
  metadata: Record<string, string>;
}

interface FakeBucket {
  createdAt: string;
  versioning: VersioningState;
  objects: Map<string, FakeObject>;
  /** Versioned buckets: keys whose latest version is a delete marker, with the version it hides. */
  deleted: Map<string, FakeObject>;
}

export interface FakeOptions {
  /** Start with the sample data set (several buckets, a 20,000-key folder, a timeline). */
  sample?: boolean;
}

const T0 = Date.parse('2026-11-27T10:20:00.000Z');
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

export class FakeBackend {
  connections: ConnectionDto[] = [];
  secrets = new Map<string, string>();
  stores = new Map<string, Map<string, FakeBucket>>();
  timeline: TimelineRecord[] = [];
  transfers: TransferDto[] = [];
  events: PushEvent[] = [];
  listeners = new Set<(e: PushEvent) => void>();
  calls: { method: string; input: unknown }[] = [];
  triggers: TriggerDto[] = [];
  functions: FunctionDto[] = [];
  /** Function code by function id: relative path -> text (the first file is the handler's). */
  code = new Map<string, Map<string, string>>();
  deadLetters: DeadLetterDto[] = [];
  settings: AppSettings = structuredClone(DEFAULT_SETTINGS);
  #seq = 0;
  #recordSeq = 0;
  #ids = 0;

  constructor(options: FakeOptions = {}) {
    this.connections.push({
      id: 'local', name: 'Local', provider: 'local', endpoint: 'http://127.0.0.1:9500', region: 'us-east-1',
      forcePathStyle: true, checksumMode: 'WHEN_SUPPORTED', accessKeyId: 'local-key', secretHint: '••••e7Qa', hasSessionToken: false, builtin: true, eventSource: 'embedded',
    });
    this.stores.set('local', new Map());
    if (options.sample) this.#sample();
  }

  emit<N extends EventName>(name: N, payload: AppEvents[N]): void {
    const event = { seq: ++this.#seq, name, payload } as PushEvent;
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  addBucket(connectionId: string, name: string, versioning: VersioningState = 'Unversioned'): FakeBucket {
    const bucket: FakeBucket = { createdAt: iso(-86_400_000 * 3), versioning, objects: new Map(), deleted: new Map() };
    this.#store(connectionId).set(name, bucket);
    return bucket;
  }

  putObject(connectionId: string, bucket: string, key: string, size = 1024, at = 0, storageClass = 'STANDARD'): void {
    const b = this.#bucket(connectionId, bucket);
    const etag = hash(key + size);
    b.objects.set(key, {
      key, size, lastModified: iso(at), etag, storageClass,
      contentType: key.endsWith('.jpg') ? 'image/jpeg' : key.endsWith('.png') ? 'image/png' : key.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      metadata: key.endsWith('.jpg') ? { camera: 'X100V', album: '2026' } : {},
    });
  }

  record(rec: NewRecord): TimelineRecord {
    const full = { ...rec, seq: ++this.#recordSeq } as TimelineRecord;
    this.timeline.push(full);
    this.emit('timeline', full);
    return full;
  }

  #store(connectionId: string): Map<string, FakeBucket> {
    const store = this.stores.get(connectionId);
    if (!store) throw new AppError({ code: 'NotFound', message: `No connection ${connectionId}` });
    return store;
  }

  #bucket(connectionId: string, name: string): FakeBucket {
    const bucket = this.#store(connectionId).get(name);
    if (!bucket) throw new AppError({ code: 'NoSuchBucket', message: `The bucket ${name} does not exist.`, hint: 'Refresh the bucket list.', status: 404 });
    return bucket;
  }

  #sample() {
    this.connections.push(
      { id: 'aws-prod', name: 'AWS prod', provider: 'aws', endpoint: '', region: 'eu-west-1', forcePathStyle: false, checksumMode: 'WHEN_SUPPORTED', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretHint: '••••EKEY', hasSessionToken: false, builtin: false, eventSource: 'observed' },
      { id: 'cos-gz', name: 'COS gz', provider: 'cos', endpoint: 'https://cos.ap-guangzhou.myqcloud.com', region: 'ap-guangzhou', forcePathStyle: false, checksumMode: 'WHEN_REQUIRED', accessKeyId: 'AKIDexample', secretHint: '••••x9Zt', hasSessionToken: false, builtin: false, eventSource: 'webhook' },
    );
    this.stores.set('aws-prod', new Map());
    this.stores.set('cos-gz', new Map());
    this.addBucket('aws-prod', 'prod-assets');
    this.addBucket('local', 'photos', 'Enabled');
    this.addBucket('local', 'logs');
    this.addBucket('local', 'thumbs');
    this.addBucket('local', 'big');
    const photos = [
      ['albums/2026/cat 1.jpg', 48_213], ['albums/2026/dog.png', 1_254_000], ['albums/2026/raw/IMG_0001.dng', 24_000_000],
      ['albums/2025/beach.jpg', 2_300_000], ['albums/2025/snow.jpg', 1_900_000], ['albums/index.json', 912], ['README.txt', 120],
    ] as const;
    photos.forEach(([key, size], i) => this.putObject('local', 'photos', key, size, -i * 60_000));
    for (let d = 0; d < 30; d++) this.putObject('local', 'logs', `2026/11/${String(d + 1).padStart(2, '0')}/app.log`, 10_000 + d * 137, -d * 86_400_000, 'STANDARD_IA');
    for (let i = 0; i < 20_000; i++) this.putObject('local', 'big', `keys/item-${String(i).padStart(5, '0')}.json`, 200 + (i % 977), -i * 1000);

    const act = (n: number, op: string, key: string, ok: boolean, status: 'success' | 'error' | 'timeout', cold: boolean, ms: number) => {
      const actionId = `a${n}`;
      this.record({ type: 'action', actionId, actor: n === 3 ? 'external' : 'app', operation: op, connectionId: 'local', bucket: 'photos', key, result: ok ? 'ok' : 'error', time: iso(n * 1000), durationMs: 14 });
      const eventName = op === 'DeleteObject' ? 'cos:ObjectRemove:DeleteMarkerCreated' : 'cos:ObjectCreated:Put';
      const eventId = `e${n}`;
      this.record({ type: 'event', eventId, actionId, connectionId: 'local', eventName, bucket: 'photos', key, source: 'embedded', triggerId: 't1', time: iso(n * 1000 + 3),
        payload: { Records: [{ cos: { cosSchemaVersion: '1.0', cosObject: { key: `/1250000000/photos/${key}`, size: 48213 }, cosBucket: { name: 'photos' } }, event: { eventName, eventVersion: '1.0', eventTime: Math.floor((T0 + n * 1000) / 1000) } }] } });
      this.record({ type: 'execution', executionId: `x${n}`, eventId, actionId, function: 'thumbnailer', functionId: 'f1', triggerId: 't1', attempt: 1, status, cold,
        initDurationMs: cold ? 84 : undefined, startedAt: iso(n * 1000 + 5), durationMs: ms, time: iso(n * 1000 + 5 + ms),
        logs: status === 'success' ? [`${iso(n * 1000 + 6)} resizing ${key}`, `${iso(n * 1000 + 9)} wrote thumbs/${key}`] : [`${iso(n * 1000 + 6)} resizing ${key}`, `${iso(n * 1000 + 8)} Error: unsupported image format`],
        result: status === 'success' ? `wrote thumbs/${key}` : undefined,
        error: status === 'error' ? { message: 'unsupported image format', stack: 'Error: unsupported image format\n    at main_handler (index.js:12:11)' } : undefined,
        note: status === 'error' ? 'next try (2 of 3) in 1000 ms' : undefined } as NewRecord);
    };
    act(1, 'PutObject', 'albums/2026/cat 1.jpg', true, 'success', true, 112);
    act(2, 'PutObject', 'albums/2026/dog.png', true, 'error', false, 9);
    act(3, 'PutObject', 'albums/2025/beach.jpg', true, 'success', false, 12);
    act(4, 'DeleteObject', 'albums/2025/old.jpg', true, 'timeout', false, 3000);
    this.functions.push(
      { id: 'f1', name: 'thumbnailer', runtime: 'nodejs', path: '/home/user/functions/thumbnailer', handler: 'index.main_handler', timeoutMs: 3000, memoryMb: 128, concurrency: 10, env: { THUMB_BUCKET: 'thumbs' }, createdAt: iso(-86_400_000) },
      { id: 'f2', name: 'audit', runtime: 'python', path: '/home/user/functions/audit', handler: 'index.main_handler', timeoutMs: 3000, memoryMb: 128, concurrency: 10, env: {}, createdAt: iso(-86_400_000) },
      { id: 'f3', name: 'notify-slack', runtime: 'webhook', url: 'https://hooks.example.com/services/T000/B000', headers: {}, timeoutMs: 5000, memoryMb: 128, concurrency: 4, env: {}, createdAt: iso(-86_400_000) },
    );
    this.code.set('f1', new Map([
      ['index.mjs', "import { summarise } from './lib/summary.mjs';\n\nexport async function main_handler(event, context) {\n  for (const r of event.Records ?? []) {\n    console.log(r.event?.eventName ?? r.eventName, summarise(r));\n  }\n  return { ok: true };\n}\n"],
      ['lib/summary.mjs', "export const summarise = (r) => r.cos?.cosObject?.key ?? r.s3?.object?.key;\n"],
      ['package.json', '{\n  "type": "module"\n}\n'],
    ]));
    this.code.set('f2', new Map([['index.py', 'def main_handler(event, context):\n    print(event)\n    return {"ok": True}\n']]));
    this.triggers.push(
      { id: 't1', name: 'thumbnails', connectionId: 'local', bucket: 'photos', events: ['cos:ObjectCreated:*'], prefix: 'albums/', suffix: '.jpg', format: 'cos', functionId: 'f1', enabled: true, createdAt: iso(-86_400_000) },
      { id: 't2', name: 'audit deletes', connectionId: 'local', bucket: 'photos', events: ['cos:ObjectRemove:*'], prefix: '', suffix: '', format: 'cos', functionId: 'f2', enabled: false, createdAt: iso(-86_400_000) },
    );
    this.deadLetters.push({ id: 'd1', functionId: 'f1', function: 'thumbnailer', triggerId: 't1', eventId: 'e2', eventName: 'cos:ObjectCreated:Put', bucket: 'photos', key: 'albums/2026/dog.png', payload: { Records: [] }, attempts: 3, lastStatus: 'error', lastError: 'unsupported image format', failedAt: iso(9000), actionId: 'a2' });
    this.transfers.push(
      { id: 'tr1', kind: 'upload', connectionId: 'local', bucket: 'photos', key: 'albums/2026/cat 1.jpg', loaded: 48_213, total: 48_213, state: 'done', startedAt: iso(0), finishedAt: iso(900) },
      { id: 'tr2', kind: 'upload', connectionId: 'local', bucket: 'photos', key: 'albums/2026/raw/IMG_0002.dng', loaded: 9_400_000, total: 24_000_000, state: 'running', startedAt: iso(2000) },
      { id: 'tr3', kind: 'download', connectionId: 'aws-prod', bucket: 'prod-assets', key: 'site/app.js', loaded: 0, total: 320_000, state: 'failed', startedAt: iso(3000), error: { code: 'AccessDenied', message: 'Access denied to prod-assets/site/app.js', hint: 'Check the key policy allows s3:GetObject.' } },
    );
  }

  #settingsView(): SettingsView {
    const pending: string[] = [];
    if (this.settings.server.port !== DEFAULT_SETTINGS.server.port) pending.push('server.port');
    if (this.settings.server.dataDir !== DEFAULT_SETTINGS.server.dataDir) pending.push('server.dataDir');
    return {
      settings: structuredClone(this.settings),
      defaults: structuredClone(DEFAULT_SETTINGS),
      locations: { dataDir: '/home/user/.config/bucketscope', settingsFile: '/home/user/.config/bucketscope/config.json', logsDir: null, serverDataDir: '/home/user/.config/bucketscope/server', secretStorage: 'AES-256-GCM key file (browser mode)' },
      pendingRestart: pending,
    };
  }

  readonly api: AppApi = {
    app: {
      info: async () => ({ name: 'Bucketscope', version: '0.1.0', mode: 'browser', platform: 'linux', dataDir: '/home/user/.config/bucketscope' }),
      missedEvents: async ({ afterSeq }) => this.events.filter((e) => e.seq > afterSeq),
    },
    connections: {
      list: async () => this.connections.map((c) => ({ ...c })),
      presets: async () => FAKE_PRESETS,
      save: async (input: ConnectionInput) => {
        const existing = input.id ? this.connections.find((c) => c.id === input.id) : undefined;
        if (existing?.builtin) throw new AppError({ code: 'InvalidInput', message: 'The Local connection cannot be edited.' });
        if (!existing && !input.secretAccessKey) {
          throw new AppError({ code: 'InvalidInput', message: 'Secret access key is required', fields: { secretAccessKey: 'Secret access key is required' } });
        }
        const id = existing?.id ?? `c${++this.#ids}`;
        if (input.secretAccessKey) this.secrets.set(id, input.secretAccessKey);
        const secret = this.secrets.get(id) ?? '';
        const dto: ConnectionDto = {
          id, name: input.name, provider: input.provider, endpoint: input.endpoint, region: input.region, forcePathStyle: input.forcePathStyle,
          checksumMode: input.checksumMode, accessKeyId: input.accessKeyId, secretHint: secret ? `••••${secret.slice(-4)}` : existing?.secretHint ?? '',
          hasSessionToken: input.sessionToken === undefined ? existing?.hasSessionToken ?? false : input.sessionToken !== '', builtin: false,
          eventSource: input.eventSource ?? (existing?.eventSource === 'embedded' ? undefined : existing?.eventSource) ?? 'observed',
        };
        if (existing) Object.assign(existing, dto);
        else {
          this.connections.push(dto);
          this.stores.set(id, new Map());
        }
        this.emit('connections', { changed: true });
        return dto;
      },
      remove: async ({ id }) => {
        this.connections = this.connections.filter((c) => c.id !== id);
        this.emit('connections', { changed: true });
      },
      test: async (input) => {
        const conn = 'id' in input ? this.connections.find((c) => c.id === input.id) : input.connection;
        if (conn?.endpoint.includes('unreachable')) {
          return { ok: false, latencyMs: 0, error: { code: 'Unreachable', message: `Could not reach ${conn.endpoint}`, hint: 'Check the endpoint address and that the server is running.' } };
        }
        if ('connection' in input && input.connection.secretAccessKey === 'wrong') {
          return { ok: false, latencyMs: 31, error: { code: 'SignatureDoesNotMatch', message: 'The secret access key is wrong (SignatureDoesNotMatch).', hint: 'Re-enter the secret key for this access key id.' } };
        }
        return { ok: true, latencyMs: 42, bucketCount: 3 };
      },
    },
    buckets: {
      list: async ({ connectionId }) => {
        if (connectionId === 'cos-gz') throw new AppError({ code: 'Unreachable', message: 'Could not reach cos.ap-guangzhou.myqcloud.com', hint: 'Check your network or the endpoint.' });
        return [...this.#store(connectionId)].map(([name, b]) => ({ name, createdAt: b.createdAt })).sort((a, b) => a.name.localeCompare(b.name));
      },
      create: async ({ connectionId, bucket }) => {
        if (this.#store(connectionId).has(bucket)) throw new AppError({ code: 'BucketAlreadyOwnedByYou', message: `You already own a bucket named ${bucket}.`, status: 409 });
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new AppError({ code: 'InvalidBucketName', message: 'Bucket names use 3–63 lowercase letters, digits, dots and hyphens.', status: 400 });
        this.addBucket(connectionId, bucket);
      },
      remove: async ({ connectionId, bucket }) => {
        const b = this.#bucket(connectionId, bucket);
        if (b.objects.size) throw new AppError({ code: 'BucketNotEmpty', message: `The bucket ${bucket} is not empty.`, hint: 'Delete its objects first.', status: 409 });
        this.#store(connectionId).delete(bucket);
      },
      getVersioning: async ({ connectionId, bucket }) => this.#bucket(connectionId, bucket).versioning,
      setVersioning: async ({ connectionId, bucket, state }) => {
        this.#bucket(connectionId, bucket).versioning = state;
      },
      // The fake has no multipart uploads.
      listUploads: async () => ({ uploads: [], more: false }),
      abortUploads: async ({ uploads }) => ({ aborted: uploads.length, errors: [] }),
    },
    objects: {
      list: async ({ connectionId, bucket, prefix, delimiter, token, maxKeys }) => {
        const b = this.#bucket(connectionId, bucket);
        const max = maxKeys ?? 1000;
        const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const start = token ? Number(token) : 0;
        const folders = new Set<string>();
        const objects: ObjectEntry[] = [];
        let i = start;
        for (; i < keys.length && folders.size + objects.length < max; i++) {
          const key = keys[i]!;
          const rest = key.slice(prefix.length);
          const cut = delimiter ? rest.indexOf(delimiter) : -1;
          if (cut >= 0) folders.add(prefix + rest.slice(0, cut + 1));
          else {
            const { contentType: _c, metadata: _m, ...entry } = b.objects.get(key)!;
            objects.push(entry);
          }
        }
        return { prefix, folders: [...folders], objects, ...(i < keys.length ? { nextToken: String(i) } : {}) };
      },
      head: async ({ connectionId, bucket, key }) => {
        const o = this.#bucket(connectionId, bucket).objects.get(key);
        if (!o) throw new AppError({ code: 'NoSuchKey', message: `${key} does not exist.`, status: 404 });
        return { key, size: o.size, lastModified: o.lastModified, etag: o.etag, contentType: o.contentType, storageClass: o.storageClass, metadata: o.metadata, versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' };
      },
      listVersions: async ({ connectionId, bucket, prefix }) => {
        const b = this.#bucket(connectionId, bucket);
        const versions: VersionEntry[] = [];
        for (const o of b.deleted.values()) {
          if (!o.key.startsWith(prefix)) continue;
          versions.push({ key: o.key, versionId: 'marker-' + o.etag.slice(0, 8), isLatest: true, isDeleteMarker: true, size: 0, lastModified: iso(60_000), etag: '' });
          versions.push({ key: o.key, versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', isLatest: false, isDeleteMarker: false, size: o.size, lastModified: o.lastModified, etag: o.etag });
        }
        for (const o of b.objects.values()) {
          if (!o.key.startsWith(prefix)) continue;
          versions.push({ key: o.key, versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', isLatest: true, isDeleteMarker: false, size: o.size, lastModified: o.lastModified, etag: o.etag });
          if (b.versioning !== 'Unversioned') {
            versions.push({ key: o.key, versionId: 'Qk9a1p2rXv0wYQ2m0b7sZ7', isLatest: false, isDeleteMarker: false, size: o.size - 100, lastModified: iso(-3_600_000), etag: hash(o.key) });
          }
        }
        return { versions };
      },
      remove: async ({ connectionId, bucket, objects }) => {
        const b = this.#bucket(connectionId, bucket);
        for (const o of objects) {
          if (o.versionId?.startsWith('marker-')) {
            // Removing the delete marker brings the hidden version back.
            const hidden = b.deleted.get(o.key);
            if (hidden) b.objects.set(o.key, hidden);
            b.deleted.delete(o.key);
            continue;
          }
          // An older version goes away without touching the current object.
          if (o.versionId && o.versionId !== '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY') continue;
          const gone = b.objects.get(o.key);
          if (gone && b.versioning === 'Enabled' && !o.versionId) b.deleted.set(o.key, gone);
          b.objects.delete(o.key);
        }
        return { removed: objects.length, errors: [] };
      },
      copy: async ({ connectionId, from, to }) => {
        const src = this.#bucket(connectionId, from.bucket).objects.get(from.key);
        if (!src) throw new AppError({ code: 'NoSuchKey', message: `${from.key} does not exist.` });
        this.#bucket(connectionId, to.bucket).objects.set(to.key, { ...src, key: to.key });
      },
      createFolder: async ({ connectionId, bucket, prefix }) => {
        this.putObject(connectionId, bucket, prefix.endsWith('/') ? prefix : `${prefix}/`, 0);
      },
      updateProperties: async ({ connectionId, bucket, key, properties }) => {
        const o = this.#bucket(connectionId, bucket).objects.get(key);
        if (!o) throw new AppError({ code: 'NoSuchKey', message: `${key} does not exist.`, status: 404 });
        o.contentType = properties.contentType;
        o.metadata = { ...properties.metadata };
      },
      preview: async ({ connectionId, bucket, key }) => {
        const o = this.#bucket(connectionId, bucket).objects.get(key);
        if (!o) throw new AppError({ code: 'NoSuchKey', message: `${key} does not exist.`, status: 404 });
        return { size: o.size, contentType: o.contentType, text: `(${o.size} bytes of ${key})`, binary: false, truncated: false };
      },
      getTags: async () => [],
      setTags: async () => undefined,
      presign: async ({ bucket, key, expiresInSeconds }) => ({
        url: `http://127.0.0.1:9000/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}?X-Amz-Expires=${expiresInSeconds}&X-Amz-Signature=fake`,
        expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
      }),
    },
    transfers: {
      list: async () => this.transfers.map((t) => ({ ...t })),
      uploadPaths: async () => [],
      // Files only (a fake has no disk to walk): `prefix + file name`, as main names a picked file.
      planUpload: async ({ prefix, paths }) => ({ keys: paths.map((p) => prefix + (p.split(/[\\/]/).pop() ?? p)) }),
      downloadTo: async () => [],
      cancel: async ({ id }) => {
        const t = this.transfers.find((x) => x.id === id);
        if (t) {
          t.state = 'cancelled';
          this.emit('transfer', { ...t });
        }
      },
      clearFinished: async () => {
        this.transfers = this.transfers.filter((t) => t.state === 'running' || t.state === 'queued');
      },
      cancelAll: async () => {
        const active = this.transfers.filter((t) => t.state === 'running' || t.state === 'queued');
        for (const t of [...active.filter((x) => x.state === 'queued'), ...active.filter((x) => x.state === 'running')]) {
          t.state = 'cancelled';
          this.emit('transfer', { ...t });
        }
        return { cancelled: active.length };
      },
    },
    server: {
      status: async () => ({
        running: true, endpoint: 'http://127.0.0.1:9500', region: 'us-east-1', accessKeyId: 'local-key', secretHint: '••••e7Qa', dataDir: '/home/user/.config/bucketscope/data',
        webhook: { running: true, baseUrl: 'http://127.0.0.1:9501', endpoint: 'http://127.0.0.1:9501/webhook/{connectionId}', tokenHint: '••••Hk2w' },
        listens: [],
      }),
      revealSecret: async () => ({ secretAccessKey: 'local-secret-e7Qa' }),
      revealWebhookToken: async () => ({ token: 'webhook-token-Hk2w' }),
    },
    triggers: {
      list: async (input) => this.triggers.filter((t) => (!input?.connectionId || t.connectionId === input.connectionId) && (!input?.bucket || t.bucket === input.bucket)),
      save: async (input) => {
        const clash = this.triggers.find((t) => t.id !== input.id && t.connectionId === input.connectionId && t.bucket === input.bucket && t.events.some((e) => input.events.includes(e)) && (input.prefix ?? '').startsWith(t.prefix) );
        if (clash) throw new AppError({ code: 'Conflict', message: `Overlaps trigger “${clash.name}” on ${clash.bucket}: same event types and overlapping prefix/suffix.`, hint: 'Narrow the prefix or suffix, or edit the other trigger.' });
        const existing = input.id ? this.triggers.find((t) => t.id === input.id) : undefined;
        const dto: TriggerDto = { id: existing?.id ?? `trigger-${++this.#ids}`, name: input.name || input.events.join(', '), connectionId: input.connectionId, bucket: input.bucket, events: input.events, prefix: input.prefix ?? '', suffix: input.suffix ?? '', format: input.format, functionId: input.functionId, enabled: input.enabled ?? true, createdAt: existing?.createdAt ?? new Date().toISOString() };
        if (existing) Object.assign(existing, dto);
        else this.triggers.push(dto);
        return dto;
      },
      remove: async ({ id }) => {
        this.triggers = this.triggers.filter((t) => t.id !== id);
      },
      setEnabled: async ({ id, enabled }) => {
        const t = this.triggers.find((x) => x.id === id);
        if (!t) throw new AppError({ code: 'NotFound', message: 'No such trigger' });
        t.enabled = enabled;
        return { ...t };
      },
    },
    functions: {
      list: async () => this.functions.map((f) => ({ ...f })),
      save: async (input) => {
        const existing = input.id ? this.functions.find((f) => f.id === input.id) : undefined;
        const dto: FunctionDto = { id: existing?.id ?? `function-${++this.#ids}`, name: input.name, runtime: input.runtime, path: input.path, handler: input.handler, url: input.url, headers: input.headers, timeoutMs: input.timeoutMs ?? 3000, memoryMb: input.memoryMb ?? 128, concurrency: input.concurrency ?? 10, env: input.env ?? {}, createdAt: existing?.createdAt ?? new Date().toISOString() };
        if (existing) Object.assign(existing, dto);
        else this.functions.push(dto);
        return dto;
      },
      remove: async ({ id }) => {
        this.functions = this.functions.filter((f) => f.id !== id);
      },
      stopTests: async () => ({ stopped: 0 }),
      invoke: async ({ id, event }) => {
        const f = this.functions.find((x) => x.id === id);
        if (!f) throw new AppError({ code: 'NotFound', message: 'No such function' });
        const now = new Date().toISOString();
        // Like the real service: the test's action, its sample event, then the execution under them.
        const actionId = `test-action${++this.#ids}`;
        const [bucket, key] = [event?.bucket ?? 'test-bucket', event?.key ?? 'test/hello world.txt'];
        this.record({ type: 'action', actionId, actor: 'app', operation: 'TestInvocation', connectionId: 'local', bucket, key, result: 'ok', time: now, test: { functionId: f.id, function: f.name } });
        this.record({ type: 'event', eventId: `test${this.#ids}`, actionId, connectionId: 'local', eventName: event?.type ?? 'cos:ObjectCreated:Put', bucket, key, source: 'test', time: now, payload: { Records: [{ bucket, key }] } });
        const rec = this.record({ type: 'execution', executionId: `inv${this.#ids}`, eventId: `test${this.#ids}`, actionId, function: f.name, functionId: f.id, triggerId: '', attempt: 1, status: 'success', cold: true, initDurationMs: 40, startedAt: now, durationMs: 5, time: now, logs: [`${now} event for ${bucket}/${key}`], result: { ok: true }, note: 'test invocation' });
        return rec as import('../../../../electron/shared/timeline.ts').ExecutionRecord;
      },
      runtimes: async () => [
        { runtime: 'nodejs', available: true, version: 'Node.js v20.20.0' },
        { runtime: 'python', available: true, version: 'Python 3.11.2' },
        { runtime: 'webhook', available: true },
      ],
      scaffold: async ({ name, runtime }) => {
        if (this.functions.some((f) => f.name === name)) throw new AppError({ code: 'Conflict', message: `A function named ${name} exists`, fields: { name: 'Name already used' } });
        const dto: FunctionDto = { id: `function-${++this.#ids}`, name, runtime, path: `/home/user/.config/bucketscope/functions/${name}`, handler: 'index.main_handler', timeoutMs: 3000, memoryMb: 128, concurrency: 10, env: {}, createdAt: new Date().toISOString() };
        this.functions.push(dto);
        this.code.set(dto.id, new Map([runtime === 'python' ? ['index.py', 'def main_handler(event, context):\n    print("starter")\n    return {"ok": True}\n'] : ['index.mjs', "export async function main_handler(event, context) {\n  console.log('starter');\n  return { ok: true };\n}\n"]]));
        return { ...dto };
      },
      readCode: async ({ id }) => {
        const f = this.functions.find((x) => x.id === id);
        const files = this.code.get(id);
        if (!f || !files) throw new AppError({ code: 'NotFound', message: `No function ${id}` });
        const entry = [...files.keys()][0] ?? '';
        return { root: f.path ?? '', files: [...files].map(([path, text]) => ({ path, size: new TextEncoder().encode(text).length })), truncated: false, entry, content: files.get(entry) ?? '' };
      },
      readFile: async ({ id, path }) => {
        const content = this.code.get(id)?.get(path);
        if (content === undefined) throw new AppError({ code: 'NotFound', message: `No file ${path} in the function folder` });
        return { path, content };
      },
      writeFile: async ({ id, path, content }) => {
        const files = this.code.get(id);
        if (!files) throw new AppError({ code: 'NotFound', message: `No function ${id}` });
        if (path.split('/').includes('..') || path.startsWith('/')) throw new AppError({ code: 'InvalidInput', message: `The path must stay inside the function folder: ${path}`, fields: { path: 'outside' } });
        files.set(path, content);
        return { path, size: new TextEncoder().encode(content).length };
      },
    },
    deliveries: {
      deadLetters: async () => this.deadLetters.map((d) => ({ ...d })),
      redeliver: async ({ id }) => {
        // As the engine does: the letter leaves the list and its event runs again, under the same event id.
        const d = this.deadLetters.find((x) => x.id === id);
        this.deadLetters = this.deadLetters.filter((x) => x.id !== id);
        if (d) {
          const now = new Date().toISOString();
          this.record({ type: 'execution', executionId: `redelivered-${id}`, eventId: d.eventId, actionId: d.actionId, function: d.function, functionId: d.functionId, triggerId: d.triggerId, attempt: 1, status: 'success', cold: false, startedAt: now, durationMs: 4, time: now, logs: [`${now} redelivered`] } as NewRecord);
        }
      },
      discard: async ({ id }) => {
        this.deadLetters = this.deadLetters.filter((d) => d.id !== id);
      },
    },
    settings: {
      get: async () => this.#settingsView(),
      update: async (patch) => {
        // Section by section, whatever sections the schema has.
        const merged: Record<string, unknown> = { ...this.settings };
        for (const [section, value] of Object.entries(patch)) {
          merged[section] = value !== null && typeof value === 'object' ? { ...(merged[section] as object), ...value } : value;
        }
        this.settings = merged as AppSettings;
        this.emit('settings', this.settings);
        return this.#settingsView();
      },
      reset: async () => {
        this.settings = structuredClone(DEFAULT_SETTINGS);
        this.emit('settings', this.settings);
        return this.#settingsView();
      },
    },
    desktop: {
      openDialog: async () => {
        throw new AppError({ code: 'Unavailable', message: 'Native dialogs exist only in the desktop app.' });
      },
      reveal: async () => {
        throw new AppError({ code: 'Unavailable', message: 'Only the desktop app can open the file manager.' });
      },
    },
    timeline: {
      list: async ({ afterSeq, limit }) => this.timeline.filter((r) => r.seq > (afterSeq ?? 0)).slice(-(limit ?? 50_000)),
      clear: async () => {
        this.timeline = [];
      },
    },
  };
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  const part = (h >>> 0).toString(16).padStart(8, '0');
  return (part + part.split('').reverse().join('') + part + part).slice(0, 32);
}
