// Per-bucket journal of key records with group commit: concurrent writers' records are appended together and
// made durable by one fsync, so a burst of small PUTs costs one disk flush instead of one per object.
// Each line is a whole key record ({"key", "versions"}; no versions = key gone), so replay is "last line wins"
// and a torn final line from a crash is simply dropped. When the file holds mostly superseded lines it is
// rewritten from the index (temp + fsync + rename).
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { KeyEntry } from './object-store.ts';
import { DSYNC_FLAG, fsyncDir, TEMP_SUFFIX, writeSynced } from './durable-file.ts';
import { constants } from 'node:fs';
import { dirname } from 'node:path';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Rewrite when the journal is this much larger than its live records, and at least this big. */
const COMPACT_FACTOR = 4;
const COMPACT_MIN_BYTES = 8 * 1024 * 1024;
/** Like 'a+', plus O_DSYNC: an append is durable when the write returns (see durable-file.ts). */
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | DSYNC_FLAG;

export class KeyJournal {
  private fh: FileHandle | undefined;
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private bytes = 0;
  private liveBytes = 0;

  constructor(
    readonly path: string,
    /** Current live records, for compaction. */
    private readonly snapshot: () => Iterable<KeyEntry>,
    private readonly compaction = { factor: COMPACT_FACTOR, minBytes: COMPACT_MIN_BYTES },
    /** Small-object bodies that must be durable before the records referencing them. */
    private readonly beforeCommit: () => Promise<void> = async () => undefined,
  ) {}

  /** Bytes in the journal file (for tests and diagnostics). */
  get size(): number {
    return this.bytes;
  }

  /**
   * Reads every record (last wins), dropping a torn tail; then opens the file for appending. `lineBytes`, when
   * given, receives the byte length of each live key's line (what compaction accounting needs).
   */
  async load(lineBytes = new Map<string, number>()): Promise<Map<string, KeyEntry>> {
    const records = new Map<string, KeyEntry>();
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let validEnd = 0;
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break; // torn final line: never acknowledged
      const line = text.slice(start, nl);
      let entry: KeyEntry;
      try {
        entry = JSON.parse(line) as KeyEntry;
      } catch {
        break;
      }
      if (entry.versions.length) {
        records.set(entry.key, entry);
        lineBytes.set(entry.key, Buffer.byteLength(line) + 1);
      } else {
        records.delete(entry.key);
        lineBytes.delete(entry.key);
      }
      start = nl + 1;
      validEnd = start;
    }
    this.fh = await open(this.path, APPEND_FLAGS);
    const validBytes = Buffer.byteLength(text.slice(0, validEnd));
    if (validBytes < (await this.fh.stat()).size) await this.fh.truncate(validBytes);
    this.bytes = validBytes;
    for (const bytes of lineBytes.values()) this.liveBytes += bytes;
    return records;
  }

  /** Resolves once the record is durable. `json` is JSON.stringify(entry) when the caller already has it. */
  append(entry: KeyEntry, json = JSON.stringify(entry)): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: `${json}\n`, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /**
   * Several records made durable together (one batch request, e.g. DeleteObjects): one entry in the group
   * commit, so a 1,000-key batch costs one write and one fsync, not one queue entry per key.
   */
  appendMany(jsons: string[]): Promise<void> {
    if (!jsons.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: `${jsons.join('\n')}\n`, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          const data = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
          const fh = this.fh as FileHandle;
          // Pack bytes and records are flushed side by side (one fsync latency, not two). A record can reach
          // the disk without its pack bytes only through a power loss, and then the pack is shorter than the
          // record's offset: SmallPack.adopt drops that (never acknowledged) version at the next start.
          await Promise.all([this.beforeCommit(), writeSynced(fh, data)]);
          this.bytes += data.length;
          for (const p of batch) p.resolve();
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
        await this.maybeCompact();
      }
    } finally {
      this.flushing = undefined;
      if (this.pending.length) this.flushing = this.flushLoop();
    }
  }

  /** Called by the store with the size change of the live record set. */
  trackLive(deltaBytes: number): void {
    this.liveBytes += deltaBytes;
  }

  private async maybeCompact(): Promise<void> {
    if (this.bytes < this.compaction.minBytes || this.bytes < this.liveBytes * this.compaction.factor) return;
    // Runs between batches, so the index holds every committed record and nothing is appended meanwhile.
    const temp = `${this.path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    const out = await open(temp, 'wx');
    let size = 0;
    try {
      let chunk: string[] = [];
      for (const e of this.snapshot()) {
        chunk.push(`${JSON.stringify(e)}\n`);
        if (chunk.length >= 1000) {
          const b = Buffer.from(chunk.join(''));
          await out.write(b);
          size += b.length;
          chunk = [];
        }
      }
      const b = Buffer.from(chunk.join(''));
      await out.write(b);
      size += b.length;
      await out.sync();
    } finally {
      await out.close();
    }
    // Close before replacing: Windows refuses to rename over an open file.
    await this.fh?.close();
    try {
      await rename(temp, this.path);
    } finally {
      this.fh = await open(this.path, APPEND_FLAGS);
    }
    await fsyncDir(dirname(this.path));
    this.bytes = size;
    this.liveBytes = size;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh?.close();
    this.fh = undefined;
  }
}
