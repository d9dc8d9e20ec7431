// Creating a bucket on Tencent COS, whose bucket names carry the account's APPID (photos-1250000000). COS cannot
// be reached from here: a loopback server answers ListBuckets as COS does for an account with APPID 1250000000
// and records every request, standing in for cos.<region>.myqcloud.com.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServices } from './support/services.ts';

let server: Server;
let endpoint: string;
const seen: string[] = [];
let listing: 'ok' | 'denied' = 'ok';
const s = buildServices();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://cos').pathname;
    seen.push(`${req.method} ${path}`);
    req.resume();
    if (req.method === 'GET' && path === '/') {
      if (listing === 'denied') {
        res.writeHead(403, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName></Owner>' +
          '<Buckets><Bucket><Name>examplebucket-1250000000</Name><Location>ap-guangzhou</Location><CreationDate>2026-01-02T03:04:05Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
      );
      return;
    }
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  s.pool.destroy();
  await new Promise((resolve) => server.close(resolve));
});

it('refuses a COS bucket name without the APPID before sending it, naming the APPID of the account', async () => {
  const { id } = await s.connections.save({
    name: 'COS Guangzhou', provider: 'cos', endpoint, region: 'ap-guangzhou', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED',
    accessKeyId: 'AKIDcosexample', secretAccessKey: 'cos-secret-0000',
  });
  await expect(s.buckets.create({ connectionId: id, bucket: 'photos' })).rejects.toMatchObject({
    code: 'InvalidBucketName',
    message: 'COS bucket names end with the account\'s APPID: "photos" has none',
    hint: 'Name it photos-1250000000.',
  });
  expect(seen.filter((r) => r.startsWith('PUT'))).toEqual([]);
  expect(s.recorder.actions).toEqual([]);

  // A key that may not list the buckets gets the rule without a guess.
  listing = 'denied';
  await expect(s.buckets.create({ connectionId: id, bucket: 'photos' })).rejects.toMatchObject({ hint: expect.stringContaining('photos-1250000000 for APPID 1250000000') });

  await s.buckets.create({ connectionId: id, bucket: 'photos-1250000000' });
  expect(seen.filter((r) => r.startsWith('PUT'))).toEqual(['PUT /photos-1250000000/']);
});

it('leaves other providers alone', async () => {
  const { id } = await s.connections.save({
    name: 'MinIO', provider: 'minio', endpoint, region: 'us-east-1', forcePathStyle: true, checksumMode: 'WHEN_REQUIRED',
    accessKeyId: 'minioadmin', secretAccessKey: 'minio-secret-0000',
  });
  await s.buckets.create({ connectionId: id, bucket: 'photos' });
  expect(seen).toContain('PUT /photos/');
});
