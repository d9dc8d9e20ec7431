// The S3 services over the builtin Local connection: the embedded server verifies SigV4 and the SDK's
// default checksums (WHEN_SUPPORTED), supports versioning, and ties each event to the action id header.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../electron/main/local-server/index.ts';
import type { BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { FAKE_KEYS } from './support/fake-s3.ts';
import { buildServices } from './support/services.ts';

const CREDENTIALS = { accessKeyId: 'LOCALTESTKEY', secretAccessKey: 'local-test-secret-0123456789' };

let dir: string;
let server: LocalServer;
let s: ReturnType<typeof buildServices>;
const events: BucketEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-local-'));
  server = await startLocalServer({ dataDir: dir, credentials: [CREDENTIALS] });
  server.onEvent((event) => events.push(event));
  s = buildServices();
  s.store.setBuiltin({ endpoint: server.endpoint, region: server.region, ...CREDENTIALS });
});

afterAll(async () => {
  await s?.engine.close();
  s?.pool.destroy();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const connectionId = 'local';

it('tests the builtin connection with a real signed ListBuckets', async () => {
  expect(await s.connections.test({ id: connectionId })).toMatchObject({ ok: true, bucketCount: 0 });
  const wrong = await s.connections.test({
    connection: {
      name: 'wrong',
      provider: 'custom',
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_SUPPORTED',
      accessKeyId: CREDENTIALS.accessKeyId,
      secretAccessKey: 'not-the-secret',
    },
  });
  expect(wrong.error).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  const unknown = await s.connections.test({
    connection: {
      name: 'unknown',
      provider: 'custom',
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_SUPPORTED',
      accessKeyId: FAKE_KEYS.unknownKey,
      secretAccessKey: 'whatever',
    },
  });
  expect(unknown.error).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
});

it('uploads with the SDK defaults (single and multipart) and ties each event to its action', async () => {
  await s.buckets.create({ connectionId, bucket: 'photos' });
  events.length = 0;
  s.recorder.clear();
  const small = s.engine.enqueueUpload({
    connectionId,
    bucket: 'photos',
    key: 'cats/tom.jpg',
    body: Readable.from([Buffer.from('not really a jpeg')]),
    size: 17,
    contentType: 'image/jpeg',
  });
  const bigSize = 5 * 1024 * 1024 + 100;
  const big = s.engine.enqueueUpload({ connectionId, bucket: 'photos', key: 'cats/big.bin', body: Readable.from([Buffer.alloc(bigSize, 2)]), size: bigSize });
  expect((await s.engine.settled(small.id)).state).toBe('done');
  expect((await s.engine.settled(big.id)).state).toBe('done');

  const smallAction = s.recorder.actions.find((a) => a.key === 'cats/tom.jpg')!;
  const bigAction = s.recorder.actions.find((a) => a.key === 'cats/big.bin')!;
  expect(bigAction.info?.operation).toBe('CompleteMultipartUpload');
  expect(events.map((e) => [e.type, e.key, e.actionId]).sort()).toEqual(
    [
      ['ObjectCreated:CompleteMultipartUpload', 'cats/big.bin', bigAction.id],
      ['ObjectCreated:Put', 'cats/tom.jpg', smallAction.id],
    ].sort(),
  );
  expect(events.find((e) => e.key === 'cats/tom.jpg')?.etag).toBe(smallAction.info?.objects?.[0]?.etag);

  const details = await s.objects.head({ connectionId, bucket: 'photos', key: 'cats/tom.jpg' });
  expect(details).toMatchObject({ size: 17, contentType: 'image/jpeg' });
  expect((await s.objects.head({ connectionId, bucket: 'photos', key: 'cats/big.bin' })).size).toBe(bigSize);
  const page = await s.objects.list({ connectionId, bucket: 'photos', prefix: '' });
  expect(page.folders).toEqual(['cats/']);
});

it('a browser-mode body shorter than its declared size fails, and nothing of it is stored (the request is aborted mid-body)', async () => {
  await s.buckets.create({ connectionId, bucket: 'short' });
  events.length = 0;
  const upload = (size: number) => s.transfers.upload({ connectionId, bucket: 'short', key: 'web/short.txt', body: Readable.from([Buffer.from('abc')]), size, contentType: 'text/plain' });
  await expect(upload(10)).rejects.toMatchObject({ code: 'InvalidInput', message: 'The upload ended after 3 of 10 bytes' });
  await expect(s.objects.head({ connectionId, bucket: 'short', key: 'web/short.txt' })).rejects.toMatchObject({ code: 'NotFound' });
  expect(events).toEqual([]);
  // The same body with its true size is stored whole.
  await upload(3);
  expect(await s.objects.head({ connectionId, bucket: 'short', key: 'web/short.txt' })).toMatchObject({ size: 3 });
});

it('versions: delete markers reported by the service match the server events', async () => {
  await s.buckets.create({ connectionId, bucket: 'versioned' });
  await s.buckets.setVersioning({ connectionId, bucket: 'versioned', state: 'Enabled' });
  expect(await s.buckets.getVersioning({ connectionId, bucket: 'versioned' })).toBe('Enabled');
  for (const body of ['one', 'two']) {
    const t = s.engine.enqueueUpload({ connectionId, bucket: 'versioned', key: 'doc.txt', body: Readable.from([Buffer.from(body)]), size: body.length });
    expect((await s.engine.settled(t.id)).state).toBe('done');
  }
  const head = await s.objects.head({ connectionId, bucket: 'versioned', key: 'doc.txt' });
  expect(head.versionId).toEqual(expect.any(String));

  events.length = 0;
  s.recorder.clear();
  await s.objects.remove({ connectionId, bucket: 'versioned', objects: [{ key: 'doc.txt' }] });
  const action = s.recorder.actions[0]!;
  const observed = action.info?.objects?.[0];
  expect(observed).toMatchObject({ key: 'doc.txt', deleteMarker: true, versionId: expect.any(String) });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ type: 'ObjectRemoved:DeleteMarkerCreated', key: 'doc.txt', actionId: action.id, versionId: observed?.versionId });

  const versions = await s.objects.listVersions({ connectionId, bucket: 'versioned', prefix: '' });
  expect(versions.versions.map((v) => [v.isDeleteMarker, v.isLatest])).toEqual([
    [true, true],
    [false, false],
    [false, false],
  ]);
  expect(versions.versions[1]?.versionId).toBe(head.versionId);

  // Removing every version (and the marker) in one DeleteObjects call empties the bucket for good.
  events.length = 0;
  const removed = await s.objects.remove({
    connectionId,
    bucket: 'versioned',
    objects: versions.versions.map((v) => ({ key: v.key, versionId: v.versionId })),
  });
  expect(removed).toEqual({ removed: 3, errors: [] });
  expect(events.map((e) => e.type)).toEqual(['ObjectRemoved:Delete', 'ObjectRemoved:Delete', 'ObjectRemoved:Delete']);
  expect((await s.objects.listVersions({ connectionId, bucket: 'versioned', prefix: '' })).versions).toEqual([]);
  await s.buckets.remove({ connectionId, bucket: 'versioned' });
});

