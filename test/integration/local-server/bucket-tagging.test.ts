// Bucket tagging (PutBucketTagging/GetBucketTagging/DeleteBucketTagging) through the real AWS SDK: the tag set is
// kept across a restart, NoSuchTagSet without one, S3's limits (50 tags, unique keys). It answered NotImplemented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, DeleteBucketTaggingCommand, GetBucketTaggingCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { expectS3Error, startRestartable, type RestartableServer } from './support.ts';

let s: RestartableServer;
const Bucket = 'tagged-bucket';
beforeAll(async () => {
  s = await startRestartable();
  await s.client.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => s.close());

describe('bucket tagging', () => {
  it('puts, gets (also after a restart), replaces and deletes the tag set', async () => {
    await expectS3Error(s.client.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet', 404);
    const TagSet = [{ Key: 'team', Value: 'storage' }, { Key: 'cost-center', Value: '42' }];
    const put = await s.client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await s.client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    await s.restart();
    expect((await s.client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet);
    await s.client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'only', Value: '' }] } }));
    expect((await s.client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: 'only', Value: '' }]);
    await s.client.send(new DeleteBucketTaggingCommand({ Bucket }));
    await expectS3Error(s.client.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet', 404);
  });

  it('allows 50 tags (objects allow 10), refuses 51 and repeated keys; a missing bucket is NoSuchBucket', async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await s.client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tags(50) } }));
    expect((await s.client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toHaveLength(50);
    await expectS3Error(s.client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tags(51) } })), 'InvalidTag', 400);
    const dup = [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }];
    await expectS3Error(s.client.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: dup } })), 'InvalidTag', 400);
    expect((await s.client.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toHaveLength(50);
    await expectS3Error(s.client.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
  });
});
