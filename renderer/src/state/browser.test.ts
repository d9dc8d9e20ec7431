import { describe, expect, it, vi } from 'vitest';
import { BrowserState, sortRows, type Row } from './browser.svelte.ts';
import { createFakeClient } from '../api/fake/fake-client.ts';

async function openPhotos2026() {
  const { api, backend } = createFakeClient({ sample: true });
  const b = new BrowserState(api);
  await b.openConnection('local');
  await b.openBucket('photos', 'albums/2026/');
  return { b, backend };
}

describe('BrowserState', () => {
  it('keeps the selected object, its head and its versions across a refresh', async () => {
    const { b } = await openPhotos2026();
    b.select('albums/2026/cat 1.jpg');
    await vi.waitFor(() => expect(b.details?.contentType).toBe('image/jpeg'));
    await vi.waitFor(() => expect(b.versions).toHaveLength(2));
    await b.refresh();
    expect(b.selectedKey).toBe('albums/2026/cat 1.jpg');
    expect(b.selectedRow?.key).toBe('albums/2026/cat 1.jpg');
    await vi.waitFor(() => expect(b.detailsLoading).toBe(false));
    expect(b.details?.contentType).toBe('image/jpeg');
    expect(b.versions).toHaveLength(2);
  });

  it('shows a deleted key of a versioned bucket: no head, a delete marker on top of its versions', async () => {
    const { b } = await openPhotos2026();
    b.select('albums/2026/dog.png');
    await vi.waitFor(() => expect(b.details).toBeDefined());
    await b.deleteKeys(['albums/2026/dog.png']);
    expect(b.rows.map((r) => r.key)).not.toContain('albums/2026/dog.png');
    // The bucket is versioned, so the selection stays on the key to show what is left of it.
    expect(b.selectedKey).toBe('albums/2026/dog.png');
    expect(b.selectedElsewhere).toBe(true);
    await vi.waitFor(() => expect(b.detailsError?.code).toBe('NoSuchKey'));
    await vi.waitFor(() => expect(b.versions?.map((v) => [v.isLatest, v.isDeleteMarker])).toEqual([[true, true], [false, false]]));
  });

  it('asks for the versioning state again on a refresh: another client may have turned it on', async () => {
    const { api } = createFakeClient({ sample: true });
    const b = new BrowserState(api);
    await b.openConnection('local');
    await b.openBucket('logs');
    await vi.waitFor(() => expect(b.versioning).toBe('Unversioned'));
    // Another client (aws-cli, the SDK) enables versioning, not through this state.
    await api.buckets.setVersioning({ connectionId: 'local', bucket: 'logs', state: 'Enabled' });
    expect(b.versioning).toBe('Unversioned');
    await b.refresh();
    await vi.waitFor(() => expect(b.versioning).toBe('Enabled'));
  });

  it('ignores a slow listing of a folder the user already left', async () => {
    const { b } = await openPhotos2026();
    const slow = b.openPrefix('albums/2025/');
    const fast = b.openPrefix('albums/');
    await Promise.all([slow, fast]);
    expect(b.prefix).toBe('albums/');
    expect(b.rows.map((r) => r.key)).toEqual(['albums/2025/', 'albums/2026/', 'albums/index.json']);
  });
});

describe('BrowserState multi-selection', () => {
  it('extends with ranges, toggles single rows, and collapses on a plain select', async () => {
    const { api } = createFakeClient({ sample: true });
    const b = new BrowserState(api);
    await b.openConnection('local');
    await b.openBucket('logs', '2026/11/');
    const keys = b.rows.map((r) => r.key);
    b.select(keys[2]);
    b.markRange(keys[5]!);
    expect(b.marked).toEqual(keys.slice(2, 6));
    expect(b.selectedKey).toBe(keys[5]);
    b.toggleMark(keys[3]!);
    expect(b.marked).toEqual([keys[2], keys[4], keys[5]]);
    b.toggleMark(keys[9]!);
    expect(b.markedRows.map((r) => r.key)).toEqual([keys[2], keys[4], keys[5], keys[9]]);
    b.markAll();
    expect(b.marked).toHaveLength(30);
    b.select(keys[0]);
    expect(b.marked).toEqual([keys[0]]);
    expect(b.markedRows.map((r) => r.key)).toEqual([keys[0]]);
  });
});

