// One AWS connection, buckets in several regions. AWS cannot be reached from here: a loopback server stands in
// for it, checking the region each request is signed for against the bucket's region and answering as S3 does
// when they differ — 301 PermanentRedirect with x-amz-bucket-region (a bodiless 400 with the header for HEAD) —
// and naming each bucket's region in ListBuckets (BucketRegion).
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildServices } from './support/services.ts';

const REGION_OF: Record<string, string> = { 'us-photos': 'us-east-1', 'eu-photos': 'eu-west-1', 'ap-photos': 'ap-southeast-1' };
let server: Server;
let endpoint: string;
let seen: { method: string; bucket: string; signedFor: string; status: number }[] = [];
const s = buildServices();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    // Signed in the Authorization header, or in the query (a presigned link).
    const credential = req.headers.authorization ?? `Credential=${new URL(req.url ?? '/', 'http://aws').searchParams.get('X-Amz-Credential') ?? ''}`;
    const signedFor = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(credential)?.[1] ?? '';
    const bucket = new URL(req.url ?? '/', 'http://aws').pathname.split('/')[1] ?? '';
    const answer = (status: number, body = '', headers: Record<string, string> = {}) => {
      seen.push({ method: req.method ?? '', bucket, signedFor, status });
      // A little latency, so requests overlap as they do over a real network.
      setTimeout(() => res.writeHead(status, { ...(body ? { 'content-type': 'application/xml' } : {}), ...headers }).end(body), 15);
    };
    if (bucket === '') {
      const list = Object.entries(REGION_OF).map(([name, region]) => `<Bucket><Name>${name}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>${region}</BucketRegion></Bucket>`);
      return answer(200, `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets>${list.join('')}</Buckets></ListAllMyBucketsResult>`);
    }
    const region = REGION_OF[bucket]!;
    if (signedFor !== region) {
      if (req.method === 'HEAD') return answer(400, '', { 'x-amz-bucket-region': region });
      return answer(301, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>${bucket}.s3.${region}.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket></Error>`, { 'x-amz-bucket-region': region });
    }
    if (req.method === 'HEAD') return answer(200, '', { 'x-amz-bucket-region': region });
    return answer(200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>in-${region}.txt</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  s.pool.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function awsConnection(provider: 'aws' | 'minio' = 'aws'): Promise<string> {
  const saved = await s.connections.save({
    name: `${provider} us-east-1`, provider, endpoint, region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
  return saved.id;
}

const list = (connectionId: string, bucket: string) => s.objects.list({ connectionId, bucket, prefix: '' });

it('requests to a bucket of the connection’s region are never signed for another while a bucket elsewhere is redirected', async () => {
  const id = await awsConnection();
  // Started a few milliseconds apart, so requests to us-photos start while eu-photos requests are being redirected
  // (the SDK's followRegionRedirects signed those for eu-west-1 and they failed).
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < 30; i++) {
    jobs.push(list(id, i % 2 ? 'eu-photos' : 'us-photos'));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const results = await Promise.allSettled(jobs);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  expect(seen.filter((r) => r.bucket === 'us-photos').every((r) => r.signedFor === 'us-east-1' && r.status === 200)).toBe(true);
  // The first request to eu-photos was redirected (nothing was known yet); once answered, the region is remembered.
  expect(seen.filter((r) => r.status === 301).length).toBeGreaterThan(0);
  seen = [];
  expect((await list(id, 'eu-photos')).objects.map((o) => o.key)).toEqual(['in-eu-west-1.txt']);
  expect(seen).toEqual([{ method: 'GET', bucket: 'eu-photos', signedFor: 'eu-west-1', status: 200 }]);
});

it('learns every bucket’s region from the bucket list, so opening one costs no redirect', async () => {
  const id = await awsConnection();
  expect((await s.buckets.list({ connectionId: id })).map((b) => b.name)).toEqual(['ap-photos', 'eu-photos', 'us-photos']);
  seen = [];
  expect((await list(id, 'ap-photos')).objects.map((o) => o.key)).toEqual(['in-ap-southeast-1.txt']);
  expect(seen).toEqual([{ method: 'GET', bucket: 'ap-photos', signedFor: 'ap-southeast-1', status: 200 }]);
});

it('follows the bodiless 400 of a HEAD too', async () => {
  const id = await awsConnection();
  const { client } = await s.pool.get(id);
  await client.send(new HeadBucketCommand({ Bucket: 'ap-photos' }));
  expect(seen.map((r) => `${r.method} ${r.signedFor} ${r.status}`)).toEqual(['HEAD us-east-1 400', 'HEAD ap-southeast-1 200']);
});

it('a streamed body is not sent twice: the first upload to an unknown bucket fails naming the region, the next goes there', async () => {
  const id = await awsConnection();
  const { client } = await s.pool.get(id);
  const put = (body: Readable | string) => client.send(new PutObjectCommand({ Bucket: 'eu-photos', Key: 'a.txt', Body: body, ContentLength: 5 }));
  await expect(put(Readable.from([Buffer.from('hello')]))).rejects.toMatchObject({ $metadata: { httpStatusCode: 301 } });
  await put(Readable.from([Buffer.from('hello')]));
  expect(seen.map((r) => `${r.method} ${r.signedFor} ${r.status}`)).toEqual(['PUT us-east-1 301', 'PUT eu-west-1 200']);
});

it('other providers are not redirected: the error names the region to set', async () => {
  const id = await awsConnection('minio');
  await expect(list(id, 'eu-photos')).rejects.toMatchObject({
    code: 'PermanentRedirect',
    status: 301,
    message: "The bucket is in the region eu-west-1, not the connection's",
    hint: "Set the connection's region to eu-west-1 (or save a copy of the connection for that region).",
  });
  expect(seen).toHaveLength(1);
  // A HEAD's answer has no body, only the header: it names the region as well.
  await expect(s.objects.head({ connectionId: id, bucket: 'ap-photos', key: 'in-ap-southeast-1.txt' })).rejects.toMatchObject({
    message: "The bucket is in the region ap-southeast-1, not the connection's",
  });
});

it('a share link for a bucket of another region is signed for that region', async () => {
  const id = await awsConnection();
  await s.buckets.list({ connectionId: id });
  const eu = new URL((await s.objects.presign({ connectionId: id, bucket: 'eu-photos', key: 'in-eu-west-1.txt', expiresInSeconds: 600 })).url);
  expect(eu.searchParams.get('X-Amz-Credential')).toMatch(/\/eu-west-1\/s3\/aws4_request$/);
  // Opened, the link reaches the bucket signed for its region (the stand-in answers 301 otherwise).
  seen = [];
  const res = await fetch(eu);
  await res.arrayBuffer();
  expect(seen).toEqual([{ method: 'GET', bucket: 'eu-photos', signedFor: 'eu-west-1', status: 200 }]);
  const us = new URL((await s.objects.presign({ connectionId: id, bucket: 'us-photos', key: 'in-us-east-1.txt', expiresInSeconds: 600 })).url);
  expect(us.searchParams.get('X-Amz-Credential')).toMatch(/\/us-east-1\/s3\/aws4_request$/);
});
