// Versioning exactly as S3: never versioned, Enabled, Suspended; null versions, delete markers, undelete,
// and the BucketEvents each state produces (DESIGN.md §5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  CopyObjectCommand,
} from '@aws-sdk/client-s3';
import { bodyBytes, bucketName, expectS3Error, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const text = async (b: string, k: string, versionId?: string): Promise<string> =>
  (await bodyBytes((await h.client.send(new GetObjectCommand({ Bucket: b, Key: k, VersionId: versionId }))).Body)).toString();

function eventsFor(bucket: string) {
  return h.events.filter((e) => e.bucket === bucket).map((e) => ({ type: e.type, key: e.key, versionId: e.versionId }));
}

describe('a bucket that never had versioning', () => {
  it('replaces objects, reports version "null" in listings, and emits unversioned events', async () => {
    const b = bucketName('unver');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    expect((await h.client.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBeUndefined();
    const p1 = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'one' }));
    expect(p1.VersionId).toBeUndefined();
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'two' }));
    expect(await text(b, 'k')).toBe('two');
    expect(await text(b, 'k', 'null')).toBe('two');
    const versions = await h.client.send(new ListObjectVersionsCommand({ Bucket: b }));
    expect(versions.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([['k', 'null', true]]);
    const del = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect(del.DeleteMarker).toBeUndefined();
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'k' })), 'NoSuchKey', 404);
    expect(eventsFor(b)).toEqual([
      { type: 'ObjectCreated:Put', key: 'k', versionId: '' },
      { type: 'ObjectCreated:Put', key: 'k', versionId: '' },
      { type: 'ObjectRemoved:Delete', key: 'k', versionId: '' },
    ]);
  });
});

