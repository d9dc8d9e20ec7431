// ListObjectVersions interleaves <Version> and <DeleteMarker> in S3's order (key by UTF-8 bytes, newest first within
// a key): checked on the raw XML of signed requests, through the SDK's parsing, and across pages that split a key.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { bucketName, rawRequest, startHarness, type Harness } from './support.ts';

interface Entry {
  kind: 'Version' | 'DeleteMarker';
  key: string;
  versionId: string;
}

const unescapeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The Version / DeleteMarker elements of a raw ListVersionsResult, in document order. */
function entriesOf(xml: string): Entry[] {
  const out: Entry[] = [];
  for (const m of xml.matchAll(/<(Version|DeleteMarker)><Key>([^<]*)<\/Key><VersionId>([^<]*)<\/VersionId>/g)) {
    out.push({ kind: m[1] as Entry['kind'], key: unescapeXml(m[2]!), versionId: m[3]! });
  }
  return out;
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

let h: Harness;
const b = bucketName('ver-order');
/** Every version and marker written, oldest first. */
const written: Entry[] = [];

async function put(key: string): Promise<void> {
  const r = await h.client.send(new PutObjectCommand({ Bucket: b, Key: key, Body: `body of ${key}` }));
  written.push({ kind: 'Version', key, versionId: r.VersionId! });
}
async function del(key: string): Promise<void> {
  const r = await h.client.send(new DeleteObjectCommand({ Bucket: b, Key: key }));
  expect(r.DeleteMarker).toBe(true);
  written.push({ kind: 'DeleteMarker', key, versionId: r.VersionId! });
}

/** S3's order: keys by UTF-8 bytes (not UTF-16 code units), newest first within a key. */
function expectedOrder(): Entry[] {
  const keys = [...new Set(written.map((e) => e.key))].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  return keys.flatMap((k) => written.filter((e) => e.key === k).reverse());
}

beforeAll(async () => {
  h = await startHarness();
  await h.client.send(new CreateBucketCommand({ Bucket: b }));
  await h.client.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
  // Versions and delete markers alternate within keys, and keys alternate between kinds.
  await put('a');
  await del('a');
  await put('b');
  await put('a');
  await del('b');
  await del('a');
  await put('c&<d>');
  await del('only-marker');
  await put('ｚ'); // U+FF5A: before U+1D11E in UTF-8, after it in UTF-16
  await put('𝄞');
  await del('ｚ');
  await put('𝄞');
});
afterAll(async () => h.close());

async function rawList(query: Record<string, string>): Promise<string> {
  const res = await rawRequest(h.server.endpoint, { method: 'GET', path: `/${b}`, query: { versions: '', ...query } });
  expect(res.status).toBe(200);
  return res.body;
}

describe('ListObjectVersions order', () => {
  it('the raw XML interleaves Version and DeleteMarker by key, newest first', async () => {
    const xml = await rawList({});
    const expected = expectedOrder();
    expect(entriesOf(xml)).toEqual(expected);
    // Genuinely interleaved: a DeleteMarker comes before a Version somewhere (grouping would put all Versions first).
    const kinds = expected.map((e) => e.kind).join(',');
    expect(kinds).toMatch(/DeleteMarker,Version/);
    expect(kinds).toMatch(/Version,DeleteMarker/);
    // Only the newest entry of each key is IsLatest.
    const latest = [...xml.matchAll(/<Key>([^<]*)<\/Key><VersionId>[^<]*<\/VersionId><IsLatest>true<\/IsLatest>/g)].map((m) => unescapeXml(m[1]!));
    expect(latest).toEqual([...new Set(expected.map((e) => e.key))]);
    expect(xml.indexOf('<CommonPrefixes>')).toBe(-1);
  });

  it("the SDK's ListObjectVersionsCommand still reads both lists", async () => {
    const r = await h.client.send(new ListObjectVersionsCommand({ Bucket: b }));
    const expected = expectedOrder();
    expect(r.Versions?.map((v) => [v.Key, v.VersionId])).toEqual(expected.filter((e) => e.kind === 'Version').map((e) => [e.key, e.versionId]));
    expect(r.DeleteMarkers?.map((d) => [d.Key, d.VersionId])).toEqual(expected.filter((e) => e.kind === 'DeleteMarker').map((e) => [e.key, e.versionId]));
    expect(r.Versions?.every((v) => v.ETag?.startsWith('"') && typeof v.Size === 'number')).toBe(true);
    expect(r.IsTruncated).toBe(false);
  });

  it('pages of 3 split key "a" after its third entry and resume with key-marker/version-id-marker, in raw XML and the SDK', async () => {
    const expected = expectedOrder();
    const first = await rawList({ 'max-keys': '3' });
    expect(entriesOf(first)).toEqual(expected.slice(0, 3));
    expect(expected.slice(0, 4).every((e) => e.key === 'a')).toBe(true); // the boundary falls inside key "a"
    expect([tag(first, 'IsTruncated'), tag(first, 'NextKeyMarker'), tag(first, 'NextVersionIdMarker')]).toEqual(['true', 'a', expected[2]!.versionId]);

    const rawPages: Entry[] = [];
    let markers: Record<string, string> = {};
    for (let n = 0; n < 20; n++) {
      const xml = await rawList({ 'max-keys': '3', ...markers });
      rawPages.push(...entriesOf(xml));
      if (tag(xml, 'IsTruncated') !== 'true') break;
      markers = { 'key-marker': unescapeXml(tag(xml, 'NextKeyMarker')!), 'version-id-marker': tag(xml, 'NextVersionIdMarker')! };
    }
    expect(rawPages).toEqual(expected);

    const versions: string[] = [];
    const deleteMarkers: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await h.client.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 3, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      pages++;
      versions.push(...(r.Versions ?? []).map((v) => v.VersionId!));
      deleteMarkers.push(...(r.DeleteMarkers ?? []).map((d) => d.VersionId!));
      expect((r.Versions?.length ?? 0) + (r.DeleteMarkers?.length ?? 0)).toBeLessThanOrEqual(3);
      if (!r.IsTruncated) break;
      keyMarker = r.NextKeyMarker;
      versionIdMarker = r.NextVersionIdMarker;
    }
    expect(pages).toBe(Math.ceil(expected.length / 3));
    expect(versions).toEqual(expected.filter((e) => e.kind === 'Version').map((e) => e.versionId));
    expect(deleteMarkers).toEqual(expected.filter((e) => e.kind === 'DeleteMarker').map((e) => e.versionId));
  });

  it('a key-marker at or past the last key under a prefix lists nothing more (no restart from the prefix)', async () => {
    for (const query of [{ prefix: '𝄞', 'key-marker': '𝄞' }, { prefix: 'o', 'key-marker': 'only-marker' }, { prefix: 'c', 'key-marker': 'c~' }]) {
      const xml = await rawList(query);
      expect([entriesOf(xml), tag(xml, 'IsTruncated')]).toEqual([[], 'false']);
    }
    // A key-marker before the prefix does not skip anything under it; a version-id-marker of another key is ignored.
    const xml = await rawList({ prefix: 'c', 'key-marker': 'b', 'version-id-marker': 'null' });
    expect(entriesOf(xml)).toEqual(expectedOrder().filter((e) => e.key.startsWith('c')));
  });
});
