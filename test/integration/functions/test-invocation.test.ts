// A test invocation from the Functions screen, through the real host's RPC dispatcher (embedded server,
// trigger engine, Node workers): the timeline holds an action, the sample event with the payload exactly
// as the handler received it, and the execution under both, labelled as a test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../electron/main/host.ts';
import { TIMELINE_FILE } from '../../../electron/main/timeline/timeline-store.ts';
import type { RpcResponse } from '../../../electron/shared/envelope.ts';
import type { ActionRecord, EventRecord, ExecutionRecord, TimelineRecord } from '../../../electron/shared/timeline.ts';
import type { LocalServerStatus } from '../../../electron/shared/dto.ts';
import type { DeadLetterDto, FunctionDto } from '../../../electron/shared/triggers.ts';
import { writeFunction } from './helpers.ts';

let dataDir: string;
let host: Host;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bucketscope-test-invocation-'));
  host = await createHost({ dataDir, mode: 'browser', version: '0.0.0' });
});

afterAll(async () => {
  await host?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call<T>(method: string, input?: unknown): Promise<T> {
  const response: RpcResponse = await host.dispatch(method, input);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.code} ${response.error.message}`);
  return response.result as T;
}

/** Every kept record that hangs under this action, in sequence order. */
async function recordsOf(actionId: string): Promise<TimelineRecord[]> {
  const all = await call<TimelineRecord[]>('timeline.list', { limit: 10_000 });
  return all.filter((r) => r.actionId === actionId);
}

describe('functions.invoke on the timeline', () => {
  it('records an action, the sample event with the exact payload the handler got, and the execution under them', async () => {
    const fn = await call<FunctionDto>('functions.save', {
      name: 'echo-event',
      runtime: 'nodejs',
      path: writeFunction({ 'index.mjs': `export async function main_handler(event) { console.log('received'); return event; }` }),
    });
    const execution = await call<ExecutionRecord>('functions.invoke', {
      id: fn.id,
      event: { type: 'ObjectCreated:Copy', bucket: 'photos', key: 'cats/a b+c.jpg', size: 2048, format: 's3' },
    });
    expect(execution).toMatchObject({ type: 'execution', status: 'success', function: 'echo-event', functionId: fn.id, note: 'test invocation' });
    expect(execution.actionId).toEqual(expect.any(String));

    const records = await recordsOf(execution.actionId!);
    expect(records.map((r) => r.type)).toEqual(['action', 'event', 'execution']);
    const [action, event, executed] = records as [ActionRecord, EventRecord, ExecutionRecord];

    expect(action).toMatchObject({
      actor: 'app',
      operation: 'TestInvocation',
      test: { functionId: fn.id, function: 'echo-event' },
      bucket: 'photos',
      key: 'cats/a b+c.jpg',
      result: 'ok',
    });
    // Labelled a test, not a bucket notification: no trigger delivered it.
    expect(event).toMatchObject({ source: 'test', eventName: 'ObjectCreated:Copy', bucket: 'photos', key: 'cats/a b+c.jpg' });
    expect(event.triggerId).toBeUndefined();
    // The execution under the event, as returned to the caller.
    expect(executed).toEqual(execution);
    expect(executed.eventId).toBe(event.eventId);
    expect(executed.logs.at(-1)).toMatch(/ stdout received$/);
    // The exact payload: what the handler received and returned is what the event record carries.
    expect(executed.result).toEqual(event.payload);
    const payload = event.payload as { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size: number } } }[] };
    expect(payload.Records).toHaveLength(1);
    expect(payload.Records[0]).toMatchObject({ eventName: 'ObjectCreated:Copy', s3: { bucket: { name: 'photos' }, object: { key: 'cats/a+b%2Bc.jpg', size: 2048 } } });

    // Persisted the same way (NDJSON in the data directory).
    await host.engine.timeline.flush();
    const lines = (await readFile(join(dataDir, 'triggers', TIMELINE_FILE), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TimelineRecord);
    expect(lines.find((r) => r.type === 'event' && r.eventId === event.eventId)).toEqual(event);
  });

  it('records a failed test once, under its own action, without retries or a dead letter', async () => {
    const fn = await call<FunctionDto>('functions.save', {
      name: 'always-fails',
      runtime: 'nodejs',
      path: writeFunction({ 'index.mjs': `export function main_handler() { throw new Error('nope'); }` }),
    });
    const first = await call<ExecutionRecord>('functions.invoke', { id: fn.id });
    const second = await call<ExecutionRecord>('functions.invoke', { id: fn.id, event: { format: 'cos', type: 'cos:ObjectRemove:Delete' } });
    expect([first.status, second.status]).toEqual(['error', 'error']);
    expect(first.actionId).not.toBe(second.actionId);
    await host.engine.idle();

    const records = await recordsOf(second.actionId!);
    expect(records.map((r) => r.type)).toEqual(['action', 'event', 'execution']);
    const event = records[1] as EventRecord;
    expect(event).toMatchObject({ source: 'test', eventName: 'cos:ObjectRemove:Delete', bucket: 'test-bucket', key: 'test/hello world.txt' });
    expect((event.payload as { Records: { event: { eventName: string } }[] }).Records[0]!.event.eventName).toBe('cos:ObjectRemove:Delete');
    expect((records[2] as ExecutionRecord).error?.message).toMatch(/nope$/);
    expect((await recordsOf(first.actionId!)).filter((r) => r.type === 'execution')).toHaveLength(1);
    expect(await call<DeadLetterDto[]>('deliveries.deadLetters')).toEqual([]);
  });

  it("puts the real events caused by the tested function's own writes under the test action", async () => {
    // A fixture inside the repo, so the SDK resolves from the handler's folder: writes `<key>.x` into the event's bucket.
    const path = fileURLToPath(new URL('../notifications/fixtures/write-back', import.meta.url));
    const fn = await call<FunctionDto>('functions.save', { name: 'write-back', runtime: 'nodejs', path, timeoutMs: 10_000 });
    await call('buckets.create', { connectionId: 'local', bucket: 'tested' });
    const execution = await call<ExecutionRecord>('functions.invoke', { id: fn.id, event: { bucket: 'tested', key: 'seed', format: 's3' } });
    expect(execution).toMatchObject({ status: 'success', result: 'seed' });

    await expect.poll(async () => (await recordsOf(execution.actionId!)).filter((r) => r.type === 'event').length, { timeout: 10_000 }).toBe(2);
    const [sample, written] = (await recordsOf(execution.actionId!)).filter((r): r is EventRecord => r.type === 'event');
    expect(sample).toMatchObject({ source: 'test', key: 'seed' });
    // A real bucket event of the embedded server, attributed to the tested function.
    expect(written).toMatchObject({ source: 'embedded', bucket: 'tested', key: 'seed.x', causedBy: { function: 'write-back', executionId: execution.executionId, depth: 2 } });
  });
});

describe('functions.invoke with a recorded event (replay)', () => {
  it('gives the function the exact payload a real delivery carried, recorded as a replay of that event', async () => {
    // v1 of the handler fails on the delivered event; v2, fixed, is replayed against the very same payload.
    const dir = writeFunction({ 'index.mjs': `export async function main_handler(event) { throw new Error('v1 cannot parse this'); }` });
    const fn = await call<FunctionDto>('functions.save', { name: 'replayed', runtime: 'nodejs', path: dir });
    await call('buckets.create', { connectionId: 'local', bucket: 'replays' });
    await call('triggers.save', { connectionId: 'local', bucket: 'replays', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    const status = await call<LocalServerStatus>('server.status');
    const { secretAccessKey } = await call<{ secretAccessKey: string }>('server.revealSecret');
    const s3 = new S3Client({ endpoint: status.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: status.accessKeyId, secretAccessKey } });
    await s3.send(new PutObjectCommand({ Bucket: 'replays', Key: 'in/a b.txt', Body: 'hello' }));
    s3.destroy();

    const deliveredEvent = async (): Promise<EventRecord | undefined> =>
      (await call<TimelineRecord[]>('timeline.list', { limit: 10_000 })).find((r): r is EventRecord => r.type === 'event' && r.bucket === 'replays');
    await expect.poll(deliveredEvent, { timeout: 10_000 }).toBeDefined();
    const delivered = (await deliveredEvent())!;
    expect(delivered).toMatchObject({ source: 'embedded', eventName: 'ObjectCreated:Put', key: 'in/a b.txt' });
    expect(delivered.payload).toBeDefined();

    await call('functions.writeFile', { id: fn.id, path: 'index.mjs', content: `export async function main_handler(event) { console.log('v2'); return event; }` });
    const replay = await call<ExecutionRecord>('functions.invoke', { id: fn.id, eventId: delivered.eventId });
    expect(replay).toMatchObject({ status: 'success', function: 'replayed', note: `replay of event #${delivered.seq}` });
    // Byte for byte what the trigger delivered, not a re-synthesised sample.
    expect(replay.result).toEqual(delivered.payload);
    expect(replay.logs.at(-1)).toMatch(/ stdout v2$/);

    const records = await recordsOf(replay.actionId!);
    expect(records.map((r) => r.type)).toEqual(['action', 'event', 'execution']);
    const [action, event] = records as [ActionRecord, EventRecord];
    expect(action).toMatchObject({ operation: 'TestInvocation', bucket: 'replays', key: 'in/a b.txt', test: { functionId: fn.id, replayOf: { eventId: delivered.eventId, seq: delivered.seq } } });
    expect(event).toMatchObject({ source: 'test', eventName: 'ObjectCreated:Put', payload: delivered.payload });
    expect(event.eventId).not.toBe(delivered.eventId);
    expect(event.triggerId).toBeUndefined();
  });

  it('refuses events it cannot replay, saying why', async () => {
    const fn = await call<FunctionDto>('functions.save', { name: 'replay-refusals', runtime: 'nodejs', path: writeFunction({ 'index.mjs': 'export const main_handler = (e) => e;' }) });
    const gone = await host.dispatch('functions.invoke', { id: fn.id, eventId: 'no-such-event' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NotFound', message: expect.stringMatching(/no longer on the timeline/) } });

    // An event that matched no trigger was never delivered: it has no payload.
    const bare = host.engine.timeline.append({ type: 'event', eventId: 'undelivered-1', eventName: 'ObjectCreated:Put', bucket: 'b', key: 'k', source: 'embedded' }) as EventRecord;
    const undelivered = await host.dispatch('functions.invoke', { id: fn.id, eventId: bare.eventId });
    expect(undelivered).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/not delivered to any function/) } });

    const both = await host.dispatch('functions.invoke', { id: fn.id, eventId: bare.eventId, event: { key: 'x' } });
    expect(both).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/Give one of: a sample event, the id of a recorded event to replay, or a custom payload/) } });
  });
});

