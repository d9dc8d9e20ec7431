// Data files written without waiting for fsync (multipart parts) on a real temp directory: they read back
// whole, syncData makes them durable (waiting for the background sync), discarding one mid-sync removes it,
// and close() waits for syncs still running.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskObjectStore } from '../../../electron/main/local-server/storage/disk-store.ts';
import type { Segment } from '../../../electron/main/local-server/storage/object-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-data-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function writeUnsynced(store: DiskObjectStore, data: Buffer): Promise<Segment> {
  const sink = await store.createData({ sync: false });
  await new Promise<void>((resolve, reject) => sink.stream.end(data, (e?: Error | null) => (e ? reject(e) : resolve())));
  return sink.commit();
}

async function dataFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(join(dir, 'data'))) out.push(...(await readdir(join(dir, 'data', shard))));
  return out;
}

describe('DiskObjectStore data files written with sync: false', () => {
  it('commit returns before the sync; syncData then finds them durable and they read back whole', async () => {
    const store = new DiskObjectStore(dir);
    await store.open();
    const bodies = [Buffer.alloc(3 * 1024 * 1024, 7), Buffer.from('second part')];
    const segments = await Promise.all(bodies.map((b) => writeUnsynced(store, b)));
    expect(segments.map((s) => s.size)).toEqual(bodies.map((b) => b.length));
    await store.syncData(segments);
    // A second syncData (e.g. a retried CompleteMultipartUpload) syncs the files itself.
    await store.syncData(segments);
    for (const [i, s] of segments.entries()) {
      expect((await readFile(join(dir, 'data', s.id.slice(0, 2), s.id))).equals(bodies[i]!)).toBe(true);
    }
    await store.close();
  });

  it('a part discarded while its sync runs is gone, and close waits for the rest', async () => {
    const store = new DiskObjectStore(dir);
    await store.open();
    const keep = await writeUnsynced(store, Buffer.alloc(1024 * 1024, 1));
    const drop = await writeUnsynced(store, Buffer.alloc(1024 * 1024, 2));
    await store.discardData([drop]);
    await store.close();
    expect(await dataFiles()).toEqual([keep.id]);
  });
});
