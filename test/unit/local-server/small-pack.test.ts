// Small-object packs on a real temp directory: reserved bytes read back after a flush, a segment beyond the
// pack's end (bytes lost in a crash) is refused at load, and a pack with no live bytes is deleted.
import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmallPack } from '../../../electron/main/local-server/storage/small-pack.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-pack-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('SmallPack', () => {
  it('stores, reads ranges, and refuses segments whose bytes never reached the disk', async () => {
    const pack = new SmallPack(dir);
    await pack.load();
    const a = pack.reserve(Buffer.from('hello'));
    const b = pack.reserve(Buffer.from('world!'));
    await pack.flush();
    expect((await pack.read(a, 0, 4)).toString()).toBe('hello');
    expect((await pack.read(b, 1, 3)).toString()).toBe('orl');
    await pack.close();
    await truncate(join(dir, '0.pack'), 7); // the tail of the last write was lost
    const reopened = new SmallPack(dir);
    await reopened.load();
    expect(reopened.adopt(a)).toBe(true);
    expect(reopened.adopt(b)).toBe(false);
    expect((await reopened.read(a, 0, 4)).toString()).toBe('hello');
    await reopened.close();
  });

  it('deletes a pack once nothing references it', async () => {
    const pack = new SmallPack(dir);
    await pack.load();
    const first = pack.reserve(Buffer.alloc(64 * 1024 * 1024 - 10, 1));
    await pack.flush();
    const second = pack.reserve(Buffer.alloc(100, 2)); // rotates to pack 1
    await pack.flush();
    expect(second.id).toBe('pack:1:0');
    expect((await readdir(dir)).sort()).toEqual(['0.pack', '1.pack']);
    await pack.release(first);
    expect(await readdir(dir)).toEqual(['1.pack']);
    await pack.close();
  });
});