describe('functions.invoke with a custom payload', () => {
  it('passes an event copied from a cloud console through untouched, named on the timeline from its first record', async () => {
    const fn = await call<FunctionDto>('functions.save', { name: 'custom-payload', runtime: 'nodejs', path: writeFunction({ 'index.mjs': 'export const main_handler = async (e) => e;' }) });
    // The reference COS delivery (shared/events/cos-put.json), as a user would paste it.
    const payload = JSON.parse(await readFile(fileURLToPath(new URL('../../unit/notifications/fixtures/cos-put.json', import.meta.url)), 'utf8')) as {
      Records: { cos: { cosBucket: { name: string }; cosObject: { key: string } }; event: { eventName: string } }[];
    };
    const execution = await call<ExecutionRecord>('functions.invoke', { id: fn.id, payload });
    expect(execution).toMatchObject({ status: 'success', note: 'test invocation with a custom event' });
    expect(execution.result).toEqual(payload);
    const [action, event] = (await recordsOf(execution.actionId!)) as [ActionRecord, EventRecord];
    const record = payload.Records[0]!;
    const key = record.cos.cosObject.key.split('/').slice(3).join('/');
    expect(action).toMatchObject({ operation: 'TestInvocation', bucket: record.cos.cosBucket.name, key, test: { functionId: fn.id } });
    expect(event).toMatchObject({ source: 'test', eventName: record.event.eventName, bucket: record.cos.cosBucket.name, key, payload });

    // Not an S3 or COS notification: still delivered, labelled as a custom event.
    const other = await call<ExecutionRecord>('functions.invoke', { id: fn.id, payload: { hello: ['world', 1, null] } });
    expect(other.result).toEqual({ hello: ['world', 1, null] });
    expect((await recordsOf(other.actionId!))[1]).toMatchObject({ eventName: 'custom event', bucket: '', key: '' });

    const huge = await host.dispatch('functions.invoke', { id: fn.id, payload: { blob: 'x'.repeat(300 * 1024) } });
    expect(huge).toMatchObject({ ok: false, error: { code: 'InvalidInput', message: expect.stringMatching(/256 KB/) } });
  });
});
