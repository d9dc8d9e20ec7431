// npm run bench:timeline — the timeline window during a long session, in browser mode (real services, built
// renderer, headless Chromium). For an empty history and a long one (BENCH_GROUPS actions, each with its event and
// execution: 48,000 records by default, about what the timeline keeps), it opens the window, then streams BENCH_PUTS
// triggered PUTs with the timeline showing, and reports: time until the history is listed, the PUTs' wall time, the
// renderer's main-thread script and task time during the stream, and its heap. Numbers, not pass/fail.
// Needs `npm run build` (out/renderer) and Chromium (/usr/bin/chromium or CHROMIUM_PATH).
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runBrowserMode } from '../electron/main/web.ts';
import { launchChromium, hasChromium } from '../test/e2e/support/chromium.ts';

const GROUPS = Number(process.env['BENCH_GROUPS'] ?? 16_000);
const PUTS = Number(process.env['BENCH_PUTS'] ?? 600);
const CONCURRENCY = 16;
const RENDERER = path.join(import.meta.dirname, '../out/renderer');
if (!hasChromium) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');

/** A history as the app writes it: per group an external PUT, its COS event (with payload) and a successful run. */
async function writeHistory(dataDir: string, groups: number): Promise<void> {
  const dir = path.join(dataDir, 'triggers');
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(path.join(dir, 'timeline.ndjson'));
  const t0 = Date.now() - groups * 1000;
  let seq = 0;
  for (let i = 0; i < groups; i++) {
    const key = `history/${String(i).padStart(6, '0')}.jpg`;
    const time = new Date(t0 + i * 1000).toISOString();
    const actionId = `ext-${i}`;
    const eventId = `ev-${i}`;
    const payload = { Records: [{ cos: { cosSchemaVersion: '1.0', cosObject: { url: `http://127.0.0.1:1/photos/${key}`, meta: { 'x-cos-request-id': actionId, 'Content-Type': 'image/jpeg', ETag: '"9dd4e461268c8034f5c8564e155c67a6"' }, vid: '', key: `/1250000000/photos/${key}`, size: 1 }, cosBucket: { region: 'us-east-1', name: 'photos', appid: '1250000000' } }, event: { eventName: 'cos:ObjectCreated:Put', eventVersion: '1.0', eventTime: Math.floor((t0 + i * 1000) / 1000), eventSource: 'qcs::cos' } }] };
    const lines = [
      { type: 'action', actionId, actor: 'external', operation: 'PutObject', connectionId: 'local', bucket: 'photos', key, result: 'ok', seq: ++seq, time },
      { type: 'event', eventId, eventName: 'cos:ObjectCreated:Put', bucket: 'photos', key, source: 'embedded', connectionId: 'local', triggerId: 'trg-history', payload, actionId, seq: ++seq, time },
      { type: 'execution', executionId: `x-${i}`, eventId, function: 'noop', functionId: 'fn-history', triggerId: 'trg-history', attempt: 1, status: i % 50 ? 'success' : 'error', cold: false, startedAt: time, durationMs: 0.4, logs: [`${time} stdout handled ${key}`], result: { ok: true }, actionId, seq: ++seq, time },
    ];
    if (!out.write(lines.map((l) => JSON.stringify(l)).join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(path.join(dir, 'timeline.meta.json'), JSON.stringify({ lastSeq: seq }));
}

async function measure(groups: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bucketscope-bench-timeline-'));
  const fnDir = path.join(dataDir, 'noop');
  mkdirSync(fnDir);
  writeFileSync(path.join(fnDir, 'index.mjs'), 'export const main_handler = (event) => ({ ok: event.Records.length });\n');
  if (groups > 0) await writeHistory(dataDir, groups);
  const app = await runBrowserMode({ dataDir, rendererDir: RENDERER, port: 0 });
  const status = await app.host.api.server.status();
  const { secretAccessKey } = await app.host.api.server.revealSecret();
  const s3 = new S3Client({ endpoint: status.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: status.accessKeyId, secretAccessKey } });
  const fn = await app.host.api.functions.save({ name: 'noop', runtime: 'nodejs', path: fnDir, handler: 'index.main_handler' });
  await s3.send(new CreateBucketCommand({ Bucket: 'stream' }));
  await app.host.api.triggers.save({ connectionId: 'local', bucket: 'stream', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '', format: 'cos', functionId: fn.id });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let t = performance.now();
    await page.goto(app.server.url);
    await page.getByTestId('tab-timeline').click();
    // The newest history record is listed first (the window loads the history oldest first, in pages).
    const newest = groups > 0 ? `history/${String(groups - 1).padStart(6, '0')}.jpg` : undefined;
    if (newest) await page.locator('[data-testid="timeline-row"]', { hasText: newest }).first().waitFor({ timeout: 120_000 });
    else await page.getByTestId('timeline-empty').waitFor({ timeout: 120_000 });
    const loadMs = performance.now() - t;
    // A warm function: the cold start is not what this measures.
    for (let i = 0; i < 20; i++) await s3.send(new PutObjectCommand({ Bucket: 'stream', Key: `warm/${i}.txt`, Body: 'x' }));
    // Let the last history pages settle before measuring the stream.
    await page.waitForTimeout(2000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    t = performance.now();
    const keys = Array.from({ length: PUTS }, (_, i) => `live/${i}.txt`);
    for (let i = 0; i < keys.length; i += CONCURRENCY) await Promise.all(keys.slice(i, i + CONCURRENCY).map((k) => s3.send(new PutObjectCommand({ Bucket: 'stream', Key: k, Body: 'x' }))));
    const putMs = performance.now() - t;
    // Until the window shows the last PUT (the newest action is at the top).
    await page.locator('[data-testid="timeline-row"][data-kind="action"]').first().filter({ hasText: 'stream/live/' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    const after = await metrics();
    return {
      history: groups * 3,
      loadMs: groups > 0 ? Math.round(loadMs) : undefined,
      putMs: Math.round(putMs),
      scriptMs: Math.round((after['ScriptDuration']! - before['ScriptDuration']!) * 1000),
      taskMs: Math.round((after['TaskDuration']! - before['TaskDuration']!) * 1000),
      heapMb: Math.round(after['JSHeapUsedSize']! / 1e6),
    };
  } finally {
    await browser.close();
    s3.destroy();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
// Twice each, alternating: the first run also warms the process (JIT, worker threads), which favours the later ones.
for (const groups of [0, GROUPS, 0, GROUPS]) rows.push(await measure(groups));
console.log(`${PUTS} triggered PUTs (concurrency ${CONCURRENCY}) with the timeline open, over an empty and a long history:`);
console.table(rows);
