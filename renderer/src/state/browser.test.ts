import { describe, expect, it, vi } from 'vitest';
import { BrowserState } from './browser.svelte.ts';
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
