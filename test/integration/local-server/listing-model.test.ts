// Listing checked against a model of S3's rules: fast-check generates a bucket (keys with slashes, non-ASCII
// characters and keys that prefix others; some with several versions, some deleted behind a delete marker) and
// listing queries (prefix, delimiter, max-keys, start-after), runs them against the real server over HTTP with the
// real SDK, and pages through ListObjectsV2 (continuation tokens), ListObjects v1 (markers) and
// ListObjectVersions (key and version-id markers). The pages joined must equal the model's listing — keys in
// UTF-8 byte order, each common prefix once, counted against max-keys like a key — with no page over max-keys
// and IsTruncated on all pages but the last. FC_SEED=<seed> replays a failure, FC_RUNS=<n> explores more.
// Left out: start-after inside a rolled-up prefix (S3's answer there is not documented).
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { bucketName, startHarness, type Harness } from './support.ts';

interface KeyPlan {
  key: string;
  puts: number;
  deleted: boolean;
}
interface Query {
  prefix: string;
  delimiter: string | undefined;
  maxKeys: number | undefined;
  startAfter: string | undefined;
}
type Entry = string; // a key, or a common prefix (ends with the delimiter) marked with a leading '>'

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What a listing returns, in order: keys and (once each) the common prefixes they roll up into. */
function modelListing(sortedKeys: string[], q: Query): Entry[] {
  const out: Entry[] = [];
  for (const key of sortedKeys) {
    if (!key.startsWith(q.prefix)) continue;
    if (q.startAfter !== undefined && utf8Order(key, q.startAfter) <= 0) continue;
    const cut = q.delimiter ? key.indexOf(q.delimiter, q.prefix.length) : -1;
    if (cut >= 0) {
      const prefix = `>${key.slice(0, cut + (q.delimiter as string).length)}`;
      if (out.at(-1) !== prefix) out.push(prefix);
    } else out.push(key);
  }
  return out;
}

/** start-after that lies inside a prefix the query rolls up: left out (see the header). */
function insideRolledUpPrefix(q: Query): boolean {
  if (!q.delimiter || q.startAfter === undefined || !q.startAfter.startsWith(q.prefix)) return false;
  return q.startAfter.indexOf(q.delimiter, q.prefix.length) >= 0;
}

function expectPage(entries: number, q: Query, truncated: boolean | undefined, last: boolean): void {
  expect(entries).toBeLessThanOrEqual(q.maxKeys ?? 1000);
  expect(Boolean(truncated)).toBe(!last);
}

async function listV2(bucket: string, q: Query): Promise<Entry[]> {
  const seen: Entry[] = [];
  let token: string | undefined;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(200);
    const page = await h.client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: q.prefix, Delimiter: q.delimiter, MaxKeys: q.maxKeys, StartAfter: q.startAfter, ContinuationToken: token }),
    );
    const entries = [...(page.Contents ?? []).map((c) => c.Key as string), ...(page.CommonPrefixes ?? []).map((p) => `>${p.Prefix}`)];
    expect(page.KeyCount).toBe(entries.length);
    token = page.NextContinuationToken;
    expectPage(entries.length, q, page.IsTruncated, token === undefined);
    seen.push(...entries.sort((a, b) => utf8Order(a.replace(/^>/, ''), b.replace(/^>/, ''))));
    if (!token) return seen;
  }
}

async function listV1(bucket: string, q: Query): Promise<Entry[]> {
  const seen: Entry[] = [];
  let marker = q.startAfter;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(200);
    const page = await h.client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: q.prefix, Delimiter: q.delimiter, MaxKeys: q.maxKeys, Marker: marker }));
    const keys = (page.Contents ?? []).map((c) => c.Key as string);
    const prefixes = (page.CommonPrefixes ?? []).map((p) => p.Prefix as string);
    const entries = [...keys, ...prefixes.map((p) => `>${p}`)].sort((a, b) => utf8Order(a.replace(/^>/, ''), b.replace(/^>/, '')));
    expectPage(entries.length, q, page.IsTruncated, !page.IsTruncated);
    seen.push(...entries);
    if (!page.IsTruncated) return seen;
    // S3 returns NextMarker only with a delimiter; without one the client continues from the last key.
    if (q.delimiter) expect(page.NextMarker).toBe(entries.at(-1)?.replace(/^>/, ''));
    marker = page.NextMarker ?? keys.at(-1);
  }
}

