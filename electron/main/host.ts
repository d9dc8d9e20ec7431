// Composition root: builds every service with plain constructors. Runs under plain Node (browser mode,
// headless, tests) as well as inside Electron, which passes its platform adapters in `options`.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppApi } from '../shared/contract.ts';
import type { LocalServerStatus } from '../shared/dto.ts';
import { ConnectionStore } from './connections/connection-store.ts';
import { FileSecretStore } from './connections/file-secret-store.ts';
import type { SecretStore } from './connections/secret-store.ts';
import { startLocalServer, type LocalServer } from './local-server/index.ts';
import { TriggerEngine } from './notifications/engine.ts';
import { RemoteEventSources } from './notifications/remote-sources.ts';
import { createDispatcher, type Dispatch } from './rpc/dispatcher.ts';
import { EventHub } from './rpc/event-hub.ts';
import { S3ClientPool } from './s3-client/client-pool.ts';
import { TransferEngine } from './s3-client/transfer-engine.ts';
import { BucketsService } from './services/buckets-service.ts';
import { ConnectionsService } from './services/connections-service.ts';
import { DeliveriesService } from './services/deliveries-service.ts';
import { FunctionsService } from './services/functions-service.ts';
import { ObjectsService } from './services/objects-service.ts';
import { TimelineService } from './services/timeline-service.ts';
import { TransfersService } from './services/transfers-service.ts';
import { TriggersService } from './services/triggers-service.ts';
import { ConfSettingsStore, type SettingsStore } from './settings/settings-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import { createDesktopService, type DesktopAdapters } from './platform/desktop-service.ts';
import type { AppSettings } from '../shared/settings.ts';
import type { BrowserTransfers } from './web/transfer-endpoints.ts';

export interface HostOptions {
  /** Absolute directory for settings, secrets, embedded-server data and the timeline. */
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  /** Electron passes a safeStorage-backed store; plain Node uses the AES-GCM key file (weaker, documented). */
  secretStore?: SecretStore;
  /** Native dialogs and folder reveal (Electron only); browser mode answers Unavailable. */
  desktop?: DesktopAdapters;
  /** Where the main-process log file lives (Electron); null = the terminal. */
  logsDir?: string | null;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** Overrides the `events.missingAfterMs` setting (tests): when an expected server-delivered event is flagged missing. */
  missingEventAfterMs?: number;
}

export interface Host {
  api: AppApi;
  dispatch: Dispatch;
  hub: EventHub;
  /** Upload/download by stream, for browser mode's HTTP endpoints. */
  transfers: BrowserTransfers;
  settings: SettingsService;
  engine: TriggerEngine;
  localServer: LocalServer | undefined;
  close(): Promise<void>;
}

const LOCAL_KEY_SETTING = 'localServer.accessKeyId';
const LOCAL_SECRET_ID = 'local-server:secret-access-key';

/** The embedded server's key pair: generated on first start, then kept (the secret in the secret store). */
async function localCredentials(settings: SettingsStore, secrets: SecretStore) {
  let accessKeyId = settings.get<string>(LOCAL_KEY_SETTING);
  let secretAccessKey = accessKeyId === undefined ? undefined : await secrets.get(LOCAL_SECRET_ID);
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    accessKeyId = `BSLOCAL${randomBytes(6).toString('hex').toUpperCase()}`;
    secretAccessKey = randomBytes(30).toString('base64url');
    await secrets.set(LOCAL_SECRET_ID, secretAccessKey);
    settings.set(LOCAL_KEY_SETTING, accessKeyId);
  }
  return { accessKeyId, secretAccessKey };
}