describe('BrowserState "Show versions"', () => {
  it('lists versions and delete markers of the folder, folders first, and deletes one version for good', async () => {
    const { api, backend } = createFakeClient({ sample: true });
    const b = new BrowserState(api);
    await b.openConnection('local');
    await b.openBucket('photos', 'albums/2026/');
    await b.deleteKeys(['albums/2026/dog.png']);
    await b.setShowVersions(true);
    expect(b.rows.map((r) => [r.kind, r.name, r.kind === 'version' ? r.version.isDeleteMarker : null])).toEqual([
      ['folder', 'raw', null],
      ['version', 'dog.png', true],
      ['version', 'dog.png', false],
      ['version', 'cat 1.jpg', false],
      ['version', 'cat 1.jpg', false],
    ]);
    const marker = b.rows[1]!;
    b.select(marker.key);
    // A delete marker has no head; its versions load for the key.
    await vi.waitFor(() => expect(b.versions).toHaveLength(2));
    expect(b.detailsLoading).toBe(false);
    expect(backend.calls.filter((c) => c.method === 'objects.head').some((c) => (c.input as { key: string }).key === 'albums/2026/dog.png')).toBe(false);

    const old = b.rows[4]!;
    b.select(old.key);
    await vi.waitFor(() => expect(b.details).toBeDefined());
    expect(backend.calls.some((c) => c.method === 'objects.head' && (c.input as { versionId?: string }).versionId === 'Qk9a1p2rXv0wYQ2m0b7sZ7')).toBe(true);

    await b.deleteVersions([{ key: 'albums/2026/cat 1.jpg', versionId: 'Qk9a1p2rXv0wYQ2m0b7sZ7' }]);
    const removeCall = backend.calls.filter((c) => c.method === 'objects.remove').at(-1);
    expect(removeCall?.input).toMatchObject({ objects: [{ key: 'albums/2026/cat 1.jpg', versionId: 'Qk9a1p2rXv0wYQ2m0b7sZ7' }] });
    await b.setShowVersions(false);
    expect(b.rows.map((r) => r.kind)).toEqual(['folder', 'object']);
  });

  it('sorts the loaded rows by name, size or date, folders first, ties by name', () => {
    const obj = (name: string, size: number, lastModified: string): Row => ({ kind: 'object', key: name, name, entry: { key: name, size, lastModified, etag: '', storageClass: 'STANDARD' } });
    const rows: Row[] = [
      { kind: 'folder', key: 'a/', name: 'a/' },
      { kind: 'folder', key: 'b/', name: 'b/' },
      obj('B.txt', 10, '2026-01-02T00:00:00Z'),
      obj('a.txt', 300, '2026-01-01T00:00:00Z'),
      obj('c.txt', 10, '2026-01-03T00:00:00Z'),
    ];
    const names = (order: Parameters<typeof sortRows>[1]) => sortRows(rows, order).map((r) => r.name);
    // Name ascending is S3's order: the listing as it came.
    expect(names({ by: 'name', desc: false })).toEqual(['a/', 'b/', 'B.txt', 'a.txt', 'c.txt']);
    expect(names({ by: 'name', desc: true })).toEqual(['b/', 'a/', 'c.txt', 'a.txt', 'B.txt']);
    expect(names({ by: 'size', desc: true })).toEqual(['a/', 'b/', 'a.txt', 'B.txt', 'c.txt']);
    expect(names({ by: 'size', desc: false })).toEqual(['a/', 'b/', 'B.txt', 'c.txt', 'a.txt']);
    expect(names({ by: 'modified', desc: true })).toEqual(['a/', 'b/', 'c.txt', 'B.txt', 'a.txt']);
    expect(names({ by: 'modified', desc: false })).toEqual(['a/', 'b/', 'a.txt', 'B.txt', 'c.txt']);
  });

  it('a header click sorts by that column, a second one reverses it; the order stays in other folders', async () => {
    const { b } = await openPhotos2026();
    expect(b.rows.map((r) => r.name)).toEqual(['raw', 'cat 1.jpg', 'dog.png']);
    b.sortBy('size');
    expect(b.sort).toEqual({ by: 'size', desc: true });
    expect(b.rows.map((r) => r.name)).toEqual(['raw', 'dog.png', 'cat 1.jpg']);
    await b.openPrefix('albums/');
    b.sortBy('size');
    expect(b.sort).toEqual({ by: 'size', desc: false });
    b.sortBy('name');
    expect(b.sort).toEqual({ by: 'name', desc: false });
  });

  it('a delete of many keys stops between requests when cancelled, and says how many went', async () => {
    const { api, backend } = createFakeClient({ sample: true });
    const keys = Array.from({ length: 2500 }, (_, i) => `many/k-${String(i).padStart(4, '0')}.txt`);
    for (const k of keys) backend.putObject('local', 'thumbs', k, 1, 0);
    const b = new BrowserState(api);
    await b.openConnection('local');
    await b.openBucket('thumbs', 'many/');
    const stop = new AbortController();
    const result = await b.deleteKeys(keys, () => stop.abort(), stop.signal);
    expect(result).toEqual({ removed: 1000, errors: [], cancelled: true });
    expect(backend.calls.filter((c) => c.method === 'objects.remove')).toHaveLength(1);
    // The rest is still there, and the list shows it.
    expect(b.objects[0]?.key).toBe('many/k-1000.txt');
    expect(b.loaded).toBe(1000);
  });
});

