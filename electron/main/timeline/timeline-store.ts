// The timeline: actions -> events -> executions, numbered by a sequence that keeps growing across
// restarts. The newest `max` records (and at most about `maxBytes` of their JSON) stay in memory and in
// `timeline.ndjson` in the data directory (appended in batches, compacted when it holds twice that much).
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, renameSync, writeFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { TIMELINE_MAX_BYTES, TIMELINE_MAX_RECORDS, type EventRecord, type TimelineRecord } from '../../shared/timeline.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A record before the store numbers and stamps it. */
export type NewTimelineRecord = DistributiveOmit<TimelineRecord, 'seq' | 'time'> & { time?: string };
export type TimelineListener = (record: TimelineRecord) => void;

export const TIMELINE_FILE = 'timeline.ndjson';
const META_FILE = 'timeline.meta.json';
/** Announced executions listed at most (a runaway that never ends must not grow the map without bound). */
const MAX_LIVE = 10_000;

export interface TimelineStoreOptions {
  /** Directory for timeline.ndjson; omitted = memory only. */
  dataDir?: string | undefined;
  /** Records kept (default 50,000). */
  max?: number;
  /** About this many bytes of records kept, measured as their NDJSON lines once written (default 100 MiB). */
  maxBytes?: number;
}

export class TimelineStore {
  private records: TimelineRecord[] = [];
  private lastSeq = 0;
  private listeners = new Set<TimelineListener>();
  /**
   * Announced executions not ended yet, by execution id, in seq order: list() includes them, so a window opened
   * (or reloaded) while a handler runs shows it running, not an event that seems to have run nothing.
   */
  private live = new Map<string, TimelineRecord>();
  private readonly max: number;
  private readonly maxBytes: number;
  /** A written record's NDJSON length; the kept records' total, and the file's. */
  private sizes = new WeakMap<TimelineRecord, number>();
  private keptBytes = 0;
  private fileBytes = 0;
  private readonly file: string | undefined;
  private readonly metaFile: string | undefined;
  /** Appended but not yet on disk; serialised at flush time, off the path that starts executions. */
  private pendingRecords: TimelineRecord[] = [];
  private linesInFile = 0;
  private writing: Promise<void> = Promise.resolve();
  private flushScheduled = false;

  constructor(opts: TimelineStoreOptions = {}) {
    this.max = opts.max ?? TIMELINE_MAX_RECORDS;
    this.maxBytes = opts.maxBytes ?? TIMELINE_MAX_BYTES;
    if (opts.dataDir !== undefined) {
      mkdirSync(opts.dataDir, { recursive: true });
      this.file = path.join(opts.dataDir, TIMELINE_FILE);
      this.metaFile = path.join(opts.dataDir, META_FILE);
      this.load();
    }
  }

  get seq(): number {
    return this.lastSeq;
  }

