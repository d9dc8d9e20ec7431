import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { observedEvent } from '../../../electron/main/notifications/sources/observed-event.ts';
import { parseNotificationBody } from '../../../electron/main/notifications/sources/parse-notification.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('observed events (built from the app action response)', () => {
  it('PutObject -> ObjectCreated:Put with the unquoted ETag, size and version', () => {
    const e = observedEvent({ operation: 'PutObject', bucket: 'b', key: 'k', etag: '"abc"', size: 3, versionId: 'v1', requestId: 'R', actionId: 'A' });
    expect(e).toMatchObject({ type: 'ObjectCreated:Put', etag: 'abc', size: 3, versionId: 'v1', requestId: 'R', actionId: 'A', source: 'observed' });
    expect(e!.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it.each([
    [{ operation: 'DeleteObject', deleteMarker: true, versionId: 'm1' }, 'ObjectRemoved:DeleteMarkerCreated'],
    [{ operation: 'DeleteObject', deleteMarker: true, versionId: 'm1', requestedVersionId: 'm1' }, 'ObjectRemoved:Delete'],
    [{ operation: 'DeleteObject' }, 'ObjectRemoved:Delete'],
    [{ operation: 'DeleteObjects', deleteMarker: true }, 'ObjectRemoved:DeleteMarkerCreated'],
    [{ operation: 'CopyObject' }, 'ObjectCreated:Copy'],
    [{ operation: 'CompleteMultipartUpload' }, 'ObjectCreated:CompleteMultipartUpload'],
  ])('%o -> %s', (input, type) => {
    const e = observedEvent({ bucket: 'b', key: 'k', etag: 'x', size: 9, ...input });
    expect(e?.type).toBe(type);
    if (type.startsWith('ObjectRemoved')) expect(e).toMatchObject({ size: 0, etag: '' });
  });

  it('fires nothing for operations without events', () => {
    expect(observedEvent({ operation: 'CreateBucket', bucket: 'b', key: '' })).toBeUndefined();
  });
});

describe('received notifications, both dialects', () => {
  it('reads the reference S3 and COS payloads back into the events they describe', () => {
    expect(parseNotificationBody(fixture('s3-put.json'))).toEqual([
      expect.objectContaining({ type: 'ObjectCreated:Put', bucket: 'photos', key: 'albums/2026/cat 1.jpg', size: 48213, etag: '9b2cf535f27731c974343645a3985328', versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', time: '2026-11-27T10:20:00.123Z', source: 'webhook' }),
    ]);
    expect(parseNotificationBody(fixture('s3-delete-marker.json'))[0]).toMatchObject({ type: 'ObjectRemoved:DeleteMarkerCreated', size: 0, etag: '' });
    expect(parseNotificationBody(fixture('cos-put.json'))[0]).toMatchObject({
      type: 'ObjectCreated:Put',
      bucket: 'photos',
      key: 'albums/2026/cat 1.jpg',
      etag: '9b2cf535f27731c974343645a3985328',
      time: new Date(1795770000_000).toISOString(),
      contentType: 'image/jpeg',
    });
    expect(parseNotificationBody(fixture('cos-delete-marker.json'))[0]).toMatchObject({ type: 'ObjectRemoved:DeleteMarkerCreated', versionId: 'MTg0NDUxNzc2ODUwNjM1NzY2NTk' });
  });

  it('tolerates the MinIO webhook body: s3: prefix, string size, %2F and %20 keys, integer time', () => {
    const body = {
      EventName: 's3:ObjectCreated:Put',
      Key: 'uploads/a/b c.txt',
      Records: [
        { eventName: 's3:ObjectCreated:Put', eventTime: 1795770000, eventSource: 'minio:s3', s3: { bucket: { name: 'uploads' }, object: { key: 'a%2Fb%20c.txt', size: '12', eTag: '"e"', sequencer: '17' } } },
        { eventName: 's3:TestEvent' },
      ],
    };
    expect(parseNotificationBody(body)).toEqual([
      expect.objectContaining({ type: 'ObjectCreated:Put', bucket: 'uploads', key: 'a/b c.txt', size: 12, etag: 'e', time: new Date(1795770000_000).toISOString() }),
    ]);
    expect(parseNotificationBody({ Service: 'Amazon S3', Event: 's3:TestEvent' })).toEqual([]);
  });
});
