// Hashing large request bodies on a worker thread. Every byte of a PUT or UploadPart is hashed two or three
// times (MD5 for the ETag, SHA-256 when the signature covers the payload, the client's x-amz-checksum-*):
// ~25 ms of CPU per 8 MiB part. On the main thread four concurrent parts saturate it, and receiving, writing
// and answering wait behind the hashing; on a worker the main thread only copies the bytes across.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Algorithms the worker computes with Node's own native code. */
export type OffloadAlgorithm = 'md5' | 'sha1' | 'sha256' | 'crc32';

/** Bodies at least this large are worth the hand-off (a message per MiB, one copy of the bytes). */
export const OFFLOAD_MIN_BYTES = 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
/** Batch buffers kept for reuse: fresh memory costs page faults and zero-filling on every MiB. */
const SPARE_BATCHES = 16;
/** Batches one body may have queued at the worker before its reader waits (see HashJob.backlog). */
const MAX_IN_FLIGHT = 4;

// Evaluated source rather than a file next to the bundle: the same code runs from the TypeScript sources
// (tests, tsx), the electron-vite bundle and the packaged app without a separate build entry.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { crc32 } = require('node:zlib');
const jobs = new Map();
function hasher(alg) {
  if (alg !== 'crc32') return createHash(alg);
  let value = 0;
  return {
    update: (d) => { value = crc32(d, value); },
    digest: () => { const b = Buffer.alloc(4); b.writeUInt32BE(value >>> 0); return b; },
  };
}
parentPort.on('message', (m) => {
  if (m.start) jobs.set(m.id, m.start.map((alg) => [alg, hasher(alg)]));
  else if (m.data) {
    for (const [, h] of jobs.get(m.id) ?? []) h.update(new Uint8Array(m.data, 0, m.length));
    parentPort.postMessage({ id: m.id, recycle: m.data }, [m.data]);
  }
  else if (m.end) {
    const job = jobs.get(m.id) ?? [];
    jobs.delete(m.id);
    parentPort.postMessage({ id: m.id, digests: Object.fromEntries(job.map(([alg, h]) => [alg, h.digest()])) });
  } else if (m.abort) jobs.delete(m.id);
});
`;

type Digests = Partial<Record<OffloadAlgorithm, Buffer>>;

interface PoolWorker {
  worker: Worker;
  /** Jobs started on this worker and not yet finished or aborted, by id. */
  jobs: Map<number, HashJob>;
  /** Why it stopped (a crash), once it has. */
  failure?: Error;
}

/** Hashes of one body, computed on a pool worker. Feed it with update(), then await digests() once. */
export class HashJob {
  private batch: Buffer | undefined;
  private filled = 0;
  private inFlight = 0;
  private drained: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } | undefined;
  private result: { resolve: (d: Digests) => void; reject: (e: Error) => void } | undefined;
  private ended = false;

  constructor(
    private readonly id: number,
    private readonly w: PoolWorker,
    private readonly spare: ArrayBuffer[],
    algorithms: OffloadAlgorithm[],
  ) {
    w.jobs.set(id, this);
    w.worker.postMessage({ id, start: algorithms });
  }

  update(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      this.batch ??= Buffer.from(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES));
      const n = Math.min(chunk.length - offset, BATCH_BYTES - this.filled);
      // TypedArray#set is a plain memcpy; Buffer#copy costs several times more per call.
      this.batch.set(n === chunk.length ? chunk : chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === BATCH_BYTES) this.post();
    }
  }

  /**
   * Resolves once the worker has caught up to MAX_IN_FLIGHT batches (undefined when it already has). The body's
   * reader waits for it, so a client faster than the hashing is slowed down by TCP instead of queueing the body
   * in memory.
   */
  backlog(): Promise<void> | undefined {
    if (this.w.failure) return Promise.reject(this.w.failure);
    if (this.inFlight <= MAX_IN_FLIGHT) return undefined;
    if (!this.drained) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.drained = { promise, resolve, reject };
    }
    return this.drained.promise;
  }

  digests(): Promise<Digests> {
    if (this.ended) return Promise.reject(new Error('digests already taken'));
    this.ended = true;
    this.post();
    return new Promise<Digests>((resolve, reject) => {
      if (this.w.failure) return reject(this.w.failure);
      this.result = { resolve, reject };
      this.w.worker.postMessage({ id: this.id, end: true });
    });
  }

  /** The body will not be finished (an error): frees the worker's state. */
  abort(): void {
    if (this.ended) return;
    this.ended = true;
    this.w.jobs.delete(this.id);
    this.w.worker.postMessage({ id: this.id, abort: true });
  }

  /** The worker is done with one batch. */
  batchDone(): void {
    this.inFlight--;
    if (this.drained && this.inFlight <= MAX_IN_FLIGHT) {
      this.drained.resolve();
      this.drained = undefined;
    }
  }

  settle(digests: Digests | Error): void {
    this.w.jobs.delete(this.id);
    if (digests instanceof Error) {
      this.drained?.reject(digests);
      this.result?.reject(digests);
    } else this.result?.resolve(digests);
  }

  private post(): void {
    if (!this.batch || !this.filled) return;
    // The batch owns its ArrayBuffer, so it moves to the worker uncopied (and comes back as a spare).
    const data = this.batch.buffer as ArrayBuffer;
    this.w.worker.postMessage({ id: this.id, data, length: this.filled }, [data]);
    this.inFlight++;
    this.batch = undefined;
    this.filled = 0;
  }
}

export class DigestPool {
  private readonly workers: PoolWorker[] = [];
  private readonly spare: ArrayBuffer[] = [];
  private nextId = 1;

  /** One worker per core the main thread does not use, at least one. */
  constructor(private readonly size = Math.max(1, availableParallelism() - 1)) {}

  start(algorithms: OffloadAlgorithm[]): HashJob {
    return new HashJob(this.nextId++, this.pick(), this.spare, algorithms);
  }

  /** The least busy worker, starting one while the pool is not full. */
  private pick(): PoolWorker {
    const idle = this.workers.find((w) => w.jobs.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) return this.spawn();
    return this.workers.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Never keeps the process alive on its own: an idle server must still exit when asked.
    worker.unref();
    const w: PoolWorker = { worker, jobs: new Map() };
    worker.on('message', (m: { id: number; recycle: ArrayBuffer } | { id: number; digests: Record<string, Uint8Array> }) => {
      const job = w.jobs.get(m.id);
      if ('recycle' in m) {
        if (this.spare.length < SPARE_BATCHES) this.spare.push(m.recycle);
        job?.batchDone();
        return;
      }
      const out: Digests = {};
      for (const [alg, bytes] of Object.entries(m.digests)) out[alg as OffloadAlgorithm] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      job?.settle(out);
    });
    const fail = (e: Error): void => {
      if (w.failure) return;
      w.failure = e;
      const at = this.workers.indexOf(w);
      if (at >= 0) this.workers.splice(at, 1);
      for (const job of [...w.jobs.values()]) job.settle(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`digest worker exited with code ${code}`)));
    this.workers.push(w);
    return w;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }
}

let shared: DigestPool | undefined;

/** The process's pool (its workers are unref'd and start on first use), shared by every server instance. */
export function sharedDigestPool(): DigestPool {
  return (shared ??= new DigestPool());
}