function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const log = options.log ?? (() => {});
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true });

  const hub = new EventHub();
  const store = new ConfSettingsStore({ cwd: dataDir });
  const secrets = options.secretStore ?? new FileSecretStore({ dir: dataDir });
  const serverDataDir = (s: AppSettings) => s.server.dataDir || join(dataDir, 'server');
  const settings = new SettingsService({
    store,
    locations: (s) => ({
      dataDir,
      settingsFile: store.path,
      logsDir: options.logsDir ?? null,
      serverDataDir: serverDataDir(s),
      secretStorage: secrets.kind,
    }),
  });
  const initial = settings.current();
  settings.onChange((current) => hub.emit('settings', current));
  const retryDelays = (s: AppSettings) =>
    Array.from({ length: s.retries.attempts }, (_, i) => Math.round(s.retries.firstDelayMs * s.retries.multiplier ** i));
  const connections = new ConnectionStore({ settings: store, secrets });
  const pool = new S3ClientPool({ resolve: (id) => connections.resolve(id) });

  const engine = new TriggerEngine({
    dataDir: join(dataDir, 'triggers'),
    retryDelaysMs: retryDelays(initial),
    warn: (m) => log('warn', m),
    missingAfterMs: options.missingEventAfterMs ?? initial.events.missingAfterMs,
  });
  const recorder = engine.actions;
  engine.timeline.subscribe((record) => hub.emit('timeline', record));
  settings.onChange((current) => engine.dispatcher.setOptions({ retryDelaysMs: retryDelays(current) }));
  settings.onChange((current) => engine.correlator.setMissingAfter(options.missingEventAfterMs ?? current.events.missingAfterMs));

  // The embedded server is the zero-setup default. If it cannot start (port taken), the app still opens
  // and says why in the server status.
  const credentials = await localCredentials(store, secrets);
  let localServer: LocalServer | undefined;
  let serverError: string | undefined;
  try {
    localServer = await startLocalServer({
      dataDir: serverDataDir(initial),
      port: initial.server.port,
      credentials: [credentials],
    });
    // Server events run triggers; handlers get its endpoint and credentials; its bucket notification
    // configurations are the Local connection's triggers (both ways).
    engine.attachServer(localServer, credentials);
    connections.setBuiltin({ endpoint: localServer.endpoint, region: localServer.region, ...credentials });
  } catch (err) {
    serverError = err instanceof Error ? err.message : String(err);
    log('error', 'Embedded S3 server failed to start', err);
  }

  // Real notifications from remote servers (per connection's eventSource): the loopback webhook receiver on
  // a port and token that stay the same across restarts, correlator watches, MinIO ListenNotification
  // streams. Re-synced whenever connections or triggers change.
  const remoteSources = new RemoteEventSources({
    engine,
    connections,
    settings: store,
    secrets,
    onStatusChange: () => hub.emit('server', status()),
    log: (level, message) => log(level, message),
  });
  engine.triggers.onChange(() => void remoteSources.sync());
  // The window lists triggers again when aws-cli or a script sets a bucket's notification configuration.
  engine.triggers.onChange((change) => hub.emit('triggers', change));

  const status = (): LocalServerStatus => ({
    running: localServer !== undefined,
    endpoint: localServer?.endpoint ?? '',
    region: localServer?.region ?? 'us-east-1',
    accessKeyId: credentials.accessKeyId,
    secretHint: maskSecret(credentials.secretAccessKey),
    dataDir: serverDataDir(initial),
    ...(serverError !== undefined ? { error: serverError } : {}),
    webhook: remoteSources.status(),
    listens: remoteSources.listens(),
  });
  await remoteSources.start();

  const transferEngine = new TransferEngine({
    clients: pool,
    recorder,
    concurrency: initial.transfers.concurrency,
    partSize: initial.transfers.partSizeMiB * 1024 * 1024,
  });
  transferEngine.onChange((transfer) => hub.emit('transfer', transfer));
  const transfers = new TransfersService({ engine: transferEngine });

  const connectionsService = new ConnectionsService({ store: connections, pool, emit: (name, payload) => hub.emit(name, payload) });
  const api: AppApi = {
    app: {
      info: async () => ({ name: 'Bucketscope', version: options.version, mode: options.mode, platform: process.platform, dataDir }),
      missedEvents: async ({ afterSeq }) => hub.since(afterSeq),
    },
    connections: {
      list: () => connectionsService.list(),
      presets: () => connectionsService.presets(),
      test: (input) => connectionsService.test(input),
      // A saved or removed connection's event source is in effect (watches, streams) when the call returns.
      save: async (input) => {
        const dto = await connectionsService.save(input);
        await remoteSources.sync();
        return dto;
      },
      remove: async (input) => {
        await connectionsService.remove(input);
        await remoteSources.sync();
      },
    },
    buckets: new BucketsService({ clients: pool, recorder }),
    objects: new ObjectsService({ clients: pool, recorder }),
    transfers,
    server: {
      status: async () => status(),
      revealSecret: async () => ({ secretAccessKey: credentials.secretAccessKey }),
      revealWebhookToken: async () => ({ token: remoteSources.token() }),
    },
    timeline: new TimelineService({ timeline: engine.timeline }),
    triggers: new TriggersService({ engine }),
    functions: new FunctionsService({ engine, functionsDir: join(dataDir, 'functions') }),
    deliveries: new DeliveriesService({ engine }),
    settings,
    desktop: createDesktopService(options.desktop),
  };

  const dispatch = createDispatcher(api, (method, err) => log('error', `Unexpected error in ${method}`, err));

  return {
    api,
    dispatch,
    hub,
    transfers,
    settings,
    engine,
    localServer,
    close: async () => {
      await transferEngine.close();
      pool.destroy();
      await localServer?.close();
      await remoteSources.close();
      await engine.close();
    },
  };
}