/** Every version and delete marker, each once, in pages that respect max-keys. */
async function listVersions(bucket: string, q: Query): Promise<{ versions: string[]; prefixes: string[] }> {
  const versions: string[] = [];
  const prefixes: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(400);
    const page = await h.client.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: q.prefix, Delimiter: q.delimiter, MaxKeys: q.maxKeys, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    const rows = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => `${v.Key}#${v.VersionId}`);
    const rolled = (page.CommonPrefixes ?? []).map((p) => p.Prefix as string);
    expectPage(rows.length + rolled.length, q, page.IsTruncated, !page.IsTruncated);
    versions.push(...rows);
    prefixes.push(...rolled);
    if (!page.IsTruncated) return { versions, prefixes };
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

// Short keys over a small alphabet collide into shared prefixes often: '/' and 'b' both serve as delimiters.
const keyArb = fc.string({ unit: fc.constantFrom('a', 'b', '/', 'é', '-', '~'), minLength: 1, maxLength: 5 });
const bucketArb = fc.uniqueArray(fc.record({ key: keyArb, puts: fc.integer({ min: 1, max: 2 }), deleted: fc.boolean() }), {
  minLength: 1,
  maxLength: 24,
  selector: (p) => p.key,
});
const queryArb = (keys: string[]): fc.Arbitrary<Query> =>
  fc.record({
    prefix: fc.oneof(fc.constantFrom('', 'a', 'a/', 'b', 'é'), fc.constantFrom(...keys)),
    delimiter: fc.constantFrom(undefined, '/', 'b'),
    maxKeys: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    startAfter: fc.option(fc.oneof(fc.constantFrom(...keys), keyArb), { nil: undefined }),
  });

it('listings page exactly as the S3 model says, in every API', async () => {
  await fc.assert(
    fc.asyncProperty(
      bucketArb.chain((plan) => fc.tuple(fc.constant(plan), fc.array(queryArb(plan.map((p) => p.key)), { minLength: 1, maxLength: 5 }))),
      async ([plan, queries]: [KeyPlan[], Query[]]) => {
        const bucket = bucketName('lmodel');
        await h.client.send(new CreateBucketCommand({ Bucket: bucket }));
        await h.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
        const allVersions: string[] = [];
        for (const p of plan) {
          for (let i = 0; i < p.puts; i++) {
            const res = await h.client.send(new PutObjectCommand({ Bucket: bucket, Key: p.key, Body: Buffer.from(p.key) }));
            allVersions.push(`${p.key}#${res.VersionId}`);
          }
          if (p.deleted) allVersions.push(`${p.key}#${(await h.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: p.key }))).VersionId}`);
        }
        const live = plan.filter((p) => !p.deleted).map((p) => p.key).sort(utf8Order);
        const everyKey = plan.map((p) => p.key).sort(utf8Order);
        for (const q of queries) {
          const query = insideRolledUpPrefix(q) ? { ...q, startAfter: undefined } : q;
          const expected = modelListing(live, query);
          expect(await listV2(bucket, query), `ListObjectsV2 ${JSON.stringify(query)}`).toEqual(expected);
          expect(await listV1(bucket, query), `ListObjects ${JSON.stringify(query)}`).toEqual(expected);
          // Versions have no start-after; their listing covers deleted keys too.
          const versionQuery = { ...query, startAfter: undefined };
          const listed = await listVersions(bucket, versionQuery);
          const expectedVersions = modelListing(everyKey, versionQuery);
          const inListing = (key: string): boolean => expectedVersions.includes(key);
          expect(listed.versions.sort(), `ListObjectVersions ${JSON.stringify(versionQuery)}`).toEqual(
            allVersions.filter((v) => inListing(v.slice(0, v.lastIndexOf('#')))).sort(),
          );
          expect(listed.prefixes).toEqual(expectedVersions.filter((e) => e.startsWith('>')).map((e) => e.slice(1)));
        }
      },
    ),
    {
      numRuns: Number(process.env.FC_RUNS ?? 30),
      seed: process.env.FC_SEED === undefined ? 20261127 : Number(process.env.FC_SEED),
    },
  );
}, 240_000);
