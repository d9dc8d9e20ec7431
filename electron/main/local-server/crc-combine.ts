// The CRC of a concatenation from the CRCs of its pieces and their lengths, for the CRCs S3 accepts as full-object
// multipart checksums (CRC32, CRC32C, CRC64NVME): S3 "linearizes" part CRCs the same way, so completing a multipart
// upload needs no pass over its data. https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
//
// Method of zlib's crc32_combine (crc32.c): for CRCs whose initial value equals their final XOR,
//   crc(A‖B) = crc(A) · x^(8·|B|) mod P  ⊕  crc(B)
// with multiplication in GF(2)[x], in the reflected bit order these CRCs use. BigInt makes one code path serve
// 32- and 64-bit widths; a completion costs one multiplication per part once x^(8·size) is cached per part size.
import type { ChecksumAlgorithm } from './storage/object-store.ts';

export type CombinableAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME';

export const isCombinable = (a: ChecksumAlgorithm): a is CombinableAlgorithm => a === 'CRC32' || a === 'CRC32C' || a === 'CRC64NVME';

/** Reflected polynomials (the bit-reversed form table-driven implementations use). */
const SPECS: Record<CombinableAlgorithm, { width: number; poly: bigint }> = {
  CRC32: { width: 32, poly: 0xedb88320n },
  CRC32C: { width: 32, poly: 0x82f63b78n },
  CRC64NVME: { width: 64, poly: 0x9a6c9329ac4bc9b5n },
};

class Combiner {
  /** x^0 in reflected order (the top bit). */
  private readonly one: bigint;
  /** x^(2^k) mod P for k = 0..63: enough for any byte length below 2^60. */
  private readonly powers: bigint[] = [];
  /** x^(8·n) mod P by byte length n (parts of one upload mostly share a size). */
  private readonly shifts = new Map<number, bigint>();

  constructor(private readonly poly: bigint, readonly width: number) {
    this.one = 1n << BigInt(width - 1);
    let p = this.one >> 1n; // x^1
    for (let k = 0; k < 64; k++) {
      this.powers.push(p);
      p = this.multiply(p, p);
    }
  }

  /** a·b mod P; `a` must not be 0 (powers of x never are). */
  private multiply(a: bigint, b: bigint): bigint {
    let m = this.one;
    let product = 0n;
    for (;;) {
      if (a & m) {
        product ^= b;
        if ((a & (m - 1n)) === 0n) break;
      }
      m >>= 1n;
      b = b & 1n ? (b >> 1n) ^ this.poly : b >> 1n;
    }
    return product;
  }

  /** x^(8·bytes) mod P by square-and-multiply over the bits of 8·bytes. */
  private shift(bytes: number): bigint {
    let s = this.shifts.get(bytes);
    if (s !== undefined) return s;
    s = this.one;
    let n = BigInt(bytes);
    let k = 3; // 8 = 2^3
    while (n > 0n) {
      if (n & 1n) s = this.multiply(this.powers[k] as bigint, s);
      n >>= 1n;
      k++;
    }
    this.shifts.set(bytes, s);
    return s;
  }

  combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
    return this.multiply(this.shift(lengthB), crcA) ^ crcB;
  }
}

const combiners = new Map<CombinableAlgorithm, Combiner>();

function combinerFor(a: CombinableAlgorithm): Combiner {
  let c = combiners.get(a);
  if (!c) {
    c = new Combiner(SPECS[a].poly, SPECS[a].width);
    combiners.set(a, c);
  }
  return c;
}

const fromBase64 = (v: string): bigint => BigInt(`0x${Buffer.from(v, 'base64').toString('hex') || '0'}`);
const toBase64 = (v: bigint, width: number): string => Buffer.from(v.toString(16).padStart(width / 4, '0'), 'hex').toString('base64');

/** The whole object's CRC (base64) from its parts' CRCs (base64, as S3 prints them) and sizes, in part order. */
export function combineCrcs(algorithm: CombinableAlgorithm, parts: readonly { value: string; size: number }[]): string {
  const c = combinerFor(algorithm);
  let crc = 0n; // the CRC of no bytes, for CRCs whose initial value equals their final XOR
  for (const p of parts) crc = c.combine(crc, fromBase64(p.value), p.size);
  return toBase64(crc, c.width);
}
