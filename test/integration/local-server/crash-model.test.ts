// Crash safety under a mix of writes, checked against a model: workers run random PUTs (pack-sized and
// file-sized bodies), multipart uploads, overwrites, DELETEs, DELETE ?versionId, CopyObject and DeleteObjects on
// a versioned and an unversioned bucket of a server in a child process; the server is killed with SIGKILL at a random moment,
// restarted on the same data directory, checked, and the cycle repeats. After each restart every key must be
// exactly as the model of its acknowledged requests says (version ids, order, markers, sizes and bytes of
// every version), except that the one request each worker had in flight may have happened or not — per key,
// never half — and no data file may be left that no version or pending upload part references; an upload whose
// completion took effect is gone, and pending ones are aborted. Each worker owns its keys, so a key
// has at most one request in flight. CRASH_SEED=<n> replays a failure (the seed is in its message).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { bodyBytes, listTree, makeClient, startChildServer, type ChildServer } from './support.ts';
import { withDelete, withoutVersion, withWrite, type ModelVersion, type VersioningStatus } from './version-model.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20261127);
const CYCLES = 3;
const WORKERS = 6;
const BUCKETS: Record<string, VersioningStatus> = { 'crash-v': 'Enabled', 'crash-u': 'Unversioned' };
/** The version id of a write that was in flight: any id the server chose. */
const UNKNOWN = '?';
const MULTIPART = '+mpu';
const SMALL = 64 * 1024;

/** Data files a version has: multipart parts always are files; PUTs and copies only above the pack's limit. */
const filesOf = (v: ModelVersion): number =>
  v.marker ? 0 : v.body.endsWith(MULTIPART) && !v.body.startsWith('copy:') ? 1 : content(v.body).length > SMALL ? 1 : 0;

/** Uploads whose CompleteMultipartUpload was sent (key and label): once their object is there, they must be gone. */
const completions = new Map<string, { key: string; tag: string }>();

