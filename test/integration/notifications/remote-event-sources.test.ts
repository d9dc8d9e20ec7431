// Real server notifications for remote connections, through the real host (createHost, dispatcher, real
// HTTP everywhere). The "remote" server is a second embedded S3 server: the app talks to it as to any
// S3-compatible endpoint, and a relay in this test plays its webhook target configuration — it POSTs the
// server's own events, in S3 `Records` form, to the app's receiver, as MinIO's notify_webhook would.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import { DEFAULT_FORMAT_CONTEXT } from '../../../electron/main/notifications/format-context.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { formatS3Payload } from '../../../electron/main/notifications/format-s3.ts';
import { RemoteEventSources } from '../../../electron/main/notifications/remote-sources.ts';
import { MemorySecretStore } from '../../../electron/main/connections/secret-store.ts';
import { MemorySettingsStore } from '../../../electron/main/settings/settings-store.ts';
import type { BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { webhookUrlFor, type ConnectionDto, type LocalServerStatus } from '../../../electron/shared/dto.ts';
import type { ActionRecord, EventRecord } from '../../../electron/shared/timeline.ts';
import { handlerDir } from './engine-helpers.ts';

const REMOTE_KEYS = { accessKeyId: 'REMOTEKEY', secretAccessKey: 'remote-secret-key' };
const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bucketscope-remote-events-'));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function call<T>(host: Host, method: string, input?: unknown): Promise<T> {
  const response = await host.dispatch(method, input);
  if (!response.ok) throw new Error(`${method}: ${response.error.code} ${response.error.message}`);
  return response.result as T;
}

