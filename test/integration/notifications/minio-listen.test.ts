// ListenNotification against a stand-in for a remote MinIO server (no MinIO binary here): a real HTTP
// server that checks the signed request and streams MinIO-shaped event lines.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../electron/shared/timeline.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { handlerDir } from './engine-helpers.ts';
import { opensslAvailable, selfSignedCert } from '../s3-service/support/self-signed.ts';

const hasOpenssl = await opensslAvailable();
if (!hasOpenssl) {
  const message = 'openssl not found: the self-signed MinIO stream test is NOT run (install with: apt-get install -y openssl)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
}

let engine: TriggerEngine | undefined;
const servers: { closeAllConnections(): void; close(): void }[] = [];
afterEach(async () => {
  await engine?.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeMinio() {
  const requests: IncomingMessage[] = [];
  const streams: ServerResponse[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=minioadmin/')) {
      res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(' \n'); // keep-alive, as MinIO sends
    streams.push(res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, streams };
}

const record = (key: string) => ({
  eventVersion: '2.0',
  eventSource: 'minio:s3',
  eventTime: new Date().toISOString(),
  eventName: 's3:ObjectCreated:Put',
  s3: { bucket: { name: 'photos' }, object: { key, size: 3, eTag: 'abc', sequencer: '1800' } },
});

describe('MinIO ListenNotification', () => {
  it('streams signed, correlates events with the app action and runs triggers', async () => {
    const minio = await fakeMinio();
    engine = new TriggerEngine({ missingAfterMs: 60_000 });
    const fn = engine.functions.save({ name: 'seen', runtime: 'nodejs', path: handlerDir(`export const main_handler = (e) => e.Records[0].s3.object.key;`) });
    engine.triggers.save({ connectionId: 'minio', bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    await engine.listenMinio({ connectionId: 'minio', endpoint: minio.endpoint, region: 'us-east-1', accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin', bucket: 'photos', prefix: 'a/' });

    const req = minio.requests[0]!;
    const url = new URL(req.url!, 'http://x');
    expect(url.pathname).toBe('/photos');
    expect(url.searchParams.getAll('events')).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    expect(url.searchParams.get('prefix')).toBe('a/');
    expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=minioadmin\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);

    const put = engine.actions.begin('PutObject', 'minio', 'photos', 'a/b c.txt');
    engine.actions.end(put, 'ok', { durationMs: 3, objects: [{ key: 'a/b c.txt', etag: 'abc', size: 3 }] });
    minio.streams[0]!.write(`${JSON.stringify({ Records: [record('a/b+c.txt')] })}\n`);
    await expect.poll(() => engine!.timeline.list().some((r) => r.type === 'execution'), { timeout: 5000 }).toBe(true);
    await engine.idle();
    const event = engine.timeline.list().find((r): r is EventRecord => r.type === 'event')!;
    expect(event).toMatchObject({ source: 'minio-listen', connectionId: 'minio', actionId: put, key: 'a/b c.txt', eventName: 'ObjectCreated:Put' });
    expect(event.latencyMs).toBeGreaterThanOrEqual(0);
    // An action whose event the stream never brings is flagged missing, labelled with the stream as its source.
    expect(engine.correlator.sourceOf('minio')).toBe('minio-listen');
    expect(engine.timeline.list().find((r) => r.type === 'execution')).toMatchObject({ status: 'success', result: 'a/b+c.txt' });
  });

  it('reconnects when the stream drops, and reports a refused stream', async () => {
    const minio = await fakeMinio();
    engine = new TriggerEngine();
    await engine.listenMinio({ connectionId: 'm', endpoint: minio.endpoint, region: 'us-east-1', accessKeyId: 'minioadmin', secretAccessKey: 's', bucket: 'b', reconnectMs: 20 });
    minio.streams[0]!.end();
    await expect.poll(() => minio.requests.length, { timeout: 5000 }).toBe(2);
    await expect(
      engine.listenMinio({ connectionId: 'm', endpoint: minio.endpoint, region: 'us-east-1', accessKeyId: 'wrong', secretAccessKey: 's', bucket: 'b' }),
    ).rejects.toThrow('ListenNotification answered 403');
  });
});

describe.skipIf(!hasOpenssl)('MinIO ListenNotification over HTTPS with a self-signed certificate', () => {
  it('is refused until the connection trusts the certificate, then streams', async () => {
    const cert = await selfSignedCert();
    const server = createTlsServer({ key: cert.key, cert: cert.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(' \n');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = new TriggerEngine({ missingAfterMs: 60_000 });
    const opts = { connectionId: 'minio', endpoint, region: 'us-east-1', accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin', bucket: 'photos' };
    await expect(engine.listenMinio(opts)).rejects.toThrow(/self[- ]signed/i);
    const listener = await engine.listenMinio({ ...opts, caCertificate: cert.cert });
    listener.stop();
  });
});
