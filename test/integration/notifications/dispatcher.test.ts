import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_ID_HEADER } from '../../../electron/shared/bucket-event.ts';
import type { EventRecord, ExecutionRecord, TimelineRecord } from '../../../electron/shared/timeline.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { bucketEvent, handlerDir } from './engine-helpers.ts';

let engine: TriggerEngine;
afterEach(async () => engine?.close());

const byType = <T extends TimelineRecord['type']>(records: TimelineRecord[], type: T) =>
  records.filter((r): r is Extract<TimelineRecord, { type: T }> => r.type === type);

describe('dispatcher over real workers', () => {
  it('delivers a matching event once, in the trigger dialect, and records the execution with its logs', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [10, 20] });
    const fn = engine.functions.save({
      name: 'log-event',
      runtime: 'nodejs',
      path: handlerDir(`export async function main_handler(event) { console.log(event.Records[0].event.eventName, event.Records[0].cos.cosObject.key); return 'done'; }`),
    });
    engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['cos:ObjectCreated:*'], suffix: '.txt', format: 'cos', functionId: fn.id, name: 'txt' });
    const live: TimelineRecord[] = [];
    engine.timeline.subscribe((r) => live.push(r));
    engine.handle('local', bucketEvent('ObjectCreated:Put', 'notes/a b.txt'));
    engine.handle('local', bucketEvent('ObjectCreated:Put', 'image.png'));
    const dup = bucketEvent('ObjectCreated:Copy', 'c.txt');
    engine.handle('local', dup);
    engine.handle('local', dup); // a repeated delivery of the same event is ignored
    await engine.idle();

    const records = engine.timeline.list();
    const events = byType(records, 'event');
    expect(events.map((e) => [e.eventName, e.key, e.triggerId !== undefined])).toEqual([
      ['cos:ObjectCreated:Put', 'notes/a b.txt', true],
      ['cos:ObjectCreated:Put', 'image.png', false],
      ['cos:ObjectCreated:Copy', 'c.txt', true],
    ]);
    expect(events[0]!.payload).toMatchObject({ Records: [{ cos: { cosObject: { key: '/1250000000/uploads/notes/a b.txt' } } }] });
    const executions = byType(records, 'execution');
    expect(executions).toHaveLength(2);
    const first = executions.find((x) => x.eventId === events[0]!.eventId)!;
    expect(first).toMatchObject({ function: 'log-event', status: 'success', attempt: 1, result: 'done', triggerId: events[0]!.triggerId });
    expect(first.logs[0]).toMatch(/stdout cos:ObjectCreated:Put \/1250000000\/uploads\/notes\/a b\.txt$/);
    expect(first.cold).toBe(true);
    // subscribers saw it running first (same execution id, lower seq); the kept timeline has only the final record
    const running = live.find((r) => r.type === 'execution' && r.executionId === first.executionId && r.status === 'running')!;
    expect(running.seq).toBeLessThan(first.seq);
    expect(running.seq).toBeGreaterThan(events[0]!.seq);
    expect(records.some((r) => r.type === 'execution' && r.status === 'running')).toBe(false);
    expect(first.initDurationMs).toBeGreaterThan(0);
    // events come before their executions
    expect(first.seq).toBeGreaterThan(events[0]!.seq);
    // the next event finds a warm instance
    engine.handle('local', bucketEvent('ObjectCreated:Post', 'd.txt'));
    await engine.idle();
    expect(byType(engine.timeline.list(), 'execution').at(-1)).toMatchObject({ status: 'success', cold: false });
  });

  it('retries a failing handler twice, then dead-letters it; redeliver runs it again', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [10, 20] });
    const dir = handlerDir(`export function main_handler(event) { if (!process.env.FIXED) throw new Error('boom'); return 'ok'; }`);
    const fn = engine.functions.save({ name: 'flaky', runtime: 'nodejs', path: dir });
    engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectRemoved:*'], format: 's3', functionId: fn.id });
    engine.handle('local', bucketEvent('ObjectRemoved:DeleteMarkerCreated', 'x.txt', { versionId: 'v1' }));
    await engine.idle();
    const executions = byType(engine.timeline.list(), 'execution');
    expect(executions.map((x) => [x.attempt, x.status, x.note])).toEqual([
      [1, 'error', 'next try (2 of 3) in 10 ms'],
      [2, 'error', 'next try (3 of 3) in 20 ms'],
      [3, 'error', 'failed 3 times: moved to the dead-letter list'],
    ]);
    expect(executions[0]!.error?.message).toBe('Error: boom');
    const [letter] = engine.deadLetters.list();
    expect(letter).toMatchObject({ function: 'flaky', attempts: 3, lastStatus: 'error', lastError: 'Error: boom', eventName: 'ObjectRemoved:DeleteMarkerCreated', key: 'x.txt' });
    expect(letter!.payload).toMatchObject({ Records: [{ eventName: 'ObjectRemoved:DeleteMarkerCreated', s3: { object: { key: 'x.txt', versionId: 'v1' } } }] });

    engine.functions.save({ id: fn.id, name: fn.name, runtime: 'nodejs', path: dir, env: { FIXED: '1' } });
    engine.redeliver(letter!.id);
    await engine.idle();
    expect(engine.deadLetters.list()).toEqual([]);
    const last = byType(engine.timeline.list(), 'execution').at(-1)!;
    expect(last).toMatchObject({ status: 'success', attempt: 1, eventId: letter!.eventId, result: 'ok' });
  });

  it('records hanging, out-of-memory and exiting handlers with their status on every attempt, then dead-letters them; the app carries on', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [5] });
    const dir = handlerDir(`export async function main_handler(event) {
      const key = event.Records[0].s3.object.key;
      if (key === 'hang') for (;;) {}
      if (key === 'oom') { const a = []; for (;;) a.push(Buffer.alloc(4 * 1024 * 1024, 1)), await new Promise((r) => setImmediate(r)); }
      if (key === 'exit') process.exit(9);
      return 'fine';
    }`);
    const fn = engine.functions.save({ name: 'bad', runtime: 'nodejs', path: dir, timeoutMs: 400, memoryMb: 40 });
    engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    for (const key of ['hang', 'oom', 'exit', 'ok']) engine.handle('local', bucketEvent('ObjectCreated:Put', key));
    await engine.idle();
    const records = engine.timeline.list();
    const statuses = (key: string) => {
      const e = byType(records, 'event').find((x) => x.key === key)!;
      return byType(records, 'execution').filter((x) => x.eventId === e.eventId).map((x) => `${x.attempt}:${x.status}`);
    };
    expect(statuses('hang')).toEqual(['1:timeout', '2:timeout']);
    expect(statuses('oom')).toEqual(['1:out-of-memory', '2:out-of-memory']);
    expect(statuses('exit')).toEqual(['1:error', '2:error']);
    expect(statuses('ok')).toEqual(['1:success']);
    expect(engine.deadLetters.list().map((l) => [l.key, l.lastStatus, l.attempts]).sort()).toEqual([
      ['exit', 'error', 2],
      ['hang', 'timeout', 2],
      ['oom', 'out-of-memory', 2],
    ]);
  });

  it('stops a write-back loop at the configured depth with a recursion warning', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [10], maxChainDepth: 2 });
    // Stands in for the embedded server: every PUT it receives becomes an ObjectCreated:Put event carrying
    // the request's action-id header (the real server test is in ../headless).
    const server = createServer((req, res) => {
      const actionId = req.headers[ACTION_ID_HEADER];
      req.resume();
      req.on('end', () => {
        res.end('ok');
        engine.handle('local', bucketEvent('ObjectCreated:Put', decodeURIComponent(req.url!.slice('/uploads/'.length)), typeof actionId === 'string' ? { actionId } : {}));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine.setServerAccess({ endpoint, region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' });
    try {
      const fn = engine.functions.save({
        name: 'echo',
        runtime: 'nodejs',
        path: handlerDir(`import http from 'node:http';
          export function main_handler(event) {
            const key = event.Records[0].s3.object.key;
            // the first write goes through node:http, the second through fetch: both must be recognised
            if (key.endsWith('.copy')) return fetch(process.env.AWS_ENDPOINT_URL + '/uploads/' + key + '.copy', { method: 'PUT', body: 'x' }).then((r) => r.status);
            return new Promise((resolve, reject) => {
              const req = http.request(process.env.AWS_ENDPOINT_URL + '/uploads/' + key + '.copy', { method: 'PUT' }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
              req.on('error', reject);
              req.end('x');
            });
          }`),
      });
      engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
      engine.handle('local', bucketEvent('ObjectCreated:Put', 'start', { actionId: 'act-1' }));
      await expect.poll(() => byType(engine.timeline.list(), 'execution').length, { timeout: 10_000 }).toBe(3);
      await engine.idle();
      const records = engine.timeline.list();
      const events = byType(records, 'event');
      expect(events.map((e) => e.key)).toEqual(['start', 'start.copy', 'start.copy.copy']);
      expect(events.map((e) => e.actionId)).toEqual(['act-1', 'act-1', 'act-1']);
      expect(events[2]!.causedBy).toMatchObject({ function: 'echo', depth: 3 });
      const executions = byType(records, 'execution') as ExecutionRecord[];
      const statusOf = (e: EventRecord) => executions.filter((x) => x.eventId === e.eventId).map((x) => x.status);
      expect(events.map(statusOf)).toEqual([['success'], ['success'], ['skipped']]);
      expect(executions.find((x) => x.status === 'skipped')!.note).toMatch(/^Recursion guard: not invoked\. This event was caused by echo's own write \(chain depth 3 > 2\)/);
      expect((events as EventRecord[]).length).toBe(3);
    } finally {
      server.close();
    }
  });
  it('closing the app mid-delivery dead-letters what was running or waiting to retry, so a restart shows it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bucketscope-dispatcher-'));
    try {
      engine = new TriggerEngine({ dataDir, retryDelaysMs: [60_000] });
      const dir = handlerDir(`export async function main_handler(event) {
        const key = event.Records[0].s3.object.key;
        if (key === 'slow') { console.log('started'); await new Promise((r) => setTimeout(r, 60_000)); }
        throw new Error('fails first');
      }`);
      const fn = engine.functions.save({ name: 'slow', runtime: 'nodejs', path: dir, timeoutMs: 90_000 });
      engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
      const live: TimelineRecord[] = [];
      engine.timeline.subscribe((r) => live.push(r));
      engine.handle('local', bucketEvent('ObjectCreated:Put', 'retrying'));
      engine.handle('local', bucketEvent('ObjectCreated:Put', 'slow'));
      // 'retrying' failed once and waits a minute for its retry; 'slow' is running.
      await expect.poll(() => live.filter((r) => r.type === 'execution' && r.status !== 'running').length, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => live.some((r) => r.type === 'execution' && r.status === 'running' && byType(live, 'event').find((e) => e.eventId === r.eventId)?.key === 'slow'), { timeout: 10_000 }).toBe(true);
      const closedAfter = 300;
      await new Promise((r) => setTimeout(r, closedAfter));
      await engine.close();

      engine = new TriggerEngine({ dataDir });
      const letters = engine.deadLetters.list().map((l) => [l.key, l.attempts, l.lastError]).sort();
      expect(letters).toEqual([
        ['retrying', 2, 'The app closed before attempt 2 (a retry) ran; redeliver it to run it now'],
        ['slow', 1, 'The app closed while attempt 1 ran; redeliver it to run it now'],
      ]);
      const records = engine.timeline.list();
      const slow = byType(records, 'event').find((e) => e.key === 'slow')!;
      expect(byType(records, 'execution').filter((x) => x.eventId === slow.eventId).map((x) => [x.status, x.note])).toEqual([
        ['error', 'interrupted by closing the app: moved to the dead-letter list'],
      ]);
      // It had run until the app closed: its duration says so (it read 0 ms).
      expect(byType(records, 'execution').find((x) => x.eventId === slow.eventId)!.durationMs).toBeGreaterThanOrEqual(closedAfter);
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('with no retries, a failure is dead-lettered as "failed once"', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [] });
    const fn = engine.functions.save({ name: 'no-retry', runtime: 'nodejs', path: handlerDir(`export function main_handler() { throw new Error('boom'); }`) });
    engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    engine.handle('local', bucketEvent('ObjectCreated:Put', 'once.txt'));
    await engine.idle();
    expect(byType(engine.timeline.list(), 'execution').map((x) => x.note)).toEqual(['failed once: moved to the dead-letter list']);
  });
  it('shows an execution over the concurrency limit as waiting until it gets a slot', async () => {
    engine = new TriggerEngine({ retryDelaysMs: [] });
    const fn = engine.functions.save({
      name: 'one-at-a-time',
      runtime: 'nodejs',
      path: handlerDir(`export async function main_handler() { await new Promise((r) => setTimeout(r, 150)); return 'done'; }`),
      concurrency: 1,
    });
    engine.triggers.save({ connectionId: 'local', bucket: 'uploads', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    const live: TimelineRecord[] = [];
    engine.timeline.subscribe((r) => live.push(r));
    engine.handle('local', bucketEvent('ObjectCreated:Put', 'first'));
    engine.handle('local', bucketEvent('ObjectCreated:Put', 'second'));
    await engine.idle();
    const states = (key: string) => {
      const e = byType(live, 'event').find((x) => x.key === key)!;
      return byType(live, 'execution').filter((x) => x.eventId === e.eventId).map((x) => `${x.status}${x.note !== undefined ? `: ${x.note}` : ''}`);
    };
    expect(states('first')).toEqual(['running', 'success']);
    expect(states('second')).toEqual(['running: waiting: one-at-a-time runs 1 at a time (its concurrency setting)', 'running', 'success']);
  });
});