/** A saved connection as `connections.save` input (secret kept), with another event source. */
const edit = (c: ConnectionDto, eventSource: string) => ({
  id: c.id,
  name: c.name,
  provider: c.provider,
  endpoint: c.endpoint,
  region: c.region,
  forcePathStyle: c.forcePathStyle,
  checksumMode: c.checksumMode,
  accessKeyId: c.accessKeyId,
  eventSource,
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('webhook event source through the host', () => {
  let host: Host;
  let remote: LocalServer;
  let connection: ConnectionDto;
  let url: string;
  let token: string;
  /** What the remote server fired, waiting for the relay. */
  const fired: BucketEvent[] = [];
  const events = () => host.engine.timeline.list().filter((r): r is EventRecord => r.type === 'event');
  const action = (operation: string, key: string) =>
    host.engine.timeline.list().find((r): r is ActionRecord => r.type === 'action' && r.operation === operation && r.key === key)!;
  /** The server's webhook target: POSTs what it fired since the last relay. */
  const relay = async () => {
    for (const event of fired.splice(0)) {
      const res = await post(url, formatS3Payload(event, DEFAULT_FORMAT_CONTEXT), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
    }
  };

  beforeAll(async () => {
    remote = await startLocalServer({ dataDir: await tempDir(), credentials: [REMOTE_KEYS] });
    remote.onEvent((e) => fired.push(e));
    // Long enough that a slow, shared machine never flags an event the relay is about to deliver.
    host = await createHost({ dataDir: await tempDir(), mode: 'browser', version: '0.0.0', missingEventAfterMs: 4000 });
    connection = await call<ConnectionDto>(host, 'connections.save', {
      name: 'Remote MinIO',
      provider: 'minio',
      endpoint: remote.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_REQUIRED',
      ...REMOTE_KEYS,
      eventSource: 'webhook',
    });
    const status = await call<LocalServerStatus>(host, 'server.status');
    url = webhookUrlFor(status.webhook, connection.id);
    token = (await call<{ token: string }>(host, 'server.revealWebhookToken')).token;
    await call(host, 'buckets.create', { connectionId: connection.id, bucket: 'inbox' });
  });
  afterAll(async () => {
    await host?.close();
    await remote?.close();
  });

  it('shows the receiver in the server status and the choice on the connection', async () => {
    const status = await call<LocalServerStatus>(host, 'server.status');
    expect(status.webhook).toMatchObject({ running: true, endpoint: `${status.webhook.baseUrl}/events/{connectionId}`, tokenHint: `••••${token.slice(-4)}` });
    expect(status.webhook.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.webhook.error).toBeUndefined();
    expect(url).toBe(`${status.webhook.baseUrl}/events/${connection.id}`);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(status)).not.toContain(token);
    const listed = await call<ConnectionDto[]>(host, 'connections.list');
    expect(listed.map((c) => [c.id, c.eventSource])).toEqual([
      ['local', 'embedded'],
      [connection.id, 'webhook'],
    ]);
    // 'embedded' belongs to the Local connection: not a choice for a remote one.
    const refused = await host.dispatch('connections.save', edit(connection, 'embedded'));
    expect(refused.ok).toBe(false);
  });

  it('correlates a real POSTed notification with the app action: one webhook event, same actionId, with latency', async () => {
    await call(host, 'objects.createFolder', { connectionId: connection.id, bucket: 'inbox', prefix: 'docs/' });
    await call(host, 'objects.copy', { connectionId: connection.id, from: { bucket: 'inbox', key: 'docs/' }, to: { bucket: 'inbox', key: 'copy.txt' } });
    expect(fired.map((e) => `${e.type} ${e.key}`)).toEqual(['ObjectCreated:Put docs/', 'ObjectCreated:Copy copy.txt']);
    await relay();
    await host.engine.idle();

    for (const [operation, key, name] of [['PutObject', 'docs/', 'cos:ObjectCreated:Put'], ['CopyObject', 'copy.txt', 'cos:ObjectCreated:Copy']] as const) {
      const forKey = events().filter((e) => e.key === key);
      // Exactly one: no "observed" twin next to the delivered event.
      expect(forKey).toHaveLength(1);
      expect(forKey[0]).toMatchObject({ source: 'webhook', connectionId: connection.id, actionId: action(operation, key).actionId, eventName: name, bucket: 'inbox' });
      expect(forKey[0]!.latencyMs).toBeGreaterThanOrEqual(0);
      expect(forKey[0]!.missing).toBeUndefined();
    }
  });

  it('answers 401 to a missing or wrong bearer token and records nothing', async () => {
    await call(host, 'objects.createFolder', { connectionId: connection.id, bucket: 'inbox', prefix: 'unauth/' });
    const body = formatS3Payload(fired.splice(0)[0]!, DEFAULT_FORMAT_CONTEXT);
    const before = events().length;
    expect((await post(url, body)).status).toBe(401);
    expect((await post(url, body, { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await post(url, body, { authorization: token })).status).toBe(401);
    await host.engine.idle();
    expect(events()).toHaveLength(before);
    // ...and the expected event, never delivered with a valid token, is flagged (next test waits for it).
  });

  it('flags the expected event of an action the server never notified about as missing', async () => {
    await call(host, 'objects.remove', { connectionId: connection.id, bucket: 'inbox', objects: [{ key: 'copy.txt' }] });
    fired.splice(0); // the server "forgot" to deliver
    const remove = action('DeleteObject', 'copy.txt');
    await expect.poll(() => events().find((e) => e.actionId === remove.actionId), { timeout: 15_000, interval: 100 }).toBeTruthy();
    expect(events().find((e) => e.actionId === remove.actionId)).toMatchObject({
      missing: true,
      source: 'webhook',
      eventName: 'cos:ObjectRemove:Delete', // as a delivered one would be spelled (default dialect, no trigger)
      key: 'copy.txt',
      connectionId: connection.id,
    });
    await expect.poll(() => events().find((e) => e.key === 'unauth/')?.missing, { timeout: 15_000, interval: 100 }).toBe(true);
  });

  it('correlates a notification the server sent before the app had read its response', async () => {
    // The remote server's webhook fires the moment it commits, as a fast local MinIO does.
    const off = remote.onEvent((e) => void post(url, formatS3Payload(e, DEFAULT_FORMAT_CONTEXT), { authorization: `Bearer ${token}` }));
    try {
      await call(host, 'objects.createFolder', { connectionId: connection.id, bucket: 'inbox', prefix: 'fast/' });
      fired.splice(0);
      await expect.poll(() => events().filter((e) => e.key === 'fast/'), { timeout: 5000 }).toHaveLength(1);
      expect(events().find((e) => e.key === 'fast/')).toMatchObject({ source: 'webhook', actionId: action('PutObject', 'fast/').actionId });
      expect(events().find((e) => e.key === 'fast/')!.missing).toBeUndefined();
    } finally {
      off();
    }
  });

  it('an observed connection gets observed events and expects nothing', async () => {
    const observed = await call<ConnectionDto>(host, 'connections.save', edit(connection, 'observed'));
    expect(observed.eventSource).toBe('observed');
    await call(host, 'objects.createFolder', { connectionId: connection.id, bucket: 'inbox', prefix: 'seen/' });
    await host.engine.idle();
    expect(events().filter((e) => e.key === 'seen/')).toEqual([expect.objectContaining({ source: 'observed', actionId: action('PutObject', 'seen/').actionId })]);
    // A server still configured for it is turned away (its events would double the observed ones)...
    const body = formatS3Payload(fired.splice(0)[0]!, DEFAULT_FORMAT_CONTEXT);
    const refused = await post(url, body, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain("gets its events by 'observed'");
    // ...and so is a delivery for a connection that does not exist.
    expect((await post(url.replace(connection.id, 'no-such-connection'), body, { authorization: `Bearer ${token}` })).status).toBe(404);
    await host.engine.idle();
    expect(events().filter((e) => e.key === 'seen/')).toHaveLength(1);
  });
});

describe('early arrivals', () => {
  it('holds a delivery that beats the end of its action, then correlates it (latency 0)', async () => {
    const engine = new TriggerEngine({ missingAfterMs: 60_000 });
    try {
      const receiver = await engine.startWebhookReceiver({ token: 't' });
      engine.correlator.watch('m');
      const put = engine.actions.begin('PutObject', 'm', 'b', 'k.txt');
      const body = { Records: [{ eventName: 's3:ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: 'b' }, object: { key: 'k.txt', size: 1, eTag: 'e' } } }] };
      expect((await post(receiver.urlFor('m'), body, { authorization: 'Bearer t' })).status).toBe(200);
      expect(engine.timeline.list().filter((r) => r.type === 'event')).toEqual([]); // waiting for its action
      engine.actions.end(put, 'ok', { durationMs: 1, objects: [{ key: 'k.txt', etag: 'e', size: 1 }] });
      await expect.poll(() => engine.timeline.list().filter((r) => r.type === 'event'), { timeout: 5000 }).toHaveLength(1);
      expect(engine.timeline.list().find((r) => r.type === 'event')).toMatchObject({ source: 'webhook', actionId: put, latencyMs: 0 });
      // One no action explains (another client's write) is recorded unattributed after the grace time.
      expect((await post(receiver.urlFor('m'), { Records: [{ ...body.Records[0], s3: { bucket: { name: 'b' }, object: { key: 'other.txt' } } }] }, { authorization: 'Bearer t' })).status).toBe(200);
      await expect.poll(() => engine.timeline.list().filter((r) => r.type === 'event'), { timeout: 5000 }).toHaveLength(2);
      expect(engine.timeline.list().filter((r): r is EventRecord => r.type === 'event')[1]).toMatchObject({ key: 'other.txt', source: 'webhook' });
      expect(engine.timeline.list().filter((r): r is EventRecord => r.type === 'event')[1]!.actionId).toBeUndefined();
    } finally {
      await engine.close();
    }
  });
});

describe('missing-event timeout setting', () => {
  it('events.missingAfterMs applies at run time', async () => {
    const host = await createHost({ dataDir: await tempDir(), mode: 'browser', version: '0.0.0' });
    try {
      await call(host, 'settings.update', { events: { missingAfterMs: 600 } });
      const conn = await call<ConnectionDto>(host, 'connections.save', {
        name: 'R', provider: 'minio', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true,
        checksumMode: 'WHEN_REQUIRED', accessKeyId: 'k', secretAccessKey: 's', eventSource: 'webhook',
      });
      expect(host.engine.correlator.isWatched(conn.id)).toBe(true); // in effect when save returns
      // An app action as the S3 layer reports it (the default, 10 s, would not fire within the poll below).
      const put = host.engine.actions.begin('PutObject', conn.id, 'b', 'k.txt');
      host.engine.actions.end(put, 'ok', { durationMs: 1, objects: [{ key: 'k.txt', etag: 'e', size: 1 }] });
      await expect
        .poll(() => host.engine.timeline.list().find((r): r is EventRecord => r.type === 'event' && r.actionId === put)?.missing, { timeout: 5000 })
        .toBe(true);
    } finally {
      await host.close();
    }
  });
});

describe('webhook receiver port and token', () => {
  let host: Host | undefined;
  let blocker: Server | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
    await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
    blocker = undefined;
  });
  const start = async (dataDir: string) => {
    host = await createHost({ dataDir, mode: 'browser', version: '0.0.0' });
    const status = (await host.api.server.status()).webhook;
    const { token } = await host.api.server.revealWebhookToken();
    return { status, token };
  };

  it('keeps the same URL and token across restarts, and says so when the port is taken', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    expect(first.status).toMatchObject({ running: true });
    await host!.close();
    const second = await start(dataDir);
    expect(second.status.baseUrl).toBe(first.status.baseUrl);
    expect(second.token).toBe(first.token);
    expect(second.status.error).toBeUndefined();
    await host!.close();
    host = undefined;

    // Another program holds the port: the app still receives, on another port, and says why.
    const port = Number(new URL(first.status.baseUrl).port);
    blocker = createServer((_req, res) => res.end());
    await new Promise<void>((r) => blocker!.listen(port, '127.0.0.1', r));
    const third = await start(dataDir);
    expect(third.status.running).toBe(true);
    expect(third.status.baseUrl).not.toBe(first.status.baseUrl);
    expect(third.status.error).toContain(`Port ${port}`);
    expect((await fetch(third.status.baseUrl)).status).toBe(200);
    await host!.close();
    host = undefined;
    await new Promise((r) => blocker!.close(r));
    blocker = undefined;

    // The usual port is still the remembered one.
    const fourth = await start(dataDir);
    expect(fourth.status.baseUrl).toBe(first.status.baseUrl);
    expect(fourth.status.error).toBeUndefined();
  });
});

describe('MinIO ListenNotification event source through the host', () => {
  // A stand-in for a remote MinIO (no MinIO binary here): checks the signature's key and keeps each
  // ListenNotification stream open, as MinIO does.
  let host: Host;
  let server: Server;
  let endpoint: string;
  const streams: { req: IncomingMessage; closed: boolean }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=minioadmin/')) {
        res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
        return;
      }
      const entry = { req, closed: false };
      streams.push(entry);
      res.on('close', () => (entry.closed = true));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(' \n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    host = await createHost({ dataDir: await tempDir(), mode: 'browser', version: '0.0.0' });
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('follows the buckets that have triggers, and stops on trigger removal, connection change and close', async () => {
    const conn = await call<ConnectionDto>(host, 'connections.save', {
      name: 'MinIO',
      provider: 'minio',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_REQUIRED',
      accessKeyId: 'minioadmin',
      secretAccessKey: 'minioadmin',
      eventSource: 'minio-listen',
    });
    await host.engine.idle();
    expect(streams).toHaveLength(0); // no triggers yet: nothing to follow
    const fn = await call<{ id: string }>(host, 'functions.save', { name: 'noop', runtime: 'nodejs', path: handlerDir('export const main_handler = () => 1;') });
    const trigger = await call<{ id: string }>(host, 'triggers.save', { connectionId: conn.id, bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    await expect.poll(() => streams.length, { timeout: 5000 }).toBe(1);
    expect(new URL(streams[0]!.req.url!, 'http://x').pathname).toBe('/photos');
    await expect.poll(async () => (await host.api.server.status()).listens, { timeout: 5000 }).toEqual([{ connectionId: conn.id, bucket: 'photos', state: 'listening' }]);
    // Only the followed bucket expects delivered events.
    expect(host.engine.correlator.isWatched(conn.id, 'photos')).toBe(true);
    expect(host.engine.correlator.isWatched(conn.id, 'other')).toBe(false);

    await call(host, 'triggers.remove', { id: trigger.id });
    await expect.poll(() => streams[0]!.closed, { timeout: 5000 }).toBe(true);
    expect((await host.api.server.status()).listens).toEqual([]);

    await call(host, 'triggers.save', { connectionId: conn.id, bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    await expect.poll(() => streams.length, { timeout: 5000 }).toBe(2);
    await call(host, 'connections.save', edit(conn, 'observed'));
    await expect.poll(() => streams[1]!.closed, { timeout: 5000 }).toBe(true);
    expect(host.engine.correlator.isWatched(conn.id, 'photos')).toBe(false);

    await call(host, 'connections.save', edit(conn, 'minio-listen'));
    await expect.poll(() => streams.length, { timeout: 5000 }).toBe(3);
    await host.close();
    await expect.poll(() => streams[2]!.closed, { timeout: 5000 }).toBe(true);
  });

  it('says why a stream cannot start, observes that bucket meanwhile, and tries again', async () => {
    host = await createHost({ dataDir: await tempDir(), mode: 'browser', version: '0.0.0' });
    try {
      const conn = await call<ConnectionDto>(host, 'connections.save', {
        name: 'MinIO wrong key',
        provider: 'minio',
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        checksumMode: 'WHEN_REQUIRED',
        accessKeyId: 'someone-else',
        secretAccessKey: 'x',
        eventSource: 'minio-listen',
      });
      const fn = await call<{ id: string }>(host, 'functions.save', { name: 'noop', runtime: 'nodejs', path: handlerDir('export const main_handler = () => 1;') });
      await call(host, 'triggers.save', { connectionId: conn.id, bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
      await expect.poll(async () => (await host.api.server.status()).listens[0]?.state, { timeout: 5000 }).toBe('failed');
      expect((await host.api.server.status()).listens[0]!.error).toContain('ListenNotification answered 403');
      expect(host.engine.correlator.isWatched(conn.id, 'photos')).toBe(false); // observed meanwhile, never "missing"
      const before = streams.length;
      // The right key: the edit re-syncs and the stream opens.
      await call(host, 'connections.save', { ...edit(conn, 'minio-listen'), accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' });
      await expect.poll(async () => (await host.api.server.status()).listens[0]?.state, { timeout: 5000 }).toBe('listening');
      expect(streams.length).toBe(before + 1);
      expect(host.engine.correlator.isWatched(conn.id, 'photos')).toBe(true);
    } finally {
      await host.close();
    }
  });
});

describe('ListenNotification retry', () => {
  it('a stream that could not start is opened once the server is up', async () => {
    let up = false;
    const opened: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      if (!up) return void res.writeHead(503).end();
      opened.push(req);
      res.writeHead(200).write(' \n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const engine = new TriggerEngine();
    const connection: ConnectionDto = {
      id: 'm', name: 'm', provider: 'minio', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1',
      forcePathStyle: true, checksumMode: 'WHEN_REQUIRED', accessKeyId: 'k', secretHint: '', hasSessionToken: false, builtin: false, eventSource: 'minio-listen',
    };
    const sources = new RemoteEventSources({
      engine,
      connections: { list: async () => [connection], resolve: async () => ({ ...connection, secretAccessKey: 's' }) },
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      listenRetryMs: 50,
    });
    try {
      const fn = engine.functions.save({ name: 'noop', runtime: 'nodejs', path: handlerDir('export const main_handler = () => 1;') });
      engine.triggers.save({ connectionId: 'm', bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
      await sources.start();
      await expect.poll(() => sources.listens()[0]?.state, { timeout: 5000 }).toBe('failed');
      up = true;
      await expect.poll(() => sources.listens()[0]?.state, { timeout: 5000 }).toBe('listening');
      expect(opened).toHaveLength(1);
    } finally {
      await sources.close();
      await engine.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
