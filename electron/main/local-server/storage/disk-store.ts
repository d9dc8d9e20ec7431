// On-disk ObjectStore. Layout under the data directory (no path is ever derived from an object key):
//   buckets/<bucket>/bucket.json                bucket settings (names are validated S3 bucket names)
//   buckets/<bucket>/keys.journal                 key records (all versions of a key per line), group-committed
//   buckets/<bucket>/packs/<n>.pack               bodies of small objects (see small-pack.ts)
//   data/<id2>/<id>                              other object and part bodies, random ids
//   uploads/<uploadId>/upload.json, part-N.json  pending multipart uploads (survive restarts)
// A body is written to a new file and fsynced first; then the key record that references it is appended to the
// bucket's journal and fsynced (see key-journal.ts). After a crash, unreferenced data files are collected at
// start-up, so an object is visible only once both its body and its record are durable.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { KeyIndex } from './key-index.ts';
import { KeyJournal } from './key-journal.ts';
import { isPackSegment, SmallPack } from './small-pack.ts';
import { TEMP_SUFFIX, writeFileAtomic, writeFileDurable } from './durable-file.ts';
import type {
  BucketInfo,
  DataSink,
  KeyChange,
  KeyChangeResult,
  KeyEntry,
  ObjectStore,
  ObjectVersion,
  PartInfo,
  Segment,
  SortedKeys,
  UploadInfo,
} from './object-store.ts';
import { compareUtf8 } from './utf8-order.ts';
import { emptyNotificationConfiguration } from '../notification-config.ts';

interface BucketState {
  info: BucketInfo;
  index: KeyIndex;
  journal: KeyJournal;
  pack: SmallPack;
  /** Journal line size of each live key, to know when compaction pays. */
  lineBytes: Map<string, number>;
}

interface UploadState {
  info: UploadInfo;
  parts: Map<number, PartInfo>;
}

const ID_PATTERN = /^[0-9a-f]{32}$/;

