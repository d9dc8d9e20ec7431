// Puts many empty objects into a bucket over real S3 requests with the AWS SDK, from its own process so the
// client and the embedded server (in the test process) use both cores. Prints one JSON line when done.
// Usage: node put-many.mjs <endpoint> <accessKeyId> <secretAccessKey> <bucket> <keyPattern with {n}> <count> [concurrency]
import { Agent } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const [endpoint, accessKeyId, secretAccessKey, bucket, pattern, countArg, concurrencyArg = '32'] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const width = String(count - 1).length;
const client = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId, secretAccessKey },
  requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }) }),
});

const started = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const n = next++;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: pattern.replace('{n}', String(n).padStart(width, '0')), Body: new Uint8Array(0) }));
    }
  }),
);
client.destroy();
process.stdout.write(`${JSON.stringify({ count, ms: Date.now() - started })}\n`);
