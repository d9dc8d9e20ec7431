// npm run bench:upload-check — the overwrite check before uploading a folder, against the embedded server.
// A real folder of BENCH_FILES files (default 2,000, in 20 sub-folders) is written to disk; half of its keys are
// stored first. Then the same check runs two ways: one HeadObject per key (8 in flight, the former check) and
// renderer/src/routes/objects/existing-keys.ts (listings, HEAD only for a few keys). Both must find the same keys.
// BENCH_RTT_MS adds that many milliseconds before each request, to stand in for a remote connection (simulated
// latency, said so in the output). Numbers, not pass/fail (a disagreement between the two exits 1).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalServer } from '../electron/main/local-server/index.ts';
import { findExistingKeys, type KeyLookup } from '../renderer/src/routes/objects/existing-keys.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const FILES = Number(process.env['BENCH_FILES'] ?? 2000);
const RTT_MS = Number(process.env['BENCH_RTT_MS'] ?? 0);
const FOLDERS = 20;

const work = mkdtempSync(path.join(tmpdir(), 'bucketscope-bench-upload-check-'));
const credentials = { accessKeyId: 'BENCH', secretAccessKey: 'bench-secret-key' };
const server = await startLocalServer({ port: 0, dataDir: path.join(work, 'server'), credentials: [credentials] });
const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });

// The folder the user picks: photos/day-NN/img-NNNNN.jpg.
const root = path.join(work, 'photos');
for (let i = 0; i < FILES; i++) {
  const dir = path.join(root, `day-${String(i % FOLDERS).padStart(2, '0')}`);
  if (i < FOLDERS) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `img-${String(i).padStart(5, '0')}.jpg`), `bytes of ${i}`);
}
const keys = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => `inbox/${path.relative(work, path.join(e.parentPath, e.name)).split(path.sep).join('/')}`)
  .sort();

await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
const stored = keys.filter((_, i) => i % 2 === 0);
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let i = next++; i < stored.length; i = next++) await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: stored[i], Body: 'x' }));
  }),
);

const requests = { head: 0, list: 0 };
const delay = () => (RTT_MS > 0 ? new Promise((r) => setTimeout(r, RTT_MS)) : Promise.resolve());
const lookup: KeyLookup = {
  exists: async (key) => {
    requests.head++;
    await delay();
    return s3.send(new HeadObjectCommand({ Bucket: 'bench', Key: key })).then(() => true, () => false);
  },
  list: async ({ prefix, delimiter, token }) => {
    requests.list++;
    await delay();
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: prefix || undefined, Delimiter: delimiter || undefined, ContinuationToken: token }));
    return { keys: (page.Contents ?? []).map((o) => o.Key!), nextToken: page.IsTruncated ? page.NextContinuationToken : undefined };
  },
};

/** The former check: every key with HEAD, 8 in flight. */
async function headEach(): Promise<string[]> {
  const found = new Set<string>();
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) if (await lookup.exists(key)) found.add(key);
    }),
  );
  return keys.filter((k) => found.has(k));
}

async function measure(name: string, run: () => Promise<string[]>) {
  requests.head = 0;
  requests.list = 0;
  const started = performance.now();
  const found = await run();
  const ms = performance.now() - started;
  console.log(`${name.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  ${String(requests.head).padStart(5)} HEAD  ${String(requests.list).padStart(3)} LIST  found ${found.length}`);
  return found;
}

console.log(`${FILES} files in ${FOLDERS} folders, ${stored.length} already stored; embedded server${RTT_MS ? `, +${RTT_MS} ms per request (simulated remote)` : ''}`);
// Warm-up, so neither side pays for the first connection.
await findExistingKeys(lookup, keys.slice(0, 4));
const a = await measure('HEAD per key (8 parallel)', headEach);
const b = await measure('existing-keys (listings)', () => findExistingKeys(lookup, keys));
s3.destroy();
await server.close();
rmSync(work, { recursive: true, force: true });
if (a.join('\n') !== b.join('\n')) {
  console.error('The two checks disagree');
  process.exit(1);
}
