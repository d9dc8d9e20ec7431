// Reading request bodies: decodes aws-chunked, counts, hashes (MD5 for the ETag, SHA-256 when the signature
// covers the payload, the requested x-amz-checksum-*) and verifies everything the client declared.
// Object bodies stream to a DataSink; small XML bodies are buffered up to a limit.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './auth/aws-chunked-decoder.ts';
import type { AuthResult } from './auth/verify-request.ts';
import { CHECKSUM_ALGORITHMS, checksumHeader, createChecksummer, isValidChecksumValue, parseChecksumAlgorithm } from './checksums.ts';
import { OFFLOAD_MIN_BYTES, sharedDigestPool, type OffloadAlgorithm } from './digest-pool.ts';
import { S3Error } from './errors.ts';
import type { ChecksumAlgorithm, ObjectStore, Segment } from './storage/object-store.ts';
import { isPackSegment, SMALL_OBJECT_BYTES } from './storage/small-pack.ts';

/** Largest single PUT S3 accepts. https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

export interface BodyRequest {
  req: IncomingMessage;
  headers: Record<string, string>;
  auth: AuthResult;
}

export interface ReceivedBody {
  segment: Segment;
  md5Hex: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

interface Source {
  decoder?: AwsChunkedDecoder;
  expectedLength?: number;
}

function openSource(r: BodyRequest): Source {
  const h = r.headers;
  const payload = r.auth.payloadHash;
  const streaming = payload.startsWith('STREAMING-');
  if (streaming || /(^|,)\s*aws-chunked\s*(,|$)/.test(h['content-encoding'] ?? '')) {
    if (streaming && !['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'].includes(payload)) {
      throw new S3Error('NotImplemented', `x-amz-content-sha256 ${payload} is not supported`);
    }
    const signed = payload.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    const decoder = new AwsChunkedDecoder({
      trailer: payload.endsWith('-TRAILER') || h['x-amz-trailer'] !== undefined,
      ...(signed
        ? { signing: { signingKey: r.auth.signingKey, longDate: r.auth.longDate, scope: r.auth.scope, seedSignature: r.auth.signature } }
        : {}),
    });
    const decoded = h['x-amz-decoded-content-length'];
    const expectedLength = decoded !== undefined ? Number(decoded) : undefined;
    if (expectedLength !== undefined && (!Number.isSafeInteger(expectedLength) || expectedLength < 0)) {
      throw new S3Error('InvalidArgument', 'Invalid x-amz-decoded-content-length');
    }
    return { decoder, ...(expectedLength !== undefined ? { expectedLength } : {}) };
  }
  const length = h['content-length'];
  if (length === undefined && h['transfer-encoding'] === undefined) throw new S3Error('MissingContentLength');
  const expectedLength = length !== undefined ? Number(length) : undefined;
  return expectedLength !== undefined ? { expectedLength } : {};
}

class Tap extends Transform {
  bytes = 0;
  constructor(private readonly hashes: Updater[], private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new S3Error(this.limit === MAX_PUT_BYTES ? 'EntityTooLarge' : 'MaxMessageLengthExceeded'));
      return;
    }
    let behind: Promise<void> | undefined;
    for (const h of this.hashes) {
      h.update(chunk);
      behind ??= h.backlog?.();
    }
    if (behind) behind.then(() => done(null, chunk), done);
    else done(null, chunk);
  }
}

/** x-amz-checksum-* headers that do not carry a checksum value. */
const CHECKSUM_SETTINGS = new Set(['x-amz-checksum-type', 'x-amz-checksum-algorithm', 'x-amz-checksum-mode']);

/**
 * A checksum this server cannot verify (SHA512, MD5, XXHASH* — newer S3 algorithms — or an unknown name) is
 * refused, as CreateMultipartUpload refuses it, rather than stored unverified and never returned.
 */
