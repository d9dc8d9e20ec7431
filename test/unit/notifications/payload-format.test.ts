import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { formatCosPayload } from '../../../electron/main/notifications/format-cos.ts';
import { DEFAULT_FORMAT_CONTEXT, type FormatContext } from '../../../electron/main/notifications/format-context.ts';
import { formatS3Payload } from '../../../electron/main/notifications/format-s3.ts';
import { decodeEventKey, s3EventKey, urlPathKey } from '../../../electron/main/notifications/key-encoding.ts';
import { compareSequencers, nextSequencer } from '../../../electron/main/notifications/sequencer.ts';

// Copies of ../shared/events/*.json (the reference payloads every formatter must match field for field).
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const base = {
  bucket: 'photos',
  key: 'albums/2026/cat 1.jpg',
  sourceIp: '127.0.0.1',
  source: 'embedded',
} satisfies Partial<BucketEvent>;

const cosCtx: FormatContext = {
  ...DEFAULT_FORMAT_CONTEXT,
  region: 'ap-guangzhou',
  appid: '1250000000',
  functionName: 'thumbnailer',
};

describe('COS payload', () => {
  it('matches cos-put.json', () => {
    const event: BucketEvent = {
      ...base,
      type: 'ObjectCreated:Put',
      size: 48213,
      etag: '9b2cf535f27731c974343645a3985328',
      versionId: '',
      sequencer: '0067471C10078A3F21',
      time: new Date(1795770000_000).toISOString(),
      requestId: 'NjU2NGQ2YzRfOTc0ZjJmMDlfMTdhYl8xYjJjM2Q0',
      contentType: 'image/jpeg',
      metadata: { owner: 'alice' },
    };
    const payload = formatCosPayload([event], {
      ...cosCtx,
      authorization:
        'q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-sign-time=1795769990;1795773590&q-key-time=1795769990;1795773590&q-header-list=host&q-url-param-list=&q-signature=0000000000000000000000000000000000000000',
    });
    expect(payload).toStrictEqual(fixture('cos-put.json'));
    // key order as delivered, too (some handlers print the payload)
    expect(JSON.stringify(payload)).toBe(JSON.stringify(fixture('cos-put.json')));
  });

  it('matches cos-delete-marker.json (vid carries the version, size 0, meta has only the request id)', () => {
    const event: BucketEvent = {
      ...base,
      type: 'ObjectRemoved:DeleteMarkerCreated',
      size: 0,
      etag: '',
      versionId: 'MTg0NDUxNzc2ODUwNjM1NzY2NTk',
      sequencer: '0067471C3A0A11B0C4',
      time: new Date(1795770042_900).toISOString(),
      requestId: 'NjU2NGQ2ZDFfOTc0ZjJmMDlfMTdhYl8xYjJjM2Q1',
      accessKeyId: 'AKIDEXAMPLE',
    };
    const payload = formatCosPayload([event], cosCtx);
    const expected = fixture('cos-delete-marker.json') as { Records: { event: { requestParameters: { requestHeaders: { Authorization: string } } } }[] };
    // eventTime is whole Unix seconds, rounded down.
    expect(payload.Records[0]!.event.eventTime).toBe(1795770042);
    // Without a COS signature the embedded server shows the signing key id in the COS form.
    expect(payload.Records[0]!.event.requestParameters.requestHeaders.Authorization).toBe(
      'q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-sign-time=1795770042;1795773642&q-key-time=1795770042;1795773642&q-header-list=host&q-url-param-list=&q-signature=0000000000000000000000000000000000000000',
    );
    expected.Records[0]!.event.requestParameters.requestHeaders.Authorization =
      payload.Records[0]!.event.requestParameters.requestHeaders.Authorization;
    expect(payload).toStrictEqual(expected);
  });

  it('points url at the embedded endpoint when given, path-style and encoded', () => {
    const payload = formatCosPayload(
      [{ ...base, type: 'ObjectCreated:Put', size: 1, etag: 'e', versionId: 'null', sequencer: '1', time: '2026-01-01T00:00:00.000Z', requestId: 'r' }],
      { ...cosCtx, endpoint: 'http://127.0.0.1:9000/' },
    );
    expect(payload.Records[0]!.cos.cosObject.url).toBe('http://127.0.0.1:9000/photos/albums/2026/cat%201.jpg');
    expect(payload.Records[0]!.cos.cosObject.vid).toBe('null');
  });
});

