// Builds the S3-side services the way the host does, over in-memory settings and secrets.
import { ConnectionStore } from '../../../../electron/main/connections/connection-store.ts';
import { MemorySecretStore } from '../../../../electron/main/connections/secret-store.ts';
import { S3ClientPool } from '../../../../electron/main/s3-client/client-pool.ts';
import type { ClientTuning } from '../../../../electron/main/s3-client/create-client.ts';
import { TransferEngine } from '../../../../electron/main/s3-client/transfer-engine.ts';
import { BucketsService } from '../../../../electron/main/services/buckets-service.ts';
import { ConnectionsService } from '../../../../electron/main/services/connections-service.ts';
import { ObjectsService } from '../../../../electron/main/services/objects-service.ts';
import { TransfersService } from '../../../../electron/main/services/transfers-service.ts';
import { MemorySettingsStore } from '../../../../electron/main/settings/settings-store.ts';
import { RecordingRecorder } from './recording-recorder.ts';

export function buildServices(options: { tuning?: ClientTuning; partSize?: number; concurrency?: number; readTimeoutMs?: number } = {}) {
  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  const store = new ConnectionStore({ settings, secrets });
  const pool = new S3ClientPool({ resolve: (id) => store.resolve(id), tuning: options.tuning ?? { maxAttempts: 1 } });
  const recorder = new RecordingRecorder();
  const pushed: unknown[] = [];
  const connections = new ConnectionsService({ store, pool, emit: (name, payload) => pushed.push({ name, payload }) });
  const buckets = new BucketsService({ clients: pool, recorder, ...(options.readTimeoutMs ? { readTimeoutMs: options.readTimeoutMs } : {}) });
  const objects = new ObjectsService({ clients: pool, recorder, ...(options.readTimeoutMs ? { readTimeoutMs: options.readTimeoutMs } : {}) });
  const engine = new TransferEngine({
    clients: pool,
    recorder,
    partSize: options.partSize ?? 5 * 1024 * 1024,
    concurrency: options.concurrency ?? 2,
    progressIntervalMs: 0,
  });
  const transfers = new TransfersService({ engine });
  return { settings, secrets, store, pool, recorder, pushed, connections, buckets, objects, engine, transfers };
}

/** Saves a connection to the fake S3 endpoint (any S3-compatible preset) and returns its id. */
export async function connectToFake(
  services: ReturnType<typeof buildServices>,
  endpoint: string,
  accessKeyId: string,
  provider: 'minio' | 'ceph' = 'minio',
): Promise<string> {
  const saved = await services.connections.save({
    name: 'fake',
    provider,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    accessKeyId,
    secretAccessKey: 'fake-secret-key-0000',
  });
  return saved.id;
}
