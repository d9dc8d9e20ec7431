// Every mutating request carries x-bucketscope-action-id (so the embedded server can tie its events to the
// app's action), including each request inside a multipart upload; reads carry none. The action recorder
// gets what the response said (version id, delete marker, ETag). Checked on the wire with a local endpoint
// that records request headers.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION_ID_HEADER } from '../../../electron/shared/bucket-event.ts';
import { FAKE_KEYS, startFakeS3, type FakeS3 } from './support/fake-s3.ts';
import { buildServices, connectToFake } from './support/services.ts';

let fake: FakeS3;
let s: ReturnType<typeof buildServices>;
let connectionId: string;

beforeAll(async () => {
  fake = await startFakeS3();
  s = buildServices();
  connectionId = await connectToFake(s, fake.endpoint, FAKE_KEYS.ok);
});

afterAll(async () => {
  await s?.engine.close();
  s?.pool.destroy();
  await fake?.close();
});

it('sends the action id on mutations and not on reads', async () => {
  fake.seen.length = 0;
  s.recorder.clear();
  await s.buckets.list({ connectionId });
  await s.buckets.create({ connectionId, bucket: 'made' });
  expect(fake.seen.map((r) => [r.method, r.url, r.headers[ACTION_ID_HEADER]])).toEqual([
    ['GET', expect.stringMatching(/^\/(\?|$)/), undefined],
    // Path-style CreateBucket: the SDK sends PUT /made/ .
    ['PUT', '/made/', s.recorder.actions[0]?.id],
  ]);
  expect(s.recorder.actions[0]).toMatchObject({ operation: 'CreateBucket', bucket: 'made', result: 'ok', info: { status: 200, requestId: 'FAKEREQ' } });
  // The header is signed with the rest of the request, so a proxy cannot swap it unnoticed.
  expect(fake.seen[1]?.headers.authorization).toContain(ACTION_ID_HEADER);
});

it('reports a delete marker from DeleteObject response headers', async () => {
  s.recorder.clear();
  await s.objects.remove({ connectionId, bucket: 'made', objects: [{ key: 'photo.jpg' }] });
  expect(s.recorder.actions[0]).toMatchObject({
    operation: 'DeleteObject',
    key: 'photo.jpg',
    info: { objects: [{ key: 'photo.jpg', versionId: 'v-marker', deleteMarker: true }] },
  });
});

it('reports per-key results of DeleteObjects: markers created, versions removed, errors', async () => {
  s.recorder.clear();
  const result = await s.objects.remove({
    connectionId,
    bucket: 'made',
    objects: [{ key: 'plain.txt' }, { key: 'old.txt', versionId: 'v-old' }, { key: 'locked' }],
  });
  expect(result).toEqual({ removed: 2, errors: [{ key: 'locked', message: 'AccessDenied: Access Denied' }] });
  expect(s.recorder.actions[0]).toMatchObject({
    operation: 'DeleteObjects',
    result: 'ok',
    info: {
      objects: [
        { key: 'plain.txt', versionId: 'marker-of-plain.txt', deleteMarker: true },
        { key: 'old.txt', versionId: 'v-old', requestedVersionId: 'v-old' },
      ],
    },
  });
  expect(s.recorder.actions[0]?.info?.objects?.[0]).not.toHaveProperty('requestedVersionId');
});

it('tags every request of a multipart upload with the same action id', async () => {
  fake.seen.length = 0;
  s.recorder.clear();
  const size = 5 * 1024 * 1024 + 10;
  const transfer = s.engine.enqueueUpload({ connectionId, bucket: 'made', key: 'big.bin', body: Readable.from([Buffer.alloc(size, 1)]), size });
  const final = await s.engine.settled(transfer.id);
  expect(final.state).toBe('done');
  const action = s.recorder.actions[0];
  expect(action).toMatchObject({
    operation: 'PutObject',
    result: 'ok',
    info: { operation: 'CompleteMultipartUpload', objects: [{ key: 'big.bin', etag: 'abc-2', versionId: 'v-multipart', size }] },
  });
  expect(final.actionId).toBe(action?.id);
  const requests = fake.seen.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}?${new URL(r.url, 'http://x').searchParams.keys().next().value ?? ''}`);
  expect(requests).toEqual(['POST /made/big.bin?uploads', 'PUT /made/big.bin?partNumber', 'PUT /made/big.bin?partNumber', 'POST /made/big.bin?uploadId']);
  expect(new Set(fake.seen.map((r) => r.headers[ACTION_ID_HEADER]))).toEqual(new Set([action?.id]));
});

it('keeps concurrent actions apart', async () => {
  fake.seen.length = 0;
  s.recorder.clear();
  await Promise.all(['one', 'two', 'three'].map((bucket) => s.buckets.create({ connectionId, bucket })));
  for (const action of s.recorder.actions) {
    const request = fake.seen.find((r) => r.url === `/${action.bucket}/`);
    expect(request?.headers[ACTION_ID_HEADER]).toBe(action.id);
  }
  expect(new Set(s.recorder.actions.map((a) => a.id)).size).toBe(3);
});
