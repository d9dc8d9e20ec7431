// `npm run bench:server`: the embedded server vs s3rver vs a null S3 endpoint (answers correctly, stores
// nothing: the client's own ceiling) vs a digest-only endpoint (the null endpoint plus the hashing S3 requires of
// every body: MD5 for the ETag, SHA-256 of the signed payload, the CRC32 the SDK sends — the least work any correct
// server does), measured in one run with the same @aws-sdk/client-s3 client (default settings, path-style). Each
// server runs in its own child process so its peak RSS and CPU time can be read, and the measurements rotate over
// the servers in rounds (median reported) so load drift hits all alike.
// On 2 cores the SDK client needs more CPU per 4 KiB request than any of the servers, so its rates mostly measure
// the client; the small-object phases are therefore run a second time with a lean signed client (bench/lean-client.ts)
// that leaves the servers the CPU, and every phase also reports the server's own CPU per operation.
// Numbers, not pass/fail. Targets (issue 3): ≥1.5× s3rver and ≥70 % of null on small ops and multipart MB/s,
// listing 10,000 keys ≥5× faster than s3rver, <150 MB RSS during the 256 MiB upload. The null/s3rver and
// digest/null columns show how far those ratios can go at all with this client on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Kind = 'local' | 's3rver' | 'null' | 'digest';
const KINDS: Kind[] = ['local', 's3rver', 'null', 'digest'];
const CREDS: Record<Kind, { accessKeyId: string; secretAccessKey: string }> = {
  local: { accessKeyId: 'BENCHKEY', secretAccessKey: 'bench-secret' },
  s3rver: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  null: { accessKeyId: 'NULL', secretAccessKey: 'NULL' },
  digest: { accessKeyId: 'DIGEST', secretAccessKey: 'DIGEST' },
};

const SMALL_OPS = Number(process.env.BENCH_SMALL_OPS ?? 1500);
const LIST_KEYS = 10_000;
const CONCURRENCY = 16;
const MULTIPART_BYTES = 256 * 1024 * 1024;

// ---------------------------------------------------------------- child side

async function runChild(kind: Kind, dir: string): Promise<void> {
  let port: number;
  if (kind === 'local') {
    const { startLocalServer } = await import('../electron/main/local-server/index.ts');
    const server = await startLocalServer({ dataDir: dir, credentials: [CREDS.local] });
    port = server.port;
  } else if (kind === 's3rver') {
    const s3rverModule = 's3rver'; // untyped package; a variable keeps the compiler from resolving it
    const { default: S3rver } = (await import(s3rverModule)) as unknown as { default: new (o: object) => { run(): Promise<{ port: number }> } };
    const address = await new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir }).run();
    port = address.port;
  } else {
    port = await startNullServer(kind === 'digest');
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.once('SIGINT', () => process.exit(0));
  if (process.env.BENCH_MEM_LOG) {
    setInterval(() => {
      const m = process.memoryUsage();
      const mb = (x: number): string => (x / 1048576).toFixed(0);
      process.stderr.write(`${kind} mem rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}\n`);
    }, 2000).unref();
  }
}

/**
 * Answers every operation the bench uses with a well-formed response, storing nothing. With `digest`, it first
 * computes what S3 semantics require of each body (MD5, SHA-256, CRC32), on its main thread.
 */
