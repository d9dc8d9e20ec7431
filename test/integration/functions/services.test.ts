import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppApi } from '../../../electron/shared/contract.ts';
import { createDispatcher } from '../../../electron/main/rpc/dispatcher.ts';
import { TriggerEngine } from '../../../electron/main/notifications/engine.ts';
import { DeliveriesService } from '../../../electron/main/services/deliveries-service.ts';
import { FunctionsService } from '../../../electron/main/services/functions-service.ts';
import { TimelineService } from '../../../electron/main/services/timeline-service.ts';
import { TriggersService } from '../../../electron/main/services/triggers-service.ts';
import { fnDto, writeFunction } from './helpers.ts';

let engine: TriggerEngine;
afterEach(async () => engine?.close());

function services() {
  engine = new TriggerEngine({ retryDelaysMs: [5] });
  const api = {
    triggers: new TriggersService({ engine }),
    functions: new FunctionsService({ engine }),
    deliveries: new DeliveriesService({ engine }),
    timeline: new TimelineService({ timeline: engine.timeline }),
  };
  // Only these namespaces are exercised: the rest of AppApi belongs to other services.
  return { api, dispatch: createDispatcher(api as unknown as AppApi) };
}

describe('triggers, functions, deliveries and timeline over the RPC dispatcher', () => {
  it('saves a function and a trigger, invokes with a test event, and lists the execution', async () => {
    const { dispatch } = services();
    const path = writeFunction({ 'index.mjs': `export async function main_handler(e, ctx) { console.log(ctx.function_name); return e.Records[0].s3.object.key; }` });
    const saved = await dispatch('functions.save', { name: 'key-echo', runtime: 'nodejs', path });
    expect(saved.ok).toBe(true);
    const fn = (saved as { result: { id: string } }).result;
    const trig = await dispatch('triggers.save', { connectionId: 'local', bucket: 'b', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    expect(trig).toMatchObject({ ok: true, result: { enabled: true, prefix: '', suffix: '' } });
    const overlapping = await dispatch('triggers.save', { connectionId: 'local', bucket: 'b', events: ['s3:ObjectCreated:Put'], format: 's3', functionId: fn.id });
    expect(overlapping).toMatchObject({ ok: false, error: { code: 'Conflict' } });

    const run = await dispatch('functions.invoke', { id: fn.id, event: { key: 'a b.txt' } });
    // the function's trigger is S3-format, so the test event is too
    expect(run).toMatchObject({ ok: true, result: { type: 'execution', status: 'success', result: 'a+b.txt', note: 'test invocation', cold: true } });
    // the test's action, its sample event and the execution (test-invocation.test.ts checks them in detail)
    const listed = await dispatch('timeline.list', {});
    expect((listed as { result: { type: string }[] }).result.map((r) => r.type)).toEqual(['action', 'event', 'execution']);

    const runtimes = await dispatch('functions.runtimes', undefined);
    expect((runtimes as { result: { runtime: string }[] }).result.map((r) => r.runtime)).toEqual(['nodejs', 'python', 'webhook']);
    // a function used by a trigger cannot be removed
    expect(await dispatch('functions.remove', { id: fn.id })).toMatchObject({ ok: false, error: { code: 'Conflict' } });
  });

  it('saving settings while a run is in progress lets it finish as it began; the next run starts cold with them', async () => {
    const { dispatch } = services();
    const path = writeFunction({
      'index.mjs': `export async function main_handler() { await new Promise((r) => setTimeout(r, 400)); return process.env.STAGE; }`,
    });
    const saved = (await dispatch('functions.save', { name: 'slow', runtime: 'nodejs', path, env: { STAGE: 'one' } })) as { result: { id: string } };
    const id = saved.result.id;
    const running = dispatch('functions.invoke', { id });
    // Save once the run is under way (its cold start included).
    while (engine.runner.warmCount(id) === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    expect(await dispatch('functions.save', { id, name: 'slow', runtime: 'nodejs', path, env: { STAGE: 'two' } })).toMatchObject({ ok: true });
    expect(await running).toMatchObject({ ok: true, result: { status: 'success', result: 'one' } });
    expect(await dispatch('functions.invoke', { id })).toMatchObject({ ok: true, result: { status: 'success', result: 'two', cold: true } });
  });

  it('deleting a function while a triggered run is in progress stops that run, saying so, with no retry and no dead letter', async () => {
    const { api } = services();
    const path = writeFunction({ 'index.mjs': `export async function main_handler() { console.log('started'); await new Promise((r) => setTimeout(r, 5000)); }` });
    const fn = await api.functions.save({ name: 'slow', runtime: 'nodejs', path });
    const trigger = await api.triggers.save({ connectionId: 'local', bucket: 'b', events: ['cos:ObjectCreated:*'], format: 'cos', functionId: fn.id });
    const event = { type: 'ObjectCreated:Put', bucket: 'b', key: 'k', size: 1, etag: 'e', versionId: '', time: new Date().toISOString(), sourceIp: '127.0.0.1', source: 'embedded' } as const;
    engine.handle('local', { ...event, sequencer: '1', requestId: 'r1' });
    while (engine.runner.warmCount(fn.id) === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    // As the function's Delete does: its trigger, then the function.
    await api.triggers.remove({ id: trigger.id });
    await api.functions.remove({ id: fn.id });
    await engine.idle();
    const runs = (await api.timeline.list({})).filter((r) => r.type === 'execution');
    expect(runs).toMatchObject([{ status: 'error', attempt: 1, error: { message: 'Stopped: the function was deleted while this run was in progress' }, note: 'the function was deleted: not retried' }]);
    expect(await api.deliveries.deadLetters()).toEqual([]);
  });

  it('stops a test run that hangs, at once, without waiting for its timeout; the function runs again afterwards', async () => {
    const { dispatch } = services();
    const path = writeFunction({
      'index.mjs': `import { writeFileSync } from 'node:fs';
        export async function main_handler(e) { console.log('waiting'); if (e.hang) { writeFileSync('started', ''); await new Promise(() => {}); } return 'done'; }`,
    });
    const saved = (await dispatch('functions.save', { name: 'hangs', runtime: 'nodejs', path, timeoutMs: 600_000 })) as { result: { id: string } };
    const id = saved.result.id;
    expect(await dispatch('functions.stopTests', { id })).toEqual({ ok: true, result: { stopped: 0 } });
    const started = Date.now();
    const running = dispatch('functions.invoke', { id, payload: { hang: true } });
    // Stopped once the handler runs (it writes 'started' in its folder, its working directory).
    while (!existsSync(join(path, 'started'))) await new Promise((r) => setTimeout(r, 5));
    expect(await dispatch('functions.stopTests', { id })).toEqual({ ok: true, result: { stopped: 1 } });
    const stopped = (await running) as { ok: true; result: { status: string; error: { message: string }; logs: string[] } };
    expect(stopped.result).toMatchObject({ status: 'error', error: { message: 'Stopped: you stopped this test run before it finished' } });
    expect(stopped.result.logs.at(-1)).toMatch(/stdout waiting$/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await dispatch('functions.invoke', { id, payload: {} })).toMatchObject({ ok: true, result: { status: 'success', result: 'done', cold: true } });
  });

  it('stops a test run still waiting for a concurrency slot, and the run holding the slot', async () => {
    const { dispatch } = services();
    const path = writeFunction({
      'index.mjs': `import { writeFileSync } from 'node:fs';
        export async function main_handler(e) { writeFileSync('started-' + e.n, ''); await new Promise(() => {}); }`,
    });
    const saved = (await dispatch('functions.save', { name: 'one-at-a-time', runtime: 'nodejs', path, timeoutMs: 600_000, concurrency: 1 })) as { result: { id: string } };
    const id = saved.result.id;
    const first = dispatch('functions.invoke', { id, payload: { n: 1 } });
    while (!existsSync(join(path, 'started-1'))) await new Promise((r) => setTimeout(r, 5));
    // The second waits for the only slot: Stop ends both (it waited until the first ended, up to its timeout).
    const second = dispatch('functions.invoke', { id, payload: { n: 2 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(await dispatch('functions.stopTests', { id })).toEqual({ ok: true, result: { stopped: 2 } });
    for (const run of [first, second]) {
      expect(await run).toMatchObject({ ok: true, result: { status: 'error', error: { message: 'Stopped: you stopped this test run before it finished' } } });
    }
    expect(existsSync(join(path, 'started-2'))).toBe(false);
  });

  it('rejects bad input naming the field before a service sees it', async () => {
    const { dispatch } = services();
    const res = await dispatch('triggers.save', { connectionId: 'local', bucket: 'b', events: ['s3:ObjectRemove:*'], format: 's3', functionId: 'x' });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(JSON.stringify(res)).toMatch(/events/);
    expect(await dispatch('functions.save', { name: 'w', runtime: 'webhook' })).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it('lists, redelivers and discards dead letters', async () => {
    const { api } = services();
    const path = writeFunction({ 'index.mjs': `export function main_handler() { throw new Error('always'); }` });
    const fn = await api.functions.save({ name: 'fails', runtime: 'nodejs', path });
    await api.triggers.save({ connectionId: 'local', bucket: 'b', events: ['cos:ObjectCreated:*'], format: 'cos', functionId: fn.id });
    const event = { type: 'ObjectCreated:Put', bucket: 'b', size: 1, etag: 'e', versionId: '', time: new Date().toISOString(), sourceIp: '127.0.0.1', source: 'embedded' } as const;
    engine.handle('local', { ...event, key: 'one', sequencer: '1', requestId: 'r1' });
    engine.handle('local', { ...event, key: 'two', sequencer: '2', requestId: 'r2' });
    await engine.idle();
    const letters = (await api.deliveries.deadLetters()).sort((a, b) => a.key.localeCompare(b.key));
    expect(letters.map((l) => [l.key, l.attempts])).toEqual([['one', 2], ['two', 2]]);
    await api.deliveries.discard({ id: letters[0]!.id });
    await api.deliveries.redeliver({ id: letters[1]!.id });
    await engine.idle();
    const again = await api.deliveries.deadLetters();
    expect(again.map((l) => l.key)).toEqual(['two']);
    expect(again[0]!.id).not.toBe(letters[1]!.id);
    await expect(api.deliveries.discard({ id: 'nope' })).rejects.toThrow('No dead letter nope');

    // Its function deleted (its trigger with it), the letter cannot be redelivered: said, and the letter stays.
    for (const t of await api.triggers.list({})) await api.triggers.remove({ id: t.id });
    await api.functions.remove({ id: fn.id });
    await expect(api.deliveries.redeliver({ id: again[0]!.id })).rejects.toThrow('fails was deleted: there is nothing left to redeliver this event to. Discard it.');
    expect((await api.deliveries.deadLetters()).map((l) => l.id)).toEqual([again[0]!.id]);
  });

  it('pushes new records to subscribers and clears', async () => {
    const { api } = services();
    const seen: number[] = [];
    const off = api.timeline.subscribe((r) => seen.push(r.seq));
    const fn = await api.functions.save({ ...fnDto({ runtime: 'webhook', url: 'http://127.0.0.1:9/' }), id: undefined, createdAt: undefined });
    await api.functions.invoke({ id: fn.id });
    off();
    expect(seen).toEqual([1, 2, 3]);
    await api.timeline.clear();
    expect(await api.timeline.list({})).toEqual([]);
  });
});
