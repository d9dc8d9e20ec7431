// The overwrite check before an upload: HEAD for a few keys, listings (1,000 keys a page) for many. The lookup
// here is an in-memory bucket that pages like ListObjectsV2 (UTF-8 order, delimiter, continuation) and counts requests.
import { describe, expect, it } from 'vitest';
import { compareUtf8, findExistingKeys, groupByFolder, type KeyLookup } from './existing-keys.ts';

function bucket(stored: string[], options: { pageSize?: number; listFails?: boolean } = {}) {
  const keys = [...stored].sort(compareUtf8);
  const calls = { heads: 0, lists: 0 };
  const lookup: KeyLookup = {
    exists: async (key) => {
      calls.heads++;
      return keys.includes(key);
    },
    list: async ({ prefix, delimiter, token }) => {
      calls.lists++;
      if (options.listFails) throw new Error('AccessDenied');
      const below = keys.filter((k) => k.startsWith(prefix) && (delimiter === '' || !k.slice(prefix.length).includes(delimiter)));
      const start = token ? Number(token) : 0;
      const size = options.pageSize ?? 1000;
      const page = below.slice(start, start + size);
      return { keys: page, nextToken: start + size < below.length ? String(start + size) : undefined };
    },
  };
  return { lookup, calls };
}

/** `n` keys of a folder upload into `dest`: `photos/` with files directly in it and in 20 sub-folders. */
function folderKeys(dest: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i % 21 === 0 ? `${dest}photos/top-${i}.jpg` : `${dest}photos/day-${i % 21}/img-${i}.jpg`));
}

describe('findExistingKeys', () => {
  it('asks a few keys with HEAD, one request each', async () => {
    const { lookup, calls } = bucket(['a.txt', 'docs/b.txt']);
    expect(await findExistingKeys(lookup, ['a.txt', 'c.txt', 'docs/b.txt', 'a.txt'])).toEqual(['a.txt', 'docs/b.txt']);
    expect(calls).toEqual({ heads: 3, lists: 0 });
  });

  it('lists the folders of 2,000 keys instead of 2,000 HEAD requests, and finds exactly the stored ones', async () => {
    const upload = folderKeys('in/', 2000);
    const stored = [upload[5]!, upload[42]!, upload[1999]!, 'in/photos/day-3/other.jpg', 'in/elsewhere.txt', 'in/photos.jpg'];
    // The destination holds many other objects beside the upload's folder: they are not walked.
    for (let i = 0; i < 3000; i++) stored.push(`in/unrelated/${i}.bin`);
    const { lookup, calls } = bucket(stored);
    expect(await findExistingKeys(lookup, upload)).toEqual([upload[5], upload[42], upload[1999]]);
    expect(calls.heads).toBe(0);
    // photos/ directly (one page) and its 20 sub-folders (one page each).
    expect(calls.lists).toBe(21);
  });

  it('lists a folder of 2,500 stored objects in three pages', async () => {
    const upload = Array.from({ length: 2600 }, (_, i) => `dump/${String(i).padStart(5, '0')}.log`);
    const { lookup, calls } = bucket(upload.slice(0, 2500));
    const found = await findExistingKeys(lookup, upload);
    expect(found).toEqual(upload.slice(0, 2500));
    expect(calls).toEqual({ heads: 0, lists: 3 });
  });

  it('stops listing a folder far larger than the upload and asks the keys past the listed ones with HEAD', async () => {
    // 20 keys at the end of a folder of 50,000: two pages of 1,000 reach neither, so they are asked one by one.
    const stored = Array.from({ length: 50_000 }, (_, i) => `big/${String(i).padStart(6, '0')}`);
    const upload = Array.from({ length: 20 }, (_, i) => `big/${String(49_990 + i).padStart(6, '0')}`);
    const { lookup, calls } = bucket(stored);
    expect(await findExistingKeys(lookup, upload)).toEqual(upload.slice(0, 10));
    expect(calls).toEqual({ heads: 20, lists: 2 });
  });

  it('falls back to HEAD when listing is refused (a key allowed to write but not to list)', async () => {
    const upload = Array.from({ length: 12 }, (_, i) => `x/${i}`);
    const { lookup, calls } = bucket(['x/3', 'x/7'], { listFails: true });
    expect(await findExistingKeys(lookup, upload)).toEqual(['x/3', 'x/7']);
    expect(calls).toEqual({ heads: 12, lists: 1 });
  });

  it('groups by the common folder: direct files with the delimiter, each sub-folder whole', () => {
    expect(groupByFolder(['a/b/1', 'a/b/2', 'a/b/c/3', 'a/b/d/e/4'])).toEqual([
      { prefix: 'a/b/', delimiter: '/', keys: ['a/b/1', 'a/b/2'] },
      { prefix: 'a/b/c/', delimiter: '', keys: ['a/b/c/3'] },
      { prefix: 'a/b/d/', delimiter: '', keys: ['a/b/d/e/4'] },
    ]);
  });

  it('compares keys in UTF-8 byte order, as S3 lists them', () => {
    // U+FF5E sorts before U+1F600 in UTF-8 (and code points), after it in UTF-16 units.
    expect(compareUtf8('\uff5e', '😀')).toBeLessThan(0);
    expect('\uff5e' < '😀').toBe(false);
    expect(compareUtf8('a', 'ab')).toBeLessThan(0);
    expect(compareUtf8('b', 'b')).toBe(0);
  });
});
