// Authentication: SigV4 headers, presigned URLs (expiry), wrong keys and secrets, skewed clocks, and signed
// aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) built by hand as the AWS docs describe them.
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { bodyBytes, bucketName, CREDENTIALS, errorCode, expectS3Error, makeClient, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
const b = bucketName('auth');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'secret.txt', Body: 'classified' }));
});
afterAll(async () => h.close());

describe('signatures', () => {
  it('rejects a wrong secret, an unknown key and anonymous requests', async () => {
    const wrongSecret = makeClient(h.server.endpoint, { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' });
    await expectS3Error(wrongSecret.send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
    const unknown = makeClient(h.server.endpoint, { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expectS3Error(unknown.send(new GetObjectCommand({ Bucket: b, Key: 'secret.txt' })), 'InvalidAccessKeyId', 403);
    const anon = await fetch(`${h.server.endpoint}/${b}/secret.txt`);
    expect(anon.status).toBe(403);
    expect(errorCode(await anon.text())).toBe('AccessDenied');
    wrongSecret.destroy();
    unknown.destroy();
  });

  it('rejects a body that does not match the signed x-amz-content-sha256', async () => {
    const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/tampered`, body: 'actual body', payloadHash: createHash('sha256').update('signed body').digest('hex') });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
  });

  it('answers RequestTimeTooSkewed for a clock 20 minutes off', async () => {
    const skewed = makeClient(h.server.endpoint, CREDENTIALS, { systemClockOffset: -20 * 60 * 1000 });
    await expectS3Error(skewed.send(new ListBucketsCommand({})), 'RequestTimeTooSkewed', 403);
    skewed.destroy();
    const res = await rawRequest(h.server.endpoint, { method: 'GET', path: '/', signingDate: new Date(Date.now() + 16 * 60 * 1000) });
    expect([res.status, errorCode(res.body)]).toEqual([403, 'RequestTimeTooSkewed']);
  });
});

describe('virtual-host style', () => {
  it('takes the bucket from a <bucket>.localhost Host header', async () => {
    const port = new URL(h.server.endpoint).port;
    const res = await rawRequest(h.server.endpoint, { method: 'GET', path: '/secret.txt', headers: { host: `${b}.localhost:${port}` } });
    expect([res.status, res.body]).toEqual([200, 'classified']);
  });
});

describe('presigned URLs', () => {
  it('serves GET and PUT through presigned URLs', async () => {
    const getUrl = await getSignedUrl(h.client, new GetObjectCommand({ Bucket: b, Key: 'secret.txt' }), { expiresIn: 60 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('classified');
    const putUrl = await getSignedUrl(h.client, new PutObjectCommand({ Bucket: b, Key: 'via presign.txt' }), { expiresIn: 60 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded by url' });
    expect(put.status).toBe(200);
    const back = await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'via presign.txt' }));
    expect((await bodyBytes(back.Body)).toString()).toBe('uploaded by url');
    expect(h.events.at(-1)).toMatchObject({ type: 'ObjectCreated:Put', key: 'via presign.txt', accessKeyId: CREDENTIALS.accessKeyId });
  });

  it('refuses an expired URL and a tampered one', async () => {
    const old = await getSignedUrl(h.client, new GetObjectCommand({ Bucket: b, Key: 'secret.txt' }), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const expired = await fetch(old);
    const body = await expired.text();
    expect(expired.status).toBe(403);
    expect(errorCode(body)).toBe('AccessDenied');
    expect(body).toContain('Request has expired');
    const fresh = await getSignedUrl(h.client, new GetObjectCommand({ Bucket: b, Key: 'secret.txt' }), { expiresIn: 60 });
    const tampered = await fetch(fresh.replace('secret.txt', 'other.txt'));
    expect(tampered.status).toBe(403);
    expect(errorCode(await tampered.text())).toBe('SignatureDoesNotMatch');
  });
});

/** Independent implementation of the signed-chunk format (AWS "sigv4-streaming" page), to drive the server. */
async function putSignedChunks(key: string, chunks: Buffer[], corruptChunk?: number): Promise<{ status: number; body: string }> {
  const url = new URL(h.server.endpoint);
  const now = new Date();
  const longDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/us-east-1/s3/aws4_request`;
  const hmac = (k: Buffer | string, d: string): Buffer => createHmac('sha256', k).update(d).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, shortDate), 'us-east-1'), 's3'), 'aws4_request');
  const sha = (d: Buffer | string): string => createHash('sha256').update(d).digest('hex');
  const decodedLength = chunks.reduce((n, c) => n + c.length, 0);
  const frames = [...chunks, Buffer.alloc(0)];
  const sigLen = 64;
  const encodedLength = frames.reduce((n, c) => n + c.length.toString(16).length + ';chunk-signature='.length + sigLen + 4 + c.length, 0);
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'content-length': String(encodedLength),
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'x-amz-date': longDate,
    'x-amz-decoded-content-length': String(decodedLength),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['PUT', `/${b}/${key}`, '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'].join('\n');
  const seed = hmac(signingKey, ['AWS4-HMAC-SHA256', longDate, scope, sha(canonical)].join('\n')).toString('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${seed}`;
  let previous = seed;
  const body: Buffer[] = [];
  frames.forEach((c, i) => {
    const sig = hmac(signingKey, ['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, previous, sha(''), sha(c)].join('\n')).toString('hex');
    previous = sig;
    const data = i === corruptChunk ? Buffer.from(c).fill(0x21) : c;
    body.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'));
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path: `/${b}/${key}`, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(Buffer.concat(body));
  });
}

describe('signed aws-chunked bodies', () => {
  it('accepts a correctly signed chunk stream', async () => {
    const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'b')];
    const res = await putSignedChunks('chunked.bin', chunks);
    expect(res.status).toBe(200);
    const got = await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'chunked.bin' }))).Body);
    expect(got.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('rejects a stream whose chunk does not match its signature and stores nothing', async () => {
    const res = await putSignedChunks('bad-chunk.bin', [Buffer.alloc(8192, 'a'), Buffer.alloc(10, 'b')], 1);
    expect([res.status, errorCode(res.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'bad-chunk.bin' })), 'NoSuchKey', 404);
  });
});