function startNullServer(digest: boolean): Promise<number> {
  const xml = (res: ServerResponse, body: string): void => {
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const small = Buffer.alloc(4096, 1);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    const hashes = digest && req.method === 'PUT' ? [createHash('md5'), createHash('sha256')] : [];
    let crc = 0;
    req.on('data', (c: Buffer) => {
      if (url.searchParams.has('delete')) chunks.push(c);
      for (const h of hashes) h.update(c);
      if (hashes.length) crc = crc32(c, crc);
    });
    req.on('end', () => {
      for (const h of hashes) h.digest();
      const [, bucket = '', ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const m = req.method;
      if (m === 'PUT' && !key) return res.end();
      if (m === 'PUT') {
        res.writeHead(200, { etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'content-length': 0 });
        return res.end();
      }
      if (m === 'GET' && key) {
        res.writeHead(200, { etag: '"e"', 'content-length': small.length, 'content-type': 'application/octet-stream' });
        return res.end(small);
      }
      if (m === 'GET' && url.searchParams.get('list-type') === '2') {
        // 10,000 synthetic keys, 1,000 per page, like a real listing.
        const after = url.searchParams.get('continuation-token') ?? '';
        const start = after ? Number(after) : 0;
        const end = Math.min(LIST_KEYS, start + 1000);
        let body = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix></Prefix><KeyCount>${end - start}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>${end < LIST_KEYS}</IsTruncated>`;
        if (end < LIST_KEYS) body += `<NextContinuationToken>${end}</NextContinuationToken>`;
        for (let i = start; i < end; i++) body += `<Contents><Key>list-${String(i).padStart(6, '0')}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        return xml(res, `${body}</ListBucketResult>`);
      }
      if (m === 'POST' && url.searchParams.has('uploads')) return xml(res, `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`);
      if (m === 'POST' && url.searchParams.has('uploadId')) return xml(res, `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"e-32"</ETag></CompleteMultipartUploadResult>`);
      if (m === 'POST' && url.searchParams.has('delete')) {
        const keys = [...Buffer.concat(chunks).toString().matchAll(/<Key>([^<]*)<\/Key>/g)].map((x) => x[1]);
        return xml(res, `<DeleteResult>${keys.map((k) => `<Deleted><Key>${k}</Key></Deleted>`).join('')}</DeleteResult>`);
      }
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

// ---------------------------------------------------------------- parent side

interface Child {
  kind: Kind;
  process: ChildProcess;
  endpoint: string;
  dir: string;
}

/**
 * Servers run from a plain-JavaScript bundle of this file (dependencies stay in node_modules), as the app ships
 * them: under tsx each process would carry ~50 MB of loader and transpiler state in its RSS.
 */
async function bundleSelf(): Promise<string> {
  const { build } = await import('esbuild');
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  const outfile = join(root, 'node_modules', '.cache', 'bucketscope-bench', 'server.mjs');
  await build({ entryPoints: [fileURLToPath(import.meta.url)], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

let childScript: Promise<string> | undefined;

async function spawnServer(kind: Kind): Promise<Child> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${kind}-`));
  const self = await (childScript ??= bundleSelf());
  // BENCH_CPU_PROF=DIR writes a CPU profile of each server process there; BENCH_MEM_LOG=1 logs memoryUsage() every
  // 2 s; BENCH_RSS_TRACE=1 prints RSS after each phase (for optimisation work).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--openssl-legacy-provider', self, '--child', kind, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The same libuv thread pool for every server: file I/O (and fsync) runs there, and 4 threads starve 16 clients.
    env: { ...process.env, NODE_NO_WARNINGS: '1', UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`${kind} exited ${c}`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return { kind, process: child, endpoint: `http://127.0.0.1:${port}`, dir };
}

/** CPU time (user + system) a process has used so far, in ms; Linux only (undefined elsewhere). */
async function cpuMs(pid: number): Promise<number | undefined> {
  try {
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12], in clock ticks (100 Hz).
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs `fn` and reports the CPU the server process spent meanwhile (ms), beside `fn`'s result. */
async function withServerCpu<T>(pid: number, fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = await cpuMs(pid);
  const value = await fn();
  const after = await cpuMs(pid);
  return { value, cpuMs: before === undefined || after === undefined ? NaN : after - before };
}

/** Peak resident set of a process (VmHWM), in MB. */
async function peakRssMb(pid: number, field = 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timedPool(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<{ opsPerSec: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { opsPerSec: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

interface Result {
  put: Stat;
  get: Stat;
  leanPut: Stat;
  leanGet: Stat;
  listMs: number;
  multipartMBs: number;
  /** Server CPU per operation (µs) and per 256 MiB upload (ms), median over rounds. */
  cpu: { put: number; get: number; leanPut: number; leanGet: number; multipart: number };
  deleteMs: number;
  peakRssMb: number;
  rssAfterMultipartMb: number;
}

type Stat = { opsPerSec: number; p50: number; p99: number };

async function phase<T>(kind: Kind, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${kind}: ${name} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
}


/** The median of per-round results, ordered by `by` (ops/s, MB/s or ms). */
function median<T>(xs: T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;
}

interface Target {
  child: Child;
  client: import('@aws-sdk/client-s3').S3Client;
  lean: import('./lean-client.ts').LeanS3Client;
}

/**
 * Every measurement runs in rounds that rotate over the servers (local, s3rver, null; then s3rver, null, local;
 * …) and reports each server's median round: on a shared machine the load drifts, and benchmarking one server
 * after the other would hand each a different machine.
 */
async function runAll(children: Child[]): Promise<Record<Kind, Result>> {
  const sdk = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const { LeanS3Client } = await import('./lean-client.ts');
  const bucket = 'bench';
  const targets: Target[] = children.map((child) => ({
    child,
    // The SDK's default 3 attempts, for every server alike: s3rver closes idle keep-alive sockets after 5 s,
    // and a reused one then resets once between rounds.
    client: new sdk.S3Client({ endpoint: child.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDS[child.kind], maxAttempts: 3 }),
    lean: new LeanS3Client(child.endpoint, CREDS[child.kind], CONCURRENCY),
  }));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const rotate = (r: number): Target[] => targets.map((_, i) => targets[(i + r) % targets.length] as Target);
  const body = randomBytes(4096);
  const smallKey = (r: number, i: number): string => `small/${r}/${String(i).padStart(6, '0')}`;
  // Flat keys: s3rver's DeleteObjects races removing empty directories when keys share a "folder".
  const listKey = (i: number): string => `list-${String(i).padStart(6, '0')}`;
  const trace = new Map<Kind, string[]>();
  const mark = async (t: Target, label: string): Promise<void> => {
    const pid = t.child.process.pid!;
    const line = `${label}=${(await peakRssMb(pid, 'VmRSS')).toFixed(0)}/${(await peakRssMb(pid)).toFixed(0)}`;
    (trace.get(t.child.kind) ?? trace.set(t.child.kind, []).get(t.child.kind)!).push(line);
  };
  const push = <T>(m: Map<Kind, T[]>, k: Kind, v: T): void => void (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  const puts = new Map<Kind, Stat[]>();
  const gets = new Map<Kind, Stat[]>();
  const leanPuts = new Map<Kind, Stat[]>();
  const leanGets = new Map<Kind, Stat[]>();
  const lists = new Map<Kind, number[]>();
  const multiparts = new Map<Kind, number[]>();
  // Server CPU per round, keyed by phase: µs per operation, ms per multipart upload.
  const cpu = new Map<string, number[]>();
  const cpuKey = (k: Kind, what: keyof Result['cpu']): string => `${k}:${what}`;
  /** One measured small-object round: its rate and latencies, and the server CPU it cost per operation. */
  const smallRound = async (t: Target, what: 'put' | 'get' | 'leanPut' | 'leanGet', op: (i: number) => Promise<void>): Promise<Stat> => {
    const { value, cpuMs: spent } = await withServerCpu(t.child.process.pid!, () => phase(t.child.kind, what, () => timedPool(SMALL_OPS, CONCURRENCY, op)));
    const k = cpuKey(t.child.kind, what);
    (cpu.get(k) ?? cpu.set(k, []).get(k)!).push((spent * 1000) / SMALL_OPS);
    return value;
  };

  for (const t of targets) {
    await mark(t, 'start');
    await phase(t.child.kind, 'create bucket', () => t.client.send(new sdk.CreateBucketCommand({ Bucket: bucket })));
    // Warm-up: connections, JIT.
    await timedPool(200, CONCURRENCY, (i) => t.client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: `warm/${i}`, Body: body })).then(() => undefined));
    await timedPool(200, CONCURRENCY, (i) => t.lean.put(bucket, `warm/lean-${i}`, body));
  }
  for (let r = 0; r < rounds; r++) {
    for (const t of rotate(r)) {
      push(puts, t.child.kind, await smallRound(t, 'put', (i) => t.client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: smallKey(r, i), Body: body })).then(() => undefined)));
      push(leanPuts, t.child.kind, await smallRound(t, 'leanPut', (i) => t.lean.put(bucket, `lean-${smallKey(r, i)}`, body)));
    }
  }
  for (const t of targets) await mark(t, 'put');
  for (let r = 0; r < rounds; r++) {
    for (const t of rotate(r)) {
      push(
        gets,
        t.child.kind,
        await smallRound(t, 'get', async (i) => {
          const res = await t.client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: smallKey(r, i) }));
          await res.Body!.transformToByteArray();
        }),
      );
      push(
        leanGets,
        t.child.kind,
        await smallRound(t, 'leanGet', async (i) => {
          const got = await t.lean.get(bucket, `lean-${smallKey(r, i)}`);
          if (got.length !== body.length) throw new Error(`GET returned ${got.length} bytes`);
        }),
      );
    }
  }
  // 10,000 keys to list (the null endpoint synthesises them); seeding is not measured.
  for (const t of targets) {
    if (t.child.kind === 'null' || t.child.kind === 'digest') continue;
    await phase(t.child.kind, 'seed', () =>
      timedPool(LIST_KEYS, CONCURRENCY, (i) => t.client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: listKey(i), Body: 'x' })).then(() => undefined)),
    );
  }
  for (let r = 0; r < rounds; r++) {
    for (const t of rotate(r)) {
      const t0 = performance.now();
      let token: string | undefined;
      let n = 0;
      do {
        const page = await phase(t.child.kind, 'list', () => t.client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: 'list-', ContinuationToken: token })));
        n += page.KeyCount ?? 0;
        token = page.NextContinuationToken;
      } while (token);
      if (n !== LIST_KEYS) throw new Error(`${t.child.kind} listed ${n} keys`);
      push(lists, t.child.kind, performance.now() - t0);
    }
  }
  for (const t of targets) await mark(t, 'list');
  const big = randomBytes(MULTIPART_BYTES);
  for (let r = 0; r < rounds; r++) {
    for (const t of rotate(r)) {
      const t0 = performance.now();
      const { cpuMs: spent } = await withServerCpu(t.child.process.pid!, () =>
        phase(t.child.kind, 'multipart', () => new Upload({ client: t.client, params: { Bucket: bucket, Key: 'big.bin', Body: big }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done()),
      );
      push(multiparts, t.child.kind, MULTIPART_BYTES / 1024 / 1024 / ((performance.now() - t0) / 1000));
      const k = cpuKey(t.child.kind, 'multipart');
      (cpu.get(k) ?? cpu.set(k, []).get(k)!).push(spent);
    }
  }
  const rssAfterMultipart = new Map<Kind, number>();
  for (const t of targets) {
    rssAfterMultipart.set(t.child.kind, await peakRssMb(t.child.process.pid!));
    await mark(t, 'multipart');
  }
  // One round: deleting needs the 10,000 keys again.
  const deletes = new Map<Kind, number>();
  for (const t of targets) {
    const t0 = performance.now();
    for (let i = 0; i < LIST_KEYS; i += 1000) {
      const objects = Array.from({ length: 1000 }, (_, j) => ({ Key: listKey(i + j) }));
      const res = await phase(t.child.kind, 'DeleteObjects', () => t.client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } })));
      if (res.Errors?.length) throw new Error(`${t.child.kind}: delete errors`);
    }
    deletes.set(t.child.kind, performance.now() - t0);
    await mark(t, 'delete');
  }
  const results = {} as Record<Kind, Result>;
  for (const t of targets) {
    const k = t.child.kind;
    t.client.destroy();
    t.lean.destroy();
    const cpuMedian = (what: keyof Result['cpu']): number => median(cpu.get(cpuKey(k, what))!, (x) => x);
    if (process.env.BENCH_RSS_TRACE) process.stderr.write(`${k} RSS now/peak MB: ${trace.get(k)?.join(' ')}\n`);
    results[k] = {
      put: median(puts.get(k)!, (x) => x.opsPerSec),
      get: median(gets.get(k)!, (x) => x.opsPerSec),
      leanPut: median(leanPuts.get(k)!, (x) => x.opsPerSec),
      leanGet: median(leanGets.get(k)!, (x) => x.opsPerSec),
      cpu: { put: cpuMedian('put'), get: cpuMedian('get'), leanPut: cpuMedian('leanPut'), leanGet: cpuMedian('leanGet'), multipart: cpuMedian('multipart') },
      listMs: median(lists.get(k)!, (x) => x),
      multipartMBs: median(multiparts.get(k)!, (x) => x),
      deleteMs: deletes.get(k)!,
      peakRssMb: await peakRssMb(t.child.process.pid!),
      rssAfterMultipartMb: rssAfterMultipart.get(k)!,
    };
    const rounded = (xs: number[]): number[] => xs.map((x) => Math.round(x));
    process.stderr.write(
      `${k} rounds: PUT ${rounded(puts.get(k)!.map((x) => x.opsPerSec))} GET ${rounded(gets.get(k)!.map((x) => x.opsPerSec))} ` +
        `lean PUT ${rounded(leanPuts.get(k)!.map((x) => x.opsPerSec))} lean GET ${rounded(leanGets.get(k)!.map((x) => x.opsPerSec))} ` +
        `list ${rounded(lists.get(k)!)} ms multipart ${rounded(multiparts.get(k)!)} MB/s\n`,
    );
  }
  return results;
}

