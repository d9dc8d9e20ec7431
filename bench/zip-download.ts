// npm run bench:zip-download — browser mode's folder download as a zip, streamed: BENCH_ZIP_OBJECTS objects of
// BENCH_ZIP_MIB MiB (default 16 x 32 MiB = 512 MiB) plus BENCH_ZIP_SMALL small ones are stored in the embedded
// server, then fetched through the real loopback endpoint (POST /download-zip, GET the link) and counted, not kept.
// Reports time, throughput and the process's peak RSS (server, service and client share this process), which
// should stay far below the zip's size. Numbers, not pass/fail (a wrong byte count exits 1).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ConnectionStore, LOCAL_CONNECTION_ID } from '../electron/main/connections/connection-store.ts';
import { MemorySecretStore } from '../electron/main/connections/secret-store.ts';
import { startLocalServer } from '../electron/main/local-server/index.ts';
import { createDispatcher } from '../electron/main/rpc/dispatcher.ts';
import { EventHub } from '../electron/main/rpc/event-hub.ts';
import { S3ClientPool } from '../electron/main/s3-client/client-pool.ts';
import { TransferEngine } from '../electron/main/s3-client/transfer-engine.ts';
import { TransfersService } from '../electron/main/services/transfers-service.ts';
import { MemorySettingsStore } from '../electron/main/settings/settings-store.ts';
import { startBrowserServer } from '../electron/main/web/browser-server.ts';
import type { AppApi } from '../electron/shared/contract.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const OBJECTS = Number(process.env['BENCH_ZIP_OBJECTS'] ?? 16);
const MIB = Number(process.env['BENCH_ZIP_MIB'] ?? 32);
const SMALL = Number(process.env['BENCH_ZIP_SMALL'] ?? 2000);

const work = mkdtempSync(path.join(tmpdir(), 'bucketscope-bench-zip-'));
const credentials = { accessKeyId: 'BENCH', secretAccessKey: 'bench-secret-key' };
const server = await startLocalServer({ port: 0, dataDir: path.join(work, 'server'), credentials: [credentials] });
const store = new ConnectionStore({ settings: new MemorySettingsStore(), secrets: new MemorySecretStore() });
store.setBuiltin({ endpoint: server.endpoint, region: server.region, ...credentials });
const pool = new S3ClientPool({ resolve: (id) => store.resolve(id), tuning: { maxAttempts: 1 } });
const engine = new TransferEngine({ clients: pool, recorder: { record: () => undefined } as never, partSize: 8 * 1024 * 1024, concurrency: 2 });
const transfers = new TransfersService({ engine });
const web = await startBrowserServer({ dispatch: createDispatcher({} as AppApi), hub: new EventHub(), transfers, rendererDir: work });

const { client } = await pool.get(LOCAL_CONNECTION_ID);
await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
// Random bytes named .jpg: stored as they are (deflating them would gain nothing), so the zip is as large as the data.
const body = randomBytes(MIB * 1024 * 1024);
for (let i = 0; i < OBJECTS; i++) await client.send(new PutObjectCommand({ Bucket: 'bench', Key: `big/photo-${i}.jpg`, Body: body }));
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let i = next++; i < SMALL; i = next++) await client.send(new PutObjectCommand({ Bucket: 'bench', Key: `small/${i % 20}/f-${i}.txt`, Body: `file ${i}` }));
  }),
);
const stored = OBJECTS * body.length;
global.gc?.();

let peak = process.memoryUsage().rss;
const before = peak;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
const prepared = await fetch(`${web.origin}/download-zip`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ connectionId: LOCAL_CONNECTION_ID, bucket: 'bench', prefix: '' }),
});
const { url } = (await prepared.json()) as { url: string };
const res = await fetch(`${web.origin}${url}&token=${web.token}`);
let bytes = 0;
for await (const chunk of res.body!) bytes += chunk.length;
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
console.log(`zip of ${OBJECTS} x ${MIB} MiB + ${SMALL} small objects (${mib(stored)} of data) from the embedded server`);
console.log(`  ${mib(bytes)} in ${seconds.toFixed(1)} s (${(bytes / 1024 / 1024 / seconds).toFixed(0)} MiB/s)`);
console.log(`  RSS before ${mib(before)}, peak during ${mib(peak)} (+${mib(peak - before)})`);
await web.close();
await engine.close();
pool.destroy();
await server.close();
rmSync(work, { recursive: true, force: true });
if (bytes < stored) {
  console.error('The zip is smaller than the data it holds');
  process.exit(1);
}
