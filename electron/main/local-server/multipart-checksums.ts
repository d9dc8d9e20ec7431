// Checksum rules of multipart uploads: the algorithm and type chosen at CreateMultipartUpload, parts that must use
// that algorithm, and the object checksum CompleteMultipartUpload computes (and verifies when the client sends it).
// COMPOSITE: checksum of the parts' binary checksums, suffixed -N. FULL_OBJECT (CRC32, CRC32C, CRC64NVME only): the
// CRC of the whole object, combined from the part CRCs without reading the data.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
import { CHECKSUM_ALGORITHMS, checksumHeader, compositeChecksum, isValidChecksumValue, parseChecksumAlgorithm } from './checksums.ts';
import { combineCrcs, isCombinable } from './crc-combine.ts';
import { S3Error } from './errors.ts';
import type { ChecksumAlgorithm, PartInfo, StoredChecksum, UploadInfo } from './storage/object-store.ts';

type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** x-amz-checksum-algorithm and x-amz-checksum-type of CreateMultipartUpload, validated as S3 does. */
export function uploadChecksum(h: Record<string, string>): { algorithm: ChecksumAlgorithm; type: ChecksumType } | undefined {
  const rawAlgorithm = h['x-amz-checksum-algorithm'];
  const algorithm = parseChecksumAlgorithm(rawAlgorithm);
  if (rawAlgorithm !== undefined && !algorithm) throw new S3Error('InvalidRequest', `Checksum algorithm ${rawAlgorithm} is not supported`);
  const rawType = h['x-amz-checksum-type'];
  if (rawType === undefined) {
    // CRC64NVME has no composite form; the others default to COMPOSITE.
    return algorithm ? { algorithm, type: algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE' } : undefined;
  }
  const type = rawType.toUpperCase();
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  if (!algorithm) throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  if ((type === 'FULL_OBJECT' && !isCombinable(algorithm)) || (type === 'COMPOSITE' && algorithm === 'CRC64NVME')) {
    throw new S3Error('InvalidRequest', `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  return { algorithm, type };
}

/** The checksum algorithm a request names (value header, trailer, or SDK algorithm header), if any. */
function namedAlgorithm(h: Record<string, string>): ChecksumAlgorithm | undefined {
  for (const a of CHECKSUM_ALGORITHMS) if (h[checksumHeader(a)] !== undefined) return a;
  const trailer = h['x-amz-trailer']?.trim().toLowerCase();
  if (trailer?.startsWith('x-amz-checksum-')) return parseChecksumAlgorithm(trailer.slice('x-amz-checksum-'.length));
  return parseChecksumAlgorithm(h['x-amz-sdk-checksum-algorithm']);
}

/** UploadPart with a checksum of another algorithm than the upload's is refused before its body is read. */
export function checkPartAlgorithm(upload: UploadInfo, h: Record<string, string>): void {
  const expected = upload.checksumAlgorithm;
  const named = namedAlgorithm(h);
  if (expected && named && named !== expected) {
    throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${named.toLowerCase()}`);
  }
}

/** Headers that describe the object on CompleteMultipartUpload, not its XML body (kept out of body verification). */
export function withoutObjectChecksumHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (!k.startsWith('x-amz-checksum-')) out[k] = v;
  return out;
}

/** x-amz-mp-object-size on CompleteMultipartUpload, when sent, must be the sum of the chosen parts. */
export function checkObjectSize(h: Record<string, string>, size: number): void {
  const raw = h['x-amz-mp-object-size'];
  if (raw === undefined) return;
  if (!/^-?\d+$/.test(raw.trim())) throw new S3Error('InvalidRequest', `Value for x-amz-mp-object-size header is invalid: '${raw}'`);
  const n = Number(raw);
  if (n < 0) throw new S3Error('InvalidRequest', `Value for x-amz-mp-object-size header is less than zero: '${raw}'`);
  if (n !== size) throw new S3Error('InvalidRequest', `The provided 'x-amz-mp-object-size' header value ${raw} does not match what was computed: ${size}`);
}

/**
 * The completed object's checksum. The request may repeat the upload's checksum type (it must match) and, for
 * FULL_OBJECT, carry the whole object's value, which must equal the CRC combined from the parts (else BadDigest,
 * and the upload stays open for another Complete or an Abort).
 */
export async function completedChecksum(upload: UploadInfo, h: Record<string, string>, parts: PartInfo[]): Promise<StoredChecksum | undefined> {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  const type = upload.checksumType ?? 'COMPOSITE';
  const requestedType = h['x-amz-checksum-type'];
  if (requestedType !== undefined && requestedType.toUpperCase() !== type) {
    throw new S3Error('InvalidRequest', `The upload was created using the ${type} checksum mode. The complete request must use the same checksum mode.`);
  }
  const given = CHECKSUM_ALGORITHMS.find((a) => h[checksumHeader(a)] !== undefined);
  if (given !== undefined && given !== algorithm) {
    throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${given.toLowerCase()}`);
  }
  if (!parts.every((p) => p.checksum?.algorithm === algorithm)) return undefined; // parts stored before the algorithm was enforced
  const values = parts.map((p) => p.checksum!.value);
  if (type === 'COMPOSITE') return { algorithm, value: await compositeChecksum(algorithm, values), type };
  if (!isCombinable(algorithm)) return undefined; // refused at CreateMultipartUpload; kept for type narrowing
  const value = combineCrcs(algorithm, parts.map((p) => ({ value: p.checksum!.value, size: p.size })));
  const sent = h[checksumHeader(algorithm)];
  if (sent !== undefined) {
    if (!isValidChecksumValue(algorithm, sent)) throw new S3Error('InvalidRequest', `Value for ${checksumHeader(algorithm)} header is invalid.`);
    if (sent !== value) throw new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
  }
  return { algorithm, value, type };
}
