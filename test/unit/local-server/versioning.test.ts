import { describe, expect, it } from 'vitest';
import type { ObjectVersion } from '../../../electron/main/local-server/storage/object-store.ts';
import { applyDelete, applyDeleteVersion, applyWrite, isValidVersionId, newVersionId, NULL_VERSION } from '../../../electron/main/local-server/versioning.ts';

const draft = (etag: string): Omit<ObjectVersion, 'versionId'> => ({
  deleteMarker: false,
  lastModified: '2026-01-01T00:00:00.000Z',
  etag,
  size: 1,
  headers: {},
  metadata: {},
  segments: [{ id: etag, size: 1 }],
  tags: [],
});
const ids = (vs: ObjectVersion[]): string[] => vs.map((v) => `${v.deleteMarker ? 'DM:' : ''}${v.versionId === NULL_VERSION ? 'null' : v.etag || 'new'}`);

describe('versioning rules', () => {
  it('unversioned: a write replaces the null version; a delete removes it', () => {
    let vs = applyWrite([], 'Unversioned', draft('a')).versions;
    vs = applyWrite(vs, 'Unversioned', draft('b')).versions;
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ versionId: 'null', etag: 'b' });
    const del = applyDelete(vs, 'Unversioned', 'now');
    expect(del.versions).toEqual([]);
    expect(del.removed?.etag).toBe('b');
    expect(del.marker).toBeUndefined();
    expect(applyDelete([], 'Unversioned', 'now')).toEqual({ versions: [] });
  });

  it('Enabled: writes stack new ids; a delete adds a marker; deleting the marker undeletes', () => {
    let vs = applyWrite([], 'Unversioned', draft('null0')).versions;
    const w1 = applyWrite(vs, 'Enabled', draft('v1'));
    const w2 = applyWrite(w1.versions, 'Enabled', draft('v2'));
    vs = w2.versions;
    expect(vs.map((v) => v.etag)).toEqual(['v2', 'v1', 'null0']);
    expect(isValidVersionId(w1.written.versionId)).toBe(true);
    expect(w1.written.versionId).not.toBe(w2.written.versionId);
    const del = applyDelete(vs, 'Enabled', 'now');
    expect(del.marker?.deleteMarker).toBe(true);
    expect(del.versions[0]).toBe(del.marker);
    const undone = applyDeleteVersion(del.versions, del.marker!.versionId);
    expect(undone.versions[0]?.etag).toBe('v2');
    expect(applyDeleteVersion(vs, w1.written.versionId).versions.map((v) => v.etag)).toEqual(['v2', 'null0']);
  });

  it('Suspended: writes and deletes replace the null version, keeping versioned ones', () => {
    const v1 = applyWrite([], 'Enabled', draft('v1'));
    let vs = applyWrite(v1.versions, 'Suspended', draft('n1')).versions;
    vs = applyWrite(vs, 'Suspended', draft('n2')).versions;
    expect(ids(vs)).toEqual(['null', 'v1']);
    expect(vs[0]?.etag).toBe('n2');
    const del = applyDelete(vs, 'Suspended', 'now');
    expect(ids(del.versions)).toEqual(['DM:null', 'v1']);
    expect(del.marker?.versionId).toBe('null');
  });

  it('version ids are unique, URL-safe and sort by creation', () => {
    const many = Array.from({ length: 1000 }, () => newVersionId());
    expect(new Set(many).size).toBe(1000);
    expect(many.every(isValidVersionId)).toBe(true);
    expect([...many].sort()).toEqual(many.slice().sort());
    expect(many.map((id) => id.slice(0, 12))).toEqual([...many.map((id) => id.slice(0, 12))].sort());
    expect(isValidVersionId('../etc/passwd')).toBe(false);
  });
});
