import { describe, expect, it } from 'vitest';
import { InstancePool } from '../../../electron/main/functions/instance-pool.ts';
import { Semaphore } from '../../../electron/main/functions/semaphore.ts';
import type { RuntimeInstance } from '../../../electron/main/functions/types.ts';

// Bookkeeping only: the instances here are plain objects (the real workers are tested in integration).
function instance(): RuntimeInstance & { killed: boolean } {
  const i = {
    killed: false,
    ready: Promise.resolve(1),
    get alive() {
      return !i.killed;
    },
    invoke: () => Promise.reject(new Error('not used')),
    takeInitLogs: () => [],
    kill: () => {
      i.killed = true;
    },
  };
  return i;
}

describe('instance pool', () => {
  it('reuses an idle instance (warm), starts another while one is busy (cold)', () => {
    const pool = new InstancePool(60_000);
    const a = pool.acquire('f', 'v1', instance);
    expect(a.cold).toBe(true);
    const b = pool.acquire('f', 'v1', instance);
    expect(b.cold).toBe(true);
    expect(b.instance).not.toBe(a.instance);
    pool.release('f', a.instance);
    const c = pool.acquire('f', 'v1', instance);
    expect(c).toEqual({ instance: a.instance, cold: false });
    expect(pool.warmCount('f')).toBe(2);
    pool.close();
  });

  it('never reuses a dead instance or one of an older version', () => {
    const pool = new InstancePool(60_000);
    const a = pool.acquire('f', 'v1', instance);
    pool.release('f', a.instance);
    const b = pool.acquire('f', 'v2', instance);
    expect(b.cold).toBe(true);
    expect((a.instance as ReturnType<typeof instance>).killed).toBe(true);
    b.instance.kill();
    pool.release('f', b.instance);
    expect(pool.acquire('f', 'v2', instance).cold).toBe(true);
    pool.close();
  });

  it('retire: idle instances end now, a busy one finishes its run, then ends and is never reused', () => {
    const pool = new InstancePool(60_000);
    const idle = pool.acquire('f', 'v1', instance);
    const busy = pool.acquire('f', 'v1', instance);
    pool.release('f', idle.instance);
    pool.retire('f');
    expect((idle.instance as ReturnType<typeof instance>).killed).toBe(true);
    expect((busy.instance as ReturnType<typeof instance>).killed).toBe(false);
    // Same version string (a helper module changed, not the handler file): still cold, not the retired one.
    const next = pool.acquire('f', 'v1', instance);
    expect(next.cold).toBe(true);
    expect(next.instance).not.toBe(busy.instance);
    pool.release('f', busy.instance);
    expect((busy.instance as ReturnType<typeof instance>).killed).toBe(true);
    expect(pool.warmCount('f')).toBe(1);
    pool.close();
  });

  it('a new version does not cut short a busy instance of the old one', () => {
    const pool = new InstancePool(60_000);
    const old = pool.acquire('f', 'v1', instance);
    const fresh = pool.acquire('f', 'v2', instance);
    expect(fresh.cold).toBe(true);
    expect((old.instance as ReturnType<typeof instance>).killed).toBe(false);
    pool.release('f', old.instance);
    pool.release('f', fresh.instance);
    expect(pool.acquire('f', 'v2', instance)).toEqual({ instance: fresh.instance, cold: false });
    expect((old.instance as ReturnType<typeof instance>).killed).toBe(true);
    pool.close();
  });

  it('reaps instances idle longer than idleMs, never busy ones', () => {
    const pool = new InstancePool(1000);
    const idle = pool.acquire('f', 'v', instance);
    const busy = pool.acquire('f', 'v', instance);
    pool.release('f', idle.instance);
    pool.reap(Date.now() + 5000);
    expect((idle.instance as ReturnType<typeof instance>).killed).toBe(true);
    expect((busy.instance as ReturnType<typeof instance>).killed).toBe(false);
    expect(pool.warmCount('f')).toBe(1);
    pool.close();
    expect((busy.instance as ReturnType<typeof instance>).killed).toBe(true);
  });
});

describe('semaphore', () => {
  it('lets `limit` holders in and the rest in arrival order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const w3 = s.acquire().then((r) => (order.push(3), r));
    const w4 = s.acquire().then((r) => (order.push(4), r));
    expect(s.pending).toBe(2);
    r1();
    r1(); // releasing twice is harmless
    const r3 = await w3;
    expect(order).toEqual([3]);
    r2();
    await w4;
    expect(order).toEqual([3, 4]);
    r3();
  });
});
