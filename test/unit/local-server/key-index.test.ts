import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../../electron/main/local-server/storage/key-index.ts';
import { compareUtf8 } from '../../../electron/main/local-server/storage/utf8-order.ts';
import { listCurrent, listVersions } from '../../../electron/main/local-server/listing.ts';
import type { KeyEntry, ObjectVersion } from '../../../electron/main/local-server/storage/object-store.ts';

const version = (versionId: string, deleteMarker = false): ObjectVersion => ({
  versionId,
  deleteMarker,
  lastModified: '2026-01-01T00:00:00.000Z',
  etag: deleteMarker ? '' : 'e',
  size: 0,
  headers: {},
  metadata: {},
  segments: [],
  tags: [],
});
const entry = (key: string, versions = [version('null')]): KeyEntry => ({ key, versions });

describe('UTF-8 key order', () => {
  it('sorts like a byte-wise comparison of UTF-8, including astral characters', () => {
    const keys = ['b', 'a', '\uffff', '😀', '\ue000', 'Z', 'é', 'a/b', 'a0', ''];
    const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...keys].sort(compareUtf8)).toEqual(expected);
  });
});

describe('KeyIndex and listings', () => {
  const index = new KeyIndex();
  index.load(['a', 'b/1', 'b/2', 'b/3/x', 'c', 'd'].map((k) => entry(k)));
  index.set(entry('ab'));
  index.set(entry('gone', [version('m', true)]));
  index.delete('d');

  it('keeps keys sorted across load, insert and delete', () => {
    expect(Array.from({ length: index.size }, (_, i) => index.at(i))).toEqual(['a', 'ab', 'b/1', 'b/2', 'b/3/x', 'c', 'gone']);
    expect(index.lowerBound('b')).toBe(2);
    expect(index.lowerBound('b/1', true)).toBe(3);
    expect(index.endOfPrefix('b/', 2)).toBe(5);
  });

  it('lists current objects with delimiter roll-up, markers and truncation, skipping delete markers', () => {
    const all = listCurrent(index, { prefix: '', delimiter: '/', after: '', maxKeys: 1000 });
    expect(all.contents.map((c) => c.key)).toEqual(['a', 'ab', 'c']);
    expect(all.commonPrefixes).toEqual(['b/']);
    const page = listCurrent(index, { prefix: '', delimiter: '/', after: '', maxKeys: 3 });
    expect([...page.contents.map((c) => c.key), ...page.commonPrefixes]).toEqual(['a', 'ab', 'b/']);
    expect(page.isTruncated).toBe(true);
    expect(page.last).toBe('b/');
    const next = listCurrent(index, { prefix: '', delimiter: '/', after: page.last, maxKeys: 3 });
    expect(next.contents.map((c) => c.key)).toEqual(['c']);
    expect(next.isTruncated).toBe(false);
    const inside = listCurrent(index, { prefix: 'b/', delimiter: '/', after: '', maxKeys: 10 });
    expect(inside.contents.map((c) => c.key)).toEqual(['b/1', 'b/2']);
    expect(inside.commonPrefixes).toEqual(['b/3/']);
  });

  it('lists versions newest first with markers', () => {
    const vi = new KeyIndex();
    vi.load([entry('k', [version('3', true), version('2'), version('1')]), entry('l', [version('9')])]);
    const p1 = listVersions(vi, { prefix: '', delimiter: '', keyMarker: '', versionIdMarker: '', maxKeys: 2 });
    expect(p1.items.map((i) => [i.key, i.version.versionId, i.isLatest])).toEqual([['k', '3', true], ['k', '2', false]]);
    expect([p1.isTruncated, p1.nextKeyMarker, p1.nextVersionIdMarker]).toEqual([true, 'k', '2']);
    const p2 = listVersions(vi, { prefix: '', delimiter: '', keyMarker: 'k', versionIdMarker: '2', maxKeys: 2 });
    expect(p2.items.map((i) => [i.key, i.version.versionId])).toEqual([['k', '1'], ['l', '9']]);
    expect(p2.isTruncated).toBe(false);
  });

  it('deletes many keys at once (one pass for a batch, splices for a few), ignoring unknown keys', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const many = new KeyIndex();
    many.load(keys.map((k) => entry(k)));
    many.deleteMany([...keys.filter((_, i) => i % 3 === 0), 'missing']);
    const left = keys.filter((_, i) => i % 3 !== 0);
    expect(Array.from({ length: many.size }, (_, i) => many.at(i))).toEqual(left);
    expect(many.get('k00')).toBeUndefined();
    many.deleteMany(['k01', 'k02', 'nope']);
    expect(many.size).toBe(left.length - 2);
    expect(many.at(0)).toBe('k04');
    expect(many.lowerBound('k03')).toBe(0);
  });
});