function refuseUnsupportedChecksum(h: Record<string, string>): void {
  const unsupported = (name: string): S3Error => new S3Error('InvalidRequest', `Checksum algorithm ${name.toUpperCase()} is not supported`);
  for (const name of Object.keys(h)) {
    if (name.startsWith('x-amz-checksum-') && !CHECKSUM_SETTINGS.has(name) && !parseChecksumAlgorithm(name.slice('x-amz-checksum-'.length))) {
      throw unsupported(name.slice('x-amz-checksum-'.length));
    }
  }
  const trailer = h['x-amz-trailer']?.trim().toLowerCase();
  if (trailer?.startsWith('x-amz-checksum-') && !parseChecksumAlgorithm(trailer.slice('x-amz-checksum-'.length))) {
    throw unsupported(trailer.slice('x-amz-checksum-'.length));
  }
  for (const name of ['x-amz-sdk-checksum-algorithm', 'x-amz-checksum-algorithm']) {
    const v = h[name];
    if (v !== undefined && v !== '' && !parseChecksumAlgorithm(v)) throw unsupported(v);
  }
}

/** The checksum the client declared (header value, trailer name or algorithm only), if any. */
function declaredChecksum(h: Record<string, string>, forced?: ChecksumAlgorithm): { algorithm: ChecksumAlgorithm; value?: string; inTrailer: boolean } | undefined {
  refuseUnsupportedChecksum(h);
  for (const a of CHECKSUM_ALGORITHMS) {
    const v = h[checksumHeader(a)];
    if (v !== undefined) return { algorithm: a, value: v, inTrailer: false };
  }
  const trailer = h['x-amz-trailer']?.trim().toLowerCase();
  if (trailer?.startsWith('x-amz-checksum-')) {
    const a = parseChecksumAlgorithm(trailer.slice('x-amz-checksum-'.length));
    if (a) return { algorithm: a, inTrailer: true };
  }
  const a = parseChecksumAlgorithm(h['x-amz-sdk-checksum-algorithm'] ?? h['x-amz-checksum-algorithm']) ?? forced;
  return a ? { algorithm: a, inTrailer: false } : undefined;
}

function checkContentMd5(h: Record<string, string>): Buffer | undefined {
  const v = h['content-md5'];
  if (v === undefined) return undefined;
  const b = Buffer.from(v, 'base64');
  if (b.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v.trim())) throw new S3Error('InvalidDigest');
  return b;
}

/** What a body's bytes are fed to while it streams. */
interface Updater {
  update(data: Buffer): void;
  /** A promise while the updater is behind and reading should pause (off-thread hashing). */
  backlog?(): Promise<void> | undefined;
}

interface Digests {
  updaters: Updater[];
  md5: () => Promise<Buffer>;
  /** Hex, when the signature covers the payload. */
  sha256?: () => Promise<string>;
  checksum?: { algorithm: ChecksumAlgorithm; value?: string; inTrailer: boolean; digest: () => Promise<string> };
  contentMd5?: Buffer;
  /** The body ended in an error: frees off-thread hashing state. */
  abort(): void;
}

/** Checksums the digest pool computes natively; CRC32C and CRC64NVME are JavaScript and stay here. */
const OFFLOADED_CHECKSUMS: Partial<Record<ChecksumAlgorithm, OffloadAlgorithm>> = { CRC32: 'crc32', SHA1: 'sha1', SHA256: 'sha256' };

