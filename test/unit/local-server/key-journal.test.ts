// The key journal on a real temp directory: last record wins, a torn tail (crash mid-append) is dropped and
// truncated, concurrent appends share commits, and compaction rewrites only live records.
import { constants } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyJournal } from '../../../electron/main/local-server/storage/key-journal.ts';
import type { KeyEntry, ObjectVersion } from '../../../electron/main/local-server/storage/object-store.ts';

const v = (etag: string): ObjectVersion => ({ versionId: 'null', deleteMarker: false, lastModified: '2026-01-01T00:00:00.000Z', etag, size: 1, headers: {}, metadata: {}, segments: [{ id: etag, size: 1 }], tags: [] });
const entry = (key: string, ...etags: string[]): KeyEntry => ({ key, versions: etags.map(v) });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bs-journal-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('KeyJournal', () => {
  it('replays last-wins, forgets removed keys, and drops a torn final line', async () => {
    const path = join(dir, 'keys.journal');
    const j = new KeyJournal(path, () => []);
    expect((await j.load()).size).toBe(0);
    await Promise.all([j.append(entry('a', '1')), j.append(entry('b', '1')), j.append(entry('c', '1'))]);
    await j.append(entry('a', '2', '1'));
    await j.append(entry('b'));
    await j.close();
    await appendFile(path, '{"key":"d","versions":[{"versionId":"nu'); // a crash mid-append
    const j2 = new KeyJournal(path, () => []);
    const lineBytes = new Map<string, number>();
    const records = await j2.load(lineBytes);
    expect([...records.keys()].sort()).toEqual(['a', 'c']);
    // The live line of each key, as compaction counts it: a's second record, not its first.
    expect(Object.fromEntries(lineBytes)).toEqual(Object.fromEntries([...records].map(([k, e]) => [k, Buffer.byteLength(JSON.stringify(e)) + 1])));
    expect(records.get('a')?.versions.map((x) => x.etag)).toEqual(['2', '1']);
    await j2.append(entry('e', '1'));
    await j2.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('"key":"d"');
    expect([...(await new KeyJournal(path, () => []).load()).keys()].sort()).toEqual(['a', 'c', 'e']);
  });

  it('appends a batch of records as one commit that replays like single appends', async () => {
    const path = join(dir, 'keys.journal');
    const j = new KeyJournal(path, () => []);
    await j.load();
    await j.append(entry('x', '1'));
    await Promise.all([
      j.appendMany([entry('a', '1'), entry('b', '1'), entry('x')].map((e) => JSON.stringify(e))),
      j.append(entry('c', '1')),
      j.appendMany([]),
    ]);
    await j.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(6); // five records, each on its own line
    const records = await new KeyJournal(path, () => []).load();
    expect([...records.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it.skipIf(process.platform !== 'linux')('writes through O_DSYNC on Linux, so a returned commit is on disk', async () => {
    const j = new KeyJournal(join(dir, 'keys.journal'), () => []);
    await j.load();
    const { fd } = (j as unknown as { fh: { fd: number } }).fh;
    const flags = parseInt(/flags:\s+([0-7]+)/.exec(await readFile(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
    expect(flags & constants.O_DSYNC).toBe(constants.O_DSYNC);
    expect(flags & constants.O_APPEND).toBe(constants.O_APPEND);
    await j.close();
  });

  it('compacts to the live records once superseded lines dominate', async () => {
    const path = join(dir, 'keys.journal');
    const live = new Map<string, KeyEntry>();
    const j = new KeyJournal(path, () => live.values(), { factor: 2, minBytes: 1024 });
    await j.load();
    for (let i = 0; i < 200; i++) {
      const e = entry('hot', String(i));
      await j.append(e);
      live.set('hot', e);
      j.trackLive(i === 0 ? JSON.stringify(e).length + 1 : 0);
    }
    expect(j.size).toBeLessThan(2048);
    await j.close();
    const records = await new KeyJournal(path, () => []).load();
    expect(records.get('hot')?.versions[0]?.etag).toBe('199');
  });
});