async function main(): Promise<void> {
  // BENCH_SERVERS=local,null runs a subset (the table needs all three).
  const only = process.env.BENCH_SERVERS?.split(',') as Kind[] | undefined;
  const children: Child[] = [];
  let results: Record<Kind, Result>;
  try {
    for (const kind of only ?? KINDS) children.push(await spawnServer(kind));
    process.stderr.write(`benchmarking ${children.map((c) => c.kind).join(', ')} in interleaved rounds…\n`);
    results = await runAll(children);
  } finally {
    for (const child of children) {
      // SIGINT lets a profiled child write its profile; SIGKILL after a grace period.
      child.process.kill('SIGINT');
      await new Promise((r) => setTimeout(r, process.env.BENCH_CPU_PROF ? 1500 : 100));
      child.process.kill('SIGKILL');
      await rm(child.dir, { recursive: true, force: true });
    }
  }
  if (only) return;
  const l = results.local;
  const s = results.s3rver;
  const n = results.null;
  const d = results.digest;
  const f = (x: number, dp = 0): string => x.toFixed(dp);
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const pct = (a: number, b: number): string => `${Math.round((a / b) * 100)} %`;
  const lat = (x: Stat): string => `${f(x.p50, 1)} / ${f(x.p99, 1)}`;
  const faster = (a: number, b: number): string => `${(b / a).toFixed(2)}× faster`;
  const leaner = (a: number, b: number): string => `${(b / a).toFixed(2)}× less`;
  const cpuRow = (label: string, what: keyof Result['cpu']): string[] => [label, f(l.cpu[what]), f(s.cpu[what]), f(n.cpu[what]), f(d.cpu[what]), leaner(l.cpu[what], s.cpu[what]), '', '', ''];
  /** A small-object phase: rate with its ratios, latencies, server CPU per request. */
  const small = (label: string, what: 'put' | 'get' | 'leanPut' | 'leanGet', verb: string): string[][] => [
    [label, ...[l, s, n, d].map((r) => f(r[what].opsPerSec)), ratio(l[what].opsPerSec, s[what].opsPerSec), ratio(n[what].opsPerSec, s[what].opsPerSec), pct(l[what].opsPerSec, n[what].opsPerSec), pct(d[what].opsPerSec, n[what].opsPerSec)],
    [`  ${verb} p50 / p99 ms`, ...[l, s, n, d].map((r) => lat(r[what])), '', '', '', ''],
    cpuRow(`  server CPU µs per ${verb}`, what),
  ];
  // null/s3rver is the most local/s3rver can reach with this client: a server cannot answer faster than one that
  // does nothing. digest/null is the most local/null can reach for bodies that must be hashed.
  const rows: string[][] = [
    ['metric', 'local', 's3rver', 'null', 'digest-only', 'local/s3rver', 'null/s3rver', 'local/null', 'digest/null'],
    ...small('4 KiB PUT ops/s (c=16)', 'put', 'PUT'),
    ...small('4 KiB GET ops/s (c=16)', 'get', 'GET'),
    ...small('lean client: PUT ops/s', 'leanPut', 'PUT'),
    ...small('lean client: GET ops/s', 'leanGet', 'GET'),
    ['list 10,000 keys ms', f(l.listMs), f(s.listMs), f(n.listMs), f(d.listMs), faster(l.listMs, s.listMs), '', '', ''],
    ['256 MiB multipart MB/s', f(l.multipartMBs, 1), f(s.multipartMBs, 1), f(n.multipartMBs, 1), f(d.multipartMBs, 1), ratio(l.multipartMBs, s.multipartMBs), ratio(n.multipartMBs, s.multipartMBs), pct(l.multipartMBs, n.multipartMBs), pct(d.multipartMBs, n.multipartMBs)],
    cpuRow('  server CPU ms per upload', 'multipart'),
    ['DeleteObjects 10,000 ms', f(l.deleteMs), f(s.deleteMs), f(n.deleteMs), f(d.deleteMs), faster(l.deleteMs, s.deleteMs), '', '', ''],
    ['peak RSS after multipart MB', f(l.rssAfterMultipartMb), f(s.rssAfterMultipartMb), f(n.rssAfterMultipartMb), f(d.rssAfterMultipartMb), '', '', '', ''],
    ['peak RSS MB', f(l.peakRssMb), f(s.peakRssMb), f(n.peakRssMb), f(d.peakRssMb), '', '', '', ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

/**
 * Memory during a large upload on its own: a fresh server per kind receives one 256 MiB multipart upload
 * (8 MiB parts, 4 at a time); its peak RSS shows whether bodies stream (the combined run above also carries
 * the heap grown by the earlier phases).
 */
async function benchUploadRss(): Promise<void> {
  const sdk = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const big = randomBytes(MULTIPART_BYTES);
  const parts: string[] = [];
  for (const kind of KINDS) {
    const child = await spawnServer(kind);
    const client = new sdk.S3Client({ endpoint: child.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDS[kind], maxAttempts: 3 });
    try {
      await client.send(new sdk.CreateBucketCommand({ Bucket: 'bench' }));
      const before = await peakRssMb(child.process.pid!);
      await new Upload({ client, params: { Bucket: 'bench', Key: 'big.bin', Body: big }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done();
      parts.push(`${kind} ${before.toFixed(0)} → ${(await peakRssMb(child.process.pid!)).toFixed(0)} MB`);
    } finally {
      client.destroy();
      child.process.kill('SIGKILL');
      await rm(child.dir, { recursive: true, force: true });
    }
  }
  console.log(`\npeak RSS, fresh server, one 256 MiB upload (start → peak): ${parts.join('; ')}`);
}

/**
 * The index at scale: 100,000 keys written through the store (no HTTP, to keep the run short), then the time
 * to start a server on that directory and the latency of ListObjectsV2 pages over it.
 */
async function benchIndexScale(): Promise<void> {
  const KEYS = 100_000;
  const { DiskObjectStore } = await import('../electron/main/local-server/storage/disk-store.ts');
  const { applyWrite } = await import('../electron/main/local-server/versioning.ts');
  const { startLocalServer } = await import('../electron/main/local-server/index.ts');
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const dir = await mkdtemp(join(tmpdir(), 'bench-index-'));
  try {
    const store = new DiskObjectStore(dir);
    await store.open();
    await store.createBucket('big');
    const body = Buffer.from('x');
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < KEYS) {
          const key = `dir${next % 100}/object-${String(next++).padStart(6, '0')}.txt`;
          const segment = store.storeSmall('big', body);
          await store.updateKey('big', key, (versions) => {
            const out = applyWrite(versions, 'Unversioned', { deleteMarker: false, lastModified: new Date().toISOString(), etag: '9dd4e461268c8034f5c8564e155c67a6', size: 1, headers: {}, metadata: {}, segments: [segment], tags: [] });
            return { versions: out.versions, result: undefined };
          });
        }
      }),
    );
    await store.close();
    const t0 = performance.now();
    const server = await startLocalServer({ dataDir: dir, credentials: [CREDS.local] });
    const startupMs = performance.now() - t0;
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDS.local });
    const pages: number[] = [];
    let token: string | undefined;
    let listed = 0;
    do {
      const t = performance.now();
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'big', ContinuationToken: token }));
      pages.push(performance.now() - t);
      listed += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    const t1 = performance.now();
    const folder = await client.send(new ListObjectsV2Command({ Bucket: 'big', Prefix: 'dir42/', Delimiter: '/' }));
    const folderMs = performance.now() - t1;
    client.destroy();
    await server.close();
    pages.sort((a, b) => a - b);
    console.log(
      `\nindex at ${listed.toLocaleString('en')} keys: start-up ${startupMs.toFixed(0)} ms; ListObjectsV2 page of 1,000 (client round trip) ` +
        `p50 ${percentile(pages, 50).toFixed(1)} ms, p99 ${percentile(pages, 99).toFixed(1)} ms; one folder of ${folder.KeyCount} keys ${folderMs.toFixed(1)} ms`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  await runChild(process.argv[childIndex + 1] as Kind, process.argv[childIndex + 2] as string);
} else {
  await main();
  if (!process.env.BENCH_SERVERS) await benchUploadRss();
  if (process.env.BENCH_SKIP_INDEX !== '1') await benchIndexScale();
  process.exit(0);
}