const root = await mkdtemp(join(tmpdir(), 'bs-crash-model-'));
afterAll(async () => rm(root, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The bytes of a version labelled `tag`: half fit a small-object pack (≤ 64 KiB), half get a data file. A copy is
 * labelled `copy:<source label>` (same bytes); a multipart upload's label ends in MULTIPART.
 */
function content(tag: string): Buffer {
  const seed = createHash('sha256').update(tag.replace(/^(copy:)+/, '')).digest();
  const size = seed[0]! % 2 ? 1 + (seed.readUInt32BE(1) % (60 * 1024)) : 65 * 1024 + (seed.readUInt32BE(1) % (256 * 1024));
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) seed.copy(out, i, 0, Math.min(32, size - i));
  return out;
}

interface Slot {
  bucket: string;
  key: string;
}
const id = (s: Slot): string => `${s.bucket}/${s.key}`;

/** Each key's versions, newest first, as acknowledged. */
const model = new Map<string, ModelVersion[]>();
const stackOf = (s: Slot): ModelVersion[] => model.get(id(s)) ?? [];

/** What a request changes, per key: the key's stack after it (with UNKNOWN for ids only the response tells). */
type Outcome = Map<string, ModelVersion[]>;

interface Op {
  describe: string;
  send(client: S3Client): Promise<Outcome>;
  /** The outcome if the request happened but its answer was lost. */
  ifApplied(): Outcome;
}

function pickOp(rand: () => number, slots: Slot[], counter: () => number): Op {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const slot = pick(slots);
  const status = BUCKETS[slot.bucket] as VersioningStatus;
  const sameBucket = slots.filter((s) => s.bucket === slot.bucket && s.key !== slot.key);
  const roll = rand();
  if (roll < 0.4) {
    const tag = `${slot.key}@${counter()}`;
    return {
      describe: `put ${id(slot)} ${tag}`,
      send: async (c) => {
        const res = await c.send(new PutObjectCommand({ Bucket: slot.bucket, Key: slot.key, Body: content(tag) }));
        return new Map([[id(slot), withWrite(stackOf(slot), status, res.VersionId ?? 'null', tag)]]);
      },
      ifApplied: () => new Map([[id(slot), withWrite(stackOf(slot), status, UNKNOWN, tag)]]),
    };
  }
  if (roll < 0.5) {
    const tag = `${slot.key}@${counter()}${MULTIPART}`;
    return {
      describe: `multipart ${id(slot)} ${tag}`,
      send: async (c) => {
        const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: slot.bucket, Key: slot.key }));
        const part = await c.send(new UploadPartCommand({ Bucket: slot.bucket, Key: slot.key, UploadId, PartNumber: 1, Body: content(tag) }));
        completions.set(UploadId as string, { key: id(slot), tag });
        const res = await c.send(
          new CompleteMultipartUploadCommand({ Bucket: slot.bucket, Key: slot.key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
        );
        return new Map([[id(slot), withWrite(stackOf(slot), status, res.VersionId ?? 'null', tag)]]);
      },
      ifApplied: () => new Map([[id(slot), withWrite(stackOf(slot), status, UNKNOWN, tag)]]),
    };
  }
  if (roll < 0.6) {
    return {
      describe: `delete ${id(slot)}`,
      send: async (c) => {
        const res = await c.send(new DeleteObjectCommand({ Bucket: slot.bucket, Key: slot.key }));
        return new Map([[id(slot), withDelete(stackOf(slot), status, res.VersionId ?? '')]]);
      },
      ifApplied: () => new Map([[id(slot), withDelete(stackOf(slot), status, UNKNOWN)]]),
    };
  }
  if (roll < 0.72 && status === 'Enabled' && stackOf(slot).length) {
    const victim = pick(stackOf(slot)).id;
    return {
      describe: `delete ${id(slot)}?versionId=${victim}`,
      send: async (c) => {
        await c.send(new DeleteObjectCommand({ Bucket: slot.bucket, Key: slot.key, VersionId: victim }));
        return new Map([[id(slot), withoutVersion(stackOf(slot), victim)]]);
      },
      ifApplied: () => new Map([[id(slot), withoutVersion(stackOf(slot), victim)]]),
    };
  }
  const other = pick(sameBucket);
  if (roll < 0.85) {
    const source = stackOf(other)[0];
    if (!source || source.marker) return pickOp(rand, slots, counter);
    return {
      describe: `copy ${id(other)} -> ${id(slot)}`,
      send: async (c) => {
        const res = await c.send(new CopyObjectCommand({ Bucket: slot.bucket, Key: slot.key, CopySource: `${other.bucket}/${other.key}` }));
        return new Map([[id(slot), withWrite(stackOf(slot), status, res.VersionId ?? 'null', `copy:${source.body}`)]]);
      },
      ifApplied: () => new Map([[id(slot), withWrite(stackOf(slot), status, UNKNOWN, `copy:${source.body}`)]]),
    };
  }
  const pair = [slot, other];
  return {
    describe: `deleteObjects ${pair.map(id).join(', ')}`,
    send: async (c) => {
      const res = await c.send(new DeleteObjectsCommand({ Bucket: slot.bucket, Delete: { Objects: pair.map((s) => ({ Key: s.key })) } }));
      expect(res.Errors ?? []).toEqual([]);
      const markers = new Map((res.Deleted ?? []).map((d) => [d.Key, d.DeleteMarkerVersionId ?? '']));
      return new Map(pair.map((s) => [id(s), withDelete(stackOf(s), status, markers.get(s.key) ?? '')]));
    },
    ifApplied: () => new Map(pair.map((s) => [id(s), withDelete(stackOf(s), status, UNKNOWN)])),
  };
}

interface Listed {
  objects: { id: string; size: number }[];
  markers: string[];
  latest: string | undefined;
}

async function listAll(client: S3Client, bucket: string): Promise<Map<string, Listed>> {
  const out = new Map<string, Listed>();
  const entry = (key: string): Listed => out.get(`${bucket}/${key}`) ?? out.set(`${bucket}/${key}`, { objects: [], markers: [], latest: undefined }).get(`${bucket}/${key}`)!;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const v of page.Versions ?? []) {
      const e = entry(v.Key as string);
      e.objects.push({ id: v.VersionId as string, size: v.Size as number });
      if (v.IsLatest) e.latest = v.VersionId;
    }
    for (const d of page.DeleteMarkers ?? []) {
      const e = entry(d.Key as string);
      e.markers.push(d.VersionId as string);
      if (d.IsLatest) e.latest = d.VersionId;
    }
    if (!page.IsTruncated) return out;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

/** The candidate stack with UNKNOWN resolved from `listed`, or undefined when they differ. */
function resolve(candidate: ModelVersion[], listed: Listed | undefined): ModelVersion[] | undefined {
  const actual = listed ?? { objects: [], markers: [], latest: undefined };
  const objects = candidate.filter((v) => !v.marker);
  const markers = candidate.filter((v) => v.marker);
  if (objects.length !== actual.objects.length || markers.length !== actual.markers.length) return undefined;
  const ids = new Map<ModelVersion, string>();
  for (const [i, v] of objects.entries()) {
    const a = actual.objects[i]!;
    if ((v.id !== UNKNOWN && v.id !== a.id) || content(v.body).length !== a.size) return undefined;
    ids.set(v, a.id);
  }
  for (const [i, v] of markers.entries()) {
    if (v.id !== UNKNOWN && v.id !== actual.markers[i]) return undefined;
    ids.set(v, actual.markers[i]!);
  }
  if (candidate.length && ids.get(candidate[0]!) !== actual.latest) return undefined;
  return candidate.map((v) => ({ ...v, id: ids.get(v)! }));
}

