// Decodes `Content-Encoding: aws-chunked` bodies as SDKs stream them: signed chunks
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) whose signatures chain from the request signature, and unsigned
// chunks with trailing checksums (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../errors.ts';
import { EMPTY_SHA256, hmacHex, sha256Hex, signaturesEqual } from './sigv4.ts';

export interface ChunkSigning {
  signingKey: Uint8Array;
  longDate: string;
  scope: string;
  seedSignature: string;
}

export interface ChunkedOptions {
  /** Present when chunks carry signatures. */
  signing?: ChunkSigning;
  /** Trailer headers are expected after the final chunk. */
  trailer: boolean;
}

const MAX_LINE = 4096;
const CRLF = Buffer.from('\r\n');

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private state: State = 'header';
  private line: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private chunkSignature = '';
  private chunkHash: Hash | undefined;
  private previousSignature: string;
  private trailerLines: string[] = [];
  private crlfSeen = 0;

  constructor(private readonly opts: ChunkedOptions) {
    super();
    this.previousSignature = opts.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== 'done') {
      // A final zero-length chunk with no trailer and no closing CRLF is accepted; anything else is truncated.
      if (!(this.state === 'trailer' && this.trailerLines.length === 0 && this.line.length === 0)) {
        done(new S3Error('IncompleteBody', 'The request body terminated unexpectedly'));
        return;
      }
    }
    done();
  }

  private consume(buf: Buffer): void {
    let off = 0;
    while (off < buf.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const nl = buf.indexOf(0x0a, off);
          const end = nl === -1 ? buf.length : nl + 1;
          this.line = this.line.length ? Buffer.concat([this.line, buf.subarray(off, end)]) : buf.subarray(off, end);
          off = end;
          if (this.line.length > MAX_LINE) throw new S3Error('InvalidArgument', 'Chunk header too long');
          if (nl === -1) break;
          const text = this.line.toString('latin1').replace(/\r?\n$/, '');
          this.line = Buffer.alloc(0);
          if (this.state === 'header') this.onChunkHeader(text);
          else this.onTrailerLine(text);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - off);
          const piece = buf.subarray(off, off + n);
          this.chunkHash?.update(piece);
          this.push(piece);
          this.remaining -= n;
          off += n;
          if (this.remaining === 0) {
            this.state = 'data-crlf';
            this.crlfSeen = 0;
          }
          break;
        }
        case 'data-crlf': {
          const expected = CRLF[this.crlfSeen];
          if (buf[off] !== expected) throw new S3Error('IncompleteBody', 'Chunk data does not end with CRLF');
          off++;
          if (++this.crlfSeen === 2) {
            if (this.remaining === -1) {
              this.state = 'done';
            } else {
              this.finishChunk();
              this.state = 'header';
            }
          }
          break;
        }
        case 'done':
          // Bytes after the end of the body are ignored, as S3 does.
          return;
      }
    }
  }

  private onChunkHeader(text: string): void {
    if (text === '') return; // tolerate a blank line
    const [sizeHex, ...ext] = text.split(';');
    const size = Number.parseInt(sizeHex ?? '', 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeHex ?? '') || !Number.isSafeInteger(size)) {
      throw new S3Error('InvalidArgument', 'Invalid chunk size');
    }
    this.chunkSignature = '';
    for (const e of ext) {
      const [k, v] = e.split('=');
      if (k?.trim() === 'chunk-signature') this.chunkSignature = (v ?? '').trim();
    }
    if (this.opts.signing && !this.chunkSignature) throw new S3Error('SignatureDoesNotMatch', 'Missing chunk signature');
    this.chunkHash = this.opts.signing ? createHash('sha256') : undefined;
    this.remaining = size;
    if (size === 0) {
      this.finishChunk();
      if (this.opts.trailer) {
        this.state = 'trailer';
      } else {
        this.state = 'data-crlf';
        this.crlfSeen = 0;
        this.remaining = -1; // marks the final chunk
      }
      return;
    }
    this.state = 'data';
  }

  private finishChunk(): void {
    const s = this.opts.signing;
    if (!s || !this.chunkHash) return;
    const digest = this.chunkHash.digest('hex');
    this.chunkHash = undefined;
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', s.longDate, s.scope, this.previousSignature, EMPTY_SHA256, digest].join('\n');
    const expected = hmacHex(s.signingKey, toSign);
    if (!signaturesEqual(expected, this.chunkSignature)) {
      throw new S3Error('SignatureDoesNotMatch', 'The chunk signature does not match');
    }
    this.previousSignature = expected;
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      this.verifyTrailerSignature();
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw new S3Error('MalformedXML', 'Malformed trailer');
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.trailers[name] = value;
      return;
    }
    this.trailerLines.push(`${name}:${value}`);
    this.trailers[name] = value;
  }

  private verifyTrailerSignature(): void {
    const s = this.opts.signing;
    if (!s) return;
    const provided = this.trailers['x-amz-trailer-signature'];
    if (!provided) throw new S3Error('SignatureDoesNotMatch', 'Missing trailer signature');
    const canonical = this.trailerLines.map((l) => `${l}\n`).join('');
    const toSign = ['AWS4-HMAC-SHA256-TRAILER', s.longDate, s.scope, this.previousSignature, sha256Hex(canonical)].join('\n');
    if (!signaturesEqual(hmacHex(s.signingKey, toSign), provided)) {
      throw new S3Error('SignatureDoesNotMatch', 'The trailer signature does not match');
    }
  }
}
