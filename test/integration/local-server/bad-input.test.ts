// Hostile and broken input: each answers the right S3 error, the server keeps serving, and nothing is written
// outside the data directory.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { bodyBytes, bucketName, errorCode, expectS3Error, listTree, rawRequest, startHarness, type Harness } from './support.ts';

let h: Harness;
const b = bucketName('bad');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

async function stillServing(): Promise<void> {
  const res = await h.client.send(new ListBucketsCommand({}));
  expect(res.Buckets?.some((x) => x.Name === b)).toBe(true);
}

describe('malformed requests', () => {
  it('answers MalformedXML for broken, empty and DTD-laden documents', async () => {
    const md5 = (s: string): string => createHash('md5').update(s).digest('base64');
    for (const xml of ['<Delete><Object><Key>x</Key></Object>', '', 'not xml at all', '<!DOCTYPE x [<!ENTITY a "aaaa">]><Delete><Object><Key>&a;</Key></Object></Delete>', '<Delete></Delete>', '<Wrong/>']) {
      const res = await rawRequest(h.server.endpoint, { method: 'POST', path: `/${b}`, query: { delete: '' }, body: xml, headers: { 'content-md5': md5(xml) } });
      expect([res.status, errorCode(res.body)], xml).toEqual([400, 'MalformedXML']);
    }
    const versioning = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { versioning: '' }, body: '<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>' });
    expect([versioning.status, errorCode(versioning.body)]).toEqual([400, 'MalformedXML']);
    await stillServing();
  });

  it('refuses huge XML bodies without buffering them', async () => {
    const huge = `<Delete>${'<Object><Key>k</Key></Object>'.repeat(120_000)}</Delete>`;
    const res = await rawRequest(h.server.endpoint, { method: 'POST', path: `/${b}`, query: { delete: '' }, body: huge });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'MaxMessageLengthExceeded']);
    await stillServing();
  });

  it('answers InvalidBucketName, KeyTooLongError, NotImplemented and MethodNotAllowed', async () => {
    const badName = await rawRequest(h.server.endpoint, { method: 'GET', path: '/Bad_Bucket' });
    expect([badName.status, errorCode(badName.body)]).toEqual([400, 'InvalidBucketName']);
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k'.repeat(1025), Body: 'x' })), 'KeyTooLongError', 400);
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'é'.repeat(513), Body: 'x' })), 'KeyTooLongError', 400);
    const analytics = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${b}`, query: { analytics: '' } });
    expect([analytics.status, errorCode(analytics.body)]).toEqual([501, 'NotImplemented']);
    const lifecycle = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}`, query: { lifecycle: '' }, body: '<LifecycleConfiguration/>' });
    expect([lifecycle.status, errorCode(lifecycle.body)]).toEqual([501, 'NotImplemented']);
    const patch = await rawRequest(h.server.endpoint, { method: 'PATCH', path: `/${b}/x` });
    expect([patch.status, errorCode(patch.body)]).toEqual([405, 'MethodNotAllowed']);
    await stillServing();
  });

  it('answers InvalidDigest for a Content-MD5 that is not an MD5', async () => {
    const res = await rawRequest(h.server.endpoint, { method: 'PUT', path: `/${b}/digest`, body: 'abc', headers: { 'content-md5': 'not-base64!' } });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'InvalidDigest']);
  });

  it('keeps traversal keys inside the data directory', async () => {
    const before = new Set(await readdir(h.root));
    const keys = ['../../x', '../../../../../../tmp/escape', '/absolute', '..\\..\\win', 'a/../../b', '%2e%2e/%2e%2e/enc'];
    for (const k of keys) await h.client.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k }));
    for (const k of keys) expect((await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: b, Key: k }))).Body)).toString()).toBe(k);
    const listed = (await h.client.send(new ListObjectsV2Command({ Bucket: b }))).Contents?.map((c) => c.Key);
    for (const k of keys) expect(listed).toContain(k);
    // The temp root holds only the data directory; every file is under it.
    expect(new Set(await readdir(h.root))).toEqual(before);
    const tree = await listTree(h.root);
    expect(tree.every((p) => p.startsWith(`${h.dataDir}/`) || p === h.dataDir)).toBe(true);
  });

  it('does not store a truncated body, and keeps serving', async () => {
    const url = new URL(h.server.endpoint);
    // A client that promises 1 MiB, sends 1 KiB and hangs up.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`PUT /${b}/truncated HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 1048576\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n`);
        socket.write(Buffer.alloc(1024, 1));
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    // An aws-chunked body whose decoded length falls short.
    const body = '400\r\n' + 'a'.repeat(1024) + '\r\n0\r\n\r\n';
    const short = await rawRequest(h.server.endpoint, {
      method: 'PUT',
      path: `/${b}/short-chunked`,
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '4096' },
    });
    expect([short.status, errorCode(short.body)]).toEqual([400, 'IncompleteBody']);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'truncated' })), 'NoSuchKey', 404);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'short-chunked' })), 'NoSuchKey', 404);
    await stillServing();
  });

  it('rejects an aws-chunked trailer checksum that does not match', async () => {
    const data = 'hello trailer';
    const body = `${data.length.toString(16)}\r\n${data}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
    const res = await rawRequest(h.server.endpoint, {
      method: 'PUT',
      path: `/${b}/trailer`,
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' },
    });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'BadDigest']);
  });
});
