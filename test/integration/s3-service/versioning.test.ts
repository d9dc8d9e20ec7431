// Versioning calls over the wire against a local endpoint speaking S3's versioning documents (s3rver has no
// versioning: there the service reports buckets as unversioned and refuses to enable it, tested below).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_KEYS, startFakeS3, type FakeS3 } from './support/fake-s3.ts';
import { startS3rver, S3RVER_CREDENTIALS, type S3rverHandle } from './support/s3rver.ts';
import { buildServices, connectToFake } from './support/services.ts';

let fake: FakeS3;
let s: ReturnType<typeof buildServices>;
let connectionId: string;

beforeAll(async () => {
  fake = await startFakeS3();
  s = buildServices();
  connectionId = await connectToFake(s, fake.endpoint, FAKE_KEYS.ok, 'ceph');
});

afterAll(async () => {
  s?.pool.destroy();
  await fake?.close();
});

describe('versioning', () => {
  it('reads and sets the versioning state, recording the change', async () => {
    expect(await s.buckets.getVersioning({ connectionId, bucket: 'made' })).toBe('Unversioned');
    s.recorder.clear();
    await s.buckets.setVersioning({ connectionId, bucket: 'made', state: 'Enabled' });
    expect(await s.buckets.getVersioning({ connectionId, bucket: 'made' })).toBe('Enabled');
    await s.buckets.setVersioning({ connectionId, bucket: 'made', state: 'Suspended' });
    expect(await s.buckets.getVersioning({ connectionId, bucket: 'made' })).toBe('Suspended');
    expect(s.recorder.actions.map((a) => [a.operation, a.result])).toEqual([
      ['PutBucketVersioning', 'ok'],
      ['PutBucketVersioning', 'ok'],
    ]);
  });

  it('treats a server that does not implement versioning as unversioned, for reading only', async () => {
    expect(await s.buckets.getVersioning({ connectionId, bucket: 'ancient' })).toBe('Unversioned');
    await expect(s.buckets.setVersioning({ connectionId, bucket: 'ancient', state: 'Enabled' })).rejects.toMatchObject({
      code: 'NotImplemented',
      status: 501,
      message: expect.stringMatching(/does not implement/),
    });
  });

  it('lists versions and delete markers newest first, paging with key and version-id markers', async () => {
    fake.seen.length = 0;
    const first = await s.objects.listVersions({ connectionId, bucket: 'made', prefix: 'docs/' });
    expect(first.versions.map((v) => [v.key, v.versionId, v.isLatest, v.isDeleteMarker, v.size, v.etag])).toEqual([
      ['docs/a.txt', 'm3', true, true, 0, ''],
      ['docs/a.txt', 'v2', false, false, 20, 'e2'],
      ['docs/a.txt', 'v1', false, false, 10, 'e1'],
    ]);
    expect(first).toMatchObject({ nextKeyMarker: 'docs/a.txt', nextVersionIdMarker: 'v1' });
    const second = await s.objects.listVersions({
      connectionId,
      bucket: 'made',
      prefix: 'docs/',
      keyMarker: first.nextKeyMarker,
      versionIdMarker: first.nextVersionIdMarker,
    });
    expect(second.versions.map((v) => [v.key, v.versionId])).toEqual([['docs/b.txt', 'null']]);
    expect(second.nextKeyMarker).toBeUndefined();
    const query = new URL(fake.seen[1]!.url, 'http://x').searchParams;
    expect([query.get('prefix'), query.get('key-marker'), query.get('version-id-marker')]).toEqual(['docs/', 'docs/a.txt', 'v1']);
  });
});

describe('a server without versioning (s3rver)', () => {
  let server: S3rverHandle;
  let t: ReturnType<typeof buildServices>;
  let id: string;

  beforeAll(async () => {
    server = await startS3rver();
    t = buildServices();
    id = (
      await t.connections.save({
        name: 's3rver',
        provider: 'custom',
        endpoint: server.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        checksumMode: 'WHEN_REQUIRED',
        ...S3RVER_CREDENTIALS,
      })
    ).id;
    await t.buckets.create({ connectionId: id, bucket: 'plain' });
  });

  afterAll(async () => {
    t?.pool.destroy();
    await server?.stop();
  });

  it('reports buckets as unversioned and fails to enable versioning', async () => {
    expect(await t.buckets.getVersioning({ connectionId: id, bucket: 'plain' })).toBe('Unversioned');
    // s3rver routes the SDK's `PUT /plain/?versioning` as CreateBucket and answers BucketAlreadyExists;
    // what matters here is that the failure surfaces as an AppError and is recorded.
    t.recorder.clear();
    await expect(t.buckets.setVersioning({ connectionId: id, bucket: 'plain', state: 'Enabled' })).rejects.toMatchObject({
      name: 'AppError',
      status: 409,
    });
    expect(t.recorder.actions[0]).toMatchObject({ operation: 'PutBucketVersioning', result: 'error' });
  });
});
