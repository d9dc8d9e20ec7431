import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../electron/shared/timeline.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { handlerDir } from './engine-helpers.ts';

let engine: TriggerEngine;
afterEach(async () => engine?.close());

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const events = () => engine.timeline.list().filter((r): r is EventRecord => r.type === 'event');

describe('webhook receiver on 127.0.0.1', () => {
  it('accepts S3 Records over real HTTP, checks the bearer token and runs triggers', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [10] });
    const receiver = await engine.startWebhookReceiver({ token: 's3cret' });
    const fn = engine.functions.save({ name: 'seen', runtime: 'nodejs', path: handlerDir(`export const main_handler = (e) => e.Records[0].s3.object.key;`) });
    engine.triggers.save({ connectionId: 'minio', bucket: 'photos', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    const body = JSON.parse(readFileSync(new URL('../../unit/notifications/fixtures/s3-put.json', import.meta.url), 'utf8'));

    expect((await post(receiver.urlFor('minio'), body)).status).toBe(401);
    expect((await post(receiver.urlFor('minio'), body, { authorization: 'Bearer wrong' })).status).toBe(401);
    const ok = await post(receiver.urlFor('minio'), body, { authorization: 'Bearer s3cret' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accepted: 1 });
    const bad = await fetch(receiver.urlFor('minio'), { method: 'POST', headers: { authorization: 'Bearer s3cret' }, body: '{not json' });
    expect(bad.status).toBe(400);
    await engine.idle();
    expect(events()).toEqual([expect.objectContaining({ source: 'webhook', connectionId: 'minio', eventName: 'ObjectCreated:Put', key: 'albums/2026/cat 1.jpg' })]);
    // S3 re-encodes the key for the handler exactly as the server did
    expect(engine.timeline.list().find((r) => r.type === 'execution')).toMatchObject({ status: 'success', result: 'albums/2026/cat+1.jpg' });
  });

  it('correlates a received event with the app action that caused it and flags the one that never came', async () => {
    // Generous, so a slow machine never flags the PUT's event before the POST below arrives.
    engine = new TriggerEngine({ missingAfterMs: 2000 });
    const receiver = await engine.startWebhookReceiver();
    engine.correlator.watch('minio');
    // Two app actions on a remote (MinIO) connection, as the S3 layer reports them.
    const put = engine.actions.begin('PutObject', 'minio', 'uploads', 'a/b c.txt');
    engine.actions.end(put, 'ok', { durationMs: 5, objects: [{ key: 'a/b c.txt', etag: 'e', size: 3 }] });
    const del = engine.actions.begin('DeleteObject', 'minio', 'uploads', 'gone.txt');
    engine.actions.end(del, 'ok', { durationMs: 5, objects: [{ key: 'gone.txt', deleteMarker: true, versionId: 'm' }] });
    // MinIO's webhook body for the PUT only.
    const res = await post(receiver.urlFor('minio'), {
      EventName: 's3:ObjectCreated:Put',
      Key: 'uploads/a/b c.txt',
      Records: [{ eventName: 's3:ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: 'uploads' }, object: { key: 'a/b+c.txt', size: 3, eTag: 'e' } } }],
    });
    expect(res.status).toBe(200);
    await expect.poll(() => events().find((e) => e.missing), { timeout: 15_000 }).toBeTruthy();
    const [received, missing] = events();
    expect(received).toMatchObject({ source: 'webhook', actionId: put, key: 'a/b c.txt' });
    expect(received!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(missing).toMatchObject({ missing: true, actionId: del, eventName: 'cos:ObjectRemove:DeleteMarkerCreated', key: 'gone.txt' });
    // without a watched webhook the same action is observed instead, and labelled so
    const other = engine.actions.begin('CopyObject', 'aws', 'uploads', 'copy.txt');
    engine.actions.end(other, 'ok', { durationMs: 5, objects: [{ key: 'copy.txt', etag: 'f', size: 4 }] });
    expect(events().at(-1)).toMatchObject({ source: 'observed', actionId: other, eventName: 'cos:ObjectCreated:Copy' });
    // deleting a named delete marker removes it for good: ObjectRemoved:Delete, not DeleteMarkerCreated
    const undelete = engine.actions.begin('DeleteObject', 'aws', 'uploads', 'copy.txt');
    engine.actions.end(undelete, 'ok', { durationMs: 5, objects: [{ key: 'copy.txt', versionId: 'm1', deleteMarker: true, requestedVersionId: 'm1' }] });
    expect(events().at(-1)).toMatchObject({ source: 'observed', actionId: undelete, eventName: 'cos:ObjectRemove:Delete', versionId: 'm1' });
    // a failed action fires nothing
    const failed = engine.actions.begin('PutObject', 'aws', 'uploads', 'x');
    engine.actions.end(failed, 'error', { durationMs: 5, error: { code: 'AccessDenied', message: 'no' } });
    expect(events().at(-1)!.actionId).toBe(undelete);
    expect(engine.timeline.list().filter((r) => r.type === 'action').map((a) => a.actionId)).toEqual([put, del, other, undelete, failed]);
  });
});
