import { describe, expect, it } from 'vitest';
import { toObjectDetails, toObjectPage, toVersionPage, unquoteEtag } from '../../../electron/main/s3-client/map-dto.ts';
import { copySource } from '../../../electron/main/services/objects-service.ts';

const t = (iso: string) => new Date(iso);
const meta = { $metadata: {} };

describe('SDK output to DTOs', () => {
  it('unquotes ETags, weak or not', () => {
    expect(unquoteEtag('"abc"')).toBe('abc');
    expect(unquoteEtag('W/"abc-3"')).toBe('abc-3');
    expect(unquoteEtag(undefined)).toBe('');
  });

  it('builds an object page without the folder marker, with a token only when truncated', () => {
    const page = toObjectPage('photos/', {
      ...meta,
      CommonPrefixes: [{ Prefix: 'photos/2024/' }],
      Contents: [
        { Key: 'photos/', Size: 0, LastModified: t('2026-01-01T00:00:00Z'), ETag: '"d41d8cd98f00b204e9800998ecf8427e"' },
        { Key: 'photos/cat.jpg', Size: 10, LastModified: t('2026-01-02T00:00:00Z'), ETag: '"aa"', StorageClass: 'GLACIER' },
      ],
      IsTruncated: true,
      NextContinuationToken: 'tok',
    });
    expect(page).toEqual({
      prefix: 'photos/',
      folders: ['photos/2024/'],
      objects: [{ key: 'photos/cat.jpg', size: 10, lastModified: '2026-01-02T00:00:00.000Z', etag: 'aa', storageClass: 'GLACIER' }],
      nextToken: 'tok',
    });
    expect(toObjectPage('', { ...meta, IsTruncated: false, NextContinuationToken: 'stale' }).nextToken).toBeUndefined();
  });

  it('maps HEAD output with defaults and optional fields left out', () => {
    const details = toObjectDetails('a.bin', { ...meta, ContentLength: 3, LastModified: t('2026-03-04T05:06:07Z'), ETag: '"e"', Metadata: { a: '1' } });
    expect(details).toEqual({
      key: 'a.bin',
      size: 3,
      lastModified: '2026-03-04T05:06:07.000Z',
      etag: 'e',
      contentType: 'application/octet-stream',
      storageClass: 'STANDARD',
      metadata: { a: '1' },
    });
    expect(JSON.parse(JSON.stringify(details))).toEqual(details);
  });

  it('merges versions and delete markers back in S3 order: by key, latest first, then newest', () => {
    const page = toVersionPage({
      ...meta,
      Versions: [
        { Key: 'b', VersionId: 'b1', IsLatest: true, Size: 1, LastModified: t('2026-01-01T00:00:00Z'), ETag: '"x"' },
        { Key: 'a', VersionId: 'a1', IsLatest: false, Size: 2, LastModified: t('2026-01-01T00:00:00Z'), ETag: '"y"' },
        { Key: 'a', VersionId: 'a2', IsLatest: false, Size: 3, LastModified: t('2026-01-02T00:00:00Z'), ETag: '"z"' },
      ],
      DeleteMarkers: [{ Key: 'a', VersionId: 'a3', IsLatest: true, LastModified: t('2026-01-03T00:00:00Z') }],
      IsTruncated: true,
      NextKeyMarker: 'b',
      NextVersionIdMarker: 'b1',
    });
    expect(page.versions.map((v) => [v.key, v.versionId, v.isDeleteMarker])).toEqual([
      ['a', 'a3', true],
      ['a', 'a2', false],
      ['a', 'a1', false],
      ['b', 'b1', false],
    ]);
    expect(page).toMatchObject({ nextKeyMarker: 'b', nextVersionIdMarker: 'b1' });
    expect(toVersionPage({ ...meta, IsTruncated: false, NextKeyMarker: 'x' }).nextKeyMarker).toBeUndefined();
  });
});

describe('copySource', () => {
  it('URL-encodes the key but keeps its slashes, and appends the version', () => {
    expect(copySource({ bucket: 'b', key: 'dir/my file+ü&?.txt' })).toBe('b/dir/my%20file%2B%C3%BC%26%3F.txt');
    expect(copySource({ bucket: 'b', key: 'k', versionId: 'v/1' })).toBe('b/k?versionId=v%2F1');
  });
});