function prepareDigests(r: BodyRequest, forced?: ChecksumAlgorithm, offload = false): Digests {
  const h = r.headers;
  const contentMd5 = checkContentMd5(h);
  const declared = declaredChecksum(h, forced);
  if (declared?.value !== undefined && !isValidChecksumValue(declared.algorithm, declared.value)) {
    throw new S3Error('InvalidRequest', `Value for ${checksumHeader(declared.algorithm)} header is invalid.`);
  }
  const wantsSha = /^[0-9a-f]{64}$/i.test(r.auth.payloadHash);
  const base = { ...(contentMd5 ? { contentMd5 } : {}) };
  if (offload) {
    const offloadedChecksum = declared && OFFLOADED_CHECKSUMS[declared.algorithm];
    const algorithms = new Set<OffloadAlgorithm>(['md5']);
    if (wantsSha) algorithms.add('sha256');
    if (offloadedChecksum) algorithms.add(offloadedChecksum);
    const job = sharedDigestPool().start([...algorithms]);
    let result: ReturnType<typeof job.digests> | undefined;
    const digest = async (alg: OffloadAlgorithm): Promise<Buffer> => (await (result ??= job.digests()))[alg] as Buffer;
    const local = declared && !offloadedChecksum ? createChecksummer(declared.algorithm) : undefined;
    return {
      ...base,
      updaters: local ? [job, local] : [job],
      md5: () => digest('md5'),
      ...(wantsSha ? { sha256: async () => (await digest('sha256')).toString('hex') } : {}),
      ...(declared
        ? { checksum: { ...declared, digest: local ? () => local.digest() : async () => (await digest(offloadedChecksum!)).toString('base64') } }
        : {}),
      abort: () => job.abort(),
    };
  }
  const md5 = createHash('md5');
  const sha256 = wantsSha ? createHash('sha256') : undefined;
  const checksum = declared ? createChecksummer(declared.algorithm) : undefined;
  return {
    ...base,
    updaters: [md5, ...(sha256 ? [sha256] : []), ...(checksum ? [checksum] : [])],
    md5: async () => md5.digest(),
    ...(sha256 ? { sha256: async () => sha256.digest('hex') } : {}),
    ...(declared && checksum ? { checksum: { ...declared, digest: () => checksum.digest() } } : {}),
    abort: () => undefined,
  };
}

type Verified = Omit<ReceivedBody, 'segment'>;

async function verify(r: BodyRequest, d: Digests, src: Source, bytes: number): Promise<Verified> {
  if (src.expectedLength !== undefined && bytes !== src.expectedLength) {
    d.abort();
    throw new S3Error('IncompleteBody');
  }
  const md5 = await d.md5();
  if (d.contentMd5 && !md5.equals(d.contentMd5)) throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  if (d.sha256 && (await d.sha256()) !== r.auth.payloadHash.toLowerCase()) {
    throw new S3Error('XAmzContentSHA256Mismatch', undefined, { ClientComputedContentSHA256: r.auth.payloadHash });
  }
  let checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  if (d.checksum) {
    const actual = await d.checksum.digest();
    const name = checksumHeader(d.checksum.algorithm);
    const expected = d.checksum.inTrailer ? src.decoder?.trailers[name] : d.checksum.value;
    if (d.checksum.inTrailer && expected === undefined) throw new S3Error('InvalidRequest', `The trailer ${name} was declared but not sent.`);
    if (expected !== undefined && expected !== actual) {
      throw new S3Error('BadDigest', `The ${d.checksum.algorithm} you specified did not match the calculated checksum.`);
    }
    checksum = { algorithm: d.checksum.algorithm, value: actual };
  }
  return { md5Hex: md5.toString('hex'), ...(checksum ? { checksum } : {}) };
}

/** Map a broken client stream to S3's answer; S3 errors raised by the decoder pass through. */
function streamError(e: unknown): unknown {
  if (e instanceof S3Error) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (e as Error).message === 'aborted') {
    return new S3Error('IncompleteBody');
  }
  return e;
}

/**
 * Runs the request body through `stages`. The request itself stays out of `pipeline()`, which would destroy the
 * socket on the first error: instead it is unpiped and drained, so the client still reads S3's error answer.
 */
async function runBody(req: IncomingMessage, stages: [Transform, ...(Transform | Writable)[]]): Promise<void> {
  const first = stages[0];
  const onClose = (): void => {
    if (!req.complete) first.destroy(new S3Error('IncompleteBody'));
  };
  req.on('close', onClose);
  req.pipe(first);
  try {
    await pipeline(stages as unknown as [Transform, Writable]);
  } catch (e) {
    req.unpipe(first);
    if (!req.complete) req.resume();
    throw streamError(e);
  } finally {
    req.off('close', onClose);
  }
}