it('presigned links: anyone with the URL reads that object (or that version) until it expires, and nothing else', async () => {
  await s.buckets.create({ connectionId, bucket: 'shared' });
  await s.buckets.setVersioning({ connectionId, bucket: 'shared', state: 'Enabled' });
  for (const body of ['first draft', 'final text']) {
    const t = s.engine.enqueueUpload({ connectionId, bucket: 'shared', key: 'notes/read me+.txt', body: Readable.from([Buffer.from(body)]), size: body.length });
    expect((await s.engine.settled(t.id)).state).toBe('done');
  }
  const versions = (await s.objects.listVersions({ connectionId, bucket: 'shared', prefix: '' })).versions;
  const oldest = versions.find((v) => !v.isLatest)!;

  const before = Date.now();
  const link = await s.objects.presign({ connectionId, bucket: 'shared', key: 'notes/read me+.txt', expiresInSeconds: 3600 });
  expect(link.url).toMatch(/X-Amz-Expires=3600/);
  expect(link.url).not.toContain(CREDENTIALS.secretAccessKey);
  expect(Date.parse(link.expiresAt) - before).toBeGreaterThanOrEqual(3600 * 1000 - 1000);
  // A plain GET, no credentials: the embedded server checks the query signature.
  const latest = await fetch(link.url);
  expect(latest.status).toBe(200);
  expect(await latest.text()).toBe('final text');

  const old = await fetch((await s.objects.presign({ connectionId, bucket: 'shared', key: 'notes/read me+.txt', versionId: oldest.versionId, expiresInSeconds: 60 })).url);
  expect(await old.text()).toBe('first draft');

  // The signature covers the key: the same query on another key is refused.
  const tampered = await fetch(link.url.replace('read%20me', 'other'));
  expect(tampered.status).toBe(403);
  expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

  const short = await s.objects.presign({ connectionId, bucket: 'shared', key: 'notes/read me+.txt', expiresInSeconds: 1 });
  await new Promise((r) => setTimeout(r, 2100));
  const expired = await fetch(short.url);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*expired/);
});

