// How a pasted event is named on the timeline: the reference S3 and COS deliveries (shared/events) and anything else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeCustomPayload } from '../../../electron/main/timeline/test-invocation.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../notifications/fixtures/${name}`, import.meta.url), 'utf8'));

describe('describeCustomPayload', () => {
  it('reads an S3 record: event name without s3:, the key URL-decoded (+ is a space)', () => {
    expect(describeCustomPayload(fixture('s3-put.json'))).toEqual({ eventName: 'ObjectCreated:Put', bucket: 'photos', key: 'albums/2026/cat 1.jpg' });
  });

  it('reads a COS record: the key after /<appid>/<bucket>/', () => {
    expect(describeCustomPayload(fixture('cos-put.json'))).toEqual({ eventName: 'cos:ObjectCreated:Put', bucket: 'photos', key: 'albums/2026/cat 1.jpg' });
  });

  it('labels anything else as a custom event', () => {
    for (const p of [{ hello: 1 }, [], null, 'text', { Records: [] }, { Records: [{ s3: {} }] }]) {
      expect(describeCustomPayload(p)).toMatchObject({ eventName: expect.any(String), bucket: expect.any(String), key: expect.any(String) });
    }
    expect(describeCustomPayload({ hello: 1 })).toEqual({ eventName: 'custom event', bucket: '', key: '' });
    // A key that is not valid URL encoding is shown as written.
    expect(describeCustomPayload({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: '100%' } } }] }).key).toBe('100%');
  });
});
