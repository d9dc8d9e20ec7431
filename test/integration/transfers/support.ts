// The transfer services the way the host builds them, over the embedded server on port 0 (real HTTP, real
// SigV4, the real AWS SDK). Two connections reach it: the builtin one with the SDK's default checksums
// (aws-chunked bodies with CRC32 trailers) and a custom one with "when required" (plain bodies, as the
// presets choose for S3-compatible servers), so both request shapes are exercised.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConnectionStore, LOCAL_CONNECTION_ID } from '../../../electron/main/connections/connection-store.ts';
import { MemorySecretStore } from '../../../electron/main/connections/secret-store.ts';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import { S3ClientPool } from '../../../electron/main/s3-client/client-pool.ts';
import { TransferEngine } from '../../../electron/main/s3-client/transfer-engine.ts';
import { ConnectionsService } from '../../../electron/main/services/connections-service.ts';
import { TransfersService } from '../../../electron/main/services/transfers-service.ts';
import { MemorySettingsStore } from '../../../electron/main/settings/settings-store.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import { RecordingRecorder } from '../s3-service/support/recording-recorder.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CREDENTIALS = { accessKeyId: 'TRANSFERKEY', secretAccessKey: 'transfer-test-secret-0123456789' };

export interface TransferHarness {
  tmp: string;
  server: LocalServer;
  engine: TransferEngine;
  transfers: TransfersService;
  recorder: RecordingRecorder;
  /** Builtin connection: SDK default checksums. */
  local: string;
  /** Same server, checksums only when required. */
  plain: string;
  client(connectionId: string): Promise<S3Client>;
  /** Every state change and progress notification, in order. */
  events: TransferDto[];
  settleAll(transfers: TransferDto[]): Promise<TransferDto[]>;
  close(): Promise<void>;
}

export async function startTransferHarness(options: { partSize?: number; concurrency?: number } = {}): Promise<TransferHarness> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'bucketscope-transfers-'));
  const server = await startLocalServer({ dataDir: path.join(tmp, 'server'), credentials: [CREDENTIALS] });
  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  const store = new ConnectionStore({ settings, secrets });
  store.setBuiltin({ endpoint: server.endpoint, region: server.region, ...CREDENTIALS });
  const pool = new S3ClientPool({ resolve: (id) => store.resolve(id), tuning: { maxAttempts: 1 } });
  const connections = new ConnectionsService({ store, pool, emit: () => undefined });
  const plain = await connections.save({
    name: 'plain',
    provider: 'custom',
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    ...CREDENTIALS,
  });
  const recorder = new RecordingRecorder();
  const engine = new TransferEngine({
    clients: pool,
    recorder,
    partSize: options.partSize ?? 5 * 1024 * 1024,
    concurrency: options.concurrency ?? 2,
    progressIntervalMs: 0,
  });
  const events: TransferDto[] = [];
  engine.onChange((dto) => events.push(dto));
  const transfers = new TransfersService({ engine });
  return {
    tmp,
    server,
    engine,
    transfers,
    recorder,
    local: LOCAL_CONNECTION_ID,
    plain: plain.id,
    client: async (id) => (await pool.get(id)).client,
    events,
    settleAll: (list) => Promise.all(list.map((t) => engine.settled(t.id))),
    close: async () => {
      await engine.close();
      pool.destroy();
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Every file and folder below `root`, as sorted `/`-separated relative paths (folders end in `/`). */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .map((e) => {
      const rel = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      return e.isDirectory() ? `${rel}/` : rel;
    })
    .sort();
}
