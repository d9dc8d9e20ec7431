// CreateBucket's LocationConstraint, as S3's global endpoint treats it: the bucket keeps the region it was created
// in (GetBucketLocation, HeadBucket's x-amz-bucket-region, after a restart too); an explicit us-east-1 or a name
// that is not a region is InvalidLocationConstraint. The server accepted any value and always answered us-east-1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetBucketLocationCommand, HeadBucketCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { expectS3Error, startRestartable, type RestartableServer } from './support.ts';

let s: RestartableServer;
beforeAll(async () => {
  s = await startRestartable();
});
afterAll(async () => s.close());

const create = (Bucket: string, LocationConstraint?: string) =>
  s.client.send(new CreateBucketCommand({ Bucket, ...(LocationConstraint !== undefined ? { CreateBucketConfiguration: { LocationConstraint: LocationConstraint as BucketLocationConstraint } } : {}) }));
const location = async (Bucket: string): Promise<[string, string | undefined]> => [
  (await s.client.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint ?? '',
  (await s.client.send(new HeadBucketCommand({ Bucket }))).BucketRegion,
];

describe('bucket location', () => {
  it('keeps the LocationConstraint a bucket was created with, across a restart', async () => {
    await create('loc-default');
    await create('loc-frankfurt', 'eu-central-1');
    await create('loc-legacy-eu', 'EU');
    const expected: Record<string, [string, string]> = {
      'loc-default': ['', 'us-east-1'],
      'loc-frankfurt': ['eu-central-1', 'eu-central-1'],
      'loc-legacy-eu': ['EU', 'eu-west-1'],
    };
    for (const [b, want] of Object.entries(expected)) expect(await location(b), b).toEqual(want);
    await s.restart();
    for (const [b, want] of Object.entries(expected)) expect(await location(b), b).toEqual(want);
  });

  it('refuses an explicit us-east-1 and names that are not regions, creating nothing', async () => {
    for (const bad of ['us-east-1', 'mars-north-1x', 'EU-WEST-1']) {
      const e = await expectS3Error(create('loc-refused', bad), 'InvalidLocationConstraint', 400);
      expect(e.message).toBe('The specified location-constraint is not valid');
    }
    await expectS3Error(s.client.send(new HeadBucketCommand({ Bucket: 'loc-refused' })), undefined, 404);
  });
});
