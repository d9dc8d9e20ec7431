import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FunctionStore } from '../../../electron/main/functions/function-store.ts';
import { TriggerStore } from '../../../electron/main/notifications/trigger-store.ts';

function stores(dataDir?: string) {
  const functions = new FunctionStore(dataDir);
  return { functions, triggers: new TriggerStore(dataDir, functions) };
}

describe('trigger store', () => {
  it('rejects an overlapping trigger on the same bucket, naming the existing one', () => {
    const { functions, triggers } = stores();
    const fn = functions.save({ name: 'thumbs', runtime: 'webhook', url: 'http://127.0.0.1:1/' });
    const first = triggers.save({ name: 'images', connectionId: 'local', bucket: 'b', events: ['cos:ObjectCreated:*'], prefix: 'img/', format: 'cos', functionId: fn.id });
    expect(() =>
      triggers.save({ connectionId: 'local', bucket: 'b', events: ['cos:ObjectCreated:Put'], prefix: 'img/cats/', format: 'cos', functionId: fn.id }),
    ).toThrow(`Overlaps trigger "images" (${first.id})`);
    // another bucket, another event family or a disjoint suffix are fine
    triggers.save({ connectionId: 'local', bucket: 'other', events: ['cos:ObjectCreated:Put'], format: 'cos', functionId: fn.id });
    triggers.save({ connectionId: 'local', bucket: 'b', events: ['cos:ObjectRemove:*'], format: 'cos', functionId: fn.id });
    // editing a trigger does not conflict with itself
    expect(triggers.save({ ...first, prefix: 'img/x/' }).prefix).toBe('img/x/');
    expect(triggers.list({ bucket: 'b' })).toHaveLength(2);
    // names are configuration ids: unique per bucket
    expect(() => triggers.save({ name: 'images', connectionId: 'local', bucket: 'b', events: ['cos:ObjectCreated:Put'], suffix: '.gif', format: 'cos', functionId: fn.id })).toThrow(
      `Trigger ${first.id} of this bucket is already named "images"`,
    );
  });

  it('rejects a handler that cannot be found, naming the field', () => {
    const { functions } = stores();
    const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-fn-'));
    expect(() => functions.save({ name: 'x', runtime: 'nodejs', path: path.join(dir, 'nope') })).toThrow('Function path not found');
    let error: unknown;
    try {
      functions.save({ name: 'x', runtime: 'python', path: dir, handler: 'app.main_handler' });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'InvalidInput', fields: { handler: expect.stringMatching(/No app\.py in/) } });
    expect(functions.list()).toEqual([]);
  });

  it('validates event names, the target function and names the field', () => {
    const { triggers } = stores();
    expect(() => triggers.save({ connectionId: 'l', bucket: 'b', events: ['cos:ObjectCreated:*'], format: 'cos', functionId: 'nope' })).toThrow('No function nope');
    expect(() =>
      triggers.save({ connectionId: 'l', bucket: 'b', events: ['s3:ObjectRemove:*' as never], format: 's3', functionId: 'x' }),
    ).toThrow(/Unknown event type "s3:ObjectRemove:\*"/);
  });

  it('persists triggers and functions across restarts, with the enabled flag', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-triggers-'));
    const a = stores(dir);
    writeFileSync(path.join(dir, 'index.js'), 'exports.main_handler = () => 1;');
    const fn = a.functions.save({ name: 'log', runtime: 'nodejs', path: dir, timeoutMs: 1000 });
    const t = a.triggers.save({ connectionId: 'local', bucket: 'b', events: ['s3:ObjectCreated:Put'], suffix: '.txt', format: 's3', functionId: fn.id });
    a.triggers.setEnabled(t.id, false);
    const b = stores(dir);
    expect(b.functions.get(fn.id)).toMatchObject({ name: 'log', timeoutMs: 1000, memoryMb: 128, handler: 'index.main_handler' });
    expect(b.triggers.get(t.id)).toMatchObject({ enabled: false, suffix: '.txt', events: ['s3:ObjectCreated:Put'] });
    expect(b.triggers.active('local', 'b')).toEqual([]);
  });

  it('replaces a bucket as a whole and rejects overlaps within the new set', () => {
    const { functions, triggers } = stores();
    const fn = functions.save({ name: 'f', runtime: 'webhook', url: 'http://127.0.0.1:1/' });
    triggers.save({ connectionId: 'local', bucket: 'b', events: ['s3:ObjectCreated:*'], format: 's3', functionId: fn.id });
    const base = { connectionId: 'local', bucket: 'b', format: 's3' as const, functionId: fn.id };
    expect(() =>
      triggers.replaceBucket('local', 'b', [
        { ...base, id: 'one', events: ['s3:ObjectCreated:*'], suffix: 'jpg' },
        { ...base, id: 'two', events: ['s3:ObjectCreated:Put'], suffix: 'pg' },
      ]),
    ).toThrow(/Overlaps trigger one/);
    expect(triggers.list({ bucket: 'b' })).toHaveLength(1);
    triggers.replaceBucket('local', 'b', [{ ...base, id: 'one', events: ['s3:ObjectRemoved:*'] }]);
    expect(triggers.list({ bucket: 'b' }).map((t) => t.id)).toEqual(['one']);
  });
});