export class DiskObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, BucketState>();
  private readonly uploads = new Map<string, UploadState>();
  private readonly keyLocks = new Map<string, Promise<unknown>>();
  private readonly madeDirs = new Set<string>();
  /**
   * Data files written with `sync: false` (multipart parts) are fdatasynced in the background once written, so
   * their bytes reach the disk while the next parts arrive and CompleteMultipartUpload finds them durable
   * instead of flushing the whole object at once. Resolves true when the sync succeeded.
   */
  private readonly backgroundSyncs = new Map<string, Promise<boolean>>();

  constructor(private readonly root: string) {}

  private bucketDir(name: string): string {
    return join(this.root, 'buckets', name);
  }
  private dataFile(id: string): string {
    return join(this.root, 'data', id.slice(0, 2), id);
  }
  private uploadDir(uploadId: string): string {
    return join(this.root, 'uploads', uploadId);
  }
  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  async open(): Promise<void> {
    await mkdir(join(this.root, 'buckets'), { recursive: true });
    await mkdir(join(this.root, 'data'), { recursive: true });
    await mkdir(join(this.root, 'uploads'), { recursive: true });
    await rm(join(this.root, 'trash'), { recursive: true, force: true });
    const referenced = new Set<string>();
    for (const name of await readdir(join(this.root, 'buckets'))) {
      const dir = this.bucketDir(name);
      let info: BucketInfo;
      try {
        info = JSON.parse(await readFile(join(dir, 'bucket.json'), 'utf8')) as BucketInfo;
      } catch {
        continue; // a bucket whose creation did not complete
      }
      // Leftovers of interrupted compactions and bucket-setting writes.
      for (const f of await readdir(dir)) if (f.endsWith(TEMP_SUFFIX)) await unlink(join(dir, f)).catch(() => undefined);
      const state = this.newBucketState(info);
      await state.pack.load();
      const records = await state.journal.load(state.lineBytes);
      const entries: KeyEntry[] = [];
      for (const e of records.values()) {
        // A version whose small-object bytes never reached the pack was never acknowledged: drop it.
        const versions = e.versions.filter((v) => v.segments.every((s) => !isPackSegment(s) || state.pack.adopt(s)));
        if (!versions.length) {
          state.lineBytes.delete(e.key);
          continue;
        }
        for (const v of versions) for (const s of v.segments) if (!isPackSegment(s)) referenced.add(s.id);
        entries.push(versions.length === e.versions.length ? e : { key: e.key, versions });
      }
      await state.pack.dropDead();
      state.index.load(entries);
      this.buckets.set(name, state);
    }
    const uploadRefs = new Set<string>();
    for (const uploadId of await readdir(join(this.root, 'uploads'))) {
      const dir = this.uploadDir(uploadId);
      let info: UploadInfo;
      try {
        info = JSON.parse(await readFile(join(dir, 'upload.json'), 'utf8')) as UploadInfo;
      } catch {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (!this.buckets.has(info.bucket)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      const parts = new Map<number, PartInfo>();
      for (const f of await readdir(dir)) {
        if (f.endsWith(TEMP_SUFFIX)) {
          await unlink(join(dir, f)).catch(() => undefined);
          continue;
        }
        if (!f.startsWith('part-')) continue;
        const part = JSON.parse(await readFile(join(dir, f), 'utf8')) as PartInfo;
        // Part bodies are fsynced at completion, not on upload: after a power loss a part whose bytes did not
        // reach the disk is dropped here, and completing with it answers InvalidPart.
        const size = await stat(this.dataFile(part.segment.id)).then((st) => st.size, () => -1);
        if (size !== part.segment.size) {
          await unlink(join(dir, f)).catch(() => undefined);
          continue;
        }
        parts.set(part.partNumber, part);
      }
      // A crash between committing a completed object and removing its upload leaves both: the upload is done.
      if ([...parts.values()].some((p) => referenced.has(p.segment.id))) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      for (const p of parts.values()) uploadRefs.add(p.segment.id);
      this.uploads.set(uploadId, { info, parts });
    }
    for (const id of uploadRefs) referenced.add(id);
    await this.collectGarbage(referenced);
  }

  /** Deletes data files no committed record references (bodies of requests interrupted by a crash). */
  private async collectGarbage(referenced: Set<string>): Promise<void> {
    const dataRoot = join(this.root, 'data');
    for (const shard of await readdir(dataRoot)) {
      for (const f of await readdir(join(dataRoot, shard))) {
        if (!referenced.has(f)) await unlink(join(dataRoot, shard, f)).catch(() => undefined);
      }
    }
  }

  private newBucketState(info: BucketInfo): BucketState {
    const index = new KeyIndex();
    const pack = new SmallPack(join(this.bucketDir(info.name), 'packs'));
    const journal = new KeyJournal(join(this.bucketDir(info.name), 'keys.journal'), () => index.entries(), undefined, () => pack.flush());
    return { info, index, journal, pack, lineBytes: new Map() };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.keyLocks.values(), ...this.backgroundSyncs.values()]);
    await Promise.allSettled([...this.buckets.values()].map(async (b) => {
      await b.journal.close();
      await b.pack.close();
    }));
  }

  listBuckets(): BucketInfo[] {
    return [...this.buckets.values()].map((b) => b.info).sort((a, b) => compareUtf8(a.name, b.name));
  }

  getBucket(name: string): BucketInfo | undefined {
    return this.buckets.get(name)?.info;
  }

  async createBucket(name: string, location?: string): Promise<BucketInfo> {
    const info: BucketInfo = {
      name,
      created: new Date().toISOString(),
      versioning: 'Unversioned',
      notification: emptyNotificationConfiguration(),
      ...(location ? { location } : {}),
    };
    // Reserve synchronously so two concurrent creates cannot both succeed.
    const state = this.newBucketState(info);
    this.buckets.set(name, state);
    try {
      await mkdir(this.bucketDir(name), { recursive: true });
      await state.pack.load();
      await state.journal.load();
      await writeFileDurable(join(this.bucketDir(name), 'bucket.json'), JSON.stringify(info));
    } catch (e) {
      this.buckets.delete(name);
      throw e;
    }
    return info;
  }

  async deleteBucket(name: string): Promise<void> {
    const state = this.buckets.get(name);
    if (!state) return;
    this.buckets.delete(name);
    await state.journal.close();
    await state.pack.close();
    for (const [id, u] of this.uploads) if (u.info.bucket === name) await this.finishUpload(id, new Set());
    // Rename first so a crash never leaves a half-deleted bucket that still loads.
    const trash = join(this.root, 'trash', `${name}-${randomBytes(4).toString('hex')}`);
    await mkdir(join(this.root, 'trash'), { recursive: true });
    await rename(this.bucketDir(name), trash);
    for (const d of [...this.madeDirs]) if (d.startsWith(this.bucketDir(name))) this.madeDirs.delete(d);
    await rm(trash, { recursive: true, force: true });
  }

  async updateBucket(name: string, patch: Partial<Pick<BucketInfo, 'versioning' | 'notification' | 'tags' | 'cors'>>): Promise<BucketInfo> {
    const state = this.buckets.get(name);
    if (!state) throw new Error(`no bucket ${name}`);
    const info = { ...state.info, ...patch };
    await writeFileDurable(join(this.bucketDir(name), 'bucket.json'), JSON.stringify(info));
    state.info = info;
    return info;
  }

  keys(bucket: string): SortedKeys {
    const state = this.buckets.get(bucket);
    if (!state) throw new Error(`no bucket ${bucket}`);
    return state.index;
  }

  getKey(bucket: string, key: string): KeyEntry | undefined {
    return this.buckets.get(bucket)?.index.get(key);
  }

  updateKey<T>(
    bucket: string,
    key: string,
    change: (versions: ObjectVersion[]) => { versions: ObjectVersion[]; result: T },
  ): Promise<T> {
    const lockId = `${bucket}\n${key}`;
    const previous = this.keyLocks.get(lockId) ?? Promise.resolve();
    const run = previous.then(() => this.applyKeyChange(bucket, key, change));
    const settled = run.catch(() => undefined);
    this.keyLocks.set(lockId, settled);
    void settled.then(() => {
      if (this.keyLocks.get(lockId) === settled) this.keyLocks.delete(lockId);
    });
    return run;
  }

  private async applyKeyChange<T>(
    bucket: string,
    key: string,
    change: (versions: ObjectVersion[]) => { versions: ObjectVersion[]; result: T },
  ): Promise<T> {
    const state = this.buckets.get(bucket);
    if (!state) throw new Error(`no bucket ${bucket}`);
    const before = state.index.get(key)?.versions ?? [];
    const { versions, result } = change(before);
    if (versions.length === 0 && before.length === 0) return result;
    const entry: KeyEntry = { key, versions };
    const line = JSON.stringify(entry);
    await state.journal.append(entry, line);
    this.applyCommitted(state, [{ entry, line, before }]);
    return result;
  }

  updateKeys<T>(bucket: string, changes: KeyChange<T>[]): Promise<KeyChangeResult<T>[]> {
    const keys = [...new Set(changes.map((c) => c.key))];
    const lockIds = keys.map((k) => `${bucket}\n${k}`);
    const previous = Promise.all(lockIds.map((id) => this.keyLocks.get(id)));
    const run = previous.then(() => this.applyKeyChanges(bucket, changes));
    const settled = run.catch(() => undefined);
    for (const id of lockIds) this.keyLocks.set(id, settled);
    void settled.then(() => {
      for (const id of lockIds) if (this.keyLocks.get(id) === settled) this.keyLocks.delete(id);
    });
    return run;
  }

  private async applyKeyChanges<T>(bucket: string, changes: KeyChange<T>[]): Promise<KeyChangeResult<T>[]> {
    const state = this.buckets.get(bucket);
    if (!state) throw new Error(`no bucket ${bucket}`);
    // Per key: the versions before the batch and after its last change (a key may be listed twice).
    const touched = new Map<string, { before: ObjectVersion[]; versions: ObjectVersion[] }>();
    const results: KeyChangeResult<T>[] = changes.map(({ key, change }) => {
      let t = touched.get(key);
      const current = t ? t.versions : (state.index.get(key)?.versions ?? []);
      try {
        const { versions, result } = change(current);
        if (t) t.versions = versions;
        else touched.set(key, (t = { before: current, versions }));
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error };
      }
    });
    const records: { entry: KeyEntry; line: string; before: ObjectVersion[] }[] = [];
    for (const [key, { before, versions }] of touched) {
      if (versions.length === 0 && before.length === 0) continue;
      const entry: KeyEntry = { key, versions };
      records.push({ entry, line: JSON.stringify(entry), before });
    }
    await state.journal.appendMany(records.map((r) => r.line));
    this.applyCommitted(state, records);
    return results;
  }

  /** After the records are durable: index, live-size accounting, and dropping data no version references. */
  private applyCommitted(state: BucketState, records: { entry: KeyEntry; line: string; before: ObjectVersion[] }[]): void {
    const removedKeys: string[] = [];
    const pack: Segment[] = [];
    const files: Segment[] = [];
    for (const { entry, line, before } of records) {
      const { key, versions } = entry;
      const size = versions.length ? Buffer.byteLength(line) + 1 : 0;
      state.journal.trackLive(size - (state.lineBytes.get(key) ?? 0));
      if (versions.length === 0) {
        removedKeys.push(key);
        state.lineBytes.delete(key);
      } else {
        state.index.set(entry);
        state.lineBytes.set(key, size);
      }
      if (!before.length) continue;
      const kept = new Set<string>();
      for (const v of versions) for (const s of v.segments) kept.add(s.id);
      for (const v of before) for (const s of v.segments) if (!kept.has(s.id)) (isPackSegment(s) ? pack : files).push(s);
    }
    if (removedKeys.length === 1) state.index.delete(removedKeys[0] as string);
    else if (removedKeys.length) state.index.deleteMany(removedKeys);
    // Not awaited: the record no longer references these files, and start-up collects any a crash leaves behind.
    for (const seg of pack) void state.pack.release(seg);
    if (files.length) void this.discardData(files);
  }

  async createData(options: { sync?: boolean } = {}): Promise<DataSink> {
    const sync = options.sync ?? true;
    const id = randomBytes(16).toString('hex');
    const path = this.dataFile(id);
    await this.ensureDir(join(path, '..'));
    const fh = await open(path, 'wx');
    let size = 0;
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await fh.close().catch(() => undefined);
    };
    // A plain Writable over the file handle: batched writes, and fsync as part of finishing the stream. 8 MiB of
    // room (one multipart part) absorbs the file system's latency spikes — journal commits, other parts' syncs —
    // without pausing the client: 190 -> 205 MB/s on 256 MiB uploads here, at the same peak RSS as 1 MiB.
    const stream = new Writable({
      highWaterMark: 8 << 20,
      writev(chunks, done) {
        const buffers = chunks.map((c) => c.chunk as Buffer);
        for (const b of buffers) size += b.length;
        fh.writev(buffers).then(() => done(), done);
      },
      final(done) {
        if (!sync) {
          done();
          return;
        }
        fh.sync().then(() => done(), done);
      },
    });
    return {
      id,
      stream,
      commit: async () => {
        if (!stream.writableFinished) throw new Error('data stream not finished');
        if (sync) await close();
        else {
          // A failed background sync is not an error yet: syncData then syncs the file again and reports that.
          const synced = fh.datasync().then(() => true, () => false);
          this.backgroundSyncs.set(id, synced);
          void synced.finally(close);
        }
        return { id, size };
      },
      discard: async () => {
        stream.destroy();
        await close();
        await unlink(path).catch(() => undefined);
      },
    };
  }

  async syncData(segments: Segment[]): Promise<void> {
    await Promise.all(
      segments
        .filter((seg) => !isPackSegment(seg))
        .map(async (seg) => {
          const background = this.backgroundSyncs.get(seg.id);
          this.backgroundSyncs.delete(seg.id);
          if (background && (await background)) return;
          const fh = await open(this.dataFile(seg.id), 'r+');
          try {
            await fh.sync();
          } finally {
            await fh.close();
          }
        }),
    );
  }

  storeSmall(bucket: string, data: Buffer): Segment {
    const state = this.buckets.get(bucket);
    if (!state) throw new Error(`no bucket ${bucket}`);
    return state.pack.reserve(data);
  }

  releaseSmall(bucket: string, segment: Segment): void {
    if (isPackSegment(segment)) void this.buckets.get(bucket)?.pack.release(segment);
  }

  readData(segments: Segment[], start: number, endInclusive: number, bucket?: string): Readable {
    const pieces: { segment: Segment; start: number; end: number }[] = [];
    let offset = 0;
    for (const s of segments) {
      const segStart = offset;
      const segEnd = offset + s.size - 1;
      offset += s.size;
      if (s.size === 0 || segEnd < start || segStart > endInclusive) continue;
      pieces.push({ segment: s, start: Math.max(start, segStart) - segStart, end: Math.min(endInclusive, segEnd) - segStart });
    }
    const pack = bucket !== undefined ? this.buckets.get(bucket)?.pack : undefined;
    const dataFile = (id: string): string => this.dataFile(id);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (const p of pieces) {
        if (isPackSegment(p.segment)) {
          if (!pack) throw new Error('pack segment read without its bucket');
          yield await pack.read(p.segment, p.start, p.end);
        } else {
          for await (const c of createReadStream(dataFile(p.segment.id), { start: p.start, end: p.end, highWaterMark: 1 << 20 })) yield c as Buffer;
        }
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async copyData(segments: Segment[], start = 0, endInclusive?: number, bucket?: string): Promise<Segment> {
    const total = segments.reduce((n, s) => n + s.size, 0);
    const end = endInclusive ?? total - 1;
    const only = segments.length === 1 ? segments[0] : undefined;
    if (only && !isPackSegment(only) && start === 0 && end === total - 1) {
      // Whole single-file copy: let the kernel do it (reflink where the file system supports it).
      const id = randomBytes(16).toString('hex');
      const path = this.dataFile(id);
      await this.ensureDir(join(path, '..'));
      await copyFile(this.dataFile(only.id), path);
      const fh = await open(path, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { id, size: total };
    }
    const sink = await this.createData();
    try {
      if (end >= start) {
        const src = this.readData(segments, start, end, bucket);
        await new Promise<void>((resolve, reject) => {
          src.on('error', reject);
          sink.stream.on('error', reject);
          sink.stream.on('finish', resolve);
          src.pipe(sink.stream);
        });
      } else {
        await new Promise<void>((resolve) => sink.stream.end(resolve));
      }
      return await sink.commit();
    } catch (e) {
      await sink.discard();
      throw e;
    }
  }

  async discardData(segments: Segment[]): Promise<void> {
    for (const s of segments) this.backgroundSyncs.delete(s.id);
    await Promise.all(segments.map((s) => unlink(this.dataFile(s.id)).catch(() => undefined)));
  }

  async createUpload(info: UploadInfo): Promise<void> {
    if (!ID_PATTERN.test(info.uploadId)) throw new Error('bad upload id');
    const dir = this.uploadDir(info.uploadId);
    await mkdir(dir, { recursive: true });
    await writeFileDurable(join(dir, 'upload.json'), JSON.stringify(info));
    this.uploads.set(info.uploadId, { info, parts: new Map() });
  }

  getUpload(uploadId: string): UploadInfo | undefined {
    return this.uploads.get(uploadId)?.info;
  }

  listUploads(bucket: string): UploadInfo[] {
    return [...this.uploads.values()].filter((u) => u.info.bucket === bucket).map((u) => u.info);
  }

  async putPart(uploadId: string, part: PartInfo): Promise<void> {
    const state = this.uploads.get(uploadId);
    if (!state) throw new Error('no upload');
    const name = `part-${String(part.partNumber).padStart(5, '0')}.json`;
    // Not fsynced, like the part's bytes (synced in the background): after a power loss a part may be missing,
    // and completing with it answers InvalidPart, as for a part whose bytes were lost (see open()).
    await writeFileAtomic(join(this.uploadDir(uploadId), name), JSON.stringify(part));
    const old = state.parts.get(part.partNumber);
    state.parts.set(part.partNumber, part);
    if (old && old.segment.id !== part.segment.id) await this.discardData([old.segment]);
  }

  listParts(uploadId: string): PartInfo[] {
    const state = this.uploads.get(uploadId);
    return state ? [...state.parts.values()].sort((a, b) => a.partNumber - b.partNumber) : [];
  }

  async finishUpload(uploadId: string, keep: ReadonlySet<string>): Promise<void> {
    const state = this.uploads.get(uploadId);
    if (!state) return;
    this.uploads.delete(uploadId);
    // Removing upload.json first makes the removal atomic for a restart: a directory without it is dropped.
    await unlink(join(this.uploadDir(uploadId), 'upload.json')).catch(() => undefined);
    const drop = [...state.parts.values()].map((p) => p.segment).filter((s) => !keep.has(s.id));
    await this.discardData(drop);
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }
}