describe('versioning Enabled', () => {
  const b = bucketName('enabled');
  beforeAll(async () => {
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'before versioning' }));
    await h.client.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
  });

  it('keeps every version, marks deletes, and undeletes when the marker is removed', async () => {
    expect((await h.client.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBe('Enabled');
    const v1 = (await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'v1' }))).VersionId as string;
    const v2 = (await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'v2' }))).VersionId as string;
    expect(v1).toMatch(/^[\w-]{32}$/);
    expect(v2).not.toBe(v1);
    expect(await text(b, 'k')).toBe('v2');
    expect(await text(b, 'k', v1)).toBe('v1');
    expect(await text(b, 'k', 'null')).toBe('before versioning');
    const head = await h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'k' }));
    expect(head.VersionId).toBe(v2);

    const del = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect(del.DeleteMarker).toBe(true);
    const marker = del.VersionId as string;
    const gone = await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'k' })), 'NoSuchKey', 404);
    expect(gone.$response?.headers['x-amz-delete-marker']).toBe('true');
    await expectS3Error(h.client.send(new HeadObjectCommand({ Bucket: b, Key: 'k', VersionId: marker })), undefined, 405);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: marker })), 'MethodNotAllowed', 405);
    expect((await h.client.send(new ListObjectsV2Command({ Bucket: b }))).KeyCount).toBe(0);

    const listed = await h.client.send(new ListObjectVersionsCommand({ Bucket: b }));
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[marker, true]]);
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      [v2, false],
      [v1, false],
      ['null', false],
    ]);

    // Removing the marker undeletes: v2 is current again.
    const undelete = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: marker }));
    expect(undelete.DeleteMarker).toBe(true);
    expect(undelete.VersionId).toBe(marker);
    expect(await text(b, 'k')).toBe('v2');

    // Deleting a specific version removes it for good.
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: v2 }));
    expect(await text(b, 'k')).toBe('v1');
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: v2 })), 'NoSuchVersion', 404);
    await expectS3Error(h.client.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: 'not a version' })), 'InvalidArgument', 400);

    expect(eventsFor(b)).toEqual([
      { type: 'ObjectCreated:Put', key: 'k', versionId: '' },
      { type: 'ObjectCreated:Put', key: 'k', versionId: v1 },
      { type: 'ObjectCreated:Put', key: 'k', versionId: v2 },
      { type: 'ObjectRemoved:DeleteMarkerCreated', key: 'k', versionId: marker },
      { type: 'ObjectRemoved:Delete', key: 'k', versionId: marker },
      { type: 'ObjectRemoved:Delete', key: 'k', versionId: v2 },
    ]);
  });

  it('creates a delete marker even for a key that never existed', async () => {
    const del = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'ghost' }));
    expect(del.DeleteMarker).toBe(true);
    const listed = await h.client.send(new ListObjectVersionsCommand({ Bucket: b, Prefix: 'ghost' }));
    expect(listed.DeleteMarkers).toHaveLength(1);
  });

  it('DeleteObjects creates markers and deletes versions, one event per key', async () => {
    const va = (await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'batch/a', Body: 'a' }))).VersionId as string;
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'batch/b', Body: 'b' }));
    const before = h.events.length;
    const res = await h.client.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'batch/a', VersionId: va }, { Key: 'batch/b' }] } }));
    const byKey = Object.fromEntries((res.Deleted ?? []).map((d) => [d.Key, d]));
    expect(byKey['batch/a']?.VersionId).toBe(va);
    expect(byKey['batch/b']?.DeleteMarker).toBe(true);
    expect(byKey['batch/b']?.DeleteMarkerVersionId).toBeTruthy();
    expect(h.events.slice(before).map((e) => [e.type, e.key]).sort((x, y) => x[1]!.localeCompare(y[1]!))).toEqual([
      ['ObjectRemoved:Delete', 'batch/a'],
      ['ObjectRemoved:DeleteMarkerCreated', 'batch/b'],
    ]);
  });

  it('DeleteObjects listing one key twice applies both deletes in order (two markers)', async () => {
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'twice', Body: 't' }));
    const res = await h.client.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'twice' }, { Key: 'twice' }] } }));
    const markers = (res.Deleted ?? []).map((d) => d.DeleteMarkerVersionId);
    expect(markers).toHaveLength(2);
    expect(new Set(markers).size).toBe(2);
    const listed = await h.client.send(new ListObjectVersionsCommand({ Bucket: b, Prefix: 'twice' }));
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[markers[1], true], [markers[0], false]]);
    expect(listed.Versions).toHaveLength(1);
  });

  it('copies from a source version', async () => {
    const v1 = (await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'src', Body: 'first' }))).VersionId as string;
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'src', Body: 'second' }));
    const copy = await h.client.send(new CopyObjectCommand({ Bucket: b, Key: 'dst', CopySource: `${b}/src?versionId=${v1}` }));
    expect(copy.CopySourceVersionId).toBe(v1);
    expect(copy.VersionId).toBeTruthy();
    expect(await text(b, 'dst')).toBe('first');
    expect(h.events.at(-1)).toMatchObject({ type: 'ObjectCreated:Copy', key: 'dst', versionId: copy.VersionId });
  });

  it('pages through versions with key and version-id markers', async () => {
    const pb = bucketName('vpage');
    await h.client.send(new CreateBucketCommand({ Bucket: pb }));
    await h.client.send(new PutBucketVersioningCommand({ Bucket: pb, VersioningConfiguration: { Status: 'Enabled' } }));
    const expected: string[] = [];
    for (const key of ['a', 'b']) {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.unshift((await h.client.send(new PutObjectCommand({ Bucket: pb, Key: key, Body: `${key}${i}` }))).VersionId as string);
      expected.push(...ids.map((id) => `${key}:${id}`));
    }
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await h.client.send(new ListObjectVersionsCommand({ Bucket: pb, MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      seen.push(...(page.Versions ?? []).map((v) => `${v.Key}:${v.VersionId}`));
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    expect(seen).toEqual(expected);
  });
});

describe('versioning Suspended', () => {
  it('replaces the null version, keeps versioned ones, and uses null delete markers', async () => {
    const b = bucketName('susp');
    await h.client.send(new CreateBucketCommand({ Bucket: b }));
    await h.client.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = (await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'versioned' }))).VersionId as string;
    await h.client.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await h.client.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBe('Suspended');
    const p1 = await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'null one' }));
    expect(p1.VersionId).toBe('null');
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'null two' }));
    let listed = await h.client.send(new ListObjectVersionsCommand({ Bucket: b }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      ['null', true],
      [kept, false],
    ]);
    expect(await text(b, 'k')).toBe('null two');
    const del = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect(del.DeleteMarker).toBe(true);
    expect(del.VersionId).toBe('null');
    listed = await h.client.send(new ListObjectVersionsCommand({ Bucket: b }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([kept]);
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([['null', true]]);
    expect(eventsFor(b)).toEqual([
      { type: 'ObjectCreated:Put', key: 'k', versionId: kept },
      { type: 'ObjectCreated:Put', key: 'k', versionId: 'null' },
      { type: 'ObjectCreated:Put', key: 'k', versionId: 'null' },
      { type: 'ObjectRemoved:DeleteMarkerCreated', key: 'k', versionId: 'null' },
    ]);
  });
});
