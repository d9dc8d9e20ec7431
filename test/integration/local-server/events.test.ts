// The BucketEvent stream: every field filled from the request (action id header, signing key, request id,
// source IP), sequencers ordered per key, no event for failed or non-mutating requests, unsubscribe works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { ACTION_ID_HEADER, type BucketEvent } from '../../../electron/shared/bucket-event.ts';
import { bucketName, expectS3Error, startHarness, type Harness } from './support.ts';

let h: Harness;
const b = bucketName('events');
beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
});
afterAll(async () => h.close());

describe('BucketEvent emission', () => {
  it('fills every field, including the action id and the signing access key', async () => {
    const cmd = new PutObjectCommand({ Bucket: b, Key: 'docs/a file.txt', Body: 'event body', ContentType: 'text/plain', Metadata: { origin: 'test' } });
    cmd.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers[ACTION_ID_HEADER] = 'action-42';
        return next(args);
      },
      { step: 'build' },
    );
    const res = await h.client.send(cmd);
    const e = h.events.at(-1) as BucketEvent;
    expect(e).toEqual({
      type: 'ObjectCreated:Put',
      bucket: b,
      key: 'docs/a file.txt',
      size: 10,
      etag: (res.ETag as string).replaceAll('"', ''),
      versionId: '',
      sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestId: res.$metadata.requestId,
      sourceIp: '127.0.0.1',
      contentType: 'text/plain',
      metadata: { origin: 'test' },
      actionId: 'action-42',
      accessKeyId: 'AKIALOCALTEST',
      userAgent: expect.stringMatching(/^aws-sdk-js\/3\./),
      source: 'embedded',
    });
  });

  it('orders events for one key by sequencer and emits nothing for reads, tagging or failures', async () => {
    const start = h.events.length;
    for (let i = 0; i < 5; i++) await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'seq', Body: String(i) }));
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'seq' }));
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'tagme', Body: 't' }));
    const mid = h.events.length;
    await h.client.send(new GetObjectCommand({ Bucket: b, Key: 'tagme' }));
    await h.client.send(new PutObjectTaggingCommand({ Bucket: b, Key: 'tagme', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
    await expectS3Error(h.client.send(new PutObjectCommand({ Bucket: b, Key: 'bad', Body: 'x', ChecksumCRC32: 'AAAAAA==' })), 'BadDigest', 400);
    await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: 'never-existed' }));
    expect(h.events.length).toBe(mid);
    const seq = h.events.slice(start, start + 6);
    expect(seq.map((e) => e.type)).toEqual([...Array(5).fill('ObjectCreated:Put'), 'ObjectRemoved:Delete']);
    const pad = (s: string): string => s.padEnd(32, '0');
    for (let i = 1; i < seq.length; i++) expect(pad(seq[i]!.sequencer) > pad(seq[i - 1]!.sequencer)).toBe(true);
  });

  it('stops delivering after unsubscribe', async () => {
    const mine: BucketEvent[] = [];
    const off = h.server.onEvent((e) => mine.push(e));
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'one', Body: '1' }));
    off();
    await h.client.send(new PutObjectCommand({ Bucket: b, Key: 'two', Body: '2' }));
    expect(mine.map((e) => e.key)).toEqual(['one']);
  });
});
