// TLS as a user meets it with a self-hosted MinIO or Ceph: a self-signed certificate the connection can be told
// to trust, and an http:// endpoint on a port that speaks HTTPS. The servers are local stand-ins for remote ones
// (which these tests cannot reach): the fake S3 endpoint over HTTPS with a throwaway self-signed certificate, and
// a port that, like Go's net/http (MinIO), answers a plain-HTTP request with "400 Client sent an HTTP request to
// an HTTPS server" and a TLS ClientHello with the HTTPS server.
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../../electron/shared/dto.ts';
import { AppError } from '../../../electron/shared/errors.ts';
import { FAKE_KEYS, startFakeS3Tls, type FakeS3 } from './support/fake-s3.ts';
import { opensslAvailable, selfSignedCert } from './support/self-signed.ts';
import { buildServices } from './support/services.ts';

const hasOpenssl = await opensslAvailable();
if (!hasOpenssl) {
  const message = 'openssl not found: self-signed TLS tests NOT run (install with: apt-get install -y openssl)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
}

describe.skipIf(!hasOpenssl)('self-signed TLS', () => {
  let cert: { key: string; cert: string };
  let other: { key: string; cert: string };
  let tls: FakeS3;
  let s: ReturnType<typeof buildServices>;

  beforeAll(async () => {
    [cert, other] = await Promise.all([selfSignedCert(), selfSignedCert()]);
    tls = await startFakeS3Tls(cert);
    s = buildServices();
  });

  afterAll(async () => {
    s?.pool.destroy();
    await tls?.close();
  });

  const input = (extra: Partial<ConnectionInput> = {}, endpoint = tls.endpoint): ConnectionInput => ({
    name: 'minio with its own certificate',
    provider: 'minio',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    accessKeyId: FAKE_KEYS.ok,
    secretAccessKey: 'fake-secret-key-0000',
    ...extra,
  });

  it('is refused until the connection trusts the certificate; the hint says where to put it', async () => {
    const refused = await s.connections.test({ connection: input() });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ code: 'TlsError', message: expect.stringMatching(/self-signed/) });
    expect(refused.error?.hint).toMatch(/Trusted certificates/);

    // MinIO's public.crt as a user would paste it, with the text around it that openssl's tools print.
    const pasted = `subject=CN = 127.0.0.1\nissuer=CN = 127.0.0.1\n${cert.cert}\n`;
    const trusted = await s.connections.test({ connection: input({ caCertificate: pasted }) });
    expect(trusted).toEqual({ ok: true, latencyMs: expect.any(Number), bucketCount: 2 });

    // Another self-signed certificate is no key to this server.
    const wrong = await s.connections.test({ connection: input({ caCertificate: other.cert }) });
    expect(wrong.error?.code).toBe('TlsError');
  });

  it('a trusted certificate for another host name: says which name to use in the endpoint', async () => {
    const named = await selfSignedCert('DNS:minio.lab');
    const server = await startFakeS3Tls(named);
    try {
      const result = await s.connections.test({ connection: input({ caCertificate: named.cert }, server.endpoint) });
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('TlsError');
      expect(result.error?.message).toBe(`TLS error at ${server.endpoint}: the certificate is for minio.lab, not 127.0.0.1`);
      expect(result.error?.hint).toMatch(new RegExp(`^Use ${server.endpoint.replace('127.0.0.1', 'minio.lab').replaceAll('.', '\\.')} as the endpoint`));
    } finally {
      await server.close();
    }
  });

  it('a saved connection keeps its certificate (only the blocks), browses with it, and loses it when cleared', async () => {
    const saved = await s.connections.save(input({ caCertificate: `# MinIO lab\n${cert.cert}` }));
    expect(saved.caCertificate).toBe(cert.cert.trim() + '\n');
    expect((await s.buckets.list({ connectionId: saved.id })).map((b) => b.name)).toEqual(['alpha', 'beta']);
    expect(await s.connections.test({ id: saved.id })).toMatchObject({ ok: true });

    // The trust is this connection's own: another connection to the same server still refuses the certificate.
    const plain = await s.connections.save(input({ name: 'without' }));
    await expect(s.buckets.list({ connectionId: plain.id })).rejects.toMatchObject({ code: 'TlsError' });

    const cleared = await s.connections.save({ ...input({ caCertificate: '' }), id: saved.id });
    expect(cleared.caCertificate).toBeUndefined();
    await expect(s.buckets.list({ connectionId: saved.id })).rejects.toMatchObject({ code: 'TlsError' });
  });

  it('refuses text that is not a certificate, naming the field', async () => {
    const attempts: [string, RegExp][] = [
      ['not a certificate', /Paste PEM certificates/],
      [cert.key, /private key/],
      [`${cert.cert}\n${cert.key}`, /private key/],
      [cert.cert.replace(/[A-Za-z0-9+/]{40}\n/, '\n'), /not a valid PEM certificate/],
    ];
    for (const [caCertificate, message] of attempts) {
      const err = await s.connections.save(input({ caCertificate })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).fields?.caCertificate).toMatch(message);
    }
    expect(await s.connections.list()).not.toContainEqual(expect.objectContaining({ caCertificate: expect.stringContaining('PRIVATE KEY') }));
  });

  it('http:// to a port that speaks HTTPS: says so and names the https:// endpoint, for a reset and for a Go-style 400', async () => {
    // Node's HTTPS server resets a plain-HTTP request.
    const reset = await s.connections.test({ connection: input({}, tls.endpoint.replace('https:', 'http:')) });
    expect(reset.ok).toBe(false);
    expect(reset.error?.message).toMatch(/speaks HTTPS, not plain HTTP/);
    expect(reset.error?.hint).toBe(`Change the endpoint to ${tls.endpoint}.`);

    const dual = await startGoStyleTlsPort(cert);
    try {
      const go = await s.connections.test({ connection: input({}, `http://127.0.0.1:${dual.port}`) });
      expect(go.ok).toBe(false);
      expect(go.error?.message).toMatch(/speaks HTTPS/);
      expect(go.error?.hint).toBe(`Change the endpoint to https://127.0.0.1:${dual.port}.`);
      // And over https:// with the certificate trusted, the same port is an S3 server.
      expect(await s.connections.test({ connection: input({ caCertificate: cert.cert }, `https://127.0.0.1:${dual.port}`) })).toMatchObject({ ok: true });
    } finally {
      await dual.close();
    }
  });
});

/** A port that answers TLS with an S3 endpoint and plain HTTP with Go's 400, as MinIO started with certificates does. */
async function startGoStyleTlsPort(tlsOptions: { key: string; cert: string }): Promise<{ port: number; close(): Promise<void> }> {
  const https: HttpsServer = createHttpsServer(tlsOptions, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>');
  });
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      // 0x16 starts a TLS handshake record; anything else is plain text.
      if (first[0] !== 0x16) {
        socket.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
        return;
      }
      // The bytes already read go first: a stream in front of the socket (TLS over a bare socket would read
      // from its handle and miss them).
      const front = new Duplex({
        read: () => socket.resume(),
        write: (chunk: Buffer, _enc, done) => socket.write(chunk, done),
        final: (done) => socket.end(done),
        destroy: (err, done) => {
          socket.destroy();
          done(err);
        },
      });
      front.push(first);
      socket.on('data', (chunk: Buffer) => front.push(chunk) || socket.pause());
      socket.on('end', () => front.push(null));
      https.emit('connection', front);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