it('keeps every acknowledged change and nothing half-done across repeated kill -9 of a busy server', async () => {
  const rand = random(SEED);
  const dataDir = join(root, 'data');
  let counter = 0;
  const next = (): number => ++counter;
  const slots: Slot[][] = Array.from({ length: WORKERS }, (_, w) =>
    Object.keys(BUCKETS).flatMap((bucket) => [0, 1, 2].map((k) => ({ bucket, key: `w${w}/k${k}` }))),
  );
  let server: ChildServer = await startChildServer(dataDir);
  let client = makeClient(server.endpoint);
  for (const [bucket, status] of Object.entries(BUCKETS)) {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    if (status !== 'Unversioned') await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }));
  }
  try {
    const context = (cycle: number): string => `CRASH_SEED=${SEED}, cycle ${cycle}`;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const killAfter = 15 + Math.floor(rand() * 40);
      let acknowledged = 0;
      let killing: Promise<void> | undefined;
      const inFlight: Op[] = [];
      await Promise.all(
        slots.map(async (mine) => {
          while (!killing) {
            const op = pickOp(rand, mine, next);
            let outcome: Outcome;
            try {
              outcome = await op.send(client);
            } catch (e) {
              if (!killing) throw new Error(`${context(cycle)}: ${op.describe} failed`, { cause: e });
              inFlight.push(op);
              return;
            }
            for (const [k, stack] of outcome) model.set(k, stack);
            if (++acknowledged >= killAfter) killing ??= server.kill();
          }
        }),
      );
      await killing;
      client.destroy();
      expect(server.child.signalCode).toBe('SIGKILL');

      server = await startChildServer(dataDir);
      client = makeClient(server.endpoint);
      const listed = new Map<string, Listed>();
      for (const bucket of Object.keys(BUCKETS)) for (const [k, v] of await listAll(client, bucket)) listed.set(k, v);
      const maybe = new Map<string, ModelVersion[]>();
      for (const op of inFlight) for (const [k, stack] of op.ifApplied()) maybe.set(k, stack);
      for (const k of new Set([...model.keys(), ...listed.keys(), ...maybe.keys()])) {
        const before = model.get(k) ?? [];
        const after = maybe.get(k);
        const state = resolve(before, listed.get(k)) ?? (after && resolve(after, listed.get(k)));
        expect(state, `${context(cycle)}: ${k} is ${JSON.stringify(listed.get(k))}; acknowledged ${JSON.stringify(before)}${after ? ` or, with the request in flight (${inFlight.map((o) => o.describe).join('; ')}), ${JSON.stringify(after)}` : ''}`).toBeDefined();
        if (state!.length) model.set(k, state!);
        else model.delete(k);
      }
      // Every version reads back whole.
      for (const [k, stack] of model) {
        const slash = k.indexOf('/');
        for (const v of stack.filter((x) => !x.marker)) {
          const got = await bodyBytes((await client.send(new GetObjectCommand({ Bucket: k.slice(0, slash), Key: k.slice(slash + 1), VersionId: v.id }))).Body);
          expect(got.equals(content(v.body)), `${context(cycle)}: bytes of ${k} version ${v.id} (${v.body})`).toBe(true);
        }
      }
        // An upload whose object is there is done; pending ones keep their part (aborted below, once counted).
      const pending: { Bucket: string; Key: string; UploadId: string }[] = [];
      let pendingParts = 0;
      for (const bucket of Object.keys(BUCKETS)) {
        for (const u of (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []) {
          const key = `${bucket}/${u.Key}`;
          const sent = completions.get(u.UploadId as string);
          const completed = sent?.key === key && model.get(key)?.some((v) => v.body === sent.tag);
          expect(completed, `${context(cycle)}: upload ${u.UploadId} of ${key} still listed after its completion`).toBeFalsy();
          pendingParts += ((await client.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }))).Parts ?? []).length;
          pending.push({ Bucket: bucket, Key: u.Key as string, UploadId: u.UploadId as string });
        }
      }
      // Bodies of interrupted or superseded requests were collected: a data file per file-sized version or part.
      const files = (await listTree(join(dataDir, 'data'))).filter((p) => /[0-9a-f]{32}$/.test(p));
      const expectedFiles = [...model.values()].flat().reduce((n, v) => n + filesOf(v), 0) + pendingParts;
      expect(files.length, `${context(cycle)}: data files`).toBe(expectedFiles);
      for (const upload of pending) await client.send(new AbortMultipartUploadCommand(upload));
    }
  } finally {
    client.destroy();
    await server.kill();
  }
}, 180_000);
