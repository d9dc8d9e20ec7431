// The digest pool on real worker threads: digests equal Node's in-thread hashes for bodies fed in odd-sized
// chunks, concurrent jobs on a pool smaller than their number do not mix, an aborted job does not disturb the
// others, a feeder faster than the worker is held up, and a pool whose worker was terminated rejects instead of
// hanging.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestPool, type OffloadAlgorithm } from '../../../electron/main/local-server/digest-pool.ts';

const pools: DigestPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
const pool = (size: number): DigestPool => {
  const p = new DigestPool(size);
  pools.push(p);
  return p;
};

function expected(data: Buffer): Record<OffloadAlgorithm, string> {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc32(data) >>> 0);
  return {
    md5: createHash('md5').update(data).digest('hex'),
    sha1: createHash('sha1').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
    crc32: c.toString('hex'),
  };
}

function feed(job: { update(b: Buffer): void }, data: Buffer): void {
  // Chunks smaller and larger than the 1 MiB hand-off batch, like socket reads and decoder output.
  const sizes = [1, 65536, 3 * 1024 * 1024, 7, 1024 * 1024 - 3];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    job.update(data.subarray(offset, offset + n));
    offset += n;
  }
}

const hex = (d: Partial<Record<OffloadAlgorithm, Buffer>>): Record<string, string> => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toString('hex')]));

describe('DigestPool', () => {
  it('computes the same digests as in-thread hashing, for concurrent jobs sharing one worker', async () => {
    const p = pool(1);
    const bodies = [randomBytes(5 * 1024 * 1024 + 11), Buffer.alloc(0), randomBytes(1024 * 1024), randomBytes(12345)];
    const algorithms: OffloadAlgorithm[] = ['md5', 'sha1', 'sha256', 'crc32'];
    const jobs = bodies.map(() => p.start(algorithms));
    bodies.forEach((data, i) => feed(jobs[i]!, data));
    const results = await Promise.all(jobs.map((j) => j.digests()));
    results.forEach((r, i) => expect(hex(r)).toEqual(expected(bodies[i]!)));
  });

  it('an aborted job leaves the others intact, and only the requested algorithms are computed', async () => {
    const p = pool(2);
    const data = randomBytes(2 * 1024 * 1024 + 5);
    const aborted = p.start(['md5']);
    const kept = p.start(['md5', 'crc32']);
    aborted.update(data.subarray(0, 1024 * 1024 + 1));
    feed(kept, data);
    aborted.abort();
    const r = await kept.digests();
    expect(Object.keys(r).sort()).toEqual(['crc32', 'md5']);
    expect(hex(r)).toEqual({ md5: expected(data).md5, crc32: expected(data).crc32 });
    await expect(kept.digests()).rejects.toThrow(/already/);
  });

  it('asks its feeder to wait while the worker is behind, and lets it go on once the worker caught up', async () => {
    const p = pool(1);
    const job = p.start(['md5']);
    const data = randomBytes(24 * 1024 * 1024);
    let waits = 0;
    for (let offset = 0; offset < data.length; offset += 1024 * 1024) {
      job.update(data.subarray(offset, offset + 1024 * 1024));
      const behind = job.backlog();
      if (behind) {
        waits++;
        await behind;
        expect(job.backlog()).toBeUndefined();
      }
    }
    // Fed 24 MiB without yielding in between: at most a few batches may queue before the feeder is held up.
    expect(waits).toBeGreaterThan(0);
    expect((await job.digests()).md5?.toString('hex')).toBe(createHash('md5').update(data).digest('hex'));
  });

  it('a job on a worker that stopped rejects rather than hanging, and the pool starts a new worker', async () => {
    const p = pool(1);
    const job = p.start(['md5']);
    job.update(Buffer.from('x'));
    await p.close();
    await expect(job.digests()).rejects.toThrow();
    const next = p.start(['sha256']);
    next.update(Buffer.from('abc'));
    expect((await next.digests()).sha256?.toString('hex')).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});
