// npm run bench:events — event -> handler latency on the embedded server.
// 10,000 PUTs at concurrency 32 with a trigger to a warm no-op Node function: every event must reach
// exactly one successful execution (counted), plus throughput, latency from the server's response to
// handler start (p50/p99), and the cold start. Numbers, not pass/fail (but a delivery miscount exits 1).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ExecutionRecord } from '../electron/shared/timeline.ts';
import { startLocalServer } from '../electron/main/local-server/index.ts';
import { TriggerEngine } from '../electron/main/notifications/engine.ts';

const TOTAL = Number(process.env['BENCH_PUTS'] ?? 10_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const WARMUP = 200;
const now = () => performance.timeOrigin + performance.now();

const work = mkdtempSync(path.join(tmpdir(), 'bucketscope-bench-events-'));
const fnDir = path.join(work, 'noop');
writeFileSync(path.join(work, 'package.json'), '{"type":"module"}');
rmSync(fnDir, { recursive: true, force: true });
(await import('node:fs')).mkdirSync(fnDir);
// The handler only reports when it was entered (epoch ms, sub-millisecond).
writeFileSync(path.join(fnDir, 'index.mjs'), 'export const main_handler = () => performance.timeOrigin + performance.now();\n');

const credentials = { accessKeyId: 'BENCH', secretAccessKey: 'bench-secret-key' };
const server = await startLocalServer({ port: 0, dataDir: path.join(work, 'server'), credentials: [credentials] });
const engine = new TriggerEngine({ dataDir: path.join(work, 'engine'), warn: () => {} });
engine.attachServer(server, credentials);
const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });

const emittedAt = new Map<string, number>();
const respondedAt = new Map<string, number>();
const executions = new Map<string, ExecutionRecord[]>();
const eventKey = new Map<string, string>();
server.onEvent((e) => emittedAt.set(e.key, now()));
engine.timeline.subscribe((r) => {
  if (r.type === 'event' && r.triggerId !== undefined) eventKey.set(r.eventId, r.key);
  if (r.type === 'execution' && r.status !== 'running') {
    const key = eventKey.get(r.eventId) ?? '?';
    executions.set(key, [...(executions.get(key) ?? []), r]);
  }
});

await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
const fn = engine.functions.save({ name: 'noop', runtime: 'nodejs', path: fnDir, concurrency: 16 });
engine.triggers.save({ connectionId: 'local', bucket: 'bench', events: ['cos:ObjectCreated:*'], format: 'cos', functionId: fn.id });
await engine.notificationSync.settled();

async function putAll(prefix: string, count: number): Promise<number> {
  let next = 0;
  const started = now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const key = `${prefix}/${String(i).padStart(6, '0')}.txt`;
      await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: 'x' }));
      respondedAt.set(key, now());
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return now() - started;
}

// Cold start: the first event of a function nobody ran yet.
await putAll('cold', 1);
await engine.idle();
const cold = executions.get('cold/000000.txt')![0]!;
const coldLatency = (cold.result as number) - emittedAt.get('cold/000000.txt')!;

await putAll('warmup', WARMUP);
await engine.idle();
const runStart = now();
const putMs = await putAll('run', TOTAL);
await engine.idle();
const drainedMs = now() - runStart;

const keys = Array.from({ length: TOTAL }, (_, i) => `run/${String(i).padStart(6, '0')}.txt`);
let exactlyOnce = 0;
let missing = 0;
let duplicated = 0;
let failed = 0;
const fromEmit: number[] = [];
const fromResponse: number[] = [];
let cold2 = 0;
for (const key of keys) {
  const list = executions.get(key) ?? [];
  if (list.length === 0) missing += 1;
  if (list.length > 1) duplicated += 1;
  const ok = list.filter((x) => x.status === 'success');
  if (list.length === 1 && ok.length === 1) exactlyOnce += 1;
  if (ok.length !== list.length) failed += 1;
  const x = ok[0];
  if (x === undefined) continue;
  if (x.cold) cold2 += 1;
  const start = x.result as number;
  fromEmit.push(start - emittedAt.get(key)!);
  fromResponse.push(start - respondedAt.get(key)!);
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (n: number) => `${n.toFixed(2)} ms`;

console.log(`bench:events  ${TOTAL} PUTs, concurrency ${CONCURRENCY}, trigger -> warm no-op Node function (function concurrency 16)`);
console.log(`  delivered exactly once to a successful execution: ${exactlyOnce}/${TOTAL} (missing ${missing}, duplicated ${duplicated}, failed ${failed}, cold ${cold2})`);
console.log(`  throughput: ${(TOTAL / (putMs / 1000)).toFixed(0)} PUT/s over ${(putMs / 1000).toFixed(2)} s; ${(TOTAL / (drainedMs / 1000)).toFixed(0)} executed events/s until the last execution ended`);
console.log(`  server response -> handler start: p50 ${fmt(pct(fromResponse, 50))}, p99 ${fmt(pct(fromResponse, 99))}, max ${fmt(pct(fromResponse, 100))}  (client-side: when the SDK call resolved)`);
console.log(`  event emitted -> handler start:   p50 ${fmt(pct(fromEmit, 50))}, p99 ${fmt(pct(fromEmit, 99))}, max ${fmt(pct(fromEmit, 100))}  (server-side: when the server emitted the event)`);
console.log(`  cold start: event -> handler start ${fmt(coldLatency)} (worker spawn + bootstrap + module load; module import alone ${fmt(cold.initDurationMs ?? NaN)})`);
console.log(`  machine: ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);

s3.destroy();
await engine.close();
await server.close();
rmSync(work, { recursive: true, force: true });
process.exit(exactlyOnce === TOTAL ? 0 : 1);