/**
 * Buffers a plain (not aws-chunked) body of at most `limit` bytes straight from the request's events. Small
 * bodies are the common case (4 KiB PUTs, XML documents), and a stream pipeline costs more CPU per request
 * (an AbortController, a DOMException on every finish, several listeners) than reading them takes.
 */
function collectPlain(req: IncomingMessage, hashes: Updater[], limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const fail = (e: S3Error): void => {
      cleanup();
      // Keep reading (and dropping) the rest so the client still gets S3's error answer on this connection.
      if (!req.complete) req.resume();
      reject(e);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > limit) return fail(new S3Error('MaxMessageLengthExceeded'));
      for (const h of hashes) h.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes));
    };
    const onError = (): void => fail(new S3Error('IncompleteBody'));
    const onClose = (): void => {
      if (!req.complete) fail(new S3Error('IncompleteBody'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    if (req.readableEnded) onEnd();
  });
}

/**
 * Streams an object body to storage. With `smallBucket`, a body whose declared length is at most
 * SMALL_OBJECT_BYTES is buffered and stored in that bucket's pack (see storage/small-pack.ts).
 */
export async function receiveObjectBody(
  r: BodyRequest,
  store: ObjectStore,
  forced?: ChecksumAlgorithm,
  smallBucket?: string,
  sync = true,
): Promise<ReceivedBody> {
  const src = openSource(r);
  if (src.expectedLength !== undefined && src.expectedLength > MAX_PUT_BYTES) throw new S3Error('EntityTooLarge');
  const small = smallBucket !== undefined && src.expectedLength !== undefined && src.expectedLength <= SMALL_OBJECT_BYTES;
  const digests = prepareDigests(r, forced, !small && (src.expectedLength ?? 0) >= OFFLOAD_MIN_BYTES);
  if (small) {
    const { data, verified } = await bufferBody(r, src, digests, SMALL_OBJECT_BYTES);
    return { segment: store.storeSmall(smallBucket, data), ...verified };
  }
  const tap = new Tap(digests.updaters, MAX_PUT_BYTES);
  const sink = await store.createData({ sync });
  try {
    await runBody(r.req, src.decoder ? [src.decoder, tap, sink.stream] : [tap, sink.stream]);
    const result = await verify(r, digests, src, tap.bytes);
    const segment = await sink.commit();
    return { segment, ...result };
  } catch (e) {
    digests.abort();
    await sink.discard();
    throw e;
  }
}

/** Buffers a small body (XML documents); larger than `limit` is MaxMessageLengthExceeded. */
export async function readSmallBody(r: BodyRequest, limit: number): Promise<Buffer> {
  const h = r.headers;
  // Bodiless requests (no length, no chunking) are empty, not MissingContentLength.
  if (h['content-length'] === undefined && h['transfer-encoding'] === undefined && !r.auth.payloadHash.startsWith('STREAMING-')) {
    return Buffer.alloc(0);
  }
  const src = openSource(r);
  if (src.expectedLength !== undefined && src.expectedLength > limit) throw new S3Error('MaxMessageLengthExceeded');
  return (await bufferBody(r, src, prepareDigests(r), limit)).data;
}

/** Buffers a body of at most `limit` bytes, plain or aws-chunked, and verifies what the client declared. */
async function bufferBody(r: BodyRequest, src: Source, digests: Digests, limit: number): Promise<{ data: Buffer; verified: Verified }> {
  if (!src.decoder) {
    const data = await collectPlain(r.req, digests.updaters, limit);
    return { data, verified: await verify(r, digests, src, data.length) };
  }
  const tap = new Tap(digests.updaters, limit);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  await runBody(r.req, [src.decoder, tap, collect]);
  return { data: Buffer.concat(chunks), verified: await verify(r, digests, src, tap.bytes) };
}

/** Gives back a received body that will not be committed. */
export async function discardBody(store: ObjectStore, bucket: string, segment: Segment): Promise<void> {
  if (isPackSegment(segment)) store.releaseSmall(bucket, segment);
  else await store.discardData([segment]);
}

/** Reads and drops a body so the connection can be reused after an early error. */
export function drain(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}