it('changes an object\'s headers and metadata in place: a self-copy that keeps the body, fires ObjectCreated:Copy, and refuses a stale edit', async () => {
  await s.buckets.create({ connectionId, bucket: 'props' });
  await s.buckets.setVersioning({ connectionId, bucket: 'props', state: 'Enabled' });
  const body = '# notes\n';
  const t = s.engine.enqueueUpload({ connectionId, bucket: 'props', key: 'docs/notes.md', body: Readable.from([Buffer.from(body)]), size: body.length, contentType: 'text/plain', metadata: { owner: 'alice' } });
  expect((await s.engine.settled(t.id)).state).toBe('done');
  const before = await s.objects.head({ connectionId, bucket: 'props', key: 'docs/notes.md' });
  expect(before).toMatchObject({ contentType: 'text/plain', metadata: { owner: 'alice' } });

  events.length = 0;
  s.recorder.clear();
  await s.objects.updateProperties({
    connectionId,
    bucket: 'props',
    key: 'docs/notes.md',
    etag: before.etag,
    properties: { contentType: 'text/markdown; charset=utf-8', cacheControl: 'max-age=60', contentDisposition: 'attachment; filename="notes.md"', metadata: { owner: 'bob', team: 'docs' } },
  });
  const after = await s.objects.head({ connectionId, bucket: 'props', key: 'docs/notes.md' });
  expect(after).toMatchObject({
    contentType: 'text/markdown; charset=utf-8',
    cacheControl: 'max-age=60',
    contentDisposition: 'attachment; filename="notes.md"',
    metadata: { owner: 'bob', team: 'docs' },
    size: body.length,
    etag: before.etag,
  });
  expect(after.versionId).not.toBe(before.versionId);
  const link = await s.objects.presign({ connectionId, bucket: 'props', key: 'docs/notes.md', expiresInSeconds: 60 });
  expect(await (await fetch(link.url)).text()).toBe(body);
  // The old version keeps its old headers: nothing was lost.
  const old = await s.objects.head({ connectionId, bucket: 'props', key: 'docs/notes.md', versionId: before.versionId });
  expect(old).toMatchObject({ contentType: 'text/plain', metadata: { owner: 'alice' } });
  const action = s.recorder.actions[0]!;
  expect(action.operation).toBe('CopyObject');
  expect(events).toEqual([expect.objectContaining({ type: 'ObjectCreated:Copy', key: 'docs/notes.md', actionId: action.id })]);

  // Someone changed it since this (now stale) ETag was read: refused, not overwritten.
  const other = 'changed by someone else';
  const t2 = s.engine.enqueueUpload({ connectionId, bucket: 'props', key: 'docs/notes.md', body: Readable.from([Buffer.from(other)]), size: other.length });
  expect((await s.engine.settled(t2.id)).state).toBe('done');
  await expect(
    s.objects.updateProperties({ connectionId, bucket: 'props', key: 'docs/notes.md', etag: before.etag, properties: { contentType: 'text/plain', metadata: {} } }),
  ).rejects.toMatchObject({ code: 'PreconditionFailed' });
  expect(await s.objects.head({ connectionId, bucket: 'props', key: 'docs/notes.md' })).toMatchObject({ size: other.length, metadata: {} });
});

it('tags: replaced as a set, per version, removed with an empty list, and recorded as actions without events', async () => {
  await s.buckets.create({ connectionId, bucket: 'tagged' });
  await s.buckets.setVersioning({ connectionId, bucket: 'tagged', state: 'Enabled' });
  for (const body of ['v1', 'v2']) {
    const t = s.engine.enqueueUpload({ connectionId, bucket: 'tagged', key: 'a.txt', body: Readable.from([Buffer.from(body)]), size: body.length });
    expect((await s.engine.settled(t.id)).state).toBe('done');
  }
  const [latest, older] = (await s.objects.listVersions({ connectionId, bucket: 'tagged', prefix: '' })).versions;
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt' })).toEqual([]);

  events.length = 0;
  s.recorder.clear();
  const tags = [
    { key: 'project', value: 'Zürich site' },
    { key: 'owner:team', value: 'web/ops@example' },
  ];
  await s.objects.setTags({ connectionId, bucket: 'tagged', key: 'a.txt', tags });
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt' })).toEqual(tags);
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt', versionId: latest!.versionId })).toEqual(tags);
  // Only the latest version was tagged.
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt', versionId: older!.versionId })).toEqual([]);
  await s.objects.setTags({ connectionId, bucket: 'tagged', key: 'a.txt', versionId: older!.versionId, tags: [{ key: 'stage', value: 'draft' }] });
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt', versionId: older!.versionId })).toEqual([{ key: 'stage', value: 'draft' }]);

  await s.objects.setTags({ connectionId, bucket: 'tagged', key: 'a.txt', tags: [] });
  expect(await s.objects.getTags({ connectionId, bucket: 'tagged', key: 'a.txt' })).toEqual([]);
  expect(s.recorder.actions.map((a) => a.operation)).toEqual(['PutObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging']);
  // Tagging is not one of the object-created/removed events triggers listen to.
  expect(events).toEqual([]);
});

