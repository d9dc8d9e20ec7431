// Bucket tagging (PutBucketTagging/GetBucketTagging/DeleteBucketTagging) through the real AWS SDK: the tag set is
// kept across a restart, NoSuchTagSet without one, S3's limits (50 tags, unique keys). It answered NotImplemented.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, DeleteBucketTaggingCommand, GetBucketTaggingCommand, PutBucketTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import { CREDENTIALS, expectS3Error, makeClient } from './support.ts';

let root: string;
let server: LocalServer;
let client: S3Client;
const Bucket = 'tagged-bucket';
const start = async (): Promise<void> => {
  server = await startLocalServer({ dataDir: join(root, 'data'), credentials: [CREDENTIALS] });
  client = makeClient(server.endpoint);
};
const stop = async (): Promise<void> => {
  client.destroy();
  await server.close();
};
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bs-bucket-tags-'));
  await start();
  await client.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  await stop();
  await rm(root, { recursive: true, force: true });
});

describe('bucket tagging', () => {
  it('puts, gets (also after a restart), replaces and deletes the tag set', async () => {
    await expectS3Error(client.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet', 404);
    const TagSet = [{ Key: 'team', Value: 'storage' }, { Key: 'cost-center', Value: '42' }];
    const put = await client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    await stop();
    await start();
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    await client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'only', Value: '' }] } }));
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: 'only', Value: '' }]);
    await client.send(new DeleteBucketTaggingCommand({ Bucket }));
    await expectS3Error(client.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet', 404);
  });

  it('allows 50 tags (objects allow 10), refuses 51 and repeated keys; a missing bucket is NoSuchBucket', async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tags(50) } }));
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toHaveLength(50);
    await expectS3Error(client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tags(51) } })), 'InvalidTag', 400);
    const dup = [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }];
    await expectS3Error(client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: dup } })), 'InvalidTag', 400);
    expect((await client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toHaveLength(50);
    await expectS3Error(client.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
  });
});
