// ListBuckets with the 2024 parameters (max-buckets, continuation-token, prefix, bucket-region) through the real
// AWS SDK and its paginator: pages in name order, a prefix and a region filter, BucketRegion on every bucket.
// The server ignored them and always answered every bucket, so a prefix matched everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, ListBucketsCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { expectS3Error, rawRequest, errorCode, startHarness, type Harness } from './support.ts';

let h: Harness;
const names = ['lb-alpha', 'lb-beta', 'lb-gamma', 'other-one', 'other-two'];
beforeAll(async () => {
  h = await startHarness();
  for (const Bucket of names) {
    await h.client.send(new CreateBucketCommand({ Bucket, ...(Bucket === 'lb-gamma' ? { CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } } : {}) }));
  }
});
afterAll(async () => h.close());

describe('ListBuckets pages', () => {
  it('without parameters lists every bucket with its region and no token', async () => {
    const all = await h.client.send(new ListBucketsCommand({}));
    expect(all.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual(names.map((n) => [n, n === 'lb-gamma' ? 'eu-west-2' : 'us-east-1']));
    expect(all.ContinuationToken).toBeUndefined();
  });

  it('pages with max-buckets and the continuation token; filters by prefix and region', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListBuckets({ client: h.client, pageSize: 2 }, {})) pages.push(page.Buckets?.map((b) => b.Name ?? '') ?? []);
    expect(pages).toEqual([['lb-alpha', 'lb-beta'], ['lb-gamma', 'other-one'], ['other-two']]);
    const prefixed = await h.client.send(new ListBucketsCommand({ Prefix: 'lb-', MaxBuckets: 2 }));
    expect([prefixed.Buckets?.map((b) => b.Name), prefixed.Prefix, typeof prefixed.ContinuationToken]).toEqual([['lb-alpha', 'lb-beta'], 'lb-', 'string']);
    const rest = await h.client.send(new ListBucketsCommand({ Prefix: 'lb-', MaxBuckets: 2, ContinuationToken: prefixed.ContinuationToken }));
    expect([rest.Buckets?.map((b) => b.Name), rest.ContinuationToken]).toEqual([['lb-gamma'], undefined]);
    const london = await h.client.send(new ListBucketsCommand({ BucketRegion: 'eu-west-2' }));
    expect(london.Buckets?.map((b) => b.Name)).toEqual(['lb-gamma']);
  });

  it('refuses max-buckets outside 1..10000', async () => {
    await expectS3Error(h.client.send(new ListBucketsCommand({ MaxBuckets: 0 })), 'InvalidArgument', 400);
    const big = await rawRequest(h.server.endpoint, { method: 'GET', path: '/', query: { 'max-buckets': '10001' } });
    expect([big.status, errorCode(big.body)]).toEqual([400, 'InvalidArgument']);
  });
});