it('previews the start of an object as text, says when it is binary or cut, and handles empty objects', async () => {
  await s.buckets.create({ connectionId, bucket: 'preview' });
  const put = async (key: string, body: Buffer, contentType?: string) => {
    const t = s.engine.enqueueUpload({ connectionId, bucket: 'preview', key, body: Readable.from([body]), size: body.length, contentType });
    expect((await s.engine.settled(t.id)).state).toBe('done');
  };
  await put('a.json', Buffer.from('{"ok":true,"city":"Zürich"}'), 'application/json');
  expect(await s.objects.preview({ connectionId, bucket: 'preview', key: 'a.json' })).toEqual({ size: 28, contentType: 'application/json', text: '{"ok":true,"city":"Zürich"}', binary: false, truncated: false });

  // 70,000 bytes whose 65,536th byte falls inside a two-byte character: the partial character is dropped.
  const long = Buffer.from(`${'x'.repeat(65_535)}é${'y'.repeat(70_000 - 65_537)}`);
  await put('long.txt', long, 'text/plain');
  const cut = await s.objects.preview({ connectionId, bucket: 'preview', key: 'long.txt' });
  expect(cut).toMatchObject({ size: 70_000, binary: false, truncated: true });
  expect(cut.text).toBe('x'.repeat(65_535));

  await put('blob.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]));
  expect(await s.objects.preview({ connectionId, bucket: 'preview', key: 'blob.bin' })).toMatchObject({ size: 8, binary: true, text: '' });

  await put('empty.txt', Buffer.alloc(0), 'text/plain');
  expect(await s.objects.preview({ connectionId, bucket: 'preview', key: 'empty.txt' })).toMatchObject({ size: 0, binary: false, text: '', truncated: false });

  await expect(s.objects.preview({ connectionId, bucket: 'preview', key: 'missing.txt' })).rejects.toMatchObject({ code: 'NoSuchKey' });
});

it('incomplete multipart uploads: listed oldest first, aborted (each recorded), an already-gone one counted as aborted', async () => {
  await s.buckets.create({ connectionId, bucket: 'pending' });
  const { S3Client, CreateMultipartUploadCommand, UploadPartCommand, ListPartsCommand } = await import('@aws-sdk/client-s3');
  const sdk = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
  try {
    const first = await sdk.send(new CreateMultipartUploadCommand({ Bucket: 'pending', Key: 'videos/a b.mp4' }));
    await sdk.send(new UploadPartCommand({ Bucket: 'pending', Key: 'videos/a b.mp4', UploadId: first.UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }));
    await new Promise((r) => setTimeout(r, 20));
    const second = await sdk.send(new CreateMultipartUploadCommand({ Bucket: 'pending', Key: 'backup.tar' }));

    const listed = await s.buckets.listUploads({ connectionId, bucket: 'pending' });
    expect(listed.more).toBe(false);
    expect(listed.uploads.map((u) => [u.key, u.uploadId])).toEqual([
      ['videos/a b.mp4', first.UploadId],
      ['backup.tar', second.UploadId],
    ]);
    expect(Date.parse(listed.uploads[0]!.initiated)).toBeLessThanOrEqual(Date.parse(listed.uploads[1]!.initiated));

    s.recorder.clear();
    const result = await s.buckets.abortUploads({ connectionId, bucket: 'pending', uploads: [{ key: 'videos/a b.mp4', uploadId: first.UploadId! }] });
    expect(result).toEqual({ aborted: 1, errors: [] });
    expect(s.recorder.actions.map((a) => [a.operation, a.key])).toEqual([['AbortMultipartUpload', 'videos/a b.mp4']]);
    // Its parts are gone with it.
    await expect(sdk.send(new ListPartsCommand({ Bucket: 'pending', Key: 'videos/a b.mp4', UploadId: first.UploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect((await s.buckets.listUploads({ connectionId, bucket: 'pending' })).uploads.map((u) => u.key)).toEqual(['backup.tar']);

    // Aborting again (another window did it first) is not an error; an unknown bucket is.
    expect(await s.buckets.abortUploads({ connectionId, bucket: 'pending', uploads: [{ key: 'videos/a b.mp4', uploadId: first.UploadId! }] })).toEqual({ aborted: 1, errors: [] });
    const missing = await s.buckets.abortUploads({ connectionId, bucket: 'no-such-bucket-here', uploads: [{ key: 'k', uploadId: 'u' }] });
    expect(missing.aborted).toBe(0);
    expect(missing.errors).toEqual([{ key: 'k', message: expect.stringMatching(/bucket/i) }]);
  } finally {
    sdk.destroy();
  }
});
