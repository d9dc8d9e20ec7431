// Bucket CORS, so a web page can use presigned URLs and POST forms against the server from a browser. It answered
// NotImplemented to PutBucketCors and MethodNotAllowed to every preflight. The configuration goes through the real
// AWS SDK; preflight and the browser's requests are raw HTTP with the headers a browser sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { bucketName, errorCode, expectS3Error, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
let b: string;
const APP = 'http://localhost:5173';
beforeAll(async () => {
  h = await startHarness();
  b = bucketName('cors');
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k.txt', Body: 'hello' }));
});
afterAll(async () => h.close());

const preflight = (method: string, origin: string, requestHeaders?: string, key = 'k.txt') =>
  rawRequest(h.server.endpoint, {
    method: 'OPTIONS',
    path: `/${b}/${key}`,
    unsigned: true,
    headers: { origin, 'access-control-request-method': method, ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}) },
  });

describe('bucket CORS', () => {
  it('without a configuration: GetBucketCors is NoSuchCORSConfiguration and a preflight is 403 AccessForbidden', async () => {
    await expectS3Error(h.client.send(new GetBucketCorsCommand({ Bucket: b })), 'NoSuchCORSConfiguration', 404);
    const res = await preflight('GET', APP);
    expect([res.status, errorCode(res.body)]).toEqual([403, 'AccessForbidden']);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('stores the rules and answers preflights from the first matching rule', async () => {
    const CORSRules = [
      { ID: 'app', AllowedOrigins: [APP, 'https://*.example.com'], AllowedMethods: ['GET', 'PUT', 'POST'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    ];
    await h.client.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules } }));
    expect((await h.client.send(new GetBucketCorsCommand({ Bucket: b }))).CORSRules).toEqual(CORSRules.map((r) => ({ AllowedHeaders: undefined, ExposeHeaders: undefined, ...r })));

    const put = await preflight('PUT', APP, 'Content-Type, X-Amz-Date');
    expect(put.status).toBe(200);
    expect(put.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, PUT, POST',
      'access-control-allow-headers': 'content-type, x-amz-date',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '600',
      'access-control-allow-credentials': 'true',
    });
    expect((await preflight('POST', 'https://shop.example.com')).headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const anyone = await preflight('GET', 'https://elsewhere.test');
    expect([anyone.status, anyone.headers['access-control-allow-origin'], anyone.headers['access-control-allow-credentials']]).toEqual([200, '*', undefined]);
    for (const [method, origin, hdrs] of [['DELETE', APP, undefined], ['PUT', 'https://elsewhere.test', undefined], ['PUT', APP, 'authorization-x']] as const) {
      const refused = await preflight(method, origin, hdrs);
      expect([refused.status, errorCode(refused.body)], `${method} ${origin} ${hdrs}`).toEqual([403, 'AccessForbidden']);
    }
    const bare = await rawRequest(h.server.endpoint, { method: 'OPTIONS', path: `/${b}/k.txt`, unsigned: true });
    expect([bare.status, errorCode(bare.body)]).toEqual([400, 'BadRequest']);
  });

  it('adds Access-Control-* headers to the actual requests of allowed origins, errors included', async () => {
    const url = await getSignedUrl(h.client, new GetObjectCommand({ Bucket: b, Key: 'k.txt' }), { expiresIn: 60 });
    const allowed = await fetch(url, { headers: { origin: APP } });
    expect([allowed.status, allowed.headers.get('access-control-allow-origin'), allowed.headers.get('access-control-expose-headers'), await allowed.text()])
      .toEqual([200, APP, 'ETag', 'hello']);
    const missing = await fetch(url.replace('/k.txt?', '/missing.txt?'), { headers: { origin: APP } });
    expect([missing.status, missing.headers.get('access-control-allow-origin')]).toEqual([403, APP]);
    const noOrigin = await fetch(url);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
    const putUrl = await getSignedUrl(h.client, new PutObjectCommand({ Bucket: b, Key: 'from-browser.txt' }), { expiresIn: 60 });
    const other = await fetch(putUrl, { method: 'PUT', body: 'x', headers: { origin: 'https://elsewhere.test' } });
    expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([200, null]);
  });

  it('refuses bad rules, and DeleteBucketCors removes the configuration', async () => {
    const bad = h.client.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } }));
    const e = await expectS3Error(bad, 'InvalidRequest', 400);
    expect(e.message).toContain('Unsupported method is PATCH');
    await expectS3Error(h.client.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['http://*.*.x'], AllowedMethods: ['GET'] }] } })), 'InvalidRequest', 400);
    expect((await h.client.send(new GetBucketCorsCommand({ Bucket: b }))).CORSRules).toHaveLength(2);
    await h.client.send(new DeleteBucketCorsCommand({ Bucket: b }));
    await expectS3Error(h.client.send(new GetBucketCorsCommand({ Bucket: b })), 'NoSuchCORSConfiguration', 404);
    expect((await preflight('GET', APP)).status).toBe(403);
  });
});