  append(input: NewTimelineRecord): TimelineRecord {
    this.lastSeq += 1;
    const record = { ...input, seq: this.lastSeq, time: input.time ?? new Date().toISOString() } as TimelineRecord;
    if (record.type === 'execution') this.live.delete(record.executionId);
    this.records.push(record);
    // Trim in chunks so appends stay O(1) amortised.
    if (this.records.length > this.max + Math.ceil(this.max / 10)) this.dropOldest(this.records.length - this.max);
    if (this.file !== undefined) {
      this.pendingRecords.push(record);
      this.scheduleFlush();
    }
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // a broken subscriber must not stop the timeline
      }
    }
    return record;
  }

  /**
   * Numbers a transient record and pushes it to subscribers without keeping it on disk (an execution that is
   * `running` or waiting: the final record of the same execution, with a higher seq, replaces it). Until then an
   * execution is listed too.
   */
  announce(input: NewTimelineRecord): TimelineRecord {
    this.lastSeq += 1;
    const record = { ...input, seq: this.lastSeq, time: input.time ?? new Date().toISOString() } as TimelineRecord;
    if (record.type === 'execution') {
      // Deleted first, so the map stays in seq order when a waiting execution is announced again as started.
      this.live.delete(record.executionId);
      this.live.set(record.executionId, record);
      if (this.live.size > MAX_LIVE) this.live.delete(this.live.keys().next().value!);
    }
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // a broken subscriber must not stop the timeline
      }
    }
    return record;
  }

  /**
   * With `afterSeq`: the oldest `limit` records after it (to page forward or catch up).
   * Without: the newest `limit` records. Always in ascending seq order.
   */
  list(opts: { afterSeq?: number | undefined; limit?: number | undefined } = {}): TimelineRecord[] {
    const recent = this.recent();
    const limit = opts.limit ?? 1000;
    const live = [...this.live.values()];
    if (opts.afterSeq === undefined) {
      const newest = recent.slice(Math.max(0, recent.length - limit));
      return live.length === 0 ? newest : mergeBySeq(newest, live).slice(-limit);
    }
    const after = opts.afterSeq;
    const start = firstAfter(recent, after);
    const page = recent.slice(start, start + limit);
    return live.length === 0 ? page : mergeBySeq(page, live.filter((r) => r.seq > after)).slice(0, limit);
  }

  /** The kept event record with this id (the newest first: a replay usually targets a recent one). */
  findEvent(eventId: string): EventRecord | undefined {
    const recent = this.recent();
    for (let i = recent.length - 1; i >= 0; i--) {
      const r = recent[i]!;
      if (r.type === 'event' && r.eventId === eventId) return r;
    }
    return undefined;
  }

  subscribe(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every record; the sequence keeps counting so clients never see a number twice. */
  async clear(): Promise<void> {
    this.records = [];
    this.pendingRecords = [];
    this.keptBytes = 0;
    if (this.file === undefined || this.metaFile === undefined) return;
    const file = this.file;
    const metaFile = this.metaFile;
    const lastSeq = this.lastSeq;
    await this.enqueue(async () => {
      await writeFile(metaFile, JSON.stringify({ lastSeq }));
      await writeFile(file, '');
      this.linesInFile = 0;
      this.fileBytes = 0;
    });
  }

  /** Writes the kept records as NDJSON (one record per line) to a file. */
  async exportTo(filePath: string): Promise<number> {
    const records = this.recent();
    const out = createWriteStream(filePath);
    for (const record of records) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    return records.length;
  }

  /** Resolves once every appended record is on disk (and the sequence, which transient records advance too). */
  async flush(): Promise<void> {
    this.flushNow();
    const metaFile = this.metaFile;
    if (metaFile !== undefined) {
      const lastSeq = this.lastSeq;
      void this.enqueue(() => writeFile(metaFile, JSON.stringify({ lastSeq })));
    }
    await this.writing;
  }

  private recent(): TimelineRecord[] {
    return this.records.length > this.max ? this.records.slice(this.records.length - this.max) : this.records;
  }

  private load(): void {
    if (this.file === undefined || this.metaFile === undefined) return;
    try {
      const meta = JSON.parse(readFileSync(this.metaFile, 'utf8')) as { lastSeq?: unknown };
      if (typeof meta.lastSeq === 'number') this.lastSeq = meta.lastSeq;
    } catch {
      // no meta yet
    }
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    const records: TimelineRecord[] = [];
    for (const line of lines) {
      if (line === '') continue;
      try {
        const record = JSON.parse(line) as TimelineRecord;
        if (typeof record.seq !== 'number') continue;
        records.push(record);
        this.sizes.set(record, line.length + 1);
      } catch {
        // a torn last line after a crash: skip it
      }
    }
    this.linesInFile = records.length;
    this.fileBytes = text.length;
    this.records = records.slice(Math.max(0, records.length - this.max));
    this.keptBytes = this.records.reduce((n, r) => n + (this.sizes.get(r) ?? 0), 0);
    this.trimToBytes();
    this.lastSeq = Math.max(this.lastSeq, records.at(-1)?.seq ?? 0);
    if (this.records.length < records.length) this.compactSync();
  }

  private compactSync(): void {
    if (this.file === undefined) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(tmp, this.file);
    this.linesInFile = this.records.length;
    this.fileBytes = this.keptBytes;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushNow());
  }

  private flushNow(): void {
    this.flushScheduled = false;
    if (this.file === undefined || this.pendingRecords.length === 0) return;
    const oldestKept = this.records[0]?.seq ?? Infinity;
    let bytes = 0;
    const lines = this.pendingRecords.map((r) => {
      const line = JSON.stringify(r);
      this.sizes.set(r, line.length + 1);
      bytes += line.length + 1;
      // One trimmed by count before it was written no longer counts.
      if (r.seq >= oldestKept) this.keptBytes += line.length + 1;
      return line;
    });
    this.pendingRecords = [];
    this.trimToBytes();
    const file = this.file;
    // Records after this batch are still pending: a compaction must not write them twice.
    const upTo = this.lastSeq;
    void this.enqueue(async () => {
      await appendFile(file, `${lines.join('\n')}\n`);
      this.linesInFile += lines.length;
      this.fileBytes += bytes;
      if (this.linesInFile > 2 * this.max || this.fileBytes > 2 * this.maxBytes) {
        const keep = this.recent().filter((r) => r.seq <= upTo);
        const tmp = `${file}.tmp`;
        const text = keep.map((r) => `${JSON.stringify(r)}\n`).join('');
        await writeFile(tmp, text);
        await rename(tmp, file);
        this.linesInFile = keep.length;
        this.fileBytes = text.length;
      }
    });
  }

  /** Forgets the oldest `n` records kept in memory. */
  private dropOldest(n: number): void {
    for (let i = 0; i < n && i < this.records.length; i++) this.keptBytes -= this.sizes.get(this.records[i]!) ?? 0;
    this.records.splice(0, n);
  }

  /** Drops the oldest records while the kept ones (as written) exceed `maxBytes`; the newest always stays. */
  private trimToBytes(): void {
    if (this.keptBytes <= this.maxBytes) return;
    let bytes = this.keptBytes;
    let n = 0;
    while (bytes > this.maxBytes && n < this.records.length - 1) bytes -= this.sizes.get(this.records[n++]!) ?? 0;
    this.dropOldest(n);
  }

  /** File writes run one after another, in order; a failed write is reported, not fatal. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(task).catch((err: unknown) => {
      console.error(`timeline: could not write ${this.file}: ${(err as Error).message}`);
    });
    return this.writing;
  }
}

/** Two lists in ascending seq order, as one. */
function mergeBySeq(a: TimelineRecord[], b: TimelineRecord[]): TimelineRecord[] {
  const out: TimelineRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function firstAfter(records: TimelineRecord[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
