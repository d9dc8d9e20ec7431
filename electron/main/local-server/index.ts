// The embedded S3-compatible server: the app's zero-setup "Local" connection and `npm run serve`.
//
//   const server = await startLocalServer({ dataDir, credentials: [{ accessKeyId, secretAccessKey }] });
//   server.endpoint                       // http://127.0.0.1:<port>, path-style (forcePathStyle: true)
//   const off = server.onEvent((e) => …)  // one BucketEvent per successful mutation (DESIGN.md §5)
//   server.getNotificationConfig('b')     // rules from PutBucketNotificationConfiguration, for the trigger engine
//   await server.close()
//
// Binds 127.0.0.1 only. Data lives under `dataDir` (see storage/disk-store.ts for the layout); object keys
// never become paths. Requests must be signed with SigV4 by one of `credentials`.
// Throughput: file I/O and fsync run on libuv's thread pool, whose default of 4 threads queues up concurrent
// clients; set UV_THREADPOOL_SIZE=16 in the environment of the process before it starts (scripts/serve.mjs does).
import { ensureWritableDir } from '../data-dir.ts';
import { resolve } from 'node:path';
import type { BucketEventListener } from '../../shared/bucket-event.ts';
import { S3HttpServer, type NotificationConfigListener } from './http-server.ts';
import type { DestinationCheck, NotificationConfiguration } from './notification-config.ts';
import { DiskObjectStore } from './storage/disk-store.ts';
import { lockDataDir } from './data-dir-lock.ts';

export { DataDirInUseError } from './data-dir-lock.ts';

export type { DestinationCheck, InvalidDestination, NotificationConfiguration, NotificationRule, NotificationTargetKind } from './notification-config.ts';
export { rulesConflict, filtersOverlap, eventTypesIntersect, validateNotificationConfiguration } from './notification-config.ts';
export type { NotificationConfigListener } from './http-server.ts';

export interface LocalServerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LocalServerOptions {
  /** Loopback only; the option exists to make that explicit. */
  host?: '127.0.0.1';
  /** 0 or absent: a random free port. */
  port?: number;
  /** Created if missing. */
  dataDir: string;
  /** Key pairs accepted for SigV4; at least one. */
  credentials: LocalServerCredentials[];
  /** Region reported by GetBucketLocation/HeadBucket; any region in a signature is accepted. Default us-east-1. */
  region?: string;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly dataDir: string;
  /** Stops accepting requests, closes connections and waits for pending writes. */
  close(): Promise<void>;
  /** Subscribes to BucketEvents (source 'embedded'); returns the unsubscribe function. */
  onEvent(listener: BucketEventListener): () => void;
  /** The bucket's notification configuration (empty rules when none was set); undefined if no such bucket. */
  getNotificationConfig(bucket: string): NotificationConfiguration | undefined;
  /** Every bucket's configuration, e.g. to seed the trigger engine at start-up. */
  listNotificationConfigs(): { bucket: string; config: NotificationConfiguration }[];
  /** Called after PutBucketNotificationConfiguration (and with undefined after DeleteBucket). */
  onNotificationConfigChange(listener: NotificationConfigListener): () => void;
  /**
   * Makes PutBucketNotificationConfiguration refuse destinations `check` reports (400 InvalidArgument, as S3 refuses
   * destinations it cannot validate); undefined removes it. Set by the trigger engine, which knows the functions.
   */
  setDestinationCheck(check: DestinationCheck | undefined): void;
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  if (!opts.credentials.length) throw new Error('startLocalServer needs at least one credential');
  const host = '127.0.0.1';
  if (opts.host !== undefined && opts.host !== host) throw new Error('the local server binds 127.0.0.1 only');
  const dataDir = resolve(opts.dataDir);
  // Fails fast (with the system's error code) on a folder that cannot be made or written to.
  await ensureWritableDir(dataDir);
  const region = opts.region ?? 'us-east-1';
  const secrets = new Map(opts.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const unlock = await lockDataDir(dataDir);
  const store = new DiskObjectStore(dataDir);
  let http: S3HttpServer;
  let address: { port: number };
  try {
    await store.open();
    http = new S3HttpServer({ store, lookup: (id) => secrets.get(id), region });
    address = await http.listen(opts.port ?? 0, host).catch(async (err: unknown) => {
      await store.close().catch(() => undefined);
      throw err;
    });
  } catch (err) {
    await unlock();
    throw err;
  }
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    region,
    dataDir,
    close: async () => {
      await http.close();
      await store.close();
      await unlock();
    },
    onEvent: (listener) => http.onEvent(listener),
    getNotificationConfig: (bucket) => store.getBucket(bucket)?.notification,
    listNotificationConfigs: () => store.listBuckets().map((b) => ({ bucket: b.name, config: b.notification })),
    onNotificationConfigChange: (listener) => http.onNotificationConfigChange(listener),
    setDestinationCheck: (check) => http.setDestinationCheck(check),
  };
}
