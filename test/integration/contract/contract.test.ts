// One contract suite, run twice against the real host (real embedded server, real SDK): once through the
// dispatcher directly, once through the browser-mode WebSocket. Both must answer identically.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import { startBrowserServer, type BrowserServer } from '../../../electron/main/web/browser-server.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { ConnectionDto } from '../../../electron/shared/dto.ts';
import { connectWsRpc, type WsRpcClient } from '../../support/ws-rpc-client.ts';

type Call = (method: string, input?: unknown) => Promise<RpcResponse>;

let dataDir: string;
let host: Host;
let server: BrowserServer;
let ws: WsRpcClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bucketscope-contract-'));
  host = await createHost({ dataDir, mode: 'browser', version: '9.9.9' });
  await writeFile(join(dataDir, 'index.html'), '<!doctype html>');
  server = await startBrowserServer({ dispatch: host.dispatch, hub: host.hub, transfers: host.transfers, rendererDir: dataDir });
  ws = await connectWsRpc(server.origin, server.token);
});

afterAll(async () => {
  ws?.close();
  await server?.close();
  await host?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function ok<T>(call: Call, method: string, input?: unknown): Promise<T> {
  const response = await call(method, input);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.code} ${response.error.message}`);
  // Everything that crosses the contract must survive JSON unchanged.
  expect(JSON.parse(JSON.stringify(response.result))).toEqual(response.result);
  return response.result as T;
}

const transports: [string, () => Call][] = [
  ['dispatcher', () => (method, input) => host.dispatch(method, input)],
  ['websocket', () => (method, input) => ws.call(method, input)],
];

describe.each(transports)('contract over %s', (name, getCall) => {
  const bucket = `contract-${name}`;

  it('describes the app', async () => {
    const info = await ok<{ mode: string; version: string }>(getCall(), 'app.info');
    expect(info).toMatchObject({ name: 'Bucketscope', mode: 'browser', version: '9.9.9', dataDir });
  });

  it('lists the builtin Local connection without its secret', async () => {
    const list = await ok<ConnectionDto[]>(getCall(), 'connections.list');
    const local = list.find((c) => c.id === 'local');
    expect(local).toMatchObject({ builtin: true, provider: 'local', forcePathStyle: true });
    const secret = (await host.api.server.revealSecret()).secretAccessKey;
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(local!.secretHint).toBe(`••••${secret.slice(-4)}`);
  });

  it('reports the embedded server running on loopback', async () => {
    const status = await ok<{ running: boolean; endpoint: string }>(getCall(), 'server.status');
    expect(status.running).toBe(true);
    expect(status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('creates a bucket on Local, lists it, and records the action on the timeline', async () => {
    const call = getCall();
    await ok(call, 'buckets.create', { connectionId: 'local', bucket });
    const buckets = await ok<{ name: string }[]>(call, 'buckets.list', { connectionId: 'local' });
    expect(buckets.map((b) => b.name)).toContain(bucket);
    const page = await ok<{ folders: string[]; objects: unknown[] }>(call, 'objects.list', { connectionId: 'local', bucket, prefix: '', delimiter: '/' });
    expect(page).toMatchObject({ folders: [], objects: [] });
    const records = await ok<{ type: string; operation?: string; bucket?: string }[]>(call, 'timeline.list', {});
    expect(records.some((r) => r.type === 'action' && r.operation === 'CreateBucket' && r.bucket === bucket)).toBe(true);
  });

  it('tests the Local connection with a real request', async () => {
    const result = await ok<{ ok: boolean; latencyMs: number }>(getCall(), 'connections.test', { id: 'local' });
    expect(result.ok).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps a saved secret write-only', async () => {
    const call = getCall();
    const secret = `wJalrXUtnFEMI/K7MDENG/${name}SECRETKEY`;
    const saved = await ok<ConnectionDto>(call, 'connections.save', {
      name: `MinIO ${name}`,
      provider: 'minio',
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_REQUIRED',
      accessKeyId: 'minioadmin',
      secretAccessKey: secret,
    });
    expect(saved.secretHint).toBe('••••TKEY');
    const everything = JSON.stringify(await ok(call, 'connections.list'));
    expect(everything).not.toContain(secret);
    const test = await ok<{ ok: boolean; error?: { code: string } }>(call, 'connections.test', { id: saved.id });
    expect(test).toMatchObject({ ok: false, error: { code: 'Unreachable' } });
    await ok(call, 'connections.remove', { id: saved.id });
  });

  it('answers an S3 error as a readable error envelope', async () => {
    const response = await getCall()('objects.list', { connectionId: 'local', bucket: 'no-such-bucket-here', prefix: '' });
    expect(response).toMatchObject({ ok: false, error: { code: 'NoSuchBucket' } });
  });

  it('refuses unknown methods and invalid input', async () => {
    expect(await getCall()('connections.dropTables', {})).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    expect(await getCall()('buckets.list', { connectionId: 42 })).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    // S3's own limit, said in words rather than as a number range.
    const tooLong = await getCall()('objects.presign', { connectionId: 'local', bucket: 'any-bucket', key: 'k', expiresInSeconds: 8 * 24 * 3600 });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/at most 7 days/) } });
    const props = (properties: object) => getCall()('objects.updateProperties', { connectionId: 'local', bucket: 'any-bucket', key: 'k', etag: 'e', properties });
    expect(await props({ contentType: 'text/plain', metadata: { 'two words': 'x' } })).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/single words/) } });
    expect(await props({ contentType: 'text/plain', metadata: { city: 'Zürich' } })).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/printable ASCII/) } });
    expect(await props({ contentType: 'plain', metadata: {} })).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/type\/subtype/) } });
    expect(await props({ contentType: 'text/plain', metadata: { a: 'x'.repeat(700), b: 'y'.repeat(700), c: 'z'.repeat(700) } })).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/2 KB/) } });
    const tags = (list: object[]) => getCall()('objects.setTags', { connectionId: 'local', bucket: 'any-bucket', key: 'k', tags: list });
    const tag = (i: number) => ({ key: `k${i}`, value: 'v' });
    expect(await tags(Array.from({ length: 11 }, (_, i) => tag(i)))).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/at most 10 tags/) } });
    expect(await tags([tag(1), tag(1)])).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/only once/) } });
    expect(await tags([{ key: 'a', value: 'x;y' }])).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/Tag values may hold/) } });
  });
});

describe('push events over the socket', () => {
  it('delivers timeline records live and replays them by sequence number', async () => {
    const before = host.hub.lastSeq;
    await host.dispatch('buckets.create', { connectionId: 'local', bucket: 'contract-push' });
    await expect.poll(() => ws.events.filter((e) => e.seq > before && e.name === 'timeline').length).toBeGreaterThan(0);
    const missed = await ok<{ seq: number }[]>((m, i) => ws.call(m, i), 'app.missedEvents', { afterSeq: before });
    expect(missed.map((e) => e.seq)).toEqual(ws.events.filter((e) => e.seq > before).map((e) => e.seq));
  });
});
