// crc-combine against the real CRCs of whole buffers: the combined part CRCs must equal one pass over all bytes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChecksummer } from '../../../electron/main/local-server/checksums.ts';
import { combineCrcs, type CombinableAlgorithm } from '../../../electron/main/local-server/crc-combine.ts';

async function crcOf(algorithm: CombinableAlgorithm, data: Buffer): Promise<string> {
  const c = createChecksummer(algorithm);
  c.update(data);
  return c.digest();
}

describe('combineCrcs', () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    it(`${algorithm}: parts of mixed sizes (incl. empty) combine to the CRC of their concatenation`, async () => {
      const sizes = [0, 1, 7, 8, 1000, 65_537, 3, 0, 200_000];
      const parts = sizes.map((n) => randomBytes(n));
      const values = await Promise.all(parts.map(async (p) => ({ value: await crcOf(algorithm, p), size: p.length })));
      expect(combineCrcs(algorithm, values)).toBe(await crcOf(algorithm, Buffer.concat(parts)));
    });

    it(`${algorithm}: a single part is its own CRC, and no part is the CRC of no bytes`, async () => {
      const one = randomBytes(4096);
      const v = await crcOf(algorithm, one);
      expect(combineCrcs(algorithm, [{ value: v, size: one.length }])).toBe(v);
      expect(combineCrcs(algorithm, [])).toBe(await crcOf(algorithm, Buffer.alloc(0)));
    });
  }

  it('sizes beyond 2^32 bytes: combining (A, B, C) equals combining (A, B‖C), i.e. x^(8(|B|+|C|)) = x^(8|B|)·x^(8|C|)', () => {
    const v = (byte: number): string => Buffer.alloc(8, byte).toString('base64');
    const [a, b, c] = [{ value: v(1), size: 17 }, { value: v(2), size: 2 ** 32 + 3 }, { value: v(3), size: 2 ** 32 - 1 }];
    const bc = { value: combineCrcs('CRC64NVME', [b, c]), size: b.size + c.size };
    expect(combineCrcs('CRC64NVME', [a, b, c])).toBe(combineCrcs('CRC64NVME', [a, bc]));
    // 10,000 parts of one size (5 GiB each, S3's limits) reuse one cached shift.
    const many = Array.from({ length: 10_000 }, () => ({ value: v(7), size: 5 * 1024 ** 3 }));
    expect(combineCrcs('CRC64NVME', many)).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });
});
