// Small object bodies (≤ 64 KiB) go into per-bucket pack files instead of one file each: their bytes are
// appended in the same group commit as the journal records that reference them (pack and journal fsynced side
// by side), so a burst of small PUTs shares one flush, and a GET is one positioned read on an open file.
// Packs rotate at 64 MiB; a pack whose bytes are all superseded is deleted. After a crash, a record whose pack
// bytes did not reach the disk is detected (offset beyond the pack's end) and that version dropped: it was
// never acknowledged.
import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { Segment } from './object-store.ts';
import { DSYNC_FLAG, writeSynced } from './durable-file.ts';

export const SMALL_OBJECT_BYTES = 64 * 1024;
const ROTATE_BYTES = 64 * 1024 * 1024;
const PREFIX = 'pack:';

interface PackFile {
  path: string;
  fh: FileHandle | undefined;
  /** Bytes durable or queued. */
  size: number;
  live: number;
  readers: number;
}

export const isPackSegment = (s: Segment): boolean => s.id.startsWith(PREFIX);

function parse(s: Segment): { gen: number; offset: number } {
  const [, gen, offset] = s.id.split(':');
  return { gen: Number(gen), offset: Number(offset) };
}

export class SmallPack {
  private readonly files = new Map<number, PackFile>();
  private active = 0;
  private pending: { gen: number; offset: number; data: Buffer }[] = [];

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      const m = /^(\d+)\.pack$/.exec(name);
      if (!m) continue;
      const gen = Number(m[1]);
      const path = join(this.dir, name);
      const fh = await open(path, constants.O_RDWR | DSYNC_FLAG);
      this.files.set(gen, { path, fh, size: (await fh.stat()).size, live: 0, readers: 0 });
      this.active = Math.max(this.active, gen);
    }
  }

  /** At load: is this pack segment's data on disk? Counts it as live when it is. */
  adopt(s: Segment): boolean {
    const { gen, offset } = parse(s);
    const f = this.files.get(gen);
    if (!f || offset + s.size > f.size) return false;
    f.live += s.size;
    return true;
  }

  /** After load: packs nothing references are deleted. */
  async dropDead(): Promise<void> {
    for (const [gen, f] of this.files) if (gen !== this.active && f.live <= 0) await this.remove(gen, f);
  }

  /** Queues `data` for the next commit and returns its segment (readable once its record is committed). */
  reserve(data: Buffer): Segment {
    let f = this.files.get(this.active);
    if (f && f.size > 0 && f.size + data.length > ROTATE_BYTES) {
      this.active++;
      f = undefined;
    }
    if (!f) {
      f = { path: join(this.dir, `${this.active}.pack`), fh: undefined, size: 0, live: 0, readers: 0 };
      this.files.set(this.active, f);
    }
    const offset = f.size;
    f.size += data.length;
    f.live += data.length;
    this.pending.push({ gen: this.active, offset, data });
    return { id: `${PREFIX}${this.active}:${offset}`, size: data.length };
  }

  /** Writes and fsyncs everything queued; the journal calls this before committing its records. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const byGen = new Map<number, { offset: number; data: Buffer }[]>();
    for (const p of batch) (byGen.get(p.gen) ?? byGen.set(p.gen, []).get(p.gen)!).push(p);
    await Promise.all(
      [...byGen].map(async ([gen, writes]) => {
        const f = this.files.get(gen) as PackFile;
        f.fh ??= await open(f.path, constants.O_RDWR | constants.O_CREAT | DSYNC_FLAG);
        // Reservations are contiguous: one write per pack.
        const first = writes[0]!.offset;
        await writeSynced(f.fh, writes.length === 1 ? writes[0]!.data : Buffer.concat(writes.map((w) => w.data)), first);
      }),
    );
  }

  async read(s: Segment, start: number, endInclusive: number): Promise<Buffer> {
    const { gen, offset } = parse(s);
    const f = this.files.get(gen);
    if (!f?.fh) throw new Error(`pack ${gen} is not readable`);
    f.readers++;
    try {
      const out = Buffer.allocUnsafe(endInclusive - start + 1);
      const { bytesRead } = await f.fh.read(out, 0, out.length, offset + start);
      if (bytesRead !== out.length) throw new Error('short read from pack');
      return out;
    } finally {
      f.readers--;
      if (gen !== this.active && f.live <= 0 && f.readers === 0) await this.remove(gen, f);
    }
  }

  /** The segment is no longer referenced. */
  async release(s: Segment): Promise<void> {
    const { gen } = parse(s);
    const f = this.files.get(gen);
    if (!f) return;
    f.live -= s.size;
    if (gen !== this.active && f.live <= 0 && f.readers === 0) await this.remove(gen, f);
  }

  private async remove(gen: number, f: PackFile): Promise<void> {
    this.files.delete(gen);
    await f.fh?.close().catch(() => undefined);
    await unlink(f.path).catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const f of this.files.values()) await f.fh?.close().catch(() => undefined);
    this.files.clear();
  }
}