describe('S3 payload', () => {
  const s3Ctx: FormatContext = { ...DEFAULT_FORMAT_CONTEXT, region: 'us-east-1' };

  it('matches s3-put.json (key with +, unquoted eTag, ISO time with ms)', () => {
    const event: BucketEvent = {
      ...base,
      type: 'ObjectCreated:Put',
      size: 48213,
      etag: '9b2cf535f27731c974343645a3985328',
      versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
      sequencer: '0067471C10078A3F21',
      time: '2026-11-27T10:20:00.123Z',
      requestId: '18C2B7A1F4D3E5A7',
    };
    const payload = formatS3Payload(event, { ...s3Ctx, configurationId: 'thumbnails-on-upload' });
    expect(payload).toStrictEqual(fixture('s3-put.json'));
    expect(JSON.stringify(payload)).toBe(JSON.stringify(fixture('s3-put.json')));
  });

  it('matches s3-delete-marker.json (no size, no eTag)', () => {
    const event: BucketEvent = {
      ...base,
      type: 'ObjectRemoved:DeleteMarkerCreated',
      size: 0,
      etag: '',
      versionId: 'Fq2.yGbxb8SgCFw0Cu5sHk5dJqJ1Vd8o',
      sequencer: '0067471C3A0A11B0C4',
      time: '2026-11-27T10:20:42.001Z',
      requestId: '18C2B7AB2C11F0D2',
    };
    const payload = formatS3Payload(event, { ...s3Ctx, configurationId: 'audit-deletes' });
    expect(payload).toStrictEqual(fixture('s3-delete-marker.json'));
  });

  it('omits versionId when the bucket never had versioning and keeps "null" for suspended writes', () => {
    const ev = { ...base, type: 'ObjectCreated:Put', size: 1, etag: 'e', sequencer: '1', time: '2026-01-01T00:00:00.000Z', requestId: 'r' } as const;
    expect(formatS3Payload({ ...ev, versionId: '' }, s3Ctx).Records[0]!.s3.object).not.toHaveProperty('versionId');
    expect(formatS3Payload({ ...ev, versionId: 'null' }, s3Ctx).Records[0]!.s3.object.versionId).toBe('null');
  });
});

describe('key encoding', () => {
  it.each([
    ['cat 1.jpg', 'cat+1.jpg', 'cat%201.jpg'],
    ['a/b c/d.txt', 'a/b+c/d.txt', 'a/b%20c/d.txt'],
    ['x=1&y+z.txt', 'x%3D1%26y%2Bz.txt', 'x%3D1%26y%2Bz.txt'],
    ['(draft)*~.md', '%28draft%29*%7E.md', '%28draft%29%2A~.md'],
    ['日本.txt', '%E6%97%A5%E6%9C%AC.txt', '%E6%97%A5%E6%9C%AC.txt'],
  ])('%s -> S3 %s, url %s', (key, s3, url) => {
    expect(s3EventKey(key)).toBe(s3);
    expect(urlPathKey(key)).toBe(url);
    expect(decodeEventKey(s3)).toBe(key);
    expect(decodeEventKey(url)).toBe(key);
  });

  it('decodes %2F and keeps undecodable input', () => {
    expect(decodeEventKey('a%2Fb+c')).toBe('a/b c');
    expect(decodeEventKey('100%')).toBe('100%');
  });
});

describe('sequencer order', () => {
  it('compares after right-padding with zeros', () => {
    expect(compareSequencers('0067471C10078A3F21', '0067471C3A0A11B0C4')).toBe(-1);
    expect(compareSequencers('0067471C1', '0067471C10000')).toBe(0);
    expect(compareSequencers('0067471C2', '0067471C10078A3F21')).toBe(1);
  });

  it('builds increasing sequencers, even within one millisecond', () => {
    const a = nextSequencer(1000);
    const b = nextSequencer(1000);
    const c = nextSequencer(999);
    const d = nextSequencer(2000);
    expect(compareSequencers(a, b)).toBe(-1);
    expect(compareSequencers(b, c)).toBe(-1);
    expect(compareSequencers(c, d)).toBe(-1);
  });
});
